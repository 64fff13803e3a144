"""Every library query of ``queries/`` run on the sample graph (tests/_support/sample.py), answers checked."""

from __future__ import annotations

import importlib.util
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pyoxigraph as ox
import pytest

from kg import resources
from kg.query import bind, bindings, load_query, parse_query, to_table
from kg.store.oxigraph import Store


def _support(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "_support" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"kg_test_support_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


S = _support("sample")
CEV = "https://w3id.org/depeche/cev#"


@pytest.fixture(scope="module")
def store() -> Store:
    return S.fill(Store())


def run(store: Store, name: str, **params: str) -> list[dict[str, str | None]]:
    q = load_query(name)
    table = to_table(store.query(q.text, bindings=bindings(q, params)))
    return [dict(zip(table.variables, row, strict=True)) for row in table.rows]


def split(cell: str | None) -> set[str]:
    return set(cell.split(", ")) if cell else set()


def test_library_has_at_least_fifteen_documented_queries() -> None:
    names = resources.query_names()
    assert len(names) >= 17 and {"events-by-class", "vetoes"} <= set(names)
    for name in names:
        q = load_query(name)
        assert q.title and q.description and q.example.startswith(f"kg query {name}"), name
        assert q.output, f"{name}: no '# output:' example"
        assert q.returns, name


@pytest.mark.parametrize("name", resources.query_names())
def test_library_query_runs_and_its_example_parameters_bind(store: Store, name: str) -> None:
    """Each query's own example command line gives a valid query on the sample graph."""
    q = load_query(name)
    params = dict(p.split("=", 1) for p in q.example.split("--param ")[1:] for p in [p.strip()])
    text = bind(q.text, bindings(q, params))
    if "SERVICE" in text:
        pytest.skip("federated: tested against a local endpoint below")
    store.query(text)


def test_events_by_class_counts_events_and_dispatches(store: Store) -> None:
    rows = {r["class"]: r for r in run(store, "events-by-class")}
    assert rows["AirStrike"]["events"] == "2" and rows["AirStrike"]["dispatches"] == "2"
    assert rows["Veto"]["plover"] == "REJECT" and rows["Veto"]["events"] == "2"
    assert "Casualties" not in rows
    planned = run(store, "events-by-class", status=CEV + "Planned")
    assert [(r["class"], r["events"]) for r in planned] == [("Negotiation", "1")]


def test_vetoes_by_state_and_resolution(store: Store) -> None:
    rows = run(store, "vetoes")
    assert {r["stateLabel"] for r in rows} == {"Russia", "China"}
    (russia,) = run(store, "vetoes", state=S.RUSSIA)
    assert russia["vetoed"] == "projet de résolution sur une trêve à Alep"
    assert (
        russia["draftOf"] == "France" and russia["date"] == "2016-12-05" and russia["dispatch"] == "alep-veto"
    )
    assert russia["evidence"].startswith("La Russie et la Chine ont mis lundi leur veto")
    assert len(run(store, "vetoes", about="ALEP")) == 2
    assert run(store, "vetoes", about="Yémen") == []
    assert run(store, "vetoes", **{"from": "2016-12-06"}) == []


def test_negotiations_with_parties_place_date_status(store: Store) -> None:
    rows = run(store, "negotiations")
    assert len(rows) == 2
    (talks,) = run(store, "negotiations", party=S.USA)
    assert split(talks["parties"]) == {"Russia", "United States"}
    assert (talks["placeLabel"], talks["date"], talks["eventStatus"]) == ("Geneva", "2016-12-06", "Planned")
    (refused,) = run(store, "negotiations", status=CEV + "Negated")
    assert refused["placeLabel"] == "Idleb" and split(refused["parties"]) == {"rebelles", "Syria"}
    assert run(store, "negotiations", party=S.CHINA) == []


def test_proposals_and_who_rejected_them(store: Store) -> None:
    (row,) = run(store, "proposals")
    assert row["proposerLabel"] == "France" and row["proposed"] == "projet de résolution sur une trêve à Alep"
    assert split(row["rejectedBy"]) == {"China", "Russia"} and row["rejections"] == "2"
    assert len(run(store, "proposals", rejecter=S.CHINA)) == 1
    assert run(store, "proposals", proposer=S.USA) == []


def test_attacks_by_type_place_period_with_casualties(store: Store) -> None:
    rows = run(store, "attacks")
    assert {r["attackType"] for r in rows} == {"AirStrike", "Shelling", "Bombing"}
    strikes = run(store, "attacks", type=CEV + "AirStrike")
    assert sorted(int(r["killed"]) for r in strikes) == [12, 15]  # the whole, not "dont 4 enfants"
    frappe = next(r for r in strikes if r["dispatch"] == "alep-frappes")
    assert (frappe["attacker"], frappe["attacked"], frappe["placeLabel"]) == (
        "armée syrienne",
        "rebelles",
        "Aleppo",
    )
    assert len(run(store, "attacks", place=S.SYRIA)) == 4  # Aleppo and Idleb lie in Syria
    assert run(store, "attacks", place=S.GENEVA) == []
    (late,) = run(store, "attacks", **{"from": "2016-12-06"})
    assert (late["attackType"], late["killed"], late["placeLabel"]) == ("Bombing", "8", "Idleb")


def test_casualty_tolls_by_place_flag_conflicting_figures(store: Store) -> None:
    rows = run(store, "casualty-tolls")
    flagged = {(r["dispatch"], r["count"]) for r in rows if r["conflicting"] == "true"}
    assert flagged == {("alep-frappes", "12"), ("alep-bilan", "15")}
    twelve = next(r for r in rows if r["count"] == "12")
    assert (twelve["placeLabel"], twelve["date"], twelve["source"], twelve["qualifier"]) == (
        "Aleppo",
        "2016-12-05",
        "OSDH",
        "at least",
    )
    (idlib,) = run(store, "casualty-tolls", place=S.IDLIB)
    assert idlib["count"] == "8" and idlib["conflicting"] == "false"
    assert len(run(store, "casualty-tolls", place=S.SYRIA)) == 5
    assert run(store, "casualty-tolls", kind=CEV + "Injured") == []


def test_casualty_conflicts_pairs_the_figures(store: Store) -> None:
    (row,) = run(store, "casualty-conflicts")
    assert (row["low"], row["lowSource"], row["lowDispatch"]) == ("12", "OSDH", "alep-frappes")
    assert (row["high"], row["highSource"], row["highDispatch"]) == ("15", "défense civile", "alep-bilan")
    assert (row["placeLabel"], row["date"], row["eventType"], row["toll"]) == (
        "Aleppo",
        "2016-12-05",
        "AirStrike",
        "Killed",
    )
    assert run(store, "casualty-conflicts", place=S.IDLIB) == []


def test_statements_by_speaker_with_quotes(store: Store) -> None:
    (row,) = run(store, "statements", speaker=S.CHURKIN)
    assert row["quote"] == "Ce projet ne sert qu'à gagner du temps pour les rebelles"
    assert row["role"] == "ambassadeur russe à l'ONU" and row["speakerLabel"] == "Vitali Tchourkine"
    assert len(run(store, "statements", quoted="true")) == 1
    assert run(store, "statements", speaker=S.RUSSIA) == []


def test_actor_network_edges_by_class_and_plover(store: Store) -> None:
    rows = run(store, "actor-network")
    edges = {
        (r["agentLabel"], r["targetLabel"], r["eventClass"], r["ploverTypes"], r["events"]) for r in rows
    }
    assert edges == {
        ("Russia", "France", "Veto", "REJECT", "1"),
        ("China", "France", "Veto", "REJECT", "1"),
        ("armée syrienne", "rebelles", "AirStrike", "ASSAULT", "1"),
        ("Russia", "rebelles", "Accusation", "ACCUSE", "1"),
    }
    assert len(run(store, "actor-network", plover="REJECT")) == 2
    assert {r["agentLabel"] for r in run(store, "actor-network", actor=S.REBELS)} == {
        "armée syrienne",
        "Russia",
    }


def test_events_in_a_country(store: Store) -> None:
    rows = run(store, "events-in-country", country=S.SYRIA)
    assert len(rows) == 6 and {r["placeLabel"] for r in rows} == {"Aleppo", "Idleb"}
    assert run(store, "events-in-country", country=S.FRANCE) == []


def test_events_within_a_distance_of_a_place(store: Store) -> None:
    rows = run(store, "events-near", center=S.ALEPPO, km="100")
    assert len(rows) == 6
    idlib = [float(r["distanceKm"]) for r in rows if r["placeLabel"] == "Idleb"]
    assert idlib and all(abs(d - 54.2) < 1.5 for d in idlib)  # haversine: 54.1 km
    assert {r["placeLabel"] for r in run(store, "events-near", center=S.ALEPPO, km="20")} == {"Aleppo"}
    (geneva,) = run(store, "events-near", center=S.GENEVA)
    assert geneva["eventClass"] == "Negotiation"


def test_events_near_requires_a_center(store: Store) -> None:
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="required"):
        run(store, "events-near")


def test_events_in_a_date_range(store: Store) -> None:
    rows = run(store, "events-by-date", **{"from": "2016-12-05", "to": "2016-12-06"})
    assert len(rows) == 8 and rows[0]["date"] == "2016-12-05" and rows[-1]["date"] == "2016-12-06"
    attacks = run(store, "events-by-date", type=CEV + "Attack")
    assert {r["eventClass"] for r in attacks} == {"AirStrike", "Shelling", "Bombing"}
    assert len(run(store, "events-by-date")) == 11


def test_plover_aggregates(store: Store) -> None:
    rows = {r["ploverType"]: r for r in run(store, "plover-types")}
    assert (rows["ASSAULT"]["events"], rows["ASSAULT"]["dispatches"]) == ("4", "3")
    assert split(rows["ASSAULT"]["classes"]) == {"AirStrike", "Shelling", "Bombing"}
    assert rows["REJECT"]["events"] == "2" and rows["CONSULT"]["events"] == "2"


def test_cameo_aggregates(store: Store) -> None:
    rows = {r["cameoCode"]: r for r in run(store, "cameo-codes")}
    assert (rows["04"]["events"], rows["04"]["plannedCount"], rows["04"]["negatedCount"]) == ("2", "1", "1")
    assert rows["129"]["events"] == "2" and rows["195"]["events"] == "2"
    occurred = {r["cameoCode"] for r in run(store, "cameo-codes", status=CEV + "Occurred")}
    assert "04" not in occurred and "129" in occurred


def test_provenance_of_a_fact(store: Store) -> None:
    veto = S.event_iri("alep-veto", "veto-russie")
    (row,) = run(store, "provenance", fact=veto, property=CEV + "agent")
    assert row["value"] == S.RUSSIA and row["dispatch"] == "alep-veto" and row["published"] == "2016-12-05"
    assert row["headline"] == "Veto russe et chinois sur Alep" and row["extractedBy"] == "kg.test.veto.v1"
    body = S.extractions()[0].dispatch.body
    assert body[int(row["start"]) : int(row["end"])] == row["sentence"]
    everything = run(store, "provenance", fact=veto)
    assert {r["property"] for r in everything} >= {CEV + "agent", CEV + "target", CEV + "status"}
    toll = run(store, "provenance", fact=S.casualties_iri("alep-bilan", "bilan"), property=CEV + "count")
    assert [(r["value"], r["dispatch"]) for r in toll] == [("15", "alep-bilan")]


def test_actor_profile(store: Store) -> None:
    rows = run(store, "actor-profile", actor=S.RUSSIA)
    fields: dict[str, set[str]] = {}
    for r in rows:
        fields.setdefault(r["field"], set()).add(r["valueLabel"] or r["value"])
    assert fields["label"] == {"Russia"} and fields["type"] == {"State", "Country"}
    assert fields["wikidata"] == {"http://www.wikidata.org/entity/Q159"}
    assert fields["represented by"] == {"Vitali Tchourkine"}
    assert fields["as agent"] == {"2"} and fields["as participant"] == {"1"}
    person = {r["field"]: r["valueLabel"] or r["value"] for r in run(store, "actor-profile", actor=S.CHURKIN)}
    assert person["role"] == "ambassadeur russe à l'ONU" and person["represents"] == "Russia"
    assert person["member of"] == "United Nations Security Council" and person["type"] == "Person"


def test_accusations(store: Store) -> None:
    (row,) = run(store, "accusations")
    assert (row["accuserLabel"], row["accusedLabel"], row["dispatch"]) == (
        "Russia",
        "rebelles",
        "idlib-attentat",
    )
    assert len(run(store, "accusations", accused=S.REBELS)) == 1
    assert run(store, "accusations", accuser=S.CHINA) == []


def test_events_of_an_actor(store: Store) -> None:
    rows = run(store, "events-by-actor", actor=S.RUSSIA)
    assert sorted((r["actorRole"], r["eventClass"]) for r in rows) == [
        ("agent", "Accusation"),
        ("agent", "Veto"),
        ("participant", "Negotiation"),
    ]
    (row,) = run(store, "events-by-actor", actor=S.RUSSIA, role="participant")
    assert row["placeLabel"] == "Geneva"


def test_timeline(store: Store) -> None:
    rows = run(store, "timeline", type=CEV + "Attack")
    assert [(r["day"], r["eventClass"], r["events"]) for r in rows] == [
        ("2016-12-05", "AirStrike", "2"),
        ("2016-12-05", "Shelling", "1"),
        ("2016-12-10", "Bombing", "1"),
    ]


def test_dispatches(store: Store) -> None:
    rows = {r["dispatch"]: r for r in run(store, "dispatches")}
    assert set(rows) == {"alep-veto", "alep-frappes", "alep-bilan", "idlib-attentat"}
    assert (rows["alep-veto"]["events"], rows["alep-frappes"]["tolls"]) == ("5", "3")
    assert rows["alep-frappes"]["datelineLabel"] == "Aleppo"
    assert len(run(store, "dispatches", **{"from": "2016-12-06"})) == 2


def test_sources_of_casualty_figures(store: Store) -> None:
    rows = {r["sourceLabel"]: r for r in run(store, "sources")}
    assert (rows["OSDH"]["figures"], rows["OSDH"]["killed"], rows["OSDH"]["dispatches"]) == ("3", "20", "2")
    assert rows["défense civile"]["killed"] == "15"


def test_event_graph_constructs_the_event(store: Store) -> None:
    q = load_query("event-graph")
    veto = S.event_iri("alep-veto", "veto-russie")
    triples = list(store.query(q.text, bindings=bindings(q, {"event": veto})))
    subject = ox.NamedNode(veto)
    assert ox.Triple(subject, ox.NamedNode(CEV + "agent"), ox.NamedNode(S.RUSSIA)) in triples
    assert (
        ox.Triple(
            ox.NamedNode(S.RUSSIA),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("Russia", language="en"),
        )
        in triples
    )
    assert {t.subject for t in triples} <= {subject, ox.NamedNode(S.RUSSIA), ox.NamedNode(S.FRANCE)} | {
        t.object for t in triples
    }


# --- the federated query, against a local stand-in for the Wikidata Query Service ----------------------
WD = "http://www.wikidata.org/entity/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def fake_wikidata() -> Iterator[tuple[str, list[str]]]:
    """A loopback SPARQL endpoint with a few Wikidata-like triples; records the queries it receives."""
    wd = ox.Store()
    facts = [
        (WD + "Q159", RDFS_LABEL, ox.Literal("Russie", language="fr")),
        (WD + "Q159", RDFS_LABEL, ox.Literal("Russia", language="en")),
        (WD + "Q159", "http://schema.org/description", ox.Literal("pays d'Europe et d'Asie", language="fr")),
        (WD + "Q159", "http://www.wikidata.org/prop/direct/P31", ox.NamedNode(WD + "Q6256")),
        (WD + "Q6256", RDFS_LABEL, ox.Literal("pays", language="fr")),
        (WD + "Q148", RDFS_LABEL, ox.Literal("Chine", language="fr")),
    ]
    for s, p, o in facts:
        wd.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o if not isinstance(o, str) else ox.NamedNode(o)))
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
            if "form" in (self.headers.get("Content-Type") or ""):
                body = urllib.parse.parse_qs(body)["query"][0]
            received.append(body)
            data = wd.query(body).serialize(format=ox.QueryResultsFormat.JSON)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST  # noqa: N815

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", received
    httpd.shutdown()
    httpd.server_close()


def test_actor_wikidata_enriches_an_actor_through_service(
    store: Store, fake_wikidata: tuple[str, list[str]]
) -> None:
    url, received = fake_wikidata
    q = load_query("actor-wikidata")
    assert "SERVICE <https://query.wikidata.org/sparql>" in q.text
    # point the SERVICE at the stand-in (test-side only: the parameter itself is bound, not spliced)
    text = q.text.replace("https://query.wikidata.org/sparql", url)
    rows = store.query(text, bindings=bindings(q, {"wikidata": WD + "Q159"}))
    table = to_table(rows)
    (row,) = [dict(zip(table.variables, r, strict=True)) for r in table.rows]
    assert row["actor"] == S.RUSSIA and row["label"] == "Russia"
    assert (row["wdLabel"], row["description"], row["instanceOf"]) == (
        "Russie",
        "pays d'Europe et d'Asie",
        "pays",
    )
    # the item was bound inside the SERVICE block: the remote end was asked about Q159 only
    assert received and all(WD + "Q159" in r and "Q148" not in r for r in received)


def test_actor_wikidata_needs_its_parameter() -> None:
    from kg.errors import QueryError

    q = load_query("actor-wikidata")
    with pytest.raises(QueryError, match="required"):
        bindings(q, {})
    assert json.dumps(q.params[0].required) == "true"


PORTABLE_PARAMS: list[dict[str, str]] = [
    {},
    {"place": S.SYRIA},
    {"place": S.ALEPPO},
    {"place": S.GENEVA},
    {"type": CEV + "AirStrike"},
    {"kind": CEV + "Killed"},
    {"from": "2016-12-06"},
    {"to": "2016-12-05"},
    {"place": S.SYRIA, "from": "2016-12-01", "to": "2016-12-31"},
    {"actor": S.RUSSIA},
    {"actor": S.ARMY},
    {"plover": "ASSAULT"},
    {"actor": S.REBELS, "plover": "ASSAULT"},
]


@pytest.mark.parametrize("name", [n for n in resources.query_names() if resources.portable_query_path(n)])
def test_portable_form_gives_the_same_answers(store: Store, name: str) -> None:
    """A query tuned for the embedded store and its portable form (for other stores) agree."""
    q = load_query(name)
    assert q.portable is not None and q.portable != q.text
    assert parse_query(q.portable, name=name).params == ()  # the header lives in the tuned file only
    declared = {p.name for p in q.params}
    tried = 0
    for params in PORTABLE_PARAMS:
        if not set(params) <= declared:
            continue
        b = bindings(q, params)
        tuned = to_table(store.query(q.text, bindings=b))
        portable = to_table(store.query(q.portable, bindings=b))
        assert tuned.variables == portable.variables
        assert tuned.rows == portable.rows, params  # the same rows in the same order
        tried += 1
    assert tried >= 4
