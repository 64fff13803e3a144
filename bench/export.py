"""Time `kg export` on a large synthetic graph: every format, from the store to the file.

The graph is made the way ``kg build`` makes it: synthetic :class:`kg.types.Extraction` values
(:func:`kg.export.sample.synthetic`: dispatches of French sentences, events of every class with
roles, places inside countries, casualty tolls) go through the real builder into an embedded
Oxigraph store, one named graph per dispatch, plus the ontology graph. Each export is then timed
end to end, as ``kg export`` runs it: reading the events from the store with SPARQL, building the
view, writing the file. The median of ``--repeat`` runs is reported with the file size.

Run::

    python bench/export.py                    # 10,000 events (the target: GraphML and HTML < 10 s)
    python bench/export.py --events 2000      # quick look
    python bench/export.py --no-plots         # without the matplotlib pictures

Prints a Markdown table with wall-clock and CPU seconds (on a shared machine the CPU time is
the steadier figure); exits 1 if GraphML or HTML of the actor view takes 10 s or more of wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0
CASES: tuple[tuple[str, str, bool], ...] = (
    # (view, format, aggregate)
    ("actors", "graphml", False),
    ("actors", "graphml", True),
    ("actors", "gexf", False),
    ("actors", "cyjs", False),
    ("actors", "json", False),
    ("actors", "dot", False),
    ("actors", "html", False),
    ("events", "graphml", False),
    ("places", "graphml", False),
)
PLOT_CASES: tuple[tuple[str, str, bool], ...] = (
    ("actors", "png", False),
    ("actors", "svg", False),
    ("timeline", "png", False),
    ("timeline", "svg", False),
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=10_000, help="number of events (default 10,000)")
    ap.add_argument("--per-dispatch", type=int, default=10, help="events per dispatch (default 10)")
    ap.add_argument("--actors", type=int, default=300, help="size of the actor pool (default 300)")
    ap.add_argument("--places", type=int, default=120, help="size of the place pool (default 120)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per export; the median is reported")
    ap.add_argument("--no-plots", action="store_true", help="skip the png/svg pictures")
    ap.add_argument("--out", type=Path, help="keep the exported files in this folder")
    a = ap.parse_args()

    from kg.export.formats import export
    from kg.export.records import load_events
    from kg.export.sample import fill_store, synthetic
    from kg.store.oxigraph import Store

    t = time.perf_counter()
    store = Store()
    fill_store(
        store, synthetic(a.events, events_per_dispatch=a.per_dispatch, n_actors=a.actors, n_places=a.places)
    )
    build_s = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    data = load_events(store)
    read_s, read_cpu = time.perf_counter() - t, time.process_time() - c
    print(
        f"graph: {len(data)} events, {len(data.entities)} actors and places, "
        f"{len(data.dispatches)} dispatches, "
        f"{len(store)} quads (built in {build_s:.1f} s; events read from the store in {read_s:.2f} s, "
        f"CPU {read_cpu:.2f} s)\n"
    )

    cases = list(CASES)
    if not a.no_plots:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            print("(matplotlib not installed: pictures skipped; pip install 'depeche[viz]')\n")
        else:
            cases += PLOT_CASES
    out_dir = a.out or Path(tempfile.mkdtemp(prefix="kg-export-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print("| view | format | nodes | edges | size | wall s (median) | CPU s (median) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    failed = []
    for view, fmt, aggregate in cases:
        name = f"{view}{'-aggregated' if aggregate else ''}.{fmt}"
        times, cpu = [], []
        for _ in range(a.repeat):
            c = time.process_time()
            done = export(store, out_dir / name, view=view, fmt=fmt, aggregate=aggregate)
            cpu.append(time.process_time() - c)
            times.append(done.seconds)
        median = statistics.median(times)
        label = f"{view}{' (aggregated)' if aggregate else ''}"
        nodes = "" if view == "timeline" else f"{done.nodes:,}"
        edges = "" if view == "timeline" else f"{done.edges:,}"
        print(
            f"| {label} | {fmt} | {nodes} | {edges} | {done.bytes / 1e6:.2f} MB | {median:.2f} | "
            f"{statistics.median(cpu):.2f} |"
        )
        if view == "actors" and not aggregate and fmt in ("graphml", "html") and median >= TARGET_SECONDS:
            failed.append(name)
    print(f"\nfiles in {out_dir}")
    if failed:
        print(f"over the {TARGET_SECONDS:.0f} s target: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
