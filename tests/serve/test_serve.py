"""``kg serve`` over HTTP: the SPARQL 1.1 Protocol, content negotiation, and every limit.

The server runs on a loopback port picked by the OS, started and stopped by a module fixture, over
an on-disk store holding the sample graphs (tests/_support/sample.py). Every request has a time-out.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, URIRef

from kg.serve import Limits, Server, is_loopback, negotiate
from kg.store.oxigraph import Store


def _support(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "_support" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"kg_test_support_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


S = _support("sample")
LIMITS = Limits(timeout=3.0, max_rows=5, max_query_bytes=4000, workers=1)
VETOES = "SELECT ?state WHERE { ?v a cev:Veto ; cev:agent ?state } ORDER BY ?state"
# a cross product of the store with itself four times: never ends on its own
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    st = Store(path)
    S.fill(st)
    st.flush()
    del st
    gc.collect()  # close the writable store before the read-only workers open it
    return path


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[Server]:
    with Server(store_path, port=0, limits=LIMITS) as srv:
        srv.start()
        yield srv


def http(
    server: Server,
    path: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(
        server.url.rstrip("/") + path, data=data, headers=headers or {}, method=method
    )
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def get(
    server: Server, query: str, *, accept: str | None = None, **params: str
) -> tuple[int, dict[str, str], bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return http(server, f"/sparql?{qs}", headers={"Accept": accept} if accept else {})


def states(body: bytes) -> list[str]:
    return [b["state"]["value"] for b in json.loads(body)["results"]["bindings"]]


# --- protocol ------------------------------------------------------------------------------------
def test_serve_get_query_returns_sparql_json(server: Server) -> None:
    status, headers, body = get(server, VETOES)
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    assert states(body) == [S.CHINA, S.RUSSIA]


def test_serve_post_form_and_direct_query(server: Server) -> None:
    form = urllib.parse.urlencode({"query": VETOES}).encode()
    status, _, body = http(
        server, "/sparql", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and states(body) == [S.CHINA, S.RUSSIA]
    status, _, body = http(
        server, "/sparql", data=VETOES.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 200 and states(body) == [S.CHINA, S.RUSSIA]


@pytest.mark.parametrize(
    ("accept", "ctype"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.2, application/sparql-results+json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_serve_negotiates_select_result_formats(server: Server, accept: str, ctype: str) -> None:
    status, headers, body = get(server, VETOES, accept=accept)
    assert status == 200 and headers["content-type"].split(";")[0] == ctype
    text = body.decode("utf-8")
    if ctype.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        uris = [u.text for u in ET.fromstring(body).findall(".//r:uri", ns)]
        assert uris == [S.CHINA, S.RUSSIA]
    elif ctype == "text/csv":
        assert text.splitlines() == ["state", S.CHINA, S.RUSSIA]
    elif ctype == "text/tab-separated-values":
        assert text.splitlines() == ["?state", f"<{S.CHINA}>", f"<{S.RUSSIA}>"]


def test_serve_format_parameter_overrides_accept(server: Server) -> None:
    status, headers, body = get(server, VETOES, accept="application/sparql-results+json", format="csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")


def test_serve_refuses_unacceptable_types(server: Server) -> None:
    status, _, body = get(server, VETOES, accept="image/png")
    assert status == 406 and b"offered" in body
    assert get(server, "ASK { ?s ?p ?o }", format="csv")[0] == 406


def test_serve_construct_as_turtle_or_ntriples(server: Server) -> None:
    q = "CONSTRUCT { ?v cev:agent ?s } WHERE { ?v a cev:Veto ; cev:agent ?s }"
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
        status, headers, body = get(server, q, accept=accept)
        assert status == 200 and headers["content-type"].split(";")[0] == accept
        g = Graph().parse(data=body.decode("utf-8"), format=fmt)
        assert set(g.objects()) == {URIRef(S.CHINA), URIRef(S.RUSSIA)}
    status, headers, _ = get(server, f"DESCRIBE <{S.RUSSIA}>")
    assert status == 200 and headers["content-type"].startswith("text/turtle")


def test_serve_ask(server: Server) -> None:
    status, _, body = get(server, f"ASK {{ ?v cev:agent <{S.RUSSIA}> }}")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_serve_default_graph_uri_selects_a_graph(server: Server) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?e a cev:Veto }"
    _, _, body = get(server, q, **{"default-graph-uri": S.dispatch_iri("alep-frappes")})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"
    _, _, body = get(server, q, **{"default-graph-uri": S.dispatch_iri("alep-veto")})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "2"


def test_serve_syntax_error_is_a_400(server: Server) -> None:
    status, _, body = get(server, "SELEC ?x WHERE { }")
    assert status == 400 and b"error" in body


# --- read-only ------------------------------------------------------------------------------------
def _count(server: Server) -> str:
    return json.loads(get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2])["results"]["bindings"][0][
        "n"
    ]["value"]


@pytest.mark.parametrize("how", ["form", "body", "get", "as-query", "load"])
def test_serve_is_read_only(server: Server, how: str) -> None:
    before = _count(server)
    update = "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }"
    if how == "form":
        r = http(
            server,
            "/sparql",
            data=urllib.parse.urlencode({"update": update}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    elif how == "body":
        r = http(
            server, "/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"}
        )
    elif how == "get":
        r = http(server, "/sparql?" + urllib.parse.urlencode({"update": update}))
    elif how == "as-query":
        r = get(server, update)
    else:
        r = get(server, "LOAD <http://127.0.0.1:9/data.ttl>")
    assert r[0] == 403
    assert http(server, "/sparql", data=b"x", method="PUT")[0] == 405
    assert _count(server) == before


# --- no outbound requests ----------------------------------------------------------------------
@pytest.fixture()
def listener() -> Iterator[tuple[str, list[object]]]:
    """A loopback socket that records any connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    hits: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(conn)
            conn.close()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", hits
    stop.set()
    t.join(2)
    sock.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX r: <{url}#>\nSELECT * WHERE {{ ?x ?y ?z . # a comment\n  SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    ],
)
def test_serve_refuses_service_and_fetches_nothing(
    server: Server, listener: tuple[str, list[object]], template: str
) -> None:
    url, hits = listener
    status, _, body = get(server, template.format(url=url))
    assert status == 403 and b"SERVICE" in body
    time.sleep(0.3)
    assert hits == []


def test_serve_is_not_fooled_by_service_in_comments_strings_and_names(server: Server) -> None:
    q = (
        "PREFIX service: <http://example.org/service#>\n"
        'SELECT ?service ("SERVICE <http://127.0.0.1:9/>" AS ?text) WHERE {\n'
        "  # SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n"
        "  BIND(service:x AS ?service) }"
    )
    status, _, body = get(server, q)
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["text"]["value"] == "SERVICE <http://127.0.0.1:9/>"


def test_serve_library_query_with_service_is_refused_too(server: Server) -> None:
    status, _, _ = http(
        server, "/api/queries/actor-wikidata?wikidata=http%3A%2F%2Fwww.wikidata.org%2Fentity%2FQ159"
    )
    assert status == 403


# --- limits ---------------------------------------------------------------------------------------
def test_serve_times_out_a_long_query_and_recovers(server: Server) -> None:
    t0 = time.perf_counter()
    status, _, body = get(server, ENDLESS)
    elapsed = time.perf_counter() - t0
    assert status == 503 and b"longer than" in body
    assert elapsed < LIMITS.timeout + 5
    # the killed worker is replaced: the next query is answered
    for _ in range(60):
        status, _, body = get(server, VETOES)
        if status == 200:
            break
        time.sleep(0.5)
    assert status == 200 and states(body) == [S.CHINA, S.RUSSIA]


def test_serve_truncates_large_results(server: Server) -> None:
    status, headers, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers["x-result-truncated"].startswith("true")
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == LIMITS.max_rows and data["truncated"] is True
    status, headers, body = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert status == 200 and "x-result-truncated" in headers
    assert len([line for line in body.decode().splitlines() if line.strip()]) == LIMITS.max_rows
    _, headers, _ = get(server, VETOES)
    assert "x-result-truncated" not in headers


def test_serve_refuses_oversized_queries(server: Server) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * LIMITS.max_query_bytes
    assert get(server, big)[0] in (413, 414)
    status, _, _ = http(
        server, "/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 413


def test_serve_binds_loopback_by_default(store_path: Path) -> None:
    with Server(store_path, port=0, limits=Limits(workers=1)) as srv:
        assert srv.httpd.server_address[0] == "127.0.0.1"
        assert srv.url.startswith("http://127.0.0.1:")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")


def test_negotiate_prefers_quality_then_exact_match() -> None:
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", "select") == "xml"
    assert negotiate("text/*", "select") == "csv"
    assert negotiate("application/n-triples, text/turtle;q=0.8", "graph") == "nt"
    assert negotiate("text/csv", "ask") is None


# --- library queries and the page --------------------------------------------------------------
def test_serve_lists_and_runs_library_queries(server: Server) -> None:
    status, _, body = http(server, "/api/queries")
    names = {q["name"] for q in json.loads(body)}
    assert status == 200 and {"vetoes", "attacks", "actor-profile"} <= names
    qs = urllib.parse.urlencode({"state": S.RUSSIA})
    status, _, body = http(server, f"/api/queries/vetoes?{qs}")
    rows = json.loads(body)["results"]["bindings"]
    assert status == 200 and [r["stateLabel"]["value"] for r in rows] == ["Russia"]
    # parameters are validated, never spliced
    qs = urllib.parse.urlencode({"state": "x> } ; DROP ALL ; #"})
    assert http(server, f"/api/queries/vetoes?{qs}")[0] == 400
    assert http(server, "/api/queries/no-such-query")[0] == 404
    assert http(server, "/api/queries/events-near")[0] == 400  # required parameter missing


def test_serve_page_is_served_with_a_content_security_policy(server: Server) -> None:
    status, headers, body = http(server, "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in headers["content-security-policy"]
    assert b'<textarea id="query"' in body
    assert http(server, "/app.js")[0] == 200 and http(server, "/nothing")[0] == 404
