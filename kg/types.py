"""Plain typed values that flow between the pipeline stages, and the extractor Protocol.

Nothing here imports rdflib: extraction produces these values, and only
:mod:`kg.rdf.builder` turns them into triples. Every value that points into a
dispatch carries character offsets into :attr:`Dispatch.body`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # spaCy types only for annotations: importing kg.types stays cheap
    from spacy.tokens import Doc, Span, Token


class FrozenMap(dict[str, Any]):
    """A read-only dict: hashable values stay frozen, and it pickles (spaCy worker processes need that)."""

    def _readonly(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("this mapping is read-only")

    __setitem__ = __delitem__ = _readonly  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _readonly  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (dict(self),))


def _frozen_map(m: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return m if isinstance(m, FrozenMap) else FrozenMap(m or {})


@dataclass(frozen=True)
class Dispatch:
    """One input story, cleaned: every offset elsewhere refers to :attr:`body`.

    Attributes:
        source_name: the record's name (file base name, or the JSON record ``id``); unique per build.
        body: the cleaned text (furniture stripped) that offsets refer to.
        date: publication date.
        lang: ISO 639-1 language code, e.g. ``"fr"``.
        title: headline, if known.
        published: full publication timestamp, if known.
        publisher: the agency or outlet (``"AFP"``), if known.
        dateline: the dateline place as written (``"Alep"``), if known.
        url: the story's address, if known.
        origin: where it was read from (path, with ``:line`` for JSON Lines).
        extra: unknown input fields, kept as read.
    """

    source_name: str
    body: str
    date: dt.date
    lang: str = "fr"
    title: str | None = None
    published: dt.datetime | None = None
    publisher: str | None = None
    dateline: str | None = None
    url: str | None = None
    origin: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra", _frozen_map(self.extra))


class Status(str, Enum):
    """Whether an event happened, is planned, or is reported as not happening."""

    OCCURRED = "Occurred"
    PLANNED = "Planned"
    NEGATED = "Negated"


class CasualtyKind(str, Enum):
    KILLED = "Killed"
    INJURED = "Injured"


@dataclass(frozen=True)
class Evidence:
    """The sentence an event or figure was read from: ``body[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """An actor or a place, resolved.

    Attributes:
        key: stable identity across dispatches: ``"Q159"`` when linked, else ``"<kind>:<normalised name>"``.
        kind: a class local name of the ontology (``State``, ``Person``, ``City``, ``Group``…).
        label: canonical label.
        label_lang: language of ``label`` (``"en"`` for KB labels, ``"fr"`` for names read in the text).
        qid: Wikidata QID, only when verified.
        aliases: other names (French forms seen in text, acronyms); become ``skos:altLabel``.
        lat, long: WGS84 coordinates for places.
        located_in: key of the containing place.
        role: a person's role as written ("ambassadeur russe à l'ONU").
        represents: key of the actor a person speaks for.
        member_of: key of the group or body a person belongs to.
        geonames: GeoNames id for places, when known.
        metonym_of: for a capital city, the key of the state it stands for as an actor
            ("Moscou a mis son veto" -> Russia).
        extra_kinds: further classes the entity also has (a country is both ``State`` and ``Country``).
    """

    key: str
    kind: str
    label: str
    label_lang: str = "en"
    qid: str | None = None
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    long: float | None = None
    located_in: str | None = None
    role: str | None = None
    represents: str | None = None
    member_of: str | None = None
    geonames: str | None = None
    metonym_of: str | None = None
    extra_kinds: tuple[str, ...] = ()

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS or any(k in PLACE_KINDS for k in self.extra_kinds)

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_KINDS or any(k in ACTOR_KINDS for k in self.extra_kinds)


PLACE_KINDS = frozenset({"Place", "Country", "Region", "City", "District"})
ACTOR_KINDS = frozenset(
    {"Actor", "Person", "State", "IntergovernmentalOrganization", "ArmedGroup", "ArmedForces", "Organization",
     "Group"}
)


@dataclass(frozen=True)
class EntityMention:
    """A span of the body that names an entity (``body[start:end] == text``)."""

    text: str
    start: int
    end: int
    entity_key: str
    source: str = "ruler"  # "ruler", "ner", "coref", "lexicon"


@dataclass(frozen=True)
class TimeExpr:
    """A time expression and what it resolves to against the dispatch date.

    ``values`` holds one date, or several when the text allows several
    ("mardi ou mercredi"); empty when it cannot be resolved to a day.
    """

    text: str
    start: int
    end: int
    values: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class ObjectRef:
    """What an event is about (``cev:object``): a resolution, another event, or a thing.

    Exactly one of ``event_id`` (the local id of another event in the same
    dispatch) or ``label`` is set; ``kind`` is ``"Resolution"``, ``"Event"`` or ``"Thing"``.
    """

    kind: str
    label: str | None = None
    event_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class EventMention:
    """One event read from a dispatch.

    Attributes:
        local_id: unique within the dispatch and deterministic (e.g. ``"veto-312"``); the builder
            mints the event IRI from it.
        event_class: a class local name (``"Veto"``, ``"AirStrike"``…).
        trigger: the words that signal the event.
        evidence: the sentence(s) it was read from; more than one after a retelling is merged.
        agent, target, participant, place: entity keys (see DESIGN.md for each class's roles).
        date: the day(s) the event happened or is planned for; empty if the text gives none.
        status: occurred, planned or negated.
        object: what is vetoed, rejected, proposed or agreed.
        quote: the quoted words of a statement.
        confidence: in [0, 1].
        extractor: the registered name of the extractor that produced it.
    """

    local_id: str
    event_class: str
    trigger: Evidence
    evidence: tuple[Evidence, ...]
    agent: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    participant: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    date: tuple[dt.date, ...] = ()
    date_text: str | None = None
    status: Status = Status.OCCURRED
    object: ObjectRef | None = None
    quote: str | None = None
    confidence: float = 0.5
    extractor: str = ""


@dataclass(frozen=True)
class Casualties:
    """A reported toll (``cev:Casualties``)."""

    local_id: str
    count: int
    kind: CasualtyKind
    evidence: Evidence
    qualifier: str | None = None  # "at least", "more than", "about", "at most"
    victims: str | None = None
    according_to: tuple[str, ...] = ()
    cause: str | None = None  # local_id of the event that caused them
    part_of: str | None = None  # local_id of the larger toll ("dont 44 enfants")
    date: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything read from one dispatch: the builder's whole input."""

    dispatch: Dispatch
    entities: Mapping[str, Entity]
    mentions: tuple[EntityMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    casualties: tuple[Casualties, ...] = ()
    dateline_key: str | None = None
    publisher_key: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "entities", _frozen_map(self.entities))


class DocContext(Protocol):
    """What an extractor may ask about the document beyond the spaCy ``Doc``."""

    dispatch: Dispatch

    def entity_at(self, token: Token) -> Entity | None:
        """The entity a token belongs to (a name, a metonym, a demonym, a group noun), if any."""
        ...

    def actor_at(self, token: Token) -> Entity | None:
        """The actor a token stands for: a capital resolves to its state, a plain place to ``None``."""
        ...

    def place_at(self, token: Token) -> Entity | None:
        """The place a token names (a country name gives the country), if any."""
        ...

    def entities_in(self, span: Span) -> list[Entity]:
        """Entities mentioned in a span, in text order, without repeats."""
        ...

    def entity(self, key: str) -> Entity:
        """The entity with this key (raises KeyError)."""
        ...

    def evidence(self, span: Span) -> Evidence:
        """The evidence value for a sentence or span (offsets into the body)."""
        ...

    def times_in(self, span: Span) -> list[TimeExpr]:
        """Time expressions in a span, resolved against the dispatch date."""
        ...


@runtime_checkable
class EventExtractor(Protocol):
    """An event family's extractor: a registered, named callable over a parsed document."""

    name: str
    event_classes: tuple[str, ...]

    def __call__(self, doc: Doc, ctx: DocContext) -> Iterable[EventMention]: ...


@runtime_checkable
class CasualtyExtractor(Protocol):
    """Reads casualty tolls; may link them to the events already found in the document."""

    name: str

    def __call__(
        self, doc: Doc, ctx: DocContext, events: tuple[EventMention, ...]
    ) -> Iterable[Casualties]: ...
