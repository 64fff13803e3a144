"""Named SPARQL queries: load them from ``queries/``, bind parameters safely, render results.

A query file starts with a comment header::

    # title: Vetoes by state
    # description: Which states vetoed which resolutions, and when.
    # param: state iri -- restrict to one vetoing state (e.g. https://w3id.org/depeche/id/entity/Q159)
    # example: kg query vetoes --param state=https://w3id.org/depeche/id/entity/Q159

Parameters are bound as SPARQL variables of the same name (``?state``): each
value is first parsed into an RDF term of the declared type (an IRI is
validated, a string becomes an escaped literal), and the terms are joined to
the query's outer ``WHERE`` group as a ``VALUES`` block, the way rdflib's
``initBindings`` works. Raw user text is never spliced into SPARQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import resources
from kg.errors import QueryError
from kg.rdf.iri import check_iri

_XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "date", "integer", "decimal", "lang-string")
_HEADER = re.compile(r"^#\s*(title|description|param|example|returns|output):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+([\w-]+)(?:\s+(required))?(?:\s+default=(\S+))?(?:\s+--\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    """A declared query parameter: ``# param: NAME TYPE [required] [default=V] -- text``."""

    name: str
    type: str
    default: str | None = None
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its header: what it answers and which parameters it takes."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    example: str = ""
    returns: str = ""
    output: str = ""
    portable: str | None = None

    @property
    def portable_text(self) -> str:
        """The text for any SPARQL 1.1 store: the portable form when the query has one."""
        return self.portable if self.portable is not None else self.text


def parse_query(text: str, *, name: str) -> NamedQuery:
    """Read the comment header of a query."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    output: list[str] = []
    key = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            # a continuation line ("#   more text") belongs to the field above it
            if key == "output":
                output.append(line[1:].rstrip()[2:] if line.startswith("#  ") else line[1:].strip())
            elif key in ("title", "description", "example", "returns") and line[1:].strip():
                fields[key] = (fields.get(key, "") + " " + line[1:].strip()).strip()
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise QueryError(f"bad param line {value!r}", where=f"{name}.rq",
                                 hint="'# param: NAME TYPE [required] [default=V] -- text', "
                                 f"TYPE in {PARAM_TYPES}")
            params.append(Param(pm.group(1), pm.group(2), pm.group(4), pm.group(5) or "", bool(pm.group(3))))
        elif key == "output":
            if value:
                output.append(value)
        else:
            fields[key] = (fields.get(key, "") + " " + value).strip()
    return NamedQuery(name=name, text=text, title=fields.get("title", ""),
                      description=fields.get("description", ""), params=tuple(params),
                      example=fields.get("example", ""), returns=fields.get("returns", ""),
                      output="\n".join(output).rstrip())


def load_query(name: str) -> NamedQuery:
    """A packaged query by name (``kg query --list`` shows them)."""
    if name not in resources.query_names():
        raise QueryError(f"no query named {name!r}",
                         hint=f"available: {', '.join(resources.query_names())}")
    q = parse_query(resources.query_path(name).read_text(encoding="utf-8"), name=name)
    portable = resources.portable_query_path(name)
    if portable is not None:
        q = replace(q, portable=portable.read_text(encoding="utf-8"))
    return q


def load_query_file(path: Path) -> NamedQuery:
    """An ad-hoc query from a ``.rq`` file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"cannot read query: {e}", where=str(path)) from e
    return parse_query(text, name=path.stem)


def to_term(value: str, kind: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term of the declared type (validated)."""
    try:
        if kind == "iri":
            return ox.NamedNode(str(check_iri(value)))
        if kind == "date":
            return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(_XSD + "date"))
        if kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if kind == "decimal":
            return ox.Literal(str(Decimal(value)), datatype=ox.NamedNode(_XSD + "decimal"))
        if kind == "lang-string":
            text, _, lang = value.rpartition("@")
            return ox.Literal(text, language=lang) if text else ox.Literal(value)
        return ox.Literal(value)
    except (ValueError, InvalidOperation, Exception) as e:
        raise QueryError(f"value {value!r} is not a valid {kind}: {e}") from e


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\bVALUES\s+\?([A-Za-z_][A-Za-z0-9_]*)\s*\{\s*UNDEF\s*\}", re.IGNORECASE)
_SERVICE_GROUP = re.compile(
    r"\bSERVICE\s+(?:SILENT\s+)?(?:<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*)\s*\{", re.IGNORECASE
)


def bind(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with ``terms`` bound to its variables.

    The terms are joined to the outer ``WHERE`` group as a ``VALUES`` block, and also replace every
    placeholder ``VALUES ?name { UNDEF }`` the query holds and open every ``SERVICE`` group.

    >>> bind("SELECT * WHERE { { VALUES ?x { UNDEF } ?x ?p ?o } }", {"x": ox.NamedNode("http://a/")})
    'SELECT * WHERE { VALUES (?x) { (<http://a/>) } { VALUES ?x { <http://a/> } ?x ?p ?o } }'
    """
    if not terms:
        return text
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    m = _WHERE.search(body)
    if m is None:
        raise QueryError("a query with parameters needs an explicit WHERE { … }")
    names = sorted(terms)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r}")
    values = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(terms[n]) for n in names)}) }}"
    # A query may say where else a parameter is bound, with a placeholder ``VALUES ?name { UNDEF }``
    # (valid SPARQL that binds nothing): in a subquery or a UNION branch the planner can then start
    # from the value instead of joining it in afterwards.
    body = _PLACEHOLDER.sub(lambda p: f"VALUES ?{p.group(1)} {{ {terms[p.group(1)]} }}"
                            if p.group(1) in terms else p.group(0), body)
    m = _WHERE.search(body)
    assert m is not None
    # Bind the same terms inside each SERVICE group too: a federated engine sends the SERVICE pattern
    # alone, so without them the remote endpoint would be asked about every item it holds.
    cuts = [m.end()] + [s.end() for s in _SERVICE_GROUP.finditer(body) if s.start() > m.end()]
    out, last = [], 0
    for cut in cuts:
        out += [body[last:cut], values]
        last = cut
    return "".join(out) + body[last:]


def bindings(query: NamedQuery, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Substitutions for the given ``--param`` values and the declared defaults."""
    declared = {p.name: p for p in query.params}
    unknown = set(values) - set(declared)
    if unknown:
        raise QueryError(f"unknown parameter(s) {', '.join(sorted(unknown))}", where=query.name,
                         hint=f"this query takes: {', '.join(declared) or 'no parameters'}")
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in query.params:
        raw = values.get(p.name, p.default)
        if raw is not None and raw != "":
            out[p.name] = to_term(raw, p.type)
        elif p.required:
            raise QueryError(f"parameter {p.name!r} is required", where=query.name,
                             hint=f"--param {p.name}=VALUE ({p.type}): {p.description}")
    return out


_Term = dict[str, str]
_KINDS: dict[str, str] = {}  # one string object per kind: a table pickles small (kg serve's workers)


def _kind(kind: str) -> str:
    return _KINDS.setdefault(kind, kind)


@dataclass(frozen=True)
class Table:
    """SELECT results: plain strings (None for unbound), and what kind of RDF term each cell is.

    ``kinds`` holds, per cell, ``"uri"``, ``"bnode"``, ``"@"`` and the language of a
    language-tagged literal, ``""`` for a plain string, another literal's datatype IRI, or None
    when unbound; :attr:`terms` gives the SPARQL 1.1 JSON form of every cell from it.
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    kinds: tuple[tuple[str | None, ...], ...] = ()

    @classmethod
    def from_json(cls, variables: tuple[str, ...], cells: list[tuple[_Term | None, ...]]) -> Table:
        """A table from SPARQL 1.1 JSON cells (standard ``type`` values), one tuple per row."""
        rows = tuple(tuple(None if c is None else c["value"] for c in row) for row in cells)
        return cls(variables, rows, tuple(tuple(_json_kind(c) for c in row) for row in cells))

    @cached_property
    def terms(self) -> tuple[tuple[_Term | None, ...], ...]:
        """The SPARQL 1.1 JSON form of each cell (``type``, ``value``, ``xml:lang`` or ``datatype``)."""
        return tuple(tuple(_term(value, kind) for value, kind in zip(row, kinds, strict=True))
                     for row, kinds in zip(self.rows, self.kinds, strict=True))


def _term(value: str | None, kind: str | None) -> _Term | None:
    if value is None or kind is None:
        return None
    if kind in ("uri", "bnode"):
        return {"type": kind, "value": value}
    if kind.startswith("@"):
        return {"type": "literal", "value": value, "xml:lang": kind[1:]}
    if kind:
        return {"type": "literal", "value": value, "datatype": kind}
    return {"type": "literal", "value": value}


def _literal_kind(language: str | None, datatype: str) -> str:
    if language:
        return _kind("@" + language)
    return _kind("" if datatype == _XSD + "string" else datatype)


def _json_kind(cell: _Term | None) -> str | None:
    if cell is None:
        return None
    if cell["type"] in ("uri", "bnode"):
        return _kind(cell["type"])
    return _literal_kind(cell.get("xml:lang"), cell.get("datatype", ""))


def _ox_kind(term: Any) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return "uri"
    if isinstance(term, ox.BlankNode):
        return "bnode"
    return _literal_kind(term.language, term.datatype.value)


def to_table(results: Any) -> Table:
    """Collect pyoxigraph SELECT solutions."""
    table, _ = collect(results)
    return table


def render(table: Table, fmt: str) -> str:
    """Render a table as ``table`` (aligned text), ``csv``, ``tsv`` or ``json`` (SPARQL 1.1 JSON results)."""
    if fmt == "json":
        return json.dumps({
            "head": {"vars": list(table.variables)},
            "results": {"bindings": [
                {v: c for v, c in zip(table.variables, row, strict=True) if c is not None}
                for row in table.terms]},
        }, ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(table.variables)
        w.writerows([[c or "" for c in row] for row in table.rows])
        return buf.getvalue()
    widths = [len(v) for v in table.variables]
    for row in table.rows:
        widths = [min(max(w, len(c or "")), 60) for w, c in zip(widths, row, strict=True)]

    def line(cells: tuple[str | None, ...]) -> str:
        return "  ".join((c or "")[:60].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(table.variables), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in table.rows]
    out.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(out)


# --- checking what a query may do ----------------------------------------------------------------
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_FORM_NAMES = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
               "DescribeQuery": "DESCRIBE"}
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
# Lexical parts of SPARQL that may contain the word SERVICE without it being the keyword.
_LEX_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs
    r"|#[^\n]*"  # comments
    r"|[?$][\w]+"  # variables
    r"|[A-Za-z_][\w.-]*:[\w.%-]*"  # prefixed names (ex:service)
    r"|[A-Za-z_][\w-]*"  # bare words: keywords, functions
    r"|\S",
    re.DOTALL,
)


@dataclass(frozen=True)
class QueryCheck:
    """What a query is: its form and whether it uses SERVICE."""

    form: str
    uses_service: bool


def _words(text: str) -> list[str]:
    """The bare words of a query, outside strings, IRIs, comments, variables and prefixed names."""
    return [t.upper() for t in _LEX_SKIP.findall(text) if re.fullmatch(r"[A-Za-z_][\w-]*", t)]


def check_query(text: str) -> QueryCheck:
    """Classify a query with a SPARQL parser: which form it has, whether it has a SERVICE clause.

    rdflib's SPARQL grammar is used, so comments, strings and IRIs that merely contain the word
    ``SERVICE`` do not count. Should rdflib not parse a query that Oxigraph would accept (an
    extension), a tokenizer that skips strings, IRIs, comments, variables and prefixed names decides.

    Raises:
        QueryError: for an update request (INSERT, LOAD…), which a query endpoint never runs.

    >>> check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE').uses_service
    False
    >>> check_query('SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }').uses_service
    True
    """
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    def names(node: Any) -> Any:
        if isinstance(node, CompValue):
            yield node.name
            for v in node.values():
                yield from names(v)
        elif isinstance(node, list | tuple) or hasattr(node, "asList"):
            for v in node:
                yield from names(v)

    try:
        tree = parseQuery(text)
    except Exception:  # noqa: BLE001 - pyparsing raises several exception types
        tree = None
    if tree is not None:
        found = set(names(tree))
        form = next((_FORM_NAMES[n] for n in _FORM_NAMES if n in found), "SELECT")
        return QueryCheck(form, "ServiceGraphPattern" in found)
    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001
        pass
    else:
        raise QueryError("this is an update request; the store is read-only here",
                         hint="send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    words = _words(text)
    found_form = next((w for w in words if w in QUERY_FORMS), None)
    if found_form is None and any(w in _UPDATE_WORDS for w in words):
        raise QueryError("this looks like an update request; the store is read-only here")
    return QueryCheck(found_form or "SELECT", "SERVICE" in words)


# --- SPARQL 1.1 result formats ---------------------------------------------------------------------
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples"}


def _nt_term(cell: dict[str, str]) -> str:
    """A SPARQL JSON cell as an N-Triples term (for TSV results)."""
    if cell["type"] == "uri":
        return f"<{cell['value']}>"
    if cell["type"] == "bnode":
        return f"_:{cell['value']}"
    value = (cell["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
             .replace("\r", "\\r").replace("\t", "\\t"))
    if "xml:lang" in cell:
        return f'"{value}"@{cell["xml:lang"]}'
    if "datatype" in cell:
        return f'"{value}"^^<{cell["datatype"]}>'
    return f'"{value}"'


def serialize_table(table: Table, fmt: str, *, truncated: bool = False) -> str:
    """SELECT results in a SPARQL 1.1 results format: ``json``, ``xml``, ``csv`` or ``tsv``.

    ``truncated`` adds ``"truncated": true`` to the JSON document (an extra member SPARQL clients
    ignore) and an XML comment; CSV and TSV cannot say it (the HTTP server sends a header).
    """
    if fmt == "json":
        doc: dict[str, Any] = {
            "head": {"vars": list(table.variables)},
            "results": {"bindings": [
                {v: c for v, c in zip(table.variables, row, strict=True) if c is not None}
                for row in table.terms]},
        }
        if truncated:
            doc["truncated"] = True
        return json.dumps(doc, ensure_ascii=False)
    if fmt == "xml":
        from xml.sax.saxutils import escape, quoteattr

        out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        out += [f"<variable name={quoteattr(v)}/>" for v in table.variables]
        out.append("</head>")
        if truncated:
            out.append("<!-- truncated: more solutions than the server's result limit -->")
        out.append("<results>")
        for row in table.terms:
            out.append("<result>")
            for v, c in zip(table.variables, row, strict=True):
                if c is None:
                    continue
                if c["type"] == "uri":
                    inner = f"<uri>{escape(c['value'])}</uri>"
                elif c["type"] == "bnode":
                    inner = f"<bnode>{escape(c['value'])}</bnode>"
                elif "xml:lang" in c:
                    inner = f"<literal xml:lang={quoteattr(c['xml:lang'])}>{escape(c['value'])}</literal>"
                elif "datatype" in c:
                    inner = f"<literal datatype={quoteattr(c['datatype'])}>{escape(c['value'])}</literal>"
                else:
                    inner = f"<literal>{escape(c['value'])}</literal>"
                out.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
            out.append("</result>")
        out += ["</results>", "</sparql>"]
        return "\n".join(out) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(table.variables)
        for row in table.terms:
            w.writerow(["" if c is None else ("_:" + c["value"] if c["type"] == "bnode" else c["value"])
                        for c in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in table.variables)]
        lines += ["\t".join("" if c is None else _nt_term(c) for c in row) for row in table.terms]
        return "\n".join(lines) + "\n"
    raise QueryError(f"unknown results format {fmt!r}", hint=f"one of {', '.join(RESULT_TYPES)}")


def collect(results: Any, *, max_rows: int | None = None) -> tuple[Any, bool]:
    """Read pyoxigraph results, stopping after ``max_rows`` rows or triples.

    Returns:
        ``(value, truncated)``: a :class:`Table` for SELECT, a bool for ASK, a list of
        pyoxigraph triples for CONSTRUCT/DESCRIBE.
    """
    if isinstance(results, bool | ox.QueryBoolean):
        return bool(results), False
    truncated = False
    if hasattr(results, "variables"):
        variables = tuple(v.value for v in results.variables)
        rows, kinds = [], []
        for n, sol in enumerate(results):
            if max_rows is not None and n >= max_rows:
                truncated = True
                break
            cells = tuple(sol)
            rows.append(tuple(None if c is None else c.value for c in cells))
            kinds.append(tuple(_ox_kind(c) for c in cells))
        return Table(variables, tuple(rows), tuple(kinds)), truncated
    triples = []
    for n, t in enumerate(results):
        if max_rows is not None and n >= max_rows:
            truncated = True
            break
        triples.append(t)
    return triples, truncated
