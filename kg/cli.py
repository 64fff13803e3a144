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
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.store.oxigraph import Store
    from kg.store.remote import RemoteStore

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
        import pyoxigraph as ox

        # by the real name's extension: the temporary ".part" name has none the store knows
        mem.export(tmp, fmt=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS, sort=True)
    else:
        ds = mem.dataset()
        from kg.rdf.builder import new_graph

        union = new_graph()
        union.addN((s, p, o, union) for s, p, o, _ in ds.quads((None, None, None, None)))
        if fmt == "json-ld":
            ds.serialize(destination=str(tmp), format="json-ld")
        else:
            union.serialize(destination=str(tmp), format=fmt)
    tmp.replace(path)


# --- commands -----------------------------------------------------------------------------------
def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return n


def cmd_build(args: argparse.Namespace) -> int:
    from kg.pipeline import Pipeline, build, default_workers
    from kg.store.oxigraph import Store

    if args.output is not None:
        _output_format(args.output)  # fail before the long work
    store: Store | RemoteStore | None = None
    if args.store_url:
        from kg.store.remote import RemoteStore

        store = RemoteStore(args.store_url)  # credentials: env KG_STORE_USER / KG_STORE_PASSWORD
    elif not args.no_store:
        store = Store(args.store)
    mem = Store() if args.output is not None else None
    linker = None
    if args.link == "wikidata":
        from kg.resolve.wikidata import WikidataLinker

        linker = WikidataLinker(args.wikidata_endpoint, cache_dir=args.wikidata_cache)
    pipe = Pipeline(linker=linker)
    # the Wikidata linker spaces out its requests within one process: link from one by default
    workers = args.workers or (1 if linker is not None else default_workers())
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
        max_bytes=args.max_bytes,
        validate=not args.no_validate,
        collect=mem.replace_graph if mem is not None else None,
        progress=not args.quiet and sys.stderr.isatty(),
        workers=workers,
    )
    if mem is not None and args.output is not None:
        _write_dataset(mem, args.output)
    _print_summary(summary, args, store)
    unwritten = _report_unwritten(store)
    if summary.nonconforming:
        return EXIT_INVALID
    return EXIT_OK if summary.ok and not unwritten else EXIT_PARTIAL


def _report_unwritten(store: object) -> int:
    """Say which graphs a remote store did not take (a rerun writes them: writes replace)."""
    failed: dict[str, str] = getattr(store, "failed_graphs", {})
    if failed:
        print(f"NOT WRITTEN to {getattr(store, 'update_url', 'the store')}: {len(failed)} graph(s); "
              "run the same build again to complete them", file=sys.stderr)
        for name, why in sorted(failed.items()):
            print(f"NOT WRITTEN {name}: {why}", file=sys.stderr)
    return len(failed)


def _print_summary(summary: object, args: argparse.Namespace, store: object) -> None:
    from kg.pipeline import BuildSummary

    assert isinstance(summary, BuildSummary)
    out = sys.stdout
    print(f"dispatches: {summary.built} built of {summary.dispatches} read"
          + (f", {len(summary.failures)} failed" if summary.failures else ""), file=out)
    by_count = sorted(summary.events_by_class.items(), key=lambda x: (-x[1], x[0]))
    classes = ", ".join(f"{c} {n}" for c, n in by_count)
    print(f"events: {summary.events}" + (f" ({classes})" if classes else ""), file=out)
    print(f"actors: {len(summary.actors)}; places: {len(summary.places)}; "
          f"casualty figures: {summary.casualties}; triples: {summary.triples}", file=out)
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
        from kg.query import Table, bindings, load_query, render, to_table

        q = load_query(args.show_query)
        answer = store.query(q.text, bindings=bindings(q, {}))  # type: ignore[attr-defined]
        where = args.store_url or args.store
        print(f"\n{q.title} (kg query {q.name}, store {where}):", file=out)
        print(render(answer if isinstance(answer, Table) else to_table(answer), "table"), file=out)


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
    from kg.query import Table, bindings, collect, load_query, load_query_file, render

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
    values = bindings(q, dict(args.param))
    if args.store_url:
        from kg.store.remote import RemoteStore

        answer = RemoteStore(args.store_url, timeout=args.timeout).query(q.portable_text, bindings=values)
        if isinstance(answer, str):  # CONSTRUCT / DESCRIBE: Turtle from the store
            sys.stdout.write(answer)
            return EXIT_OK
        value, truncated = answer, False
    else:
        from kg.store.oxigraph import Store

        value, truncated = collect(Store(args.store, read_only=True).query(q.text, bindings=values),
                                   max_rows=args.limit)
    if isinstance(value, bool):
        print("true" if value else "false")
        return EXIT_OK
    if not isinstance(value, Table):  # CONSTRUCT / DESCRIBE: pyoxigraph triples
        import pyoxigraph as ox

        from kg.rdf.namespace import PREFIXES

        sys.stdout.write(ox.serialize(value, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8"))
        return EXIT_OK
    if args.format == "json":
        from kg.query import serialize_table

        print(serialize_table(value, "json", truncated=truncated))
    else:
        print(render(value, args.format))
    if truncated:
        print(f"kg: result truncated to {args.limit} rows (--limit)", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve import Limits, Server, is_loopback

    limits = Limits(timeout=args.timeout, max_rows=args.max_rows, max_query_bytes=args.max_query_bytes,
                    workers=args.workers)
    with Server(args.store, host=args.host, port=args.port, limits=limits) as server:
        where = "" if is_loopback(args.host) else " (reachable from other machines)"
        print(f"kg serve: {server.url} — SPARQL endpoint {server.url}sparql, read-only{where}; "
              f"time-out {limits.timeout:g} s, at most {limits.max_rows} rows; Ctrl-C stops", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export.formats import Format, export
    from kg.export.records import EventFilter
    from kg.store.oxigraph import Store

    fmt = Format.parse(args.format, args.output)  # fail on a bad format before opening the store
    flt = EventFilter(classes=tuple(args.event_class), start=args.date_from, end=args.date_to,
                      places=tuple(args.place), actors=tuple(args.actor), statuses=tuple(args.status))
    if args.store_url:
        from kg.store.remote import RemoteStore

        # credentials: env KG_STORE_USER / KG_STORE_PASSWORD
        store = RemoteStore(args.store_url, timeout=args.timeout).mirror(progress=sys.stderr.isatty())
    else:
        store = Store(args.store, read_only=True)
    done = export(store, args.output, view=args.view, fmt=fmt, filter=flt, aggregate=args.aggregate,
                  title=args.title)
    what = "timeline" if args.view == "timeline" else f"{done.nodes} nodes, {done.edges} edges"
    print(f"{args.view} ({done.format.value}): {done.events} events, {what} -> {done.path} "
          f"({done.bytes} bytes, {done.seconds:.2f} s)")
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    import json

    from rdflib import Dataset

    from kg.evaluate import score

    ds = Dataset(default_union=True)
    try:
        ds.parse(str(args.output), format=_output_format(args.output))
    except KGError:
        raise
    except Exception as e:
        raise KGError(f"cannot parse: {e}", where=str(args.output)) from e
    report = score(args.gold, ds)
    if args.json:
        print(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        print(report.table(misses=args.misses))
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
    p = argparse.ArgumentParser(prog="kg",
                                description="depeche: event knowledge graphs from French news dispatches.")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def store_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="PATH",
                        help=f"the embedded store folder (default: {DEFAULT_STORE}; env KG_STORE)")

    b = sub.add_parser("build",
                       help="read dispatches, extract events, build, validate and store the graph",
                       description="Read dispatches (text, JSON Lines/JSON, NewsML-G2 XML; files or "
                       "folders), extract actors, places, dates and events, build RDF, validate it with "
                       "SHACL and write each dispatch's named graph into the store.")
    b.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of dispatches")
    store_opt(b)
    b.add_argument("--no-store", action="store_true", help="do not write to the store (use with -o)")
    b.add_argument("--store-url", metavar="URL",
                   help="write each dispatch's graph to the SPARQL 1.1 store at URL (SPARQL Update; "
                   "Graph Store Protocol if env KG_STORE_GSP_URL is set) instead of the embedded store; "
                   "credentials from env KG_STORE_USER / KG_STORE_PASSWORD; graphs not written are listed, "
                   "a rerun completes them")
    b.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="also write the built graphs to FILE (.trig, .nq, .ttl, .nt, .jsonld)")
    b.add_argument("--on-error", choices=("skip", "stop"), default="skip",
                   help="skip a bad input and go on (exit 1 at the end), or stop at once (default: skip)")
    b.add_argument("--date", type=_date, help="publication date for every dispatch (YYYY-MM-DD)")
    b.add_argument("--lang", help="language for every dispatch (default: as read, else fr)")
    b.add_argument("--encoding", default="utf-8", help="text encoding of the input files (default utf-8)")
    b.add_argument("--max-bytes", type=int, default=None, metavar="N",
                   help="refuse input files (or JSON Lines records) larger than N bytes (default 10 MiB)")
    b.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                   help="processes building dispatches side by side (default: one per CPU core, at most 4, "
                        "or 1 with --link wikidata; 1 builds everything in this process)")
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
    q.add_argument("--limit", type=int, default=None, metavar="N", help="print at most N rows")
    q.add_argument("--store-url", metavar="URL",
                   help="query a SPARQL 1.1 store at URL instead of the embedded one "
                   "(credentials: env KG_STORE_USER, KG_STORE_PASSWORD)")
    q.add_argument("--timeout", type=float, default=60.0,
                   help="seconds per request to --store-url (default 60)")
    store_opt(q)
    q.set_defaults(func=cmd_query)

    sv = sub.add_parser("serve", help="a read-only SPARQL 1.1 endpoint over the store, with a query page",
                        description="Serve the embedded store over the SPARQL 1.1 Protocol (GET and POST; "
                        "JSON, XML, CSV, TSV results; Turtle and N-Triples graphs) and a page to write and "
                        "run queries. Read-only; SERVICE (federated) queries are refused; each query runs in "
                        "a worker process stopped after --timeout seconds; results stop at --max-rows.")
    sv.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=7878, help="TCP port (default 7878; 0 picks a free one)")
    sv.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run (default 10)")
    sv.add_argument("--max-rows", type=int, default=10_000,
                    help="rows or triples returned at most (default 10000)")
    sv.add_argument("--max-query-bytes", type=int, default=100_000,
                    help="largest query accepted, in bytes (default 100000)")
    sv.add_argument("--workers", type=int, default=2, help="queries run at the same time (default 2)")
    store_opt(sv)
    sv.set_defaults(func=cmd_serve)

    e = sub.add_parser("export", help="export a view: GraphML, GEXF, Cytoscape, DOT, an HTML page, plots",
                       description="Export the actor network (actors), the event-actor graph (events) or "
                       "the event-place graph (places) for Gephi, Cytoscape, networkx or Graphviz; the "
                       "interactive actor network as one offline HTML page; or pictures (png, svg; the "
                       "timeline view draws events and casualties over time). Filters keep only some events.")
    e.add_argument("--view", choices=("actors", "events", "places", "timeline"), default="actors",
                   help="what to export (default: actors; timeline only as png or svg)")
    e.add_argument("--format", default=None,
                   choices=("graphml", "gexf", "cyjs", "json", "dot", "html", "png", "svg"),
                   help="default: from the file extension (.graphml .gexf .cyjs .json .dot .html .png .svg)")
    e.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    e.add_argument("--class", dest="event_class", action="append", default=[], metavar="CLASS",
                   help="keep events of this class and its subclasses, e.g. Attack (repeatable)")
    e.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD",
                   help="keep events from this day")
    e.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD",
                   help="keep events up to this day")
    e.add_argument("--place", action="append", default=[], metavar="PLACE",
                   help="keep events in this place or a place within it: IRI, QID or name (repeatable)")
    e.add_argument("--actor", action="append", default=[], metavar="ACTOR",
                   help="keep events involving this actor: IRI, QID or name (repeatable)")
    e.add_argument("--status", action="append", default=[], choices=("Occurred", "Planned", "Negated"),
                   help="keep events with this status (repeatable)")
    e.add_argument("--aggregate", action="store_true",
                   help="actors view: one edge per actor pair with counts and date range, not one per event")
    e.add_argument("--title", help="title of the HTML page or the picture")
    store_opt(e)
    e.add_argument("--store-url", metavar="URL",
                   help="export from a SPARQL 1.1 store at URL instead of the embedded one: its dispatch "
                   "graphs are copied first (credentials: env KG_STORE_USER, KG_STORE_PASSWORD)")
    e.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="seconds per request to --store-url (default 60)")
    e.set_defaults(func=cmd_export)

    s = sub.add_parser("stats", help="counts of what the store holds")
    store_opt(s)
    s.set_defaults(func=cmd_stats)

    ev = sub.add_parser("evaluate",
                        help="score a built file against gold annotations (JSON, one per dispatch)")
    ev.add_argument("output", type=Path, help="the built graph (.trig, .nq, .ttl, .nt, .jsonld)")
    ev.add_argument("--gold", type=Path, required=True, help="folder of gold JSON files (see examples/gold)")
    ev.add_argument("--misses", action="store_true", help="also list missed and extra events")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.set_defaults(func=cmd_evaluate)
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
    except BrokenPipeError:
        # the reader went away (`kg query … | head`): what it read was right, stop quietly
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit's flush
        except (OSError, ValueError):  # no file behind stdout
            pass
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
