"""Roles and affiliations of people, read from the titles and appositions around their names.

Three shapes are read, all within one sentence:

* title before the name: ``"l'ambassadeur russe à l'ONU Vassili Nebenzia"``,
  ``"Le chef de la diplomatie turque, Mevlüt Cavusoglu"``;
* apposition after the name: ``"Ahmed Saleh, le porte-parole du CICR"``,
  ``"X, un responsable du groupe Jaich al-Islam"``;
* membership after the name: ``"Ahmed Saleh, du puissant groupe Ahrar al-Cham"``.

The role is the title phrase as written; the actor it names gives ``represents``
(a state always; an organisation when the title is a spokesman's, an envoy's…)
or ``member_of`` (an organisation, for a member's title).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.resolve.lexicon import Lexicon
from kg.types import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["RoleReading", "read_roles"]

_STOP_PUNCT = frozenset({".", ";", ":", "!", "?", "«", "»", '"', "(", ")", "[", "]", "–", "—"})
_DETS = frozenset({"le", "la", "l'", "les", "un", "une", "son", "sa", "ses", "leur", "ce", "cet", "cette"})
_LEADING_ADJ = frozenset(
    {
        "premier",
        "première",
        "nouveau",
        "nouvelle",
        "ancien",
        "ancienne",
        "ex",
        "futur",
        "future",
        "actuel",
        "actuelle",
        "puissant",
        "puissante",
        "influent",
        "influente",
        "haut",
        "haute",
        "principal",
        "principale",
        "seul",
        "seule",
        "vice",
    }
)
_MAX_ROLE = 14


@dataclass(frozen=True)
class RoleReading:
    """A role read for a person mention: the phrase span, its text, and the actor it names."""

    person_key: str
    start: int  # char offsets of the role phrase
    end: int
    role: str
    relation: str  # "represents" | "member_of" | "none"
    actor_key: str | None


def _title_at(doc: Doc, low: str, i: int, limit: int, lex: Lexicon) -> int | None:
    """End token (exclusive) of a title starting at token ``i``, if one does (before ``limit``)."""
    start = doc[i].idx
    for title in lex.titles_longest_first:
        if low.startswith(title, start):
            end_char = start + len(title)
            for j in range(i, min(limit, len(doc))):
                tok_end = doc[j].idx + len(doc[j])
                if tok_end == end_char:
                    return j + 1
                if tok_end > end_char:
                    break
    return None


def _clip_right(doc: Doc, start: int, sent_end: int, stop: Callable[[int], bool]) -> int:
    """End token of a role phrase starting at ``start``: stop at punctuation, verbs, relatives, names."""
    j = start
    while j < sent_end and j - start < _MAX_ROLE:
        t = doc[j]
        if t.text in _STOP_PUNCT or t.text == "," or t.pos_ in {"VERB", "AUX"} or stop(j):
            break
        if t.lower_ in {"qui", "que", "dont", "où", "lequel", "laquelle", "et", "ou", "mais", "selon"}:
            break
        j += 1
    return j


def read_roles(
    doc: Doc,
    text: str,
    person_spans: list[tuple[Span, str]],
    *,
    lex: Lexicon,
    actor_in: Callable[[int, int], list[Entity]],
    is_person_token: Callable[[int], bool],
) -> list[RoleReading]:
    """Roles of the given person mentions.

    Args:
        doc: the parsed dispatch.
        text: ``doc.text``.
        person_spans: each person mention's token span and entity key.
        lex: the word lists.
        actor_in: actors mentioned in a char range, outermost first, in text order.
        is_person_token: whether a token belongs to a person mention (a role never crosses one).

    Returns:
        The readings, in text order of the person mentions.
    """
    out: list[RoleReading] = []
    low = text.lower()
    for span, key in person_spans:
        sent = span.sent
        for reading in (
            _left(doc, low, span, sent, lex, is_person_token),
            _right(doc, low, span, sent, lex, is_person_token),
        ):
            if reading is None:
                continue
            s, e, title = reading
            relation = lex.titles.get(title, "member_of")
            actors = actor_in(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
            actor = _pick_actor(actors, relation)
            rel = "represents" if actor is not None and actor.kind == "State" else relation
            if actor is None:
                rel = "none"
            role_text = text[doc[s].idx : doc[e - 1].idx + len(doc[e - 1])]
            out.append(
                RoleReading(
                    key,
                    doc[s].idx,
                    doc[e - 1].idx + len(doc[e - 1]),
                    role_text,
                    rel,
                    actor.key if actor is not None and rel != "none" else None,
                )
            )
        member = _right_membership(doc, span, sent, actor_in)
        if member is not None:
            out.append(RoleReading(key, member[0], member[1], "", "member_of", member[2]))
    return out


def _pick_actor(actors: list[Entity], relation: str) -> Entity | None:
    for a in actors:
        if a.kind == "State":
            return a
        if a.is_actor and a.kind not in {"Person", "Group"}:
            return a if relation != "none" else None
    return None


def _left(
    doc: Doc, low: str, span: Span, sent: Span, lex: Lexicon, is_person_token: Callable[[int], bool]
) -> tuple[int, int, str] | None:
    """A title phrase ending right before the name: ``"[det] <title> ... [,] Name"``."""
    end = span.start
    if end > sent.start and doc[end - 1].text == ",":
        end -= 1
    best: tuple[int, int, str] | None = None
    k = end - 1
    while k >= max(sent.start, end - _MAX_ROLE):
        t = doc[k]
        if t.text in _STOP_PUNCT or t.pos_ in {"VERB", "AUX"} or is_person_token(k):
            break
        if t.text == ",":
            break
        tend = _title_at(doc, low, k, end + 1, lex)
        if tend is not None:
            title = low[t.idx : doc[tend - 1].idx + len(doc[tend - 1])]
            s = k
            while s > sent.start and doc[s - 1].lower_ in _LEADING_ADJ:
                s -= 1
            best = (s, end, title)
            break
        k -= 1
    if best is None:
        return None
    s, e, title = best
    # an outer title chained by a comma: "le porte-parole de l'armée, le général libanais X"
    j = s
    if j > sent.start and doc[j - 1].lower_ in _DETS:
        j -= 1
    if j > sent.start and doc[j - 1].text == ",":
        outer = _left_outer(doc, low, j - 1, sent, lex, is_person_token)
        if (
            outer is not None
            and lex.titles.get(outer[2]) == "represents"
            and lex.titles.get(title) != "represents"
        ):
            return outer
    return best


def _left_outer(
    doc: Doc, low: str, comma: int, sent: Span, lex: Lexicon, is_person_token: Callable[[int], bool]
) -> tuple[int, int, str] | None:
    k = comma - 1
    while k >= max(sent.start, comma - _MAX_ROLE):
        t = doc[k]
        if t.text in _STOP_PUNCT or t.text == "," or t.pos_ in {"VERB", "AUX"} or is_person_token(k):
            return None
        tend = _title_at(doc, low, k, comma + 1, lex)
        if tend is not None:
            return k, comma, low[t.idx : doc[tend - 1].idx + len(doc[tend - 1])]
        k -= 1
    return None


def _right(
    doc: Doc, low: str, span: Span, sent: Span, lex: Lexicon, is_person_token: Callable[[int], bool]
) -> tuple[int, int, str] | None:
    """An apposition after the name: ``"Name, [det] [adj] <title> ..."``."""
    i = span.end
    if i >= sent.end or doc[i].text != ",":
        return None
    i += 1
    if i < sent.end and doc[i].lower_ in _DETS:
        i += 1
    s = i
    while i < sent.end and doc[i].lower_ in _LEADING_ADJ:
        i += 1
    if i >= sent.end:
        return None
    tend = _title_at(doc, low, i, sent.end, lex)
    if tend is None:
        return None
    title = low[doc[i].idx : doc[tend - 1].idx + len(doc[tend - 1])]
    e = _clip_right(doc, tend, sent.end, is_person_token)
    return s, e, title


def _right_membership(
    doc: Doc, span: Span, sent: Span, actor_in: Callable[[int, int], list[Entity]]
) -> tuple[int, int, str] | None:
    """``"Name, du puissant groupe X"`` -> member of X."""
    i = span.end
    if i + 1 >= sent.end or doc[i].text != "," or doc[i + 1].lower_ not in {"de", "du", "d'"}:
        return None
    e = _clip_right(doc, i + 2, sent.end, lambda _j: False)
    if e <= i + 2:
        return None
    s_char, e_char = doc[i + 1].idx, doc[e - 1].idx + len(doc[e - 1])
    for a in actor_in(s_char, e_char):
        if a.kind in {"ArmedGroup", "Organization", "IntergovernmentalOrganization"}:
            return s_char, e_char, a.key
    return None
