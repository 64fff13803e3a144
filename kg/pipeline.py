"""The main job: dispatches -> spaCy -> entities -> events -> RDF -> SHACL -> store.

spaCy runs batched over all dispatches (``nlp.pipe``); everything after it runs
per dispatch, and each dispatch's named graph is written to the store in one
transaction only once it has been built and has conformed to the shapes. A
failing dispatch is reported and, with ``on_error="skip"``, the others go on.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import logging
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import registry
from kg.errors import ExtractionError, IngestError, KGError, ValidationFailed
from kg.types import (
    Casualties,
    CasualtyExtractor,
    Dispatch,
    Entity,
    EntityMention,
    EventExtractor,
    EventMention,
    Extraction,
)

if TYPE_CHECKING:
    import datetime as dt

    from rdflib import Dataset, Graph
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.resolve.kb import KnowledgeBase
    from kg.resolve.wikidata import WikidataLinker
    from kg.store.oxigraph import Store
    from kg.store.remote import RemoteStore

log = logging.getLogger(__name__)


class OnError(str, Enum):
    """What to do with a dispatch that cannot be read, built or validated."""

    SKIP = "skip"
    STOP = "stop"


@dataclass(frozen=True)
class Failure:
    """A dispatch (or input) that was not built, and why."""

    where: str
    message: str


@dataclass
class BuildSummary:
    """What a build did: counts, failures, validation, time per stage."""

    dispatches: int = 0
    built: int = 0
    failures: list[Failure] = field(default_factory=list)
    events_by_class: Counter[str] = field(default_factory=Counter)
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    casualties: int = 0
    triples: int = 0
    tokens: int = 0
    nonconforming: list[str] = field(default_factory=list)
    seconds: Counter[str] = field(default_factory=Counter)
    stopped: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures and not self.stopped

    @property
    def events(self) -> int:
        return sum(self.events_by_class.values())


class Pipeline:
    """The loaded components: spaCy, the knowledge base, extractors. Reuse one for many builds.

    Args:
        extractors: registered extractor names (default: every registered one).
        casualties: registered casualty extractor name, or None to skip tolls.
        n_process: spaCy worker processes.
        batch_size: spaCy batch size.
        linker: online Wikidata linker for entities the packaged knowledge base lacks (off by default).
    """

    def __init__(
        self,
        *,
        extractors: Sequence[str] | None = None,
        casualties: str | None = "kg.casualties.v1",
        n_process: int = 1,
        batch_size: int = 16,
        nlp: Language | None = None,
        kb: KnowledgeBase | None = None,
        linker: WikidataLinker | None = None,
    ) -> None:
        from kg.nlp.pipeline import load_nlp
        from kg.resolve.kb import KnowledgeBase

        self.kb = kb or KnowledgeBase.load()
        self.nlp = nlp or load_nlp(kb=self.kb)
        names = list(extractors) if extractors is not None else registry.names("extractor")
        self.extractors: list[EventExtractor] = [registry.get("extractor", n)() for n in names]
        self.casualty_extractor: CasualtyExtractor | None = (
            registry.get("casualties", casualties)() if casualties else None
        )
        self.n_process = n_process
        self.batch_size = batch_size
        self.linker = linker

    def docs(self, dispatches: Iterable[Dispatch]) -> Iterator[tuple[Doc, Dispatch]]:
        """Parse dispatches in batches (``nlp.pipe``), in input order."""
        from kg.nlp.pipeline import normalise_for_nlp

        pairs = ((normalise_for_nlp(d.body), d) for d in dispatches)
        yield from self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process)

    def extract_doc(self, doc: Doc, dispatch: Dispatch) -> Extraction:
        """Entities, events and tolls of one parsed dispatch."""
        from kg.extract.context import ExtractionContext
        from kg.extract.discourse import with_headline_place, with_known_parties
        from kg.extract.merge import merge_events
        from kg.resolve.resolver import resolve

        res = resolve(doc, dispatch, kb=self.kb)
        if self.linker is not None:
            res = self.linker.apply(res)
        ctx = ExtractionContext(dispatch=dispatch, doc=doc, entities=res.entities, mentions=res.mentions)
        found: list[EventMention] = []
        for ex in self.extractors:
            try:
                found.extend(ex(doc, ctx))
            except KGError:
                raise
            except Exception as e:  # an extractor bug must name the dispatch and the extractor
                raise ExtractionError(f"extractor {ex.name} failed: {e!r}", where=dispatch.source_name) from e
        events = with_known_parties(merge_events(found, entities=ctx.entities))
        events = with_headline_place(events, res.headline_place_key,
                                     names_a_place=_place_namer(doc, res.mentions, ctx.entities))
        tolls: tuple[Casualties, ...] = ()
        if self.casualty_extractor is not None:
            tolls = tuple(self.casualty_extractor(doc, ctx, events))
        return Extraction(
            dispatch=dispatch,
            entities=ctx.entities,
            mentions=tuple(res.mentions),
            events=events,
            casualties=tolls,
            dateline_key=res.dateline_key,
            publisher_key=res.publisher_key,
        )

    def extract(self, dispatches: Iterable[Dispatch]) -> Iterator[Extraction]:
        """Extractions for many dispatches (errors raise)."""
        for doc, d in self.docs(dispatches):
            yield self.extract_doc(doc, d)


def _place_namer(doc: Doc, mentions: Sequence[EntityMention],
                 entities: Mapping[str, Entity]) -> Callable[[int, int], bool]:
    """Whether a stretch of the body names a place other than a state: a resolved place, or a
    location the statistical NER found that resolution could not (or could only as a state)."""
    starts: list[int] = [m.start for m in mentions if (e := entities.get(m.entity_key)) is not None
                         and e.is_place and e.kind != "State"]
    state_spans = {(m.start, m.end) for m in mentions
                   if (e := entities.get(m.entity_key)) is not None and e.kind == "State"}
    starts += [ent.start_char for ent in doc.ents
               if ent.label_ == "LOC" and (ent.start_char, ent.end_char) not in state_spans]
    starts.sort()

    def names_a_place(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, start)
        return i < len(starts) and starts[i] < end

    return names_a_place


def _ingest(
    paths: Sequence[Path],
    *,
    date: dt.date | None,
    lang: str | None,
    encoding: str,
    on_error: OnError,
    summary: BuildSummary,
    max_bytes: int | None = None,
) -> Iterator[Dispatch]:
    from kg.ingest import DEFAULT_MAX_BYTES, iter_dispatches

    seen: set[str] = set()
    items = iter_dispatches(paths, date=date, lang=lang, encoding=encoding,
                            max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    for item in items:
        if isinstance(item, IngestError):
            summary.failures.append(Failure(item.where or "?", str(item)))
            log.error("%s", item)
            if on_error is OnError.STOP:
                summary.stopped = True
                return
            continue
        if item.source_name in seen:
            err = IngestError(f"duplicate dispatch name {item.source_name!r}", where=item.origin,
                              hint="give each record a distinct id")
            summary.failures.append(Failure(item.origin, str(err)))
            if on_error is OnError.STOP:
                summary.stopped = True
                return
            continue
        seen.add(item.source_name)
        summary.dispatches += 1
        yield item


@dataclass(frozen=True)
class _Built:
    """What building one dispatch gave: picklable, so a worker process can hand it back.

    ``ntriples`` is filled only when the graph has to cross a process boundary.
    """

    source_name: str
    tokens: int
    seconds: tuple[tuple[str, float], ...]
    error: str | None = None
    nonconforming: bool = False
    graph_name: str = ""
    ntriples: bytes = b""
    triples: int = 0
    event_classes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    casualties: int = 0


def _build_one(pipe: Pipeline, doc: Doc, dispatch: Dispatch, *, validate: bool,
               nlp_seconds: float = 0.0) -> tuple[_Built, Graph | None]:
    """Extract, build and validate one parsed dispatch; the graph is None when it failed."""
    from kg.rdf.builder import build_graph

    seconds: Counter[str] = Counter({"nlp": nlp_seconds})
    graph: Graph | None = None
    try:
        t = time.perf_counter()
        extraction = pipe.extract_doc(doc, dispatch)
        seconds["extract"] += time.perf_counter() - t
        t = time.perf_counter()
        graph = build_graph(extraction)
        seconds["rdf"] += time.perf_counter() - t
        if validate:
            from kg.validate import validate as shacl

            t = time.perf_counter()
            report = shacl(graph)
            seconds["validate"] += time.perf_counter() - t
            if not report.conforms:
                report.raise_for_violations(where=dispatch.source_name)
    except KGError as e:
        log.error("%s", e)
        failed = _Built(dispatch.source_name, len(doc), tuple(seconds.items()), error=str(e),
                        nonconforming=isinstance(e, ValidationFailed))
        return failed, None
    entities = extraction.entities.items()
    return _Built(
        dispatch.source_name,
        len(doc),
        tuple(seconds.items()),
        graph_name=str(graph.identifier),
        triples=len(graph),
        event_classes=tuple(ev.event_class for ev in extraction.events),
        actors=tuple(k for k, ent in entities if not (ent.is_place and not ent.is_actor)),
        places=tuple(k for k, ent in entities if ent.is_place and not ent.is_actor),
        casualties=len(extraction.casualties),
    ), graph


def _built_here(pipe: Pipeline, dispatches: Iterable[Dispatch], *,
                validate: bool) -> Generator[tuple[_Built, Graph | None], None, None]:
    t = time.perf_counter()
    for doc, dispatch in pipe.docs(dispatches):
        yield _build_one(pipe, doc, dispatch, validate=validate, nlp_seconds=time.perf_counter() - t)
        t = time.perf_counter()


# --- worker processes ------------------------------------------------------------------

_CHUNK = 4  # dispatches per task handed to a worker process
_LISTED = 12  # dispatch names spelled out in an error message
_worker_state: tuple[Pipeline, bool] | None = None


def default_workers() -> int:
    """Worker processes ``kg build`` uses by default: one per available CPU core, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _init_worker(pipe: Pipeline, validate: bool) -> None:
    # forked inside build()'s _fewer_collections(): the frozen objects and thresholds are inherited
    global _worker_state
    _worker_state = (pipe, validate)
    pipe.n_process = 1


def _work(chunk: list[Dispatch]) -> list[_Built]:
    """Build a chunk of dispatches in a worker process; graphs travel as N-Triples."""
    if _worker_state is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker process not initialised")
    pipe, validate = _worker_state
    out = []
    for built, graph in _built_here(pipe, chunk, validate=validate):
        if graph is not None:
            built = replace(built, ntriples=graph.serialize(format="nt", encoding="utf-8"))
        out.append(built)
    return out


def _built_in_workers(pipe: Pipeline, dispatches: Iterable[Dispatch], *, workers: int,
                      validate: bool) -> Generator[tuple[_Built, Graph | None], None, None]:
    """Build in ``workers`` forked processes, yielding in input order.

    At most two chunks per worker are in flight, so memory stays bounded on any input, and a
    consumer that stops early (``--on-error stop``) leaves nothing half-done: the pending
    chunks are cancelled and no graph is written out of order.
    """
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    items = iter(dispatches)
    # the first dispatch is built here: it loads every lazily read resource (lexicons, shapes,
    # prepared queries) once, before the fork, for all the workers to share
    yield from _built_here(pipe, itertools.islice(items, 1), validate=validate)
    log.info("building in %d worker processes", workers)
    ctx = multiprocessing.get_context("fork")
    pending: deque[tuple[Future[list[_Built]], list[Dispatch]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(pipe, validate)) as pool:

        def submit() -> None:
            chunk = list(itertools.islice(items, _CHUNK))
            if chunk:
                pending.append((pool.submit(_work, chunk), chunk))

        try:
            for _ in range(2 * workers):
                submit()
            while pending:
                future, chunk = pending.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool as e:
                    # every chunk in flight is lost with the pool, not only the one that killed it
                    lost = [d.source_name for d in chunk] + [d.source_name for _, c in pending for d in c]
                    more = len(lost) - _LISTED
                    shown = ", ".join(lost[:_LISTED]) + (f" and {more} more" if more > 0 else "")
                    raise KGError(
                        f"a worker process died; the run stopped without building {shown}, nor what follows",
                        hint="out of memory? rerun with fewer --workers (what was stored is kept)",
                    ) from e
                submit()
                for built in results:
                    yield built, None
        finally:
            for future, _ in pending:
                future.cancel()


def _graph_of(built: _Built) -> Graph:
    from rdflib import Graph, URIRef

    graph = Graph(identifier=URIRef(built.graph_name))
    graph.parse(data=built.ntriples, format="nt")
    return graph


_BUILD_GC_THRESHOLD = (20_000, 20, 20)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector less often while building.

    The loaded model and knowledge base are a great many long-lived objects that each full
    collection would walk again; frozen, they are skipped, and the youngest generation is
    collected after 20,000 allocations rather than 700 (a build makes many short-lived
    rdflib and spaCy objects).
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*_BUILD_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def build(
    paths: Sequence[Path],
    *,
    store: Store | RemoteStore | None = None,
    pipeline: Pipeline | None = None,
    on_error: OnError | str = OnError.SKIP,
    date: dt.date | None = None,
    lang: str | None = None,
    encoding: str = "utf-8",
    max_bytes: int | None = None,
    validate: bool = True,
    collect: Callable[[Graph], Any] | None = None,
    progress: bool = False,
    workers: int = 1,
) -> BuildSummary:
    """Build the event graph of every dispatch found under ``paths``.

    Each dispatch's graph is validated, then written to ``store`` (replacing
    its earlier version atomically) and passed to ``collect`` (e.g. to write a
    file). Non-conforming graphs are neither stored nor collected.

    Args:
        paths: files or folders of dispatches.
        store: where graphs go (None: nowhere but ``collect``).
        pipeline: loaded components (a new one otherwise).
        on_error: ``skip`` the failing dispatch and go on, or ``stop`` the run.
        date, lang: override the dispatches' publication date and language.
        encoding: text encoding of the input files.
        max_bytes: largest input file (or JSON Lines record) read; larger ones are refused.
        validate: run SHACL validation on each graph.
        collect: called with each conforming graph.
        progress: show a progress bar on stderr.
        workers: processes that parse, extract, build and validate dispatches side by side
            (forked from this one, so the loaded pipeline is shared); this process writes
            their graphs in input order. 1 builds everything here, as do inputs of a few
            dispatches and systems without ``fork``.

    Returns:
        The summary (``summary.ok`` is False if anything failed). With workers, ``seconds``
        adds up the stage times of every process.
    """
    on_error = OnError(on_error)
    summary = BuildSummary()
    t0 = time.perf_counter()
    pipe = pipeline or Pipeline()
    summary.seconds["load"] += time.perf_counter() - t0
    dispatches: Iterator[Dispatch] = _ingest(list(paths), date=date, lang=lang, encoding=encoding,
                                             on_error=on_error, summary=summary, max_bytes=max_bytes)
    if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
        log.warning("no fork on this system: building in one process")
        workers = 1
    if workers > 1:
        head = list(itertools.islice(dispatches, 2 * _CHUNK))
        if len(head) < 2 * _CHUNK:
            workers = 1  # a few dispatches: starting processes would cost more than it saves
        dispatches = itertools.chain(head, dispatches)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit="dispatch", desc="kg build", leave=False)
    outcomes = (_built_in_workers(pipe, dispatches, workers=workers, validate=validate) if workers > 1
                else _built_here(pipe, dispatches, validate=validate))
    with _fewer_collections():
        try:
            for built, graph in outcomes:
                summary.tokens += built.tokens
                summary.seconds.update(dict(built.seconds))
                if built.error is None:
                    t = time.perf_counter()
                    try:
                        _write(built, graph, store=store, collect=collect)
                    except KGError as e:
                        log.error("%s", e)
                        built = replace(built, error=str(e))
                    summary.seconds["store"] += time.perf_counter() - t
                if bar is not None:
                    bar.update(1)
                if built.error is not None:
                    summary.failures.append(Failure(built.source_name, built.error))
                    if built.nonconforming:
                        summary.nonconforming.append(built.source_name)
                    if on_error is OnError.STOP:
                        summary.stopped = True
                        break
                    continue
                summary.built += 1
                summary.triples += built.triples
                summary.events_by_class.update(built.event_classes)
                summary.actors.update(built.actors)
                summary.places.update(built.places)
                summary.casualties += built.casualties
        finally:
            outcomes.close()  # stops the workers, if any, before the store is flushed
            if bar is not None:
                bar.close()
            if store is not None:
                store.flush()
    return summary


def _write(built: _Built, graph: Graph | None, *, store: Store | RemoteStore | None,
           collect: Callable[[Graph], Any] | None) -> None:
    if graph is None:  # built in a worker: the graph came as N-Triples
        if store is not None:
            store.replace_ntriples(built.graph_name, built.ntriples)
        if collect is not None:
            collect(_graph_of(built))
        return
    if store is not None:
        store.replace_graph(graph)
    if collect is not None:
        collect(graph)


def build_dataset(paths: Sequence[Path], *, validate: bool = True, pipeline: Pipeline | None = None,
                  **options: Any) -> tuple[Dataset, BuildSummary]:
    """Build into an in-memory rdflib Dataset (for tests, exports and small jobs)."""
    from rdflib import Dataset

    ds = Dataset()

    def add(graph: Graph) -> None:
        target = ds.graph(graph.identifier)
        for triple in graph:
            target.add(triple)

    summary = build(paths, validate=validate, pipeline=pipeline, collect=add, **options)
    return ds, summary
