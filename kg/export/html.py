"""The interactive page: the actor network in one self-contained HTML file.

The page inlines its data (JSON), its style, its script and the vendored
Cytoscape.js (``kg/data/web/vendor/``, MIT licence, its notice kept in the page),
and a Content-Security-Policy forbids every network load, so it opens offline,
from a file or an e-mail attachment, and fetches nothing when viewed.

Actors are coloured by type and placed by a force-directed layout computed here
(deterministic: the same data gives the same page). Links are coloured by event
class and thickened by their number of events. A period slider, an actor search
and checkboxes (status, event class, actor type) filter what is shown; a click on
an actor or a link lists its events with their evidence sentences and dispatches.
The URL fragment can set the state (``#classes=Veto&from=2016-12-01&select=<iri>``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from kg import resources
from kg.errors import KGError
from kg.export import style
from kg.export.networkx import event_pairs, layout
from kg.export.records import EventData, EventFilter

_MARKER = re.compile(r"@@(TITLE|CSS|DATA|CYTOSCAPE|APP)@@")


def _web(name: str) -> str:
    return resources.data_file("web", name).read_text(encoding="utf-8")


def _script_safe(js: str, name: str) -> str:
    if re.search(r"</script|<!--", js, flags=re.IGNORECASE):
        raise KGError(f"{name} cannot be inlined in a <script> element", hint="report this as a bug")
    return js


def _json_for_script(value: Any) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(data: EventData, *, title: str = "", filter: EventFilter | None = None) -> dict[str, Any]:
    """The JSON the page embeds: actors (with positions), places, dispatches, events, legends.

    Events refer to actors, places and dispatches by their index in those lists; each event
    carries the actor ``pairs`` it links (:func:`kg.export.networkx.event_pairs`).
    """
    events = list(data.events.values())
    actor_ids = sorted({a for ev in events for a in ev.actors})
    actor_index = {a: i for i, a in enumerate(actor_ids)}
    place_ids = sorted({p for ev in events for p in ev.places})
    place_index = {p: i for i, p in enumerate(place_ids)}
    dispatch_ids = sorted({ev.dispatch for ev in events})
    dispatch_index = {d: i for i, d in enumerate(dispatch_ids)}

    g = nx.Graph()
    g.add_nodes_from(actor_ids)
    for ev in events:
        for u, v, _ in event_pairs(ev):
            w = g[u][v]["weight"] + 1 if g.has_edge(u, v) else 1
            g.add_edge(u, v, weight=w)
    pos = layout(g, scale=max(150.0, 60.0 * len(actor_ids) ** 0.5))  # node sizes stay readable once fitted

    actors = []
    type_counts: Counter[str] = Counter()
    for a in actor_ids:
        info = data.entities.get(a)
        kind = info.type if info else "Actor"
        type_counts[kind] += 1
        x, y = pos.get(a, (0.0, 0.0))
        actors.append(
            {
                "id": a,
                "label": data.label(a),
                "type": kind,
                "qid": info.qid if info else None,
                "aliases": list(info.aliases) if info else [],
                "x": round(x, 1),
                "y": round(y, 1),
            }
        )
    class_counts = Counter(ev.event_class for ev in events)
    out_events = []
    for i, ev in enumerate(events):
        out_events.append(
            {
                "index": i,
                "id": ev.iri,
                "cls": ev.event_class,
                "plover": ", ".join(ev.plover),
                "status": ev.status,
                "day": ev.day.isoformat() if ev.day else None,
                "dates": [d.isoformat() for d in ev.dates],
                "fromDispatch": ev.day_from_dispatch,
                "agents": [actor_index[a] for a in ev.agents],
                "targets": [actor_index[a] for a in ev.targets],
                "participants": [actor_index[a] for a in ev.participants],
                "places": [place_index[p] for p in ev.places],
                "dispatch": dispatch_index[ev.dispatch],
                "evidence": [e.text for e in ev.evidence],
                "killed": ev.killed,
                "injured": ev.injured,
                "pairs": [[actor_index[u], actor_index[v], rel] for u, v, rel in event_pairs(ev)],
            }
        )
    dispatches = []
    for d in dispatch_ids:
        disp = data.dispatches.get(d)
        dispatches.append(
            {
                "id": d,
                "name": disp.source_name if disp else d,
                "date": disp.date.isoformat() if disp and disp.date else None,
                "headline": disp.headline if disp else None,
            }
        )
    return {
        "title": title,
        "filter": filter.describe() if filter else "",
        "classes": [
            {"name": c, "colour": style.event_colour(c), "count": n}
            for c, n in sorted(class_counts.items(), key=lambda x: (-x[1], x[0]))
        ],
        "types": [
            {"name": t, "colour": style.actor_colour(t), "count": type_counts.get(t, 0)}
            for t in [*style.ACTOR_TYPE_COLOURS, *sorted(set(type_counts) - set(style.ACTOR_TYPE_COLOURS))]
        ],
        "actors": actors,
        "places": [{"id": p, "label": data.label(p)} for p in place_ids],
        "dispatches": dispatches,
        "events": out_events,
    }


def render_html(data: EventData, *, title: str | None = None, filter: EventFilter | None = None) -> str:
    """The page as text (see the module docstring).

    Args:
        data: the events to show (already filtered; ``filter`` is only described in the page).
        title: the page title (default: "depeche — réseau des acteurs").
        filter: the filter ``data`` was selected with, shown in the title.
    """
    title = title or "depeche — réseau des acteurs" + (f" ({filter.describe()})" if filter else "")
    cytoscape = _web("vendor/cytoscape.min.js")
    licence = _web("vendor/cytoscape.LICENSE").replace("*/", "* /")
    parts = {
        "TITLE": _escape(title),
        "CSS": _web("graph.css"),
        "DATA": _json_for_script(page_data(data, title=title, filter=filter)),
        "CYTOSCAPE": "/*! Cytoscape.js, https://js.cytoscape.org (MIT licence):\n"
        + licence
        + "\n*/\n"
        + _script_safe(cytoscape, "cytoscape.min.js"),
        "APP": _script_safe(_web("graph.js"), "graph.js"),
    }
    return _MARKER.sub(lambda m: parts[m.group(1)], _web("graph.html"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_html(
    data: EventData, path: Path, *, title: str | None = None, filter: EventFilter | None = None
) -> tuple[int, int]:
    """Write the page to ``path`` (atomically); returns the numbers of actors and of actor links.

    ``data`` should already be filtered (``data.select(filter)``); ``filter`` is only described.
    """
    text = render_html(data, title=title, filter=filter)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    actors = {a for ev in data.events.values() for a in ev.actors}
    links = {(u, v) for ev in data.events.values() for u, v, _ in event_pairs(ev)}
    return len(actors), len(links)
