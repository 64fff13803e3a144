"""Finding dispatch files and reading each with the reader its extension calls for.

Directories are walked recursively in sorted order (the same input always gives the
same sequence); hidden files and folders (``.name``) are skipped, and so are files of
other types, with a debug log. A file named explicitly is always read, as text when its
extension is unknown. Readers are looked up by name in :mod:`kg.registry`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import registry
from kg.errors import IngestError
from kg.ingest._decode import DEFAULT_MAX_BYTES
from kg.types import Dispatch

__all__ = ["SUFFIXES", "iter_dispatches", "reader_name"]

log = logging.getLogger(__name__)

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xml": "newsml",
    ".newsml": "newsml",
}
"""File extension -> registered reader name (``kg.registry`` kind ``"reader"``)."""


def reader_name(path: Path) -> str | None:
    """The reader for a file's extension, or None when the extension is not a dispatch type.

    >>> reader_name(Path("a/seed.TXT")), reader_name(Path("d.ndjson")), reader_name(Path("x.pdf"))
    ('text', 'jsonl', None)
    """
    return SUFFIXES.get(path.suffix.lower())


def iter_dispatches(
    paths: Iterable[Path],
    *,
    date: dt.date | None = None,
    lang: str | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Dispatch | IngestError]:
    """Read every dispatch under ``paths`` (files or directories), in a deterministic order.

    Args:
        paths: files and directories; directories are searched recursively.
        date: publication date to use for every dispatch instead of the one its file gives.
        lang: language code to use for every dispatch.
        encoding: encoding of the text and JSON files.
        max_bytes: size limit of a text or XML file, and of a JSON Lines line.

    Returns:
        A lazy iterator of dispatches and errors, in input order (a directory's files
        sorted by relative path). Errors (a missing path, an unreadable file or record)
        are yielded as :class:`~kg.errors.IngestError` values, never raised, so the
        caller can skip them or stop. A file reached twice is read once.

    >>> [str(e) for e in iter_dispatches([Path("/nonexistent/x.txt")])]
    ['[E100] /nonexistent/x.txt: no such file or directory (check the path)']
    """
    options = {"date": date, "lang": lang, "encoding": encoding, "max_bytes": max_bytes}
    seen: set[Path] = set()
    for item in paths:
        for file, name in _files(Path(item)):
            if isinstance(file, IngestError):
                yield file
                continue
            key = file.resolve()
            if key in seen:
                log.debug("%s: already read", file)
                continue
            seen.add(key)
            yield from registry.get("reader", name)(file, **options)


def _files(path: Path) -> Iterator[tuple[Path, str] | tuple[IngestError, str]]:
    if path.is_dir():
        yield from _walk(path)
    elif path.is_file():
        yield path, reader_name(path) or "text"
    elif path.exists():
        yield IngestError("not a regular file", where=str(path), hint="give files or directories"), ""
    else:
        yield IngestError("no such file or directory", where=str(path), hint="check the path"), ""


def _walk(root: Path) -> Iterator[tuple[Path, str] | tuple[IngestError, str]]:
    errors: list[OSError] = []
    found: list[tuple[tuple[str, ...], Path, str]] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            file = Path(folder) / f
            if f.startswith("."):
                log.debug("%s: hidden file skipped", file)
                continue
            name = reader_name(file)
            if name is None:
                log.debug("%s: not a dispatch file type, skipped", file)
                continue
            if not file.is_file():
                log.debug("%s: not a regular file, skipped", file)
                continue
            found.append((file.relative_to(root).parts, file, name))
    for e in errors:
        yield IngestError(f"cannot list: {e.strerror or e}", where=str(e.filename or root)), ""
    for _, file, name in sorted(found):
        yield file, name
