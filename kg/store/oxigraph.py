"""The embedded on-disk store (Oxigraph through pyoxigraph): one named graph per dispatch.

Replacing a dispatch's graph is one transaction (a single SPARQL update that
drops and re-inserts the graph), so building twice gives the same store and an
interrupted run never leaves a half-written dispatch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import QueryError, StoreError
from kg.rdf.namespace import PREFIXES

log = logging.getLogger(__name__)


class Store:
    """An Oxigraph store on disk (or in memory when ``path`` is None).

    Args:
        path: the store's folder; created if missing.
        read_only: open without write access (several readers may share a folder).

    >>> from rdflib import Graph, URIRef, Literal
    >>> g = Graph(identifier=URIRef("https://example.org/g"))
    >>> _ = g.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("o")))
    >>> st = Store()
    >>> st.replace_graph(g)
    >>> len(st), URIRef("https://example.org/g") in st
    (1, True)
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not path.is_dir():
                    raise StoreError(f"no store at {path}", hint="run `kg build` first or pass --store")
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"cannot open the store: {e}", where=str(path),
                             hint="is another `kg` process using it?") from e

    # --- writing ------------------------------------------------------------------------
    def replace_graph(self, graph: Graph) -> None:
        """Atomically replace the named graph ``graph.identifier`` by the triples of ``graph``."""
        name = graph.identifier
        if not isinstance(name, URIRef):
            raise StoreError("a dispatch graph needs an IRI as its name")
        self.replace_ntriples(str(name), graph.serialize(format="nt", encoding="utf-8"))

    def replace_ntriples(self, name: str, data: bytes) -> None:
        """Atomically replace the named graph ``name`` by N-Triples text (one SPARQL update).

        Raises:
            StoreError: the text is not N-Triples, or the store cannot be written; the graph is
                then as it was.
        """
        update = f"DROP SILENT GRAPH <{URIRef(name)}> ;\nINSERT DATA {{ GRAPH <{URIRef(name)}> {{\n"
        try:
            self._store.update(update + data.decode("utf-8") + "} }")
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"cannot write graph {name}: {e}", where=str(self.path)) from e

    def load_graph(self, name: str, data: bytes, *, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
        """Replace the named graph ``name`` by the triples of RDF text (Turtle by default).

        The text is parsed before the store is touched, so text that does not parse leaves the
        graph as it was.

        Raises:
            StoreError: the text does not parse as ``fmt``.
        """
        graph = ox.NamedNode(name)
        try:
            quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(data, format=fmt)]
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"graph {name} is not valid {fmt.name}: {e}", where=str(self.path)) from e
        self.remove_graph(URIRef(name))
        self._store.extend(quads)

    def remove_graph(self, name: URIRef) -> None:
        """Delete a named graph (no error when absent)."""
        self._store.update(f"DROP SILENT GRAPH <{name}>")

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    # --- reading ------------------------------------------------------------------------
    def graph_names(self) -> list[str]:
        """Names of the named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._store.contains_named_graph(ox.NamedNode(str(name)))

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, *, bindings: dict[str, Any] | None = None) -> Any:
        """Run a SPARQL query over the union of all graphs; returns pyoxigraph results.

        Args:
            sparql: the query (depeche's prefixes are predeclared).
            bindings: variable name -> pyoxigraph term, bound safely (see :func:`kg.query.bind`).
        """
        if bindings:
            from kg.query import bind

            sparql = bind(sparql, bindings)
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        except (SyntaxError, OSError, ValueError) as e:
            raise QueryError(str(e)) from e

    def export(self, path: Path, *, fmt: ox.RdfFormat | None = None, sort: bool = False) -> None:
        """Write every named graph to a file (TriG, N-Quads…; by extension when ``fmt`` is None).

        Args:
            sort: order the statements by graph, subject, predicate and object, so the same
                graphs always give the same file (held in memory to sort: for builds, not
                for millions of triples).
        """
        fmt = fmt or ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TRIG
        prefixes = dict(PREFIXES.items())
        if not sort:
            self._store.dump(str(path), format=fmt, prefixes=prefixes)
            return
        quads = sorted(self._store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                                   str(q.object)))
        ox.serialize(quads, str(path), format=fmt, prefixes=prefixes)

    def dataset(self) -> Dataset:
        """Everything as an rdflib Dataset (for small stores: exports, tests)."""
        ds = Dataset()
        data = self._store.dump(format=ox.RdfFormat.N_QUADS)
        ds.parse(data=data, format="nquads")
        return ds

    def graph(self, name: str) -> Graph:
        """One named graph as an rdflib Graph."""
        g = Graph(identifier=URIRef(name))
        data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        if data:
            g.parse(data=data, format="nt")
        return g

    def iter_graphs(self) -> Iterator[Graph]:
        for name in self.graph_names():
            yield self.graph(name)
