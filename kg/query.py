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
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import resources
from kg.errors import QueryError
from kg.rdf.iri import check_iri

_XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "date", "integer", "decimal", "lang-string")
_HEADER = re.compile(r"^#\s*(title|description|param|example|returns):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+([\w-]+)(?:\s+default=(\S+))?(?:\s+--\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its header: what it answers and which parameters it takes."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    example: str = ""


def parse_query(text: str, *, name: str) -> NamedQuery:
    """Read the comment header of a query."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise QueryError(f"bad param line {value!r}", where=f"{name}.rq",
                                 hint=f"'# param: NAME TYPE [default=V] -- text', TYPE in {PARAM_TYPES}")
            params.append(Param(pm.group(1), pm.group(2), pm.group(3), pm.group(4) or ""))
        else:
            fields[key] = (fields.get(key, "") + " " + value).strip()
    return NamedQuery(name=name, text=text, title=fields.get("title", ""),
                      description=fields.get("description", ""), params=tuple(params),
                      example=fields.get("example", ""))


def load_query(name: str) -> NamedQuery:
    """A packaged query by name (``kg query --list`` shows them)."""
    if name not in resources.query_names():
        raise QueryError(f"no query named {name!r}",
                         hint=f"available: {', '.join(resources.query_names())}")
    return parse_query(resources.query_path(name).read_text(encoding="utf-8"), name=name)


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


def bind(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with ``terms`` bound to its variables (a VALUES block opening the outer WHERE group)."""
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
    return body[: m.end()] + values + body[m.end():]


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
    return out


@dataclass(frozen=True)
class Table:
    """SELECT results: plain strings (None for unbound) and the SPARQL JSON form of each cell."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    terms: tuple[tuple[dict[str, str] | None, ...], ...] = ()


def _json_term(term: Any) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def to_table(results: Any) -> Table:
    """Collect pyoxigraph SELECT solutions."""
    variables = tuple(v.value for v in results.variables)
    rows, terms = [], []
    for sol in results:
        cells = [sol[v] for v in variables]
        rows.append(tuple(None if c is None else str(c.value) for c in cells))
        terms.append(tuple(_json_term(c) for c in cells))
    return Table(variables, tuple(rows), tuple(terms))


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
