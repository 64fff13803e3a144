"""End-to-end `kg build` throughput against raw spaCy `nlp.pipe` over the same texts, in one run.

    python bench/throughput.py [PATH ...] [--repeat N]

PATH defaults to ../shared/corpus/dev when present, else examples/dispatches. The texts are
repeated N times (default 5) under distinct names so the run is long enough to time. Prints
tokens per second for both and the ratio build / nlp.pipe (target: at least 0.8).
"""

from __future__ import annotations

import argparse
import dataclasses
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
    a = ap.parse_args()
    dev = REPO.parent / "shared" / "corpus" / "dev"
    paths = a.paths or [dev if dev.is_dir() else REPO / "examples" / "dispatches"]

    from kg.ingest import iter_dispatches
    from kg.nlp.pipeline import normalise_for_nlp
    from kg.pipeline import Pipeline, build
    from kg.store.oxigraph import Store

    base = [d for d in iter_dispatches(paths) if not isinstance(d, Exception)]
    dispatches = [dataclasses.replace(d, source_name=f"{d.source_name}#{i}") for i in range(a.repeat) for d in base]
    pipe = Pipeline(batch_size=a.batch_size)
    # warm-up: model, knowledge base, shapes, extractors
    list(pipe.extract(base[:2]))

    t = time.perf_counter()
    tokens = sum(len(doc) for doc in pipe.nlp.pipe((normalise_for_nlp(d.body) for d in dispatches),
                                                    batch_size=a.batch_size))
    nlp_s = time.perf_counter() - t

    import kg.pipeline as kp

    real_ingest = kp._ingest

    def from_memory(paths, *, summary, **_):  # type: ignore[no-untyped-def]
        for d in dispatches:
            summary.dispatches += 1
            yield d

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
    print(f"dispatches: {len(dispatches)} ({len(base)} x {a.repeat}); tokens: {tokens}")
    print(f"nlp.pipe:  {nlp_s:7.2f} s  {nlp_tps:9.0f} tokens/s")
    print(f"kg build:  {build_s:7.2f} s  {build_tps:9.0f} tokens/s  (stages: "
          + ", ".join(f"{k} {v:.2f}s" for k, v in sorted(summary.seconds.items())) + ")")
    print(f"ratio build / nlp.pipe: {build_tps / nlp_tps:.2f} (target >= 0.80)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
