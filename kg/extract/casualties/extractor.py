"""Casualty figures: "au moins 57 civils ont péri, dont 12 enfants, selon une ONG".

A toll is a number (digits "8.000", "1 200", "2'700"; words "seize", "vingt-deux";
approximations "une dizaine", "une centaine") that the sentence ties to a death or an
injury:

* the counted noun itself says so ("22 morts", "33 blessés", "quatre corps");
* the counted noun is the subject of a killing verb ("57 civils ont été tués", "30 soldats
  … ont péri"), its object ("ont tué 18 civils", "tuant deux médecins"), carries a
  participle ("sept civils tués", "une quarantaine blessées"), or is the complement of a
  death noun ("la mort de huit personnes");
* a coordinated or elliptical figure shares the kind of the one before it ("30 soldats et
  trois civils ont péri", "17 civils tués dimanche, 127 lundi");
* "dont 44 enfants" is a sub-count of the toll before it (``part_of``).

Numbers tied to nothing of the kind ("8.000 combattants", "des 250.000 habitants", dates,
durations, percentages) are not tolls. Vague amounts ("des dizaines", "plusieurs") give no
count and are skipped.

The source (``according_to``) is the actor of "selon X" / "d'après X" or the speaker of a
reporting verb of the sentence ("a indiqué le ministère"); anonymous sources give none.
The cause is the nearest violent event of the same sentence among the events given.
The same toll told twice (lead and body) is kept once.

The vocabulary lives in ``kg/data/lexicons/casualties.v1.json``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from kg.extract.statement.extractor import find_reports, speakers_of_phrase
from kg.extract.temporal import event_time
from kg.resources import load_lexicon
from kg.types import Casualties, CasualtyKind, DocContext, EventMention, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from kg.extract.statement.extractor import Report

__all__ = ["NAME", "CasualtyExtractor", "NumberExpr", "find_numbers", "parse_number_words"]

log = logging.getLogger(__name__)

NAME = "kg.casualties.v1"
_LEXICON = "casualties.v1.json"
_SEP = "[ .'’\u00a0\u202f]"
_SENTENCE_END = re.compile(r"[.!?](?:\s|$|[«»\"A-ZÀ-Ý])")
# Each word is taken whole (the look-ahead), so a failed match cannot retry every way of cutting
# the words in pieces: that backtracking cost milliseconds per figure.
_WINDOW_KIND = re.compile(
    r"^(?:\s*[\w'’-]+(?![\w'’-])){0,6}?\s*(?:,[^,.;«»\"]{1,80},\s*)?"
    r"(?:ont|avaient|sont|étaient|seraient|auraient|aurait|a|avait)?\s*(?:(?:été|déjà|aussi|également)\s+)*"
    r"(tués|tuées|tué|tuée|morts|mortes|péri|décédés|décédées|blessés|blessées|blessé|blessée)\b",
    re.IGNORECASE,
)
_WINDOW = 140
_REPORT_REACH = 160  # characters between a reporting verb and the figure it gives
_ELLIPSIS_GAP = 40  # characters between two figures of one elliptical list ("17 dimanche, 127 lundi")


def _lex() -> dict[str, Any]:
    return load_lexicon(_LEXICON)


@dataclass(frozen=True)
class NumberExpr:
    """A number written in the text: ``text[start:end]`` reads ``value``.

    ``approximate`` is set for "une dizaine", "une centaine"…
    """

    start: int
    end: int
    value: int
    approximate: bool = False


# ---------------------------------------------------------------------------------------------
# Numbers


def parse_number_words(text: str) -> int | None:
    """The value of a French number written in words.

    >>> [parse_number_words(w) for w in ("vingt-deux", "cent quatre-vingt", "deux cents")]
    [22, 180, 200]
    """
    words: dict[str, int] = _lex()["number_words"]
    total, current = 0, 0
    parts = [p for p in re.split(r"[\s\-]+", text.lower()) if p and p != "et"]
    if not parts:
        return None
    for p in parts:
        if p not in words:
            return None
        v = words[p]
        if v == 100:
            current = (current or 1) * 100
        elif v == 1000:
            total += (current or 1) * 1000
            current = 0
        elif v == 20 and current % 100 == 4 and p.startswith("vingt"):
            current += 76  # quatre-vingt
        else:
            current += v
    return total + current


@cache
def _number_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lex = _lex()
    words = "|".join(sorted(lex["number_words"], key=len, reverse=True))
    approx = "|".join(sorted(lex["approximate"], key=len, reverse=True))
    mult = "|".join(sorted(lex["multipliers"], key=len, reverse=True))
    digits = re.compile(
        rf"(?<![\w,.])(\d{{1,3}}(?:{_SEP}\d{{3}})+|\d+)(?:,(\d+))?(?:\s+({mult}))?(?![\w%]|[,.]\d|\s*%|:\d|\s*pour\s*cent)",
        re.IGNORECASE,
    )
    worded = re.compile(
        rf"(?<![\w-])((?:{words})(?:(?:[\s\-]+(?:et[\s\-]+)?)(?:{words}))*)(?:\s+({mult}))?(?![\w-])",
        re.IGNORECASE,
    )
    approximate = re.compile(
        rf"(?<![\w-])(une?|deux|trois|quatre|cinq|plusieurs|des|quelques)\s+({approx})(?![\w-])",
        re.IGNORECASE,
    )
    return digits, worded, approximate


def find_numbers(text: str) -> list[NumberExpr]:
    """Numbers in a text, in order; "un"/"une" alone (articles) and vague amounts are left out.

    >>> [(n.value, n.approximate) for n in find_numbers("au moins 1 200 morts et une dizaine de blessés")]
    [(1200, False), (10, True)]
    """
    lex = _lex()
    digits, worded, approximate = _number_patterns()
    out: list[NumberExpr] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for m in approximate.finditer(text):
        taken.append(m.span())
        det = m.group(1).lower()
        n = 1 if det in ("un", "une") else parse_number_words(det)
        if n is not None:
            out.append(NumberExpr(m.start(), m.end(), n * lex["approximate"][m.group(2).lower()], True))
    for m in digits.finditer(text):
        if not free(*m.span()):
            continue
        value = float(re.sub(_SEP, "", m.group(1)) + (f".{m.group(2)}" if m.group(2) else ""))
        if m.group(3):
            value *= lex["multipliers"][m.group(3).lower()]
        elif m.group(2):
            continue  # a decimal without "million": a measure, not a head count
        taken.append(m.span())
        out.append(NumberExpr(m.start(), m.end(), int(value)))
    for m in worded.finditer(text):
        if not free(*m.span()) or m.group(1).lower() in ("un", "une"):
            continue
        n = parse_number_words(m.group(1))
        if n is None:
            continue
        if m.group(2):
            n *= lex["multipliers"][m.group(2).lower()]
        taken.append(m.span())
        out.append(NumberExpr(m.start(), m.end(), n))
    return sorted(out, key=lambda x: x.start)


# ---------------------------------------------------------------------------------------------
# Kind


def _low(tok: Token) -> str:
    return tok.lower_


def _is_kill_verb(tok: Token) -> CasualtyKind | None:
    lex = _lex()
    lemma = tok.lemma_.lower()
    if lemma in lex["killed_verbs"] or tok.lower_ in lex["killed_verbs"]:
        return CasualtyKind.KILLED
    if lemma in lex["injured_verbs"] or tok.lower_ in lex["injured_verbs"]:
        return CasualtyKind.INJURED
    for ph in lex["killed_phrases"]:
        if lemma == ph["verb"] and any(c.lemma_.lower() == ph["object"] for c in tok.children):
            return CasualtyKind.KILLED
    return None


def _noun_kind(tok: Token) -> CasualtyKind | None:
    lex = _lex()
    if tok.lower_ in lex["killed_nouns"] or tok.lemma_.lower() in ("mort",) and tok.pos_ == "NOUN":
        return CasualtyKind.KILLED
    if tok.lower_ in lex["injured_nouns"]:
        return CasualtyKind.INJURED
    return None


def _counted_noun(num: Span) -> Token:
    """The noun a number counts ("57 civils" -> civils; "une centaine d'enfants" -> enfants)."""
    root = num.root
    approx = _lex()["approximate"]
    if root.lower_ in approx or root.lemma_.lower() in approx:
        for c in root.children:
            if c.dep_ in ("nmod", "obl", "obl:arg") and c.pos_ in ("NOUN", "PROPN") and c.i > root.i:
                return c
        return root
    if root.dep_ in ("nummod", "det") and root.head.i > root.i:
        return root.head
    # The parser sometimes hangs the noun on the number ("30 soldats": soldats <- 30).
    nxt = num.doc[num.end] if num.end < len(num.doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "ADJ", "VERB") and (nxt.head == root or root.head == nxt):
        return nxt
    return root


def _predicate_kind(noun: Token) -> CasualtyKind | None:
    """The kind the syntax around a counted noun gives: its verb, participle or death noun."""
    lex = _lex()
    kind = _noun_kind(noun)
    if kind:
        return kind
    if noun.lower_ in lex["non_victims"] or noun.lemma_.lower() in lex["non_victims"]:
        return None
    for c in noun.children:
        # "sept civils tués", "une quarantaine blessées": a participle describing the counted people.
        if (
            c.dep_ in ("acl", "amod", "conj")
            and c.i > noun.i
            and (c.pos_ == "ADJ" or "Part" in c.morph.get("VerbForm", []))
        ):
            k = _is_kill_verb(c) or _noun_kind(c)
            if k:
                return k
    head = noun.head
    if head.pos_ in ("VERB", "AUX", "ADJ"):
        k = _is_kill_verb(head)
        passive = (
            any(c.dep_ in ("aux:pass", "nsubj:pass") for c in head.children)
            or "Part" in head.morph.get("VerbForm", [])
            and not any(c.dep_ == "aux:tense" for c in head.children)
        )
        intransitive = head.lemma_.lower() in lex["intransitive_killed"]
        if k and (
            noun.dep_ == "nsubj:pass"
            or (noun.dep_ == "nsubj" and (passive or intransitive))
            or (noun.dep_ == "obj" and not intransitive)
            or (
                noun.dep_ in ("obl", "obl:arg", "iobj")
                and any(c.lower_ in ("à", "aux", "au") for c in noun.children)
            )
        ):
            return k
    if noun.dep_ == "nmod" and head.lemma_.lower() in lex["death_nouns"]:
        return CasualtyKind.KILLED
    return None


def _conj_kind(noun: Token) -> CasualtyKind | None:
    """A coordinated figure: the kind of its coordination ("30 soldats et deux civils ont péri")."""
    first = noun
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    members = [first] + [
        t
        for t in first.subtree
        if t.dep_ == "conj" and t.head.i in {first.i} | {x.i for x in first.subtree if x.dep_ == "conj"}
    ]
    for m in members:
        if m == noun:
            continue
        k = _predicate_kind(m)
        if k:
            return k
    return None


def _window_kind(text: str) -> CasualtyKind | None:
    """Fallback on the words right after the figure, when the parse is lost.

    "N personnes ont été tuées", "N civils, dont M enfants, ont été tués", "N supplétifs de l'armée
    et M soldats avaient été tués".
    """
    m = _WINDOW_KIND.match(text)
    if not m:
        return None
    return CasualtyKind.INJURED if m.group(1).lower().startswith("bless") else CasualtyKind.KILLED


def _up_to_sentence_end(text: str, start: int) -> str:
    """The text after a figure up to the end of its sentence (the segmenter's cut is not trusted)."""
    chunk = text[start : start + _WINDOW]
    m = _SENTENCE_END.search(chunk)
    return chunk[: m.start()] if m else chunk


def _victims(noun: Token, num: Span) -> str | None:
    if noun.i >= num.start and noun.i < num.end:
        return None
    words = [noun]
    for c in noun.children:
        if c.dep_ == "amod" and c.i > noun.i and c.pos_ == "ADJ" and _is_kill_verb(c) is None:
            words.append(c)
    words.sort(key=lambda t: t.i)
    return " ".join(t.text for t in words)


def _qualifier(text_before: str, approximate: bool) -> str | None:
    lex = _lex()
    low = re.sub(r"\s+", " ", text_before.lower().replace("’", "'")).rstrip()
    for phrase, q in sorted(lex["qualifiers"].items(), key=lambda kv: -len(kv[0])):
        if low.endswith(phrase):
            return q  # type: ignore[no-any-return]
    return "about" if approximate else None


def _is_subcount(text_before: str) -> bool:
    low = re.sub(r"\s+", " ", text_before.lower()).rstrip()
    low = re.sub(r"(au moins|plus de|près de|environ|au total)$", "", low).rstrip()
    return any(low.endswith(m) for m in _lex()["subcount_markers"])


# ---------------------------------------------------------------------------------------------
# Sources and causes


def _source_in(sent: Span, start: int, ctx: DocContext, reports: list[Report]) -> tuple[str, ...]:
    lex = _lex()
    for t in sent:
        word = t.lower_
        if word == "après" and t.i > sent.start and t.doc[t.i - 1].lower_ in ("d'", "d’"):
            word = "d'après"
        if word not in lex["source_prepositions"]:
            continue
        head = t.head
        keys, anonymous = speakers_of_phrase(head, ctx)
        if anonymous:
            return ()
        if keys:
            return keys
    for r in reports:
        if sent.start <= r.verb.i < sent.end and abs(r.verb.idx - start) <= _REPORT_REACH:
            return r.speakers
    return ()


def _cause(start: int, sent: Span, events: tuple[EventMention, ...]) -> str | None:
    classes = _lex()["cause_classes"]
    best: tuple[int, str] | None = None
    for ev in events:
        if ev.event_class not in classes:
            continue
        t = ev.trigger
        if not (sent.start_char <= t.start < sent.end_char):
            continue
        d = abs(t.start - start)
        if best is None or d < best[0]:
            best = (d, ev.local_id)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# The extractor


@dataclass(frozen=True)
class _Toll:
    cas: Casualties
    sent_start: int
    end: int


def _elliptical(
    prev: _Toll, n: NumberExpr, noun: Token, span: Span, times: list[TimeExpr], text: str
) -> bool:
    """A bare figure continuing a list of tolls: "17 civils tués dimanche, 127 lundi, 128 mardi"."""
    if n.start - prev.end > _ELLIPSIS_GAP or not re.search(r"(,|\bet)\s*$", text[prev.end : n.start]):
        return False
    return noun == span.root or any(t.start <= noun.idx < t.end for t in times)


def _generic(victims: str | None) -> bool:
    return victims is None or victims.lower() in _lex()["generic_victims"]


def _dedupe(tolls: list[Casualties]) -> list[Casualties]:
    """The same toll told twice (lead and body) is kept once, with the more specific victims."""
    out: list[Casualties] = []
    for c in tolls:
        twin = next(
            (
                o
                for o in out
                if o.count == c.count
                and o.kind == c.kind
                and o.part_of is None
                and c.part_of is None
                and (o.victims == c.victims or _generic(o.victims) or _generic(c.victims))
            ),
            None,
        )
        if twin is None:
            out.append(c)
            continue
        if _generic(twin.victims) and not _generic(c.victims):
            merged = replace(
                twin,
                victims=c.victims,
                according_to=twin.according_to or c.according_to,
                cause=twin.cause or c.cause,
            )
            out[out.index(twin)] = merged
        elif not twin.according_to and c.according_to:
            out[out.index(twin)] = replace(twin, according_to=c.according_to)
    return out


@dataclass(frozen=True)
class CasualtyExtractor:
    """``kg.casualties.v1``: killed and injured tolls, their source and their cause."""

    name: str = NAME

    def __call__(self, doc: Doc, ctx: DocContext, events: tuple[EventMention, ...]) -> Iterable[Casualties]:
        """Tolls of a parsed dispatch, in text order.

        Args:
            doc: the parsed dispatch (``doc.text`` is the body).
            ctx: the document context.
            events: the events already read from the document (possible causes).

        Returns:
            One :class:`Casualties` per toll; sub-counts point to their toll with ``part_of``.
        """
        text = doc.text
        times = ctx.times_in(doc[:])
        reports = find_reports(doc, ctx)
        tolls: list[_Toll] = []
        for n in find_numbers(text):
            if any(t.start <= n.start < t.end for t in times):
                continue  # "le 15 novembre", "en 2014"
            span = doc.char_span(n.start, n.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            sent = span[0].sent
            noun = _counted_noun(span)
            before = text[max(sent.start_char, n.start - 30) : n.start]
            prev = tolls[-1] if tolls and not _SENTENCE_END.search(text[tolls[-1].end : n.start]) else None
            kind = _predicate_kind(noun) or _conj_kind(noun)
            part_of = None
            if prev is not None and _is_subcount(before):
                kind, part_of = kind or prev.cas.kind, prev.cas.local_id
            victims_from_prev = None
            if (
                kind is None
                and prev is not None
                and part_of is None
                and _elliptical(prev, n, noun, span, times, text)
            ):
                kind, victims_from_prev = (
                    prev.cas.kind,
                    prev.cas.victims,
                )  # "17 civils tués dimanche, 127 lundi"
            if kind is None and noun.lower_ not in _lex()["non_victims"]:
                kind = _window_kind(_up_to_sentence_end(text, n.end))
            if kind is None:
                continue
            victims = (
                _victims(noun, span) or victims_from_prev or (prev.cas.victims if part_of and prev else None)
            )
            if victims is None and noun.i >= span.end:
                victims = noun.text
            according = _source_in(sent, n.start, ctx, reports)
            if part_of and prev is not None and not according:
                according = prev.cas.according_to
            dates, _ = event_time(noun.head if noun.dep_ in ("nsubj", "nsubj:pass") else noun, ctx)
            cas = Casualties(
                local_id=f"cas-{n.start}",
                count=n.value,
                kind=kind,
                evidence=ctx.evidence(sent),
                qualifier=_qualifier(before, n.approximate),
                victims=victims,
                according_to=according,
                cause=_cause(n.start, sent, events),
                part_of=part_of,
                date=tuple(dates),
            )
            tolls.append(_Toll(cas, sent.start, n.end))
        return _dedupe([t.cas for t in tolls])
