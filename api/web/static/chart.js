// The link chart: cytoscape.js, nodes added a page at a time ("and N more"), a busy node asking which
// kinds and how many first, hubs drawn as suppressed with their record counts, and the two nodes
// last picked (for the paths). Other modules listen for changes through onChange().

import { api, el, state, status } from "./core.js";

// Neighbours added per expansion, and the number of links above which a node asks which kinds and
// how many first; both can be set in the address (?page=10&ask=50), within bounds.
const params = new URLSearchParams(window.location.search);
const bounded = (name, fallback, lo, hi) => Math.min(hi, Math.max(lo, Number(params.get(name)) || fallback));
const PAGE = bounded("page", 20, 1, 200);
const ASK_ABOVE = bounded("ask", 100, 1, 2000);
export const COLOURS = { person: "#1f77b4", phone: "#2ca02c", vehicle: "#8c564b", record: "#7f7f7f", address: "#9467bd",
  place: "#e377c2", handle: "#17becf", email: "#bcbd22" };
const BASE_SIZE = { person: 28 };

const pending = new Map(); // node id -> neighbours not yet drawn
const lastLinks = new Map(); // node id -> the links of its last expansion
export const picked = []; // the last two nodes picked, in order
const listeners = [];
let onPick = () => {};

export function onChange(listener) { listeners.push(listener); }
export function changed() { for (const listener of listeners) listener(); }

export function initChart(openEntity) {
  onPick = openEntity;
  const cy = window.cytoscape({
    container: document.getElementById("cy"),
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 140,
        "background-color": "data(colour)", width: "data(size)", height: "data(size)", "text-valign": "bottom", "text-margin-y": 3 } },
      { selector: "node[kind = 'record']", style: { shape: "round-rectangle" } },
      { selector: "node[?hub]", style: { "border-style": "dashed", "border-width": 3, "border-color": "#d62728", "background-opacity": 0.35,
        color: "#a33", "text-wrap": "wrap" } },
      { selector: "node[?note]", style: { "outline-width": 2, "outline-color": "#f2c200", "outline-offset": 2 } },
      { selector: "node.more", style: { shape: "round-tag", "background-color": "#ffd27f", "font-style": "italic" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#ff9900" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#aab", "curve-style": "bezier", label: "data(label)", "font-size": 7,
        color: "#667", "text-rotation": "autorotate" } },
      { selector: "edge.co", style: { "line-color": "#6a8caf", "line-style": "solid", width: 2, color: "#345" } },
      { selector: "edge[kind = 'CO_MENTION']", style: { "line-color": "#ccd", width: 1, label: "" } },
      { selector: "edge.path", style: { "line-color": "#ff7f0e", width: 4, "z-index": 10 } },
      { selector: "node.path", style: { "border-color": "#ff7f0e", "border-width": 5 } },
      { selector: "edge.timed", style: { "line-color": "#d62728", width: 4, "z-index": 11, "line-style": "dashed" } },
      { selector: "node.timed", style: { "border-color": "#d62728", "border-width": 5 } },
      { selector: ".collapsed, .filtered", style: { display: "none" } },
    ],
  });
  state.cy = cy;
  window.__caselinkChart = cy; // for the browser tests and the benchmark
  // The chart's box changes with the panels around it: keep cytoscape's idea of it current, or
  // clicks land beside the nodes.
  new ResizeObserver(() => cy.resize()).observe(document.getElementById("cy"));
  cy.on("dbltap", "node", (event) => {
    const node = event.target;
    if (node.hasClass("more")) showMore(node.data("parent_id")); else expand(node.id());
  });
  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (node.hasClass("more")) return;
    pick(node.id());
    onPick(node.id());
  });
  return cy;
}

export function pick(id) {
  const at = picked.indexOf(id);
  if (at >= 0) picked.splice(at, 1);
  picked.push(id);
  while (picked.length > 2) picked.shift();
  status(`picked: ${picked.map((i) => state.cy.getElementById(i).data("label")).join(" → ")}`);
  changed();
}

function nodeData(e) {
  return { id: e.id, label: e.caption, caption: e.caption, kind: e.kind, hub: e.hub, colour: COLOURS[e.kind] || "#999",
    size: BASE_SIZE[e.kind] || 18, first: e.first_seen, last: e.last_seen, props: e.properties || {} };
}

// A hub (a phone or place shared by too many people to be evidence) is drawn dashed, its links not
// followed, with how many records it is in: the analyst sees why it stops there.
function countHub(id) {
  api(`/entities/${encodeURIComponent(id)}`).then((d) => {
    const node = state.cy.getElementById(id);
    if (node.empty()) return;
    node.data("hub_records", d.records.length);
    node.data("label", `${node.data("caption")} (hub: ${d.records.length} records, links suppressed)`);
  }, () => {});
}

// Where the neighbours of an expanded node go: a ring around it, wide enough for their labels (150 px
// of arc each, a label being at most 140 wide), its places next to a node already drawn left to the
// last, so that a new label does not land on an old one.
const LABEL_ARC = 150;
const CLEARANCE = 150;

function ringAround(cy, around, centre, count) {
  const others = cy.nodes().filter((n) => n.id() !== around).map((n) => n.position());
  const far = (p, q) => Math.hypot(p.x - q.x, p.y - q.y);
  let slots = count;
  for (;;) {
    const radius = Math.max(140 + 6 * slots, (slots * LABEL_ARC) / (2 * Math.PI));
    const near = others.filter((q) => far(q, centre) < radius + CLEARANCE).length;
    if (slots >= count + near || slots > count * 3 + 8) break;
    slots = count + near;
  }
  const radius = Math.max(140 + 6 * slots, (slots * LABEL_ARC) / (2 * Math.PI));
  const free = [];
  const crowded = [];
  for (let k = 0; k < slots; k += 1) {
    const angle = (2 * Math.PI * k) / Math.max(slots, 1);
    const p = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
    (others.some((q) => far(p, q) < CLEARANCE) ? crowded : free).push(p);
  }
  return [...free, ...crowded];
}

export function addEntities(entities, around, positions) {
  const cy = state.cy;
  const centre = around ? cy.getElementById(around).position() : { x: 0, y: 0 };
  const fresh = entities.filter((e) => cy.getElementById(e.id).empty());
  const ring = around ? ringAround(cy, around, centre, fresh.length) : [];
  fresh.forEach((e, i) => {
    const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
    const radius = 60 * Math.sqrt(i);
    const position = positions && positions[e.id] ? positions[e.id]
      : around ? ring[i] : { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
    cy.add({ group: "nodes", data: nodeData(e), position });
    if (e.hub) countHub(e.id);
  });
  if (fresh.length) changed();
  return fresh.length;
}

export function addLinks(links) {
  const cy = state.cy;
  let added = 0;
  for (const l of links) {
    if (cy.getElementById(l.id).nonempty()) continue;
    if (cy.getElementById(l.source).empty() || cy.getElementById(l.target).empty()) continue;
    cy.add({ group: "edges", data: { id: l.id, source: l.source, target: l.target, kind: l.kind,
      label: l.kind.toLowerCase().replaceAll("_", " "), first: l.first_seen, last: l.last_seen } });
    added += 1;
  }
  if (added) changed();
}

export function clearChart() {
  state.cy.elements().remove();
  pending.clear();
  lastLinks.clear();
  picked.length = 0;
  changed();
}

// Nodes on the chart that are entities (not "and N more" nodes).
export function entityNodes() { return state.cy.nodes().not(".more"); }

export function refreshList() {
  const list = document.getElementById("chart-list");
  list.replaceChildren();
  entityNodes().forEach((n) => {
    const item = el("li", `${n.data("kind")}: ${n.data("label")}`);
    item.dataset.entity = n.id();
    if (n.data("note")) item.append(el("div", `note: ${n.data("note")}`, "muted note"));
    list.append(item);
  });
}

function setMore(parentId) {
  const cy = state.cy;
  const rest = pending.get(parentId) || [];
  const moreId = `more:${parentId}`;
  cy.getElementById(moreId).remove();
  if (!rest.length) return;
  const parent = cy.getElementById(parentId).position();
  cy.add({ group: "nodes", classes: "more", data: { id: moreId, parent_id: parentId, label: `and ${rest.length} more (double-click)`,
    colour: "#ffd27f", size: 16 }, position: { x: parent.x + 40, y: parent.y - 50 } });
  cy.add({ group: "edges", data: { id: `${moreId}:edge`, source: parentId, target: moreId, label: "" } });
}

function showMore(parentId, count = PAGE) {
  const rest = pending.get(parentId) || [];
  const next = rest.splice(0, count);
  pending.set(parentId, rest);
  addEntities(next, parentId);
  addLinks(lastLinks.get(parentId) || []);
  setMore(parentId);
}

function askKinds(entityId, neighbours) {
  const dialog = document.getElementById("ask");
  const counts = {};
  for (const n of neighbours) counts[n.kind] = (counts[n.kind] || 0) + 1;
  const node = state.cy.getElementById(entityId);
  const hub = node.data("hub") ? " (a hub: its links are suppressed in analyses)" : "";
  document.getElementById("ask-title").textContent =
    `${node.data("caption") || entityId}${hub} has ${neighbours.length} links: which kinds, and how many?`;
  const box = document.getElementById("ask-kinds");
  box.replaceChildren();
  for (const [kind, count] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
    const label = el("label");
    const input = el("input");
    input.type = "checkbox"; input.value = kind; input.checked = kind === "person";
    label.append(input, document.createTextNode(` ${kind} (${count})`));
    box.append(label);
  }
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "ok") { resolve(null); return; }
      const kinds = new Set([...box.querySelectorAll("input:checked")].map((i) => i.value));
      resolve({ kinds, count: Math.max(1, Math.min(500, Number(document.getElementById("ask-count").value) || PAGE)) });
    }, { once: true });
    dialog.showModal();
  });
}

export async function expand(entityId) {
  const cy = state.cy;
  const started = performance.now();
  status("expanding…");
  try {
    const net = await api(`/entities/${encodeURIComponent(entityId)}/network?depth=1&max_nodes=2000`);
    if (cy.getElementById(entityId).empty()) addEntities(net.entities.filter((e) => e.id === entityId), null);
    let neighbours = net.entities.filter((e) => e.id !== entityId && cy.getElementById(e.id).empty());
    lastLinks.set(entityId, net.links);
    let count = PAGE;
    // A hub always asks: drawing what a shared phone touches is rarely what is wanted.
    if (neighbours.length > ASK_ABOVE || (cy.getElementById(entityId).data("hub") && neighbours.length)) {
      const choice = await askKinds(entityId, neighbours);
      if (!choice) { status("expansion cancelled"); return; }
      neighbours = neighbours.filter((n) => choice.kinds.has(n.kind));
      count = choice.count;
    }
    neighbours.sort((a, b) => (a.kind === "person" ? 0 : 1) - (b.kind === "person" ? 0 : 1) || (b.last_seen || "").localeCompare(a.last_seen || ""));
    pending.set(entityId, neighbours);
    showMore(entityId, count);
    addLinks(net.links);
    cy.fit(undefined, 40);
    const hidden = net.cut.hubs_not_expanded.length ? `; ${net.cut.hubs_not_expanded.length} hub(s) not expanded` : "";
    const ms = performance.now() - started;
    window.__caselinkLastExpandMs = ms;
    window.__caselinkExpanded = (window.__caselinkExpanded || 0) + 1;
    status(`${net.entities.length - 1} linked${hidden}; expanded in ${ms.toFixed(0)} ms`);
  } catch (e) {
    status(e.message);
  }
}

// The chart as saved in an investigation: positions and the note on each node.
export function snapshot() {
  return entityNodes().map((n) => ({ id: n.id(), x: n.position("x"), y: n.position("y"), note: n.data("note") || "" }));
}

export function load(inv) {
  clearChart();
  const positions = Object.fromEntries(inv.positions.map((p) => [p.id, { x: p.x, y: p.y }]));
  addEntities(inv.entities, null, positions);
  addLinks(inv.links);
  for (const p of inv.positions) if (p.note) state.cy.getElementById(p.id).data("note", p.note);
  changed();
  state.cy.fit(undefined, 30);
}

export function setNote(id, note) {
  const node = state.cy.getElementById(id);
  if (node.empty()) return;
  if (note) node.data("note", note); else node.removeData("note");
  changed();
}
