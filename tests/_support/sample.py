"""A small, hand-made event graph for the query, server and remote-store tests.

Four dispatches written for these tests (French, wire style), turned into
:class:`kg.types.Extraction` values by hand and into named graphs by the real
builder (:func:`kg.rdf.builder.build_graph`), so the graphs have exactly the
shape ``kg build`` emits. The expected answers of the library queries are
stated in the tests against the facts below:

- ``alep-veto`` (2016-12-05): Russia and China veto a draft resolution on an Aleppo truce put
  forward by France; Russia's ambassador speaks (quoted); Russia and the United States plan
  talks in Geneva for the next day.
- ``alep-frappes`` (2016-12-05): an air strike by the Syrian army on rebels in Aleppo kills
  12 civilians including 4 children (according to the OSDH); rebel shelling of western
  Aleppo kills 3.
- ``alep-bilan`` (2016-12-06): the same air strike (same place and day) reported with 15 dead
  according to the civil defence: a conflicting figure.
- ``idlib-attentat`` (2016-12-10): a car bomb in Idlib kills 8 (OSDH); Russia accuses the
  rebels; talks between the government and the rebels in Idlib were refused (negated).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rdflib import Graph

from kg.rdf.builder import build_graph
from kg.types import (
    Casualties,
    CasualtyKind,
    Dispatch,
    Entity,
    EventMention,
    Evidence,
    Extraction,
    ObjectRef,
    Status,
)

D = dt.date
ID = "https://w3id.org/depeche/id/"
RUSSIA = ID + "entity/Q159"
CHINA = ID + "entity/Q148"
FRANCE = ID + "entity/Q142"
USA = ID + "entity/Q30"
SYRIA = ID + "entity/Q858"
ALEPPO = ID + "entity/Q41183"
GENEVA = ID + "entity/Q71"
IDLIB = ID + "entity/city/idlib"
ARMY = ID + "entity/armedforces/armee-syrienne"
REBELS = ID + "entity/group/rebelles"
OSDH = ID + "entity/organization/osdh"
CIVIL_DEFENCE = ID + "entity/organization/defense-civile"
CHURKIN = ID + "entity/person/vitali-tchourkine"
UNSC = ID + "entity/Q37470"

ENTITIES = {
    e.key: e
    for e in (
        Entity("Q159", "State", "Russia", qid="Q159", aliases=("Russie", "Moscou"), extra_kinds=("Country",)),
        Entity("Q148", "State", "China", qid="Q148", aliases=("Chine", "Pékin"), extra_kinds=("Country",)),
        Entity("Q142", "State", "France", qid="Q142", aliases=("Paris",), extra_kinds=("Country",)),
        Entity("Q30", "State", "United States", qid="Q30", aliases=("Washington",), extra_kinds=("Country",)),
        Entity(
            "Q858",
            "State",
            "Syria",
            qid="Q858",
            aliases=("Syrie",),
            extra_kinds=("Country",),
            lat=35.0,
            long=38.0,
        ),
        Entity(
            "Q41183",
            "City",
            "Aleppo",
            qid="Q41183",
            aliases=("Alep",),
            lat=36.2021,
            long=37.1343,
            located_in="Q858",
            geonames="170063",
        ),
        Entity("Q71", "City", "Geneva", qid="Q71", aliases=("Genève",), lat=46.2044, long=6.1432),
        Entity("City:idlib", "City", "Idleb", label_lang="fr", lat=35.9306, long=36.6339, located_in="Q858"),
        Entity(
            "ArmedForces:armée syrienne", "ArmedForces", "armée syrienne", label_lang="fr", represents="Q858"
        ),
        Entity("Group:rebelles", "Group", "rebelles", label_lang="fr"),
        Entity(
            "Organization:OSDH",
            "Organization",
            "OSDH",
            label_lang="fr",
            aliases=("Observatoire syrien des droits de l'homme",),
        ),
        Entity("Organization:défense civile", "Organization", "défense civile", label_lang="fr"),
        Entity(
            "Person:Vitali Tchourkine",
            "Person",
            "Vitali Tchourkine",
            label_lang="fr",
            role="ambassadeur russe à l'ONU",
            represents="Q159",
            member_of="Q37470",
        ),
        Entity(
            "Q37470",
            "IntergovernmentalOrganization",
            "United Nations Security Council",
            qid="Q37470",
            aliases=("Conseil de sécurité",),
        ),
    )
}


class _Text:
    """A body made of sentences, with evidence spans found by sentence number and word."""

    def __init__(self, *sentences: str) -> None:
        self.sentences = sentences
        self.body = " ".join(sentences)

    def sentence(self, i: int) -> Evidence:
        start = self.body.index(self.sentences[i])
        return Evidence(self.sentences[i], start, start + len(self.sentences[i]))

    def word(self, i: int, word: str) -> Evidence:
        s = self.sentence(i)
        start = s.start + s.text.index(word)
        return Evidence(word, start, start + len(word))


def _event(t: _Text, local_id: str, cls: str, i: int, trigger: str, **kw: object) -> EventMention:
    return EventMention(
        local_id=local_id,
        event_class=cls,
        trigger=t.word(i, trigger),
        evidence=(t.sentence(i),),
        extractor=f"kg.test.{cls.lower()}.v1",
        **kw,
    )  # type: ignore[arg-type]


def _veto() -> Extraction:
    t = _Text(
        "La Russie et la Chine ont mis lundi leur veto à un projet de résolution du Conseil de sécurité "
        "réclamant une trêve de sept jours à Alep.",
        "Le texte avait été présenté par la France.",
        "\u00ab Ce projet ne sert qu'à gagner du temps pour les rebelles \u00bb, "
        "a affirmé Vitali Tchourkine.",
        "Moscou et Washington doivent se retrouver mardi à Genève pour discuter d'une sortie de crise.",
    )
    draft = ObjectRef("Resolution", label="projet de résolution sur une trêve à Alep")
    events = (
        _event(
            t,
            "veto-russie",
            "Veto",
            0,
            "veto",
            agent=("Q159",),
            target=("Q142",),
            date=(D(2016, 12, 5),),
            date_text="lundi",
            object=draft,
            confidence=0.92,
        ),
        _event(
            t,
            "veto-chine",
            "Veto",
            0,
            "veto",
            agent=("Q148",),
            target=("Q142",),
            date=(D(2016, 12, 5),),
            date_text="lundi",
            object=draft,
            confidence=0.9,
        ),
        _event(
            t,
            "proposition",
            "Proposal",
            1,
            "présenté",
            agent=("Q142",),
            place=("Q41183",),
            object=draft,
            confidence=0.8,
        ),
        _event(
            t,
            "declaration",
            "Statement",
            2,
            "a affirmé",
            agent=("Person:Vitali Tchourkine",),
            quote="Ce projet ne sert qu'à gagner du temps pour les rebelles",
            confidence=0.85,
        ),
        _event(
            t,
            "pourparlers",
            "Negotiation",
            3,
            "discuter",
            participant=("Q159", "Q30"),
            place=("Q71",),
            date=(D(2016, 12, 6),),
            date_text="mardi",
            status=Status.PLANNED,
            confidence=0.75,
        ),
    )
    d = Dispatch(
        source_name="alep-veto",
        body=t.body,
        date=D(2016, 12, 5),
        title="Veto russe et chinois sur Alep",
        publisher="AFP",
        url="https://example.org/depeches/alep-veto",
    )
    return Extraction(dispatch=d, entities=ENTITIES, events=events, dateline_key=None)


def _strikes() -> Extraction:
    t = _Text(
        "Des frappes aériennes de l'armée syrienne ont visé lundi des quartiers rebelles d'Alep.",
        "Au moins 12 civils, dont 4 enfants, ont été tués, selon l'OSDH.",
        "Des obus tirés par les rebelles sur l'ouest d'Alep ont fait 3 morts.",
    )
    events = (
        _event(
            t,
            "frappe",
            "AirStrike",
            0,
            "frappes aériennes",
            agent=("ArmedForces:armée syrienne",),
            target=("Group:rebelles",),
            place=("Q41183",),
            date=(D(2016, 12, 5),),
            date_text="lundi",
            confidence=0.9,
        ),
        _event(
            t,
            "obus",
            "Shelling",
            2,
            "obus",
            agent=("Group:rebelles",),
            place=("Q41183",),
            date=(D(2016, 12, 5),),
            confidence=0.7,
        ),
    )
    tolls = (
        Casualties(
            "bilan-civils",
            12,
            CasualtyKind.KILLED,
            t.sentence(1),
            qualifier="at least",
            victims="civils",
            according_to=("Organization:OSDH",),
            cause="frappe",
            date=(D(2016, 12, 5),),
        ),
        Casualties(
            "bilan-enfants",
            4,
            CasualtyKind.KILLED,
            t.sentence(1),
            victims="enfants",
            according_to=("Organization:OSDH",),
            cause="frappe",
            part_of="bilan-civils",
        ),
        Casualties("bilan-obus", 3, CasualtyKind.KILLED, t.sentence(2), cause="obus", date=(D(2016, 12, 5),)),
    )
    d = Dispatch(
        source_name="alep-frappes",
        body=t.body,
        date=D(2016, 12, 5),
        title="Frappes sur Alep",
        publisher="AFP",
        dateline="Alep",
    )
    return Extraction(dispatch=d, entities=ENTITIES, events=events, casualties=tolls, dateline_key="Q41183")


def _toll() -> Extraction:
    t = _Text(
        "Le bilan des frappes aériennes menées lundi par l'armée syrienne sur Alep s'est alourdi à 15 morts, "
        "selon la défense civile.",
    )
    events = (
        _event(
            t,
            "frappe",
            "AirStrike",
            0,
            "frappes aériennes",
            agent=("ArmedForces:armée syrienne",),
            place=("Q41183",),
            date=(D(2016, 12, 5),),
            date_text="lundi",
            confidence=0.8,
        ),
    )
    tolls = (
        Casualties(
            "bilan",
            15,
            CasualtyKind.KILLED,
            t.sentence(0),
            according_to=("Organization:défense civile",),
            cause="frappe",
            date=(D(2016, 12, 5),),
        ),
    )
    d = Dispatch(source_name="alep-bilan", body=t.body, date=D(2016, 12, 6), publisher="AFP")
    return Extraction(dispatch=d, entities=ENTITIES, events=events, casualties=tolls)


def _idlib() -> Extraction:
    t = _Text(
        "Une voiture piégée a explosé samedi dans le centre d'Idleb, tuant 8 personnes, selon l'OSDH.",
        "Moscou a accusé les rebelles d'avoir préparé l'attentat.",
        "Les rebelles ont refusé toute discussion avec le régime à Idleb.",
    )
    events = (
        _event(
            t,
            "attentat",
            "Bombing",
            0,
            "voiture piégée",
            place=("City:idlib",),
            date=(D(2016, 12, 10),),
            date_text="samedi",
            confidence=0.88,
        ),
        _event(
            t,
            "accusation",
            "Accusation",
            1,
            "accusé",
            agent=("Q159",),
            target=("Group:rebelles",),
            confidence=0.7,
        ),
        _event(
            t,
            "refus",
            "Negotiation",
            2,
            "discussion",
            participant=("Group:rebelles", "Q858"),
            place=("City:idlib",),
            status=Status.NEGATED,
            confidence=0.6,
        ),
    )
    tolls = (
        Casualties(
            "bilan",
            8,
            CasualtyKind.KILLED,
            t.sentence(0),
            according_to=("Organization:OSDH",),
            cause="attentat",
            date=(D(2016, 12, 10),),
        ),
    )
    d = Dispatch(
        source_name="idlib-attentat", body=t.body, date=D(2016, 12, 10), publisher="AFP", dateline="Idleb"
    )
    return Extraction(
        dispatch=d, entities=ENTITIES, events=events, casualties=tolls, dateline_key="City:idlib"
    )


def extractions() -> tuple[Extraction, ...]:
    """The four sample dispatches' extractions."""
    return (_veto(), _strikes(), _toll(), _idlib())


def graphs() -> Iterator[Graph]:
    """The four dispatches' named graphs, as ``kg build`` makes them."""
    for ex in extractions():
        yield build_graph(ex)


def dispatch_iri(name: str) -> str:
    return f"{ID}dispatch/{name}"


def event_iri(dispatch: str, local_id: str) -> str:
    return f"{ID}event/{dispatch}/{local_id}"


def casualties_iri(dispatch: str, local_id: str) -> str:
    return f"{ID}casualties/{dispatch}/{local_id}"


def fill(store: object) -> object:
    """Write the ontology and the four graphs into a store (anything with ``replace_graph``); returns it."""
    from kg.rdf.ontology import ontology_graph

    store.replace_graph(ontology_graph())  # type: ignore[attr-defined]
    for g in graphs():
        store.replace_graph(g)  # type: ignore[attr-defined]
    return store
