"""One event per happening per dispatch: merge retellings, settle competing claims.

A dispatch tells its main events several times — in the lead and again in the body, by a
verb and later by a noun (``Moscou a mis son veto`` … ``après le veto de Moscou``). The
extractors read each telling; :func:`merge_events` folds the tellings of one happening
into one event with several evidence sentences (union of roles, best date, highest
confidence), while distinct happenings — two in one sentence, or two that conflict on who
acted, on the date or on whether the thing happened at all — stay distinct.

Before merging, competing claims on one trigger are settled: when two extractors read the
same words as classes where one is a special case of the other (Veto and Rejection,
AirStrike and Attack), the most specific is kept; for mutually exclusive readings
(a departure read as Withdrawal and as Displacement) the more confident one is kept.

Everything is deterministic: the output order is by first evidence, then trigger, then
class, and each event's ``local_id`` is ``"<class>-<trigger start>"`` of its main telling.

>>> merge_events(())
()
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from kg.resources import load_json
from kg.types import Entity, EventMention, ObjectRef, Status

__all__ = ["PARENT", "SYMMETRIC", "compatible_classes", "merge_events", "most_specific"]

#: Subclass -> superclass among event classes (DESIGN.md).
PARENT: dict[str, str] = {
    "Veto": "Rejection",
    "AirStrike": "Attack",
    "Shelling": "Attack",
    "Bombing": "Attack",
}
#: Classes whose parties are pooled as participants.
SYMMETRIC = frozenset({"Negotiation", "Agreement", "Ceasefire", "Clash"})
# Readings of one trigger that cannot both be right: keep the more confident.
_EXCLUSIVE = (
    frozenset({"Withdrawal", "Displacement", "Evacuation"}),
    frozenset({"Capture", "Release"}),
    frozenset({"Rejection", "ResolutionAdoption"}),
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WORD = re.compile(r"[\w-]+")
# Where a noun phrase starts, going back from its noun: determiners and contracted articles.
_DETERMINERS = frozenset(
    {
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d",
        "au",
        "aux",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "notre",
        "nos",
        "votre",
        "vos",
        "mon",
        "ma",
        "mes",
        "plusieurs",
    }
)


def compatible_classes(a: str, b: str) -> bool:
    """Whether two classes may name the same happening (equal, or one a subclass of the other)."""
    return a == b or PARENT.get(a) == b or PARENT.get(b) == a


def _mergeable_classes(a: str, b: str) -> bool:
    """Retellings merge within a class; across classes only a generic attack joins its kind
    (``cette attaque`` after ``une frappe aérienne``): a rejection is not retold as a veto."""
    return a == b or (compatible_classes(a, b) and "Attack" in (a, b))


def most_specific(a: str, b: str) -> str:
    """The more specific of two compatible classes (``Veto`` over ``Rejection``)."""
    return a if PARENT.get(a) == b or a == b else b


@cache
def _marker_words() -> tuple[frozenset[str], frozenset[str]]:
    d = load_json("lexicons", "frames.v1.json")
    novelty = frozenset(w.lower() for w in d["novelty_words"])
    anaphora = frozenset(w.lower() for w in d["anaphora_words"])
    return novelty, anaphora


@cache
def _recurrence() -> tuple[frozenset[str], frozenset[str]]:
    d = load_json("lexicons", "frames.v1.json")["recurrence_words"]
    return frozenset(w.lower() for w in d["words"]), frozenset(d["classes"])


def _preceding_words(e: EventMention, n: int = 3) -> list[str]:
    """The words of the trigger's own noun phrase before it: back to its determiner, at most ``n``."""
    for ev in e.evidence:
        if ev.start <= e.trigger.start <= ev.end:
            before = [w.lower() for w in _WORD.findall(ev.text[: e.trigger.start - ev.start])]
            out: list[str] = []
            for w in reversed(before[-n:]):
                out.append(w)
                if w in _DETERMINERS:
                    break
            return out
    return []


def _phases(e: EventMention) -> set[str]:
    """The acts on a lasting state the trigger words name (a truce extended, entering force)."""
    from kg.extract._frames import cues, phase_of

    if e.event_class not in cues().phased_classes:
        return set()
    return {p for w in _WORD.findall(e.trigger.text) if (p := phase_of(w))}


def _is_novel(e: EventMention) -> bool:
    """``un deuxième raid``, ``d'autres évacuations``, ``de nouveaux combats``: not a retelling."""
    novelty, _ = _marker_words()
    words, classes = _recurrence()
    if e.event_class in classes:
        novelty = novelty | words
    return any(w in novelty for w in _preceding_words(e))


def _is_anaphoric(e: EventMention) -> bool:
    _, anaphora = _marker_words()
    return any(w in anaphora for w in _preceding_words(e, 2))


@dataclass
class _Cluster:
    members: list[EventMention] = field(default_factory=list)
    cls: str = ""

    def add(self, e: EventMention) -> None:
        self.members.append(e)
        self.cls = most_specific(self.cls, e.event_class) if self.cls else e.event_class

    @property
    def sentences(self) -> set[int]:
        return {ev.start for m in self.members for ev in m.evidence}

    def role(self, name: str) -> set[str]:
        return {k for m in self.members for k in getattr(m, name)}

    def parties(self) -> set[str]:
        return self.role("agent") | self.role("target") | self.role("participant")

    @property
    def dates(self) -> set[object]:
        return {d for m in self.members for d in m.date}

    @property
    def told_dates(self) -> set[object]:
        """Dates read from a time expression (not defaulted to the dispatch date)."""
        return {d for m in self.members if m.date_text for d in m.date}

    @property
    def statuses(self) -> set[Status]:
        return {m.status for m in self.members}

    def years(self) -> set[int]:
        out = {int(y) for m in self.members for y in _YEAR.findall(m.date_text or "")}
        return out


Canon = Callable[[str], str]


def _identity(key: str) -> str:
    return key


def _canon_for(entities: Mapping[str, Entity] | None) -> Canon:
    """Who a party stands for when telling apart happenings: a state's forces, a spokesperson
    or a capital count as that state (``armée russe`` in one telling, ``Russie`` in another)."""
    if not entities:
        return _identity

    def canon(key: str) -> str:
        seen = {key}
        e = entities.get(key)
        while e is not None:
            nxt = e.metonym_of or e.represents or e.member_of
            if nxt is None or nxt in seen or nxt not in entities:
                break
            seen.add(nxt)
            key, e = nxt, entities.get(nxt)
        return key

    return canon


def _years(e: EventMention) -> set[int]:
    return {int(y) for y in _YEAR.findall(e.date_text or "")}


def _conflicts(c: _Cluster, e: EventMention, canon: Canon = _identity) -> bool:
    if not _mergeable_classes(c.cls, e.event_class):
        return True
    if "Statement" in (c.cls, e.event_class):
        # each reporting sentence is its own statement; the statement extractor already folds
        # repeats within a sentence
        return True
    if any(ev.start in c.sentences for ev in e.evidence) and not (
        e.event_class in _STATES_OF_AFFAIRS and c.cls == e.event_class and _underspecified(e)
    ):
        # distinct happenings told in one sentence stay distinct; but a truce named twice in a
        # sentence, once without its parties ("depuis le début de la trêve"), is one truce
        return True
    # Only dates the text gives can conflict; a date defaulted to the day of the news cannot.
    if c.told_dates and e.date and e.date_text and not (c.told_dates & set(e.date)):
        return True
    cy, ey = c.years(), _years(e)
    if ey and (cy and not cy & ey or c.dates and not {d.year for d in c.dates} & ey):  # type: ignore[attr-defined]
        return True
    if cy and e.date and not {d.year for d in e.date} & cy:
        return True
    mine_ph, theirs_ph = _phases(e), {p for m in c.members for p in _phases(m)}
    if mine_ph and theirs_ph and not mine_ph & theirs_ph:
        return True
    statuses = c.statuses | {e.status}
    if Status.OCCURRED in statuses and Status.PLANNED in statuses:
        return True
    if e.event_class in SYMMETRIC or c.cls in SYMMETRIC:
        # two talks or two battles with no party in common are two happenings; a truce or an
        # agreement is named by its parties at varying grain (a state, its forces), so not there
        mine = {canon(k) for k in (*e.agent, *e.target, *e.participant)}
        theirs = {canon(k) for k in c.parties()}
        if c.cls in _PARTIES_DISTINGUISH and mine and theirs and not mine & theirs:
            return True
    else:
        for name in ("agent", "target"):
            mine, theirs = {canon(k) for k in getattr(e, name)}, {canon(k) for k in c.role(name)}
            if mine and theirs and not mine & theirs:
                return True
        # who acts in one telling is acted upon in the other: two happenings
        if e.event_class != "Accusation" and (
            set(e.target) & (c.role("agent") - c.role("target"))
            or set(e.agent) & (c.role("target") - c.role("agent"))
        ):
            return True
    return False


def _affinity(c: _Cluster, e: EventMention, canon: Canon = _identity) -> int:
    score = 0
    mine = {canon(k) for k in (*e.agent, *e.target, *e.participant)}
    score += 3 * len(mine & {canon(k) for k in c.parties()})
    score += 2 * len(set(e.place) & c.role("place"))
    if e.date_text and c.told_dates & set(e.date):
        score += 2
    if _is_anaphoric(e):
        score += 1
    if _phases(e) & {p for m in c.members for p in _phases(m)}:
        score += 2  # the same act on the same truce
    return score


_PARTIES_DISTINGUISH = frozenset({"Negotiation", "Clash"})
# Classes naming a lasting state rather than an act: retold within one sentence.
_STATES_OF_AFFAIRS = frozenset({"Ceasefire"})
# Classes whose tellings without any party are not folded into another happening: an
# accusation is not retold without its accuser.
_NO_BARE_RETELLING = frozenset({"Accusation"})


def _underspecified(e: EventMention) -> bool:
    """A telling that names no party (``cette attaque``, ``le bâtiment visé``): it joins a happening."""
    return not (e.agent or e.target or e.participant) and e.event_class not in _NO_BARE_RETELLING


def _settle_triggers(events: Sequence[EventMention]) -> list[EventMention]:
    """Drop readings of a trigger that a more specific or more confident reading supersedes."""
    ordered = sorted(events, key=lambda e: (e.trigger.start, e.event_class, -e.confidence, e.local_id))
    out: list[EventMention] = []
    for e in ordered:
        clash = None
        for i, o in enumerate(out):
            if o.trigger.start >= e.trigger.end or e.trigger.start >= o.trigger.end:
                continue
            if o.event_class == e.event_class:
                clash = (i, "same")
            elif compatible_classes(o.event_class, e.event_class):
                clash = (i, "nested")
            elif any({o.event_class, e.event_class} <= s for s in _EXCLUSIVE):
                clash = (i, "exclusive")
            if clash:
                break
        if clash is None:
            out.append(e)
            continue
        i, kind = clash
        o = out[i]
        if kind == "nested":
            winner = e if most_specific(o.event_class, e.event_class) == e.event_class else o
        else:
            winner = e if (e.confidence, -e.trigger.start) > (o.confidence, -o.trigger.start) else o
        loser = o if winner is e else e
        out[i] = _union_roles(winner, loser)
    return out


def _union_roles(winner: EventMention, loser: EventMention) -> EventMention:
    def u(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a + b))

    return replace(
        winner,
        agent=u(winner.agent, loser.agent),
        target=u(winner.target, loser.target),
        participant=u(winner.participant, loser.participant),
        place=u(winner.place, loser.place),
        date=winner.date or loser.date,
        date_text=winner.date_text if winner.date else loser.date_text,
        object=winner.object or loser.object,
        confidence=max(winner.confidence, loser.confidence),
    )


def _cluster(events: list[EventMention], canon: Canon = _identity) -> list[_Cluster]:
    ordered = sorted(events, key=lambda e: (e.evidence[0].start, e.trigger.start, e.event_class))
    clusters: list[_Cluster] = []
    for e in ordered:
        if _is_novel(e):
            c = _Cluster()
            c.add(e)
            clusters.append(c)
            continue
        best: tuple[int, int] | None = None
        for n, c in enumerate(clusters):
            if _conflicts(c, e, canon):
                continue
            score = _affinity(c, e, canon)
            if score == 0 and not (_underspecified(e) or _underspecified_cluster(c)):
                continue
            if best is None or (score, n) > best:
                best = (score, n)
        if best is None:
            c = _Cluster()
            c.add(e)
            clusters.append(c)
        else:
            clusters[best[1]].add(e)
    return clusters


def _underspecified_cluster(c: _Cluster) -> bool:
    return not c.parties() and not c.role("place") and c.cls not in _NO_BARE_RETELLING


def _build(c: _Cluster) -> tuple[EventMention, list[str]]:
    members = c.members
    primary = sorted(members, key=lambda m: (-m.confidence, m.evidence[0].start, m.trigger.start))[0]
    rank = [primary] + [m for m in members if m is not primary]

    def union(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for m in rank for k in getattr(m, name)))

    evidence = tuple(sorted({ev for m in members for ev in m.evidence}, key=lambda ev: (ev.start, ev.end)))
    dated = next((m for m in rank if m.date and m.date_text), None) or next((m for m in rank if m.date), None)
    status = primary.status
    if status is Status.PLANNED and any(m.status is Status.NEGATED for m in members):
        status = Status.NEGATED
    obj = next((m.object for m in rank if m.object is not None), None)
    cls = c.cls
    merged = replace(
        primary,
        local_id=f"{cls.lower()}-{primary.trigger.start}",
        event_class=cls,
        evidence=evidence,
        agent=union("agent"),
        target=union("target"),
        participant=union("participant"),
        place=union("place"),
        date=dated.date if dated else (),
        date_text=dated.date_text if dated else primary.date_text,
        status=status,
        object=obj,
        confidence=max(m.confidence for m in members),
    )
    return merged, [m.local_id for m in members]


def merge_events(
    events: Sequence[EventMention], *, entities: Mapping[str, Entity] | None = None
) -> tuple[EventMention, ...]:
    """Merge the tellings of each happening of one dispatch into one event.

    Args:
        events: every mention the extractors found in one dispatch.
        entities: the dispatch's entities (``ctx.entities``), if known: a party then also counts
            as the state it stands for (its forces, its capital, its spokesperson), so tellings
            naming it at different grain are not taken for different happenings.

    Returns:
        One event per happening, ordered by first evidence, trigger and class, with
        deterministic ``local_id``; ``object`` references to merged events are redirected
        to the merged event, and references to unknown events are dropped.
    """
    if not events:
        return ()
    settled = _settle_triggers(events)
    clusters = _cluster(settled, _canon_for(entities))
    built: list[EventMention] = []
    remap: dict[str, str] = {}
    for c in clusters:
        ev, olds = _build(c)
        built.append(ev)
        for old in olds:
            remap.setdefault(old, ev.local_id)
    # Ids must be unique: two happenings can share a trigger start only with different classes.
    seen: dict[str, int] = {}
    unique: list[EventMention] = []
    for ev in built:
        n = seen.get(ev.local_id, 0)
        seen[ev.local_id] = n + 1
        unique.append(ev if n == 0 else replace(ev, local_id=f"{ev.local_id}-{n}"))
    known = {ev.local_id for ev in unique}
    out: list[EventMention] = []
    for ev in unique:
        obj = ev.object
        if obj is not None and obj.event_id is not None:
            target = remap.get(obj.event_id, obj.event_id)
            obj = (
                ObjectRef(kind="Event", event_id=target)
                if target in known and target != ev.local_id
                else None
            )
        out.append(replace(ev, object=obj) if obj is not ev.object else ev)
    return tuple(sorted(out, key=lambda e: (e.evidence[0].start, e.trigger.start, e.event_class)))
