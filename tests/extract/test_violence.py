"""Violence events: Attack, AirStrike, Shelling, Bombing, Clash, Offensive, Capture
(kg.extract.violence). Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from kg import registry
from kg.extract.violence import CLASSES
from kg.types import Entity, Status

MON = dt.date(2016, 12, 5)


def _state(qid: str, label: str) -> Entity:
    return Entity(key=qid, kind="State", label=label, qid=qid, extra_kinds=("Country",))


SYRIA, ISRAEL, RUSSIA, UKRAINE = "Q858", "Q801", "Q159", "Q212"
ENTITIES: dict[str, Entity] = {
    "Syrie": _state(SYRIA, "Syria"),
    "régime syrien": _state(SYRIA, "Syria"),
    "régime": _state(SYRIA, "Syria"),
    "israélienne": _state(ISRAEL, "Israel"),
    "Liban": _state("Q822", "Lebanon"),
    "Russie": _state(RUSSIA, "Russia"),
    "Ukraine": _state(UKRAINE, "Ukraine"),
    "armée israélienne": Entity(key="ArmedForces:idf", kind="ArmedForces", label="Israel Defense Forces"),
    "armée syrienne": Entity(key="ArmedForces:saa", kind="ArmedForces", label="Syrian Arab Army"),
    "armée ukrainienne": Entity(key="ArmedForces:ua", kind="ArmedForces", label="Armed Forces of Ukraine"),
    "forces gouvernementales": Entity(key="ArmedForces:gov", kind="ArmedForces", label="government forces"),
    "soldats turcs": Entity(key="ArmedForces:tr", kind="ArmedForces", label="Turkish Armed Forces"),
    "Hezbollah": Entity(key="ArmedGroup:hezbollah", kind="ArmedGroup", label="Hezbollah"),
    "rebelles": Entity(key="Group:rebels", kind="Group", label="rebels"),
    "jihadistes": Entity(key="Group:jihadists", kind="Group", label="jihadists"),
    "civils": Entity(key="Group:civilians", kind="Group", label="civilians"),
    "sud du Liban": Entity(
        key="Region:south lebanon", kind="Region", label="South Lebanon", located_in="Q822"
    ),
    "Beyrouth": Entity(key="Q3820", kind="City", label="Beirut", qid="Q3820"),
    "Dioura": Entity(key="City:dioura", kind="City", label="Dioura"),
    "Idleb": Entity(key="Region:idlib", kind="Region", label="Idlib"),
    "Gandja": Entity(key="Q131290", kind="City", label="Ganja", qid="Q131290"),
    "Donetsk": Entity(key="Q43070", kind="City", label="Donetsk", qid="Q43070"),
    "Mossoul": Entity(key="Q83411", kind="City", label="Mosul", qid="Q83411"),
    "Homs": Entity(key="Q131301", kind="City", label="Homs", qid="Q131301"),
    "Kherson": Entity(key="Q156732", kind="City", label="Kherson", qid="Q156732"),
    "Kiev": Entity(key="Q1899", kind="City", label="Kyiv", qid="Q1899", metonym_of=UKRAINE),
    "Kaboul": Entity(key="Q5838", kind="City", label="Kabul", qid="Q5838"),
    "talibans": Entity(key="ArmedGroup:taliban", kind="ArmedGroup", label="Taliban"),
    "URSS": Entity(key="State:soviet union", kind="State", label="Soviet Union", extra_kinds=("Country",)),
    "Falloujah": Entity(key="Q191170", kind="City", label="Fallujah", qid="Q191170"),
    "Gaza": Entity(key="Region:gaza strip", kind="Region", label="Gaza Strip"),
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
    ("name", "classes"),
    [
        ("kg.attack.v1", ("Attack", "AirStrike", "Shelling", "Bombing")),
        ("kg.clash.v1", ("Clash",)),
        ("kg.offensive.v1", ("Offensive",)),
        ("kg.capture.v1", ("Capture",)),
    ],
)
def test_registry_factories_build_named_extractors(name, classes):
    ext = registry.get("extractor", name)()
    assert ext.name == name and ext.event_classes == classes
    assert set(classes) <= set(CLASSES)


# --- attacks ----------------------------------------------------------------------------------


def test_airstrike_support_verb_subject_target_and_place_chain(events):
    s = _one(
        events(
            "L'armée israélienne a mené jeudi une frappe aérienne contre le Hezbollah dans le sud du Liban."
        ),
        "AirStrike",
    )
    assert s.agent == ("ArmedForces:idf",)
    assert s.target == ("ArmedGroup:hezbollah",)
    assert "Region:south lebanon" in s.place
    assert s.date == (dt.date(2016, 12, 1),)
    assert s.extractor == "kg.attack.v1"


def test_attack_verb_with_its_weapon_as_passive_agent_is_one_event(events):
    evs = events("La ville de Gandja a été visée dimanche par des missiles.")
    attacks = [e for e in evs if e.event_class in ("Attack", "AirStrike", "Shelling", "Bombing")]
    assert len(attacks) == 1, [(e.event_class, e.trigger.text) for e in evs]
    assert attacks[0].place == ("Q131290",)


def test_airstrike_demonym_adjective_is_the_attacker(events):
    s = _one(events("Une frappe israélienne a touché un immeuble à Beyrouth."), "AirStrike")
    assert s.agent == (ISRAEL,)
    assert s.place == ("Q3820",)


def test_attack_passive_with_par_agent(events):
    a = _one(events("Le camp militaire de Dioura a été attaqué dimanche par des jihadistes."), "Attack")
    assert a.agent == ("Group:jihadists",)
    assert a.place == ("City:dioura",)


def test_coordinated_modifiers_give_one_event_of_each_kind(events):
    evs = events("Des tirs aériens et d'artillerie du régime ont frappé Idleb.")
    assert sorted(e.event_class for e in evs) == ["AirStrike", "Shelling"]
    for e in evs:
        assert e.agent == (SYRIA,)
    assert len({e.local_id for e in evs}) == 2


def test_target_of_the_cible_construction(events):
    s = _one(events("La ville de Gandja a de nouveau été la cible de bombardements."), "Shelling")
    assert s.place == ("Q131290",)


def test_victims_are_the_attacked_party_unless_civilians(events):
    s = _one(events("Vingt soldats turcs ont été tués dans des frappes du régime syrien."), "AirStrike")
    assert s.agent == (SYRIA,) and s.target == ("ArmedForces:tr",)
    c = _one(events("Dix civils ont été tués dans une frappe aérienne."), "AirStrike")
    assert c.target == ()


def test_bombing_car_bomb(events):
    b = _one(events("Un attentat à la voiture piégée a fait huit morts à Kaboul."), "Bombing")
    assert b.place == ("Q5838",)


def test_verb_told_by_its_subject_is_one_event(events):
    evs = events("Un deuxième raid a visé une position du Hezbollah.")
    s = _one(evs, "AirStrike")
    assert s.target == ("ArmedGroup:hezbollah",)
    assert [e.event_class for e in evs] == ["AirStrike"]


def test_counted_attacks_are_statistics_not_events(events):
    assert events("L'armée a recensé 4.000 tirs de roquettes depuis Gaza.") == []


# --- clashes ----------------------------------------------------------------------------------


def test_clash_between_parties_with_place(events):
    c = _one(
        events(
            "Quatre passants ont péri lors de combats entre les forces gouvernementales "
            "et les rebelles à Donetsk."
        ),
        "Clash",
    )
    assert set(c.participant) == {"ArmedForces:gov", "Group:rebels"}
    assert c.place == ("Q43070",)


def test_clash_without_any_role_is_dropped(events):
    assert [
        e
        for e in events("La région est prise dans la spirale des affrontements.")
        if e.event_class == "Clash"
    ] == []


# --- offensives -------------------------------------------------------------------------------


def test_offensive_goal_is_not_a_capture_and_gives_its_place(events):
    evs = events("L'armée syrienne a lancé lundi une offensive contre les rebelles pour reprendre Homs.")
    o = _one(evs, "Offensive")
    assert o.agent == ("ArmedForces:saa",)
    assert o.target == ("Group:rebels",)
    assert o.place == ("Q131301",)
    assert [e for e in evs if e.event_class == "Capture"] == []


def test_offensive_invaded_country_is_the_target_not_the_agent(events):
    text = "Kiev a de nouveau dénoncé lundi l'invasion de l'Ukraine, entrée dans sa troisième année."
    o = _one(events(text), "Offensive")
    assert o.target == (UKRAINE,)
    assert UKRAINE not in o.agent


def test_offensive_possessive_stands_for_the_subject_of_its_clause(events):
    o = _one(events("Le texte exige que la Russie cesse son invasion de l'Ukraine."), "Offensive")
    assert o.agent == (RUSSIA,)
    assert o.target == (UKRAINE,)


def test_offensive_own_date_in_the_noun_phrase(events):
    o = _one(
        events("Les rebelles ont reculé depuis l'offensive du régime lancée le 15 novembre."), "Offensive"
    )
    assert o.agent == (SYRIA,)
    assert o.date == (dt.date(2016, 11, 15),)


def test_offensive_in_a_background_phrase_takes_the_date_right_after_it(events):
    o = _one(events("Les combats n'ont pas cessé depuis le début de l'offensive le 24 février."), "Offensive")
    assert o.date == (dt.date(2016, 2, 24),)


def test_truce_in_a_background_phrase_is_not_dated_by_its_clause(events):
    c = _one(events("Malgré la trêve, les combats ont repris le 24 février."), "Ceasefire")
    assert c.date == ()


def test_offensive_advancing_into_a_city(events):
    o = _one(events("L'armée syrienne a avancé dans Homs."), "Offensive")
    assert o.agent == ("ArmedForces:saa",)


def test_clash_forces_engaged_in_a_battle_for_a_city(events):
    c = _one(events("Les rebelles sont engagés dans une bataille pour le contrôle de Homs."), "Clash")
    assert c.participant == ("Group:rebels",)
    assert c.place == ("Q131301",)


def test_offensive_light_verb_gagner_du_terrain(events):
    o = _one(events("Le régime ne cesse de gagner du terrain."), "Offensive")
    assert o.agent == (SYRIA,)
    assert o.trigger.text == "gagner du terrain"


# --- captures ---------------------------------------------------------------------------------


def test_capture_light_verb_prendre_le_controle(events):
    c = _one(events("Les rebelles ont pris le contrôle de Homs."), "Capture")
    assert c.agent == ("Group:rebels",) and c.place == ("Q131301",)


def test_capture_by_entering_a_city(events):
    c = _one(events("L'armée ukrainienne est entrée vendredi dans Kherson."), "Capture")
    assert c.agent == ("ArmedForces:ua",) and c.place == ("Q156732",)


def test_capture_fall_of_a_city_into_the_hands_of_its_taker(events):
    c = _one(events("Depuis la chute de Kaboul aux mains des talibans, les ambassades ont fermé."), "Capture")
    assert c.agent == ("ArmedGroup:taliban",)
    assert c.place == ("Q5838",)


def test_capture_fall_of_a_state_is_no_capture(events):
    evs = events("Les deux voisins se sont affrontés deux fois depuis la chute de l'URSS.")
    assert not [e for e in evs if e.event_class == "Capture"]


def test_capture_renounced_is_negated(events):
    c = _one(events("La Russie a dû renoncer à prendre Kiev."), "Capture")
    assert c.status is Status.NEGATED
    assert c.agent == (RUSSIA,) and c.place == ("Q1899",)


def test_capture_needs_a_place(events):
    assert [e for e in events("Les autorités ont pris des mesures.") if e.event_class == "Capture"] == []


def test_capture_promised_liberation_names_who_held_the_place(events):
    c = _one(
        events("Le gouvernement a promis la libération de Falloujah, bastion des jihadistes."), "Capture"
    )
    assert c.place == ("Q191170",)
    assert c.target == ("Group:jihadists",)
    assert c.status is Status.PLANNED


def test_fire_on_an_actor_s_positions_targets_the_actor(events):
    s = _one(events("Les rebelles ont tiré des roquettes sur les positions de l'armée syrienne."), "Shelling")
    assert s.agent == ("Group:rebels",) and s.target == ("ArmedForces:saa",)


def test_fire_on_a_city_is_its_place_not_its_target(events):
    s = _one(events("Les rebelles ont tiré des roquettes sur Kiev."), "Shelling")
    assert s.target == () and s.place == ("Q1899",)


def test_frapper_is_an_air_strike_only_with_aircraft(events):
    s = _one(events("L'aviation russe a frappé les positions des rebelles près de Homs."), "AirStrike")
    assert s.target == ("Group:rebels",) and s.place == ("Q131301",)
    assert events("La crise a frappé durement les habitants de Homs.") == []


def test_clash_told_with_opposer_takes_the_place_inside_its_sides(events):
    evs = events("De violents affrontements ont opposé les rebelles à l'armée syrienne près de Homs.")
    c = _one(evs, "Clash")
    assert set(c.participant) == {"Group:rebels", "ArmedForces:saa"} and c.place == ("Q131301",)


def test_bringing_goods_in_is_not_a_capture(events):
    text = ("Depuis 2014, l'ONU fait entrer chaque mois des centaines de camions de vivres "
            "dans la ville de Homs.")
    assert events(text) == []


def test_complement_of_a_coordinated_weapon_noun_belongs_to_the_strike(events):
    evs = events(
        "Douze soldats sont morts lors de bombardements aériens et d'artillerie du régime près d'Idleb."
    )
    for cls in ("AirStrike", "Shelling"):
        s = _one(evs, cls)
        assert s.agent == (SYRIA,) and s.place == ("Region:idlib",)
