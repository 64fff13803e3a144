"""End-to-end `kg build` throughput against raw spaCy `nlp.pipe` over the same texts, in one run.

    python bench/throughput.py [PATH ...] [--repeat N] [--workers W]

PATH defaults to ../shared/corpus/dev when present, else examples/dispatches. The texts are
repeated N times (default 5) under distinct names so the run is long enough to time. Each round
times, one after the other on the same texts (the machine's speed drifts):

- raw ``nlp.pipe``, as spaCy runs by default (one process): the baseline;
- ``kg build`` as the CLI runs it by default (``--workers`` = one per CPU core, at most 4: each
  worker parses, extracts, builds and validates; the main process writes the store);
- ``nlp.pipe`` with ``n_process`` = the same number of processes, for a like-for-like reading.

It prints tokens per second and two ratios: build / nlp.pipe (the target: at least 0.8), and
build / nlp.pipe on as many processes (how much of the machine the work after spaCy takes).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds; the median ratio is reported")
    ap.add_argument("--workers", type=int, default=None,
                    help="kg build worker processes (default: what `kg build` uses)")
    a = ap.parse_args()
    dev = REPO.parent / "shared" / "corpus" / "dev"
    paths = a.paths or [dev if dev.is_dir() else REPO / "examples" / "dispatches"]

    from kg.ingest import iter_dispatches
    from kg.nlp.pipeline import normalise_for_nlp
    from kg.pipeline import Pipeline, build, default_workers
    from kg.store.oxigraph import Store

    base = [d for d in iter_dispatches(paths) if not isinstance(d, Exception)]
    dispatches = [dataclasses.replace(d, source_name=f"{d.source_name}#{i}")
                  for i in range(a.repeat) for d in base]
    workers = a.workers or default_workers()
    pipe = Pipeline(batch_size=a.batch_size)
    # warm-up: model, knowledge base, shapes, extractors
    list(pipe.extract(base[:2]))

    import kg.pipeline as kp

    real_ingest = kp._ingest

    def from_memory(paths, *, summary, **_):  # type: ignore[no-untyped-def]
        for d in dispatches:
            summary.dispatches += 1
            yield d

    print(f"dispatches: {len(dispatches)} ({len(base)} x {a.repeat}); kg build workers: {workers}; "
          f"rounds: {a.rounds} (each: nlp.pipe, kg build, nlp.pipe n_process={workers}, on the same texts)")

    def nlp_pipe(n_process: int) -> tuple[int, float]:
        t = time.perf_counter()
        tokens = sum(len(doc) for doc in pipe.nlp.pipe((normalise_for_nlp(d.body) for d in dispatches),
                                                        batch_size=a.batch_size, n_process=n_process))
        return tokens, time.perf_counter() - t

    ratios, fair = [], []
    for r in range(1, a.rounds + 1):
        tokens, nlp_s = nlp_pipe(1)
        kp._ingest = from_memory  # same texts, no file reading in the timed part
        try:
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(Path(tmp) / "store")
                t = time.perf_counter()
                summary = build([], store=store, pipeline=pipe, workers=workers)
                build_s = time.perf_counter() - t
        finally:
            kp._ingest = real_ingest
        if not summary.ok:
            print(f"build failed for {len(summary.failures)} dispatches", file=sys.stderr)
            return 1
        _, nlp_n_s = nlp_pipe(workers) if workers > 1 else (tokens, nlp_s)
        nlp_tps, build_tps, nlp_n_tps = tokens / nlp_s, summary.tokens / build_s, tokens / nlp_n_s
        ratios.append(build_tps / nlp_tps)
        fair.append(build_tps / nlp_n_tps)
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in sorted(summary.seconds.items()) if v >= 0.005)
        print(f"round {r}: nlp.pipe {nlp_s:6.2f} s {nlp_tps:7.0f} tokens/s | kg build {build_s:6.2f} s "
              f"{build_tps:7.0f} tokens/s (summed over processes: {stages}) | nlp.pipe n_process={workers} "
              f"{nlp_n_s:6.2f} s | ratio {ratios[-1]:.2f}, like-for-like {fair[-1]:.2f}")
    print(f"tokens per run: {tokens}")
    print(f"ratio build / nlp.pipe: {statistics.median(ratios):.2f} median of {len(ratios)} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target >= 0.80)")
    print(f"like-for-like, build / nlp.pipe on {workers} processes: {statistics.median(fair):.2f} median "
          f"(min {min(fair):.2f}, max {max(fair):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
