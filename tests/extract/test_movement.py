"""Movement events: Withdrawal, Evacuation, Release, Displacement (kg.extract.movement).
Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from kg import registry
from kg.extract.movement import CLASSES
from kg.types import Entity, Status

MON = dt.date(2022, 11, 7)

ENTITIES: dict[str, Entity] = {
    "forces russes": Entity(key="ArmedForces:ru", kind="ArmedForces", label="Russian Armed Forces"),
    "militaires russes": Entity(key="ArmedForces:ru", kind="ArmedForces", label="Russian Armed Forces"),
    "troupes américaines": Entity(
        key="ArmedForces:us", kind="ArmedForces", label="United States Armed Forces"
    ),
    "armée": Entity(key="ArmedForces:iq", kind="ArmedForces", label="Iraqi Armed Forces"),
    "ministère ukrainien de la Défense": Entity(
        key="Organization:ua mod", kind="Organization", label="Ministry of Defence of Ukraine"
    ),
    "rebelles": Entity(key="Group:rebels", kind="Group", label="rebels"),
    "jihadistes": Entity(key="Group:jihadists", kind="Group", label="jihadists"),
    "civils": Entity(key="Group:civilians", kind="Group", label="civilians"),
    "habitants": Entity(key="Group:residents", kind="Group", label="residents"),
    "familles": Entity(key="Group:families", kind="Group", label="families"),
    "ONU": Entity(key="Q1065", kind="IntergovernmentalOrganization", label="United Nations", qid="Q1065"),
    "Jean Dupont": Entity(key="Person:jean dupont", kind="Person", label="Jean Dupont"),
    "Kherson": Entity(key="Q156732", kind="City", label="Kherson", qid="Q156732"),
    "Alep": Entity(key="Q41183", kind="City", label="Aleppo", qid="Q41183"),
    "Homs": Entity(key="Q131301", kind="City", label="Homs", qid="Q131301"),
    "Falloujah": Entity(key="Q191170", kind="City", label="Fallujah", qid="Q191170"),
    "Syrie": Entity(key="Q858", kind="State", label="Syria", qid="Q858", extra_kinds=("Country",)),
    "Russie": Entity(key="Q159", kind="State", label="Russia", qid="Q159", extra_kinds=("Country",)),
    "ukrainien": Entity(key="Q212", kind="State", label="Ukraine", qid="Q212", extra_kinds=("Country",)),
}


@pytest.fixture(scope="module")
def events(gazetteer_events):
    """Every event of a text told on MON (before merging), as a list."""
    return gazetteer_events(ENTITIES, MON)


def _one(evs, cls):
    found = [e for e in evs if e.event_class == cls]
    assert len(found) == 1, [(e.event_class, e.trigger.text) for e in evs]
    return found[0]


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("kg.withdrawal.v1", "Withdrawal"),
        ("kg.evacuation.v1", "Evacuation"),
        ("kg.release.v1", "Release"),
        ("kg.displacement.v1", "Displacement"),
    ],
)
def test_registry_factories_build_named_extractors(name, cls):
    ext = registry.get("extractor", name)()
    assert ext.name == name and ext.event_classes == (cls,)
    assert cls in CLASSES


# --- withdrawals ------------------------------------------------------------------------------


def test_withdrawal_future_is_planned_with_place_left(events):
    w = _one(events("Les forces russes quitteront Kherson vendredi."), "Withdrawal")
    assert w.agent == ("ArmedForces:ru",)
    assert w.place == ("Q156732",)
    assert w.status is Status.PLANNED
    assert w.date == (dt.date(2022, 11, 11),)


def test_withdrawal_negated(events):
    w = _one(events("Les rebelles ne quitteront pas Alep."), "Withdrawal")
    assert w.status is Status.NEGATED
    assert w.agent == ("Group:rebels",)


def test_withdrawal_nominal_de_complements_give_mover_and_place(events):
    w = _one(events("Le retrait des troupes américaines de Syrie a commencé lundi."), "Withdrawal")
    assert w.agent == ("ArmedForces:us",)
    assert w.place == ("Q858",)


def test_withdrawal_condition_is_not_an_event(events):
    evs = events("Les opérations cesseront en cas de retrait des forces russes.")
    assert [e for e in evs if e.event_class == "Withdrawal"] == []


def test_surrender_called_for_is_a_planned_withdrawal(events):
    evs = events("Le ministère ukrainien de la Défense a appelé les militaires russes à se rendre.")
    p = _one(evs, "Proposal")
    w = _one(evs, "Withdrawal")
    assert p.agent == ("Organization:ua mod",) and p.target == ("ArmedForces:ru",)
    assert w.agent == ("ArmedForces:ru",) and w.status is Status.PLANNED
    assert p.object is not None and p.object.event_id == w.local_id


# --- displacement and evacuation --------------------------------------------------------------


def test_civilians_leaving_is_a_displacement(events):
    d = _one(events("Des milliers d'habitants ont fui Alep depuis lundi."), "Displacement")
    assert d.agent == ("Group:residents",)
    assert d.place == ("Q41183",)


def test_departure_noun_of_civilians_is_a_displacement(events):
    evs = events("Les autorités ont fait état du départ de dizaines de familles de Falloujah.")
    d = _one(evs, "Displacement")
    assert d.agent == ("Group:families",)
    assert [e for e in evs if e.event_class == "Withdrawal"] == []


def test_civilians_ordered_to_leave_is_a_planned_evacuation(events):
    evs = events("L'armée a demandé aux civils de quitter Falloujah.")
    e = _one(evs, "Evacuation")
    assert e.target == ("Group:civilians",) and e.agent == ()
    assert e.place == ("Q191170",)
    assert e.status is Status.PLANNED
    p = _one(evs, "Proposal")
    assert p.agent == ("ArmedForces:iq",) and p.object is not None and p.object.event_id == e.local_id


def test_evacuation_passive_with_place_and_supervisor(events):
    e = _one(
        events("En 2014, les rebelles ont été évacués de Homs sous la supervision de l'ONU."), "Evacuation"
    )
    assert e.target == ("Group:rebels",)
    assert e.place == ("Q131301",)
    assert e.participant == ("Q1065",)


def test_prevented_departure_is_not_an_event(events):
    assert events("Les jihadistes empêchent les civils de quitter Falloujah.") == []


def test_bare_participle_modifier_is_not_a_displacement(events):
    evs = events("Des habitants déplacés sont rentrés chez eux.")
    assert [e for e in evs if e.event_class == "Displacement"] == []


# --- releases ---------------------------------------------------------------------------------


def test_release_of_a_person(events):
    r = _one(events("Les rebelles ont libéré Jean Dupont mardi."), "Release")
    assert r.agent == ("Group:rebels",) and r.target == ("Person:jean dupont",)


def test_freeing_a_city_is_a_capture_not_a_release(events):
    evs = events("L'armée a libéré Falloujah.")
    assert [e.event_class for e in evs] == ["Capture"]


def test_withdrawal_forces_of_a_place_are_not_that_place_s(events):
    w = _one(events("Le texte exige que la Russie retire ses forces du territoire ukrainien."), "Withdrawal")
    assert w.agent == ("Q159",)
    assert "Q159" not in w.place  # the state that withdraws is not where from

