/* depeche: the interactive actor network (kg export --format html).
 *
 * Reads the page's embedded JSON (#kg-data), draws actors with Cytoscape.js and links
 * them by the events they share. Filters (period, actor, status, event class, actor type)
 * rebuild the visible links; a click on an actor or a link lists its events with their
 * evidence sentences and dispatches. The state can be set from the URL fragment, e.g.
 *   #classes=Veto,AirStrike&from=2016-12-01&to=2016-12-31&actor=Russia&select=<iri>
 * Nothing is fetched: the page works offline.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var STATUS_LABELS = { Occurred: "survenu", Planned: "prévu", Negated: "démenti" };
  var ROLE_ARROWS = { "agent-target": "→", "agent-participant": "→", participants: "—" };

  var classColour = {};
  DATA.classes.forEach(function (c) { classColour[c.name] = c.colour; });
  var typeColour = {};
  DATA.types.forEach(function (t) { typeColour[t.name] = t.colour; });

  var days = Array.from(new Set(DATA.events.map(function (e) { return e.day; }).filter(Boolean))).sort();

  var state = {
    classes: new Set(DATA.classes.map(function (c) { return c.name; })),
    types: new Set(DATA.types.map(function (t) { return t.name; })),
    statuses: new Set(["Occurred", "Planned", "Negated"]),
    from: 0,
    to: Math.max(days.length - 1, 0),
    search: "",
    selected: null
  };
  var visible = { events: [], edges: {}, nodes: new Set() };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function swatch(colour) { return el("span", { "class": "swatch", style: "background:" + colour }); }

  function checkboxes(container, items, set, onChange) {
    items.forEach(function (item) {
      var box = el("input", { type: "checkbox", value: item.name, "data-name": item.name });
      box.checked = set.has(item.name);
      box.addEventListener("change", function () {
        if (box.checked) { set.add(item.name); } else { set.delete(item.name); }
        onChange();
      });
      var label = el("label", {}, [box, swatch(item.colour || "#ccc"), item.label || item.name]);
      if (item.count !== undefined) { label.appendChild(el("span", { "class": "count", text: " " + item.count })); }
      container.appendChild(label);
    });
  }

  // --- the graph ------------------------------------------------------------------------------
  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: DATA.actors.map(function (a, i) {
      return {
        group: "nodes",
        data: { id: a.id, index: i, label: a.label, type: a.type, colour: typeColour[a.type] || "#9e9e9e", n: 1 },
        position: { x: a.x, y: a.y }
      };
    }),
    layout: { name: "preset", fit: true, padding: 30 },
    textureOnViewport: DATA.events.length > 3000,
    hideEdgesOnViewport: DATA.events.length > 3000,
    minZoom: 0.05,
    maxZoom: 6,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "label": "data(label)", "font-size": 11,
        "width": "mapData(n, 1, 30, 14, 52)", "height": "mapData(n, 1, 30, 14, 52)",
        "text-outline-color": "#fff", "text-outline-width": 2, "color": "#222",
        "text-valign": "bottom", "text-margin-y": 3, "min-zoomed-font-size": 7 } },
      { selector: "edge", style: {
        "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "data(arrow)", "curve-style": "bezier", "opacity": 0.75,
        "width": "mapData(count, 1, 20, 1.5, 10)", "arrow-scale": 0.9 } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#000", "line-style": "dashed", "opacity": 1 } }
    ]
  });

  function actorMatches(a, text) {
    if (!text) { return true; }
    var t = text.toLowerCase();
    return [a.label, a.qid || "", a.id].concat(a.aliases || []).some(function (s) {
      return s.toLowerCase().indexOf(t) >= 0;
    });
  }

  function eventVisible(e) {
    if (!state.classes.has(e.cls) || !state.statuses.has(e.status)) { return false; }
    if (days.length && (e.day < days[state.from] || e.day > days[state.to])) { return false; }
    if (state.search) {
      var actors = e.agents.concat(e.targets, e.participants);
      if (!actors.some(function (i) { return actorMatches(DATA.actors[i], state.search); })) { return false; }
    }
    return true;
  }

  // Every (actor, actor, class) link is created once; filters only show, hide and resize them,
  // which keeps a page of 10,000 events responsive.
  var allEdges = {};
  DATA.events.forEach(function (e) {
    e.pairs.forEach(function (p) {
      var id = p[0] + "|" + p[1] + "|" + e.cls;
      if (!allEdges[id]) { allEdges[id] = { source: p[0], target: p[1], cls: e.cls, rel: p[2] }; }
    });
  });
  var edgeIds = Object.keys(allEdges);
  var big = edgeIds.length > 2000;
  cy.add(edgeIds.map(function (id) {
    var e = allEdges[id];
    return { group: "edges", classes: "hidden", data: {
      id: id, source: DATA.actors[e.source].id, target: DATA.actors[e.target].id, cls: e.cls, count: 1,
      colour: classColour[e.cls] || "#9e9e9e", arrow: e.rel === "participants" ? "none" : "triangle" } };
  }));
  if (big) { cy.style().selector("edge").style({ "curve-style": "haystack", "haystack-radius": 0.3 }).update(); }

  function apply() {
    visible.events = DATA.events.filter(eventVisible);
    var counts = {};
    var edges = {};
    visible.events.forEach(function (e) {
      e.agents.concat(e.targets, e.participants).forEach(function (i) {
        if (state.types.has(DATA.actors[i].type)) { counts[i] = (counts[i] || 0) + 1; }
      });
      e.pairs.forEach(function (p) {
        if (!state.types.has(DATA.actors[p[0]].type) || !state.types.has(DATA.actors[p[1]].type)) { return; }
        var id = p[0] + "|" + p[1] + "|" + e.cls;
        var edge = edges[id] || (edges[id] = { source: p[0], target: p[1], cls: e.cls, rel: p[2], events: [] });
        edge.events.push(e.index);
      });
    });
    visible.edges = edges;
    visible.nodes = new Set(Object.keys(counts).map(Number));
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var i = n.data("index");
        var show = visible.nodes.has(i);
        if (n.hasClass("hidden") === show) { n.toggleClass("hidden", !show); }
        var c = counts[i] || 1;
        if (n.data("n") !== c) { n.data("n", c); }
      });
      cy.edges().forEach(function (ed) {
        var e = edges[ed.id()];
        if (!e) {
          if (!ed.hasClass("hidden")) { ed.addClass("hidden"); }
          return;
        }
        if (ed.hasClass("hidden")) { ed.removeClass("hidden"); }
        if (ed.data("count") !== e.events.length) { ed.data("count", e.events.length); }
      });
    });
    document.getElementById("status").textContent =
      visible.nodes.size + " acteurs, " + visible.events.length + " événements, " +
      Object.keys(edges).length + " liens affichés (sur " + DATA.actors.length + " acteurs et " +
      DATA.events.length + " événements)";
    document.getElementById("from-out").textContent = days[state.from] || "";
    document.getElementById("to-out").textContent = days[state.to] || "";
    if (state.selected) { show(state.selected); }
  }

  // --- details --------------------------------------------------------------------------------
  function actorName(i) { return DATA.actors[i].label; }

  function rolesText(e) {
    var parts = [];
    if (e.agents.length) { parts.push(e.agents.map(actorName).join(", ")); }
    if (e.targets.length) { parts.push("→ " + e.targets.map(actorName).join(", ")); }
    if (e.participants.length) { parts.push((parts.length ? "avec " : "") + e.participants.map(actorName).join(", ")); }
    return parts.join(" ");
  }

  function eventItem(e) {
    var d = DATA.dispatches[e.dispatch] || {};
    var when = e.dates.length ? e.dates.join(" ou ") : (e.day ? e.day + " (date de la dépêche)" : "date inconnue");
    var head = el("div", {}, [
      el("span", { "class": "badge", style: "background:" + (classColour[e.cls] || "#9e9e9e"), text: e.cls }), " ",
      el("span", { "class": "roles", text: rolesText(e) })
    ]);
    var meta = [when, STATUS_LABELS[e.status] || e.status];
    if (e.places.length) { meta.push(e.places.map(function (i) { return DATA.places[i].label; }).join(", ")); }
    if (e.plover) { meta.push("PLOVER " + e.plover); }
    if (e.killed) { meta.push(e.killed + " tués"); }
    if (e.injured) { meta.push(e.injured + " blessés"); }
    var item = el("li", { "class": "event", "data-event": e.id }, [head, el("div", { "class": "meta", text: meta.join(" · ") })]);
    e.evidence.forEach(function (text) { item.appendChild(el("blockquote", { "class": "evidence", text: text })); });
    var source = "Dépêche " + (d.name || "?") + (d.date ? " du " + d.date : "") + (d.headline ? " : « " + d.headline + " »" : "");
    item.appendChild(el("div", { "class": "dispatch", "data-dispatch": d.id || "", text: source }));
    return item;
  }

  function show(id) {
    var panel = document.getElementById("details");
    panel.textContent = "";
    state.selected = id;
    var events = [];
    var title;
    var meta = "";
    var ele = cy.getElementById(id);
    if (ele.empty() || ele.hasClass("hidden")) {
      panel.appendChild(el("p", { "class": "hint", text: "Cliquer sur un acteur ou un lien." }));
      state.selected = null;
      return;
    }
    if (ele.isNode()) {
      var i = ele.data("index");
      var a = DATA.actors[i];
      title = a.label;
      meta = a.type + (a.aliases && a.aliases.length ? " · " + a.aliases.join(", ") : "");
      events = visible.events.filter(function (e) {
        return e.agents.indexOf(i) >= 0 || e.targets.indexOf(i) >= 0 || e.participants.indexOf(i) >= 0;
      });
      panel.appendChild(el("h2", { text: title }));
      var p = el("p", { "class": "meta", text: meta });
      if (a.qid) {
        p.appendChild(document.createTextNode(" · "));
        p.appendChild(el("a", { href: "https://www.wikidata.org/wiki/" + a.qid, target: "_blank", rel: "noopener noreferrer", text: a.qid }));
      }
      panel.appendChild(p);
    } else {
      var edge = visible.edges[id];
      events = edge.events.map(function (k) { return DATA.events[k]; });
      title = actorName(edge.source) + " " + (ROLE_ARROWS[edge.rel] || "→") + " " + actorName(edge.target);
      panel.appendChild(el("h2", { text: title }));
      panel.appendChild(el("p", { "class": "meta", text: edge.cls + " · " + events.length + " événement(s)" }));
    }
    events = events.slice().sort(function (x, y) { return (x.day || "").localeCompare(y.day || ""); });
    var list = el("ol", { id: "event-list" });
    events.forEach(function (e) { list.appendChild(eventItem(e)); });
    panel.appendChild(list);
  }

  cy.on("tap", "node, edge", function (evt) { cy.elements().unselect(); evt.target.select(); show(evt.target.id()); });
  cy.on("tap", function (evt) {
    if (evt.target === cy) { state.selected = null; show(""); }
  });

  // --- controls -------------------------------------------------------------------------------
  var from = document.getElementById("from");
  var to = document.getElementById("to");
  [from, to].forEach(function (r) { r.max = Math.max(days.length - 1, 0); });
  function syncRange() {
    from.value = state.from;
    to.value = state.to;
  }
  from.addEventListener("input", function () {
    state.from = Math.min(Number(from.value), state.to); syncRange(); apply();
  });
  to.addEventListener("input", function () {
    state.to = Math.max(Number(to.value), state.from); syncRange(); apply();
  });
  var search = document.getElementById("search");
  search.addEventListener("input", function () { state.search = search.value.trim(); apply(); });

  function fromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (params.has("classes")) { state.classes = new Set(params.get("classes").split(",").filter(Boolean)); }
    if (params.has("types")) { state.types = new Set(params.get("types").split(",").filter(Boolean)); }
    if (params.has("statuses")) { state.statuses = new Set(params.get("statuses").split(",").filter(Boolean)); }
    function dayIndex(value, last) {
      var i = last ? days.length - 1 : 0;
      days.forEach(function (d, k) { if (last ? d <= value : d < value) { i = last ? k : k + 1; } });
      return Math.min(Math.max(i, 0), Math.max(days.length - 1, 0));
    }
    if (params.get("from")) { state.from = dayIndex(params.get("from"), false); }
    if (params.get("to")) { state.to = dayIndex(params.get("to"), true); }
    if (params.get("actor")) { state.search = params.get("actor"); search.value = state.search; }
    return params.get("select");
  }

  var initialSelection = fromHash();
  checkboxes(document.getElementById("classes"), DATA.classes, state.classes, apply);
  checkboxes(document.getElementById("types"), DATA.types.filter(function (t) { return t.count > 0; }), state.types, apply);
  checkboxes(document.getElementById("statuses"), ["Occurred", "Planned", "Negated"].map(function (s) {
    return { name: s, label: STATUS_LABELS[s], colour: "#bbb" };
  }), state.statuses, apply);
  function setAllClasses(on) {
    document.querySelectorAll("#classes input").forEach(function (box) {
      box.checked = on;
      if (on) { state.classes.add(box.value); } else { state.classes.delete(box.value); }
    });
    apply();
  }
  document.getElementById("classes-all").addEventListener("click", function () { setAllClasses(true); });
  document.getElementById("classes-none").addEventListener("click", function () { setAllClasses(false); });
  syncRange();
  apply();
  cy.fit(cy.nodes(":visible"), 30);
  if (initialSelection) { cy.getElementById(initialSelection).select(); show(initialSelection); }

  window.depeche = { cy: cy, data: DATA, state: state, visible: visible, apply: apply, show: show };
  document.body.setAttribute("data-ready", "true");
})();
