"""The interactive page: static checks, and the real page driven in headless Chromium.

The browser tests drive Debian's ``chromium`` through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: no port, no websocket library); they skip only when the
binary is absent.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import resources
from kg.export.formats import export
from kg.export.html import page_data, render_html
from kg.export.records import EventData, EventFilter, load_events
from kg.export.sample import fill_store, scenario
from kg.rdf import iri
from kg.store.oxigraph import Store
from kg.types import Dispatch, Entity, EventMention, Evidence, Extraction

CYTOSCAPE_SHA256 = "081591ab735b2b6a3b31a3c60f8f3a3e2fee8c92939e0c7820ad1208571b6cd8"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
RUSSIA, FRANCE = str(iri.entity_iri("Q159")), str(iri.entity_iri("Q142"))
ARMY = str(iri.entity_iri("ArmedForces:armee syrienne"))
STRIKE_SENTENCE = "Dimanche, des raids aériens de l'armée syrienne ont visé les rebelles à Alep."
VETO_SENTENCE = "La Russie a mis son veto lundi à un projet de résolution présenté par la France."


@pytest.fixture(scope="module")
def data() -> EventData:
    st = Store()
    fill_store(st, scenario())
    return load_events(st)


@pytest.fixture(scope="module")
def page_file(data: EventData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "actors.html"
    export(data, path, fmt="html")
    return path


# --- static checks -------------------------------------------------------------------------------
def test_vendored_cytoscape_is_the_recorded_release_with_its_licence() -> None:
    js = resources.data_file("web", "vendor/cytoscape.min.js").read_bytes()
    assert hashlib.sha256(js).hexdigest() == CYTOSCAPE_SHA256
    licence = resources.data_file("web", "vendor/cytoscape.LICENSE").read_text(encoding="utf-8")
    assert "The Cytoscape Consortium" in licence and "Permission is hereby granted" in licence


def test_page_is_self_contained(page_file: Path) -> None:
    text = page_file.read_text(encoding="utf-8")
    assert len(re.findall(r"<script\b", text)) == 3 and " src=" not in text
    assert "<link" not in text and "@import" not in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert "Permission is hereby granted" in text  # the MIT notice travels with the code


def test_page_data_refers_to_actors_places_and_dispatches_by_index(data: EventData) -> None:
    doc = page_data(data)
    names = [a["label"] for a in doc["actors"]]
    veto = next(e for e in doc["events"] if e["cls"] == "Veto")
    assert names[veto["agents"][0]] == "Russia" and names[veto["targets"][0]] == "France"
    assert veto["pairs"] == [[veto["agents"][0], veto["targets"][0], "agent-target"]]
    assert veto["evidence"] == [VETO_SENTENCE] and veto["plover"] == "REJECT"
    assert doc["dispatches"][veto["dispatch"]]["name"] == "alep-1"
    assert [c["name"] for c in doc["classes"]][:1] == ["Accusation"]  # ties sorted by name
    assert all(isinstance(a["x"], float) for a in doc["actors"])


def test_page_escapes_text_that_would_end_the_script(tmp_path: Path) -> None:
    body = "Le texte « </script><script>window.pwned=1</script> » a été publié."
    rebels = Entity("Group:x", "Group", "</script>", label_lang="fr")
    army = Entity("Group:y", "Group", "armée & <alliés>", label_lang="fr")
    ev = EventMention(
        "a-1",
        "Clash",
        Evidence("publié", body.index("publié"), body.index("publié") + 6),
        (Evidence(body, 0, len(body)),),
        participant=(rebels.key, army.key),
    )
    st = Store()
    fill_store(
        st,
        [
            Extraction(
                Dispatch("x", body, dt.date(2020, 1, 1)), {e.key: e for e in (rebels, army)}, events=(ev,)
            )
        ],
    )
    text = render_html(load_events(st), title="<b>titre</b>")
    assert len(re.findall(r"<script\b", text)) == 3 and "</script><script>window" not in text
    assert "<title>&lt;b&gt;titre&lt;/b&gt;</title>" in text
    blob = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, flags=re.S)
    assert blob is not None and json.loads(blob.group(1))["events"][0]["evidence"] == [body]


# --- the page in Chromium ----------------------------------------------------------------------------
class Chromium:
    """Headless Chromium driven through the DevTools protocol on fds 3/4 (``--remote-debugging-pipe``)."""

    def __init__(self, binary: str, profile: Path) -> None:
        # Chromium reads commands on fd 3 and writes replies on fd 4. The child's ends are moved to fd 10 or
        # above, and bash (dash takes one-digit fds only) puts them on 3 and 4 before exec: no preexec_fn.
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        r, w = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
        os.close(to_child_r)
        os.close(from_child_w)
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--remote-debugging-pipe",
            "--window-size=1400,900",
            "about:blank",
        ]
        self.proc = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{r} 4>&{w} {r}<&- {w}>&-', binary, *flags],
            pass_fds=(r, w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(r)
        os.close(w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode("utf-8") + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return dict(json.loads(raw))

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except (OSError, RuntimeError, TimeoutError, EOFError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


class Page:
    """One tab: navigate offline, evaluate JavaScript, click at a point, see requests and errors."""

    def __init__(self, browser: Chromium, url: str) -> None:
        self.b = browser
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")
        self.call(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        self.call("Page.navigate", {"url": url})
        self.wait_for("document.body && document.body.dataset.ready === 'true'")

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.b.call(method, params, session=self.session)

    def eval(self, expression: str) -> Any:
        res = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in res:
            raise RuntimeError(res["exceptionDetails"])
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.eval(
                f"(function () {{ try {{ return {expression}; }} catch (e) {{ return null; }} }})()"
            )
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"never true: {expression}")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "buttons": 1, "clickCount": 1},
            )

    def click_element(self, selector: str) -> None:
        r = self.eval(
            f"(function () {{ var b = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()"
        )
        self.click(r[0], r[1])

    def screen_point(self, js_rendered_point: str) -> tuple[float, float]:
        """Page coordinates of a point given in Cytoscape rendered coordinates."""
        x, y = self.eval(
            f"(function () {{ var p = {js_rendered_point}; var b = document.getElementById('graph')"
            ".getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; })()"
        )
        return x, y

    def mine(self, method: str) -> list[dict[str, Any]]:
        return [
            e["params"]
            for e in self.b.events
            if e.get("sessionId") == self.session and e.get("method") == method
        ]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    b = Chromium(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield b
    finally:
        b.close()


def open_page(browser: Chromium, path: Path, fragment: str = "") -> Page:
    return Page(browser, path.as_uri() + fragment)


def test_page_loads_offline_without_any_network_request_or_error(browser: Chromium, page_file: Path) -> None:
    page = open_page(browser, page_file)
    urls = [p["request"]["url"] for p in page.mine("Network.requestWillBeSent")]
    assert urls and all(u.startswith(("file:", "data:", "about:")) for u in urls), urls
    assert page.mine("Network.loadingFailed") == []
    assert page.mine("Runtime.exceptionThrown") == []
    assert [e for e in page.mine("Log.entryAdded") if e["entry"]["level"] == "error"] == []
    assert page.eval("typeof cytoscape") == "function"


def test_page_draws_every_actor_in_its_type_colour(browser: Chromium, page_file: Path) -> None:
    page = open_page(browser, page_file)
    assert page.eval("depeche.cy.nodes(':visible').length") == 8
    assert page.eval("depeche.cy.edges(':visible').length") == 6
    assert page.eval("document.getElementById('status').textContent").startswith("8 acteurs, 7 événements")
    # The canvas really shows Russia's node, blue (State), at its place.
    probe = f"""(function () {{
        var n = depeche.cy.getElementById({json.dumps(RUSSIA)}), p = n.renderedPosition(), best = null;
        document.querySelectorAll('#graph canvas').forEach(function (c) {{
            var r = window.devicePixelRatio || 1;
            var d = c.getContext('2d').getImageData(Math.round(p.x * r), Math.round(p.y * r), 1, 1).data;
            if (d[3] > 0) {{ best = [d[0], d[1], d[2]]; }}
        }});
        return best;
    }})()"""
    rgb = page.wait_for(probe)
    assert all(abs(a - b) <= 12 for a, b in zip(rgb, (31, 119, 180), strict=True)), rgb


def test_page_filter_by_class_changes_what_is_shown(browser: Chromium, page_file: Path) -> None:
    page = open_page(browser, page_file)
    page.click_element('#classes input[value="Veto"]')
    page.wait_for("!depeche.state.classes.has('Veto')")
    assert page.eval("depeche.cy.edges(':visible').map(function (e) { return e.data('cls'); }).sort()") == [
        "Accusation",
        "AirStrike",
        "Clash",
        "Negotiation",
        "Shelling",
    ]
    assert page.eval(f"depeche.cy.getElementById({json.dumps(FRANCE)}).visible()") is True  # still accuses
    page.click_element('#classes input[value="Accusation"]')
    page.wait_for(f"!depeche.cy.getElementById({json.dumps(FRANCE)}).visible()")
    assert page.eval("document.getElementById('status').textContent").startswith("7 acteurs, 5 événements")


def test_page_date_slider_and_actor_search_filter(browser: Chromium, page_file: Path) -> None:
    page = open_page(browser, page_file)
    assert page.eval("document.getElementById('from').max") == "5"  # 6 days: 4, 5, 7, 8, 19, 20 December
    page.eval(
        "(function () { var r = document.getElementById('from'); r.value = 4;"
        " r.dispatchEvent(new Event('input')); })()"
    )
    assert page.eval("document.getElementById('from-out').textContent") == "2016-12-19"
    assert page.eval("depeche.visible.events.length") == 2
    page.eval(
        "(function () { var r = document.getElementById('from'); r.value = 0;"
        " r.dispatchEvent(new Event('input')); })()"
    )
    page.click_element("#search")
    page.call("Input.insertText", {"text": "Mossoul"})  # no actor is called that: nothing shown
    page.wait_for("depeche.visible.events.length === 0")
    page.eval(
        "(function () { var s = document.getElementById('search'); s.value = '';"
        " s.dispatchEvent(new Event('input')); })()"
    )
    page.click_element("#search")
    page.call("Input.insertText", {"text": "EI"})  # an alias of the Islamic State
    page.wait_for("depeche.visible.events.length === 1")


def test_page_click_on_actor_shows_its_events_with_evidence_and_dispatch(
    browser: Chromium, page_file: Path
) -> None:
    page = open_page(browser, page_file)
    x, y = page.screen_point(f"depeche.cy.getElementById({json.dumps(ARMY)}).renderedPosition()")
    page.click(x, y)
    page.wait_for("document.querySelectorAll('#event-list li.event').length === 2")
    assert page.eval("document.querySelector('#details h2').textContent") == "armée syrienne"
    quotes = page.eval(
        "Array.from(document.querySelectorAll('#details blockquote.evidence'))"
        ".map(function (q) { return q.textContent; })"
    )
    assert quotes[0] == STRIKE_SENTENCE and len(quotes) == 2
    sources = page.eval(
        "Array.from(document.querySelectorAll('#details .dispatch'))"
        ".map(function (q) { return q.textContent; })"
    )
    assert sources[0] == "Dépêche alep-1 du 2016-12-05 : « Veto russe sur Alep »"
    assert "12 tués" in page.eval("document.getElementById('details').textContent")


def test_page_click_on_link_shows_the_events_of_that_link(browser: Chromium, page_file: Path) -> None:
    page = open_page(browser, page_file)
    edge = "depeche.cy.edges().filter(function (e) { return e.data('cls') === 'Veto'; })[0]"
    x, y = page.screen_point(f"{edge}.renderedMidpoint()")
    page.click(x, y)
    page.wait_for("document.querySelectorAll('#event-list li.event').length === 1")
    assert page.eval("document.querySelector('#details h2').textContent") == "Russia → France"
    assert page.eval("document.querySelector('#details blockquote.evidence').textContent") == VETO_SENTENCE


def test_page_state_from_the_url_fragment(browser: Chromium, page_file: Path) -> None:
    page = open_page(browser, page_file, f"#classes=AirStrike,Shelling&to=2016-12-10&select={ARMY}")
    assert page.eval("depeche.visible.events.length") == 1
    assert page.eval("document.querySelector('#classes input[value=\"Veto\"]').checked") is False
    assert page.eval("document.querySelector('#details blockquote.evidence').textContent") == STRIKE_SENTENCE


def test_filtered_export_page_shows_only_the_filtered_events(
    browser: Chromium, data: EventData, tmp_path: Path
) -> None:
    path = tmp_path / "attacks.html"
    export(data, path, fmt="html", filter=EventFilter(classes=("Attack",)))
    page = open_page(browser, path)
    assert page.eval("depeche.data.events.length") == 2
    assert page.eval("document.title") == "depeche — réseau des acteurs (classes=Attack)"
