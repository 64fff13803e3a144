"""The ``kg`` command: build, validate, query, export, stats.

Exit codes: 0 success; 1 some input or dispatch failed (the rest was built);
2 bad usage or a fatal error; 3 a graph does not conform to the shapes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.errors import KGError

log = logging.getLogger("kg")

DEFAULT_STORE = Path(os.environ.get("KG_STORE", ".kg-store"))
OUTPUT_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld",
                  ".json": "json-ld"}
EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 3


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from e


def _param(value: str) -> tuple[str, str]:
    name, sep, v = value.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{value!r} is not NAME=VALUE")
    return name, v


def _output_format(path: Path) -> str:
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise KGError(f"unknown output format {path.suffix!r}", where=str(path),
                      hint=f"use one of {', '.join(OUTPUT_FORMATS)}")
    return fmt


def _write_dataset(mem: object, path: Path) -> None:
    """Write the built graphs to ``path`` atomically (temporary file, then rename)."""
    from kg.store.oxigraph import Store

    assert isinstance(mem, Store)
    fmt = _output_format(path)
    tmp = path.with_name(path.name + ".part")
    if fmt in ("trig", "nquads"):
        mem.export(tmp)
    else:
        ds = mem.dataset()
        from kg.rdf.builder import new_graph

        union = new_graph()
        for triple in ds.triples((None, None, None)):
            union.add(triple)
        if fmt == "json-ld":
            ds.serialize(destination=str(tmp), format="json-ld")
        else:
            union.serialize(destination=str(tmp), format=fmt)
    tmp.replace(path)


# --- commands -----------------------------------------------------------------------------------
def cmd_build(args: argparse.Namespace) -> int:
    from kg.pipeline import Pipeline, build
    from kg.store.oxigraph import Store

    if args.output is not None:
        _output_format(args.output)  # fail before the long work
    store = None if args.no_store else Store(args.store)
    mem = Store() if args.output is not None else None
    linker = None
    if args.link == "wikidata":
        from kg.resolve.wikidata import WikidataLinker

        linker = WikidataLinker(args.wikidata_endpoint, cache_dir=args.wikidata_cache)
    pipe = Pipeline(n_process=args.workers, linker=linker)
    if store is not None:
        from kg.rdf.ontology import ontology_graph

        store.replace_graph(ontology_graph())
    summary = build(
        args.paths,
        store=store,
        pipeline=pipe,
        on_error=args.on_error,
        date=args.date,
        lang=args.lang,
        encoding=args.encoding,
        validate=not args.no_validate,
        collect=mem.replace_graph if mem is not None else None,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    if mem is not None and args.output is not None:
        _write_dataset(mem, args.output)
    _print_summary(summary, args, store)
    if summary.nonconforming:
        return EXIT_INVALID
    return EXIT_OK if summary.ok else EXIT_PARTIAL


def _print_summary(summary: object, args: argparse.Namespace, store: object) -> None:
    from kg.pipeline import BuildSummary

    assert isinstance(summary, BuildSummary)
    out = sys.stdout
    print(f"dispatches: {summary.built} built of {summary.dispatches} read"
          + (f", {len(summary.failures)} failed" if summary.failures else ""), file=out)
    classes = ", ".join(f"{c} {n}" for c, n in sorted(summary.events_by_class.items(), key=lambda x: (-x[1], x[0])))
    print(f"events: {summary.events}" + (f" ({classes})" if classes else ""), file=out)
    print(f"actors: {len(summary.actors)}; places: {len(summary.places)}; casualty figures: {summary.casualties}; "
          f"triples: {summary.triples}", file=out)
    if args.no_validate:
        print("validation: skipped", file=out)
    elif summary.nonconforming:
        print(f"validation: {len(summary.nonconforming)} graph(s) do not conform: "
              + ", ".join(summary.nonconforming), file=out)
    else:
        print(f"validation: all {summary.built} graphs conform to the shapes", file=out)
    if args.output is not None:
        print(f"written: {args.output}", file=out)
    for f in summary.failures:
        print(f"FAILED {f.message}", file=sys.stderr)
    if summary.stopped:
        print("stopped at the first error (--on-error stop)", file=sys.stderr)
    if store is not None and args.show_query and summary.built:
        from kg.query import bindings, load_query, render, to_table
        from kg.store.oxigraph import Store

        assert isinstance(store, Store)
        q = load_query(args.show_query)
        print(f"\n{q.title} (kg query {q.name}, store {args.store}):", file=out)
        print(render(to_table(store.query(q.text, bindings=bindings(q, {}))), "table"), file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    from rdflib import Dataset

    from kg.validate import validate

    if args.file is not None:
        ds = Dataset()
        try:
            ds.parse(str(args.file), format=_output_format(args.file))
        except KGError:
            raise
        except Exception as e:
            raise KGError(f"cannot parse: {e}", where=str(args.file)) from e
        graphs = [g for g in ds.graphs() if len(g)]
    else:
        from kg.store.oxigraph import Store

        store = Store(args.store, read_only=True)
        graphs = [store.graph(n) for n in store.graph_names()]
    bad = 0
    from kg.rdf.ontology import ONTOLOGY_GRAPH

    for g in graphs:
        if str(g.identifier) == str(ONTOLOGY_GRAPH):
            continue
        report = validate(g)
        if not report.conforms:
            bad += 1
            print(f"{g.identifier}: does not conform", file=sys.stdout)
            print(report.text, file=sys.stdout)
    checked = len([g for g in graphs if str(g.identifier) != str(ONTOLOGY_GRAPH)])
    print(f"{checked - bad} of {checked} graphs conform")
    return EXIT_INVALID if bad else EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from kg import resources
    from kg.query import bindings, load_query, load_query_file, render, to_table
    from kg.store.oxigraph import Store

    if args.list:
        for name in resources.query_names():
            q = load_query(name)
            print(f"{name:32} {q.title}")
        return EXIT_OK
    if args.file is not None:
        q = load_query_file(args.file)
    elif args.name:
        q = load_query(args.name)
    else:
        raise KGError("give a query name or --file", hint="kg query --list shows the names")
    store = Store(args.store, read_only=True)
    results = store.query(q.text, bindings=bindings(q, dict(args.param)))
    if isinstance(results, bool):
        print("true" if results else "false")
        return EXIT_OK
    if not hasattr(results, "variables"):  # CONSTRUCT / DESCRIBE
        import pyoxigraph as ox

        sys.stdout.write(ox.serialize(results, format=ox.RdfFormat.TURTLE).decode("utf-8"))
        return EXIT_OK
    print(render(to_table(results), args.format))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export.networkx import VIEWS, view_graph, write
    from kg.store.oxigraph import Store

    if args.view not in VIEWS:
        raise KGError(f"unknown view {args.view!r}", hint=f"one of {', '.join(VIEWS)}")
    store = Store(args.store, read_only=True)
    g = view_graph(store, args.view)
    write(g, args.output, fmt=args.format)
    print(f"{args.view}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> {args.output}")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from kg.query import load_query, render, to_table
    from kg.store.oxigraph import Store

    store = Store(args.store, read_only=True)
    print(f"store: {args.store}; quads: {len(store)}; named graphs: {len(store.graph_names())}")
    q = load_query("events-by-class")
    print(render(to_table(store.query(q.text)), "table"))
    return EXIT_OK


# --- parser -------------------------------------------------------------------------------------
def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="depeche: event knowledge graphs from French news dispatches.")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def store_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="PATH",
                        help=f"the embedded store folder (default: {DEFAULT_STORE}; env KG_STORE)")

    b = sub.add_parser("build", help="read dispatches, extract events, build, validate and store the graph",
                       description="Read dispatches (text, JSON Lines/JSON, NewsML-G2 XML; files or folders), "
                       "extract actors, places, dates and events, build RDF, validate it with SHACL and "
                       "write each dispatch's named graph into the store.")
    b.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of dispatches")
    store_opt(b)
    b.add_argument("--no-store", action="store_true", help="do not write to the store (use with -o)")
    b.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="also write the built graphs to FILE (.trig, .nq, .ttl, .nt, .jsonld)")
    b.add_argument("--on-error", choices=("skip", "stop"), default="skip",
                   help="skip a bad input and go on (exit 1 at the end), or stop at once (default: skip)")
    b.add_argument("--date", type=_date, help="publication date for every dispatch (YYYY-MM-DD)")
    b.add_argument("--lang", help="language for every dispatch (default: as read, else fr)")
    b.add_argument("--encoding", default="utf-8", help="text encoding of the input files (default utf-8)")
    b.add_argument("--workers", type=int, default=1, help="spaCy worker processes (default 1)")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    b.add_argument("--link", choices=("none", "wikidata"), default="none",
                   help="link entities the packaged knowledge base lacks through a SPARQL endpoint")
    b.add_argument("--wikidata-endpoint", default="https://query.wikidata.org/sparql", metavar="URL",
                   help="Wikidata-compatible SPARQL endpoint for --link wikidata (a mirror, say)")
    b.add_argument("--wikidata-cache", type=Path, default=None, metavar="DIR",
                   help="cache of endpoint answers (default ~/.cache/depeche/wikidata)")
    b.add_argument("--show-query", default="events-by-class", metavar="NAME",
                   help="named query whose answer is printed after the build ('' for none)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="validate a built file or the store against the SHACL shapes")
    v.add_argument("file", nargs="?", type=Path, help="a .trig/.nq/.ttl file (default: the store)")
    store_opt(v)
    v.set_defaults(func=cmd_validate)

    q = sub.add_parser("query", help="run a named query from queries/ or a .rq file on the store")
    q.add_argument("name", nargs="?", help="query name (see --list)")
    q.add_argument("--file", type=Path, help="an ad-hoc .rq file")
    q.add_argument("--param", type=_param, action="append", default=[], metavar="NAME=VALUE",
                   help="bind a query parameter (repeatable)")
    q.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    q.add_argument("--list", action="store_true", help="list the named queries")
    store_opt(q)
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("export", help="export a networkx view of the graph (GraphML…)")
    e.add_argument("--view", default="actors", help="actors | events | places")
    e.add_argument("--format", default=None, help="graphml | gexf | json (default: from the file extension)")
    e.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    store_opt(e)
    e.set_defaults(func=cmd_export)

    s = sub.add_parser("stats", help="counts of what the store holds")
    store_opt(s)
    s.set_defaults(func=cmd_stats)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args))
    except KGError as e:
        print(f"kg: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kg: interrupted; what was stored before is kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
