"""French time expressions, found in a dispatch and resolved against its date.

:func:`find_times` scans the body for weekday names ("lundi", "mardi ou mercredi"),
relative days ("hier", "la veille"), calendar dates ("le 15 novembre", "lundi 8 avril
2019", "2016-12-05"), nights ("dans la nuit de samedi à dimanche"), short durations
("en cinq jours") and vague times ("cette semaine", "en 2014"). Each becomes a
:class:`kg.types.TimeExpr`; vague ones keep an empty ``values`` so that an event told
with a vague time gets no date rather than a wrong one.

Weekdays are resolved by :func:`parse_time`, which keeps control over direction: a
weekday is the dispatch day itself when it names the dispatch's weekday, otherwise the
most recent past one, or the next one when ``direction="future"`` (set by
:mod:`kg.extract.temporal` from the tense of the event's verb). Absolute dates written
with a month name or in digits go through ``dateparser`` with French settings.

The vocabulary (weekdays, months, vague phrases…) lives in ``kg/data/lexicons/time.v1.json``.

>>> import datetime as dt
>>> parse_time("mardi ou mercredi", dt.date(2016, 12, 5), direction="future")
(datetime.date(2016, 12, 6), datetime.date(2016, 12, 7))
>>> parse_time("lundi", dt.date(2016, 12, 5))
(datetime.date(2016, 12, 5),)
>>> parse_time("cette semaine", dt.date(2016, 12, 5))
()
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from kg.resources import load_json
from kg.types import TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Direction", "find_times", "parse_time", "scan_times"]

log = logging.getLogger(__name__)

Direction = Literal["past", "future"]

_LEXICON = "time.v1.json"
_B = r"(?<![\w\-])"  # left word boundary that also refuses a hyphen ("lendemain", "après-demain")
_E = r"(?![\w\-])"
_APOS = "['’]"
_MAX_RANGE_DAYS = 14


def _lex() -> dict[str, Any]:
    return load_json("lexicons", _LEXICON)  # type: ignore[no-any-return]


def _phrase(p: str) -> str:
    """A lexicon phrase as a regex: flexible spaces and apostrophes."""
    out = []
    for ch in p:
        if ch in "'’":
            out.append(_APOS)
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alt(words: list[str] | dict[str, Any]) -> str:
    return "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    lex = _lex()
    wd = f"(?:{_alt(lex['weekdays'])})"
    month = f"(?:{_alt(lex['months'])})"
    num = f"(?:\\d{{1,3}}|{_alt(lex['number_words'])})"
    day = r"(?:1er|premier|[12]\d|3[01]|0?[1-9])"
    year = r"(?:19\d\d|20\d\d)"
    part = f"(?:{_alt(lex['parts_of_day'])})"
    units = f"(?:{_alt(lex['units'])})"
    pre_past = f"(?:{_alt(lex['past_markers'])})"
    pre_fut = f"(?:{_alt(lex['future_markers'])})"
    pre = f"(?:(?:{pre_past}|{pre_fut})\\s+)?"
    wd_item = f"(?:(?:ce|cette)\\s+)?{wd}(?:\\s+(?:prochain|dernier))?(?:\\s+(?:{part}))?"
    full = f"(?:{wd}\\s+)?(?:le\\s+)?{day}\\s+{month}(?:\\s+{year})?"
    numeric = f"(?:{wd}\\s+)?(?:{year}-\\d\\d-\\d\\d|\\d{{1,2}}[/.]\\d{{1,2}}[/.]{year})"
    table = [
        (
            "night_span",
            f"(?:(?:dans|durant|pendant|au\\s+cours\\s+de)\\s+)?la\\s+nuit\\s+(?:de|du)\\s+{wd}"
            f"(?:\\s+{day}(?:\\s+{month})?)?\\s+(?:à|au)\\s+{wd}(?:\\s+{day}\\s+{month}(?:\\s+{year})?)?",
        ),
        ("night_of", f"(?:(?:dans|durant|pendant|au\\s+cours\\s+de)\\s+)?la\\s+nuit\\s+(?:de|du)\\s+{wd}"),
        (
            "range",
            f"(?:du|entre\\s+le)\\s+{day}(?:\\s+{month})?\\s+(?:au|et\\s+le)\\s+{day}\\s+{month}"
            f"(?:\\s+{year})?",
        ),
        ("numeric", pre + numeric),
        ("full", pre + full),
        ("weekdays", pre + wd_item + f"(?:(?:\\s*,\\s*|\\s+(?:et|ou)\\s+)(?:le\\s+)?{wd_item})*"),
        ("relative", f"(?:{_alt(lex['relative_days'])})(?:\\s+(?:soir|matin|après-midi|midi))?"),
        ("night", f"(?:{_alt(lex['night_words'])})"),
        (
            "ago",
            f"il\\s+y\\s+a\\s+(?:un\\s+peu\\s+plus\\s+d{_APOS}|plus\\s+d{_APOS}|près\\s+d{_APOS}|environ\\s+)?"
            f"(?:{num}|quelques|plusieurs)\\s+{units}",
        ),
        ("duration", f"(?:(?:en|depuis|ces|les)\\s+){num}\\s+(?:derniers\\s+)?jours(?:\\s+derniers)?"),
        (
            "later",
            f"(?:{num}|quelques|plusieurs)\\s+{units}\\s+(?:plus\\s+tard|plus\\s+tôt|auparavant|après|avant)",
        ),
        ("vague", f"(?:{_alt(lex['vague'])}|le\\s+lendemain|le\\s+surlendemain|la\\s+fin\\s+{month})"),
        (
            "month",
            f"(?:(?:en|début|fin|mi-|courant|depuis|dès|jusqu{_APOS}en|avant|après)\\s*){month}"
            f"(?:\\s+{year})?|{month}\\s+{year}",
        ),
        ("season_year", f"(?:(?:à\\s+)?l{_APOS}|au\\s+|en\\s+)(?:été|automne|hiver|printemps)\\s+{year}"),
        ("year", f"(?:(?:en|depuis|dès|fin|début|mi-|avant|après|jusqu{_APOS}en|courant)\\s*){year}"),
    ]
    return [(name, re.compile(_B + f"(?:{rx})" + _E, re.IGNORECASE)) for name, rx in table]


def scan_times(text: str, ref: dt.date) -> list[TimeExpr]:
    """Time expressions in a plain text, resolved against ``ref`` (see :func:`find_times`).

    Args:
        text: the text to scan (offsets in the result refer to it).
        ref: the dispatch date every relative expression is resolved against.

    Returns:
        Non-overlapping expressions in text order; the longest match wins where several overlap.
    """
    taken: list[tuple[int, int]] = []
    out: list[TimeExpr] = []
    for _name, rx in _patterns():
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            out.append(TimeExpr(text=m.group(0), start=s, end=e, values=parse_time(m.group(0), ref)))
    return sorted(out, key=lambda t: t.start)


def find_times(doc: Doc, ref: dt.date) -> list[TimeExpr]:
    """Time expressions of a parsed dispatch, resolved against the dispatch date.

    Args:
        doc: the parsed body (``doc.text`` is the dispatch body, so offsets are body offsets).
        ref: the dispatch date.

    Returns:
        One :class:`TimeExpr` per expression, in text order. ``values`` holds the day(s) the
        expression names with its default direction (a bare weekday is the most recent one, or
        the dispatch day itself); it is empty for vague times ("cette semaine", "en 2014").

    >>> import spacy, datetime as dt
    >>> doc = spacy.blank("fr")("Les combats ont repris hier soir.")
    >>> [(t.text, t.values) for t in find_times(doc, dt.date(2016, 12, 5))]
    [('hier soir', (datetime.date(2016, 12, 4),))]
    """
    return scan_times(doc.text, ref)


# ---------------------------------------------------------------------------------------------
# Resolution of one expression


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def _weekday(wd: int, ref: dt.date, direction: Direction | None, qualifier: str | None = None) -> dt.date:
    delta = wd - ref.weekday()
    if qualifier == "prochain":
        return ref + dt.timedelta(days=delta % 7 or 7)
    if qualifier == "dernier":
        return ref - dt.timedelta(days=(-delta) % 7 or 7)
    if delta == 0:
        return ref
    if direction == "future":
        return ref + dt.timedelta(days=delta % 7)
    return ref - dt.timedelta(days=(-delta) % 7)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _lex()["number_words"].get(word)  # type: ignore[no-any-return]


def _day_number(word: str) -> int:
    return 1 if word in ("1er", "premier") else int(word)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_for(
    month: int, day: int, ref: dt.date, direction: Direction | None, weekday: int | None = None
) -> dt.date | None:
    """The date of ``day month`` without a year: by weekday if given, else by direction."""
    cands = [c for y in (ref.year - 1, ref.year, ref.year + 1) if (c := _safe_date(y, month, day))]
    if weekday is not None:
        same = [c for c in cands if c.weekday() == weekday]
        if same:
            return min(same, key=lambda c: abs((c - ref).days))
    this = _safe_date(ref.year, month, day)
    if this is None:
        return None
    if direction == "past":
        return this if this <= ref else _safe_date(ref.year - 1, month, day)
    if direction == "future":
        return this if this >= ref else _safe_date(ref.year + 1, month, day)
    if this <= ref or (this - ref).days <= 92:
        return this
    return _safe_date(ref.year - 1, month, day)


def _dateparser(text: str, ref: dt.date, direction: Direction | None) -> dt.date | None:
    """An absolute date through dateparser (French, day-month order, relative to ``ref``)."""
    import dateparser  # type: ignore[import-untyped]

    settings: dict[str, Any] = {
        "RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day),
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    if direction:
        settings["PREFER_DATES_FROM"] = direction
    try:
        parsed = dateparser.parse(text, languages=["fr"], settings=settings)
    except (ValueError, TypeError, OverflowError) as e:  # dateparser raises plain errors on odd input
        log.debug("dateparser failed on %r: %s", text, e)
        return None
    return parsed.date() if parsed else None


def _span_days(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    n = (last - first).days
    if n < 0:
        return ()
    if n > _MAX_RANGE_DAYS:
        return (first, last)
    return tuple(first + dt.timedelta(days=i) for i in range(n + 1))


def parse_time(text: str, ref: dt.date, *, direction: Direction | None = None) -> tuple[dt.date, ...]:
    """The day(s) a French time expression names, resolved against ``ref``.

    Args:
        text: one expression as :func:`find_times` delimits it ("mardi ou mercredi", "hier soir",
            "le 15 novembre", "dans la nuit de samedi à dimanche", "en 2014").
        ref: the dispatch date.
        direction: ``"future"`` for an upcoming event (a bare weekday then names the next one),
            ``"past"`` for a past one; ``None`` uses the default (past, or the dispatch day).
            Markers in the text ("prochain", "dernier", "depuis", "d'ici") win over it.

    Returns:
        The days, in order; empty when the expression names no single day.
    """
    lex = _lex()
    t = _norm(text)
    weekdays: dict[str, int] = lex["weekdays"]
    months: dict[str, int] = lex["months"]
    first = t.split(" ", 1)[0]
    if first in ("depuis", "dès"):
        direction = "past"
    elif t.startswith(("d'ici", "jusqu'à", "à partir de")):
        direction = "future"

    wd_rx = "|".join(weekdays)
    month_rx = "|".join(months)

    # A night: "dans la nuit de samedi à dimanche", "la nuit de samedi".
    m = re.search(rf"nuit (?:de|du) ({wd_rx})\b(?:.*?\b(?:à|au) ({wd_rx})\b)?", t)
    if m:
        d1 = _weekday(weekdays[m.group(1)], ref, direction)
        if m.group(2) and weekdays[m.group(2)] != (weekdays[m.group(1)] + 1) % 7:
            d2 = _weekday(weekdays[m.group(2)], ref, direction)
            return tuple(sorted({d1, d2}))
        if direction != "future" and d1 == ref and m.group(2):
            # "la nuit de dimanche à lundi" told on Monday: the night began the day before.
            d1 = ref - dt.timedelta(days=1)
        return (d1, d1 + dt.timedelta(days=1))

    # Numeric dates: 2016-12-05, 05/12/2016.
    m = re.search(r"\b(\d{4})-(\d\d)-(\d\d)\b", t)
    if m:
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (d,) if d else ()
    m = re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", t)
    if m:
        d = _dateparser(m.group(0), ref, direction) or _safe_date(
            int(m.group(3)), int(m.group(2)), int(m.group(1))
        )
        return (d,) if d else ()

    # Ranges: "du 3 au 5 mai 2016", "entre le 3 et le 5 mai".
    m = re.search(
        rf"(?:du|entre le) (1er|premier|\d{{1,2}})(?: ({month_rx}))? (?:au|et le) (1er|premier|\d{{1,2}}) "
        rf"({month_rx})(?: (\d{{4}}))?",
        t,
    )
    if m:
        y = int(m.group(5)) if m.group(5) else None
        m2 = months[m.group(4)]
        m1 = months[m.group(2)] if m.group(2) else m2
        last = (
            _safe_date(y, m2, _day_number(m.group(3)))
            if y
            else _year_for(m2, _day_number(m.group(3)), ref, direction)
        )
        if last is None:
            return ()
        first_d = _safe_date(last.year - (1 if m1 > m2 else 0), m1, _day_number(m.group(1)))
        return _span_days(first_d, last) if first_d else ()

    # Calendar dates: "le 15 novembre", "lundi 8 avril 2019", "1er mars".
    m = re.search(rf"(?:({wd_rx}) )?(?:le )?(1er|premier|\d{{1,2}}) ({month_rx})(?: (\d{{4}}))?", t)
    if m:
        day_n, month_n = _day_number(m.group(2)), months[m.group(3)]
        if m.group(4):
            d = _dateparser(f"{day_n} {month_n} {m.group(4)}", ref, direction) or _safe_date(
                int(m.group(4)), month_n, day_n
            )
        else:
            wd = weekdays[m.group(1)] if m.group(1) else None
            d = _year_for(month_n, day_n, ref, direction, wd)
        return (d,) if d else ()

    # Weekdays, one or several: "mardi ou mercredi", "ce mercredi", "dimanche prochain", "jeudi soir".
    found = re.findall(rf"\b({wd_rx})\b(?: (prochain|dernier)\b)?", t)
    if found and not re.search(r"\bnuit\b", t):
        days = [_weekday(weekdays[w], ref, direction, q or None) for w, q in found]
        return tuple(sorted(set(days)))

    # Relative days: "hier", "avant-hier", "la veille", "ce soir".
    rel: dict[str, int] = {_norm(k): v for k, v in lex["relative_days"].items()}
    for phrase in sorted(rel, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", t):
            return (ref + dt.timedelta(days=rel[phrase]),)

    # Nights without a weekday: the night before the dispatch, spanning two days.
    if any(re.search(rf"(?<![\w-]){re.escape(_norm(w))}(?![\w-])", t) for w in lex["night_words"]):
        return (ref - dt.timedelta(days=1), ref)

    # "il y a deux jours" is a day; weeks, months and years ago are not.
    m = re.fullmatch(r"il y a (\w+) jours?", t)
    if m:
        n = _number(m.group(1))
        return (ref - dt.timedelta(days=n),) if n is not None and n <= _MAX_RANGE_DAYS else ()

    # "en cinq jours", "depuis trois jours", "ces deux derniers jours": the days up to the dispatch.
    m = re.fullmatch(r"(?:en|depuis|ces|les) (\w+) (?:derniers )?jours(?: derniers)?", t)
    if m:
        n = _number(m.group(1))
        if n is not None and 0 < n <= _MAX_RANGE_DAYS:
            return _span_days(ref - dt.timedelta(days=n - 1), ref)
    return ()
