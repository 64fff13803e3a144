"""JSON dispatches: JSON Lines (one record per line) and plain JSON (an object or a list of them).

A record's fields:

=============  ===========================================================================
``id``         the dispatch's ``source_name`` (default ``"<file name>#<line>"``)
``text``       the story (required, not empty); a dateline lead ("BEYROUTH (AFP) -") and
               trailing signatures ("Avec AFP") are read and stripped, the rest is kept exact
``date``       ``YYYY-MM-DD`` or an ISO timestamp (required unless the lead or ``--date`` gives it)
``title``      the headline
``lang``       language tag (default ``"fr"``)
``source``     where the text comes from; the agency it names becomes the publisher
``url``        the story's address
``publisher``  the publisher, when given explicitly
``dateline``   the dateline place, when given explicitly
=============  ===========================================================================

Other fields are kept in :attr:`Dispatch.extra` (so is ``source``). JSON Lines files are
streamed: a bad line yields an error naming ``file:line`` and the other lines still come
through; ``max_bytes`` applies to each line. A ``.json`` file is read whole (``max_bytes``
applies to the file); if it holds several top-level values it is read as JSON Lines.

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "d.jsonl"
...     lines = '{"id": "a", "date": "2020-01-02", "text": "Un texte."}\\n{oops\\n'
...     _ = path.write_text(lines, encoding="utf-8")
...     items = list(read_jsonl(path))
>>> items[0].source_name, items[0].date.isoformat(), items[0].origin.endswith("d.jsonl:1")
('a', '2020-01-02', True)
>>> str(items[1]).startswith("[E100]") and "d.jsonl:2" in str(items[1])
True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import IngestError
from kg.ingest._common import (
    DEFAULT_LANG,
    Item,
    Options,
    guarded,
    lang_override,
    normalise_lang,
    published_for,
    publisher_from_source,
)
from kg.ingest._decode import (
    DEFAULT_MAX_BYTES,
    LongLine,
    binary_error,
    codec_name,
    decode,
    is_wide,
    iter_lines,
    read_whole,
    too_large,
)
from kg.ingest._wire import parse_wire
from kg.types import Dispatch

__all__ = ["read_jsonl"]

_STRING_FIELDS = ("title", "lang", "source", "url", "publisher", "dateline")
_KNOWN = frozenset({"id", "text", "date", *_STRING_FIELDS})
_SNIFF = 8192
_LINE_HINT = "each line must hold one JSON object"


def read_jsonl(
    path: Path,
    *,
    date: dt.date | None = None,
    lang: str | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Dispatch | IngestError]:
    """Read the dispatches of a JSON Lines or JSON file.

    Args:
        path: a ``.jsonl``/``.ndjson`` file (one object per line) or a ``.json`` file (an
            object, a list of objects, or JSON Lines).
        date: publication date to use instead of each record's ``date``.
        lang: language code to use instead of each record's ``lang``.
        encoding: the file's encoding.
        max_bytes: the largest line of a JSON Lines file, or the largest ``.json`` file.

    Returns:
        A lazy iterator of one item per record, in file order: a
        :class:`~kg.types.Dispatch`, or an :class:`~kg.errors.IngestError` naming the
        file and line of a record that could not be read. Errors are yielded, never raised.
    """
    path = Path(path)
    return guarded(path, _read(path, Options(date, lang, encoding, max_bytes)))


def _read(path: Path, opts: Options) -> Iterator[Item]:
    where = str(path)
    lang = lang_override(opts, where=where)
    if isinstance(lang, IngestError):
        yield lang
        return
    codec = codec_name(opts.encoding)
    if isinstance(codec, IngestError):
        codec.where = where
        yield codec
        return
    if path.suffix.lower() == ".json" or is_wide(codec):
        yield from _read_document(path, opts)
    else:
        yield from _read_stream(path, opts, codec)


def _read_stream(path: Path, opts: Options, codec: str) -> Iterator[Item]:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
        if not head:
            yield IngestError(
                "file is empty", where=str(path), hint="give a file with one JSON object per line"
            )
            return
        err = binary_error(head, where=str(path), codec=codec)
        if err is not None:
            yield err
            return
        fh.seek(0)

        def lines() -> Iterator[tuple[int, str | IngestError]]:
            for n, raw in enumerate(iter_lines(fh, opts.max_bytes), 1):
                where = f"{path}:{n}"
                if isinstance(raw, LongLine):
                    yield n, too_large(raw.size, opts.max_bytes, where=where, what="line")
                else:
                    yield n, decode(raw, codec=codec, where=where, encoding=opts.encoding)

        yield from _records_from_lines(path, lines(), opts)


def _records_from_lines(
    path: Path, lines: Iterable[tuple[int, str | IngestError]], opts: Options
) -> Iterator[Item]:
    empty = True
    for n, line in lines:
        if isinstance(line, str) and not line.strip():
            continue
        empty = False
        if isinstance(line, IngestError):
            yield line
            continue
        where = f"{path}:{n}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(f"malformed JSON: {_msg(e)} at column {e.colno}", where=where, hint=_LINE_HINT)
            continue
        if not isinstance(value, dict):
            yield IngestError(f"record is {_kind(value)}, not a JSON object", where=where, hint=_LINE_HINT)
            continue
        yield _record(value, origin=where, fallback=f"{path.name}#{n}", opts=opts)
    if empty:
        yield IngestError(
            "file has only whitespace", where=str(path), hint="give a file with one JSON object per line"
        )


def _read_document(path: Path, opts: Options) -> Iterator[Item]:
    text = read_whole(path, encoding=opts.encoding, max_bytes=opts.max_bytes)
    if isinstance(text, IngestError):
        yield text
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":  # several top-level values: JSON Lines in a .json file
            yield from _records_from_lines(path, enumerate(text.split("\n"), 1), opts)
        else:
            yield IngestError(
                f"malformed JSON: {_msg(e)} at line {e.lineno}, column {e.colno}",
                where=f"{path}:{e.lineno}",
                hint="a .json file holds one object or a list of objects",
            )
        return
    if isinstance(value, dict):
        yield _record(value, origin=str(path), fallback=path.name, opts=opts)
    elif isinstance(value, list):
        if not value:
            yield IngestError(
                "the JSON list is empty", where=str(path), hint="give a list of dispatch objects"
            )
        for item, line in zip(value, _item_lines(text), strict=True):
            where = f"{path}:{line}"
            if isinstance(item, dict):
                yield _record(item, origin=where, fallback=f"{path.name}#{line}", opts=opts)
            else:
                yield IngestError(f"list item is {_kind(item)}, not a JSON object", where=where)
    else:
        yield IngestError(
            f"JSON document is {_kind(value)}, not an object or a list of objects",
            where=str(path),
            hint='give {"id": ..., "date": ..., "text": ...} or a list of such objects',
        )


def _item_lines(text: str) -> Iterator[int]:
    """The line each item of a (valid) top-level JSON list starts on."""
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    line, counted = 1, 0
    while True:
        while text[pos] in " \t\n\r,":
            pos += 1
        if text[pos] == "]":
            return
        line += text.count("\n", counted, pos)
        counted = pos
        yield line
        _, pos = decoder.raw_decode(text, pos)


def _msg(e: json.JSONDecodeError) -> str:
    return e.msg.removesuffix(" at")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _record(rec: dict[str, Any], *, origin: str, fallback: str, opts: Options) -> Item:
    """One record as a dispatch, or the error that prevents it."""
    rid = rec.get("id")
    if rid is None:
        name = fallback
    elif isinstance(rid, bool) or not isinstance(rid, str | int):
        return IngestError(f'"id" is {_kind(rid)}, not a string', where=origin)
    else:
        name = str(rid).strip()
        if not name:
            return IngestError('"id" is empty', where=origin, hint="give each record a distinct id")
    where = origin if rid is None else f"{origin} (id {name!r})"

    if "text" not in rec:
        return IngestError('record has no "text" field', where=where, hint='put the story in "text"')
    text = rec["text"]
    if not isinstance(text, str):
        return IngestError(f'"text" is {_kind(text)}, not a string', where=where)
    if not text.strip():
        return IngestError('"text" is empty', where=where, hint='put the story in "text"')
    fields: dict[str, str | None] = {}
    for key in _STRING_FIELDS:
        value = rec.get(key)
        if value is not None and not isinstance(value, str):
            return IngestError(f'"{key}" is {_kind(value)}, not a string', where=where)
        fields[key] = (value.strip() or None) if isinstance(value, str) else None

    wire = parse_wire(text.replace("\r\n", "\n").replace("\r", "\n"), header=False)
    if not wire.body:
        return IngestError('"text" has no story after its dateline', where=where)

    stamp: dt.datetime | None = None
    day = opts.date
    raw_date = rec.get("date")
    if day is None and raw_date is not None:
        parsed = _parse_date(raw_date)
        if parsed is None:
            return IngestError(
                f'"date" is not an ISO date: {raw_date!r}', where=where, hint="write it as YYYY-MM-DD"
            )
        day, stamp = parsed
    if day is None:
        day, stamp = wire.date, wire.published
    if day is None:
        return IngestError(
            'record has no "date"',
            where=where,
            hint='add "date": "YYYY-MM-DD" to the record, or pass --date YYYY-MM-DD',
        )

    lang = lang_override(opts, where=where)
    if isinstance(lang, IngestError):
        return lang
    if lang is None and fields["lang"] is not None:
        lang = normalise_lang(fields["lang"])
        if lang is None:
            return IngestError(
                f'"lang" is not a language code: {fields["lang"]!r}', where=where, hint='e.g. "fr"'
            )

    source = fields["source"]
    publisher = fields["publisher"] or wire.publisher or (publisher_from_source(source) if source else None)
    extra: dict[str, Any] = {k: v for k, v in rec.items() if k not in _KNOWN}
    if source:
        extra["source"] = source
    for key, value in wire.extra().items():
        extra.setdefault(key, value)
    return Dispatch(
        source_name=name,
        body=wire.body,
        date=day,
        lang=lang or DEFAULT_LANG,
        title=fields["title"],
        published=published_for(day, stamp),
        publisher=publisher,
        dateline=fields["dateline"] or wire.dateline,
        url=fields["url"],
        origin=origin,
        extra=extra,
    )


def _parse_date(value: object) -> tuple[dt.date, dt.datetime | None] | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value), None
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp.date(), stamp
