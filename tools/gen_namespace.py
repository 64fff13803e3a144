"""Regenerate (or check) the ``cev:`` term list of ``kg/rdf/namespace.py`` from ``ontology/cev.ttl``.

The ``CEV`` ``DefinedNamespace`` declares one annotated attribute per term of the
ontology, like rdflib's ``defined_namespace_creator``; this script writes that list
between the ``BEGIN generated terms`` / ``END generated terms`` markers of the
class, grouped by kind (classes, individuals, object, datatype and annotation
properties), sorted by name, each with the start of its ``skos:definition`` as a
comment. Everything outside the markers is left as it is.

Usage::

    python tools/gen_namespace.py           # rewrite kg/rdf/namespace.py
    python tools/gen_namespace.py --check   # exit 1 if it is out of date

It fails (exit 2) if a ``cev:`` IRI is used in the ontology without being
declared, or if a term's kind is not one of the five above.
"""

from __future__ import annotations

import argparse
import importlib.util
import keyword
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

log = logging.getLogger("gen_namespace")

CEV_NS = "https://w3id.org/depeche/cev#"
BEGIN = "    # BEGIN generated terms: tools/gen_namespace.py from ontology/cev.ttl (do not edit by hand)"
END = "    # END generated terms"
LINE_LENGTH = 110

# (rdf:type, heading), in the order the groups are written; a term goes in its first matching group.
KINDS: tuple[tuple[URIRef, str], ...] = (
    (OWL.Class, "classes"),
    (OWL.NamedIndividual, "individuals"),
    (OWL.ObjectProperty, "object properties"),
    (OWL.DatatypeProperty, "datatype properties"),
    (OWL.AnnotationProperty, "annotation properties"),
)


class GenerationError(Exception):
    """The ontology cannot be turned into a term list, or the module has no markers."""


def local_name(iri: URIRef) -> str | None:
    """The name after ``cev:``, or None for an IRI outside the namespace."""
    s = str(iri)
    return s[len(CEV_NS):] if s.startswith(CEV_NS) and len(s) > len(CEV_NS) else None


def terms(graph: Graph) -> dict[str, list[tuple[str, str]]]:
    """The declared ``cev:`` terms grouped by kind heading, each as (name, comment), sorted.

    Raises:
        GenerationError: a cev: IRI is used but not declared, is not a Python identifier,
            or has none of the known kinds.
    """
    declared: dict[str, str] = {}
    for s in set(graph.subjects(RDF.type, None)):
        name = local_name(s) if isinstance(s, URIRef) else None
        if name is None:
            continue
        types = set(graph.objects(s, RDF.type))
        heading = next((h for t, h in KINDS if t in types), None)
        if heading is None:
            raise GenerationError(f"cev:{name} has no known kind (one of owl:Class, owl:NamedIndividual, "
                                  "owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty)")
        if not name.isidentifier() or keyword.iskeyword(name):
            raise GenerationError(f"cev:{name} is not a Python identifier")
        declared[name] = heading
    used = {n for t in graph for node in t if isinstance(node, URIRef) and (n := local_name(node))}
    undeclared = sorted(used - set(declared))
    if undeclared:
        names = ", ".join(f"cev:{n}" for n in undeclared)
        raise GenerationError(f"used but not declared in the ontology: {names}")
    groups: dict[str, list[tuple[str, str]]] = {h: [] for _, h in KINDS}
    for name, heading in declared.items():
        groups[heading].append((name, _comment(graph, URIRef(CEV_NS + name))))
    for items in groups.values():
        items.sort(key=lambda item: (item[0].lower(), item[0]))
    return groups


def _comment(graph: Graph, term: URIRef) -> str:
    definitions = sorted(str(d) for d in graph.objects(term, SKOS.definition)
                         if isinstance(d, Literal) and d.language in ("en", None))
    text = " ".join((definitions or [""])[0].split())
    return text.split(". ")[0].rstrip(".")


def _line(name: str, comment: str) -> str:
    head = f"    {name}: URIRef"
    # RDF property names are mixedCase (cev:sourceName) and DefinedNamespace needs them verbatim
    noqa = "  # noqa: N815" if name[0].islower() and name != name.lower() else ""
    if not comment:
        return head + noqa
    room = LINE_LENGTH - len(head) - len("  # ") - len(noqa)
    if len(comment) > room:
        comment = comment[: room - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."
    return f"{head}  # {comment}{noqa}"


def render(graph: Graph) -> str:
    """The generated block, markers included, ending with a newline."""
    lines = [BEGIN]
    for heading, items in terms(graph).items():
        if not items:
            continue
        lines.append(f"    # --- {heading}")
        lines.extend(_line(name, comment) for name, comment in items)
    lines.append(END)
    return "\n".join(lines) + "\n"


def splice(source: str, block: str) -> str:
    """``source`` with the text between the markers (markers included) replaced by ``block``.

    Raises:
        GenerationError: the markers are missing or out of order.
    """
    lines = source.splitlines(keepends=True)
    try:
        begin = next(i for i, line in enumerate(lines) if line.rstrip("\n") == BEGIN)
        end = next(i for i, line in enumerate(lines) if line.rstrip("\n") == END and i > begin)
    except StopIteration:
        raise GenerationError("the BEGIN/END generated-terms markers are missing from the module") from None
    return "".join(lines[:begin]) + block + "".join(lines[end + 1:])


def _default_paths() -> tuple[Path, Path]:
    from kg import resources

    spec = importlib.util.find_spec("kg.rdf.namespace")
    if spec is None or spec.origin is None:
        raise GenerationError("cannot find the module kg.rdf.namespace")
    return resources.ontology_path(), Path(spec.origin)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the exit status (0 ok, 1 out of date, 2 error)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the module is out of date")
    parser.add_argument("--ontology", type=Path, help="the ontology (default: ontology/cev.ttl)")
    parser.add_argument("--module", type=Path, help="the module to update (default: kg/rdf/namespace.py)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        onto_default, module_default = _default_paths()
        onto_path = args.ontology or onto_default
        module_path = args.module or module_default
        graph = Graph().parse(onto_path, format="turtle")
        source = module_path.read_text(encoding="utf-8")
        updated = splice(source, render(graph))
    except (GenerationError, OSError) as e:
        log.error("gen_namespace: %s", e)
        return 2
    if updated == source:
        log.info("%s is up to date with %s", module_path, onto_path)
        return 0
    if args.check:
        log.error("%s is out of date with %s: run python tools/gen_namespace.py", module_path, onto_path)
        return 1
    module_path.write_text(updated, encoding="utf-8")
    log.info("wrote %s", module_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
