from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg import resources
from kg.resolve.kb import KnowledgeBase
from kg.resolve.kb_build import build_rows, dump_rows

WIKIDATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "wikidata"


@pytest.fixture(scope="module")
def wikidata_dir() -> Path:
    """../shared/data/wikidata beside the repository; skipped in a clone without it."""
    if not (WIKIDATA / "countries.csv").is_file():
        pytest.skip("../shared/data/wikidata is not present")
    return WIKIDATA


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_kb_packaged_file_equals_fresh_build(wikidata_dir: Path) -> None:
    packaged = resources.data_file("kb", "entities.jsonl").read_text(encoding="utf-8")
    fresh = dump_rows(build_rows(wikidata_dir))
    assert packaged == fresh, "kg/data/kb/entities.jsonl is stale: run python tools/build_kb.py"


def test_kb_every_qid_comes_from_the_shared_tables(kb: KnowledgeBase, wikidata_dir: Path) -> None:
    verified: set[str] = set()
    for name in ("countries.csv", "places.csv", "entities.csv"):
        with (wikidata_dir / name).open(encoding="utf-8") as fh:
            verified |= {row["qid"] for row in csv.DictReader(fh)}
    invented = sorted(e.key for e in kb if e.qid is not None and e.qid not in verified)
    assert invented == []


def test_kb_keys_are_qid_or_kind_and_folded_label(kb: KnowledgeBase) -> None:
    for e in kb:
        if e.qid is not None:
            assert e.key == e.qid
        else:
            kind, _, label = e.key.partition(":")
            assert kind == e.kind and label and label == label.lower()


def test_kb_load_is_cached(kb: KnowledgeBase) -> None:
    assert KnowledgeBase.load() is kb
    assert len(kb) > 2500


def test_kb_country_is_state_and_country_with_french_aliases(kb: KnowledgeBase) -> None:
    russia = kb.get("Q159")
    assert russia is not None
    assert (russia.kind, russia.label, russia.label_lang) == ("State", "Russia", "en")
    assert "Country" in russia.extra_kinds
    assert {"Russie", "russe", "russes"} <= set(russia.aliases)
    assert "Moscou" not in russia.aliases  # the capital is its own City, with metonym_of


def test_kb_capital_is_city_with_metonym(kb: KnowledgeBase) -> None:
    moscow = kb.lookup("Moscou")[0]
    assert (moscow.key, moscow.kind, moscow.metonym_of, moscow.located_in) == ("Q649", "City", "Q159", "Q159")
    assert moscow.lat == pytest.approx(55.75, abs=0.1) and moscow.geonames == "524901"
    assert kb.lookup("Tripoli")[0].metonym_of == "Q1016"  # Libya's capital
    assert kb.lookup("Le Caire")[0].metonym_of == "Q79"


@pytest.mark.parametrize(
    ("surface", "qid"),
    [
        ("américains", "Q30"),
        ("Américaines", "Q30"),
        ("syrien", "Q858"),
        ("iranienne", "Q794"),
        ("chinois", "Q148"),
        ("israéliens", "Q801"),
        ("ukrainienne", "Q212"),
        ("turque", "Q43"),
        ("turcs", "Q43"),
        ("libanaise", "Q822"),
        ("française", "Q142"),
        ("britannique", "Q145"),
        ("saoudien", "Q851"),
        ("azerbaïdjanaises", "Q227"),
        ("irakiens", "Q796"),
        ("maliens", "Q912"),
        ("Etats-Unis", "Q30"),
        ("État hébreu", "Q801"),
        ("Burkina", "Q965"),
    ],
)
def test_kb_demonyms_and_aliases_name_the_state(kb: KnowledgeBase, surface: str, qid: str) -> None:
    assert kb.lookup(surface)[0].key == qid


@pytest.mark.parametrize(
    ("surface", "kind", "qid"),
    [
        ("ONU", "IntergovernmentalOrganization", "Q1065"),
        ("OTAN", "IntergovernmentalOrganization", "Q7184"),
        ("UE", "IntergovernmentalOrganization", "Q458"),
        ("HCR", "IntergovernmentalOrganization", "Q132551"),
        ("OCHA", "IntergovernmentalOrganization", "Q1065854"),
        ("Unicef", "IntergovernmentalOrganization", "Q740308"),
        ("OMS", "IntergovernmentalOrganization", "Q7817"),
        ("PAM", "IntergovernmentalOrganization", "Q204344"),
        ("AIEA", "IntergovernmentalOrganization", None),
        ("CICR", "Organization", None),
        ("OSDH", "Organization", None),
        ("Sana", "Organization", None),
        ("AFP", "Organization", "Q40464"),
        ("Daech", "ArmedGroup", "Q2429253"),
        ("EI", "ArmedGroup", "Q2429253"),
        ("Hezbollah", "ArmedGroup", None),
        ("Houthis", "ArmedGroup", None),
        ("Wagner", "ArmedGroup", None),
        ("Front Fateh al-Cham", "ArmedGroup", None),
        ("HTS", "ArmedGroup", None),
        ("Jaich al-Islam", "ArmedGroup", None),
        ("JNIM", "ArmedGroup", None),
        ("FARC", "ArmedGroup", None),
        ("VDP", "ArmedForces", None),
        ("rebelles", "Group", None),
        ("civils", "Group", None),
        ("manifestants", "Group", None),
    ],
)
def test_kb_acronyms_and_bodies(kb: KnowledgeBase, surface: str, kind: str, qid: str | None) -> None:
    e = kb.lookup(surface)[0]
    assert (e.kind, e.qid) == (kind, qid)


def test_kb_hand_places_have_no_qid_and_a_container(kb: KnowledgeBase) -> None:
    east = kb.lookup("Alep-Est")[0]
    assert (east.kind, east.qid, east.located_in) == ("District", None, "Q41183")
    karabakh = kb.lookup("Haut-Karabakh")[0]
    assert (karabakh.kind, karabakh.qid, karabakh.located_in) == ("Region", None, "Q227")


def test_kb_crimea_is_in_ukraine_de_jure(kb: KnowledgeBase) -> None:
    assert kb.lookup("Sébastopol")[0].located_in == "Q212"


def test_kb_armed_forces_of_a_state(kb: KnowledgeBase) -> None:
    forces = kb.forces_of("Q858")
    assert forces is not None and forces.kind == "ArmedForces" and forces.qid is None
    assert kb.state_of_forces(forces.key) == "Q858"
    assert kb.lookup("Tsahal")[0] == kb.forces_of("Q801")


def test_kb_compound_prefix(kb: KnowledgeBase) -> None:
    assert kb.state_of_prefix("russo") == kb.get("Q159")
    assert kb.state_of_prefix("sino") == kb.get("Q148")
    assert kb.state_of_prefix("zzz") is None


def test_kb_ruler_patterns_one_entity_per_phrase(kb: KnowledgeBase) -> None:
    pats = kb.ruler_patterns()
    texts = [p.text for p in pats]
    assert len(texts) == len(set(texts))
    by_text = {p.text: p for p in pats}
    assert by_text["russes"].lower and by_text["russes"].key == "Q159"
    assert not by_text["Sana"].lower
    assert "Nice" not in by_text  # ambiguous place names are lookup-only


def test_kb_lookup_unknown_is_empty(kb: KnowledgeBase) -> None:
    assert kb.lookup("Xyzzyville") == []
    assert kb.get("Q0") is None


# --- offices ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "of", "day", "holder"),
    [
        ("président", "Q212", "2019-05-19", "Person:petro poroshenko"),
        ("président", "Q212", "2019-05-20", "Q3874799"),  # the day a term ends belongs to the next
        ("premier ministre", "Q796", "2016-05-23", "Person:haider al abadi"),
        ("secrétaire général", "Q1065", "2016-12-05", "Person:ban ki moon"),
        ("secrétaire général", "Q1065", "2017-01-01", "Q311440"),
    ],
)
def test_kb_holder_of_an_office_on_a_day(kb: KnowledgeBase, title: str, of: str, day: str,
                                        holder: str) -> None:
    import datetime as dt

    found = kb.holder(title, of, dt.date.fromisoformat(day))
    assert found is not None and found.key == holder


def test_kb_holder_unknown_before_the_table_or_between_terms(kb: KnowledgeBase) -> None:
    import datetime as dt

    assert kb.holder("président", "Q212", dt.date(2010, 1, 1)) is None
    assert kb.holder("premier ministre", "Q801", dt.date(2022, 1, 1)) is None  # not in the table


def test_kb_office_terms_never_overlap() -> None:
    import datetime as dt

    terms: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = {}
    for o in resources.load_json("kb", "offices.json")["offices"]:
        span = (dt.date.fromisoformat(o["from"]), dt.date.fromisoformat(o["to"] or "9999-12-31"))
        for t in o["titles"]:
            terms.setdefault((t, o["of"]), []).append(span)
    for office, spans in terms.items():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, office


def test_kb_office_row_naming_an_unknown_person_is_refused() -> None:
    from kg.errors import ResolutionError

    rows = [{"key": "Q212", "kind": "State", "label": "Ukraine"}]
    bad = [{"titles": ["président"], "of": "Q212", "holder": "Person:nobody", "from": "2019-05-20",
            "to": None}]
    with pytest.raises(ResolutionError, match="unknown key"):
        KnowledgeBase(rows, offices=bad)
