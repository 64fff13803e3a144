"""The conflict-event ontology (ontology/cev.ttl), the CEV namespace and tools/gen_namespace.py."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg import resources
from kg.rdf.namespace import CEV, PROV, SCHEMA, SEM, cev_terms

REPO = Path(__file__).resolve().parents[2]
CEV_NS = str(CEV._NS)
KINDS = (OWL.Class, OWL.NamedIndividual, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# DESIGN.md's event table: class -> (PLOVER types, CAMEO codes); "none" where the table has a dash.
EVENT_TABLE: dict[str, tuple[set[str], set[str]]] = {
    "Statement": ({"none"}, {"010"}),
    "Proposal": ({"REQUEST"}, {"03", "10"}),
    "Rejection": ({"REJECT"}, {"12"}),
    "Veto": ({"REJECT"}, {"129"}),
    "ResolutionAdoption": ({"AGREE"}, {"none"}),
    "Negotiation": ({"CONSULT"}, {"04"}),
    "Agreement": ({"AGREE"}, {"057"}),
    "Ceasefire": ({"RETREAT"}, {"0871"}),
    "Accusation": ({"ACCUSE"}, {"112"}),
    "Attack": ({"ASSAULT"}, {"18", "19"}),
    "AirStrike": ({"ASSAULT"}, {"195"}),
    "Shelling": ({"ASSAULT"}, {"194"}),
    "Bombing": ({"ASSAULT"}, {"183"}),
    "Clash": ({"ASSAULT"}, {"190"}),
    "Offensive": ({"ASSAULT", "MOBILIZE"}, {"190"}),
    "Capture": ({"COERCE"}, {"none"}),
    "Withdrawal": ({"RETREAT"}, {"087"}),
    "Evacuation": ({"RETREAT"}, {"none"}),
    "Release": ({"RETREAT"}, {"0841"}),
    "Displacement": ({"none"}, {"none"}),
}

ACLED = {
    "Attack": {"Attack"},
    "AirStrike": {"Air/drone strike"},
    "Shelling": {"Shelling/artillery/missile attack"},
    "Bombing": {"Remote explosive/landmine/IED", "Suicide bomb"},
    "Clash": {"Armed clash"},
    "Offensive": {"Armed clash"},
    "Capture": {"Non-state actor overtakes territory", "Government regains territory"},
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(resources.ontology_path(), format="turtle")


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    path = REPO / "tools" / "gen_namespace.py"
    spec = importlib.util.spec_from_file_location("gen_namespace", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _declared(onto: Graph) -> set[str]:
    return {
        str(s)[len(CEV_NS):]
        for kind in KINDS
        for s in onto.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(CEV_NS)
    }


def _objects(onto: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {str(o) for o in onto.objects(s, p)}


def _event_classes(onto: Graph) -> set[URIRef]:
    return {c for c in onto.transitive_subjects(RDFS.subClassOf, CEV.Event) if c != CEV.Event}


# --- the ontology file ----------------------------------------------------------------


def test_ontology_parses_with_a_header(onto: Graph) -> None:
    header = URIRef("https://w3id.org/depeche/cev")
    assert (header, RDF.type, OWL.Ontology) in onto
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionInfo):
        assert onto.value(header, p) is not None, p


def test_ontology_terms_equal_namespace_terms(onto: Graph) -> None:
    assert _declared(onto) == set(cev_terms())


def test_ontology_uses_only_declared_cev_terms(onto: Graph) -> None:
    nodes = {n for t in onto for n in t if isinstance(n, URIRef)}
    used = {str(n)[len(CEV_NS):] for n in nodes if str(n).startswith(CEV_NS)}
    assert used <= _declared(onto)


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                                  OWL.NamedIndividual])
def test_ontology_terms_have_english_label_and_definition(onto: Graph, kind: URIRef) -> None:
    named = [s for s in onto.subjects(RDF.type, kind) if isinstance(s, URIRef)]
    assert named
    for term in named:
        labels = [o for o in onto.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        definitions = [o for o in onto.objects(term, SKOS.definition) if isinstance(o, Literal)]
        assert len(labels) == 1, term
        assert len(definitions) == 1 and len(definitions[0]) > 10, term


@pytest.mark.parametrize("kind", [OWL.ObjectProperty, OWL.DatatypeProperty])
def test_ontology_properties_have_domain_and_range(onto: Graph, kind: URIRef) -> None:
    for prop in onto.subjects(RDF.type, kind):
        assert onto.value(prop, RDFS.domain) is not None, prop
        assert onto.value(prop, RDFS.range) is not None, prop


def test_ontology_event_classes_are_the_design_table(onto: Graph) -> None:
    assert {str(c)[len(CEV_NS):] for c in _event_classes(onto)} == set(EVENT_TABLE)


def test_ontology_every_event_class_has_plover_and_cameo(onto: Graph) -> None:
    for cls in _event_classes(onto):
        assert _objects(onto, cls, CEV.ploverType), cls
        assert _objects(onto, cls, CEV.cameoCode), cls


@pytest.mark.parametrize("name", sorted(EVENT_TABLE))
def test_ontology_event_class_alignment_matches_design(onto: Graph, name: str) -> None:
    plover, cameo = EVENT_TABLE[name]
    assert _objects(onto, CEV[name], CEV.ploverType) == plover
    assert _objects(onto, CEV[name], CEV.cameoCode) == cameo


@pytest.mark.parametrize("name", sorted(ACLED))
def test_ontology_violent_classes_have_acled_sub_event_types(onto: Graph, name: str) -> None:
    assert _objects(onto, CEV[name], CEV.acledSubEventType) == ACLED[name]


def test_ontology_plover_modes_refine_types(onto: Graph) -> None:
    assert _objects(onto, CEV.AirStrike, CEV.ploverMode) == {"aerial", "drone"}
    assert _objects(onto, CEV.Ceasefire, CEV.ploverMode) == {"ceasefire"}
    assert _objects(onto, CEV.Release, CEV.ploverMode) == {"release"}


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (CEV.Event, SEM.Event),
        (CEV.Actor, SEM.Actor),
        (CEV.Place, SEM.Place),
        (CEV.Dispatch, SCHEMA.NewsArticle),
        (CEV.Dispatch, PROV.Entity),
        (CEV.Evidence, PROV.Entity),
        (CEV.Veto, CEV.Rejection),
        (CEV.AirStrike, CEV.Attack),
        (CEV.Shelling, CEV.Attack),
        (CEV.Bombing, CEV.Attack),
        *[(CEV[c], CEV.Actor) for c in ("Person", "State", "IntergovernmentalOrganization", "ArmedGroup",
                                        "ArmedForces", "Organization", "Group")],
        *[(CEV[c], CEV.Place) for c in ("Country", "Region", "City", "District")],
    ],
)
def test_ontology_subclass_axioms(onto: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in onto


@pytest.mark.parametrize(
    ("prop", "sup"),
    [
        (CEV.agent, SEM.hasActor),
        (CEV.target, SEM.hasActor),
        (CEV.participant, SEM.hasActor),
        (CEV.place, SEM.hasPlace),
        (CEV.accordingTo, PROV.wasAttributedTo),
    ],
)
def test_ontology_property_alignments(onto: Graph, prop: URIRef, sup: URIRef) -> None:
    assert (prop, RDFS.subPropertyOf, sup) in onto


def test_ontology_date_is_aligned_but_not_a_sem_timestamp(onto: Graph) -> None:
    assert (CEV.date, RDFS.seeAlso, SEM.hasTimeStamp) in onto
    assert (CEV.date, RDFS.subPropertyOf, SEM.hasTimeStamp) not in onto
    assert onto.value(CEV.date, RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.mark.parametrize(
    ("individual", "cls"),
    [(CEV.Occurred, CEV.EventStatus), (CEV.Planned, CEV.EventStatus), (CEV.Negated, CEV.EventStatus),
     (CEV.Killed, CEV.CasualtyKind), (CEV.Injured, CEV.CasualtyKind)],
)
def test_ontology_value_set_individuals(onto: Graph, individual: URIRef, cls: URIRef) -> None:
    assert (individual, RDF.type, cls) in onto
    assert (individual, RDF.type, OWL.NamedIndividual) in onto


def test_ontology_country_is_both_state_and_country(onto: Graph) -> None:
    for cls, other in ((CEV.State, "cev:Country"), (CEV.Country, "cev:State")):
        notes = " ".join(str(n) for n in onto.objects(cls, SKOS.note))
        assert other in notes
    assert (CEV.State, OWL.disjointWith, CEV.Country) not in onto
    assert (CEV.Country, OWL.disjointWith, CEV.State) not in onto


def test_ontology_has_every_design_term(onto: Graph, shared_dir: Path) -> None:
    design = (shared_dir / "DESIGN.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"\bcev:([A-Za-z]+)", design))
    assert mentioned
    assert mentioned <= _declared(onto)


# --- the CEV namespace ----------------------------------------------------------------


def test_namespace_known_term_resolves() -> None:
    assert CEV.Veto == URIRef(CEV_NS + "Veto")
    assert CEV["count"] == URIRef(CEV_NS + "count")


@pytest.mark.parametrize("typo", ["Vetto", "agnet", "Airstrike"])
def test_namespace_typo_raises(typo: str) -> None:
    with pytest.raises(AttributeError):
        getattr(CEV, typo)


# --- tools/gen_namespace.py -----------------------------------------------------------


def test_gen_namespace_check_passes_on_the_repository(gen: ModuleType) -> None:
    assert gen.main(["--check"]) == 0


def test_gen_namespace_rewrites_and_checks_a_module(gen: ModuleType, tmp_path: Path) -> None:
    module = tmp_path / "namespace.py"
    module.write_text(f"class CEV:\n{gen.BEGIN}\n    Old: URIRef\n{gen.END}\n\nAFTER = 1\n", encoding="utf-8")
    assert gen.main(["--check", "--module", str(module)]) == 1
    assert gen.main(["--module", str(module)]) == 0
    text = module.read_text(encoding="utf-8")
    assert "Old: URIRef" not in text
    assert "    Veto: URIRef  # " in text and "AFTER = 1" in text
    assert gen.main(["--check", "--module", str(module)]) == 0


def test_gen_namespace_rejects_undeclared_terms(gen: ModuleType) -> None:
    g = Graph()
    g.add((CEV.Veto, RDF.type, OWL.Class))
    g.add((CEV.Veto, RDFS.subClassOf, URIRef(CEV_NS + "Rejectoin")))
    with pytest.raises(gen.GenerationError, match="Rejectoin"):
        gen.terms(g)


def test_gen_namespace_needs_the_markers(gen: ModuleType, tmp_path: Path) -> None:
    module = tmp_path / "namespace.py"
    module.write_text("class CEV:\n    pass\n", encoding="utf-8")
    assert gen.main(["--module", str(module)]) == 2
