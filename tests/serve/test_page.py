"""The query page in a real browser: headless Chromium (Debian's ``chromium``) loads it from ``kg serve``.

The page runs what its address asks for (``?name=…&param.k=v&run=1`` or ``?query=…&run=1``);
Chromium's ``--dump-dom`` prints the document once the page's scripts and requests have settled,
and the test reads the rendered result table from it. Skipped only when chromium is not installed.
"""

from __future__ import annotations

import gc
import importlib.util
import os
import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

from kg.serve import Limits, Server
from kg.store.oxigraph import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


def _support(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "_support" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"kg_test_support_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


S = _support("sample")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("page") / "store"
    st = Store(path)
    S.fill(st)
    st.flush()
    del st
    gc.collect()
    with Server(path, port=0, limits=Limits(timeout=5, max_rows=3, workers=1)) as srv:
        srv.start()
        yield srv


class _Page(HTMLParser):
    """Cells of the result table, the status line, the options of the library list."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.status = ""
        self.options: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._in = "cell"
            self.rows[-1].append("")
        elif a.get("id") == "status":
            self._in = "status"
        elif tag == "option" and a.get("value"):
            self.options.append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "p"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "cell":
            self.rows[-1][-1] += data
        elif self._in == "status":
            self.status += data


def render(url: str, tmp_path: Path) -> _Page:
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=15000",
        "--dump-dom",
        url,
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    page = _Page()
    page.feed(out.stdout)
    return page


def test_page_runs_a_written_query(server: Server, tmp_path: Path) -> None:
    q = "SELECT DISTINCT ?label WHERE { ?v a cev:Veto ; cev:agent/rdfs:label ?label } ORDER BY ?label"
    page = render(server.url + "?" + urllib.parse.urlencode({"query": q, "run": "1"}), tmp_path)
    assert page.rows[0] == ["label"]
    assert sorted(r[0] for r in page.rows[1:]) == ["China", "Russia"]
    assert page.status.startswith("2 rows")
    assert "vetoes" in page.options and "actor-profile" in page.options


def test_page_runs_a_library_query_with_parameters(server: Server, tmp_path: Path) -> None:
    url = server.url + "?" + urllib.parse.urlencode({"name": "vetoes", "param.state": S.RUSSIA, "run": "1"})
    page = render(url, tmp_path)
    header, *rows = page.rows
    assert "stateLabel" in header and len(rows) == 1
    assert rows[0][header.index("stateLabel")] == "Russia"


def test_page_shows_errors_and_truncation(server: Server, tmp_path: Path) -> None:
    page = render(
        server.url + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }", "run": "1"}),
        tmp_path,
    )
    assert len(page.rows) == 1 + 3 and "truncated" in page.status
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    page = render(server.url + "?" + urllib.parse.urlencode({"query": q, "run": "1"}), tmp_path)
    assert page.status.startswith("Error 403")
