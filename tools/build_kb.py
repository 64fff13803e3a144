"""Rebuild the packaged knowledge base ``kg/data/kb/entities.jsonl``.

Usage (from the repository root)::

    python tools/build_kb.py [--shared ../shared/data/wikidata] [--check]

Reads the verified Wikidata tables of ``--shared`` and the hand-made sources in
``kg/data/kb/`` (see :mod:`kg.resolve.kb_build`). ``--check`` only reports whether
the packaged file is up to date (exit status 1 if not).
"""

from __future__ import annotations

import logging
import sys

from kg.resolve.kb_build import main

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(main(sys.argv[1:]))
