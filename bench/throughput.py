"""End-to-end `kg build` throughput against raw spaCy `nlp.pipe` over the same texts, in one run.

    python bench/throughput.py [PATH ...] [--repeat N] [--workers W]

PATH defaults to ../shared/corpus/dev when present, else examples/dispatches. The texts are
repeated N times (default 5) under distinct names so the run is long enough to time. Each round
times the baseline and the build one after the other (the machine's speed drifts); prints
tokens per second for both and the ratio build / nlp.pipe (target: at least 0.8). With
``--workers W`` both the baseline and the build run spaCy in W worker processes (``kg build
--workers W``), so the ratio stays a like-for-like comparison.
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
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds; the median ratio is reported")
    ap.add_argument("--workers", type=int, default=1, help="spaCy worker processes, for both (default 1)")
    a = ap.parse_args()
    dev = REPO.parent / "shared" / "corpus" / "dev"
    paths = a.paths or [dev if dev.is_dir() else REPO / "examples" / "dispatches"]

    from kg.ingest import iter_dispatches
    from kg.nlp.pipeline import normalise_for_nlp
    from kg.pipeline import Pipeline, build
    from kg.store.oxigraph import Store

    base = [d for d in iter_dispatches(paths) if not isinstance(d, Exception)]
    dispatches = [dataclasses.replace(d, source_name=f"{d.source_name}#{i}")
                  for i in range(a.repeat) for d in base]
    pipe = Pipeline(batch_size=a.batch_size, n_process=a.workers)
    # warm-up: model, knowledge base, shapes, extractors
    list(pipe.extract(base[:2]))

    import kg.pipeline as kp

    real_ingest = kp._ingest

    def from_memory(paths, *, summary, **_):  # type: ignore[no-untyped-def]
        for d in dispatches:
            summary.dispatches += 1
            yield d

    print(f"dispatches: {len(dispatches)} ({len(base)} x {a.repeat}); spaCy workers: {a.workers}; "
          f"rounds: {a.rounds} (each: nlp.pipe, then kg build, on the same texts)")
    ratios = []
    for r in range(1, a.rounds + 1):
        t = time.perf_counter()
        tokens = sum(len(doc) for doc in pipe.nlp.pipe((normalise_for_nlp(d.body) for d in dispatches),
                                                        batch_size=a.batch_size, n_process=a.workers))
        nlp_s = time.perf_counter() - t
        kp._ingest = from_memory  # same texts, no file reading in the timed part
        try:
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(Path(tmp) / "store")
                t = time.perf_counter()
                summary = build([], store=store, pipeline=pipe)
                build_s = time.perf_counter() - t
        finally:
            kp._ingest = real_ingest
        if not summary.ok:
            print(f"build failed for {len(summary.failures)} dispatches", file=sys.stderr)
            return 1
        nlp_tps, build_tps = tokens / nlp_s, summary.tokens / build_s
        ratios.append(build_tps / nlp_tps)
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in sorted(summary.seconds.items()) if v >= 0.005)
        print(f"round {r}: nlp.pipe {nlp_s:6.2f} s {nlp_tps:7.0f} tokens/s | kg build {build_s:6.2f} s "
              f"{build_tps:7.0f} tokens/s ({stages}) | ratio {ratios[-1]:.2f}")
    print(f"tokens per run: {tokens}")
    print(f"ratio build / nlp.pipe: {statistics.median(ratios):.2f} median of {len(ratios)} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target >= 0.80)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
