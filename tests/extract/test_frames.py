"""The frame engine: trigger matching, syntactic slots, role filling (kg.extract._frames, _syntax).

Sentences are written for these tests (French wire style). Entities come from a small
gazetteer below, not from the resolver, so each test checks the extraction rules alone.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kg.errors import ExtractionError
from kg.extract import _frames as frames
from kg.extract import _syntax as syn
from kg.extract.context import ExtractionContext
from kg.types import Dispatch, Entity, EntityMention, EventExtractor

MON = dt.date(2016, 12, 5)


def _state(qid: str, label: str) -> Entity:
    return Entity(key=qid, kind="State", label=label, qid=qid, extra_kinds=("Country",))


ENTITIES: dict[str, Entity] = {
    "Russie": _state("Q159", "Russia"),
    "russes": _state("Q159", "Russia"),
    "russo": _state("Q159", "Russia"),
    "Chine": _state("Q148", "China"),
    "Etats-Unis": _state("Q30", "United States"),
    "américains": _state("Q30", "United States"),
    "turcs": _state("Q43", "Turkey"),
    "Syrie": _state("Q858", "Syria"),
    "Moscou": Entity(key="Q649", kind="City", label="Moscow", qid="Q649", metonym_of="Q159"),
    "Genève": Entity(key="Q71", kind="City", label="Geneva", qid="Q71"),
    "Dioura": Entity(key="City:dioura", kind="City", label="Dioura"),
    "Mopti": Entity(key="Region:mopti", kind="Region", label="Mopti"),
    "rebelles": Entity(key="Group:rebels", kind="Group", label="rebels"),
    "insurgés": Entity(key="Group:rebels", kind="Group", label="rebels"),
    "Conseil de sécurité": Entity(
        key="Q37470", kind="IntergovernmentalOrganization", label="UN Security Council"
    ),
    "Armée nationale de libération": Entity(key="ArmedGroup:eln", kind="ArmedGroup", label="ELN"),
    "Jean Dupont": Entity(key="Person:jean dupont", kind="Person", label="Jean Dupont"),
}


def _mentions(text: str, entities: dict[str, Entity]) -> list[EntityMention]:
    out = []
    for surface, ent in entities.items():
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            out.append(EntityMention(surface, m.start(), m.end(), ent.key))
        if surface == "russo":  # a prefix inside a compound word
            for m in re.finditer(r"russo(?=-)", text):
                out.append(EntityMention(surface, m.start(), m.end(), ent.key))
    return out


@pytest.fixture(scope="module")
def nlp(plain_nlp):
    return plain_nlp


@pytest.fixture(scope="module")
def read(nlp):
    """Parse a text told on MON with the gazetteer's mentions; return (doc, ctx)."""

    def _read(text: str):
        doc = nlp(text)
        ctx = ExtractionContext(
            dispatch=Dispatch(source_name="t", body=text, date=MON),
            doc=doc,
            entities={e.key: e for e in ENTITIES.values()},
            mentions=_mentions(text, ENTITIES),
        )
        return doc, ctx

    return _read


def _tok(doc, word: str):
    return next(t for t in doc if t.text == word)


# --- lexicons ---------------------------------------------------------------------------------


@pytest.mark.parametrize("family", frames.FAMILIES)
def test_lexicon_every_trigger_has_a_known_class_and_frame(family):
    lex = frames.lexicon(family)
    assert lex.triggers
    for spec in lex.triggers:
        assert spec.cls in lex.classes
        assert 0 < spec.strength <= 1
    for frame in lex.classes.values():
        assert frame.roles, frame.name


def test_lexicon_role_groups_are_checked():
    with pytest.raises(ExtractionError):
        frames._groups(["dsubj"], "test")


def test_cues_lists_are_loaded():
    c = frames.cues()
    assert "mener" in c.support_strong
    assert "empêcher" in c.prevent_verbs
    assert "près de" in c.locative_cases


# --- syntax -----------------------------------------------------------------------------------


def test_case_of_complex_and_contracted_prepositions(read):
    doc, _ = read("Le raid a touché un bâtiment près du port d'après l'ONG.")
    assert syn.case_of(_tok(doc, "port")) == "près de"
    assert syn.normalise_case("des") == "de"
    assert syn.normalise_case("aux") == "à"


def test_deep_subjects_passive_participle_modifier(read):
    doc, _ = read("La Russie a avancé une proposition rejetée par les rebelles.")
    rej = _tok(doc, "rejetée")
    assert syn.is_passive(rej)
    assert [t.text for t in syn.deep_subjects(rej)] == ["rebelles"]
    assert [t.text for t in syn.deep_objects(rej)] == ["proposition"]


def test_deep_subjects_relative_pronoun_is_its_antecedent(read):
    doc, _ = read("La coalition, qui soutient le gouvernement, a accusé les rebelles.")
    assert [t.text for t in syn.deep_subjects(_tok(doc, "soutient"))] == ["coalition"]


def test_deep_subjects_object_control(read):
    doc, _ = read("Le président a sommé le régime de retirer ses troupes.")
    assert [t.text for t in syn.deep_subjects(_tok(doc, "retirer"))] == ["régime"]


def test_deep_subjects_subject_control(read):
    doc, _ = read("La Russie a promis de retirer ses troupes.")
    assert [t.text for t in syn.deep_subjects(_tok(doc, "retirer"))] == ["Russie"]


def test_conjuncts_follow_a_coordination(read):
    doc, _ = read("La Russie et la Chine ont rejeté le texte.")
    assert [t.text for t in syn.conjuncts(_tok(doc, "Russie"))] == ["Russie", "Chine"]


def test_conjuncts_skip_an_apposition_parsed_as_conjunct(read):
    doc, _ = read("Moscou, allié fidèle de Damas, a déposé hier un texte.")
    assert [t.text for t in syn.conjuncts(_tok(doc, "Moscou"))] == ["Moscou"]


def test_conjuncts_take_back_a_last_member_parsed_as_a_second_subject(read):
    # the parser makes "l'Irlande" a subject of "adopté" beside "Le texte"
    doc, _ = read("Le texte présenté par l'Allemagne, la Belgique et l'Irlande a été adopté lundi.")
    assert _tok(doc, "Irlande").dep_.startswith("nsubj")
    assert [t.text for t in syn.conjuncts(_tok(doc, "Allemagne"))] == ["Allemagne", "Belgique", "Irlande"]


def test_conjuncts_take_back_a_last_member_under_a_noun_made_root(read):
    doc, _ = read(
        "Le cessez-le-feu conclu le 12 mars entre Damas et les rebelles a été violé à plusieurs reprises."
    )
    assert [t.text for t in syn.conjuncts(_tok(doc, "Damas"))] == ["Damas", "rebelles"]


def test_conjuncts_take_back_a_de_complement_coordinated_with_its_head(read):
    doc, _ = read("Le parti a pointé la responsabilité du ministre de l'Intérieur, Ali Kaya, et du chef "
                  "de la police nationale, Recep Tayyip Erdogan, dans cette défaite.")
    assert _tok(doc, "chef").head.text == "responsabilité"  # the parser's reading
    assert [t.text for t in syn.conjuncts(_tok(doc, "ministre"))] == ["ministre", "chef"]


def test_conjuncts_leave_coordinated_complements_alone(read):
    doc, _ = read("Le rapport souligne le rôle des services de renseignement et de la police.")
    assert [t.text for t in syn.conjuncts(_tok(doc, "services"))] == ["services", "police"]
    assert [t.text for t in syn.conjuncts(_tok(doc, "rôle"))] == ["rôle"]


def test_conjuncts_leave_a_real_second_subject_of_a_plural_verb(read):
    doc, _ = read("Le président soutenu par la France et l'armée ont lancé une offensive.")
    assert [t.text for t in syn.conjuncts(_tok(doc, "France"))] == ["France"]


# --- noun phrases -----------------------------------------------------------------------------


def test_np_actors_reads_demonym_adjectives(read):
    doc, ctx = read("Des responsables russes et turcs ont mené des pourparlers.")
    keys = [e.key for e, _ in frames.np_actors(_tok(doc, "responsables"), ctx)]
    assert keys == ["Q159", "Q43"]


def test_np_actors_capital_stands_for_its_state_unless_refused(read):
    doc, ctx = read("Moscou a mis son veto.")
    mos = _tok(doc, "Moscou")
    assert [e.key for e, _ in frames.np_actors(mos, ctx)] == ["Q159"]
    assert frames.np_actors(mos, ctx, metonym=False) == []


def test_np_places_follow_the_whole_chain(read):
    doc, ctx = read("Le raid a frappé à Dioura, localité de la province de Mopti.")
    keys = [e.key for e, _ in frames.np_places(_tok(doc, "Dioura"), ctx)]
    assert keys == ["City:dioura", "Region:mopti"]


def test_np_places_refuse_a_demonym_adjective(read):
    doc, ctx = read("Les responsables russes ont quitté la Russie.")
    assert frames._place(_tok(doc, "russes"), ctx) is None
    assert frames._place(_tok(doc, "Russie"), ctx).key == "Q159"


# --- triggers ---------------------------------------------------------------------------------


def test_match_triggers_multiword_light_verb(read):
    doc, ctx = read("La Russie a mis son veto à la résolution.")
    (m,) = [m for m in frames.match_triggers(doc, ctx) if m.cls == "Veto"]
    assert m.token.text == "veto" and m.light is not None and m.light.text == "mis"


def test_match_triggers_required_dependent(read):
    doc, ctx = read("Le projet de résolution a été présenté. Le projet de route a été présenté.")
    projets = [m for m in frames.match_triggers(doc, ctx) if m.token.text == "projet"]
    assert len(projets) == 1 and projets[0].token.i < 5


def test_match_triggers_skip_words_inside_a_name(read):
    doc, ctx = read("L'Armée nationale de libération a libéré Jean Dupont.")
    words = [m.token.text for m in frames.match_triggers(doc, ctx)]
    assert "libération" not in words and "libéré" in words


def test_match_triggers_reflexive_constraint(read):
    doc, ctx = read("La Russie s'est opposée au texte. La Russie a opposé deux arguments.")
    rej = [m for m in frames.match_triggers(doc, ctx) if m.cls == "Rejection"]
    assert [m.token.text for m in rej] == ["opposée"]


# --- analysis ---------------------------------------------------------------------------------


def test_analyse_metonym_capital_is_agent_not_place(read):
    doc, ctx = read("Moscou a mis lundi son veto à une résolution du Conseil de sécurité.")
    (v,) = frames.analyse(doc, ctx)
    assert v.event_class == "Veto"
    assert v.agent == ("Q159",) and v.place == ()
    assert v.trigger.text == "mis lundi son veto"
    assert v.local_id == f"veto-{v.trigger.start}"
    assert v.object is not None and v.object.kind == "Resolution"


def test_analyse_compound_demonym_gives_both_participants(read):
    # the tokenizer splits the compound and the parse around it is poor: only the parties are checked
    doc, ctx = read("Des pourparlers russo-américains auront lieu mardi à Genève.")
    (n,) = [e for e in frames.analyse(doc, ctx) if e.event_class == "Negotiation"]
    assert set(n.participant) == {"Q159", "Q30"}


def test_analyse_pronoun_subject_takes_the_governing_subject(read):
    doc, ctx = read("La Russie a indiqué mardi qu'elle allait discuter avec les Etats-Unis.")
    (n,) = [e for e in frames.analyse(doc, ctx) if e.event_class == "Negotiation"]
    assert set(n.participant) == {"Q159", "Q30"}


def test_analyse_is_cached_and_deterministic(read):
    doc, ctx = read("La Russie a mis son veto. Les rebelles ont rejeté le texte.")
    first = frames.analyse(doc, ctx)
    assert frames.analyse(doc, ctx) is first
    _, ctx2 = read("La Russie a mis son veto. Les rebelles ont rejeté le texte.")
    again = frames.analyse(ctx2.doc, ctx2)
    assert [e.local_id for e in again] == [e.local_id for e in first]


def test_analyse_evidence_is_the_sentence_and_stops_at_a_line_break(read):
    text = "Rejet du texte\nLes rebelles ont rejeté le texte."
    doc, ctx = read(text)
    evs = frames.analyse(doc, ctx)
    assert evs
    for e in evs:
        (ev,) = e.evidence
        assert text[ev.start : ev.end] == ev.text
        assert "\n" not in ev.text


def test_frame_extractor_satisfies_the_protocol_and_filters_classes(read):
    ext = frames.FrameExtractor(name="kg.veto.v1", event_classes=("Veto",))
    assert isinstance(ext, EventExtractor)
    doc, ctx = read("La Russie a mis son veto. Les rebelles ont rejeté le texte.")
    assert [e.event_class for e in ext(doc, ctx)] == ["Veto"]


def test_frame_extractor_refuses_an_unknown_class():
    with pytest.raises(ExtractionError):
        frames.FrameExtractor(name="kg.x.v1", event_classes=("Parade",))


def test_every_slot_a_lexicon_names_is_one_the_engine_fills():
    import json

    from kg.resources import data_file

    source = Path(frames.__file__).read_text(encoding="utf-8")
    made = set(re.findall(r'_add\(\w+, "([^"]+)"', source)) | {"owner", "owner_clause"}
    for family in frames.FAMILIES:
        data = json.loads(data_file("lexicons", f"{family}.v1.json").read_text(encoding="utf-8"))
        role_maps = [c.get("roles", {}) for c in data["classes"].values()]
        role_maps += [t["roles"] for t in data["triggers"] if "roles" in t]
        for roles in role_maps:
            for groups in roles.values():
                for group in groups:
                    for slot in group:
                        for name in slot.split("?"):
                            name = name.rstrip("!=")
                            assert name.startswith("pp:") or name in made, (family, name)
