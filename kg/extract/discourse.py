"""What the dispatch as a whole tells an event its own sentence leaves unsaid.

**The headline's place.** A wire story about a strike, a battle or a truce is told from one place,
and its headline names it ("Syrie : … dans la Ghouta orientale"); the body's sentences then often leave it
unsaid ("les frappes ont repris jeudi"). An event of such a class with no place of its own
takes the one place the headline names (see
:meth:`kg.resolve.resolver.Resolution.headline_place_key`). Events with a place keep it, and
nothing is added when the headline names no place or several.

**The parties of the truce or talks the story is about.** After "un cessez-le-feu conclu entre
Kiev et les séparatistes", later sentences say "la trêve entrera en vigueur dimanche" or "les
négociations ont repris": a truce, agreement or negotiation told without any party takes the
parties of the closest such event told before it with at least two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache

from kg.resources import load_json
from kg.types import EventMention

__all__ = ["headline_classes", "party_classes", "with_headline_place", "with_known_parties"]


@cache
def _rule_classes(rule: str) -> frozenset[str]:
    return frozenset(load_json("lexicons", "frames.v1.json")[rule]["classes"])


def headline_classes() -> frozenset[str]:
    """Event classes that take the headline's place (lexicon ``frames.v1.json``)."""
    return _rule_classes("headline_place")


def with_headline_place(
    events: Iterable[EventMention],
    place_key: str | None,
    *,
    names_a_place: Callable[[int, int], bool] = lambda start, end: False,
) -> tuple[EventMention, ...]:
    """The events, those of a headline class without a place given ``place_key`` as their place.

    Args:
        events: the dispatch's events.
        place_key: the headline's place (None: nothing to add).
        names_a_place: whether the body between two offsets names a place; an event whose
            sentence does (a place the extractors could not attach, or one unknown to the
            knowledge base, "près de Kafr Nabouda") keeps no place rather than a wrong one.

    >>> from kg.types import EventMention, Evidence
    >>> ev = Evidence(text="Les frappes ont repris.", start=0, end=23)
    >>> strike = EventMention(local_id="airstrike-4", event_class="AirStrike", trigger=ev, evidence=(ev,))
    >>> [e.place for e in with_headline_place([strike], "Q41183")]
    [('Q41183',)]
    >>> [e.place for e in with_headline_place([strike], None)]
    [()]
    """
    if place_key is None:
        return tuple(events)
    classes = headline_classes()
    return tuple(
        replace(e, place=(place_key,))
        if e.event_class in classes and not e.place
        and not any(names_a_place(ev.start, ev.end) for ev in e.evidence)
        else e
        for e in events
    )


def party_classes() -> frozenset[str]:
    """Event classes whose parties carry over to later partyless mentions (lexicon ``frames.v1.json``)."""
    return _rule_classes("discourse_parties")


def with_known_parties(events: Iterable[EventMention]) -> tuple[EventMention, ...]:
    """The events, a truce, agreement or negotiation without parties given those of the closest
    earlier one (in text order) that has at least two.

    >>> from kg.types import EventMention, Evidence
    >>> a = Evidence(text="Un accord entre A et B.", start=0, end=23)
    >>> b = Evidence(text="La trêve tient.", start=24, end=39)
    >>> deal = EventMention(local_id="agreement-3", event_class="Agreement", trigger=a, evidence=(a,),
    ...                     participant=("Q1", "Q2"))
    >>> truce = EventMention(local_id="ceasefire-27", event_class="Ceasefire", trigger=b, evidence=(b,))
    >>> [e.participant for e in with_known_parties([deal, truce])]
    [('Q1', 'Q2'), ('Q1', 'Q2')]
    """
    classes = party_classes()
    events = tuple(events)
    order = sorted(range(len(events)), key=lambda i: min(ev.start for ev in events[i].evidence))
    out = list(events)
    last: tuple[str, ...] = ()
    for i in order:
        e = events[i]
        if e.event_class not in classes:
            continue
        parties = tuple(dict.fromkeys((*e.agent, *e.target, *e.participant)))
        if len(parties) >= 2:
            last = parties
        elif not parties and last:
            out[i] = replace(e, participant=last)
    return tuple(out)
