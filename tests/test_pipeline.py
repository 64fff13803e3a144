"""The pipeline's own steps after extraction (kg.pipeline)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest

from kg.errors import ExtractionError, KGError
from kg.ingest import iter_dispatches
from kg.pipeline import _CHUNK, Pipeline, build
from kg.store.oxigraph import Store
from kg.types import Dispatch


def _extract(pipeline, title: str, body: str):  # type: ignore[no-untyped-def]
    d = Dispatch(source_name="t.txt", title=title, body=body, date=dt.date(2019, 5, 9))
    (doc, dispatch), = pipeline.docs([d])
    return pipeline.extract_doc(doc, dispatch)


def test_pipeline_events_without_place_take_the_headline_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    ex = _extract(pipeline, "Syrie : frappes meurtrières sur Alep",
                  "Les frappes aériennes ont repris jeudi à l'aube, selon une ONG.")
    strikes = [e for e in ex.events if e.event_class == "AirStrike"]
    assert strikes and all(e.place == ("Q41183",) for e in strikes)
    assert "Q41183" in ex.entities


def test_pipeline_headline_place_not_forced_on_a_sentence_naming_another(pipeline) -> None:  # type: ignore[no-untyped-def]
    ex = _extract(pipeline, "Syrie : frappes meurtrières sur Alep",
                  "Les frappes aériennes ont repris jeudi à Homs, selon une ONG.")
    strikes = [e for e in ex.events if e.event_class == "AirStrike"]
    assert strikes and all("Q41183" not in e.place for e in strikes)


def test_pipeline_public_body_is_the_speaker_of_its_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    ex = _extract(pipeline, "Ukraine : des civils blessés à Donetsk",
                  "La mairie de Donetsk a annoncé lundi que trois civils avaient été blessés par des éclats.")
    statements = [e for e in ex.events if e.event_class == "Statement"]
    assert len(statements) == 1
    (speaker,) = statements[0].agent
    assert ex.entities[speaker].label == "mairie de Donetsk (Ukraine)"


def test_pipeline_a_figure_put_forward_is_no_advance(pipeline) -> None:  # type: ignore[no-untyped-def]
    ex = _extract(pipeline, "Mali : un bilan contesté",
                  "Des vérifications sont en cours sur le chiffre de 15 morts avancé par des habitants "
                  "dans la localité de Dioura.")
    assert not [e for e in ex.events if e.event_class == "Offensive"]


def test_pipeline_fights_one_is_engaged_in_are_not_promised(pipeline) -> None:  # type: ignore[no-untyped-def]
    from kg.types import Status

    ex = _extract(pipeline, "Syrie : combats à Alep",
                  "Les rebelles sont engagés dans de violents combats à Alep.")
    (clash,) = [e for e in ex.events if e.event_class == "Clash"]
    assert clash.status is Status.OCCURRED


# --- building in worker processes ------------------------------------------------------------


class _Trap:
    """An extractor that fails (or kills its worker process) on one dispatch, for the tests below."""

    name = "test.trap"
    event_classes: tuple[str, ...] = ()

    def __init__(self, victim: str, *, die: bool = False) -> None:
        self.victim, self.die, self.parent = victim, die, os.getpid()

    def __call__(self, doc, ctx):  # type: ignore[no-untyped-def]
        if ctx.dispatch.source_name == self.victim:
            if self.die and os.getpid() != self.parent:
                os._exit(3)
            raise ExtractionError("trap sprung", where=self.victim)
        return ()


def _trapped(pipeline, trap: _Trap) -> Pipeline:  # type: ignore[no-untyped-def]
    pipe = Pipeline(nlp=pipeline.nlp, kb=pipeline.kb)
    pipe.extractors.append(trap)
    return pipe


def _names(store: Store) -> list[str]:
    return [n.rsplit("/", 1)[-1] for n in store.graph_names()]


@pytest.fixture(scope="module")
def order(examples_dir: Path) -> list[str]:
    """Source names of the example dispatches, in input order (enough to use the workers)."""
    names = [d.source_name for d in iter_dispatches([examples_dir])]
    assert len(names) >= 2 * _CHUNK
    return names


def test_build_workers_store_what_one_process_stores(pipeline, examples_dir: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     caplog: pytest.LogCaptureFixture) -> None:
    inputs = [examples_dir]
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    alone = build(inputs, store=one, pipeline=pipeline, workers=1)
    with caplog.at_level(logging.INFO, logger="kg.pipeline"):
        shared = build(inputs, store=two, pipeline=pipeline, workers=2)
    assert "building in 2 worker processes" in caplog.text
    assert alone.ok and shared.ok and shared.built == alone.built == alone.dispatches
    assert (shared.events_by_class, shared.triples, shared.tokens, shared.actors, shared.places,
            shared.casualties) == (alone.events_by_class, alone.triples, alone.tokens, alone.actors,
                                   alone.places, alone.casualties)
    assert {str(q) for q in two._store} == {str(q) for q in one._store}


def test_build_workers_stop_at_the_first_failure_in_input_order(pipeline, examples_dir: Path,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path, order: list[str]) -> None:
    victim = order[len(order) // 2]
    store = Store(tmp_path / "st")
    summary = build([examples_dir], store=store, pipeline=_trapped(pipeline, _Trap(victim)),
                    workers=2, on_error="stop")
    assert summary.stopped and [f.where for f in summary.failures] == [victim]
    assert "trap sprung" in summary.failures[0].message
    assert sorted(_names(store)) == sorted(n.replace(".", "-") for n in order[: order.index(victim)])


def test_build_workers_skip_a_failure_and_build_the_rest(pipeline, examples_dir: Path,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path, order: list[str]) -> None:
    victim = order[-1]
    store = Store(tmp_path / "st")
    summary = build([examples_dir], store=store, pipeline=_trapped(pipeline, _Trap(victim)),
                    workers=2)
    assert not summary.ok and not summary.stopped and summary.built == len(order) - 1
    assert len(store.graph_names()) == len(order) - 1


def test_build_worker_that_dies_is_reported_and_earlier_graphs_kept(pipeline, examples_dir: Path,  # type: ignore[no-untyped-def]
                                                                    tmp_path: Path, order: list[str]) -> None:
    victim = order[-1]
    store = Store(tmp_path / "st")
    with pytest.raises(KGError, match="worker process died") as info:
        build([examples_dir], store=store, pipeline=_trapped(pipeline, _Trap(victim, die=True)),
              workers=2)
    # what the message says was not built is exactly what the store lacks, the victim among it
    built = set(_names(store))
    missing = [n for n in order if n.replace(".", "-") not in built]
    assert victim in missing and 0 < len(built) < len(order)
    assert all(n in str(info.value) for n in missing)
