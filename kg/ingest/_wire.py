"""Wire-copy conventions: agencies, dates, datelines, page headers and page furniture.

:func:`parse_wire` finds where the story of a wire text starts and ends and what the
header around it says. It never rewrites the text: the story is ``text[start:end]``, so
offsets computed on it stay exact. Layouts it knows (agency among AFP, Reuters, AP…,
dash among ``-``, ``–``, ``—``):

- a page text: ``DESK Title AFP 2019-05-14 14 Mai 2019 AFP Ville (Pays) (AFP) – story``
  followed by furniture (a photo credit ``© AFP NAME caption``, share buttons);
- ``Title\\n\\nVILLE, 5 déc 2016 (AFP) - story``, ``PARIS (AFP) - story``,
  ``5 mai (Reuters) - story``, ``par Prénom Nom VILLE (Reuters) - story``,
  ``Ville, Pays | AFP | jeudi 28/11/2024 - story``;
- a bare lead ``Ville — story`` (a capitalised place, no agency), or an all-capital kicker
  ``BOMBARDEMENT - story``;
- trailing signatures: ``Avec AFP``, ``afp/jb``, ``(©AFP / 22 février 2018 17h15)``,
  ``(Reportage Reuters, version française …)``.

Month names come from the shared time lexicon (``kg/data/lexicons/time.v1.json``); their
abbreviations ("déc", "janv.", "sept") are the unambiguous prefixes of at least three letters.

>>> w = parse_wire("Un titre\\n\\nBEYROUTH, 5 déc 2016 (AFP) - Des frappes ont visé la ville.")
>>> w.title, w.dateline, w.date, w.publisher
('Un titre', 'BEYROUTH', datetime.date(2016, 12, 5), 'AFP')
>>> w.body
'Des frappes ont visé la ville.'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import takewhile
from typing import Any

from kg.resources import load_json

# Small words allowed inside a place name ("Le Caire", "Saint-Jean de Luz", "Ras al Aïn").
_PLACE_CONNECTORS = frozenset(
    {"de", "du", "des", "la", "le", "les", "d'", "l'", "d’", "l’", "el", "al", "sur", "en"}
)
_MAX_PLACE_TOKENS = 5
_MAX_TITLE_CHARS = 400
_MAX_STANDFIRST_CHARS = 1000
_MAX_RUBRIC_WORDS = 3
_SIGNATURE_SCAN = 400
# "…la ville. Les rebelles…": a sentence ends inside (a lowercase word, then a capital); not "M. Macron".
_SENTENCE_BREAK = re.compile(r"[a-zà-ÿ]{2}[.!?…][»”\"]?\s+[«“\"]?[A-ZÀ-Ý]")
_HEADER_SCAN = 1500  # a page header and its dateline end within this many characters
_LEAD_SCAN = 200  # a lead ("VILLE (AFP) -") ends within this many characters of the start

_DASH = r"(?:--|[-–—])"
_WS = r"[^\S\n]"  # horizontal white space


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


@cache
def _months() -> dict[str, int]:
    """Month names from the time lexicon, plus their unambiguous prefixes (>= 3 letters)."""
    names: dict[str, int] = {
        k.lower(): int(v) for k, v in load_json("lexicons", "time.v1.json")["months"].items()
    }
    prefixes: dict[str, int | None] = {}
    for name, month in names.items():
        for k in range(3, len(name)):
            p = name[:k]
            prefixes[p] = month if prefixes.get(p, month) == month else None
    out = {p: m for p, m in prefixes.items() if m is not None}
    out.update(names)
    return out


@cache
def agency_names() -> dict[str, str]:
    """Surface form -> canonical agency name (the publisher a dispatch gets), from the wire lexicon."""
    return {str(k): str(v) for k, v in load_json("lexicons", "wire.v1.json")["agencies"].items()}


@cache
def _weekdays() -> tuple[str, ...]:
    return tuple(load_json("lexicons", "time.v1.json")["weekdays"])


@dataclass(frozen=True)
class _Patterns:
    agency: re.Pattern[str]
    agencies: str
    date: str
    iso: re.Pattern[str]
    human: re.Pattern[str]
    numeric: re.Pattern[str]
    marker: re.Pattern[str]
    meta: re.Pattern[str]
    date_tail: re.Pattern[str]
    date_line: re.Pattern[str]
    agency_line: re.Pattern[str]
    agency_run: re.Pattern[str]
    signatures: tuple[re.Pattern[str], ...]


@cache
def _patterns() -> _Patterns:
    agency = rf"(?<![\w-])(?:{_alt(agency_names())})(?!\w)"
    agencies = rf"{agency}(?:{_WS}*/{_WS}*{agency})*"
    month = rf"(?i:{_alt(_months())})(?!\w)\.?"
    weekday = rf"(?i:{_alt(_weekdays())})(?!\w)"
    iso = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
    numeric = rf"(?:{weekday},?{_WS}+)?\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}(?!\d)"
    human = rf"(?:{weekday},?{_WS}+)?(?<!\d)\d{{1,2}}(?:er)?{_WS}+{month}(?:{_WS}+\d{{4}}(?!\d))?"
    time = rf"(?:(?:à|-|–|,){_WS}*)?\d{{1,2}}{_WS}?[h:]{_WS}?\d{{2}}(?!\d)"
    date = rf"(?:{iso}|{numeric}|{human})(?:{_WS}+{time})?"
    return _Patterns(
        agency=re.compile(agency),
        agencies=agencies,
        date=date,
        iso=re.compile(
            r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
            r"(?:[T ](?P<t>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<z>Z|[+-]\d{2}:?\d{2})?)?"
        ),
        human=re.compile(rf"(?P<d>\d{{1,2}})(?:er)?{_WS}+(?P<m>{month})(?:{_WS}+(?P<y>\d{{4}})(?!\d))?"),
        numeric=re.compile(r"(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})"),
        # "(AFP) –" ends a dateline; "| AFP | jeudi 28/11/2024 -" is a republisher's variant.
        marker=re.compile(
            rf"\({_WS}*(?P<ag>{agencies}){_WS}*\){_WS}*{_DASH}\s*"
            rf"|\|{_WS}*(?P<ag2>{agencies}){_WS}*\|{_WS}*(?P<when>[^|\n]{{0,60}}?){_WS}*{_DASH}\s+"
        ),
        # A page header's "AFP 2016-12-05 05 Déc 2016" (agency, then one or more dates).
        meta=re.compile(rf"(?:(?<=\s)|^)(?P<ag>{agencies})\s+(?P<dates>{date}(?:\s+{date})*)"),
        date_tail=re.compile(rf"(?:(?<=[\s,])|^)(?P<date>{date}){_WS}*\Z"),
        date_line=re.compile(rf"\s*{date}\s*"),
        agency_line=re.compile(rf"\s*{agencies}\s*"),
        agency_run=re.compile(rf"(?:\s+{agencies})+"),
        signatures=(
            # "Avec AFP", "avec AFP et Reuters", "Source : AFP" closing the text
            re.compile(
                rf"\n\s*(?:[Aa]vec|[Ss]ources?{_WS}*:|[Aa]gences?{_WS}*:){_WS}*{agencies}"
                rf"(?:{_WS}*(?:,|et){_WS}*{agencies})*{_WS}*\.?\s*\Z"
            ),
            # "(Reportage Reuters, version française Jean Dupont)"
            re.compile(
                r"\(\s*(?:Reportage|Rédigé par|Rédaction|[ÉE]dité par|[Vv]ersion française|[Aa]vec)\b"
                r"[^()\n]{0,200}\)\s*\Z"
            ),
            # "afp/jb", "bur-jb/sbh": desk signatures after the last sentence
            re.compile(
                r"(?:(?<=[.!?»\"”)\n])|\A)\s*(?:[a-z]{2,8}(?:-[a-z]{2,8})*/)+[a-z]{2,8}(?:-[a-z]{2,8})*\s*\Z"
            ),
        ),
    )


def canonical_agencies(text: str) -> tuple[str, ...]:
    """Canonical agency names named in ``text``, in order, without repeats.

    >>> canonical_agencies("Le Devoir (Agence France-Presse dispatch)")
    ('AFP',)
    >>> canonical_agencies("AFP/Reuters")
    ('AFP', 'Reuters')
    """
    out: list[str] = []
    for m in _patterns().agency.finditer(text):
        name = agency_names()[m.group()]
        if name not in out:
            out.append(name)
    return tuple(out)


def parse_date(text: str, *, year: int | None = None) -> tuple[dt.date | None, dt.datetime | None]:
    """A date (and a timestamp, for ISO input with a time) from one date expression.

    >>> parse_date("05 Déc 2016")
    (datetime.date(2016, 12, 5), None)
    >>> parse_date("jeudi 28/11/2024")
    (datetime.date(2024, 11, 28), None)
    >>> parse_date("5 mai", year=2023)
    (datetime.date(2023, 5, 5), None)
    """
    p = _patterns()
    text = text.strip()
    m = p.iso.search(text)
    if m:
        try:
            if m.group("t"):
                stamp = dt.datetime.fromisoformat(m.group().replace(" ", "T"))
                return stamp.date(), stamp
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])), None
        except ValueError:
            return None, None
    m = p.numeric.search(text)
    if m:
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"])), None
    m = p.human.search(text)
    if m:
        y = int(m["y"]) if m["y"] else year
        month = _months().get(m["m"].lower().rstrip("."))
        if y is None or month is None:
            return None, None
        return _safe_date(y, month, int(m["d"])), None
    return None, None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Wire:
    """What :func:`parse_wire` read: the story's span and the header's metadata."""

    text: str
    start: int
    end: int
    title: str | None = None
    date: dt.date | None = None
    published: dt.datetime | None = None
    agencies: tuple[str, ...] = ()
    dateline: str | None = None
    dateline_country: str | None = None
    desk: str | None = None
    byline: str | None = None
    kicker: str | None = None
    standfirst: str | None = None
    _dates: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The story: ``text[start:end]``."""
        return self.text[self.start : self.end]

    @property
    def publisher(self) -> str | None:
        """The first agency named by the header or dateline."""
        return self.agencies[0] if self.agencies else None

    def extra(self) -> dict[str, Any]:
        """What was read beside the standard fields, and what was stripped (for ``Dispatch.extra``)."""
        out: dict[str, Any] = {}
        for key in ("desk", "byline", "kicker", "standfirst", "dateline_country"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if len(self.agencies) > 1:
            out["agencies"] = self.agencies
        header, footer = self.text[: self.start].strip(), self.text[self.end :].strip()
        if header:
            out["stripped_header"] = header
        if footer:
            out["stripped_furniture"] = footer
        return out

    def _add_agencies(self, text: str) -> None:
        self.agencies = tuple(dict.fromkeys(self.agencies + canonical_agencies(text)))


@dataclass
class _Dateline:
    start: int  # where, in the zone, the dateline begins
    place: str | None = None
    country: str | None = None
    date_text: str | None = None


def _split_dateline(zone: str, end: int | None = None) -> _Dateline:
    """Read a dateline backwards from the end of ``zone``: ``Place[, Country| (Country)][, date]``."""
    p = _patterns()
    line_start = zone.rfind("\n", 0, end) + 1
    end = len(zone[:end].rstrip().rstrip(","))
    out = _Dateline(start=end)
    if end <= line_start:
        return out
    m = re.search(r"\(\s*([^()\n]{2,40}?)\s*\)\s*\Z", zone[:end])
    if m and m.start() >= line_start and not p.agency.fullmatch(m.group(1)):
        out.country = m.group(1)
        end = len(zone[: m.start()].rstrip())
    m = p.date_tail.search(zone, line_start, end)
    if m:
        out.date_text = m.group("date")
        end = m.start()
        while end > line_start and zone[end - 1] in " ,\t\xa0\u202f":
            end -= 1
    out.start = end
    tokens = list(re.finditer(r"\S+", zone[line_start:end]))
    accepted: list[tuple[int, int, str]] = []  # (start, end, word), right to left
    comma_at: int | None = None  # number of tokens right of a "Place, Country" comma
    for tok in reversed(tokens):
        word = tok.group()
        comma = word.endswith(",") and len(word) > 1
        if comma:
            word = word[:-1]
        if p.agency.fullmatch(word) or any(c.isdigit() for c in word) or not word[0].isalpha():
            break
        if not (word[0].isupper() or (word.lower() in _PLACE_CONNECTORS and accepted)):
            break
        if comma:
            if not accepted or comma_at is not None:
                break
            comma_at = len(accepted)
        accepted.append((line_start + tok.start(), line_start + tok.start() + len(word), word))
        if len(accepted) > _MAX_PLACE_TOKENS:
            return out
    while accepted and accepted[-1][2] in _PLACE_CONNECTORS:  # "de Paris": not "Le Caire"
        accepted.pop()
    if not accepted:
        return out
    country_tokens = accepted[:comma_at] if comma_at is not None else []
    place_tokens = accepted[comma_at:] if comma_at is not None else accepted
    # "par Felix Light EREVAN": a capitalised dateline stands apart from the byline before it.
    if _all_caps(place_tokens[0][2]):
        place_tokens = list(takewhile(lambda t: _all_caps(t[2]), place_tokens))
    out.start = place_tokens[-1][0]
    out.place = zone[place_tokens[-1][0] : place_tokens[0][1]]
    if country_tokens and not out.country:
        out.country = zone[country_tokens[-1][0] : country_tokens[0][1]]
    return out


def _all_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


_BYLINE = re.compile(
    r"(?:^|(?<=\s))(?:[Pp]ar|By)\s+(?P<name>[A-ZÀ-Ý][\w'’.-]*(?:[^\S\n]+[A-ZÀ-Ý][\w'’.-]*){0,3})\s*\Z"
)
_DESK = re.compile(r"\s*(?P<desk>[A-Z][A-Z0-9]{3,})[^\S\n]+(?=[\"«“A-ZÀ-Ý])")


@dataclass
class _Header:
    title: str | None = None
    desk: str | None = None
    byline: str | None = None
    standfirst: str | None = None
    kicker: str | None = None
    agencies: str = ""  # the text the agencies were named in
    dates: list[str] = field(default_factory=list)


def _read_header(head: str) -> _Header | None:
    """Read a page header (desk, title, agency and dates, byline); None if it is not one."""
    p = _patterns()
    out = _Header()
    m = _DESK.match(head)
    pos = 0
    if m and not p.agency.fullmatch(m.group("desk")):
        out.desk = m.group("desk")
        pos = m.end()
    title_end = len(head)
    meta = p.meta.search(head, pos)
    if meta:
        title_end = meta.start()
        out.agencies = meta.group("ag") + " " + head[meta.end() :]
        out.dates.extend(d.group() for d in re.finditer(p.date, meta.group("dates")))
        b = _BYLINE.search(head, meta.end())
        if b:
            out.byline = b.group("name")
    kept: list[str] = []
    for line in head[pos:title_end].split("\n"):
        if p.date_line.fullmatch(line):
            out.dates.append(line.strip())
        elif p.agency_line.fullmatch(line):
            out.agencies += " " + line
        elif line.strip():
            kept.append(line)
    rest = "\n".join(kept)
    b = _BYLINE.search(rest)
    if b:
        out.byline = out.byline or b.group("name")
        rest = rest[: b.start()]
    # The first line is the title (after a rubric of a few words: "Syrie"); a standfirst may follow.
    lines = [line for line in rest.split("\n") if line.strip()]
    if (
        len(lines) > 1
        and len(lines[0].split()) <= _MAX_RUBRIC_WORDS
        and lines[0].strip()[-1] not in ".!?"
        and not _SENTENCE_BREAK.search(lines[1])
    ):
        out.kicker = _collapse(lines.pop(0)).rstrip(" -–—|:")
    title = _collapse(lines[0]).rstrip(" -–—|:") if lines else ""
    out.standfirst = _collapse(" ".join(lines[1:])) or None
    if len(title) > _MAX_TITLE_CHARS or _SENTENCE_BREAK.search(title):
        return None  # running text, not a header: the "(AFP)" found is inside the story
    if out.standfirst and len(out.standfirst) > _MAX_STANDFIRST_CHARS:
        return None
    out.title = title or None
    return out


def _apply_header(w: Wire, h: _Header) -> None:
    w.title, w.desk, w.byline, w.standfirst, w.kicker = (
        h.title,
        h.desk,
        h.byline or w.byline,
        h.standfirst,
        h.kicker,
    )
    w._add_agencies(h.agencies)
    w._dates.extend(h.dates)


_BARE_LEAD = re.compile(rf"(?P<zone>[^\n|()–—]{{1,80}}?){_WS}+{_DASH}{_WS}+(?=[\"«“'’A-ZÀ-Ý0-9])")


def _read_lead(w: Wire, text: str, start: int, *, header: bool) -> int:
    """Read a header and dateline lead from ``start``; return where the story begins after it."""
    p = _patterns()
    limit = min(len(text), start + (_HEADER_SCAN if header else _LEAD_SCAN))
    for m in p.marker.finditer(text, start, limit):
        d = _split_dateline(text, m.start())
        if d.start < start:
            continue
        rest = text[start : d.start]
        if header:
            h = _read_header(rest)
            if h is None:
                continue
            _apply_header(w, h)
        elif rest.strip():
            b = _BYLINE.search(rest)
            if not b or rest[: b.start()].strip():
                continue
            w.byline = b.group("name")
        w._add_agencies(m.group("ag") or m.group("ag2"))
        when = (m.group("when") or "").strip()
        w._dates.extend(s for s in (d.date_text, when) if s)
        w.dateline, w.dateline_country = d.place, d.country
        return m.end()
    if header:
        meta = p.meta.search(text, start, limit)
        if meta:
            after = meta.end()
            extra = p.agency_run.match(text, after)
            if extra:
                after = extra.end()
            h = _read_header(text[start:after])
            if h is not None:
                _apply_header(w, h)
                return _read_bare_lead(w, text, after)
        start = _read_title_block(w, text, start)
    return _read_bare_lead(w, text, start)


_TITLE_BLOCK = re.compile(r"\s*(?P<line>[^\n]{1,200})\n[^\S\n]*\n\s*(?=\S)")


def _read_title_block(w: Wire, text: str, start: int) -> int:
    """A first paragraph of one short line without final punctuation is a title."""
    m = _TITLE_BLOCK.match(text, start)
    if not m:
        return start
    line = m.group("line").strip()
    if not line or line[-1] in ".,;:" or len(text) - m.end() < len(line):
        return start
    w.title = line
    return m.end()


def _read_bare_lead(w: Wire, text: str, start: int) -> int:
    """``Ville — story`` (a dateline without agency) or ``KICKER - story``."""
    while start < len(text) and text[start].isspace():
        start += 1
    m = _BARE_LEAD.match(text, start)
    if not m:
        return start
    zone = m.group("zone")
    d = _split_dateline(zone)
    if d.start != 0 or not (d.place or d.date_text):
        return start
    if d.place and _all_caps(d.place) and not (d.date_text or d.country):
        w.kicker = d.place
    else:
        w.dateline, w.dateline_country = d.place, d.country
        if d.date_text:
            w._dates.append(d.date_text)
    return m.end()


_FURNITURE = re.compile(
    r"\(©|©"
    r"|Cliqu(?:ez|er) pour (?:partager|imprimer|envoyer)"
    r"|\(ouvre dans une nouvelle fenêtre\)"
    r"|Partager (?:sur (?:Facebook|Twitter|X|LinkedIn|WhatsApp)|cet article)"
)


def _story_end(text: str, start: int) -> int:
    """Where the story ends: before furniture (photo credit, share buttons) and signatures."""
    m = _FURNITURE.search(text, start)
    end = m.start() if m else len(text)
    changed = True
    while changed:
        changed = False
        while end > start and text[end - 1].isspace():
            end -= 1
        window = max(start, end - _SIGNATURE_SCAN)  # signatures close the text: look at its end only
        for sig in _patterns().signatures:
            s = sig.search(text, window, end)
            if s and s.start() > start:
                end, changed = s.start(), True
    return end


def read_dateline(text: str) -> tuple[str | None, str | None]:
    """The place and country of a dateline written on its own.

    >>> read_dateline("ALEP, 5 déc 2016 (AFP) -")
    ('ALEP', None)
    >>> read_dateline("Alep (Syrie)")
    ('Alep', 'Syrie')
    """
    s = text.strip()
    m = re.search(rf"\(\s*{_patterns().agencies}\s*\)\s*{_DASH}?\s*\Z", s)
    if m:
        s = s[: m.start()]
    d = _split_dateline(s.rstrip(" -–—"))
    return d.place, d.country


def parse_wire(text: str, *, header: bool = True) -> Wire:
    """Find the story in a wire text and read its header.

    Args:
        text: the whole text (a file's content, or a record's text).
        header: whether a page header with a title may precede the story (plain-text
            files); when False only a dateline lead at the very start is read (JSON
            records and NewsML bodies, whose title comes separately).

    Returns:
        The story span (``Wire.body`` is ``text[start:end]``, stripped) and what the header
        says; ``Wire.date`` is the first date that parses (ISO first).
    """
    w = Wire(text=text, start=0, end=len(text))
    start = len(text) - len(text.lstrip())
    start = _read_lead(w, text, start, header=header)
    end = _story_end(text, start)
    w._add_agencies(text[end:])  # "Avec AFP", "(©AFP / …)" also say who wrote it
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    w.start, w.end = start, end
    _resolve_dates(w)
    return w


def _resolve_dates(w: Wire) -> None:
    # ISO first: a page's "2016-12-05" is more reliable than its "05 Déc 2016". A year-less
    # date ("5 mai (Reuters)") gives nothing on its own.
    for s in sorted(w._dates, key=lambda s: 0 if _patterns().iso.search(s) else 1):
        date, stamp = parse_date(s)
        if date is not None:
            w.date, w.published = date, stamp
            return
