"""Any SPARQL 1.1 store over HTTP: write each dispatch's named graph, run queries.

:class:`RemoteStore` has the two methods :func:`kg.pipeline.build` calls on a store,
``replace_graph(graph)`` and ``flush()``, so ``kg build --store-url URL`` writes to Virtuoso,
GraphDB, Fuseki, Blazegraph, Oxigraph server… through one of the two standard protocols:

- SPARQL 1.1 Update (default): one request ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {…} }``,
  so a graph written twice is replaced, never duplicated;
- SPARQL 1.1 Graph Store HTTP Protocol (``gsp_url``): ``PUT <gsp_url>?graph=<g>``, which replaces too.

Credentials come from the environment (``KG_STORE_USER``, ``KG_STORE_PASSWORD``), never from the
command line; HTTP Basic and Digest authentication are both answered. A failed write is retried
with exponential back-off; a graph that still cannot be written is *recorded*, not raised, so the
build goes on with the other dispatches and reports at the end which ones were not written
(:attr:`RemoteStore.failed_graphs`). A rerun completes them (writes replace). After several
dispatches in a row fail, the store stops retrying (the server is down): each later graph gets
one attempt, so a dead server does not cost minutes per dispatch.
"""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, URIRef

from kg.errors import QueryError, StoreError
from kg.rdf.namespace import PREFIXES

if TYPE_CHECKING:
    from kg.store.oxigraph import Store

log = logging.getLogger(__name__)

ENV_USER = "KG_STORE_USER"
ENV_PASSWORD = "KG_STORE_PASSWORD"
ENV_UPDATE_URL = "KG_STORE_UPDATE_URL"
ENV_GSP_URL = "KG_STORE_GSP_URL"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@dataclass
class WriteReport:
    """What a run wrote: graph IRIs written, and those not written with the reason."""

    written: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


class RemoteStore:
    """A SPARQL 1.1 endpoint used as depeche's store.

    Args:
        url: the SPARQL query endpoint (also used for updates unless ``update_url`` is given).
        update_url: the SPARQL Update endpoint (default: env ``KG_STORE_UPDATE_URL``, else ``url``).
        gsp_url: a Graph Store Protocol endpoint; when given (or env ``KG_STORE_GSP_URL``), graphs are
            written with ``PUT`` instead of SPARQL Update.
        user, password: credentials (default: env ``KG_STORE_USER`` / ``KG_STORE_PASSWORD``).
        retries: further attempts after a failed write (with back-off ``backoff * 2**n`` seconds).
        timeout: seconds per HTTP request.
        give_up_after: consecutive failed graphs after which later graphs get a single attempt.

    >>> st = RemoteStore("http://127.0.0.1:9/sparql", retries=0, timeout=0.5)
    >>> st.failed_graphs
    {}
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        retries: int = 3,
        backoff: float = 0.5,
        timeout: float = 30.0,
        give_up_after: int = 3,
    ) -> None:
        for u in (url, update_url, gsp_url):
            if u is not None and urllib.parse.urlsplit(u).scheme not in ("http", "https"):
                raise StoreError(f"not an http(s) URL: {u!r}", hint="give the store's SPARQL endpoint URL")
        self.url = url
        self.update_url = update_url or os.environ.get(ENV_UPDATE_URL) or url
        self.gsp_url = gsp_url or os.environ.get(ENV_GSP_URL) or None
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.give_up_after = give_up_after
        self.report = WriteReport()
        self._failures_in_a_row = 0
        user = user if user is not None else os.environ.get(ENV_USER)
        password = password if password is not None else os.environ.get(ENV_PASSWORD)
        handlers: list[urllib.request.BaseHandler] = []
        if user:
            pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for u in {self.url, self.update_url, self.gsp_url} - {None}:
                pm.add_password(None, u, user, password or "")  # type: ignore[arg-type]
            handlers += [urllib.request.HTTPDigestAuthHandler(pm), urllib.request.HTTPBasicAuthHandler(pm)]
        self._opener = urllib.request.build_opener(*handlers)

    # --- the build's store protocol ------------------------------------------------------------
    @property
    def failed_graphs(self) -> dict[str, str]:
        """Graph IRI -> why it was not written, for this store's lifetime."""
        return self.report.failed

    @property
    def written_graphs(self) -> list[str]:
        return self.report.written

    def replace_graph(self, graph: Graph) -> None:
        """Replace the remote named graph ``graph.identifier`` by ``graph``.

        A failure (after the retries) is recorded in :attr:`failed_graphs`, not raised.
        """
        name = graph.identifier
        if not isinstance(name, URIRef):
            raise StoreError("a dispatch graph needs an IRI as its name")
        data = graph.serialize(format="nt", encoding="utf-8")
        has_bnodes = any(isinstance(t, BNode) for triple in graph for t in triple)
        self._replace(str(name), data, has_bnodes=has_bnodes)

    def replace_ntriples(self, name: str, data: bytes) -> None:
        """Replace the remote named graph ``name`` by N-Triples text, as :meth:`replace_graph` does."""
        self._replace(str(URIRef(name)), data, has_bnodes=b"_:" in data)

    def _replace(self, name: str, data: bytes, *, has_bnodes: bool) -> None:
        attempts = 1 if self._failures_in_a_row >= self.give_up_after else 1 + self.retries
        error = ""
        for n in range(attempts):
            try:
                self._put(name, data, template=has_bnodes)
            except StoreError as e:
                error = e.message
                log.warning("writing %s failed (attempt %d of %d): %s", name, n + 1, attempts, error)
                if n + 1 < attempts:
                    time.sleep(self.backoff * 2**n)
                continue
            self._failures_in_a_row = 0
            self.report.failed.pop(name, None)
            self.report.written.append(name)
            return
        self._failures_in_a_row += 1
        self.report.failed[name] = error

    def flush(self) -> None:
        """Nothing is buffered (each graph is one request); logs what was not written."""
        if self.report.failed:
            log.error(
                "%d graph(s) not written to %s: %s",
                len(self.report.failed),
                self.update_url,
                ", ".join(sorted(self.report.failed)),
            )

    def remove_graph(self, name: str) -> None:
        """Delete a named graph (no error when absent)."""
        self._update(f"DROP SILENT GRAPH <{URIRef(name)}>")

    # --- HTTP ----------------------------------------------------------------------------------
    def _send(self, req: urllib.request.Request) -> bytes:
        try:
            with self._opener.open(req, timeout=self.timeout) as r:
                return bytes(r.read())
        except urllib.error.HTTPError as e:
            detail = e.read()[:300].decode("utf-8", "replace").strip()
            raise StoreError(
                f"HTTP {e.code} from {req.full_url.split('?')[0]}: {detail}",
                hint="check the URL and KG_STORE_USER / KG_STORE_PASSWORD" if e.code in (401, 403) else None,
            ) from e
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"cannot reach {req.full_url.split('?')[0]}: {reason}") from e

    def _put(self, name: str, ntriples: bytes, *, template: bool = False) -> None:
        if self.gsp_url:
            sep = "&" if "?" in self.gsp_url else "?"
            url = f"{self.gsp_url}{sep}{urllib.parse.urlencode({'graph': name})}"
            # N-Triples is Turtle: every Graph Store implementation reads text/turtle
            self._send(
                urllib.request.Request(
                    url, data=ntriples, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"}
                )
            )
        elif template:
            # blank nodes (the ontology's OWL lists): an INSERT template, which every store accepts
            # (Virtuoso refuses blank nodes in INSERT DATA)
            self._update(
                f"DROP SILENT GRAPH <{name}> ;\nINSERT {{ GRAPH <{name}> {{\n"
                f"{ntriples.decode('utf-8')}}} }} WHERE {{}}"
            )
        else:
            self._update(
                f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n"
                f"{ntriples.decode('utf-8')}}} }}"
            )

    def _update(self, update: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        self._send(
            urllib.request.Request(
                self.update_url,
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                    "Accept": "application/sparql-results+json, */*;q=0.5",
                },
            )
        )

    # --- queries -------------------------------------------------------------------------------
    def query(self, sparql: str, *, bindings: dict[str, Any] | None = None) -> Any:
        """Run a query remotely (depeche's prefixes are declared for it).

        Returns:
            a :class:`kg.query.Table` for SELECT, a bool for ASK, Turtle text for CONSTRUCT/DESCRIBE.
        """
        from kg.query import Table, bind, check_query

        if bindings:
            sparql = bind(sparql, bindings)
        form = check_query(sparql).form
        graph = form in ("CONSTRUCT", "DESCRIBE")
        accept = "text/turtle" if graph else "application/sparql-results+json"
        body = urllib.parse.urlencode({"query": _prologue() + sparql}).encode("utf-8")
        req = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept},
        )
        try:
            raw = self._send(req)
        except StoreError as e:
            raise QueryError(e.message, where=self.url) from e
        if graph:
            return raw.decode("utf-8")
        try:
            doc = json.loads(raw)
        except ValueError as e:
            raise QueryError(f"the store did not answer SPARQL JSON: {raw[:200]!r}", where=self.url) from e
        if "boolean" in doc:
            return bool(doc["boolean"])
        variables = tuple(doc["head"]["vars"])
        return Table.from_json(variables, [tuple(_cell(b.get(v)) for v in variables)
                                           for b in doc["results"]["bindings"]])

    def graph_names(self) -> list[str]:
        """Names of the remote named graphs that hold a depeche dispatch, sorted."""
        t = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a cev:Dispatch } }")
        return sorted(r[0] for r in t.rows if r[0])

    def mirror(self, *, progress: bool = False) -> Store:
        """An in-memory embedded store holding a copy of the remote dispatch graphs (and the
        ontology graph, if the remote store has it), for what reads a whole graph: exports.

        Each graph is fetched with its own ``CONSTRUCT`` request, so no result-size limit of the
        server cuts a copy short.

        Raises:
            StoreError: the remote store does not answer, or answers something that is not RDF.
        """
        from kg.rdf.ontology import ONTOLOGY_GRAPH
        from kg.store.oxigraph import Store

        try:
            names = self.graph_names()
            if self.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"):
                names.append(str(ONTOLOGY_GRAPH))
        except QueryError as e:
            raise StoreError(f"cannot list the remote graphs: {e.message}", where=self.url) from e
        local = Store()
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(names), unit="graph", desc="copying", leave=False)
        for name in names:
            try:
                construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{URIRef(name)}> {{ ?s ?p ?o }} }}"
                turtle = self.query(construct)
            except QueryError as e:
                raise StoreError(f"cannot read graph {name}: {e.message}", where=self.url) from e
            try:
                local.load_graph(name, turtle.encode("utf-8"))
            except StoreError as e:
                raise StoreError(f"graph {name} did not come back as Turtle: {e.message}",
                                 where=self.url) from e
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        log.info("copied %d graphs (%d triples) from %s", len(names), len(local), self.url)
        return local

    def count(self, name: str | None = None) -> int:
        """Triples in one named graph (or in all dispatch graphs)."""
        if name is not None:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{URIRef(name)}> {{ ?s ?p ?o }} }}"
        else:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g a cev:Dispatch } GRAPH ?g { ?s ?p ?o } }"
        return int(self.query(q).rows[0][0])


def _cell(cell: dict[str, str] | None) -> dict[str, str] | None:
    """A SPARQL JSON cell in the standard form (Virtuoso still says ``typed-literal``)."""
    if cell is None:
        return None
    out = {k: v for k, v in cell.items() if k in ("type", "value", "xml:lang", "datatype")}
    if out["type"] == "typed-literal":
        out["type"] = "literal"
    if out.get("datatype") == _XSD_STRING:
        del out["datatype"]
    return out
