"""SHACL validation of built graphs against ``shapes/cev-shapes.ttl``.

:func:`validate` checks one dispatch's named graph and returns a
:class:`ValidationReport` whose truth is the ``sh:ValidationReport`` graph
pySHACL produces; :attr:`ValidationReport.results` are parsed from that graph and
:attr:`ValidationReport.text` is rendered from it. :func:`validate_dataset` checks
every named graph of a dataset on its own.

How it stays fast (about 50 ms for a dispatch of 500 triples, see the tests):

- the shapes are parsed once per process (per file and modification time);
- the builder types nodes with their most specific class only, so the
  ``rdfs:subClassOf`` axioms carried by the shapes file are added to a private
  copy of the data graph (never to the caller's graph) before validating;
- pySHACL runs a SHACL-SPARQL constraint by handing the query *text* to
  ``Graph.query``, which rdflib parses again on every call (tens of
  milliseconds each); the private copy is a :class:`rdflib.Graph` subclass
  that keeps the prepared queries, so each is parsed once per process.

Validation is read-only for the caller's graph and deterministic: the same
graph gives the same results in the same order.

>>> from rdflib import Graph
>>> report = validate(Graph())
>>> report.conforms, len(report.results)
(True, 0)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyshacl
from pyshacl import errors as pyshacl_errors
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, SH, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kg import resources
from kg.errors import ShapeLoadError, ValidationFailed
from kg.rdf.namespace import CEV, PREFIXES

__all__ = [
    "CEVSH",
    "Inference",
    "Severity",
    "ValidationReport",
    "Violation",
    "render_report",
    "validate",
    "validate_dataset",
]

log = logging.getLogger(__name__)

CEVSH = Namespace("https://w3id.org/depeche/shapes#")
"""The namespace of the shapes in ``shapes/cev-shapes.ttl``."""

_SHACL_SPEC = "https://www.w3.org/TR/shacl/"
_Triple = tuple[Node, Node, Node]
_MAX_LISTED = 5  # violations spelled out in a ValidationFailed message


class Inference(Enum):
    """Entailment applied to (a copy of) the data graph before validating.

    ``NONE`` checks the graph as built, with only the class hierarchy added so that
    subclass instances are targeted. ``RDFS`` also mixes in the whole ontology
    (``ontology/cev.ttl``) and computes the RDFS closure: types then follow from
    ``rdfs:domain`` / ``rdfs:range`` (a ``cev:quote`` makes its subject a
    ``cev:Statement``), which suits graphs from other producers but takes seconds rather than milliseconds.
    """

    NONE = "none"
    RDFS = "rdfs"


class Severity(Enum):
    """``sh:resultSeverity`` of a validation result."""

    VIOLATION = SH.Violation
    WARNING = SH.Warning
    INFO = SH.Info

    @property
    def label(self) -> str:
        """The local name, e.g. ``"Violation"``."""
        return str(self.value).rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Violation:
    """One ``sh:ValidationResult`` of a report.

    Attributes:
        focus_node: the node that fails (``sh:focusNode``).
        path: the property checked (``sh:resultPath``), None for node-level rules.
        value: the offending value (``sh:value``), if any.
        severity: ``sh:resultSeverity``.
        source_shape: the shape whose rule failed (``sh:sourceShape``), e.g.
            ``cevsh:EventStatusShape``.
        message: ``sh:resultMessage`` (the shape's ``sh:message``), which says which rule failed.
        component: the constraint component (``sh:sourceConstraintComponent``), e.g.
            ``sh:MinCountConstraintComponent``.
    """

    focus_node: Node
    path: Node | None
    value: Node | None
    severity: Severity
    source_shape: Node
    message: str
    component: URIRef | None = None

    def describe(self, graph: Graph | None = None) -> str:
        """One line: focus node, path, rule (shape) and message, with prefixed names.

        Args:
            graph: whose prefixes to use (the report graph), or None for depeche's.
        """
        n = _namer(graph)
        where = n(self.focus_node)
        if self.path is not None:
            where += f" {n(self.path)}"
        if self.value is not None and self.value != self.focus_node:
            where += f" = {n(self.value)}"
        return f"{where}: {self.message} [{n(self.source_shape)}]"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a graph; the RDF report graph is the source of truth.

    Attributes:
        conforms: ``sh:conforms`` of the report.
        graph: the ``sh:ValidationReport`` graph.
        results: every result of the report, parsed and sorted (severity, focus node, shape).
        where: name of the validated graph (the dispatch IRI), when it has one.
    """

    conforms: bool
    graph: Graph
    results: tuple[Violation, ...]
    where: str | None = None

    @property
    def violations(self) -> tuple[Violation, ...]:
        """The results of severity ``sh:Violation`` only."""
        return tuple(r for r in self.results if r.severity is Severity.VIOLATION)

    @property
    def text(self) -> str:
        """A human-readable report, rendered from :attr:`graph` (not from :attr:`results`)."""
        return render_report(self.graph, where=self.where)

    def raise_for_violations(self, *, where: str | None = None) -> None:
        """Raise :class:`~kg.errors.ValidationFailed` unless the graph conforms.

        The message names the dispatch, then for each failing rule (the first
        five) the focus node, the path, the shape and its message.

        Args:
            where: what was validated, e.g. the dispatch's source name (default: the graph name).

        Raises:
            ValidationFailed: if :attr:`conforms` is False.
        """
        if self.conforms:
            return
        listed = self.results[:_MAX_LISTED]
        lines = "; ".join(r.describe(self.graph) for r in listed)
        more = len(self.results) - len(listed)
        if more:
            lines += f"; and {more} more"
        count = len(self.results)
        raise ValidationFailed(
            f"{count} SHACL result{'s' if count != 1 else ''}: {lines}",
            where=where or self.where or "graph",
            hint="ValidationReport.text has the full report",
        )


# --- shapes -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shapes:
    graph: Graph
    hierarchy: tuple[_Triple, ...]  # rdfs:subClassOf axioms carried by the shapes
    source: str  # where the shapes come from, for error messages
    # the shapes graph without the SHACL-SPARQL constraints that _sparql_rules_hold checks in Python
    # (None when the shapes carry none of them), and which of those rules it checks
    without_prechecked: Graph | None = None
    prechecked: frozenset[str] = frozenset()


# SHACL-SPARQL constraints of shapes/cev-shapes.ttl whose rule is also checked in Python, keyed by
# their query text with whitespace normalised. When the Python check finds that a graph cannot give
# any result for them, pySHACL runs without them (the SPARQL evaluation is most of the validation
# time); otherwise it runs them all, so the report is always the one the full shapes give. A shape
# whose query differs (an edited shapes file) is simply run by pySHACL.
_PRECHECKED_QUERIES = {
    " ".join(text.split()): rule
    for rule, text in {
        "evidence-within-body": """
            SELECT DISTINCT $this ?value ?start ?end ?length
            WHERE {
                $this cev:bodyText ?body .
                BIND (STRLEN(?body) AS ?length)
                ?item prov:wasDerivedFrom $this ;
                      cev:evidence ?value .
                ?value cev:end ?end ;
                       cev:start ?start .
                FILTER (?end > ?length)
            }
            """,
        "evidence-text-matches-body": """
            SELECT DISTINCT $this ?value ?start ?end
            WHERE {
                $this cev:bodyText ?body .
                BIND (STRLEN(?body) AS ?length)
                ?item prov:wasDerivedFrom $this ;
                      cev:evidence ?value .
                ?value cev:start ?start ;
                       cev:end ?end ;
                       cev:text ?text .
                FILTER (?start >= 0 && ?start < ?end && ?end <= ?length
                        && STR(?text) != SUBSTR(?body, ?start + 1, ?end - ?start))
            }
            """,
        "class-hierarchy": """
            SELECT $this
            WHERE {
                $this a cev:Dispatch .
                FILTER NOT EXISTS {
                    cev:Veto rdfs:subClassOf cev:Rejection .
                    cev:Rejection rdfs:subClassOf cev:Event .
                    cev:State rdfs:subClassOf cev:Actor .
                    cev:City rdfs:subClassOf cev:Place .
                }
            }
            """,
    }.items()
}
_SHAPE_KEYS = frozenset({RDF.type, SH.targetClass, SH.sparql})
_SPARQL_KEYS = frozenset({RDF.type, SH.prefixes, SH.message, SH.select})


def _prechecked_rule(graph: Graph, shape: Node) -> str | None:
    """The rule of a shape that is exactly one known SHACL-SPARQL constraint, else None."""
    if not isinstance(shape, URIRef) or set(graph.predicates(shape)) - _SHAPE_KEYS:
        return None
    constraints = list(graph.objects(shape, SH.sparql))
    if len(constraints) != 1 or not isinstance(constraints[0], BNode):
        return None
    c = constraints[0]
    selects = list(graph.objects(c, SH.select))
    if set(graph.predicates(c)) - _SPARQL_KEYS or len(selects) != 1 or not isinstance(selects[0], Literal):
        return None
    if len(set(graph.subjects(None, c))) != 1:
        return None  # the constraint node is shared with another shape
    return _PRECHECKED_QUERIES.get(" ".join(str(selects[0]).split()))


def _without_prechecked(graph: Graph) -> tuple[Graph | None, frozenset[str]]:
    rules: dict[Node, str] = {}
    for shape in set(graph.subjects(SH.sparql, None)):
        rule = _prechecked_rule(graph, shape)
        if rule is not None:
            rules[shape] = rule
    if not rules:
        return None, frozenset()
    drop: set[Node] = set()
    for shape in rules:
        drop.add(shape)
        drop.update(graph.objects(shape, SH.sparql))
    reduced = Graph(bind_namespaces="none")
    for prefix, ns in graph.namespaces():
        reduced.bind(prefix, ns)
    reduced.addN((s, p, o, reduced) for s, p, o in graph if s not in drop)
    return reduced, frozenset(rules.values())


def _int_value(node: Node) -> int | None:
    if isinstance(node, Literal) and node.datatype == XSD.integer and type(node.value) is int:
        return node.value
    return None


_HIERARCHY_PROBE = tuple(
    (CEV[a], RDFS.subClassOf, CEV[b])
    for a, b in (("Veto", "Rejection"), ("Rejection", "Event"), ("State", "Actor"), ("City", "Place"))
)


def _sparql_rules_hold(data: Graph, rules: frozenset[str]) -> bool:
    """True if the pre-checked SHACL-SPARQL constraints certainly give no result on ``data``.

    False means "not sure" (a violation, or a value this check does not model, such as a typed
    body or an ill-typed offset): the caller then lets pySHACL run the constraints themselves.
    """
    if "class-hierarchy" in rules and not all(t in data for t in _HIERARCHY_PROBE):
        return False
    within = "evidence-within-body" in rules
    text_rule = "evidence-text-matches-body" in rules
    if not (within or text_rule):
        return True
    for this, body in data.subject_objects(CEV.bodyText):
        if not isinstance(body, Literal) or body.datatype is not None or body.language is not None:
            return False  # SUBSTR / STRLEN typing not modelled here
        text = str(body)
        length = len(text)
        for item in data.subjects(PROV.wasDerivedFrom, this):
            for value in data.objects(item, CEV.evidence):
                ends = [_int_value(e) for e in data.objects(value, CEV.end)]
                if any(e is None or (within and e > length) for e in ends):
                    return False
                if not text_rule:
                    continue
                starts = [_int_value(s) for s in data.objects(value, CEV.start)]
                if not starts:
                    continue
                if any(s is None for s in starts):
                    return False
                spans = [(s, e) for s in starts for e in ends if 0 <= s < e <= length]
                if not spans:
                    continue
                for t in data.objects(value, CEV.text):
                    if not isinstance(t, Literal):
                        return False
                    if any(str(t) != text[s:e] for s, e in spans):
                        return False
    return True


def _make_shapes(graph: Graph, *, where: str) -> _Shapes:
    # before pySHACL adds its own system triples (owl:Class rdfs:subClassOf rdfs:Class) to the graph
    hierarchy = tuple(sorted(graph.triples((None, RDFS.subClassOf, None))))
    try:
        count = len(pyshacl.ShapesGraph(graph).shapes)
    except (pyshacl_errors.ShapeLoadError, pyshacl_errors.ConstraintLoadError,
            pyshacl_errors.ReportableRuntimeError) as e:
        raise ShapeLoadError(f"malformed SHACL shapes: {_pyshacl_message(e)}", where=where,
                             hint=f"see {_SHACL_SPEC}") from e
    if count == 0:
        raise ShapeLoadError("no SHACL shapes found", where=where,
                             hint="give a Turtle file declaring sh:NodeShape or sh:PropertyShape nodes")
    without, prechecked = _without_prechecked(graph)
    log.debug("loaded %d shapes and %d subclass axioms from %s (%d SPARQL rules pre-checked)", count,
              len(hierarchy), where, len(prechecked))
    return _Shapes(graph, hierarchy, where, without, prechecked)


@lru_cache(maxsize=8)
def _load_shapes_file(path: Path, stamp: tuple[int, int]) -> _Shapes:
    """Parse a shapes file; cached on (path, (mtime, size)) so an edited file is reloaded."""
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except OSError as e:
        raise ShapeLoadError(f"cannot read the shapes file: {e}", where=str(path)) from e
    except Exception as e:  # rdflib's parsers raise many exception types
        raise ShapeLoadError(f"cannot parse the shapes file: {e}", where=str(path),
                             hint="it must be Turtle") from e
    return _make_shapes(g, where=str(path))


def _shapes_from(shapes: Graph | Path | None) -> _Shapes:
    if isinstance(shapes, Graph):  # copied: pySHACL adds triples to the shapes graph it is given
        copy = Graph(bind_namespaces="none")
        for prefix, ns in shapes.namespaces():
            copy.bind(prefix, ns)
        copy.addN((s, p, o, copy) for s, p, o in shapes)
        return _make_shapes(copy, where=f"shapes graph {shapes.identifier}")
    path = resources.shapes_path() if shapes is None else Path(shapes)
    try:
        st = path.stat()
    except OSError as e:
        raise ShapeLoadError(f"cannot read the shapes file: {e}", where=str(path)) from e
    return _load_shapes_file(path.resolve(), (st.st_mtime_ns, st.st_size))


@cache
def _ontology() -> tuple[_Triple, ...]:
    from kg.rdf.ontology import ontology_graph

    return tuple(ontology_graph())


# --- the data graph -----------------------------------------------------------------


# Graph.query's parameters after query_object, in order (rdflib 7).
_QUERY_ARGS = ("processor", "result", "initNs", "initBindings", "use_store_provided")


@lru_cache(maxsize=256)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...]) -> Query:
    return prepareQuery(text, initNs=dict(namespaces))


class _PreparedQueryGraph(Graph):
    """A private graph whose ``query`` keeps prepared forms of query strings.

    pySHACL passes SHACL-SPARQL constraints to ``Graph.query`` as text on every
    focus node and rdflib re-parses the text each time, which dominates validation
    time. Preparing once per (text, prefixes) gives the same results.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Result:
        if isinstance(query_object, str):
            kwargs.update(zip(_QUERY_ARGS, args, strict=False))  # pySHACL passes them positionally
            args = ()
            init_ns = kwargs.pop("initNs", None) or dict(self.namespaces())
            namespaces = tuple(sorted((str(p), str(n)) for p, n in init_ns.items()))
            query_object = _prepared(query_object, namespaces)
        return super().query(query_object, *args, **kwargs)


def _working_copy(triples: Iterable[_Triple], *extra: Iterable[_Triple]) -> Graph:
    g = _PreparedQueryGraph(bind_namespaces="core")
    g.addN((s, p, o, g) for s, p, o in triples)
    for more in extra:
        g.addN((s, p, o, g) for s, p, o in more)
    return g


def _triples_of(graph: Graph) -> Iterable[_Triple]:
    if isinstance(graph, Dataset):  # a dataset given to validate(): check the union of its graphs
        return ((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None)))
    return graph.triples((None, None, None))


# --- validation ---------------------------------------------------------------------


def validate(
    graph: Graph,
    *,
    shapes: Graph | Path | None = None,
    inference: Inference = Inference.NONE,
    allow_warnings: bool = False,
) -> ValidationReport:
    """Validate one graph (a dispatch's named graph) against the SHACL shapes.

    The caller's graph is not modified: the class hierarchy (and with
    ``Inference.RDFS`` the ontology and its entailments) is added to a copy.

    Args:
        graph: the data graph, e.g. from :func:`kg.rdf.builder.build_graph`. A
            ``Dataset`` is validated as the union of its graphs (see
            :func:`validate_dataset` to check each on its own).
        shapes: a shapes graph, or the path of a Turtle shapes file; default
            ``shapes/cev-shapes.ttl`` (loaded once per process).
        inference: entailment applied to the copy before validating.
        allow_warnings: results of severity ``sh:Warning`` or ``sh:Info`` do not
            make the graph non-conforming.

    Returns:
        The report; ``report.raise_for_violations()`` turns it into an error.

    Raises:
        ShapeLoadError: the shapes file cannot be read or parsed, or its shapes are malformed.

    >>> from rdflib import Graph, Literal, RDF
    >>> from kg.rdf.namespace import CEV, ID
    >>> g = Graph(identifier=ID["dispatch/vide-txt"])
    >>> _ = g.add((g.identifier, RDF.type, CEV.Dispatch))
    >>> report = validate(g)
    >>> report.conforms
    False
    >>> sorted({r.source_shape.fragment for r in report.results})
    ['DispatchDateShape', 'DispatchLanguageShape', 'DispatchSourceNameShape']
    """
    t0 = time.perf_counter()
    loaded = _shapes_from(shapes)
    if inference is Inference.RDFS:
        data = _working_copy(_triples_of(graph), loaded.hierarchy, _ontology())
    else:
        data = _working_copy(_triples_of(graph), loaded.hierarchy)
    shacl_graph = loaded.graph
    if (inference is Inference.NONE and loaded.without_prechecked is not None
            and _sparql_rules_hold(data, loaded.prechecked)):
        shacl_graph = loaded.without_prechecked
    named = not isinstance(graph, Dataset) and isinstance(graph.identifier, URIRef)
    where = str(graph.identifier) if named else None
    try:
        conforms, report_graph, _text = pyshacl.validate(
            data,
            shacl_graph=shacl_graph,
            inference=inference.value,
            inplace=True,  # data is our private copy
            allow_warnings=allow_warnings,
        )
    except (pyshacl_errors.ShapeLoadError, pyshacl_errors.ConstraintLoadError,
            pyshacl_errors.ReportableRuntimeError) as e:
        what = where or "a graph"
        raise ShapeLoadError(f"malformed SHACL shapes (validating {what}): {_pyshacl_message(e)}",
                             where=loaded.source, hint=f"see {_SHACL_SPEC}") from e
    if not isinstance(report_graph, Graph):  # pySHACL returns a ValidationFailure instead of a report
        raise ShapeLoadError(f"SHACL validation of {where or 'a graph'} could not run: {report_graph}",
                             where=loaded.source,
                             hint="a SHACL-SPARQL constraint of the shapes is probably not allowed")
    for prefix, ns in (*PREFIXES.items(), ("cevsh", str(CEVSH))):
        report_graph.bind(prefix, ns, override=False)
    report = ValidationReport(bool(conforms), report_graph, _parse_results(report_graph), where)
    log.debug("validated %s (%d triples): %s in %.1f ms", where or "graph", len(data),
              "conforms" if report.conforms else f"{len(report.results)} results",
              (time.perf_counter() - t0) * 1000)
    return report


def validate_dataset(
    dataset: Dataset,
    *,
    shapes: Graph | Path | None = None,
    inference: Inference = Inference.NONE,
    allow_warnings: bool = False,
) -> dict[str, ValidationReport]:
    """Validate each named graph of a dataset on its own (one dispatch per graph).

    The default graph is validated too when it holds triples; empty graphs and
    the ontology graph ``<https://w3id.org/depeche/cev>`` (stored beside the
    dispatches by ``kg build``) are skipped.

    Args:
        dataset: e.g. a TriG file written by ``kg build`` parsed into a ``Dataset``.
        shapes: as for :func:`validate`.
        inference: as for :func:`validate`.
        allow_warnings: as for :func:`validate`.

    Returns:
        The reports keyed by graph name (IRI string), in sorted order.
    """
    from kg.rdf.ontology import ONTOLOGY_GRAPH

    graphs = sorted(
        ((str(g.identifier), g) for g in dataset.graphs() if len(g) and g.identifier != ONTOLOGY_GRAPH),
        key=lambda item: item[0],
    )
    reports: dict[str, ValidationReport] = {}
    for name, g in graphs:
        report = validate(g, shapes=shapes, inference=inference, allow_warnings=allow_warnings)
        if g.identifier == DATASET_DEFAULT_GRAPH_ID:
            report = ValidationReport(report.conforms, report.graph, report.results, None)
        reports[name] = report
    return reports


# --- reading and rendering the report graph -------------------------------------------


def _first(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    # sorted by N-Triples form so that a (malformed) multi-valued field reads the same every time
    return min(graph.objects(subject, predicate), key=lambda n: n.n3(), default=None)


def _message(graph: Graph, result: Node) -> str:
    messages = sorted(graph.objects(result, SH.resultMessage), key=lambda n: n.n3())
    for lang in ("en", None):
        for m in messages:
            if isinstance(m, Literal) and m.language == lang:
                return str(m)
    return str(messages[0]) if messages else "(no message)"


def _parse_results(graph: Graph) -> tuple[Violation, ...]:
    out: list[Violation] = []
    for report in graph.subjects(RDF.type, SH.ValidationReport):
        for r in graph.objects(report, SH.result):
            severity_node = _first(graph, r, SH.resultSeverity)
            try:
                severity = Severity(severity_node)
            except ValueError:
                severity = Severity.VIOLATION
            component = _first(graph, r, SH.sourceConstraintComponent)
            out.append(Violation(
                focus_node=_first(graph, r, SH.focusNode) or BNode(),
                path=_first(graph, r, SH.resultPath),
                value=_first(graph, r, SH.value),
                severity=severity,
                source_shape=_first(graph, r, SH.sourceShape) or BNode(),
                message=_message(graph, r),
                component=component if isinstance(component, URIRef) else None,
            ))
    order = {s: i for i, s in enumerate(Severity)}
    out.sort(key=lambda v: (order[v.severity], str(v.focus_node), str(v.source_shape), str(v.path),
                            str(v.value), v.message))
    return tuple(out)


def _namer(graph: Graph | None) -> Callable[[Node], str]:
    nm = graph.namespace_manager if graph is not None else _default_namespaces().namespace_manager

    def name(node: Node) -> str:
        if isinstance(node, URIRef):
            try:
                return nm.normalizeUri(node)
            except Exception:  # rdflib may fail on IRIs it cannot split
                return f"<{node}>"
        if isinstance(node, Literal):
            return node.n3(nm)
        return f"_:{node}" if isinstance(node, BNode) else str(node)

    return name


@cache
def _default_namespaces() -> Graph:
    g = Graph(bind_namespaces="core")
    for prefix, ns in (*PREFIXES.items(), ("cevsh", str(CEVSH))):
        g.bind(prefix, ns, override=True)
    return g


def render_report(graph: Graph, *, where: str | None = None) -> str:
    """Render an ``sh:ValidationReport`` graph as text, one block per result.

    Args:
        graph: the report graph.
        where: the name of the validated graph, for the heading.
    """
    name = _namer(graph)
    conforms = any(
        bool(c.toPython()) for c in graph.objects(None, SH.conforms) if isinstance(c, Literal)
    )
    results = _parse_results(graph)
    head = f"Validation report for {where}" if where else "Validation report"
    n = len(results)
    lines = [f"{head}: {'conforms' if conforms else 'does not conform'} ({n} result{'s' if n != 1 else ''})"]
    for r in results:
        lines.append(f"- {r.severity.label}: {r.message}")
        lines.append(f"    shape: {name(r.source_shape)}")
        if r.component is not None:
            lines.append(f"    constraint: {name(r.component)}")
        lines.append(f"    focus node: {name(r.focus_node)}")
        if r.path is not None:
            lines.append(f"    path: {name(r.path)}")
        if r.value is not None:
            lines.append(f"    value: {name(r.value)}")
    return "\n".join(lines)


def _pyshacl_message(e: Exception) -> str:
    msg = getattr(e, "message", None) or str(e)
    return " ".join(str(msg).split())
