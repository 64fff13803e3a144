"""merge_events: one event per happening per dispatch (kg.extract.merge).

The mentions are built by hand: merging reads only the values extractors produce.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

from kg.extract.merge import compatible_classes, merge_events, most_specific
from kg.types import EventMention, Evidence, ObjectRef, Status

BODY_SENTENCES = [
    "Moscou a mis son veto lundi.",  # 0
    "Après le veto de Moscou, les diplomates ont quitté la salle.",  # 1
    "La Chine a aussi opposé son veto.",  # 2
    "Un deuxième raid a visé le quartier.",  # 3
    "Le premier raid a tué dix civils, et un autre raid a touché un marché.",  # 4
    "Le cessez-le-feu entre Kiev et les rebelles tient, malgré un incident depuis le début de la trêve.",  # 5
]


def _sent(n: int) -> Evidence:
    start = sum(len(s) + 1 for s in BODY_SENTENCES[:n])
    return Evidence(BODY_SENTENCES[n], start, start + len(BODY_SENTENCES[n]))


def _mention(
    cls: str,
    sent: int,
    word: str,
    *,
    nth: int = 0,
    agent: tuple[str, ...] = (),
    target: tuple[str, ...] = (),
    participant: tuple[str, ...] = (),
    place: tuple[str, ...] = (),
    date: tuple[dt.date, ...] = (),
    date_text: str | None = None,
    status: Status = Status.OCCURRED,
    confidence: float = 0.8,
    obj: ObjectRef | None = None,
) -> EventMention:
    ev = _sent(sent)
    pos = -1
    for _ in range(nth + 1):
        pos = ev.text.index(word, pos + 1)
    trig = Evidence(word, ev.start + pos, ev.start + pos + len(word))
    return EventMention(
        local_id=f"{cls.lower()}-{trig.start}",
        event_class=cls,
        trigger=trig,
        evidence=(ev,),
        agent=agent,
        target=target,
        participant=participant,
        place=place,
        date=date,
        date_text=date_text,
        status=status,
        object=obj,
        confidence=confidence,
        extractor="kg.test.v1",
    )


MON = dt.date(2016, 12, 5)


def test_merge_empty():
    assert merge_events([]) == ()


def test_merge_retelling_with_shared_agent_is_one_event():
    a = _mention("Veto", 0, "veto", agent=("Q159",), date=(MON,), date_text="lundi", confidence=0.9)
    b = _mention("Veto", 1, "veto", agent=("Q159",), target=("Q142",))
    (v,) = merge_events([b, a])
    assert [ev.start for ev in v.evidence] == [a.evidence[0].start, b.evidence[0].start]
    assert v.agent == ("Q159",) and v.target == ("Q142",)
    assert v.date == (MON,) and v.date_text == "lundi"
    assert v.local_id == a.local_id  # the most confident telling names it
    assert v.confidence == 0.9


def test_merge_conflicting_agents_stay_distinct():
    a = _mention("Veto", 0, "veto", agent=("Q159",))
    c = _mention("Veto", 2, "veto", agent=("Q148",))
    assert len(merge_events([a, c])) == 2


def test_merge_same_sentence_distinct_happenings_stay_distinct():
    first = _mention("AirStrike", 4, "raid", agent=("X",))
    second = _mention("AirStrike", 4, "raid", nth=1)
    assert len(merge_events([first, second])) == 2


def test_merge_a_truce_named_twice_in_a_sentence_is_one_truce():
    truce = _mention("Ceasefire", 5, "cessez-le-feu", participant=("Q212", "Group:rebels"))
    again = _mention("Ceasefire", 5, "trêve")  # no parties of its own
    (merged,) = merge_events([truce, again])
    assert set(merged.participant) == {"Q212", "Group:rebels"}


def test_merge_told_dates_that_differ_are_two_happenings():
    a = _mention(
        "Offensive", 0, "veto", agent=("Q858",), date=(dt.date(2016, 11, 15),), date_text="le 15 novembre"
    )
    b = _mention("Offensive", 1, "veto", agent=("Q858",), date=(MON,), date_text="lundi")
    assert len(merge_events([a, b])) == 2


def test_merge_a_defaulted_date_does_not_conflict():
    a = _mention(
        "Offensive", 0, "veto", agent=("Q858",), date=(dt.date(2016, 11, 15),), date_text="le 15 novembre"
    )
    b = _mention("Offensive", 1, "veto", agent=("Q858",), date=(MON,), date_text=None)
    (o,) = merge_events([a, b])
    assert o.date == (dt.date(2016, 11, 15),)


def test_merge_occurred_and_planned_are_two_happenings():
    a = _mention("Negotiation", 0, "veto", participant=("Q159", "Q30"), status=Status.PLANNED)
    b = _mention("Negotiation", 1, "veto", participant=("Q159", "Q30"), status=Status.OCCURRED)
    assert len(merge_events([a, b])) == 2


def test_merge_planned_and_negated_retellings_keep_the_negation():
    a = _mention("Withdrawal", 0, "veto", agent=("rebels",), status=Status.PLANNED, confidence=0.9)
    b = _mention("Withdrawal", 1, "veto", agent=("rebels",), status=Status.NEGATED)
    (w,) = merge_events([a, b])
    assert w.status is Status.NEGATED


def test_merge_novelty_word_starts_a_new_happening():
    first = _mention("AirStrike", 0, "veto", place=("Q1",))
    second = _mention("AirStrike", 3, "raid", place=("Q1",))  # "Un deuxième raid"
    assert len(merge_events([first, second])) == 2


def test_merge_bare_retelling_joins_a_happening_of_its_kind():
    strike = _mention("AirStrike", 0, "veto", agent=("coalition",), place=("Q1",))
    generic = _mention("Attack", 1, "veto")  # no party: "cette attaque"
    (e,) = merge_events([strike, generic])
    assert e.event_class == "AirStrike"
    assert len(e.evidence) == 2


def test_merge_agent_of_one_is_target_of_the_other():
    a = _mention("Shelling", 0, "veto", agent=("armenia",), place=("Q1",))
    b = _mention("Shelling", 1, "veto", target=("armenia",))
    assert len(merge_events([a, b])) == 2


def test_merge_accusations_are_not_retold_without_their_accuser():
    a = _mention("Accusation", 0, "veto", agent=("A",), target=("B",))
    b = _mention("Accusation", 1, "veto")
    assert len(merge_events([a, b])) == 2


def test_merge_two_acts_on_one_truce_stay_distinct_and_a_bare_mention_joins():
    # the trigger words name the act: entering into force, extension, or none
    start = replace(_mention("Ceasefire", 0, "veto"), trigger=Evidence("cessez-le-feu en vigueur", 0, 24))
    ext = _mention("Ceasefire", 1, "veto")
    ext = replace(
        ext, trigger=Evidence("prolongation du cessez-le-feu", ext.trigger.start, ext.trigger.start + 29)
    )
    bare = _mention("Ceasefire", 2, "veto")
    merged = merge_events([start, ext, bare])
    assert len(merged) == 2


def test_settle_a_trigger_claimed_twice_keeps_the_most_specific():
    veto = _mention("Veto", 0, "veto", agent=("Q159",))
    rej = _mention("Rejection", 0, "veto", agent=("Q159",), target=("Q142",), confidence=0.95)
    (e,) = merge_events([rej, veto])
    assert e.event_class == "Veto"
    assert e.target == ("Q142",)  # the roles of the other reading are kept


def test_settle_exclusive_readings_keep_the_more_confident():
    w = _mention("Withdrawal", 0, "veto", agent=("A",), confidence=0.6)
    d = _mention("Displacement", 0, "veto", agent=("A",), confidence=0.7)
    (e,) = merge_events([w, d])
    assert e.event_class == "Displacement"


def test_merge_redirects_object_references_and_drops_dangling_ones():
    w1 = _mention("Withdrawal", 0, "veto", agent=("rebels",), confidence=0.9)
    w2 = _mention("Withdrawal", 1, "veto", agent=("rebels",))
    p = _mention(
        "Proposal", 1, "diplomates", agent=("Q159",), obj=ObjectRef(kind="Event", event_id=w2.local_id)
    )
    q = _mention(
        "Proposal", 2, "Chine", agent=("Q148",), obj=ObjectRef(kind="Event", event_id="withdrawal-999")
    )
    out = {e.event_class + str(e.agent): e for e in merge_events([w1, w2, p, q])}
    merged_w = out["Withdrawal('rebels',)"]
    assert out["Proposal('Q159',)"].object == ObjectRef(kind="Event", event_id=merged_w.local_id)
    assert out["Proposal('Q148',)"].object is None


def test_merge_is_deterministic_whatever_the_input_order():
    items = [
        _mention("Veto", 0, "veto", agent=("Q159",)),
        _mention("Veto", 1, "veto", agent=("Q159",)),
        _mention("Veto", 2, "veto", agent=("Q148",)),
        _mention("AirStrike", 3, "raid"),
        _mention("AirStrike", 4, "raid", nth=1),
    ]
    results = {merge_events(list(p)) for p in itertools.permutations(items)}
    assert len(results) == 1
    (out,) = results
    assert len({e.local_id for e in out}) == len(out)
    assert [e.evidence[0].start for e in out] == sorted(e.evidence[0].start for e in out)


def test_class_helpers():
    assert compatible_classes("Veto", "Rejection") and compatible_classes("Attack", "Shelling")
    assert not compatible_classes("Veto", "Attack")
    assert most_specific("Rejection", "Veto") == "Veto"


def test_merge_entities_let_a_state_and_its_forces_be_one_party():
    from kg.types import Entity

    entities = {
        "Q159": Entity(key="Q159", kind="State", label="Russia"),
        "ArmedForces:ru": Entity(
            key="ArmedForces:ru", kind="ArmedForces", label="Russian forces", member_of="Q159"
        ),
    }
    a = _mention("Withdrawal", 0, "veto", agent=("ArmedForces:ru",), confidence=0.9)
    b = _mention("Withdrawal", 1, "veto", agent=("Q159",))
    assert len(merge_events([a, b])) == 2
    (w,) = merge_events([a, b], entities=entities)
    assert set(w.agent) == {"ArmedForces:ru", "Q159"}


def test_merge_keeps_statements_of_different_sentences_apart() -> None:
    first = Evidence("« Nous ne céderons pas », a déclaré le ministre.", 0, 48)
    second = Evidence("Le ministre a ajouté que les pourparlers reprendraient.", 49, 104)
    day = (dt.date(2024, 3, 4),)
    a = EventMention("statement-27", "Statement", Evidence("a déclaré", 27, 36), (first,),
                     agent=("Person:x",), date=day)
    b = EventMention("statement-61", "Statement", Evidence("a ajouté", 61, 69), (second,),
                     agent=("Person:x",), date=day)
    assert len(merge_events([a, b])) == 2


def test_parent_is_the_ontology_event_hierarchy(repo_root):
    from rdflib import RDFS, Graph

    from kg.extract.merge import PARENT
    from kg.rdf.namespace import CEV

    g = Graph().parse(repo_root / "ontology" / "cev.ttl")
    events = set(g.transitive_subjects(RDFS.subClassOf, CEV.Event)) - {CEV.Event}
    in_ontology = {
        str(c).removeprefix(str(CEV)): str(sup).removeprefix(str(CEV))
        for c in events
        for sup in g.objects(c, RDFS.subClassOf)
        if sup in events
    }
    assert PARENT == in_ontology
