"""Plain-text dispatches: one story per file, with or without a wire header.

The file's base name is the dispatch's ``source_name``. The header (desk tag, title,
agency and dates, dateline) and the page furniture at the end (photo credit and
caption, share buttons, signatures) are read and stripped; the body is the story
exactly as written between them, so every offset computed on it is exact. See
:mod:`kg.ingest._wire` for the layouts understood.

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "kiev.txt"
...     _ = path.write_text("KIEV, 3 mars 2022 (AFP) - Des sirènes ont retenti.", encoding="utf-8")
...     [d] = read_text(path)
>>> d.source_name, d.date.isoformat(), d.dateline, d.publisher, d.body
('kiev.txt', '2022-03-03', 'KIEV', 'AFP', 'Des sirènes ont retenti.')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from kg.errors import IngestError
from kg.ingest._common import DEFAULT_LANG, Item, Options, guarded, lang_override, published_for
from kg.ingest._decode import DEFAULT_MAX_BYTES, read_whole
from kg.ingest._wire import parse_wire
from kg.types import Dispatch

__all__ = ["read_text"]


def read_text(
    path: Path,
    *,
    date: dt.date | None = None,
    lang: str | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Dispatch | IngestError]:
    """Read one plain-text dispatch.

    Args:
        path: the text file.
        date: publication date to use instead of the one the header gives; needed when
            the text has no header.
        lang: language code to use instead of the default ``"fr"``.
        encoding: the file's encoding.
        max_bytes: larger files are refused from their size, before reading.

    Returns:
        A lazy iterator of one :class:`~kg.types.Dispatch`, or of one
        :class:`~kg.errors.IngestError` saying why the file could not be read (empty,
        binary, wrong encoding, too large, no date). Errors are yielded, never raised.
    """
    path = Path(path)
    return guarded(path, _read(path, Options(date, lang, encoding, max_bytes)))


def _read(path: Path, opts: Options) -> Iterator[Item]:
    where = str(path)
    lang = lang_override(opts, where=where)
    if isinstance(lang, IngestError):
        yield lang
        return
    text = read_whole(path, encoding=opts.encoding, max_bytes=opts.max_bytes)
    if isinstance(text, IngestError):
        yield text
        return
    wire = parse_wire(text, header=True)
    if not wire.body:
        yield IngestError("no story text besides the header and page furniture", where=where)
        return
    day = opts.date or wire.date
    if day is None:
        yield IngestError("no date found in the text", where=where, hint="pass --date YYYY-MM-DD")
        return
    yield Dispatch(
        source_name=path.name,
        body=wire.body,
        date=day,
        lang=lang or DEFAULT_LANG,
        title=wire.title,
        published=published_for(day, wire.published),
        publisher=wire.publisher,
        dateline=wire.dateline,
        origin=where,
        extra=wire.extra(),
    )
