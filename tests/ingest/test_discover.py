"""File discovery: walking folders, dispatching by extension, errors as values; the dev corpus."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from pathlib import Path

import pytest

from kg import registry
from kg.errors import IngestError
from kg.ingest import SUFFIXES, iter_dispatches, reader_name
from kg.types import Dispatch

DATA = Path(__file__).resolve().parent / "data"
DEV = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dev"


def _text(story: str) -> str:
    return f"PARIS, 2 mai 2018 (AFP) - {story}"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "z.txt").write_text(_text("Dernier fichier."), encoding="utf-8")
    (tmp_path / "a" / "one.TXT").write_text(_text("Premier fichier."), encoding="utf-8")
    (tmp_path / "a" / "two.jsonl").write_text(
        '{"id": "j1", "date": "2018-05-03", "text": "Un."}\n'
        '{"id": "j2", "date": "2018-05-04", "text": "Deux."}\n',
        encoding="utf-8",
    )
    (tmp_path / "b" / "item.xml").write_bytes((DATA / "newsitem-stepanakert.xml").read_bytes())
    (tmp_path / "b" / "notes.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(_text("Caché."), encoding="utf-8")
    (tmp_path / ".cache" / "x.txt").write_text(_text("Caché aussi."), encoding="utf-8")
    return tmp_path


def _names(items: list[Dispatch | IngestError]) -> list[str]:
    return [i.source_name if isinstance(i, Dispatch) else f"error:{i.message}" for i in items]


def test_iter_dispatches_walks_sorted_and_skips_hidden(tree: Path) -> None:
    items = list(iter_dispatches([tree]))
    assert _names(items) == ["one.TXT", "j1", "j2", "item.xml", "z.txt"]


def test_iter_dispatches_is_deterministic(tree: Path) -> None:
    assert _names(list(iter_dispatches([tree]))) == _names(list(iter_dispatches([tree])))


def test_iter_dispatches_logs_skipped_types(tree: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="kg.ingest.discover"):
        list(iter_dispatches([tree]))
    assert any("notes.md" in r.getMessage() and "skipped" in r.getMessage() for r in caplog.records)


def test_iter_dispatches_explicit_unknown_extension_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(_text("Lu comme du texte."), encoding="utf-8")
    [d] = list(iter_dispatches([path]))
    assert isinstance(d, Dispatch) and d.body == "Lu comme du texte."


def test_iter_dispatches_explicit_hidden_file_is_read(tree: Path) -> None:
    assert _names(list(iter_dispatches([tree / ".hidden.txt"]))) == [".hidden.txt"]


def test_iter_dispatches_missing_path_is_a_value(tree: Path) -> None:
    items = list(iter_dispatches([tree / "absent", tree / "z.txt"]))
    assert isinstance(items[0], IngestError)
    assert items[0].where == str(tree / "absent") and "no such file or directory" in items[0].message
    assert _names(items[1:]) == ["z.txt"]


def test_iter_dispatches_errors_do_not_stop_the_walk(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(_text("Bon."), encoding="utf-8")
    (tmp_path / "c.xml").write_text("<rss/>", encoding="utf-8")
    items = list(iter_dispatches([tmp_path]))
    assert _names(items) == ["error:file is empty", "b.txt", "error:not NewsML-G2: root element is <rss>"]


def test_iter_dispatches_reads_a_file_once(tree: Path) -> None:
    assert _names(list(iter_dispatches([tree / "z.txt", tree, tree / "z.txt"]))).count("z.txt") == 1


def test_iter_dispatches_passes_options(tmp_path: Path) -> None:
    (tmp_path / "bare.txt").write_text("Une phrase sans en-tête.", encoding="utf-8")
    (tmp_path / "big.txt").write_text(_text("Texte. " * 100), encoding="utf-8")
    items = list(iter_dispatches([tmp_path], date=dt.date(2020, 3, 1), lang="en", max_bytes=300))
    assert isinstance(items[0], Dispatch) and (items[0].date, items[0].lang) == (dt.date(2020, 3, 1), "en")
    assert isinstance(items[1], IngestError) and "over the" in items[1].message


def test_iter_dispatches_accepts_strings(tree: Path) -> None:
    assert _names(list(iter_dispatches([str(tree / "z.txt")]))) == ["z.txt"]  # type: ignore[list-item]


@pytest.mark.parametrize(("suffix", "reader"), sorted(SUFFIXES.items()))
def test_reader_name_maps_to_registered_reader(suffix: str, reader: str) -> None:
    assert reader_name(Path(f"x{suffix.upper()}")) == reader
    assert callable(registry.get("reader", reader))


def test_iter_dispatches_test_data_folder() -> None:
    items = list(iter_dispatches([DATA]))
    dispatches = [i for i in items if isinstance(i, Dispatch)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(dispatches) == 11 and len(errors) == 12  # the bad samples are there on purpose
    assert all(e.where and str(DATA) in e.where for e in errors)


# --- the shared dev corpus (third-party texts: read at test time only) -----------------------------


@pytest.fixture(scope="module")
def dev_corpus() -> Path:
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not present")
    return DEV


def test_iter_dispatches_dev_corpus(dev_corpus: Path) -> None:
    items = list(iter_dispatches([dev_corpus]))
    assert all(isinstance(i, Dispatch) for i in items), [str(i) for i in items if isinstance(i, IngestError)]
    assert len(items) == 18
    by_name = {d.source_name: d for d in items if isinstance(d, Dispatch)}
    assert len(by_name) == 18

    seed = by_name["seed.txt"]
    assert seed.date == dt.date(2016, 12, 5)
    assert (seed.dateline, seed.publisher, seed.lang) == ("Alep", "AFP", "fr")
    assert seed.title and seed.title.startswith("Des groupes rebelles")
    assert seed.body.startswith("La Russie")
    for furniture in ("Cliquez", "Cliquer", "©", "AFPINTERNATIONAL", "2016-12-05"):
        assert furniture not in seed.body
    assert seed.body in (dev_corpus / "seed.txt").read_text(encoding="utf-8")

    lines = (dev_corpus / "dispatches.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    assert len(records) == 17
    for rec in records:
        d = by_name[rec["id"]]
        assert d.date == dt.date.fromisoformat(rec["date"])
        assert d.body in rec["text"]  # the body is the record's text, at most trimmed at its ends
        assert d.title == (rec.get("title") or None)


@pytest.mark.parametrize("suffix", [".txt", ".xml", ".json"])
def test_iter_dispatches_refuses_50mb_files_from_size(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as fh:  # sparse: cheap to make, and never read
        fh.truncate(50 * 1024 * 1024)

    def no_read(self: Path) -> bytes:
        raise AssertionError("the file must not be read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    t0 = time.perf_counter()
    [err] = list(iter_dispatches([path]))
    assert time.perf_counter() - t0 < 0.5
    assert isinstance(err, IngestError) and err.where == str(path)
    assert "50.0 MiB (52428800 bytes), over the 10.0 MiB limit" in err.message
