"""Ingest: readers that turn input files into :class:`~kg.types.Dispatch` values.

- :func:`read_text`: a plain-text dispatch (wire header and page furniture stripped);
- :func:`read_jsonl`: JSON Lines, or a JSON object or list of objects;
- :func:`read_newsml`: NewsML-G2 XML;
- :func:`iter_dispatches`: files and directories, each file read by its extension.

Every reader yields :class:`~kg.errors.IngestError` values instead of raising them, so
the caller decides whether a bad input skips or stops the build.
"""

from __future__ import annotations

from kg.ingest._decode import DEFAULT_MAX_BYTES
from kg.ingest.discover import SUFFIXES, iter_dispatches, reader_name
from kg.ingest.jsonl import read_jsonl
from kg.ingest.newsml import read_newsml
from kg.ingest.text import read_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "iter_dispatches",
    "read_jsonl",
    "read_newsml",
    "read_text",
    "reader_name",
]
