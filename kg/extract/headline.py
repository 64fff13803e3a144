"""The headline's place for events whose sentence names none.

A wire story about a strike, a battle or a truce is told from one place, and its headline
names it ("Syrie : … dans la Ghouta orientale"); the body's sentences then often leave it
unsaid ("les frappes ont repris jeudi"). An event of such a class with no place of its own
takes the one place the headline names (see
:meth:`kg.resolve.resolver.Resolution.headline_place_key`). Events with a place keep it, and
nothing is added when the headline names no place or several.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache

from kg.resources import load_json
from kg.types import EventMention

__all__ = ["headline_classes", "with_headline_place"]


@cache
def headline_classes() -> frozenset[str]:
    """Event classes that take the headline's place (lexicon ``frames.v1.json``)."""
    return frozenset(load_json("lexicons", "frames.v1.json")["headline_place"]["classes"])


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
