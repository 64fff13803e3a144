from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.cli import EXIT_OK, EXIT_USAGE, main
from kg.export.sample import fill_store, scenario
from kg.store.oxigraph import Store


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    st = Store(path)
    fill_store(st, scenario())
    st.flush()
    del st  # release the write lock: the CLI opens the store read-only
    return path


def test_cli_export_graphml_with_filters(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "attacks.graphml"
    code = main(
        [
            "export",
            "--store",
            str(store_dir),
            "-o",
            str(out),
            "--class",
            "Attack",
            "--from",
            "2016-12-01",
            "--place",
            "Syrie",
        ]
    )
    assert code == EXIT_OK
    g = nx.read_graphml(out, force_multigraph=True)
    assert {d["event_class"] for *_, d in g.edges(data=True)} == {"AirStrike"}
    assert "actors (graphml): 1 events, 2 nodes, 1 edges" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("view", "name"),
    [
        ("events", "e.gexf"),
        ("places", "p.cyjs"),
        ("actors", "a.dot"),
        ("actors", "a.json"),
        ("actors", "a.html"),
    ],
)
def test_cli_export_every_format_by_extension(store_dir: Path, tmp_path: Path, view: str, name: str) -> None:
    out = tmp_path / name
    assert main(["export", "--store", str(store_dir), "--view", view, "-o", str(out)]) == EXIT_OK
    assert out.stat().st_size > 0


def test_cli_export_aggregated_with_explicit_format(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.xml"
    args = ["export", "--store", str(store_dir), "--aggregate", "--format", "graphml", "-o", str(out)]
    assert main(args) == EXIT_OK
    g = nx.read_graphml(out)
    assert not g.is_multigraph() and all("count" in d for *_, d in g.edges(data=True))


def test_cli_export_timeline_png(store_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the viz extra (matplotlib) is not installed")
    out = tmp_path / "t.png"
    assert main(["export", "--store", str(store_dir), "--view", "timeline", "-o", str(out)]) == EXIT_OK
    assert out.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actor", "Atlantis", "-o", "x.graphml"], "no actor matches 'Atlantis'"),
        (["--view", "timeline", "-o", "x.graphml"], "picture"),
        (["-o", "x.xlsx"], "unknown export format"),
    ],
)
def test_cli_export_errors_exit_2_with_a_message(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert main(["export", "--store", str(store_dir), *args]) == EXIT_USAGE
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
