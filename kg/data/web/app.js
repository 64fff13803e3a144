// The query page: pick a library query or write one, run it against /sparql, show the table.
"use strict";

const $ = (id) => document.getElementById(id);
let library = [];

function setStatus(text, kind) {
  const s = $("status");
  s.textContent = text;
  s.className = kind || "";
}

function showParams(q) {
  const box = $("params");
  box.replaceChildren();
  $("description").textContent = q ? q.description : "";
  if (!q) return;
  for (const p of q.params) {
    const label = document.createElement("label");
    label.htmlFor = "param-" + p.name;
    label.textContent = p.name + (p.required ? " *" : "") + " (" + p.type + ")";
    const input = document.createElement("input");
    input.id = "param-" + p.name;
    input.dataset.name = p.name;
    input.placeholder = p.description;
    input.value = p.default || "";
    box.append(label, input);
  }
}

function cellText(cell) {
  if (!cell) return "";
  return cell.type === "bnode" ? "_:" + cell.value : cell.value;
}

function showTable(data) {
  const results = $("results");
  results.replaceChildren();
  if (typeof data.boolean === "boolean") {
    const p = document.createElement("p");
    p.id = "boolean";
    p.textContent = String(data.boolean);
    results.append(p);
    return 1;
  }
  const table = document.createElement("table");
  table.id = "result-table";
  const head = table.createTHead().insertRow();
  for (const v of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.append(th);
  }
  const body = table.createTBody();
  for (const b of data.results.bindings) {
    const row = body.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cellText(b[v]);
  }
  results.append(table);
  return data.results.bindings.length;
}

function showGraph(text) {
  const pre = document.createElement("pre");
  pre.id = "result-graph";
  pre.textContent = text;
  $("results").replaceChildren(pre);
}

function request(format) {
  // a library query left as it is runs by name, its parameters bound by the server
  const name = $("library").value;
  const q = library.find((x) => x.name === name);
  if (q && $("query").value === q.text) {
    const params = new URLSearchParams();
    for (const input of $("params").querySelectorAll("input")) {
      if (input.value !== "") params.set(input.dataset.name, input.value);
    }
    if (format) params.set("format", format);
    return fetch("/api/queries/" + encodeURIComponent(name) + "?" + params.toString(),
                 { headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" } });
  }
  const body = new URLSearchParams({ query: $("query").value });
  const url = format ? "/sparql?format=" + encodeURIComponent(format) : "/sparql";
  return fetch(url, { method: "POST", body: body,
                      headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" } });
}

async function run() {
  setStatus("Running…");
  $("results").replaceChildren();
  const t0 = performance.now();
  let response;
  try {
    response = await request(null);
  } catch (e) {
    setStatus("Network error: " + e, "error");
    return;
  }
  const text = await response.text();
  if (!response.ok) {
    setStatus("Error " + response.status + ": " + text, "error");
    return;
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(2);
  const type = response.headers.get("Content-Type") || "";
  let count;
  if (type.includes("json")) {
    count = showTable(JSON.parse(text));
  } else {
    showGraph(text);
    count = text.split("\n").filter((l) => l.trim()).length;
  }
  const truncated = response.headers.get("X-Result-Truncated");
  if (truncated) {
    setStatus(count + " rows in " + seconds + " s — truncated: the server's result limit was reached", "warning");
  } else {
    setStatus(count + " row" + (count === 1 ? "" : "s") + " in " + seconds + " s", "done");
  }
}

async function download() {
  const format = $("format").value;
  const response = await request(format);
  const blob = await response.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = "results." + (format === "turtle" ? "ttl" : format);
  a.click();
}

async function init() {
  $("run").addEventListener("click", run);
  $("download").addEventListener("click", download);
  $("library").addEventListener("change", () => {
    const q = library.find((x) => x.name === $("library").value);
    if (q) $("query").value = q.text;
    showParams(q);
  });
  try {
    library = await (await fetch("/api/queries")).json();
  } catch (e) {
    library = [];
  }
  for (const q of library) {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.name + " — " + q.title;
    $("library").append(option);
  }
  // ?name=NAME&param.k=v&run=1 or ?query=…&run=1 open a query (and run it): links to share a question
  const url = new URLSearchParams(location.search);
  if (url.get("name")) {
    $("library").value = url.get("name");
    $("library").dispatchEvent(new Event("change"));
    for (const [k, v] of url) {
      if (k.startsWith("param.") && $("param-" + k.slice(6))) $("param-" + k.slice(6)).value = v;
    }
  } else if (url.get("query")) {
    $("query").value = url.get("query");
  }
  document.body.dataset.ready = "true";
  if (url.get("run") === "1") await run();
}

init();
