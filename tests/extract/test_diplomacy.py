"""Diplomacy events: Proposal, Rejection, Veto, ResolutionAdoption, Negotiation, Agreement,
Ceasefire, Accusation (kg.extract.diplomacy). Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from kg import registry
from kg.extract.diplomacy import CLASSES, make_extractor
from kg.extract.merge import merge_events
from kg.types import Entity, EventExtractor, Status

MON = dt.date(2016, 12, 5)


def _state(qid: str, label: str) -> Entity:
    return Entity(key=qid, kind="State", label=label, qid=qid, extra_kinds=("Country",))


RUSSIA, CHINA, FRANCE, USA, SYRIA = "Q159", "Q148", "Q142", "Q30", "Q858"
ENTITIES: dict[str, Entity] = {
    "Russie": _state(RUSSIA, "Russia"),
    "russe": _state(RUSSIA, "Russia"),
    "Chine": _state(CHINA, "China"),
    "chinois": _state(CHINA, "China"),
    "France": _state(FRANCE, "France"),
    "française": _state(FRANCE, "France"),
    "Etats-Unis": _state(USA, "United States"),
    "Washington": Entity(key="Q61", kind="City", label="Washington, D.C.", qid="Q61", metonym_of=USA),
    "Syrie": _state(SYRIA, "Syria"),
    "régime syrien": _state(SYRIA, "Syria"),
    "autorités syriennes": _state(SYRIA, "Syria"),
    "Israël": _state("Q801", "Israel"),
    "Arménie": _state("Q399", "Armenia"),
    "Azerbaïdjan": _state("Q227", "Azerbaijan"),
    "Egypte": _state("Q79", "Egypt"),
    "Moscou": Entity(key="Q649", kind="City", label="Moscow", qid="Q649", metonym_of=RUSSIA),
    "Kiev": Entity(key="Q1899", kind="City", label="Kyiv", qid="Q1899", metonym_of="Q212"),
    "Ukraine": _state("Q212", "Ukraine"),
    "Genève": Entity(key="Q71", kind="City", label="Geneva", qid="Q71"),
    "Caire": Entity(key="Q85", kind="City", label="Cairo", qid="Q85"),
    "Alep": Entity(key="Q41183", kind="City", label="Aleppo", qid="Q41183"),
    "Idleb": Entity(key="Region:idlib", kind="Region", label="Idlib"),
    "Hamas": Entity(key="Q38799", kind="ArmedGroup", label="Hamas", qid="Q38799"),
    "rebelles": Entity(key="Group:rebels", kind="Group", label="rebels"),
    "coalition": Entity(key="ArmedForces:coalition", kind="ArmedForces", label="coalition"),
    "Amnesty International": Entity(
        key="Organization:amnesty", kind="Organization", label="Amnesty International"
    ),
    "Conseil de sécurité": Entity(
        key="Q37470", kind="IntergovernmentalOrganization", label="UN Security Council"
    ),
    "Recep Tayyip Erdogan": Entity(key="Q39259", kind="Person", label="Recep Tayyip Erdoğan", qid="Q39259"),
    "Ali Kaya": Entity(key="Person:ali kaya", kind="Person", label="Ali Kaya"),
    "Sergueï Choïgou": Entity(key="Q313541", kind="Person", label="Sergei Shoigu", qid="Q313541"),
    "Valeri Guerassimov": Entity(key="Q311938", kind="Person", label="Valery Gerasimov", qid="Q311938"),
}


@pytest.fixture(scope="module")
def events(gazetteer_events):
    """Every event of a text told on MON (before merging), as a list."""
    return gazetteer_events(ENTITIES, MON)


def _one(evs, cls):
    found = [e for e in evs if e.event_class == cls]
    assert len(found) == 1, [(e.event_class, e.trigger.text) for e in evs]
    return found[0]


# --- the registered extractors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("kg.proposal.v1", "Proposal"),
        ("kg.rejection.v1", "Rejection"),
        ("kg.veto.v1", "Veto"),
        ("kg.adoption.v1", "ResolutionAdoption"),
        ("kg.negotiation.v1", "Negotiation"),
        ("kg.agreement.v1", "Agreement"),
        ("kg.ceasefire.v1", "Ceasefire"),
        ("kg.accusation.v1", "Accusation"),
    ],
)
def test_registry_factories_build_named_extractors(name, cls):
    ext = registry.get("extractor", name)()
    assert isinstance(ext, EventExtractor)
    assert ext.name == name and ext.event_classes == (cls,)


def test_make_extractor_refuses_a_class_of_another_family():
    from kg.errors import ExtractionError

    with pytest.raises(ExtractionError):
        make_extractor("AirStrike")
    assert "Veto" in CLASSES


# --- Veto -------------------------------------------------------------------------------------


def test_veto_light_verb_agent_target_and_proposal(events):
    evs = events("La Chine a mis mardi son veto à un projet de résolution présenté par la France.")
    v = _one(evs, "Veto")
    assert v.agent == (CHINA,) and v.target == (FRANCE,)
    assert v.object is not None and v.object.kind == "Resolution"
    assert v.status is Status.OCCURRED
    assert v.extractor == "kg.veto.v1"
    p = _one(evs, "Proposal")
    assert p.agent == (FRANCE,)


def test_veto_nominal_with_demonym_adjective(events):
    v = _one(events("Ce texte a également fait l'objet d'un veto chinois."), "Veto")
    assert v.agent == (CHINA,)
    assert v.object is not None and v.object.label == "Ce texte"


def test_veto_nominal_de_complement_capital_metonym(events):
    v = _one(events("Après le veto de Moscou, les diplomates ont quitté la salle."), "Veto")
    assert v.agent == (RUSSIA,)


def test_veto_hypothetical_generic_subject_is_not_an_event(events):
    assert events("Un pays qui mettrait son veto à ce texte serait discrédité.") == []


# --- Rejection --------------------------------------------------------------------------------


def test_rejection_participle_agent_and_owner_of_the_proposal(events):
    evs = events(
        "La Russie a avancé mardi un plan de sortie, une proposition aussitôt rejetée par les rebelles."
    )
    r = _one(evs, "Rejection")
    assert r.agent == ("Group:rebels",)
    assert r.target == (RUSSIA,)


def test_rejection_coordinated_subject_and_demonym_owner(events):
    r = _one(events("La Russie et la Chine se sont opposées à la proposition française."), "Rejection")
    assert set(r.agent) == {RUSSIA, CHINA}
    assert r.target == (FRANCE,)


def test_rejection_of_a_nominal_act_makes_it_the_object_not_an_event(events):
    evs = events("Les rebelles ont rejeté l'idée d'une évacuation des civils.")
    assert [e.event_class for e in evs] == ["Rejection"]
    (r,) = evs
    assert r.object is not None and "évacuation" in (r.object.label or "")


def test_rejection_negated(events):
    r = _one(events("Le Conseil de sécurité n'a pas rejeté le texte."), "Rejection")
    assert r.status is Status.NEGATED
    assert r.agent == ("Q37470",)


def test_rejection_partitive_dont_names_the_members(events):
    r = _one(
        events(
            "Sept des quinze membres du Conseil de sécurité ont repoussé la motion, "
            "dont la France et la Chine."
        ),
        "Rejection",
    )
    assert {"Q37470", FRANCE, CHINA} <= set(r.agent)


# --- Proposal ---------------------------------------------------------------------------------


def test_proposal_with_verbal_complement_links_the_planned_act(events):
    evs = events(
        "Recep Tayyip Erdogan a une nouvelle fois sommé les autorités syriennes "
        "de retirer leurs blindés de la région d'Idleb."
    )
    p = _one(evs, "Proposal")
    w = _one(evs, "Withdrawal")
    assert p.agent == ("Q39259",) and p.target == (SYRIA,)
    assert w.agent == (SYRIA,) and w.place == ("Region:idlib",)
    assert w.status is Status.PLANNED
    assert p.object is not None and p.object.event_id == w.local_id


def test_proposal_nominal_object_truce_is_not_a_ceasefire(events):
    evs = events("Le texte demandait une trêve de sept jours à Alep.")
    assert [e.event_class for e in evs] == ["Proposal"]
    assert evs[0].object is not None and evs[0].object.kind == "Thing"


def test_proposal_future_demand_is_planned(events):
    p = _one(events("La France demandera au Conseil de sécurité de condamner les frappes."), "Proposal")
    assert p.status is Status.PLANNED
    assert p.agent == (FRANCE,) and p.target == ("Q37470",)


# --- ResolutionAdoption -----------------------------------------------------------------------


def test_adoption_by_vote(events):
    a = _one(
        events("Le Conseil de sécurité a adopté jeudi une résolution sur la Syrie."), "ResolutionAdoption"
    )
    assert a.agent == ("Q37470",)
    assert a.object is not None and a.object.kind == "Resolution"


def test_adoption_prevented_is_not_an_event(events):
    evs = events("La Russie a utilisé son veto pour empêcher l'adoption de la résolution.")
    assert [e.event_class for e in evs] == ["Veto"]


# --- Negotiation ------------------------------------------------------------------------------


def test_negotiation_between_parties_planned_with_place(events):
    n = _one(
        events("Une réunion entre la Russie et les Etats-Unis est prévue mardi à Genève."), "Negotiation"
    )
    assert set(n.participant) == {RUSSIA, USA}
    assert n.place == ("Q71",)
    assert n.status is Status.PLANNED


def test_negotiation_expected_with_devoir_is_planned_not_hypothetical(events):
    n = _one(events("Des pourparlers devraient débuter mardi à Genève."), "Negotiation")
    assert n.status is Status.PLANNED and n.place == ("Q71",)


def test_negotiation_place_hung_on_the_day_by_the_parser(events):
    evs = events("Des pourparlers entre Moscou et Washington se sont ouverts jeudi à Genève.")
    n = _one(evs, "Negotiation")
    assert set(n.participant) == {RUSSIA, USA} and n.place == ("Q71",)


def test_negotiation_support_verb_subject_and_mediator(events):
    n = _one(
        events(
            "Les délégués d'Israël et du Hamas ont mené des négociations au Caire sous l'égide de l'Egypte."
        ),
        "Negotiation",
    )
    assert set(n.participant) == {"Q801", "Q38799", "Q79"}
    assert n.place == ("Q85",)


def test_negotiation_verb_absorbed_by_the_agreement_it_produced(events):
    evs = events("Les deux camps ont accepté l'accord de cessez-le-feu négocié à Moscou vendredi.")
    classes = sorted(e.event_class for e in evs)
    assert "Negotiation" not in classes and "Agreement" in classes
    a = _one(evs, "Agreement")
    assert a.place == ("Q649",)


# --- Agreement and Ceasefire ------------------------------------------------------------------


def test_agreement_light_verb_and_extended_truce(events):
    evs = events(
        "Les délégations d'Israël et du Hamas sont tombées d'accord mercredi au Caire "
        "pour prolonger la trêve."
    )
    a = _one(evs, "Agreement")
    assert set(a.participant) == {"Q801", "Q38799"}
    assert a.place == ("Q85",)
    c = _one(evs, "Ceasefire")
    assert "prolonger" in c.trigger.text
    assert set(c.participant) == {"Q801", "Q38799"}


def test_ceasefire_entering_force_is_planned_with_place(events):
    c = _one(events("Une trêve entrera en vigueur à Alep."), "Ceasefire")
    assert c.status is Status.PLANNED
    assert c.place == ("Q41183",)
    assert "vigueur" in c.trigger.text


def test_ceasefire_two_acts_on_one_truce_are_two_events(events):
    evs = events("Le cessez-le-feu en vigueur depuis le 9 mai a été prolongé de dix jours.")
    cs = [e for e in evs if e.event_class == "Ceasefire"]
    assert len(cs) == 2
    assert len({e.local_id for e in cs}) == 2
    assert len(merge_events(cs)) == 2


# --- Accusation -------------------------------------------------------------------------------


def test_accusation_names_the_office_holders_given_in_apposition(events):
    a = _one(events("Le commandant a pointé dimanche la responsabilité du ministre russe, Sergueï Choïgou, "
                    "et du chef des armées, Valeri Guerassimov, dans la débâcle."),
             "Accusation")
    assert a.target == ("Q313541", "Q311938")


def test_proposal_possessive_of_a_subject_noun_is_not_the_clause_agent(events):
    evs = events("Sa proposition de trêve a cependant été rejetée par la Russie.")
    proposals = [e for e in evs if e.event_class == "Proposal"]
    assert proposals and all(RUSSIA not in p.agent for p in proposals)


def test_accusation_passive_with_par_agent(events):
    a = _one(events("La coalition a été accusée de bavures par Amnesty International."), "Accusation")
    assert a.agent == ("Organization:amnesty",)
    assert a.target == ("ArmedForces:coalition",)


def test_accusation_target_is_the_accused_also_when_parsed_as_a_predicate(events):
    # the parser reads "Kiev" as an xcomp of "accusé"; the accused is the target all the same
    a = _one(events("Les rebelles ont accusé Kiev de préparer une offensive."), "Accusation")
    assert a.target == ("Q212",)


def test_accusation_the_accused_is_the_subject_of_the_act(events):
    evs = events("Les rebelles ont accusé Moscou de préparer une offensive.")
    assert _one(evs, "Offensive").agent == (RUSSIA,)
    assert _one(evs, "Offensive").status is Status.PLANNED


def test_accusation_reciprocal_and_accused_act_is_not_an_event(events):
    evs = events("L'Arménie et l'Azerbaïdjan s'accusent mutuellement de pilonner des villages frontaliers.")
    assert [e.event_class for e in evs] == ["Accusation"]
    (a,) = evs
    assert set(a.agent) == {"Q399", "Q227"} and set(a.target) == {"Q399", "Q227"}


def test_accusation_attribution_names_the_attacker(events):
    evs = events("Le gouverneur Ali Kaya a attribué les frappes au régime syrien.")
    a = _one(evs, "Accusation")
    assert a.agent == ("Person:ali kaya",) and a.target == (SYRIA,)
    s = _one(evs, "AirStrike")
    assert s.agent == (SYRIA,)


def test_attribution_without_accuser_is_not_an_accusation(events):
    evs = events("Huit villageois ont péri dans une frappe aérienne attribuée à la coalition.")
    assert [e.event_class for e in evs] == ["AirStrike"]
    assert evs[0].agent == ("ArmedForces:coalition",)


def test_veto_object_label_is_the_noun_phrase_without_its_preposition(events):
    v = _one(events("La Russie a mis son veto mardi à un projet de résolution de la France."), "Veto")
    assert v.object is not None and v.object.kind == "Resolution"
    assert v.object.label is not None and v.object.label.startswith("un projet")
    assert v.target == (FRANCE,)



def test_proposal_agents_are_every_author_of_the_draft(events):
    evs = events("Le projet de résolution présenté par la France et la Chine a recueilli onze voix mercredi.")
    p = _one(evs, "Proposal")
    assert p.agent == (FRANCE, CHINA)
