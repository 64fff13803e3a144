"""Deterministic example graphs for demos, tests and benchmarks of the exports.

They are made from hand-built :mod:`kg.types` values through :func:`kg.rdf.builder.build_graph`,
so they are exactly what ``kg build`` stores, without running the NLP pipeline.
The sentences are written for depeche (French, wire style); the actors and
places are real (with their Wikidata QIDs) but the events are invented.

>>> from kg.store.oxigraph import Store
>>> st = Store()
>>> fill_store(st, scenario())
>>> len(st.graph_names())  # three dispatches and the ontology
4
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator, Sequence

from kg.rdf.builder import build_graph
from kg.rdf.ontology import ontology_graph
from kg.store.oxigraph import Store
from kg.types import (
    Casualties,
    CasualtyKind,
    Dispatch,
    Entity,
    EventMention,
    Evidence,
    Extraction,
    Status,
)

RUSSIA = Entity("Q159", "State", "Russia", qid="Q159", aliases=("Russie", "Moscou"), extra_kinds=("Country",))
FRANCE = Entity("Q142", "State", "France", qid="Q142", aliases=("Paris",), extra_kinds=("Country",))
USA = Entity(
    "Q30", "State", "United States", qid="Q30", aliases=("États-Unis", "Washington"), extra_kinds=("Country",)
)
SYRIA = Entity("Q858", "Country", "Syria", qid="Q858", aliases=("Syrie",), lat=35.0, long=38.0)
IRAQ = Entity("Q796", "Country", "Iraq", qid="Q796", aliases=("Irak",), lat=33.0, long=44.0)
ARMY = Entity("ArmedForces:armee syrienne", "ArmedForces", "armée syrienne", label_lang="fr")
IRAQI_FORCES = Entity("ArmedForces:forces irakiennes", "ArmedForces", "forces irakiennes", label_lang="fr")
REBELS = Entity("Group:rebelles", "Group", "rebelles", label_lang="fr")
ISIS = Entity(
    "Q2429253", "ArmedGroup", "Islamic State", qid="Q2429253", aliases=("EI", "groupe État islamique")
)
OSDH = Entity(
    "Q1141478", "Organization", "Syrian Observatory for Human Rights", qid="Q1141478", aliases=("OSDH",)
)
ALEPPO = Entity(
    "Q41183", "City", "Aleppo", qid="Q41183", aliases=("Alep",), lat=36.2, long=37.15, located_in="Q858"
)
GENEVA = Entity("Q71", "City", "Geneva", qid="Q71", aliases=("Genève",), lat=46.2, long=6.15)
MOSUL = Entity(
    "Q82397", "City", "Mosul", qid="Q82397", aliases=("Mossoul",), lat=36.34, long=43.13, located_in="Q796"
)


class _Body:
    """Builds a dispatch body sentence by sentence and returns each sentence's evidence."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, sentence: str) -> Evidence:
        start = self.length + (1 if self.parts else 0)
        self.parts.append(sentence)
        self.length = start + len(sentence)
        return Evidence(sentence, start, start + len(sentence))

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _trigger(ev: Evidence, words: str) -> Evidence:
    i = ev.text.index(words)
    return Evidence(words, ev.start + i, ev.start + i + len(words))


def _entities(*items: Entity) -> dict[str, Entity]:
    return {e.key: e for e in items}


def scenario() -> list[Extraction]:
    """Three dispatches (Aleppo, Aleppo again, Mosul) with seven events and three tolls.

    Events (local ids): ``veto-1`` (Russia vetoes France's draft, 2016-12-05), ``frappe-2``
    (the Syrian army strikes the rebels in Aleppo, 2016-12-04, 12 killed of which 4 children),
    ``negociation-1`` (Russia and the United States, planned talks in Geneva, 2016-12-08),
    ``combats-2`` (the army and the rebels clash in Aleppo, no date: the dispatch's 2016-12-07),
    ``declaration-3`` (statement by the OSDH), ``tirs-1`` (the Islamic State shells the Iraqi
    forces in Mosul, 2016-12-19, 5 killed), ``accusation-2`` (France accuses Russia, 2016-12-20);
    and a toll of 20 injured in Mosul attached to no event.
    """
    b = _Body()
    s1 = b.add("La Russie a mis son veto lundi à un projet de résolution présenté par la France.")
    s2 = b.add("Dimanche, des raids aériens de l'armée syrienne ont visé les rebelles à Alep.")
    s3 = b.add("Ces frappes ont fait au moins douze morts, dont quatre enfants.")
    a = Extraction(
        dispatch=Dispatch(
            "alep-1", b.text, dt.date(2016, 12, 5), title="Veto russe sur Alep", publisher="AFP"
        ),
        entities=_entities(RUSSIA, FRANCE, ARMY, REBELS, ALEPPO, SYRIA),
        events=(
            EventMention(
                "veto-1",
                "Veto",
                _trigger(s1, "mis son veto"),
                (s1,),
                agent=(RUSSIA.key,),
                target=(FRANCE.key,),
                date=(dt.date(2016, 12, 5),),
                date_text="lundi",
                confidence=0.9,
                extractor="kg.sample.v1",
            ),
            EventMention(
                "frappe-2",
                "AirStrike",
                _trigger(s2, "raids aériens"),
                (s2,),
                agent=(ARMY.key,),
                target=(REBELS.key,),
                place=(ALEPPO.key,),
                date=(dt.date(2016, 12, 4),),
                date_text="Dimanche",
                confidence=0.8,
                extractor="kg.sample.v1",
            ),
        ),
        casualties=(
            Casualties("morts-3", 12, CasualtyKind.KILLED, s3, qualifier="at least", cause="frappe-2"),
            Casualties(
                "enfants-3",
                4,
                CasualtyKind.KILLED,
                s3,
                victims="enfants",
                cause="frappe-2",
                part_of="morts-3",
            ),
        ),
        dateline_key=ALEPPO.key,
    )
    b = _Body()
    s1 = b.add("Moscou et Washington doivent se retrouver jeudi à Genève pour de nouveaux pourparlers.")
    s2 = b.add("Sur le terrain, des combats opposaient toujours l'armée syrienne aux rebelles à Alep.")
    s3 = b.add("La situation humanitaire reste très grave, a déclaré l'OSDH.")
    b2 = Extraction(
        dispatch=Dispatch("alep-2", b.text, dt.date(2016, 12, 7), title="Pourparlers à Genève"),
        entities=_entities(RUSSIA, USA, ARMY, REBELS, ALEPPO, GENEVA, SYRIA, OSDH),
        events=(
            EventMention(
                "negociation-1",
                "Negotiation",
                _trigger(s1, "pourparlers"),
                (s1,),
                participant=(RUSSIA.key, USA.key),
                place=(GENEVA.key,),
                date=(dt.date(2016, 12, 8),),
                date_text="jeudi",
                status=Status.PLANNED,
                confidence=0.7,
            ),
            EventMention(
                "combats-2",
                "Clash",
                _trigger(s2, "combats"),
                (s2,),
                participant=(ARMY.key, REBELS.key),
                place=(ALEPPO.key,),
                confidence=0.75,
            ),
            EventMention(
                "declaration-3",
                "Statement",
                _trigger(s3, "a déclaré"),
                (s3,),
                agent=(OSDH.key,),
                confidence=0.6,
            ),
        ),
    )
    b = _Body()
    s1 = b.add("Lundi, les jihadistes de l'EI ont bombardé les positions des forces irakiennes à Mossoul.")
    s2 = b.add("Cinq soldats ont été tués et une vingtaine de civils blessés, selon l'OSDH.")
    s3 = b.add("Paris a accusé Moscou de bloquer toute issue diplomatique.")
    c = Extraction(
        dispatch=Dispatch("mossoul-1", b.text, dt.date(2016, 12, 20), title="Bombardements à Mossoul"),
        entities=_entities(ISIS, IRAQI_FORCES, MOSUL, IRAQ, OSDH, FRANCE, RUSSIA),
        events=(
            EventMention(
                "tirs-1",
                "Shelling",
                _trigger(s1, "bombardé"),
                (s1,),
                agent=(ISIS.key,),
                target=(IRAQI_FORCES.key,),
                place=(MOSUL.key,),
                date=(dt.date(2016, 12, 19),),
                date_text="Lundi",
                confidence=0.8,
            ),
            EventMention(
                "accusation-2",
                "Accusation",
                _trigger(s3, "accusé"),
                (s3,),
                agent=(FRANCE.key,),
                target=(RUSSIA.key,),
                date=(dt.date(2016, 12, 20),),
                confidence=0.7,
            ),
        ),
        casualties=(
            Casualties(
                "tues-2",
                5,
                CasualtyKind.KILLED,
                s2,
                victims="soldats",
                cause="tirs-1",
                according_to=(OSDH.key,),
            ),
            Casualties(
                "blesses-2",
                20,
                CasualtyKind.INJURED,
                s2,
                qualifier="about",
                victims="civils",
                according_to=(OSDH.key,),
            ),
        ),
    )
    return [a, b2, c]


# --- synthetic graphs of any size ----------------------------------------------------------------
# Role patterns by class, following DESIGN.md: (class, roles, French verb phrase).
_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("AirStrike", "at", "a mené des frappes aériennes contre"),
    ("Shelling", "at", "a bombardé les positions de"),
    ("Bombing", "at", "a revendiqué un attentat contre"),
    ("Attack", "at", "a attaqué"),
    ("Clash", "pp", "s'est affronté avec"),
    ("Offensive", "at", "a lancé une offensive contre"),
    ("Capture", "at", "a repris le contrôle d'un secteur tenu par"),
    ("Statement", "a", "a fait une déclaration devant"),
    ("Proposal", "at", "a présenté une proposition à"),
    ("Rejection", "at", "a rejeté le plan de"),
    ("Veto", "at", "a mis son veto au texte de"),
    ("ResolutionAdoption", "at", "a adopté une résolution visant"),
    ("Negotiation", "pp", "a tenu des pourparlers avec"),
    ("Agreement", "pp", "a signé un accord avec"),
    ("Ceasefire", "pp", "a conclu une trêve avec"),
    ("Accusation", "at", "a accusé"),
    ("Withdrawal", "a", "s'est retiré face à"),
    ("Evacuation", "at", "a organisé l'évacuation de"),
    ("Release", "at", "a libéré des membres de"),
    ("Displacement", "a", "a fui les combats menés par"),
)
_ACTOR_KINDS = (
    "State",
    "ArmedGroup",
    "ArmedForces",
    "IntergovernmentalOrganization",
    "Organization",
    "Group",
    "Person",
)


def _pool(n_actors: int, n_places: int) -> tuple[list[Entity], list[Entity]]:
    countries = [
        Entity(f"Country:pays {i}", "Country", f"Pays {i}", label_lang="fr", lat=10.0 + i, long=20.0 + i)
        for i in range(max(1, n_places // 8))
    ]
    cities = [
        Entity(
            f"City:ville {i}",
            "City",
            f"Ville {i}",
            label_lang="fr",
            lat=10.0 + i * 0.1,
            long=20.0 + i * 0.2,
            located_in=countries[i % len(countries)].key,
        )
        for i in range(n_places - len(countries))
    ]
    actors = [
        Entity(f"{kind}:acteur {i}", kind, f"Acteur {i}", label_lang="fr")
        for i, kind in ((i, _ACTOR_KINDS[i % len(_ACTOR_KINDS)]) for i in range(n_actors))
    ]
    return actors, countries + cities


def synthetic(
    n_events: int,
    *,
    events_per_dispatch: int = 10,
    n_actors: int = 120,
    n_places: int = 60,
    start: dt.date = dt.date(2016, 1, 1),
    days: int = 365,
    seed: int = 1,
) -> Iterator[Extraction]:
    """A reproducible stream of extractions with ``n_events`` events in total.

    Actors are drawn with a skewed distribution (a few are in most events, as in real news),
    every class of the ontology appears, and about one event in four has a casualty toll.

    Args:
        n_events: how many events in all.
        events_per_dispatch: events per dispatch (the last dispatch may have fewer).
        n_actors, n_places: sizes of the actor and place pools.
        start, days: the period the dispatch dates are spread over.
        seed: the random seed (same seed, same graphs).
    """
    rng = random.Random(seed)
    actors, places = _pool(n_actors, n_places)
    weights = [1.0 / (i + 1) for i in range(len(actors))]
    made, d = 0, 0
    while made < n_events:
        k = min(events_per_dispatch, n_events - made)
        day = start + dt.timedelta(days=rng.randrange(days))
        body = _Body()
        events: list[EventMention] = []
        tolls: list[Casualties] = []
        used: dict[str, Entity] = {}
        for j in range(k):
            cls, roles, verb = _PATTERNS[(made + j) % len(_PATTERNS)]
            x, y = _two(rng, actors, weights)
            place = places[rng.randrange(len(places))]
            when = day - dt.timedelta(days=rng.randrange(3))
            s = body.add(
                f"Selon des sources concordantes, {x.label} {verb} {y.label} à {place.label}, "
                f"le {when.day} du mois, d'après la dépêche {d}-{j}."
            )
            used.update({x.key: x, y.key: y, place.key: place})
            if place.located_in:
                used.update({p.key: p for p in places if p.key == place.located_in})
            pair = (x.key, y.key)
            events.append(
                EventMention(
                    f"ev-{j}",
                    cls,
                    _trigger(s, verb),
                    (s,),
                    agent=pair[:1] if roles != "pp" else (),
                    target=pair[1:] if roles == "at" else (),
                    participant=pair if roles == "pp" else (),
                    place=(place.key,),
                    date=(when,),
                    status=Status.PLANNED if rng.random() < 0.1 else Status.OCCURRED,
                    confidence=round(0.5 + rng.random() / 2, 3),
                    extractor="kg.sample.v1",
                )
            )
            if rng.random() < 0.25:
                n = rng.randrange(1, 40)
                t = body.add(f"Le bilan fait état de {n} victimes, selon un décompte local.")
                tolls.append(
                    Casualties(
                        f"toll-{j}",
                        n,
                        CasualtyKind.KILLED if rng.random() < 0.7 else CasualtyKind.INJURED,
                        t,
                        cause=f"ev-{j}",
                        date=(when,),
                    )
                )
        yield Extraction(
            Dispatch(f"synthetique-{d:06d}", body.text, day, title=f"Dépêche synthétique {d}"),
            entities=used,
            events=tuple(events),
            casualties=tuple(tolls),
        )
        made += k
        d += 1


def _two(rng: random.Random, pool: Sequence[Entity], weights: Sequence[float]) -> tuple[Entity, Entity]:
    x = rng.choices(pool, weights=weights)[0]
    while True:
        y = rng.choices(pool, weights=weights)[0]
        if y.key != x.key:
            return x, y


def fill_store(store: Store, extractions: Iterable[Extraction], *, ontology: bool = True) -> None:
    """Build each extraction's graph into ``store`` (and the ontology graph, as ``kg build`` does)."""
    if ontology:
        store.replace_graph(ontology_graph())
    for ex in extractions:
        store.replace_graph(build_graph(ex))
