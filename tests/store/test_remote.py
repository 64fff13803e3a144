"""The remote store against a real Virtuoso (Debian ``virtuoso-opensource``), started by the fixture.

Skipped only when ``virtuoso-t`` is not installed. Covers: writing each dispatch's named graph by
SPARQL Update and by the Graph Store Protocol, credentials from the environment, replace-not-duplicate,
the server going away in the middle of a run (the run lists what was not written, a rerun completes
it), the library queries giving the same answers remotely as on the embedded store, and the CLI.
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
from rdflib import Graph

from kg.cli import main
from kg.errors import StoreError
from kg.query import bindings, load_query, to_table
from kg.rdf.builder import build_graph
from kg.rdf.ontology import ONTOLOGY_GRAPH
from kg.store.oxigraph import Store
from kg.store.remote import RemoteStore

pytestmark = pytest.mark.skipif(
    shutil.which("virtuoso-t") is None,
    reason="virtuoso-t is not installed (apt-get install virtuoso-opensource)",
)


def _support(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "_support" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"kg_test_support_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


S = _support("sample")
V = _support("virtuoso")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    server = V.Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()


def remote(server: object, **kw: object) -> RemoteStore:
    opts: dict[str, object] = {
        "user": V.USER,
        "password": V.PASSWORD,
        "retries": 1,
        "backoff": 0.1,
        "timeout": 20,
    }
    opts.update(kw)
    return RemoteStore(server.auth_url, **opts)  # type: ignore[attr-defined, arg-type]


def renamed(prefix: str) -> list[Graph]:
    """The sample dispatches under other names (distinct graphs for each test)."""
    out = []
    for ex in S.extractions():
        d = dataclasses.replace(ex.dispatch, source_name=f"{prefix}-{ex.dispatch.source_name}")
        out.append(build_graph(dataclasses.replace(ex, dispatch=d)))
    return out


def test_remote_writes_each_dispatch_graph_by_sparql_update(virtuoso: object) -> None:
    st = remote(virtuoso)
    graphs = renamed("upd")
    for g in graphs:
        st.replace_graph(g)
    st.flush()
    assert st.failed_graphs == {} and len(st.written_graphs) == 4
    for g in graphs:
        assert st.count(str(g.identifier)) == len(g)
    # non-ASCII text arrives intact
    body = next(iter(graphs[0].objects(graphs[0].identifier, S_body())))
    t = st.query(f"SELECT ?b WHERE {{ GRAPH <{graphs[0].identifier}> {{ ?d cev:bodyText ?b }} }}")
    assert t.rows[0][0] == str(body)


def S_body() -> object:  # noqa: N802 - the cev:bodyText term
    from kg.rdf.namespace import CEV

    return CEV.bodyText


def test_remote_replaces_and_never_duplicates(virtuoso: object) -> None:
    st = remote(virtuoso)
    graphs = renamed("rep")
    for _ in range(2):
        for g in graphs:
            st.replace_graph(g)
    assert st.count(str(graphs[1].identifier)) == len(graphs[1])
    # a smaller version of a dispatch replaces the larger one
    ex = S.extractions()[1]
    d = dataclasses.replace(ex.dispatch, source_name="rep-alep-frappes")
    smaller = build_graph(dataclasses.replace(ex, dispatch=d, casualties=()))
    st.replace_graph(smaller)
    assert st.count(str(smaller.identifier)) == len(smaller) < len(graphs[1])


def test_remote_replace_ntriples_replaces_as_replace_graph_does(virtuoso: object) -> None:
    st = remote(virtuoso)
    (g,) = renamed("ntr")[:1]
    st.replace_graph(g)
    st.replace_ntriples(str(g.identifier), g.serialize(format="nt", encoding="utf-8"))
    assert st.count(str(g.identifier)) == len(g)
    assert str(g.identifier) not in st.failed_graphs


def test_remote_graph_store_protocol(virtuoso: object) -> None:
    st = remote(virtuoso, gsp_url=virtuoso.gsp_url)  # type: ignore[attr-defined]
    graphs = renamed("gsp")
    for _ in range(2):
        for g in graphs:
            st.replace_graph(g)
    assert st.failed_graphs == {}
    assert [st.count(str(g.identifier)) for g in graphs] == [len(g) for g in graphs]


def test_remote_credentials_come_from_the_environment(
    virtuoso: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_STORE_USER", V.USER)
    monkeypatch.setenv("KG_STORE_PASSWORD", V.PASSWORD)
    st = RemoteStore(virtuoso.auth_url, retries=0)  # type: ignore[attr-defined]
    g = renamed("env")[0]
    st.replace_graph(g)
    assert st.failed_graphs == {} and st.count(str(g.identifier)) == len(g)
    monkeypatch.setenv("KG_STORE_PASSWORD", "wrong")
    bad = RemoteStore(virtuoso.auth_url, retries=0)  # type: ignore[attr-defined]
    bad.replace_graph(renamed("env2")[0])
    (why,) = bad.failed_graphs.values()
    assert "401" in why


def test_remote_server_going_away_mid_run_is_reported_and_a_rerun_completes(virtuoso: object) -> None:
    graphs = renamed("a") + renamed("b")  # 8 dispatches
    st = remote(virtuoso, retries=2, give_up_after=2)
    t0 = time.perf_counter()
    for i, g in enumerate(graphs):
        if i == 3:
            virtuoso.kill()  # type: ignore[attr-defined]
        st.replace_graph(g)
    st.flush()
    assert time.perf_counter() - t0 < 30  # a dead server does not cost the full retries every time
    assert sorted(st.failed_graphs) == sorted(str(g.identifier) for g in graphs[3:])
    assert all("cannot reach" in why for why in st.failed_graphs.values())
    assert st.written_graphs == [str(g.identifier) for g in graphs[:3]]
    virtuoso.start()  # type: ignore[attr-defined]
    again = remote(virtuoso)
    for g in graphs:
        again.replace_graph(g)
    assert again.failed_graphs == {}
    assert [again.count(str(g.identifier)) for g in graphs] == [len(g) for g in graphs]


# --- reading: the library queries on Virtuoso -------------------------------------------------------
@pytest.fixture(scope="module")
def both(virtuoso: object) -> tuple[Store, RemoteStore]:
    """The sample graphs in the embedded store and in Virtuoso (with the ontology graph)."""
    st = remote(virtuoso)
    S.fill(st)
    # the other tests' renamed graphs would change the answers: keep only the sample's
    for name in st.graph_names():
        if name not in {
            S.dispatch_iri(n) for n in ("alep-veto", "alep-frappes", "alep-bilan", "idlib-attentat")
        }:
            st.remove_graph(name)
    return S.fill(Store()), st


def _rows(table: object) -> list[tuple[str | None, ...]]:
    def norm(c: str | None) -> str | None:
        # Virtuoso writes booleans as 1/0, and an empty GROUP_CONCAT as "" (Oxigraph: unbound)
        if c is None or c == "":
            return None
        if c in ("true", "false"):
            return "1" if c == "true" else "0"
        try:
            return f"{float(c):.4g}"  # numbers: 54.2 vs 54.20000000000000
        except ValueError:
            return c

    def cell(c: str | None) -> str | None:
        value = norm(c)
        return (
            ", ".join(sorted(value.split(", "))) if value and ", " in value else value
        )  # GROUP_CONCAT order

    return sorted((tuple(cell(c) for c in row) for row in table.rows), key=repr)  # type: ignore[attr-defined]


PARAMS = {
    "vetoes": {"state": S.RUSSIA},
    "negotiations": {},
    "proposals": {},
    "attacks": {"place": S.SYRIA},
    "casualty-tolls": {},
    "casualty-conflicts": {},
    "statements": {},
    "actor-network": {},
    "events-in-country": {"country": S.SYRIA},
    "events-near": {"center": S.ALEPPO, "km": "100"},
    "events-by-date": {"from": "2016-12-05", "to": "2016-12-06"},
    "plover-types": {},
    "cameo-codes": {},
    "provenance": {
        "fact": S.event_iri("alep-veto", "veto-russie"),
        "property": "https://w3id.org/depeche/cev#agent",
    },
    "actor-profile": {"actor": S.RUSSIA},
    "events-by-actor": {"actor": S.RUSSIA},
    "timeline": {},
    "dispatches": {},
    "sources": {},
    "accusations": {},
    "events-by-class": {},
}


# Virtuoso 7.2.5 (Debian 12) answers these wrongly: an event pattern joined with a zero-or-more
# property path inside GRAPH ?d loses rows, a UNION inside OPTIONAL inside GRAPH finds nothing, and
# the Newton square root chain of events-near runs past the time-out. (sources, whose subquery with
# BIND(EXISTS …) failed to compile (SQ156), now reads the sub-counts with an OPTIONAL and passes.)
# strict: the test says so the day Virtuoso gets them right.
VIRTUOSO_WRONG = {"events-by-date", "timeline", "proposals", "events-near"}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="Virtuoso 7.2 bug"))
        if n in VIRTUOSO_WRONG
        else n
        for n in sorted(PARAMS)
    ],
)
def test_remote_library_queries_answer_as_the_embedded_store(
    both: tuple[Store, RemoteStore], name: str
) -> None:
    local, st = both
    q = load_query(name)
    b = bindings(q, PARAMS[name])
    expected = _rows(to_table(local.query(q.text, bindings=b)))
    got = _rows(st.query(q.portable_text, bindings=b))
    assert expected, f"{name}: no rows on the embedded store"
    if name == "events-near":  # distances computed in doubles by two engines: compare places only
        expected, got = [r[1:] for r in expected], [r[1:] for r in got]
    assert got == expected


def test_cli_query_store_url(
    both: tuple[Store, RemoteStore], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, st = both
    monkeypatch.setenv("KG_STORE_USER", V.USER)
    monkeypatch.setenv("KG_STORE_PASSWORD", V.PASSWORD)
    assert (
        main(["query", "vetoes", "--store-url", st.url, "--param", f"state={S.CHINA}", "--format", "csv"])
        == 0
    )
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert lines[0].startswith("stateLabel,") and len(lines) == 2 and lines[1].startswith("China,")


def test_cli_build_store_url_reports_unwritten_graphs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`kg build --store-url` hands a RemoteStore to the pipeline and lists what it could not write."""
    import kg.pipeline as pipeline

    seen: list[object] = []

    class FakePipeline:
        def __init__(self, **_: object) -> None:
            pass

    def fake_build(paths: object, *, store: object, **_: object) -> object:
        seen.append(store)
        summary = pipeline.BuildSummary(dispatches=4, built=4)
        for g in S.graphs():
            store.replace_graph(g)  # type: ignore[attr-defined]
        store.flush()  # type: ignore[attr-defined]
        return summary

    monkeypatch.setattr(pipeline, "Pipeline", FakePipeline)
    monkeypatch.setattr(pipeline, "build", fake_build)
    monkeypatch.setenv("KG_STORE_USER", "nobody")
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    code = main(
        ["build", str(tmp_path), "--store-url", "http://127.0.0.1:9/sparql", "-q", "--show-query", ""]
    )
    assert code == 1 and isinstance(seen[0], RemoteStore)
    err = capsys.readouterr().err
    for name in ("alep-veto", "alep-frappes", "alep-bilan", "idlib-attentat"):
        assert f"NOT WRITTEN {S.dispatch_iri(name)}" in err


def test_remote_mirror_copies_every_dispatch_graph(both: tuple[Store, RemoteStore]) -> None:
    local, st = both
    copy = st.mirror()
    assert str(ONTOLOGY_GRAPH) in copy.graph_names()  # the class hierarchy comes along
    assert copy.graph_names() == local.graph_names()
    for name in local.graph_names():
        assert len(copy.graph(name)) == len(local.graph(name)), name


def test_cli_export_store_url(
    both: tuple[Store, RemoteStore], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import networkx as nx

    local, st = both
    monkeypatch.setenv("KG_STORE_USER", V.USER)
    monkeypatch.setenv("KG_STORE_PASSWORD", V.PASSWORD)
    remote_out, local_out = tmp_path / "remote.graphml", tmp_path / "local.graphml"
    assert main(["export", "--view", "events", "-o", str(remote_out), "--store-url", st.url]) == 0
    from kg.export.formats import export

    export(local, local_out, view="events")
    a, b = nx.read_graphml(remote_out), nx.read_graphml(local_out)
    assert a.number_of_nodes() > 0
    assert sorted(a.nodes) == sorted(b.nodes) and sorted(a.edges) == sorted(b.edges)


def test_remote_mirror_of_a_store_that_does_not_answer_says_so() -> None:
    dead = RemoteStore("http://127.0.0.1:9/sparql", retries=0, backoff=0.0, timeout=2)
    with pytest.raises(StoreError, match="cannot list the remote graphs"):
        dead.mirror()
