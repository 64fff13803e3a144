"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the embedded store, with a query page.

Standard library only (``http.server.ThreadingHTTPServer``): the endpoint is small and an analyst's
tool, not a public service, so it needs no web framework.

What a client may do, and the limits (each one tested):

- ``GET /sparql?query=…``, ``POST /sparql`` with ``application/x-www-form-urlencoded`` (``query=…``) or
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` select graphs of the store.
- Content negotiation (``Accept``, or ``format=`` for browsers): SPARQL JSON, XML, CSV and TSV results
  for SELECT/ASK; Turtle and N-Triples for CONSTRUCT/DESCRIBE. ``406`` when nothing offered fits.
- Read-only: updates (``update=``, ``application/sparql-update``, LOAD, INSERT…) get ``403``, and the
  workers open the store read-only anyway.
- No outbound requests: a query with a ``SERVICE`` clause gets ``403`` (detected with a SPARQL parser,
  so a comment or a string that mentions SERVICE does not count), and no request can make the
  server load anything (there is no LOAD, and ``FROM`` only picks graphs already in the store).
- Bound to ``127.0.0.1`` unless told otherwise.
- A time-out per query: the query runs in a worker *process*, which is killed (and replaced) when
  the time is up, answering ``503``. pyoxigraph cannot cancel a running query and a Python thread
  cannot be stopped, so an abandoned thread would keep a core busy and its memory until the query
  ends on its own, which for a cross product is never; killing a process is the only way to get both
  back. Workers are long-lived (one per concurrent query), so the process start-up is paid once.
- A result-size limit: the worker stops reading after ``max_rows`` solutions or triples and the
  response says so (header ``X-Result-Truncated``, and ``"truncated": true`` in JSON results).
- A query-size limit (``413``), and one worker queue: a query waiting longer than the time-out for a
  free worker gets ``503``.

``GET /`` is the query page (``kg/data/web/``); ``GET /api/queries`` lists the library queries and
``GET /api/queries/NAME?param=value`` runs one, parameters bound by :func:`kg.query.bindings`.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import multiprocessing as mp
import queue
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.errors import KGError, QueryError, StoreError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


class QueryTimeoutError(QueryError):
    """A query ran longer than the server allows."""

    code = "E511"


class ServerBusyError(QueryError):
    """No worker became free in time."""

    code = "E512"


@dataclass(frozen=True)
class Limits:
    """What one request may cost.

    Attributes:
        timeout: seconds a query may run (and may wait for a free worker).
        max_rows: solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) returned at most.
        max_query_bytes: largest query text or request body accepted.
        workers: worker processes, i.e. queries run at the same time.
    """

    timeout: float = 10.0
    max_rows: int = 10_000
    max_query_bytes: int = 100_000
    workers: int = 2


@dataclass(frozen=True)
class Outcome:
    """A query's answer: ``kind`` is ``select`` (a Table), ``ask`` (bool) or ``graph`` (N-Triples text)."""

    kind: str
    value: Any
    truncated: bool
    seconds: float


# --- worker processes ----------------------------------------------------------------------------
def _worker_main(conn: Connection, store_path: str) -> None:
    """Serve queries from ``conn`` on a read-only store until the pipe closes (runs in a child process)."""
    import pyoxigraph as ox

    from kg.query import collect
    from kg.rdf.namespace import PREFIXES

    store = ox.Store.read_only(store_path)
    conn.send(("ready",))
    while True:
        try:
            sparql, max_rows, default_graph, named_graphs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            options: dict[str, Any] = {"prefixes": PREFIXES}
            if default_graph:
                options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
            else:
                options["use_default_graph_as_union"] = True
            if named_graphs:
                options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
            value, truncated = collect(store.query(sparql, **options), max_rows=max_rows)
            if isinstance(value, bool):
                conn.send(("ok", "ask", value, False))
            elif isinstance(value, list):
                data = (ox.serialize(value, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
                conn.send(("ok", "graph", data, truncated))
            else:
                conn.send(("ok", "select", value, truncated))
        except (SyntaxError, ValueError, OSError, TypeError, RuntimeError) as e:
            conn.send(("error", str(e)))


class _Worker:
    def __init__(self, ctx: Any, store_path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, store_path), daemon=True, name="kg-serve-worker"
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError("a query worker did not start in time")
        try:
            msg = self.conn.recv()
        except EOFError as e:
            raise StoreError("a query worker could not open the store", hint="run `kg build` first?") from e
        if msg != ("ready",):
            raise StoreError(f"unexpected worker message {msg!r}")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Worker processes, each with the store open read-only, running one query at a time.

    Args:
        store_path: the embedded store folder.
        limits: time-out and result limit.

    A query that runs past ``limits.timeout`` has its worker killed and replaced; the caller gets
    :class:`QueryTimeoutError` at once.
    """

    def __init__(self, store_path: Path, *, limits: Limits = Limits()) -> None:
        if not Path(store_path).is_dir():
            raise StoreError(f"no store at {store_path}", hint="run `kg build` first or pass --store")
        self.store_path = str(store_path)
        self.limits = limits
        self._ctx = mp.get_context("spawn")  # never fork a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        started = [self._start() for _ in range(max(1, limits.workers))]
        for w in started:
            w.wait_ready(60)
            self._idle.put(w)

    def _start(self) -> _Worker:
        w = _Worker(self._ctx, self.store_path)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, dead: _Worker) -> None:
        dead.kill()
        with self._lock:
            self._all.discard(dead)

        def start() -> None:
            if self._closed:
                return
            try:
                w = self._start()
                w.wait_ready(60)
                self._idle.put(w)
            except KGError as e:  # keep serving with one worker fewer
                log.error("cannot restart a query worker: %s", e)

        threading.Thread(target=start, daemon=True).start()

    def run(
        self,
        sparql: str,
        *,
        default_graph: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
        max_rows: int | None = None,
    ) -> Outcome:
        """Run a checked query in a worker, within the time-out.

        Raises:
            QueryTimeoutError: the query ran out of time (its worker was killed).
            ServerBusyError: no worker became free within the time-out.
            QueryError: the query is malformed.
        """
        t0 = time.perf_counter()
        try:
            w = self._idle.get(timeout=self.limits.timeout)
        except queue.Empty as e:
            raise ServerBusyError(
                f"no query worker free within {self.limits.timeout:g} s", hint="try again later"
            ) from e
        rows = self.limits.max_rows if max_rows is None else min(max_rows, self.limits.max_rows)
        try:
            w.conn.send((sparql, rows, default_graph, named_graphs))
            left = self.limits.timeout - (time.perf_counter() - t0)
            if not w.conn.poll(max(left, 0.01)):
                self._replace(w)
                raise QueryTimeoutError(
                    f"the query ran longer than {self.limits.timeout:g} s and was stopped",
                    hint="add LIMIT, restrict with a date or an actor, or ask for a longer --timeout",
                )
            msg = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as e:
            self._replace(w)
            raise QueryError(f"the query worker failed: {e}") from e
        self._idle.put(w)
        if msg[0] == "error":
            raise QueryError(msg[1])
        return Outcome(kind=msg[1], value=msg[2], truncated=msg[3], seconds=time.perf_counter() - t0)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


# --- HTTP ----------------------------------------------------------------------------------------
_SELECT_OFFERS = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]
_GRAPH_OFFERS = [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("text/plain", "nt")]
_FORMAT_PARAM = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
}
_CONTENT_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
}
_STATIC = {
    "/": ("index.html", "text/html"),
    "/index.html": ("index.html", "text/html"),
    "/app.js": ("app.js", "text/javascript"),
    "/style.css": ("style.css", "text/css"),
}


def negotiate(accept: str | None, kind: str) -> str | None:
    """The result format to send for an ``Accept`` header (None when nothing offered is acceptable).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "select")
    'xml'
    >>> negotiate(None, "graph")
    'turtle'
    >>> negotiate("image/png", "select") is None
    True
    """
    offers = _GRAPH_OFFERS if kind == "graph" else _SELECT_OFFERS[:4] if kind == "ask" else _SELECT_OFFERS
    if not accept or not accept.strip():
        return offers[0][1]
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranges.append((q, i, media.lower()))
    best: tuple[float, int, int, str] | None = None
    for q, i, media in ranges:
        if q <= 0:
            continue
        for rank, (offered, fmt) in enumerate(offers):
            main = offered.split("/")[0]
            if media in (offered, "*/*", f"{main}/*"):
                # prefer higher q, then exact matches (earlier header position), then our order
                key = (q, -i if media == offered else -i - 1000, -rank, fmt)
                if best is None or key > best:
                    best = key
    return best[3] if best else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pool: QueryPool
    limits: Limits
    web: Any


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "depeche-kg"
    timeout = 30  # seconds a client may take to send its request

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.info("%s %s", self.address_string(), format % args)

    # --- replies ---------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype if ctype.startswith("image/") else f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain")

    # --- routing ---------------------------------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path in _STATIC:
            name, ctype = _STATIC[url.path]
            headers = {"Content-Security-Policy": "default-src 'self'; style-src 'self'; script-src 'self'"}
            self._send(200, (self.server.web / name).read_bytes(), ctype, headers)
        elif url.path == "/sparql":
            if "update" in params:
                self._error(403, "this endpoint is read-only: updates are refused")
            elif "query" not in params:
                self._error(400, "give the query in the 'query' parameter")
            else:
                self._query(params["query"][0], params)
        elif url.path == "/api/queries":
            self._list_queries()
        elif url.path.startswith("/api/queries/"):
            self._named(urllib.parse.unquote(url.path[len("/api/queries/") :]), params)
        else:
            self._error(404, f"nothing at {url.path}")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self._error(405 if url.path in _STATIC else 404, f"POST is not accepted at {url.path}")
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._error(411, "a POST needs a Content-Length")
            return
        if length > self.server.limits.max_query_bytes:
            self._error(413, f"the request body is larger than {self.server.limits.max_query_bytes} bytes")
            self.close_connection = True
            return
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(400, "the request body is not UTF-8")
            return
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(text, keep_blank_values=True)
            if "update" in form:
                self._error(403, "this endpoint is read-only: updates are refused")
                return
            if "query" not in form:
                self._error(400, "give the query in the 'query' form field")
                return
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            self._query(form["query"][0], params)
        elif ctype == "application/sparql-query":
            self._query(text, params)
        elif ctype == "application/sparql-update":
            self._error(403, "this endpoint is read-only: updates are refused")
        else:
            self._error(415, "send application/x-www-form-urlencoded or application/sparql-query")

    def do_PUT(self) -> None:  # noqa: N802
        self._error(405, "this endpoint is read-only")

    do_DELETE = do_PUT  # noqa: N815
    do_PATCH = do_PUT  # noqa: N815

    # --- queries ---------------------------------------------------------------------------------
    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        from kg.query import check_query
        from kg.rdf.iri import check_iri

        limits = self.server.limits
        if len(text.encode("utf-8")) > limits.max_query_bytes:
            self._error(413, f"the query is larger than {limits.max_query_bytes} bytes")
            return
        try:
            check = check_query(text)
        except QueryError as e:
            self._error(403, f"{e.message}")
            return
        if check.uses_service:
            self._error(403, "SERVICE (federated query) is refused: this server makes no outbound requests")
            return
        try:
            default_graph = tuple(str(check_iri(g)) for g in params.get("default-graph-uri", []))
            named_graphs = tuple(str(check_iri(g)) for g in params.get("named-graph-uri", []))
        except KGError as e:
            self._error(400, str(e))
            return
        kind = "select" if check.form == "SELECT" else "ask" if check.form == "ASK" else "graph"
        fmt = self._format(params, kind)
        if fmt is None:
            return
        try:
            outcome = self.server.pool.run(text, default_graph=default_graph, named_graphs=named_graphs)
        except (QueryTimeoutError, ServerBusyError) as e:
            self._error(503, e.message)
            return
        except QueryError as e:
            self._error(400, f"query error: {e.message}")
            return
        self._reply(outcome, fmt)

    def _format(self, params: dict[str, list[str]], kind: str) -> str | None:
        wanted = params.get("format", [""])[0].lower()
        if wanted:
            fmt = _FORMAT_PARAM.get(wanted)
            graph_fmt = fmt in ("turtle", "nt")
            if fmt is None or graph_fmt != (kind == "graph") or (kind == "ask" and fmt in ("csv", "tsv")):
                self._error(406, f"format {wanted!r} cannot be given for this query")
                return None
            return fmt
        fmt = negotiate(self.headers.get("Accept"), kind)
        if fmt is None:
            offers = _GRAPH_OFFERS if kind == "graph" else _SELECT_OFFERS
            self._error(
                406,
                "none of the Accept types can be produced; offered: "
                + ", ".join(sorted({o for o, _ in offers})),
            )
        return fmt

    def _reply(self, outcome: Outcome, fmt: str) -> None:
        from kg.query import serialize_table

        headers = {"X-Query-Seconds": f"{outcome.seconds:.3f}"}
        if outcome.truncated:
            headers["X-Result-Truncated"] = f"true; limit={self.server.limits.max_rows}"
        if outcome.kind == "ask":
            if fmt == "xml":
                body = (
                    '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                    f"<head/><boolean>{'true' if outcome.value else 'false'}</boolean></sparql>\n"
                )
            else:
                body = json.dumps({"head": {}, "boolean": bool(outcome.value)})
        elif outcome.kind == "graph":
            body = outcome.value
            if fmt == "turtle":
                import pyoxigraph as ox

                from kg.rdf.namespace import PREFIXES

                triples = list(ox.parse(outcome.value, format=ox.RdfFormat.N_TRIPLES)) if body else []
                turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
                body = turtle.decode("utf-8")
        else:
            body = serialize_table(outcome.value, fmt, truncated=outcome.truncated)
        self._send(200, body.encode("utf-8"), _CONTENT_TYPE[fmt], headers)

    def _list_queries(self) -> None:
        from kg import resources
        from kg.query import load_query

        out = []
        for name in resources.query_names():
            q = load_query(name)
            out.append(
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "text": q.text,
                    "example": q.example,
                    "output": q.output,
                    "params": [
                        {
                            "name": p.name,
                            "type": p.type,
                            "default": p.default,
                            "required": p.required,
                            "description": p.description,
                        }
                        for p in q.params
                    ],
                }
            )
        self._send(200, json.dumps(out, ensure_ascii=False).encode("utf-8"), "application/json")

    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        from kg.query import bind, bindings, load_query

        try:
            q = load_query(name)
            values = {k: v[0] for k, v in params.items() if k != "format"}
            text = bind(q.text, bindings(q, values))
        except QueryError as e:
            self._error(404 if "no query named" in e.message else 400, str(e))
            return
        self._query(text, {"format": params["format"]} if "format" in params else {})


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Server:
    """The endpoint: an HTTP server and its query workers.

    Args:
        store_path: the embedded store folder (opened read-only by each worker).
        host: address to bind; loopback unless told otherwise.
        port: TCP port (0 picks a free one; see :attr:`url`).
        limits: time-out, result and size limits.

    Use as a context manager, and :meth:`serve_forever` (blocking) or :meth:`start` (a thread).
    """

    def __init__(
        self,
        store_path: Path,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        limits: Limits = Limits(),
    ) -> None:
        if not is_loopback(host):
            log.warning("serving on %s: the endpoint is reachable from other machines", host)
        self.pool = QueryPool(store_path, limits=limits)
        try:
            self.httpd = _Server((host, port), _Handler)
        except OSError as e:
            self.pool.close()
            raise StoreError(f"cannot listen on {host}:{port}: {e}") from e
        self.httpd.pool = self.pool
        self.httpd.limits = limits
        self.httpd.web = files("kg") / "data" / "web"
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        address, port = self.httpd.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> Server:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True, name="kg-serve")
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
        self.httpd.server_close()
        self.pool.close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
