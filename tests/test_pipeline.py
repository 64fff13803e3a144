"""The pipeline's own steps after extraction (kg.pipeline)."""

from __future__ import annotations

import datetime as dt

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
