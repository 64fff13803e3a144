"""Time every library query on a large synthetic graph: the embedded store (Oxigraph) vs rdflib in memory.

The graph is made the way ``kg build`` makes it: synthetic :class:`kg.types.Extraction` values
(dispatches with French sentences, events of every class with roles, places with coordinates inside
countries, persons with roles, casualty tolls with sources and sub-counts, vetoed and proposed drafts)
go through the real builder (:func:`kg.rdf.builder.build_graph`), one named graph per dispatch, plus
the ontology graph. Then each query of ``queries/`` runs with typical parameters, ``--repeat`` times on
the embedded store (median reported) and once on an rdflib ``Dataset`` (union default graph) holding
the same quads, in the same run, with a per-query time cap for rdflib.

Run::

    python bench/queries.py                    # >= 1,000,000 triples (about 2,500 dispatches)
    python bench/queries.py --dispatches 200   # quick look
    python bench/queries.py --no-rdflib        # the embedded store only

Writes a Markdown table to stdout (and to ``--output`` if given). The generated N-Quads are cached
in ``--cache`` (default: a temporary folder) so a rerun skips generation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger("bench.queries")

ID = "https://w3id.org/depeche/id/"
CEV = "https://w3id.org/depeche/cev#"

# Parameters a typical analyst would pass; entity keys refer to the synthetic pool below.
PARAMS: dict[str, dict[str, str]] = {
    "vetoes": {"state": ID + "entity/Q1000"},
    "negotiations": {"party": ID + "entity/Q1001"},
    "proposals": {},
    "attacks": {"place": ID + "entity/Q1002", "from": "2016-03-01", "to": "2016-09-30"},
    "casualty-tolls": {"place": ID + "entity/Q1002"},
    "casualty-conflicts": {},
    "statements": {"quoted": "true", "from": "2016-06-01", "to": "2016-06-30"},
    "actor-network": {"plover": "ASSAULT"},
    "events-in-country": {"country": ID + "entity/Q1003"},
    "events-near": {"center": ID + "entity/Q2010", "km": "100"},
    "events-by-date": {"from": "2016-05-01", "to": "2016-05-07"},
    "plover-types": {},
    "cameo-codes": {},
    "provenance": {"fact": ID + "event/d00042/e03"},
    "actor-profile": {"actor": ID + "entity/Q1000"},
    "events-by-actor": {"actor": ID + "entity/Q1004"},
    "timeline": {"type": CEV + "Attack"},
    "dispatches": {"from": "2016-07-01", "to": "2016-07-31"},
    "sources": {},
    "accusations": {"accuser": ID + "entity/Q1000"},
    "event-graph": {"event": ID + "event/d00042/e03"},
    "events-by-class": {},
}
SKIP = {"actor-wikidata": "federated: its time is Wikidata's"}

_STATES = [
    "Syrie",
    "Irak",
    "Russie",
    "Turquie",
    "Iran",
    "Liban",
    "Jordanie",
    "France",
    "Etats-Unis",
    "Chine",
    "Yemen",
    "Libye",
    "Egypte",
    "Israel",
    "Arabie saoudite",
    "Qatar",
    "Royaume-Uni",
    "Allemagne",
    "Mali",
    "Niger",
    "Tchad",
    "Soudan",
    "Ethiopie",
    "Somalie",
    "Afghanistan",
    "Pakistan",
    "Ukraine",
    "Georgie",
    "Armenie",
    "Azerbaidjan",
    "Nigeria",
    "Cameroun",
    "Algerie",
    "Tunisie",
    "Maroc",
    "Koweit",
    "Oman",
    "Bahrein",
    "Emirats",
    "Japon",
]
_VERBS = {
    "Veto": "a mis son veto à",
    "Rejection": "a rejeté",
    "Proposal": "a proposé",
    "Statement": "a affirmé",
    "Negotiation": "ont discuté",
    "Agreement": "ont conclu un accord",
    "Ceasefire": "ont annoncé une trêve",
    "Accusation": "a accusé",
    "AirStrike": "a mené des frappes aériennes contre",
    "Shelling": "a bombardé",
    "Bombing": "une voiture piégée a explosé contre",
    "Clash": "des combats ont opposé",
    "Offensive": "a lancé une offensive contre",
    "Capture": "a pris le contrôle",
    "Withdrawal": "s'est retiré",
    "Evacuation": "a organisé l'évacuation",
    "Release": "a libéré",
    "Displacement": "ont fui",
    "ResolutionAdoption": "a adopté une résolution",
    "Attack": "a attaqué",
}
_WEIGHTS = {
    "AirStrike": 8,
    "Shelling": 6,
    "Clash": 6,
    "Statement": 10,
    "Attack": 4,
    "Bombing": 3,
    "Negotiation": 5,
    "Proposal": 3,
    "Rejection": 2,
    "Veto": 1,
    "Accusation": 3,
    "Capture": 2,
    "Offensive": 2,
    "Ceasefire": 2,
    "Agreement": 1,
    "Withdrawal": 1,
    "Evacuation": 1,
    "Release": 1,
    "Displacement": 1,
    "ResolutionAdoption": 1,
}
_AGENT_ROLES = {
    "Veto",
    "Rejection",
    "Proposal",
    "Statement",
    "Accusation",
    "AirStrike",
    "Shelling",
    "Bombing",
    "Attack",
    "Offensive",
    "Capture",
    "Withdrawal",
    "Evacuation",
    "Release",
    "Displacement",
    "ResolutionAdoption",
}
_PARTICIPANT_ROLES = {"Negotiation", "Agreement", "Ceasefire", "Clash"}
_ATTACKS = {"AirStrike", "Shelling", "Bombing", "Attack", "Clash", "Offensive"}


def _pool(rng: random.Random) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The entity pool: states, cities in them, persons, armed groups, organisations, IGOs."""
    from kg.types import Entity

    ents: dict[str, Entity] = {}
    kinds: dict[str, list[str]] = {
        "state": [],
        "city": [],
        "person": [],
        "armed": [],
        "org": [],
        "igo": [],
        "group": [],
    }
    coords: dict[str, tuple[float, float]] = {}
    for i, name in enumerate(_STATES):
        key = f"Q{1000 + i}"
        lat, lon = rng.uniform(-10, 55), rng.uniform(-20, 70)
        coords[key] = (lat, lon)
        ents[key] = Entity(
            key,
            "State",
            f"State {name}",
            qid=key,
            aliases=(name,),
            extra_kinds=("Country",),
            lat=round(lat, 4),
            long=round(lon, 4),
        )
        kinds["state"].append(key)
    for i in range(400):
        key = f"Q{2000 + i}"
        country = kinds["state"][i % 10] if i < 200 else rng.choice(kinds["state"])
        lat0, lon0 = coords[country]
        ents[key] = Entity(
            key,
            "City",
            f"Ville {i}",
            qid=key,
            aliases=(f"Ville{i}",),
            lat=round(lat0 + rng.uniform(-2, 2), 4),
            long=round(lon0 + rng.uniform(-2, 2), 4),
            located_in=country,
            geonames=str(100000 + i),
        )
        kinds["city"].append(key)
    for i in range(300):
        key = f"Person:personne {i}"
        ents[key] = Entity(
            key,
            "Person",
            f"Personne {i}",
            label_lang="fr",
            role=rng.choice(
                ["ministre des Affaires étrangères", "porte-parole", "ambassadeur à l'ONU", "chef rebelle"]
            ),
            represents=rng.choice(kinds["state"]),
            member_of=f"Q{3000 + i % 10}",
        )
        kinds["person"].append(key)
    for i in range(10):
        key = f"Q{3000 + i}"
        ents[key] = Entity(key, "IntergovernmentalOrganization", f"Organisation internationale {i}", qid=key)
        kinds["igo"].append(key)
    for i in range(60):
        key = f"ArmedGroup:groupe arme {i}"
        ents[key] = Entity(key, "ArmedGroup", f"groupe armé {i}", label_lang="fr")
        kinds["armed"].append(key)
    for i in range(40):
        key = f"ArmedForces:forces {i}"
        ents[key] = Entity(key, "ArmedForces", f"forces {i}", label_lang="fr", represents=kinds["state"][i])
        kinds["armed"].append(key)
    for i in range(30):
        key = f"Organization:ong {i}"
        ents[key] = Entity(key, "Organization", f"ONG {i}", label_lang="fr")
        kinds["org"].append(key)
    for name in ("rebelles", "civils", "insurgés", "manifestants", "jihadistes"):
        key = f"Group:{name}"
        ents[key] = Entity(key, "Group", name, label_lang="fr")
        kinds["group"].append(key)
    return ents, kinds


def extractions(n: int, *, seed: int = 7) -> Iterator[Any]:
    """``n`` synthetic dispatch extractions shaped like the pipeline's output."""
    from kg.types import (
        Casualties,
        CasualtyKind,
        Dispatch,
        EventMention,
        Evidence,
        Extraction,
        ObjectRef,
        Status,
    )

    rng = random.Random(seed)
    ents, kinds = _pool(rng)
    classes, weights = zip(*_WEIGHTS.items(), strict=True)
    actors = kinds["state"] + kinds["armed"] + kinds["person"] + kinds["group"] + kinds["igo"]
    drafts = [f"projet de résolution numéro {i} sur une trêve" for i in range(300)]
    start = dt.date(2016, 1, 1)
    for k in range(n):
        day = start + dt.timedelta(days=rng.randrange(366))
        # a dispatch focuses on one country: its cities are the places of the day
        country = rng.choice(kinds["state"][:12])
        cities = [c for c in kinds["city"] if ents[c].located_in == country] or kinds["city"]
        sentences: list[str] = []
        plans: list[tuple[str, int]] = []
        n_events = rng.randint(5, 11)
        for j in range(n_events):
            cls = rng.choices(classes, weights)[0]
            verb = _VERBS[cls]
            city = rng.choice(cities)
            sentences.append(
                f"Selon des sources locales, {ents[rng.choice(actors)].label} {verb} "
                f"{ents[rng.choice(actors)].label} à {ents[city].label} le {day.isoformat()}, "
                f"dans une dépêche numéro {k} au paragraphe {j}."
            )
            plans.append((cls, len(sentences) - 1))
        for j in range(rng.randint(1, 4)):
            sentences.append(
                f"Au moins {rng.randint(1, 90)} personnes ont été tuées et {rng.randint(0, 40)} "
                f"blessées lors de l'épisode {j}, a indiqué une ONG."
            )
        body = " ".join(sentences)
        offsets, pos = [], 0
        for s in sentences:
            offsets.append(Evidence(s, pos, pos + len(s)))
            pos += len(s) + 1

        def trig(i: int, off: list[Evidence] = offsets) -> Evidence:
            e = off[i]
            return Evidence(e.text[:7], e.start, e.start + 7)

        events = []
        attack_ids: list[tuple[str, int]] = []
        for j, (cls, si) in enumerate(plans):
            local = f"e{j:02d}"
            agent = target = participant = place = ()
            obj = None
            quote = None
            status = rng.choices([Status.OCCURRED, Status.PLANNED, Status.NEGATED], [85, 10, 5])[0]
            if cls in _AGENT_ROLES:
                agent = (
                    rng.choice(
                        kinds["person"]
                        if cls == "Statement"
                        else kinds["state"]
                        if cls in ("Veto", "Proposal", "Rejection")
                        else actors
                    ),
                )
            if cls in _ATTACKS | {"Accusation", "Rejection", "Veto", "Capture", "Evacuation", "Release"}:
                target = (rng.choice(actors),)
            if cls in _PARTICIPANT_ROLES:
                participant = tuple(rng.sample(actors, 2))
            if cls not in ("Statement", "Accusation", "Veto", "Rejection"):
                place = (rng.choice(cities),)
            if cls in ("Veto", "Proposal", "Rejection", "ResolutionAdoption"):
                obj = ObjectRef("Resolution", label=rng.choice(drafts))
            if cls == "Statement":
                quote = f"Nous ne céderons pas sur le point {rng.randrange(1000)}"
            date = (day - dt.timedelta(days=rng.choice((0, 0, 1, 2))),) if rng.random() < 0.8 else ()
            events.append(
                EventMention(
                    local_id=local,
                    event_class=cls,
                    trigger=trig(si),
                    evidence=(offsets[si],),
                    agent=agent,
                    target=target,
                    participant=participant,
                    place=place,
                    date=date,
                    date_text="lundi" if date else None,
                    status=status,
                    object=obj,
                    quote=quote,
                    confidence=round(rng.uniform(0.4, 0.99), 2),
                    extractor=f"kg.{cls.lower()}.v1",
                )
            )
            if cls in _ATTACKS:
                attack_ids.append((local, si))
        tolls = []
        for j in range(len(sentences) - len(plans)):
            si = len(plans) + j
            cause = rng.choice(attack_ids)[0] if attack_ids else None
            whole = f"t{j}k"
            tolls.append(
                Casualties(
                    whole,
                    rng.randint(1, 90),
                    CasualtyKind.KILLED,
                    offsets[si],
                    qualifier=rng.choice([None, "at least", "about"]),
                    victims="personnes",
                    according_to=(rng.choice(kinds["org"]),),
                    cause=cause,
                    date=(day,),
                )
            )
            tolls.append(
                Casualties(
                    f"t{j}i",
                    rng.randint(0, 40),
                    CasualtyKind.INJURED,
                    offsets[si],
                    according_to=(rng.choice(kinds["org"]),),
                    cause=cause,
                )
            )
            if rng.random() < 0.3:
                tolls.append(
                    Casualties(
                        f"t{j}c",
                        rng.randint(1, 10),
                        CasualtyKind.KILLED,
                        offsets[si],
                        victims="enfants",
                        cause=cause,
                        part_of=whole,
                    )
                )
        d = Dispatch(
            source_name=f"d{k:05d}",
            body=body,
            date=day,
            title=f"Dépêche {k}",
            publisher="AFP",
            url=f"https://example.org/d/{k}",
        )
        pub = "Organization:ong 0"
        yield Extraction(
            dispatch=d,
            entities=ents,
            events=tuple(events),
            casualties=tuple(tolls),
            dateline_key=rng.choice(cities),
            publisher_key=pub,
        )


def generate(path: Path, n: int) -> int:
    """Write the ontology and ``n`` dispatch graphs as N-Quads to ``path``; returns the number of quads."""
    from rdflib import Dataset

    from kg.rdf.builder import build_graph
    from kg.rdf.ontology import ontology_graph

    quads = 0
    with path.open("w", encoding="utf-8") as out:
        for g in (ontology_graph(), *(build_graph(ex) for ex in extractions(n))):
            ds = Dataset()
            ds.graph(g.identifier).__iadd__(g)
            data = ds.serialize(format="nquads")
            out.write(data)
            quads += len(g)
    return quads


class _TimeoutError(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise _TimeoutError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--dispatches",
        type=int,
        default=2500,
        help="dispatch graphs to generate (default 2500: about 1,030,000 triples)",
    )
    ap.add_argument("--repeat", type=int, default=5, help="runs per query on the embedded store (median)")
    ap.add_argument("--rdflib-timeout", type=int, default=30, help="seconds allowed per rdflib query")
    ap.add_argument("--embedded-timeout", type=float, default=60.0, help="seconds allowed per embedded query")
    ap.add_argument("--no-rdflib", action="store_true", help="skip the rdflib comparison")
    ap.add_argument("--cache", type=Path, default=None, help="folder for the generated N-Quads and the store")
    ap.add_argument("--output", type=Path, default=None, help="also write the Markdown report here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    import pyoxigraph as ox

    from kg import resources
    from kg.query import bind, bindings, load_query
    from kg.rdf.namespace import PREFIXES
    from kg.serve import Limits, QueryPool, QueryTimeoutError
    from kg.store.oxigraph import Store

    cache = args.cache or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    cache.mkdir(parents=True, exist_ok=True)
    nq = cache / f"bench-{args.dispatches}.nq"
    t = time.perf_counter()
    if not nq.exists():
        part = nq.with_suffix(".part")
        n = generate(part, args.dispatches)
        part.replace(nq)
        log.info("generated %d quads in %.1f s", n, time.perf_counter() - t)
    store_dir = cache / f"store-{args.dispatches}"
    fresh = not store_dir.exists()
    store = Store(store_dir)
    if fresh:
        t = time.perf_counter()
        store._store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)  # noqa: SLF001 - bench only
        store.flush()
        log.info("loaded the embedded store in %.1f s", time.perf_counter() - t)
    triples, graphs = len(store), len(store.graph_names())
    log.info("embedded store: %d quads in %d graphs", triples, graphs)

    names = [n for n in resources.query_names() if n not in SKIP]
    emb: dict[str, tuple[float | None, int]] = {}
    texts: dict[str, str] = {}
    for name in names:
        q = load_query(name)
        texts[name] = bind(q.text, bindings(q, PARAMS.get(name, {})))
    del store  # the workers open it read-only
    gc.collect()
    # the embedded store is queried through kg serve's worker pool: a query over the cap is killed
    pool = QueryPool(store_dir, limits=Limits(timeout=args.embedded_timeout, max_rows=10**9, workers=1))
    try:
        for name in names:
            times, rows = [], 0
            for _ in range(args.repeat):
                try:
                    out = pool.run(texts[name])
                except QueryTimeoutError:
                    times = []
                    break
                times.append(out.seconds)
                rows = len(out.value.rows) if out.kind == "select" else len(out.value.splitlines())
                if out.seconds > 2:  # slow: one run says enough
                    break
            emb[name] = (statistics.median(times) if times else None, rows)
            log.info("%-20s embedded %s s  %6d rows", name, emb[name][0], rows)
    finally:
        pool.close()

    lib: dict[str, tuple[float | None, int | None]] = {}
    if not args.no_rdflib:
        from rdflib import Dataset

        t = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(str(nq), format="nquads")
        log.info("loaded rdflib Dataset (%d quads) in %.1f s", len(ds), time.perf_counter() - t)
        signal.signal(signal.SIGALRM, _alarm)
        for name in names:
            if "SERVICE" in texts[name]:
                continue
            t = time.perf_counter()
            signal.alarm(args.rdflib_timeout)
            try:
                rows = sum(1 for _ in ds.query(texts[name], initNs=PREFIXES))
                lib[name] = (time.perf_counter() - t, rows)
            except _TimeoutError:
                lib[name] = (None, None)
            except Exception as e:  # noqa: BLE001 - report rdflib's failure in the table
                log.info("%s: rdflib failed: %s", name, e)
                lib[name] = (None, -1)
            finally:
                signal.alarm(0)
            log.info("%-20s rdflib   %s", name, lib[name])

    lines = [
        f"Library queries on {triples:,} triples in {graphs:,} named graphs "
        f"(embedded: Oxigraph {ox.__version__} through kg serve's worker, median of up to {args.repeat}"
        + ("" if args.no_rdflib else f"; rdflib in-memory Dataset, 1 run, cap {args.rdflib_timeout} s")
        + ")",
        "",
        "| query | rows | embedded (s) | rdflib (s) | rdflib / embedded | under 1 s |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for name in names:
        e, rows = emb[name]
        es = f">{args.embedded_timeout:g}" if e is None else f"{e:.3f}"
        r, rrows = lib.get(name, (None, None))
        if args.no_rdflib:
            rs, ratio = "-", "-"
        elif r is None:
            rs, ratio = ("failed" if rrows == -1 else f">{args.rdflib_timeout}"), "-"
        else:
            rs = f"{r:.3f}"
            ratio = f"{r / e:.1f}x" if e else "-"
            if rrows != rows:
                rs += f" ({rrows} rows)"
        lines.append(
            f"| {name} | {rows} | {es} | {rs} | {ratio} | {'yes' if e is not None and e < 1 else 'NO'} |"
        )
    for name, why in SKIP.items():
        lines.append(f"| {name} | - | - | - | - | not timed: {why} |")
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if args.output is not None:
        args.output.write_text(report, encoding="utf-8")
    return 0 if all(e is not None and e < 1 for e, _ in emb.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
