"""The `kg` command end to end, on dispatches written for these tests, with the real French model."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.cli import main
from kg.rdf.namespace import CEV

pytestmark = pytest.mark.slow

VETO = {
    "id": "test-veto",
    "title": "Veto russe à l'ONU",
    "date": "2023-03-14",
    "lang": "fr",
    "text": ("NEW YORK, 14 mars 2023 (AFP) - La Russie a mis mardi son veto à un projet de résolution "
             "du Conseil de sécurité sur la Moldavie, présenté par la France. "
             "« Ce texte est inacceptable », a déclaré l'ambassadeur russe à l'ONU, Vassili Nebenzia."),
}
STRIKE = {
    "id": "test-frappe",
    "title": "Frappes sur Idleb",
    "date": "2020-02-03",
    "lang": "fr",
    "text": ("Des frappes aériennes russes ont tué au moins 14 civils lundi à Idleb, selon l'OSDH. "
             "Des milliers d'habitants ont fui vers la frontière turque."),
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("in")
    (d / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (VETO, STRIKE)) + "\n",
                                  encoding="utf-8")
    return d


def _quads(store: Path) -> set[str]:
    from kg.store.oxigraph import Store

    st = Store(store, read_only=True)
    return {str(q) for q in st._store}


def test_build_stores_validates_and_prints_a_summary(inputs: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.trig"
    code = main(["build", str(inputs), "--store", str(tmp_path / "st"), "-o", str(out), "-q"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "dispatches: 2 built of 2 read" in text
    assert "graphs conform" in text
    assert "Events by class" in text
    ds = Dataset(default_union=True)
    ds.parse(out, format="trig")
    names = {str(o) for o in ds.objects(None, CEV.sourceName)}
    assert names == {"test-veto", "test-frappe"}


@pytest.mark.parametrize(("suffix", "fmt"), [(".trig", "trig"), (".nq", "nquads"), (".ttl", "turtle"),
                                           (".nt", "nt"), (".jsonld", "json-ld")])
def test_build_output_format_follows_the_extension(inputs: Path, tmp_path: Path, suffix: str,
                                                   fmt: str) -> None:
    out = tmp_path / f"out{suffix}"
    assert main(["build", str(inputs), "--no-store", "-o", str(out), "-q", "--show-query", ""]) == 0
    if fmt == "nquads":  # N-Quads: one statement per line, no prefixes
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines and all(line.endswith(" .") and not line.startswith("@prefix") for line in lines)
    ds = Dataset(default_union=True)
    ds.parse(out, format=fmt)
    names = {str(o) for o in ds.objects(None, CEV.sourceName)}
    assert names == {"test-veto", "test-frappe"}


def test_build_twice_gives_the_same_store(inputs: Path, tmp_path: Path) -> None:
    st = tmp_path / "st"
    assert main(["build", str(inputs), "--store", str(st), "-q", "--show-query", ""]) == 0
    first = _quads(st)
    assert main(["build", str(inputs), "--store", str(st), "-q", "--show-query", ""]) == 0
    assert _quads(st) == first


def test_query_named_and_formats(inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    st = tmp_path / "st"
    main(["build", str(inputs), "--store", str(st), "-q", "--show-query", ""])
    capsys.readouterr()
    assert main(["query", "events-by-class", "--store", str(st), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"][0] == "class"
    assert data["results"]["bindings"]
    assert main(["query", "no-such", "--store", str(st)]) == 2
    assert "available" in capsys.readouterr().err


def test_validate_file_and_store(inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    st, out = tmp_path / "st", tmp_path / "o.trig"
    main(["build", str(inputs), "--store", str(st), "-o", str(out), "-q", "--show-query", ""])
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0
    assert "2 of 2 graphs conform" in capsys.readouterr().out
    assert main(["validate", "--store", str(st)]) == 0


def test_validate_reports_a_broken_graph(inputs: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.trig"
    main(["build", str(inputs), "--no-store", "-o", str(out), "-q"])
    broken = out.read_text(encoding="utf-8").replace("cev:status cev:Occurred", "cev:status \"maybe\"", 1)
    assert broken != out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.trig"
    bad.write_text(broken, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(bad)]) == 3
    assert "does not conform" in capsys.readouterr().out


def test_export_graphml_reads_back(inputs: Path, tmp_path: Path) -> None:
    import networkx as nx

    st = tmp_path / "st"
    main(["build", str(inputs), "--store", str(st), "-q", "--show-query", ""])
    for view in ("actors", "events", "places"):
        f = tmp_path / f"{view}.graphml"
        assert main(["export", "--view", view, "-o", str(f), "--store", str(st)]) == 0
        g = nx.read_graphml(f)
        if view == "events":
            assert g.number_of_nodes() > 0


# --- bad input -----------------------------------------------------------------------------------
def _bad_inputs(d: Path) -> dict[str, Path]:
    files = {
        "empty": d / "empty.txt",
        "binary": d / "image.txt",
        "latin1": d / "latin.txt",
        "jsonl": d / "mixed.jsonl",
        "xml": d / "feed.xml",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files["latin1"].write_bytes("Des combats ont éclaté à Alep, selon l'OSDH.".encode("latin-1"))
    good = dict(VETO, id="good-1")
    files["jsonl"].write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    files["xml"].write_text("<rss><channel><title>x</title></channel></rss>", encoding="utf-8")
    return files


def test_bad_inputs_are_skipped_with_clear_messages_and_nonzero_exit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "bad"
    d.mkdir()
    files = _bad_inputs(d)
    code = main(["build", str(d), "--store", str(tmp_path / "st"), "--date", "2023-03-14", "-q",
                 "--show-query", ""])
    err = capsys.readouterr().err
    assert code == 1
    for key in ("empty", "binary", "latin1", "xml"):
        assert files[key].name in err, (files[key].name, err)
    assert "mixed.jsonl:2" in err
    assert "binary" in err and "latin-1" in err and "NewsML" in err
    from kg.store.oxigraph import Store

    assert any("good-1" in n for n in Store(tmp_path / "st", read_only=True).graph_names())


def test_on_error_stop_stops_and_keeps_what_was_stored(inputs: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    st = tmp_path / "st"
    assert main(["build", str(inputs), "--store", str(st), "-q", "--show-query", ""]) == 0
    before = _quads(st)
    d = tmp_path / "bad"
    d.mkdir()
    (d / "a.txt").write_bytes(b"")
    code = main(["build", str(d), "--store", str(st), "--on-error", "stop", "-q", "--show-query", ""])
    assert code == 1
    assert "stopped" in capsys.readouterr().err
    assert _quads(st) == before


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"\0")
    code = main(["build", str(big), "--no-store", "--date", "2023-01-01", "-q"])
    assert code == 1
    assert "big.txt" in capsys.readouterr().err


def test_unknown_output_format_fails_before_work(inputs: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(inputs), "--no-store", "-o", str(tmp_path / "x.docx")]) == 2
    assert "unknown output format" in capsys.readouterr().err


def test_evaluate_scores_a_built_file_against_gold(inputs: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.trig"
    main(["build", str(inputs), "--no-store", "-o", str(out), "-q"])
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "test-veto.json").write_text(json.dumps({
        "source": "test-veto", "date": "2023-03-14",
        "entities": [{"id": "ru", "label": "Russia", "type": "State", "qid": "Q159", "mentions": ["Russie"]}],
        "events": [{"type": "Veto", "status": "Occurred", "evidence": "La Russie a mis mardi son veto",
                    "agent": ["ru"], "target": [], "participant": [], "place": [], "date": "2023-03-14"}],
        "casualties": []}), encoding="utf-8")
    capsys.readouterr()
    assert main(["evaluate", str(out), "--gold", str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["events"]["r"] == 1.0
    assert report["date_accuracy"] == 1.0


def test_build_workers_must_be_a_positive_number(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build", str(inputs), "--no-store", "--workers", "0"])
    assert info.value.code == 2
    assert "--workers" in capsys.readouterr().err


class _ClosedPipe:
    """A standard output whose reader went away (`kg query --list | head -1`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")  # as for any stream without a file (pytest's capture)


def test_output_read_by_a_reader_that_stops_early_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    assert main(["query", "--list"]) == 0
