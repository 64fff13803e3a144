"""kg.validate: the validate() API, its report, its errors and its speed."""

from __future__ import annotations

import importlib.util
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH, SKOS

from kg.errors import ShapeLoadError, ValidationFailed
from kg.rdf.namespace import CEV, DCTERMS, GEO, ID, PROV, WD
from kg.validate import (
    CEVSH,
    Inference,
    Severity,
    ValidationReport,
    Violation,
    render_report,
    validate,
    validate_dataset,
)

SAMPLE = Path(__file__).resolve().parent / "_support" / "sample.py"
# plain IRIs: pytest inspects module globals, and rdflib's XSD namespace warns on unknown attributes
DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")

# Sentences written for these tests (wire style); the synthetic body repeats them.
SENTENCES = (
    "L'aviation a frappé lundi soir un dépôt de carburant près de Tombouctou, selon un responsable local.",
    "Le ministre de la Défense a affirmé mardi que les pourparlers reprendraient à Alger.",
    "Au moins onze civils ont été blessés dans les bombardements, a indiqué la Croix-Rouge.",
)
EVENT_CLASSES = ("AirStrike", "Statement", "Negotiation", "Shelling", "Clash", "Veto", "Capture", "Proposal")


def synthetic_graph(slug: str = "synthese-txt", *, events: int = 24) -> Graph:
    """A conforming dispatch graph shaped like the builder's, about 20 triples per event."""
    d = ID[f"dispatch/{slug}"]
    g = Graph(identifier=d)
    body = " ".join(SENTENCES[i % 3] for i in range(events + 1))
    g.add((d, RDF.type, CEV.Dispatch))
    g.add((d, CEV.sourceName, Literal(f"{slug}.txt")))
    g.add((d, DCTERMS.date, Literal("2020-02-03", datatype=DATE)))
    g.add((d, DCTERMS.language, Literal("fr")))
    g.add((d, CEV.bodyText, Literal(body)))
    actors = [ID[f"entity/Q{1000 + i}"] for i in range(6)]
    for i, a in enumerate(actors):
        g.add((a, RDF.type, (CEV.State, CEV.ArmedGroup, CEV.Organization)[i % 3]))
        if i % 3 == 0:
            g.add((a, RDF.type, CEV.Country))
        g.add((a, RDFS.label, Literal(f"acteur {i}", lang="fr")))
        g.add((a, SKOS.altLabel, Literal(f"l'acteur {i}", lang="fr")))
        g.add((a, OWL.sameAs, WD[f"Q{1000 + i}"]))
    places = [ID[f"entity/city/ville-{i}"] for i in range(4)]
    for p in places:
        g.add((p, RDF.type, CEV.City))
        g.add((p, RDFS.label, Literal(f"ville {p[-1]}", lang="fr")))
        g.add((p, GEO.lat, Literal("16.77", datatype=DECIMAL)))
        g.add((p, GEO.long, Literal("-3.01", datatype=DECIMAL)))
        g.add((p, CEV.locatedIn, actors[0]))
    start = 0
    for i in range(events):
        sentence = SENTENCES[i % 3]
        e = ID[f"event/{slug}/e{i}"]
        ev = ID[f"evidence/{slug}/{start}-{start + len(sentence)}"]
        g.add((e, RDF.type, CEV[EVENT_CLASSES[i % len(EVENT_CLASSES)]]))
        g.add((e, RDFS.label, Literal(f"event {i}", lang="en")))
        g.add((e, CEV.agent, actors[i % 6]))
        g.add((e, CEV.target, actors[(i + 1) % 6]))
        g.add((e, CEV.place, places[i % 4]))
        g.add((e, CEV.date, Literal("2020-02-03", datatype=DATE)))
        g.add((e, CEV.dateText, Literal("lundi")))
        g.add((e, CEV.status, CEV.Occurred))
        g.add((e, CEV.evidence, ev))
        g.add((e, PROV.wasDerivedFrom, d))
        g.add((e, CEV.confidence, Literal("0.75", datatype=DECIMAL)))
        g.add((e, CEV.triggerText, Literal("frappé")))
        g.add((e, CEV.extractedBy, Literal("kg.test.v1")))
        g.add((ev, RDF.type, CEV.Evidence))
        g.add((ev, CEV.text, Literal(sentence)))
        g.add((ev, CEV.start, Literal(start)))
        g.add((ev, CEV.end, Literal(start + len(sentence))))
        start += len(sentence) + 1
    toll = ID[f"casualties/{slug}/blesses"]
    g.add((toll, RDF.type, CEV.Casualties))
    g.add((toll, CEV["count"], Literal(11)))
    g.add((toll, CEV.countQualifier, Literal("at least")))
    g.add((toll, CEV.kind, CEV.Injured))
    g.add((toll, CEV.victims, Literal("civils", lang="fr")))
    g.add((toll, CEV.accordingTo, actors[2]))
    g.add((toll, CEV.casualtiesOf, ID[f"event/{slug}/e0"]))
    g.add((toll, CEV.evidence, ID[f"evidence/{slug}/0-{len(SENTENCES[0])}"]))
    g.add((toll, PROV.wasDerivedFrom, d))
    return g


def event(slug: str, i: int) -> URIRef:
    return ID[f"event/{slug}/e{i}"]


@pytest.fixture()
def graph() -> Graph:
    return synthetic_graph(events=6)


@pytest.fixture()
def broken(graph: Graph) -> Graph:
    """The small graph with one event lacking its status."""
    graph.remove((event("synthese-txt", 2), CEV.status, None))
    return graph


def _builder_graphs() -> Iterator[Graph]:
    if not SAMPLE.is_file():
        pytest.skip("tests/_support/sample.py is not present")
    spec = importlib.util.spec_from_file_location("depeche_sample_graphs", SAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield from module.graphs()


# --- conforming graphs -----------------------------------------------------------------


def test_validate_conforming_graph(graph: Graph) -> None:
    report = validate(graph)
    assert isinstance(report, ValidationReport)
    assert report.conforms
    assert report.results == () and report.violations == ()
    assert report.where == str(ID["dispatch/synthese-txt"])
    assert (None, RDF.type, SH.ValidationReport) in report.graph


def test_validate_empty_graph_conforms() -> None:
    assert validate(Graph()).conforms


def test_validate_graphs_built_by_the_builder_conform() -> None:
    graphs = list(_builder_graphs())
    assert graphs
    for g in graphs:
        report = validate(g)
        assert report.conforms, report.text


def test_validate_leaves_the_graph_untouched(graph: Graph) -> None:
    before = set(graph)
    validate(graph)
    validate(graph, inference=Inference.RDFS)
    assert set(graph) == before


# --- results -----------------------------------------------------------------------------


def test_validate_parses_a_violation(broken: Graph) -> None:
    report = validate(broken)
    assert not report.conforms
    assert report.results == report.violations
    (v,) = report.results
    assert isinstance(v, Violation)
    assert v.focus_node == event("synthese-txt", 2)
    assert v.path == CEV.status
    assert v.value is None
    assert v.severity is Severity.VIOLATION
    assert v.source_shape == CEVSH.EventStatusShape
    assert v.component == SH.MinCountConstraintComponent
    assert "exactly one cev:status" in v.message


def test_validate_reports_the_offending_value(graph: Graph) -> None:
    e = event("synthese-txt", 1)
    city = ID["entity/city/ville-0"]
    graph.set((e, CEV.agent, city))
    (v,) = validate(graph).results
    assert (v.focus_node, v.path, v.value, v.source_shape) == (e, CEV.agent, city, CEVSH.EventAgentShape)


def test_validate_results_are_sorted_and_deterministic(graph: Graph) -> None:
    for i in (4, 1, 3):
        graph.remove((event("synthese-txt", i), CEV.confidence, None))
    first = validate(graph).results
    assert [str(v.focus_node) for v in first] == sorted(str(v.focus_node) for v in first)
    assert validate(graph).results == first


def test_validate_text_is_rendered_from_the_report_graph(broken: Graph) -> None:
    report = validate(broken)
    text = report.text
    assert text == render_report(report.graph, where=report.where)
    assert "does not conform (1 result)" in text
    assert "cevsh:EventStatusShape" in text
    assert "event/synthese-txt/e2" in text
    assert "path: cev:status" in text


def test_violation_describe_names_focus_path_and_rule(broken: Graph) -> None:
    (v,) = validate(broken).results
    line = v.describe()
    assert "event/synthese-txt/e2" in line and "cev:status" in line and "[cevsh:EventStatusShape]" in line


# --- raise_for_violations -----------------------------------------------------------------


def test_raise_for_violations_names_dispatch_focus_and_rule(broken: Graph) -> None:
    with pytest.raises(ValidationFailed) as info:
        validate(broken).raise_for_violations(where="synthese.txt")
    message = str(info.value)
    assert message.startswith("[E410] synthese.txt: 1 SHACL result: ")
    assert "event/synthese-txt/e2" in message
    assert "cevsh:EventStatusShape" in message and "exactly one cev:status" in message


def test_raise_for_violations_defaults_to_the_graph_name(broken: Graph) -> None:
    with pytest.raises(ValidationFailed, match="dispatch/synthese-txt"):
        validate(broken).raise_for_violations()


def test_raise_for_violations_lists_the_first_five(graph: Graph) -> None:
    for i in range(6):
        graph.remove((event("synthese-txt", i), CEV.status, None))
    with pytest.raises(ValidationFailed, match=r"6 SHACL results: .*; and 1 more"):
        validate(graph).raise_for_violations()


def test_raise_for_violations_is_silent_when_conforming(graph: Graph) -> None:
    validate(graph).raise_for_violations(where="synthese.txt")


# --- shapes --------------------------------------------------------------------------------

_SHAPE_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix cev: <https://w3id.org/depeche/cev#> .
@prefix ex: <http://example.org/shapes#> .
"""


def test_validate_broken_shapes_file_raises_shape_load_error(tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / "cassees.ttl"
    broken = "ex:S a sh:NodeShape ; sh:targetClass cev:Dispatch ;; ;\n"
    path.write_text(_SHAPE_PREFIXES + broken, encoding="utf-8")
    with pytest.raises(ShapeLoadError, match="cannot parse the shapes file") as info:
        validate(graph, shapes=path)
    assert str(path) in str(info.value)


def test_validate_missing_shapes_file_raises_shape_load_error(tmp_path: Path, graph: Graph) -> None:
    with pytest.raises(ShapeLoadError, match="cannot read"):
        validate(graph, shapes=tmp_path / "absentes.ttl")


def test_validate_shapes_file_without_shapes_raises(tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / "vide.ttl"
    path.write_text(_SHAPE_PREFIXES + "ex:a ex:b ex:c .\n", encoding="utf-8")
    with pytest.raises(ShapeLoadError, match="no SHACL shapes"):
        validate(graph, shapes=path)


@pytest.mark.parametrize(
    "shape",
    [
        "ex:S a sh:PropertyShape ; sh:targetClass cev:Dispatch ; sh:minCount 1 .",
        'ex:S a sh:NodeShape ; sh:targetClass cev:Dispatch ; sh:property [ sh:path cev:sourceName ; '
        'sh:minCount "un" ] .',
    ],
    ids=["property-shape-without-path", "min-count-not-an-integer"],
)
def test_validate_malformed_shape_raises_shape_load_error(tmp_path: Path, graph: Graph, shape: str) -> None:
    path = tmp_path / "mal-formees.ttl"
    path.write_text(_SHAPE_PREFIXES + shape + "\n", encoding="utf-8")
    with pytest.raises(ShapeLoadError, match="malformed SHACL shapes") as info:
        validate(graph, shapes=path)
    assert info.value.where == str(path.resolve())


def test_validate_with_a_shapes_graph_leaves_it_untouched(graph: Graph) -> None:
    shapes = Graph().parse(data=_SHAPE_PREFIXES + """
        ex:Headline a sh:PropertyShape ; sh:targetClass cev:Dispatch ;
            sh:path <https://schema.org/headline> ; sh:minCount 1 ; sh:message "titre requis" .
        """, format="turtle")
    before = len(shapes)
    (v,) = validate(graph, shapes=shapes).results
    assert v.source_shape == URIRef("http://example.org/shapes#Headline") and v.message == "titre requis"
    assert len(shapes) == before


def test_validate_warnings_and_allow_warnings(graph: Graph) -> None:
    shapes = Graph().parse(data=_SHAPE_PREFIXES + """
        ex:Url a sh:PropertyShape ; sh:targetClass cev:Dispatch ; sh:severity sh:Warning ;
            sh:path <https://schema.org/url> ; sh:minCount 1 ; sh:message "adresse conseillée" .
        """, format="turtle")
    strict = validate(graph, shapes=shapes)
    assert not strict.conforms
    assert [r.severity for r in strict.results] == [Severity.WARNING] and strict.violations == ()
    assert validate(graph, shapes=shapes, allow_warnings=True).conforms


# --- inference -----------------------------------------------------------------------------


def test_validate_rdfs_inference_uses_the_ontology(graph: Graph) -> None:
    e = event("synthese-txt", 0)  # an air strike
    graph.add((e, CEV.quote, Literal("nous avons riposté", lang="fr")))
    plain = validate(graph)
    assert {r.source_shape for r in plain.results} == {CEVSH.QuoteOnStatementShape}
    # with RDFS, rdfs:domain of cev:quote makes the event a cev:Statement too
    assert validate(graph, inference=Inference.RDFS).conforms


# --- datasets ------------------------------------------------------------------------------


def test_validate_dataset_checks_each_named_graph(broken: Graph) -> None:
    from kg.rdf.ontology import ontology_graph

    ds = Dataset()
    good = synthetic_graph("autre-txt", events=3)
    for g in (broken, good, ontology_graph()):
        named = ds.graph(g.identifier)
        for t in g:
            named.add(t)
    reports = validate_dataset(ds)
    assert list(reports) == sorted([str(broken.identifier), str(good.identifier)])
    assert reports[str(good.identifier)].conforms
    bad = reports[str(broken.identifier)]
    assert not bad.conforms and bad.where == str(broken.identifier)
    assert {r.focus_node for r in bad.results} == {event("synthese-txt", 2)}


def test_validate_a_dataset_checks_the_union(broken: Graph) -> None:
    ds = Dataset()
    named = ds.graph(broken.identifier)
    for t in broken:
        named.add(t)
    report = validate(ds)
    assert report.where is None
    assert [r.source_shape for r in report.results] == [CEVSH.EventStatusShape]


# --- speed ---------------------------------------------------------------------------------


def test_validate_speed_on_a_dispatch_graph() -> None:
    """About 500 triples; measured at ~50 ms CPU on a 2-core machine. The bound only catches regressions."""
    g = synthetic_graph(events=24)
    assert 400 <= len(g) <= 600
    validate(g)  # warm-up: shapes parsed, SPARQL prepared
    cpu = []
    for _ in range(5):
        t = time.process_time()
        assert validate(g).conforms
        cpu.append(time.process_time() - t)
    assert statistics.median(cpu) < 0.2
