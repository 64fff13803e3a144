"""The SHACL shapes (shapes/cev-shapes.ttl): one valid and one or more invalid cases per rule.

Each ``cases/<Shape>/invalid-*.ttl`` breaks exactly one rule: validating it must
report results from that shape and from no other. Each ``valid-*.ttl`` conforms.
The files are small Turtle graphs with French text written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH

from kg import resources
from kg.rdf.namespace import CEV
from kg.validate import CEVSH, validate

CASES = Path(__file__).resolve().parent / "cases"
CEV_NS = str(CEV._NS)
# Checked by its own test: it can only fail when the hierarchy is missing, which kg.validate never allows.
SETUP_SHAPES = {"ClassHierarchyShape"}
# Value sets: their individuals are referred to, never instantiated in a dispatch graph.
VALUE_SET_CLASSES = {CEV.EventStatus, CEV.CasualtyKind}


def _cases(kind: str) -> list[Path]:
    return sorted(CASES.glob(f"*/{kind}-*.ttl"))


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(resources.shapes_path(), format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(resources.ontology_path(), format="turtle")


def _shape_names(shapes: Graph) -> set[str]:
    return {
        s.fragment
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }


def _cev_subclass_axioms(g: Graph) -> set[tuple[URIRef, URIRef]]:
    return {
        (s, o)
        for s, o in g.subject_objects(RDFS.subClassOf)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
        and str(s).startswith(CEV_NS) and str(o).startswith(CEV_NS)
    }


# --- the cases --------------------------------------------------------------------------


@pytest.mark.parametrize("path", _cases("valid"), ids=_case_id)
def test_shape_valid_case_conforms(path: Path) -> None:
    report = validate(Graph().parse(path, format="turtle"))
    assert report.conforms, report.text
    assert report.results == ()


@pytest.mark.parametrize("path", _cases("invalid"), ids=_case_id)
def test_shape_invalid_case_is_reported_by_its_shape_only(path: Path, shapes: Graph) -> None:
    report = validate(Graph().parse(path, format="turtle"))
    assert not report.conforms
    expected = CEVSH[path.parent.name]
    assert {r.source_shape for r in report.results} == {expected}, report.text
    declared = {str(m) for m in shapes.objects(expected, SH.message)}
    for r in report.results:
        # the rule's own message (SPARQL messages are templates filled with the offending values)
        assert r.message in declared or r.message.startswith("Evidence: "), r.message


def test_shape_cases_cover_every_shape(shapes: Graph) -> None:
    with_valid = {p.parent.name for p in _cases("valid")}
    with_invalid = {p.parent.name for p in _cases("invalid")}
    rules = _shape_names(shapes) - SETUP_SHAPES
    assert rules - with_valid == set()
    assert rules - with_invalid == set()
    assert {p.name for p in CASES.iterdir() if p.is_dir()} <= rules


def test_shape_class_hierarchy_missing_is_reported(shapes: Graph) -> None:
    stripped = Graph()
    stripped += shapes
    stripped.remove((None, RDFS.subClassOf, None))
    data = Graph().parse(CASES / "DispatchSourceNameShape" / "valid-with-source-name.ttl", format="turtle")
    report = validate(data, shapes=stripped)
    # the missing hierarchy is named, and subclass instances then fail sh:class loudly (never a silent pass)
    assert CEVSH.ClassHierarchyShape in {r.source_shape for r in report.results}
    assert CEVSH.DispatchPublisherShape in {r.source_shape for r in report.results}
    assert validate(data).conforms


def test_shape_bad_date_literal_fails_on_the_value(shapes: Graph) -> None:
    data = Graph().parse(CASES / "DispatchDateShape" / "invalid-bad-date-literal.ttl", format="turtle")
    (result,) = validate(data).results
    assert isinstance(result.value, Literal) and str(result.value) == "2019-13-45"


def test_shape_evidence_offsets_report_names_the_evidence() -> None:
    data = Graph().parse(CASES / "EvidenceWithinBodyShape" / "invalid-past-the-end.ttl", format="turtle")
    (result,) = validate(data).results
    assert str(result.focus_node).endswith("dispatch/kidal-txt")
    assert isinstance(result.value, URIRef) and "evidence/kidal-txt/" in str(result.value)
    assert str(result.value) in result.message and "run past the end" in result.message


# --- hygiene of the shapes file ------------------------------------------------------------


def test_shapes_every_shape_has_a_target_and_a_message(shapes: Graph) -> None:
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    for name in _shape_names(shapes):
        shape = CEVSH[name]
        assert any(shapes.value(shape, t) is not None for t in targets), name
        messages = list(shapes.objects(shape, SH.message)) + [
            m for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message)
        ]
        assert messages and all(isinstance(m, Literal) and len(m) > 10 for m in messages), name


def test_shapes_every_shape_targets_a_declared_class(shapes: Graph, onto: Graph) -> None:
    classes = set(onto.subjects(RDF.type, OWL.Class))
    targeted = set(shapes.objects(None, SH.targetClass))
    assert targeted
    assert targeted <= classes


def test_shapes_use_only_declared_cev_terms(shapes: Graph, onto: Graph) -> None:
    used: set[URIRef] = set()
    for p in (SH.path, SH["class"], SH.targetSubjectsOf, SH.targetObjectsOf, SH.lessThan):
        used |= {o for o in shapes.objects(None, p) if isinstance(o, URIRef)}
    for head in shapes.objects(None, SH["in"]):
        used |= {o for o in Collection(shapes, head) if isinstance(o, URIRef)}
    cev_used = {u for u in used if str(u).startswith(CEV_NS)}
    assert cev_used
    declared = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert cev_used <= declared


def test_shapes_class_hierarchy_is_the_ontologys(shapes: Graph, onto: Graph) -> None:
    assert _cev_subclass_axioms(shapes) == _cev_subclass_axioms(onto)


def test_shapes_target_every_instantiable_class(shapes: Graph, onto: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    for cls in set(onto.subjects(RDF.type, OWL.Class)) - VALUE_SET_CLASSES:
        if not isinstance(cls, URIRef):
            continue
        supers = set(onto.transitive_objects(cls, RDFS.subClassOf))
        assert supers & targeted, cls


def test_shapes_check_every_cev_property(shapes: Graph, onto: Graph) -> None:
    paths = set(shapes.objects(None, SH.path))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in onto.subjects(RDF.type, kind):
            assert prop in paths, prop


def test_shapes_conform_to_shacl_shacl(shapes: Graph) -> None:
    """The shapes graph itself is valid SHACL (pySHACL's meta-SHACL check; takes a few seconds)."""
    conforms, _graph, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
