"""Colours shared by every picture of the graph: the HTML page, the static plots and GEXF ``viz``.

One palette, so an AirStrike edge is the same red in the browser, in Gephi and in a report.
Actor types and event classes are ontology local names; anything unknown gets :data:`OTHER`.

>>> event_colour("AirStrike")
'#d62728'
>>> actor_colour("Mystery")
'#9e9e9e'
"""

from __future__ import annotations

from collections.abc import Collection

OTHER = "#9e9e9e"

#: Actor classes, most specific first: an entity typed State and Country is shown as a State.
ACTOR_TYPE_COLOURS: dict[str, str] = {
    "State": "#1f77b4",
    "IntergovernmentalOrganization": "#17becf",
    "ArmedForces": "#393b79",
    "ArmedGroup": "#d62728",
    "Organization": "#2ca02c",
    "Person": "#ff7f0e",
    "Group": "#8c564b",
    "Actor": OTHER,
}

PLACE_TYPE_COLOURS: dict[str, str] = {
    "Country": "#6b6ecf",
    "Region": "#9c9ede",
    "City": "#e7ba52",
    "District": "#e7969c",
    "Place": OTHER,
}

#: Event classes: violence in reds and oranges, diplomacy in blues, greens and purples,
#: movements of people in browns and teals.
EVENT_CLASS_COLOURS: dict[str, str] = {
    "Attack": "#e6550d",
    "AirStrike": "#d62728",
    "Shelling": "#a50f15",
    "Bombing": "#7f2704",
    "Clash": "#fd8d3c",
    "Offensive": "#f16913",
    "Capture": "#bd0026",
    "Statement": "#969696",
    "Proposal": "#6baed6",
    "Rejection": "#756bb1",
    "Veto": "#54278f",
    "ResolutionAdoption": "#3182bd",
    "Negotiation": "#31a354",
    "Agreement": "#006d2c",
    "Ceasefire": "#74c476",
    "Accusation": "#de77ae",
    "Withdrawal": "#8c6d31",
    "Evacuation": "#17becf",
    "Release": "#bcbd22",
    "Displacement": "#843c39",
}


def actor_colour(kind: str) -> str:
    """The colour of an actor class (local name)."""
    return ACTOR_TYPE_COLOURS.get(kind, OTHER)


def place_colour(kind: str) -> str:
    """The colour of a place class (local name)."""
    return PLACE_TYPE_COLOURS.get(kind, OTHER)


def event_colour(event_class: str) -> str:
    """The colour of an event class (local name)."""
    return EVENT_CLASS_COLOURS.get(event_class, OTHER)


def primary_type(types: Collection[str], *, place: bool = False) -> str:
    """The class an entity is shown as: the first in palette order it has, else any, else ``Actor``.

    Args:
        types: the entity's class local names.
        place: prefer place classes (a country shown in the places view is a Country, not a State).

    >>> primary_type({"Country", "State"}), primary_type({"Country", "State"}, place=True)
    ('State', 'Country')
    """
    order = (
        (*PLACE_TYPE_COLOURS, *ACTOR_TYPE_COLOURS) if place else (*ACTOR_TYPE_COLOURS, *PLACE_TYPE_COLOURS)
    )
    for kind in order:
        if kind in types and kind not in ("Actor", "Place"):
            return kind
    return sorted(types)[0] if types else "Actor"


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#1f77b4"`` -> ``(31, 119, 180)``."""
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
