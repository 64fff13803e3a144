"""The events of the store as plain Python records, and the filters every export applies.

Every export (networkx views, the HTML page, the plots) starts from an
:class:`EventData`: a few flat SPARQL queries read the union of the store's
named graphs once, and the rest is plain Python, so a graph of 10,000 events
is read in well under a second. The ontology graph (stored by ``kg build`` as
``<https://w3id.org/depeche/cev>``) supplies the class hierarchy, used by the
class filter (``Attack`` also selects ``AirStrike``), and the PLOVER types; without
it the filter matches classes exactly and PLOVER types are empty.

Dates: an event's *day* is its first ``cev:date``, else the date of the dispatch
it was read from (``day_from_dispatch`` tells which), so every event has a place on
a time line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from kg.errors import KGError
from kg.export.style import primary_type
from kg.rdf.namespace import PREFIXES
from kg.store.oxigraph import Store
from kg.types import ACTOR_KINDS, PLACE_KINDS

CEV_NS = PREFIXES["cev"]
ENTITY_NS = PREFIXES["id"] + "entity/"
WD_NS = PREFIXES["wd"]
ROLES = ("agent", "target", "participant")
STATUSES = ("Occurred", "Planned", "Negated")


@dataclass(frozen=True)
class EntityInfo:
    """An actor or a place as the store describes it.

    Attributes:
        iri: the entity IRI (the node id in every view).
        label: its label (English KB label when there is one, else the first one found).
        types: its ``cev:`` classes (local names), sorted.
        qid: the Wikidata QID of its ``owl:sameAs``, if any.
        aliases: its ``skos:altLabel`` values.
        lat, long: WGS84 coordinates, for places.
        located_in: IRIs of the places it is ``cev:locatedIn``.
    """

    iri: str
    label: str
    types: tuple[str, ...] = ()
    qid: str | None = None
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    long: float | None = None
    located_in: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        """The class it is shown as (``State`` for a country acting, see :func:`style.primary_type`)."""
        return primary_type(self.types)

    @property
    def place_type(self) -> str:
        """The class it is shown as when it is a place (``Country`` rather than ``State``)."""
        return primary_type(self.types, place=True)


@dataclass(frozen=True)
class EvidenceInfo:
    """A sentence an event or a toll was read from, with its offsets in the dispatch body."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DispatchInfo:
    """A dispatch: its IRI, source name, publication date and headline."""

    iri: str
    source_name: str
    date: dt.date | None = None
    headline: str | None = None


@dataclass(frozen=True)
class EventInfo:
    """One event with its roles, dates, provenance and evidence.

    Attributes:
        iri: the event IRI.
        event_class: its most specific ``cev:`` class (local name).
        classes: that class and all its superclasses known to the ontology (for filters).
        plover: its PLOVER types (from the ontology's ``cev:ploverType``; ``"none"`` dropped).
        status: ``Occurred``, ``Planned`` or ``Negated``.
        dates: its ``cev:date`` values, sorted.
        day: the first of ``dates``, else the dispatch date.
        day_from_dispatch: whether ``day`` is the dispatch date.
        agents, targets, participants, places: entity IRIs, sorted.
        dispatch: the IRI of the dispatch it was derived from (the first one, sorted).
        evidence: the sentences it was read from, in text order.
        killed, injured: casualty figures attached to it (``cev:casualtiesOf``), sub-counts excluded.
    """

    iri: str
    event_class: str
    classes: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    status: str = "Occurred"
    dates: tuple[dt.date, ...] = ()
    day: dt.date | None = None
    day_from_dispatch: bool = False
    date_text: str | None = None
    label: str | None = None
    trigger: str | None = None
    confidence: float | None = None
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    dispatch: str = ""
    evidence: tuple[EvidenceInfo, ...] = ()
    killed: int = 0
    injured: int = 0

    @property
    def actors(self) -> tuple[str, ...]:
        """Every actor of the event, in any role, without repeats."""
        return tuple(dict.fromkeys((*self.agents, *self.targets, *self.participants)))

    def roles_of(self, actor: str) -> tuple[str, ...]:
        """The roles (``agent``, ``target``, ``participant``) an actor has in the event."""
        return tuple(
            r
            for r, keys in zip(ROLES, (self.agents, self.targets, self.participants), strict=True)
            if actor in keys
        )


@dataclass(frozen=True)
class CasualtyInfo:
    """A reported toll (``cev:Casualties``)."""

    iri: str
    count: int
    kind: str
    dispatch: str
    day: dt.date | None = None
    event: str | None = None
    qualifier: str | None = None
    victims: str | None = None
    sub_count: bool = False
    evidence: tuple[EvidenceInfo, ...] = ()


@dataclass(frozen=True)
class EventFilter:
    """Which events an export keeps; an empty field keeps everything.

    Attributes:
        classes: event classes (local names such as ``"Attack"`` or IRIs); subclasses are included.
        start, end: the period, inclusive, compared with each event's day.
        places: places (IRIs, QIDs or labels); events in a place located in one of them are kept too.
        actors: actors (IRIs, QIDs or labels); events where one of them has any role are kept.
        statuses: ``Occurred``, ``Planned``, ``Negated``.

    >>> EventFilter(classes=("Attack",), start=dt.date(2016, 12, 1)).describe()
    'classes=Attack; from=2016-12-01'
    """

    classes: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.classes or self.start or self.end or self.places or self.actors or self.statuses)

    def describe(self) -> str:
        """A short text for graph metadata and page titles (``""`` when nothing is filtered)."""
        parts = []
        for name, values in (
            ("classes", self.classes),
            ("places", self.places),
            ("actors", self.actors),
            ("statuses", self.statuses),
        ):
            if values:
                parts.append(f"{name}={','.join(values)}")
        if self.start:
            parts.append(f"from={self.start.isoformat()}")
        if self.end:
            parts.append(f"to={self.end.isoformat()}")
        return "; ".join(parts)


@dataclass(frozen=True)
class EventData:
    """Events, the entities and dispatches they refer to, and the casualty figures, read from a store.

    Build it with :func:`load_events`; narrow it with :meth:`select`. Mappings are keyed by IRI and
    ordered by IRI, so every export made from it is deterministic.
    """

    events: Mapping[str, EventInfo]
    entities: Mapping[str, EntityInfo]
    dispatches: Mapping[str, DispatchInfo]
    casualties: tuple[CasualtyInfo, ...] = ()
    class_parents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    plover: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.events)

    def label(self, iri: str) -> str:
        """The label of an entity, or the end of its IRI when the store has none."""
        info = self.entities.get(iri)
        return info.label if info is not None else iri.rstrip("/").rsplit("/", 1)[-1]

    # --- resolving filter values ------------------------------------------------------------
    def resolve_entities(self, refs: Iterable[str], *, what: str) -> set[str]:
        """Entity IRIs for filter values: an IRI, a QID (``Q159``) or a label or alias (any case).

        Raises:
            KGError: if a value matches no entity of the data.
        """
        out: set[str] = set()
        index: dict[str, set[str]] | None = None
        for ref in refs:
            if ref in self.entities:
                out.add(ref)
                continue
            if index is None:
                index = defaultdict(set)
                for info in self.entities.values():
                    for name in (info.label, *info.aliases, info.qid or ""):
                        if name:
                            index[name.casefold()].add(info.iri)
            found = index.get(ref.casefold()) or index.get(ref.removeprefix(WD_NS).casefold())
            if not found:
                raise KGError(
                    f"no {what} matches {ref!r}",
                    where="export filter",
                    hint=f"give an IRI, a QID or a label of a {what} in the store",
                )
            out |= found
        return out

    def resolve_classes(self, refs: Iterable[str]) -> set[str]:
        """Class local names for filter values (``"Attack"``, ``"cev:Attack"`` or the full IRI).

        Raises:
            KGError: if a value names no event class known to the data or the ontology.
        """
        known = (
            {c for e in self.events.values() for c in e.classes} | set(self.class_parents) | set(self.plover)
        )
        out = set()
        for ref in refs:
            name = ref.removeprefix(CEV_NS).removeprefix("cev:")
            match = next((k for k in known if k.casefold() == name.casefold()), None)
            if match is None:
                raise KGError(
                    f"unknown event class {ref!r}",
                    where="export filter",
                    hint="one of " + ", ".join(sorted(known)) if known else "the store has no events",
                )
            out.add(match)
        return out

    def _within(self, places: set[str]) -> set[str]:
        """The places and every place located in one of them (transitively)."""
        children: dict[str, set[str]] = defaultdict(set)
        for info in self.entities.values():
            for parent in info.located_in:
                children[parent].add(info.iri)
        out, todo = set(places), list(places)
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in out:
                    out.add(child)
                    todo.append(child)
        return out

    # --- filtering ----------------------------------------------------------------------------
    def select(self, flt: EventFilter | None) -> EventData:
        """The events that pass ``flt``, with only the entities, dispatches and tolls they refer to.

        Tolls not attached to an event are kept when only the period (or nothing) is filtered and
        their day is within it.

        Raises:
            KGError: if a filter value names no known class, actor or place.
        """
        if not flt:
            return self
        classes = self.resolve_classes(flt.classes) if flt.classes else None
        actors = self.resolve_entities(flt.actors, what="actor") if flt.actors else None
        places = self._within(self.resolve_entities(flt.places, what="place")) if flt.places else None
        statuses = {s.removeprefix(CEV_NS).removeprefix("cev:").capitalize() for s in flt.statuses}

        def in_period(day: dt.date | None) -> bool:
            if flt.start is None and flt.end is None:
                return True
            return (
                day is not None
                and (flt.start is None or day >= flt.start)
                and (flt.end is None or day <= flt.end)
            )

        kept = {}
        for iri, ev in self.events.items():
            if classes is not None and not classes.intersection(ev.classes):
                continue
            if statuses and ev.status not in statuses:
                continue
            if actors is not None and not actors.intersection(ev.actors):
                continue
            if places is not None and not places.intersection(ev.places):
                continue
            if not in_period(ev.day):
                continue
            kept[iri] = ev
        only_period = not (flt.classes or flt.actors or flt.places or flt.statuses)
        tolls = tuple(
            c
            for c in self.casualties
            if (c.event in kept) or (c.event is None and only_period and in_period(c.day))
        )
        used = {x for ev in kept.values() for x in (*ev.actors, *ev.places)}
        used |= {p for x in list(used) if x in self.entities for p in self.entities[x].located_in}
        disp = {ev.dispatch for ev in kept.values()} | {c.dispatch for c in tolls}
        return replace(
            self,
            events=MappingProxyType(kept),
            entities=MappingProxyType({k: v for k, v in self.entities.items() if k in used}),
            dispatches=MappingProxyType({k: v for k, v in self.dispatches.items() if k in disp}),
            casualties=tolls,
        )


# --- reading the store ---------------------------------------------------------------------------
# Few, flat queries: pyoxigraph costs more per result row than per join, so rows are kept few
# (DISTINCT where the same entity is described in many dispatch graphs) and joined in Python.
_Q_EVENTS = "SELECT ?e ?class ?status WHERE { ?e cev:status ?status ; a ?class }"
_Q_ROLES = """
SELECT ?e ?role ?x WHERE {
  VALUES ?role { cev:agent cev:target cev:participant cev:place }
  ?e ?role ?x .
}"""
_ENTITY_CLASSES = " ".join(f"cev:{k}" for k in sorted(ACTOR_KINDS | PLACE_KINDS))
_Q_ENTITY_TYPES = f"SELECT DISTINCT ?x ?t WHERE {{ VALUES ?t {{ {_ENTITY_CLASSES} }} ?x a ?t }}"
_Q_ENTITY_PROPS = f"""
SELECT DISTINCT ?x ?p ?o (LANG(?o) AS ?lang) WHERE {{
  VALUES ?p {{ rdfs:label skos:altLabel owl:sameAs geo:lat geo:long cev:locatedIn }}
  ?x ?p ?o . FILTER(STRSTARTS(STR(?x), "{ENTITY_NS}"))
}}"""
_Q_ONTOLOGY = """
SELECT ?c ?p ?o WHERE {
  VALUES ?p { rdfs:subClassOf cev:ploverType }
  ?c ?p ?o . FILTER(STRSTARTS(STR(?c), STR(cev:)))
}"""


def _rows(store: Store, sparql: str) -> Iterator[tuple[Any, ...]]:
    """Each solution as a tuple of lexical values (``None`` for an unbound variable), in SELECT order."""
    for sol in store.query(sparql):
        yield tuple(None if t is None else t.value for t in sol)


def _pairs(store: Store, prop: str) -> list[tuple[str, str]]:
    """Subject and object values of every triple with predicate ``prop`` (a prefixed name)."""
    return [(sol[0].value, sol[1].value) for sol in store.query(f"SELECT ?s ?o WHERE {{ ?s {prop} ?o }}")]


def _local(iri: str | None) -> str:
    return "" if iri is None else iri.removeprefix(CEV_NS)


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _num(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


def _ancestors(cls: str, parents: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    out, todo = [cls], [cls]
    while todo:
        for p in parents.get(todo.pop(), ()):
            if p not in out:
                out.append(p)
                todo.append(p)
    return tuple(out)


def _most_specific(classes: set[str], parents: Mapping[str, tuple[str, ...]]) -> str:
    """The class of ``classes`` that is no other's ancestor (ties broken by name)."""
    inherited = {a for c in classes for a in _ancestors(c, parents)[1:]}
    return sorted(classes - inherited or classes)[0]


def load_events(store: Store) -> EventData:
    """Read every event, actor, place, dispatch and toll of the store's graphs.

    Args:
        store: the store (queried over the union of its named graphs; nothing is written).

    Returns:
        The data every view and export is made from.
    """
    parents: dict[str, set[str]] = defaultdict(set)
    plover: dict[str, set[str]] = defaultdict(set)
    for c, p, o in _rows(store, _Q_ONTOLOGY):
        if p == PREFIXES["rdfs"] + "subClassOf" and o.startswith(CEV_NS):
            parents[_local(c)].add(_local(o))
        elif p == CEV_NS + "ploverType" and o and o.lower() != "none":
            plover[_local(c)].add(o)
    frozen_parents = {k: tuple(sorted(v)) for k, v in parents.items()}
    frozen_plover = {k: tuple(sorted(v)) for k, v in plover.items()}

    names = dict(_pairs(store, "cev:sourceName"))
    pub = dict(_pairs(store, "dcterms:date"))
    headlines = dict(_pairs(store, "schema:headline"))
    dispatches = {d: DispatchInfo(d, names[d], _day(pub.get(d)), headlines.get(d)) for d in sorted(names)}

    classes: dict[str, set[str]] = defaultdict(set)
    status: dict[str, str] = {}
    for e, cls, st in _rows(store, _Q_EVENTS):
        if cls.startswith(CEV_NS):
            classes[e].add(_local(cls))
        status.setdefault(e, _local(st))
    derived: dict[str, set[str]] = defaultdict(set)
    for x, d in _pairs(store, "prov:wasDerivedFrom"):
        derived[x].add(d)
    confidence = {e: _num(v) for e, v in _pairs(store, "cev:confidence")}
    date_text = dict(_pairs(store, "cev:dateText"))
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e, role, x in _rows(store, _Q_ROLES):
        if e in classes:
            roles[e][_local(role)].add(x)
    dates: dict[str, set[dt.date]] = defaultdict(set)
    for x, value in _pairs(store, "cev:date"):
        day = _day(value)
        if day is not None:
            dates[x].add(day)
    # Evidence nodes: single-pattern scans joined here are much cheaper than one four-way join.
    text, start, end = (dict(_pairs(store, f"cev:{p}")) for p in ("text", "start", "end"))
    evidence: dict[str, set[EvidenceInfo]] = defaultdict(set)
    for x, node in _pairs(store, "cev:evidence"):
        if node in text:
            evidence[x].add(EvidenceInfo(text[node], int(start.get(node, 0)), int(end.get(node, 0))))

    tolls: list[CasualtyInfo] = []
    killed: dict[str, int] = defaultdict(int)
    injured: dict[str, int] = defaultdict(int)
    kind = dict(_pairs(store, "cev:kind"))
    cause, parent, qualifier, victims = (
        dict(_pairs(store, f"cev:{p}")) for p in ("casualtiesOf", "subCountOf", "countQualifier", "victims")
    )
    for c, count in sorted(dict(_pairs(store, "cev:count")).items()):
        if c not in kind:
            continue
        n, k, sub, event = int(float(count)), _local(kind[c]), c in parent, cause.get(c)
        day = min(dates.get(c, ()), default=None)
        ev_of = tuple(sorted(evidence.get(c, ()), key=lambda x: x.start))
        origin = sorted(derived.get(c, ()))
        tolls.append(
            CasualtyInfo(
                c, n, k, origin[0] if origin else "", day, event, qualifier.get(c), victims.get(c), sub, ev_of
            )
        )
        if event and not sub:
            (killed if k == "Killed" else injured)[event] += n

    events: dict[str, EventInfo] = {}
    for e in sorted(classes):
        if e not in derived:
            continue
        cls = _most_specific(classes[e], frozen_parents)
        ancestors = dict.fromkeys(a for c in sorted(classes[e]) for a in _ancestors(c, frozen_parents))
        dispatch = sorted(derived[e])[0]
        ds = tuple(sorted(dates.get(e, ())))
        dday = dispatches[dispatch].date if dispatch in dispatches else None
        r = roles.get(e, {})
        events[e] = EventInfo(
            iri=e,
            event_class=cls,
            classes=(cls, *[a for a in ancestors if a != cls]),
            plover=frozen_plover.get(cls, ()),
            status=status.get(e) or "Occurred",
            dates=ds,
            day=ds[0] if ds else dday,
            day_from_dispatch=not ds and dday is not None,
            date_text=date_text.get(e),
            confidence=confidence.get(e),
            agents=tuple(sorted(r.get("agent", ()))),
            targets=tuple(sorted(r.get("target", ()))),
            participants=tuple(sorted(r.get("participant", ()))),
            places=tuple(sorted(r.get("place", ()))),
            dispatch=dispatch,
            evidence=tuple(sorted(evidence.get(e, ()), key=lambda x: x.start)),
            killed=killed.get(e, 0),
            injured=injured.get(e, 0),
        )

    def toll_day(t: CasualtyInfo) -> dt.date | None:
        if t.day:
            return t.day
        if t.event in events:
            return events[t.event].day
        return dispatches[t.dispatch].date if t.dispatch in dispatches else None

    return EventData(
        events=MappingProxyType(events),
        entities=MappingProxyType(_load_entities(store)),
        dispatches=MappingProxyType(dispatches),
        casualties=tuple(sorted((replace(t, day=toll_day(t)) for t in tolls), key=lambda t: t.iri)),
        class_parents=MappingProxyType(frozen_parents),
        plover=MappingProxyType(frozen_plover),
    )


def _load_entities(store: Store) -> dict[str, EntityInfo]:
    types: dict[str, set[str]] = defaultdict(set)
    for x, t in _rows(store, _Q_ENTITY_TYPES):
        if x.startswith(ENTITY_NS):
            types[x].add(_local(t))
    props: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for x, p, o, lang in _rows(store, _Q_ENTITY_PROPS):
        props[x][p].append((o, lang or ""))
    rdfs, skos, owl, geo = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["owl"], PREFIXES["geo"]
    out: dict[str, EntityInfo] = {}
    for x in sorted(set(types) | set(props)):
        p = props.get(x, {})
        labels = sorted(set(p.get(rdfs + "label", [])), key=lambda v: ({"en": 0, "fr": 1}.get(v[1], 2), v))
        same = [v for v, _ in p.get(owl + "sameAs", []) if v.startswith(WD_NS)]
        out[x] = EntityInfo(
            iri=x,
            label=labels[0][0] if labels else x.rstrip("/").rsplit("/", 1)[-1],
            types=tuple(sorted(types.get(x, ()))),
            qid=sorted(same)[0].removeprefix(WD_NS) if same else None,
            aliases=tuple(sorted({v for v, _ in p.get(skos + "altLabel", [])} | {v for v, _ in labels[1:]})),
            lat=_num(min((v for v, _ in p.get(geo + "lat", [])), default=None)),
            long=_num(min((v for v, _ in p.get(geo + "long", [])), default=None)),
            located_in=tuple(sorted({v for v, _ in p.get(CEV_NS + "locatedIn", [])})),
        )
    return out


def as_data(source: Store | EventData, flt: EventFilter | None = None) -> EventData:
    """``source`` as event data (read from the store when it is one), narrowed by ``flt``."""
    data = source if isinstance(source, EventData) else load_events(source)
    return data.select(flt)
