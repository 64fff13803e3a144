"""Online linking to Wikidata for entities the packaged knowledge base lacks (``kg build --link wikidata``).

The linker asks a Wikidata-compatible SPARQL endpoint (Wikidata's public one by
default, or a mirror) through SPARQLWrapper for items whose French or English
label or alias equals the entity's name and whose ``wdt:P31`` class fits its
kind, ranks the candidates and links only a clear winner. Answers, negative ones
included, are cached on disk; requests are spaced out, and ``Retry-After`` is
honoured. It fails soft: when the endpoint is slow, down or ambiguous the entity
stays unlinked and the build goes on (no link rather than a wrong one).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from kg import resources
from kg.types import Entity, EntityMention

log = logging.getLogger(__name__)

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = "depeche/0.1 (event knowledge graphs from news dispatches; https://w3id.org/depeche)"
_QID = re.compile(r"^http://www\.wikidata\.org/entity/(Q[1-9][0-9]*)$")

_QUERY = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX wikibase: <http://wikiba.se/ontology#>
SELECT ?item ?how ?class ?links WHERE {
  VALUES ?name { %(names)s }
  VALUES ?class { %(classes)s }
  { ?item rdfs:label ?name . BIND("label" AS ?how) }
  UNION
  { ?item skos:altLabel ?name . BIND("alias" AS ?how) }
  ?item wdt:P31 ?class .
  OPTIONAL { ?item wikibase:sitelinks ?links }
}
LIMIT 50"""


class _Resolution(Protocol):
    entities: Mapping[str, Entity]
    mentions: tuple[EntityMention, ...]


def _literal(text: str, lang: str) -> str:
    """A SPARQL string literal; names are escaped, never spliced raw."""
    return json.dumps(text, ensure_ascii=False) + "@" + lang


@dataclasses.dataclass(frozen=True)
class Candidate:
    qid: str
    by_label: bool
    sitelinks: int


def rank(candidates: list[Candidate]) -> str | None:
    """The one clear winner, or None when there is none or the choice is ambiguous.

    A label match beats an alias match; between candidates of the same kind of
    match, the one with clearly more sitelinks (at least twice as many) wins.

    >>> rank([Candidate("Q1", True, 50), Candidate("Q2", False, 300)])
    'Q1'
    >>> rank([Candidate("Q1", True, 50), Candidate("Q2", True, 40)]) is None
    True
    """
    if not candidates:
        return None
    best_kind = [c for c in candidates if c.by_label] or candidates
    by_qid: dict[str, Candidate] = {}
    for c in best_kind:
        if c.qid not in by_qid or c.sitelinks > by_qid[c.qid].sitelinks:
            by_qid[c.qid] = c
    ordered = sorted(by_qid.values(), key=lambda c: (-c.sitelinks, c.qid))
    if len(ordered) == 1:
        return ordered[0].qid
    if ordered[0].sitelinks >= 2 * max(ordered[1].sitelinks, 1):
        return ordered[0].qid
    return None


class WikidataLinker:
    """Link entities to Wikidata items through a SPARQL endpoint, with a disk cache.

    Args:
        endpoint: SPARQL endpoint URL (``--wikidata-endpoint``).
        cache_dir: where answers are kept (default ``$XDG_CACHE_HOME/depeche/wikidata``).
        timeout: seconds per request.
        min_interval: seconds between two requests (rate limit).
        max_failures: after this many failed requests in a row the endpoint is taken as down
            for the rest of the run.
    """

    def __init__(
        self,
        endpoint: str = WIKIDATA_ENDPOINT,
        *,
        cache_dir: Path | None = None,
        timeout: float = 10.0,
        min_interval: float = 1.0,
        max_failures: int = 3,
    ) -> None:
        self.endpoint = endpoint
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        self.cache_dir = cache_dir or base / "depeche" / "wikidata"
        self.timeout = timeout
        self.min_interval = min_interval
        self.max_failures = max_failures
        self._failures = 0
        self._next_request = 0.0
        self._lock = threading.Lock()
        self.types: dict[str, list[str]] = resources.load_json("kb", "wikidata_types.json")["classes"]
        self.requests = 0

    # --- cache --------------------------------------------------------------------------
    def _cache_file(self, key: str) -> Path:
        h = hashlib.sha256(f"{self.endpoint}\n{key}".encode()).hexdigest()
        return self.cache_dir / h[:2] / f"{h}.json"

    def _cached(self, key: str) -> tuple[bool, str | None]:
        f = self._cache_file(key)
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
            return True, data.get("qid")
        except (OSError, ValueError):
            return False, None

    def _store(self, key: str, qid: str | None) -> None:
        f = self._cache_file(key)
        try:
            f.parent.mkdir(parents=True, exist_ok=True)
            tmp = f.with_suffix(f".{os.getpid()}.part")  # workers may write the same key
            tmp.write_text(json.dumps({"key": key, "qid": qid}), encoding="utf-8")
            tmp.replace(f)
        except OSError as e:  # a cache we cannot write is not a reason to stop
            log.warning("cannot write the Wikidata cache %s: %s", f, e)

    # --- endpoint -----------------------------------------------------------------------
    @property
    def available(self) -> bool:
        return self._failures < self.max_failures

    def _ask(self, query: str) -> dict[str, Any] | None:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        with self._lock:
            wait = self._next_request - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._next_request = time.monotonic() + self.min_interval
        sw = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        sw.setQuery(query)
        sw.setMethod(POST)
        sw.setReturnFormat(JSON)
        sw.setTimeout(int(max(1, self.timeout)))
        self.requests += 1
        try:
            result = sw.queryAndConvert()
        except SPARQLWrapperException as e:
            log.warning("Wikidata endpoint refused the query: %s", e)
            self._failures += 1
            return None
        except Exception as e:  # network errors come as many types (URLError, timeout, HTTPError…)
            retry = getattr(getattr(e, "headers", None), "get", lambda _k: None)("Retry-After")
            if retry and str(retry).isdigit():
                with self._lock:
                    self._next_request = time.monotonic() + min(int(retry), 60)
            self._failures += 1
            log.warning("Wikidata endpoint %s unavailable (%s); entity left unlinked", self.endpoint, e)
            return None
        self._failures = 0
        return result if isinstance(result, dict) else None

    def candidates(self, names: list[str], kind: str) -> list[Candidate] | None:
        """Candidate items for the names (None when the endpoint did not answer)."""
        classes = self.types.get(kind)
        if not classes:
            return []
        values = " ".join(_literal(n, lang) for n in names for lang in ("fr", "en"))
        query = _QUERY % {"names": values, "classes": " ".join(f"wd:{c}" for c in classes)}
        data = self._ask(query)
        if data is None:
            return None
        out = []
        for b in data.get("results", {}).get("bindings", []):
            m = _QID.match(b.get("item", {}).get("value", ""))
            if not m:
                continue
            links = b.get("links", {}).get("value", "0")
            out.append(
                Candidate(
                    m.group(1), b.get("how", {}).get("value") == "label", int(links) if links.isdigit() else 0
                )
            )
        return out

    def link(self, entity: Entity) -> str | None:
        """The QID for an entity, or None (unknown, ambiguous, endpoint down)."""
        if entity.qid:
            return entity.qid
        names = sorted({entity.label, *entity.aliases} - {""})
        if not names or entity.kind not in self.types:
            return None
        key = f"{entity.kind}|{'|'.join(names)}"
        hit, qid = self._cached(key)
        if hit:
            return qid
        if not self.available:
            return None
        found = self.candidates(names, entity.kind)
        if found is None:
            return None  # not cached: ask again next run
        qid = rank(found)
        self._store(key, qid)
        return qid

    def apply(self, resolution: _Resolution) -> _Resolution:
        """A resolution whose unlinked entities are linked where the endpoint gives a clear answer.

        Linked entities take their QID as key, and every mention and reference is re-keyed.
        """
        rekey: dict[str, str] = {}
        entities: dict[str, Entity] = {}
        for key, e in sorted(resolution.entities.items()):
            qid = None if e.qid else self.link(e)
            if qid:
                rekey[key] = qid
                e = dataclasses.replace(e, key=qid, qid=qid)
            entities[e.key] = e if e.key not in entities else entities[e.key]
        if not rekey:
            return resolution

        def rk(k: str | None) -> str | None:
            return rekey.get(k, k) if k else k

        entities = {
            k: dataclasses.replace(
                e,
                located_in=rk(e.located_in),
                represents=rk(e.represents),
                member_of=rk(e.member_of),
                metonym_of=rk(e.metonym_of),
            )
            for k, e in entities.items()
        }
        mentions = tuple(
            dataclasses.replace(m, entity_key=rekey.get(m.entity_key, m.entity_key))
            for m in resolution.mentions
        )
        changes: dict[str, Any] = {"entities": entities, "mentions": mentions}
        for f in ("dateline_key", "publisher_key", "headline_place_key"):
            if hasattr(resolution, f):
                changes[f] = rk(getattr(resolution, f))
        return dataclasses.replace(resolution, **changes)  # type: ignore[type-var]
