"""The main job: dispatches -> spaCy -> entities -> events -> RDF -> SHACL -> store.

spaCy runs batched over all dispatches (``nlp.pipe``); everything after it runs
per dispatch, and each dispatch's named graph is written to the store in one
transaction only once it has been built and has conformed to the shapes. A
failing dispatch is reported and, with ``on_error="skip"``, the others go on.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
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


def build(
    paths: Sequence[Path],
    *,
    store: Store | None = None,
    pipeline: Pipeline | None = None,
    on_error: OnError | str = OnError.SKIP,
    date: dt.date | None = None,
    lang: str | None = None,
    encoding: str = "utf-8",
    max_bytes: int | None = None,
    validate: bool = True,
    collect: Callable[[Graph], Any] | None = None,
    progress: bool = False,
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

    Returns:
        The summary (``summary.ok`` is False if anything failed).
    """
    from kg.rdf.builder import build_graph

    on_error = OnError(on_error)
    summary = BuildSummary()
    t0 = time.perf_counter()
    pipe = pipeline or Pipeline()
    summary.seconds["load"] += time.perf_counter() - t0
    dispatches = _ingest(list(paths), date=date, lang=lang, encoding=encoding, on_error=on_error,
                         summary=summary, max_bytes=max_bytes)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit="dispatch", desc="kg build", leave=False)
    t = time.perf_counter()
    for doc, dispatch in pipe.docs(dispatches):
        summary.seconds["nlp"] += time.perf_counter() - t
        summary.tokens += len(doc)
        try:
            t = time.perf_counter()
            extraction = pipe.extract_doc(doc, dispatch)
            summary.seconds["extract"] += time.perf_counter() - t
            t = time.perf_counter()
            graph = build_graph(extraction)
            summary.seconds["rdf"] += time.perf_counter() - t
            if validate:
                from kg.validate import validate as shacl

                t = time.perf_counter()
                report = shacl(graph)
                summary.seconds["validate"] += time.perf_counter() - t
                if not report.conforms:
                    summary.nonconforming.append(dispatch.source_name)
                    report.raise_for_violations(where=dispatch.source_name)
            t = time.perf_counter()
            if store is not None:
                store.replace_graph(graph)
            if collect is not None:
                collect(graph)
            summary.seconds["store"] += time.perf_counter() - t
        except (KGError, ValidationFailed) as e:
            summary.failures.append(Failure(dispatch.source_name, str(e)))
            log.error("%s", e)
            if on_error is OnError.STOP:
                summary.stopped = True
                break
        else:
            summary.built += 1
            summary.triples += len(graph)
            for ev in extraction.events:
                summary.events_by_class[ev.event_class] += 1
            for key, ent in extraction.entities.items():
                (summary.places if ent.is_place and not ent.is_actor else summary.actors).add(key)
            summary.casualties += len(extraction.casualties)
        finally:
            if bar is not None:
                bar.update(1)
        t = time.perf_counter()
    if bar is not None:
        bar.close()
    if store is not None:
        store.flush()
    return summary


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
