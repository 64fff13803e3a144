from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.export.formats import export
from kg.export.networkx import view_graph
from kg.export.plots import plot_network, timeline_counts
from kg.export.records import EventData, load_events
from kg.export.sample import fill_store, scenario, synthetic
from kg.store.oxigraph import Store

pytest.importorskip("matplotlib", reason="the viz extra (matplotlib) is not installed")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def data() -> EventData:
    st = Store()
    fill_store(st, scenario())
    return load_events(st)


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("view", ["actors", "events", "places"])
def test_network_png_is_written(data: EventData, view: str, tmp_path: Path) -> None:
    path = tmp_path / f"{view}.png"
    export(data, path, view=view)
    head = path.read_bytes()[:24]
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert head[:8] == PNG_MAGIC and width >= 800 and height >= 600


def test_network_svg_has_readable_labels_and_legends(data: EventData, tmp_path: Path) -> None:
    path = tmp_path / "actors.svg"
    export(data, path, view="actors")
    texts = svg_texts(path)
    assert {"Russia", "France", "armée syrienne", "Islamic State"} <= set(texts)  # labels stay text
    assert {"State", "ArmedGroup", "Veto", "AirStrike", "événements"} <= set(texts)  # legends


def test_network_svg_is_deterministic(data: EventData, tmp_path: Path) -> None:
    g = view_graph(data, "actors")
    plot_network(g, tmp_path / "a.svg", fmt="svg")
    plot_network(g, tmp_path / "b.svg", fmt="svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_timeline_counts_events_by_class_and_casualties_by_day(data: EventData) -> None:
    unit, buckets, by_class, by_kind = timeline_counts(data)
    assert unit == "day" and buckets[0] == dt.date(2016, 12, 4) and buckets[-1] == dt.date(2016, 12, 20)
    assert len(buckets) == 17  # no gaps
    assert by_class["Clash"][3] == 1 and by_class["Statement"][3] == 1  # both on the 7th (dispatch date)
    assert sum(by_kind["Killed"]) == 17  # 12 + 5; the "dont 4 enfants" sub-count is not added
    assert by_kind["Injured"][16] == 20


def test_timeline_groups_long_periods_by_week_or_month() -> None:
    st = Store()
    fill_store(st, synthetic(200, days=300))
    unit, buckets, by_class, _ = timeline_counts(load_events(st))
    assert unit == "week" and all(b.weekday() == 0 for b in buckets)
    assert sum(sum(v) for v in by_class.values()) == 200
    st = Store()
    fill_store(st, synthetic(60, events_per_dispatch=1, days=2000, seed=3))
    unit, buckets, _, _ = timeline_counts(load_events(st))
    assert unit == "month" and all(b.day == 1 for b in buckets)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_timeline_picture_is_written(data: EventData, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"timeline.{fmt}"
    done = export(data, path, view="timeline")
    assert done.events == 7 and path.stat().st_size > 10_000
    if fmt == "svg":
        texts = svg_texts(path)
        assert "tués" in texts and "blessés" in texts and "AirStrike" in texts
