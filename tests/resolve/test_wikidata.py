"""Online Wikidata linking against a real SPARQL server (Virtuoso, started here) holding a small
Wikidata-shaped fixture: labels, aliases, wdt:P31 classes, coordinates and sitelinks.

The fixture's items use made-up QIDs in the Q9999xxxx range: they test the ranking, not Wikidata.
Skipped only when ``virtuoso-t`` is not installed.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, URIRef

from kg.resolve.wikidata import WikidataLinker
from kg.types import Entity, EntityMention

pytestmark = pytest.mark.skipif(shutil.which("virtuoso-t") is None,
                                reason="virtuoso-t is not installed (apt-get install virtuoso-opensource)")

FIXTURE = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wikibase: <http://wikiba.se/ontology#> .

wd:Q99990001 rdfs:label "Vitali Tchourkine"@fr, "Vitaly Churkin"@en ; skos:altLabel "Tchourkine"@fr ;
    wdt:P31 wd:Q5 ; wikibase:sitelinks 60 .
# a city that shares the person's alias: the type constraint must keep it out
wd:Q99990002 rdfs:label "Tchourkine"@fr ; wdt:P31 wd:Q515 ; wdt:P625 "Point(40.1 50.2)" ;
    wikibase:sitelinks 3 .
# two people with the same name and similar fame: ambiguous, no link
wd:Q99990003 rdfs:label "Ahmed Hassan"@fr ; wdt:P31 wd:Q5 ; wikibase:sitelinks 12 .
wd:Q99990004 rdfs:label "Ahmed Hassan"@fr ; wdt:P31 wd:Q5 ; wikibase:sitelinks 10 .
# a label match beats a better-known alias match
wd:Q99990005 rdfs:label "Front du Sud"@fr ; wdt:P31 wd:Q17149090 ; wikibase:sitelinks 4 .
wd:Q99990006 rdfs:label "Southern Movement"@en ; skos:altLabel "Front du Sud"@fr ; wdt:P31 wd:Q17149090 ;
    wikibase:sitelinks 40 .
"""


def _support(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "_support" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"kg_test_support_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from kg.store.remote import RemoteStore

    V = _support("virtuoso")  # noqa: N806 - a module
    server = V.Virtuoso(tmp_path_factory.mktemp("wd-virtuoso")).start()
    g = Graph(identifier=URIRef("http://www.wikidata.org/"))
    g.parse(data=FIXTURE, format="turtle")
    st = RemoteStore(server.auth_url, user=V.USER, password=V.PASSWORD, retries=1, backoff=0.1, timeout=20)
    st.replace_graph(g)
    assert not st.failed_graphs
    yield server.sparql_url
    server.stop()


def linker(url: str, cache: Path, **kw: float) -> WikidataLinker:
    return WikidataLinker(url, cache_dir=cache, min_interval=kw.pop("min_interval", 0.0), timeout=5, **kw)


def person(name: str, *aliases: str) -> Entity:
    return Entity(f"Person:{name.lower()}", "Person", name, label_lang="fr", aliases=aliases)


def test_link_by_french_label_with_type_constraint(endpoint: str, tmp_path: Path) -> None:
    assert linker(endpoint, tmp_path).link(person("Vitali Tchourkine", "Tchourkine")) == "Q99990001"


def test_type_constraint_keeps_a_city_of_the_same_name_out(endpoint: str, tmp_path: Path) -> None:
    city = Entity("City:tchourkine", "City", "Tchourkine", label_lang="fr")
    assert linker(endpoint, tmp_path).link(city) == "Q99990002"
    assert linker(endpoint, tmp_path / "b").link(person("Tchourkine")) == "Q99990001"


def test_ambiguous_candidates_give_no_link(endpoint: str, tmp_path: Path) -> None:
    assert linker(endpoint, tmp_path).link(person("Ahmed Hassan")) is None


def test_label_match_beats_alias_match(endpoint: str, tmp_path: Path) -> None:
    group = Entity("ArmedGroup:front du sud", "ArmedGroup", "Front du Sud", label_lang="fr")
    assert linker(endpoint, tmp_path).link(group) == "Q99990005"


def test_unknown_name_and_unlinkable_kind_give_no_link(endpoint: str, tmp_path: Path) -> None:
    lk = linker(endpoint, tmp_path)
    assert lk.link(person("Personne Inconnue")) is None
    assert lk.link(Entity("Group:civils", "Group", "civils")) is None


def test_answers_are_cached_on_disk_negative_ones_too(endpoint: str, tmp_path: Path) -> None:
    first = linker(endpoint, tmp_path)
    assert first.link(person("Vitali Tchourkine")) == "Q99990001"
    assert first.link(person("Personne Inconnue")) is None
    again = linker(endpoint, tmp_path)  # a later run: answers come from the cache
    assert again.link(person("Vitali Tchourkine")) == "Q99990001"
    assert again.link(person("Personne Inconnue")) is None
    assert again.requests == 0
    assert linker(endpoint, tmp_path / "empty").link(person("Personne Inconnue")) is None


def test_endpoint_down_fails_soft_and_stops_asking(tmp_path: Path) -> None:
    lk = linker("http://127.0.0.1:9/sparql", tmp_path, max_failures=2)
    assert lk.link(person("Vitali Tchourkine")) is None
    assert lk.link(person("Sergueï Lavrov")) is None
    assert not lk.available
    assert lk.link(person("Ahmed Hassan")) is None
    assert lk.requests == 2
    assert not any(tmp_path.rglob("*.json")), "a failure must not be cached as 'no link'"


def test_requests_are_spaced_by_the_rate_limit(endpoint: str, tmp_path: Path) -> None:
    lk = linker(endpoint, tmp_path, min_interval=0.5)
    t = time.monotonic()
    lk.link(person("Vitali Tchourkine"))
    lk.link(person("Ahmed Hassan"))
    assert lk.requests == 2
    assert time.monotonic() - t >= 0.5


@dataclasses.dataclass(frozen=True)
class _Res:
    entities: dict[str, Entity]
    mentions: tuple[EntityMention, ...]
    dateline_key: str | None = None
    publisher_key: str | None = None


def test_apply_rekeys_linked_entities_mentions_and_references(endpoint: str, tmp_path: Path) -> None:
    ru = Entity("Q159", "State", "Russia", qid="Q159")
    vt = dataclasses.replace(person("Vitali Tchourkine"), represents="Q159")
    res = _Res({ru.key: ru, vt.key: vt}, (EntityMention("Tchourkine", 10, 20, vt.key),))
    out = linker(endpoint, tmp_path).apply(res)
    assert set(out.entities) == {"Q159", "Q99990001"}
    assert out.entities["Q99990001"].qid == "Q99990001"
    assert out.entities["Q99990001"].represents == "Q159"
    assert out.mentions[0].entity_key == "Q99990001"
