"""NewsML-G2 dispatches (IPTC, namespace ``http://iptc.org/std/nar/2006-10-01/``).

A file holds one ``newsItem``, or a ``newsMessage`` (or a ``packageItem``) carrying
several. For each item:

=====================  ====================================================================
``source_name``        the file name when the file holds one item, else the item's ``guid``
``title``              ``contentMeta/headline``
``date``/``published``  ``itemMeta/versionCreated``, else ``itemMeta/firstCreated``, else
                       ``contentMeta/contentCreated``
``lang``               ``contentMeta/language/@tag``, else ``xml:lang`` (item, then root)
``dateline``           ``contentMeta/located/name``, else the place of ``contentMeta/dateline``,
                       else the body's dateline lead
``publisher``          ``contentMeta/infoSource``, else ``itemMeta/provider``
``body``               ``contentSet/inlineXML`` (XHTML or NITF: paragraphs joined with a blank
                       line), else ``contentSet/inlineData``; a leading "VILLE (AFP) -" is stripped
=====================  ====================================================================

The XML is parsed with expat directly, refusing any ``<!DOCTYPE>`` and entity declaration,
so entity-expansion attacks ("billion laughs") and external entities cannot run.

>>> import tempfile
>>> from pathlib import Path
>>> xml = '''<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1">
...   <itemMeta><versionCreated>2019-04-08T09:30:00Z</versionCreated></itemMeta>
...   <contentMeta><headline>Un titre</headline><language tag="fr"/></contentMeta>
...   <contentSet><inlineData>TRIPOLI (AFP) - Les vols ont repris.</inlineData></contentSet>
... </newsItem>'''
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "item.xml"
...     _ = path.write_text(xml, encoding="utf-8")
...     [d] = read_newsml(path)
>>> d.source_name, d.title, d.date.isoformat(), d.dateline, d.body
('item.xml', 'Un titre', '2019-04-08', 'TRIPOLI', 'Les vols ont repris.')
"""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from kg.errors import IngestError
from kg.ingest._common import (
    DEFAULT_LANG,
    Item,
    Options,
    guarded,
    lang_override,
    normalise_lang,
    published_for,
)
from kg.ingest._decode import DEFAULT_MAX_BYTES, binary_error, check_size, codec_name
from kg.ingest._wire import canonical_agencies, parse_wire, read_dateline
from kg.types import Dispatch

__all__ = ["G2_NS", "read_newsml"]

log = logging.getLogger(__name__)

G2_NS = "http://iptc.org/std/nar/2006-10-01/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ITEM_ROOTS = frozenset({"newsItem", "newsMessage", "packageItem"})
_OTHER_G2_ROOTS = frozenset({"knowledgeItem", "conceptItem", "planningItem", "catalogItem"})
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dd", "dt"})
_SKIP = frozenset({"head", "title", "script", "style", "hedline", "byline", "dateline"})
_DATE_FIELDS = (
    ("itemMeta", "versionCreated"),
    ("itemMeta", "firstCreated"),
    ("contentMeta", "contentCreated"),
)
_G2_HINT = f"give a NewsML-G2 newsItem, namespace {G2_NS}"


def read_newsml(
    path: Path,
    *,
    date: dt.date | None = None,
    lang: str | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Dispatch | IngestError]:
    """Read the news items of a NewsML-G2 file.

    Args:
        path: the XML file.
        date: publication date to use instead of each item's.
        lang: language code to use instead of each item's.
        encoding: overrides the encoding the XML declares, unless left at ``"utf-8"``
            (then the declaration, or UTF-8, rules).
        max_bytes: larger files are refused from their size, before reading.

    Returns:
        A lazy iterator of one item per ``newsItem``: a :class:`~kg.types.Dispatch`, or an
        :class:`~kg.errors.IngestError` (malformed XML with its line and column, not
        NewsML-G2, DOCTYPE refused, an item without text or date). Errors are yielded,
        never raised.
    """
    path = Path(path)
    return guarded(path, _read(path, Options(date, lang, encoding, max_bytes)))


class _RefusedError(Exception):
    """A construct refused for safety (DOCTYPE, entity declarations)."""


def _refuse(what: str) -> Any:
    def handler(*_: object) -> None:
        raise _RefusedError(what)

    return handler


def parse_xml(data: bytes, *, encoding: str | None = None) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse XML into an ElementTree, refusing DOCTYPE and entities; also the line of each element.

    Raises:
        expat.ExpatError: malformed XML.
        _RefusedError: a DOCTYPE or an entity declaration.
    """
    parser = expat.ParserCreate(encoding, namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}

    def qname(name: str) -> str:
        return "{" + name if "}" in name else name

    def start(name: str, attrs: dict[str, str]) -> None:
        elem = builder.start(qname(name), {qname(k): v for k, v in attrs.items()})
        lines[elem] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(qname(name))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse("a DOCTYPE declaration")
    parser.EntityDeclHandler = _refuse("an entity declaration")
    parser.UnparsedEntityDeclHandler = _refuse("an unparsed entity declaration")
    parser.ExternalEntityRefHandler = _refuse("an external entity")
    parser.Parse(data, True)
    return builder.close(), lines


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
    err = check_size(path, opts.max_bytes)
    if err is not None:
        yield err
        return
    data = path.read_bytes()
    if not data.strip():
        yield IngestError(
            "file is empty" if not data else "file has only whitespace", where=where, hint=_G2_HINT
        )
        return
    # An XML file may be UTF-16 by its own byte order mark; otherwise a NUL byte means binary.
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        err = binary_error(data, where=where, codec=codec)
        if err is not None:
            yield err
            return
    override = None if codec == "utf-8" else opts.encoding
    try:
        root, lines = parse_xml(data, encoding=override)
    except _RefusedError as e:
        yield IngestError(
            f"refused: the XML contains {e} (entity expansion protection)",
            where=where,
            hint="NewsML-G2 needs no DOCTYPE; remove it",
        )
        return
    except expat.ExpatError as e:
        yield IngestError(
            f"malformed XML: {expat.ErrorString(e.code)} at line {e.lineno}, column {e.offset + 1}",
            where=f"{path}:{e.lineno}",
            hint="fix the XML; a NewsML-G2 newsItem is expected",
        )
        return
    ns, local = _split(root.tag)
    if ns != G2_NS or local not in _ITEM_ROOTS | _OTHER_G2_ROOTS:
        detail = f" in namespace {ns}" if ns and local in _ITEM_ROOTS else ""
        yield IngestError(f"not NewsML-G2: root element is <{local}>{detail}", where=where, hint=_G2_HINT)
        return
    if local in _OTHER_G2_ROOTS:
        yield IngestError(f"a NewsML-G2 <{local}> holds no news text", where=where, hint=_G2_HINT)
        return
    items = [root] if local == "newsItem" else list(root.iter(_g2("newsItem")))
    if not items:
        yield IngestError(
            f"<{local}> holds no newsItem",
            where=where,
            hint="items referenced by itemRef are not fetched; give the newsItems",
        )
        return
    root_lang = root.get(_XML_LANG)
    for n, item in enumerate(items, 1):
        if len(items) == 1:
            name, origin = path.name, str(path)
        else:
            name, origin = item.get("guid") or f"{path.name}#{n}", f"{path}:{lines.get(item, 1)}"
        yield _item(item, name=name, origin=origin, root_lang=root_lang, lang=lang, opts=opts)


def _g2(local: str) -> str:
    return f"{{{G2_NS}}}{local}"


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _text(elem: ET.Element | None) -> str | None:
    """An element's text, white space collapsed (``<br/>`` counts as a space)."""
    if elem is None:
        return None
    parts: list[str] = []

    def walk(e: ET.Element) -> None:
        parts.append(e.text or "")
        for child in e:
            if _split(child.tag)[1] == "br":
                parts.append(" ")
            else:
                walk(child)
            parts.append(child.tail or "")

    walk(elem)
    return " ".join("".join(parts).split()) or None


def _item(
    item: ET.Element, *, name: str, origin: str, root_lang: str | None, lang: str | None, opts: Options
) -> Item:
    item_meta = item.find(_g2("itemMeta"))
    content_meta = item.find(_g2("contentMeta"))
    guid = item.get("guid")
    where = f"{origin} (guid {guid})" if guid else origin

    raw_body = _body(item)
    if raw_body is None:
        return IngestError(
            "newsItem has no inline text (contentSet/inlineXML or inlineData)",
            where=where,
            hint="remoteContent is not fetched; give the text inline",
        )
    wire = parse_wire(raw_body, header=False)
    if not wire.body:
        return IngestError("newsItem text is empty", where=where)

    day, stamp = opts.date, None
    if day is None:
        for parent, tag in _DATE_FIELDS:
            value = _text(item.find(f"{_g2(parent)}/{_g2(tag)}"))
            parsed = _parse_stamp(value) if value else None
            if parsed is not None:
                day, stamp = parsed
                break
            if value:
                log.debug("%s: %s/%s %r is not a date", where, parent, tag, value)
    if day is None:
        day, stamp = wire.date, wire.published
    if day is None:
        return IngestError(
            "newsItem has no date (itemMeta/versionCreated or contentMeta/contentCreated)",
            where=where,
            hint="pass --date YYYY-MM-DD",
        )

    if lang is None:
        tags: list[str | None] = (
            [] if content_meta is None else [e.get("tag") for e in content_meta.iter(_g2("language"))]
        )
        for candidate in [*tags, item.get(_XML_LANG), root_lang]:
            if candidate and (code := normalise_lang(candidate)):
                lang = code
                break

    dateline = None
    if content_meta is not None:
        dateline = _text(content_meta.find(f"{_g2('located')}/{_g2('name')}"))
        written = _text(content_meta.find(_g2("dateline")))
        if dateline is None and written:
            dateline = read_dateline(written)[0]
    sources = [
        *(content_meta.iter(_g2("infoSource")) if content_meta is not None else ()),
        *(item_meta.iter(_g2("provider")) if item_meta is not None else ()),
    ]
    publisher = next((p for p in map(_party, sources) if p), None)
    title = _text(content_meta.find(_g2("headline"))) if content_meta is not None else None
    extra: dict[str, Any] = {"guid": guid} if guid else {}
    if item.get("version"):
        extra["version"] = item.get("version")
    extra.update(wire.extra())
    return Dispatch(
        source_name=name,
        body=wire.body,
        date=day,
        lang=lang or DEFAULT_LANG,
        title=title,
        published=published_for(day, stamp),
        publisher=publisher or wire.publisher,
        dateline=dateline or wire.dateline,
        origin=origin,
        extra=extra,
    )


def _party(elem: ET.Element) -> str | None:
    """A provider or info source: its name, literal, or the code of its qcode ("nprov:AFP")."""
    name = _text(elem.find(_g2("name"))) or elem.get("literal")
    if not name and elem.get("qcode"):
        name = elem.get("qcode", "").rpartition(":")[2]
    if not name:
        return None
    agencies = canonical_agencies(name)
    return agencies[0] if agencies else name


def _parse_stamp(value: str) -> tuple[dt.date, dt.datetime | None] | None:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value), None
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp.date(), stamp


def _body(item: ET.Element) -> str | None:
    content = item.find(_g2("contentSet"))
    if content is None:
        return None
    for elem in content.iter(_g2("inlineXML")):
        paragraphs = list(_paragraphs(elem))
        if paragraphs:
            return "\n\n".join(paragraphs)
        text = _text(elem)
        if text:
            return text
    for elem in content.iter(_g2("inlineData")):
        text = (elem.text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if text:
            return text
    return None


def _paragraphs(elem: ET.Element) -> Iterator[str]:
    """The text of each block (``p``, ``h2``, ``li``…) under ``elem``, white space collapsed."""
    for child in elem:
        local = _split(child.tag)[1] if isinstance(child.tag, str) else ""
        if local in _SKIP:
            continue
        if local in _BLOCKS and not any(_split(d.tag)[1] in _BLOCKS for d in child.iter() if d is not child):
            text = _text(child)
            if text:
                yield text
        else:
            yield from _paragraphs(child)
