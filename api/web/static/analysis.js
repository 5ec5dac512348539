// What the chart says: record nodes collapsed into labelled person-to-person links, the shortest and
// the time-ordered path between the two picked nodes side by side, communities as colour and key
// players as size (both computed by the API on the people drawn, hubs suppressed).

import { addEntities, addLinks, changed, entityNodes, onChange, picked } from "./chart.js";
import { api, el, state, status } from "./core.js";

const COMMUNITY = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#469990", "#9a6324"];
const SUBJECT = "SUBJECT_OF";
let collapsed = false;

// -- records collapsed into links ------------------------------------------------------------

function recordLabel(record) {
  const p = record.data("props") || {};
  return [p.record_no || record.data("caption"), record.data("first")].filter(Boolean).join(", ");
}

// Each record with two or more of its subjects drawn becomes links between them ("co-subjects,
// OPP-25-000001, 2025-07-16"), and what it mentions (a phone, a place) is linked to its subjects
// ("phone in OPP-25-000001"). A record on a highlighted path, or with fewer than two subjects
// drawn, stays a node: hiding it would hide the link.
function applyCollapse() {
  const cy = state.cy;
  cy.batch(() => {
    cy.edges(".co").remove();
    cy.nodes(".collapsed").removeClass("collapsed");
    if (!collapsed) return;
    cy.nodes("[kind = 'record']").not(".path, .timed").forEach((record) => {
      const subjects = record.connectedEdges(`[kind = '${SUBJECT}']`).connectedNodes().not(record);
      if (subjects.length < 2) return;
      const label = recordLabel(record);
      const data = { first: record.data("first"), last: record.data("last"), record: record.id() };
      const ids = subjects.map((n) => n.id()).sort();
      for (let i = 0; i < ids.length; i += 1) {
        for (let j = i + 1; j < ids.length; j += 1) {
          cy.add({ group: "edges", classes: "co", data: { ...data, id: `co:${record.id()}:${ids[i]}:${ids[j]}`, source: ids[i],
            target: ids[j], kind: "CO_SUBJECTS", label: `co-subjects, ${label}` } });
        }
      }
      record.connectedEdges().not(`[kind = '${SUBJECT}']`).forEach((edge) => {
        const other = edge.source().id() === record.id() ? edge.target() : edge.source();
        if (other.hasClass("more") || subjects.contains(other)) return;
        for (const s of ids) {
          cy.add({ group: "edges", classes: "co", data: { ...data, id: `co:${edge.id()}:${s}`, source: other.id(), target: s,
            kind: "CO_MENTION", label: `${other.data("kind")} in ${label}` } });
        }
      });
      record.addClass("collapsed");
    });
  });
}

function toggleCollapse() {
  collapsed = !collapsed;
  document.getElementById("btn-collapse").textContent = collapsed ? "Show records" : "Collapse records";
  document.getElementById("btn-collapse").setAttribute("aria-pressed", String(collapsed));
  applyCollapse();
  changed();
  const hidden = state.cy.nodes(".collapsed").length;
  status(collapsed ? `${hidden} record(s) drawn as ${state.cy.edges(".co").length} links between their subjects` : "records drawn as nodes");
}

// -- paths -----------------------------------------------------------------------------------

function highlight(nodes, hops, cls) {
  const cy = state.cy;
  cy.elements().removeClass(cls);
  addEntities(nodes, null);
  addLinks(hops.map((h) => h.link));
  for (const n of nodes) cy.getElementById(n.id).addClass(cls);
  for (const h of hops) cy.getElementById(h.link.id).addClass(cls);
}

function describePath(title, cls, path, timed) {
  const box = el("div", null, `path-box ${cls}`);
  box.dataset.kind = cls;
  box.append(el("h3", title));
  if (!path) { box.append(el("p", timed ? "no time-ordered path" : "no path within 6 hops", "muted")); return box; }
  const steps = el("ol");
  steps.append(el("li", path.nodes[0].caption));
  path.hops.forEach((hop, i) => {
    const how = hop.link.kind.toLowerCase().replaceAll("_", " ");
    const when = timed ? hop.when : (hop.link.first_seen || "");
    const item = el("li");
    item.append(el("span", `${how}${when ? ", " + when : ""}`, "muted"), el("br"), document.createTextNode(path.nodes[i + 1].caption));
    steps.append(item);
  });
  box.append(el("div", `${path.hops.length} hops`, "muted"), steps);
  return box;
}

// The shortest path and the time-ordered one (each link no earlier than the one before it) between
// the two picked nodes, drawn together on the chart (orange and dashed red) and listed side by side.
async function findPaths(which) {
  if (picked.length !== 2) { status("pick two nodes first (click one, then another)"); return; }
  const [a, b] = picked;
  const q = `from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}&max=6&limit=1`;
  try {
    const [shortest, timed] = await Promise.all([
      which === "timed" ? null : api(`/paths?${q}`),
      api(`/analytics/timed-paths?${q}`)]);
    const s = shortest && shortest.paths[0];
    const t = timed.paths[0];
    if (s) highlight(s.nodes, s.hops, "path");
    if (t) highlight(t.nodes, t.hops, "timed");
    applyCollapse();
    const panel = document.getElementById("paths");
    panel.replaceChildren(
      ...(which === "timed" ? [] : [describePath("Shortest", "path", s, false)]),
      describePath("Time-ordered", "timed", t, true), closer(panel));
    panel.hidden = false;
    const bits = [];
    if (which !== "timed") bits.push(s ? `shortest path, ${s.hops.length} hops: ${s.nodes.map((n) => n.caption).join(" → ")}` : "no path within 6 hops");
    bits.push(t ? `time-ordered path, ${t.hops.length} hops (${t.hops.map((h) => h.when).join(", ")})` : "no time-ordered path");
    status(bits.join("; "));
    // Then fit: the panels beside the chart and a status long enough to wrap have both made it smaller.
    state.cy.resize();
    state.cy.fit(undefined, 40);
  } catch (e) {
    status(e.message);
  }
}

// -- communities and key players ---------------------------------------------------------------

function seeds() {
  return entityNodes().filter("[kind = 'person']").map((n) => n.id()).slice(0, 50);
}

function around(ids) { return ids.map((i) => "around=" + encodeURIComponent(i)).join("&"); }

function closer(box) {
  const x = el("button", "×", "close");
  x.type = "button";
  x.title = "Hide";
  x.addEventListener("click", () => {
    box.hidden = true;
    const outer = box.parentElement;  // the last legend closed: the column beside the chart goes too
    if (outer && outer.id === "legend" && [...outer.children].every((c) => c.hidden)) outer.hidden = true;
  });
  return x;
}

// One legend per analysis (communities, key players), in the column beside the chart.
function legend(title, rows) {
  const outer = document.getElementById("legend");
  let box = [...outer.children].find((c) => c.dataset.legend === title);
  if (!box) { box = el("div", null, "legend-box"); box.dataset.legend = title; outer.append(box); }
  box.replaceChildren(closer(box), el("h3", title));
  for (const [colour, text] of rows) {
    const row = el("div", null, "legend-row");
    const swatch = el("span", null, "swatch");
    swatch.style.background = colour;
    row.append(swatch, document.createTextNode(text));
    box.append(row);
  }
  box.hidden = false;
  outer.hidden = false;
}

async function communities() {
  const ids = seeds();
  if (!ids.length) { status("no person on the chart"); return; }
  try {
    const answer = await api(`/analytics/communities?depth=3&${around(ids)}`);
    window.__caselinkCommunities = answer; // the browser test checks the colours against it
    const cy = state.cy;
    const rows = [];
    for (const c of answer.communities) {
      const colour = COMMUNITY[c.id % COMMUNITY.length];
      let drawn = 0;
      for (const m of c.members) {
        const node = cy.getElementById(m);
        if (node.nonempty()) { node.data("colour", colour); node.data("community", c.id); drawn += 1; }
      }
      if (drawn) rows.push([colour, `community ${c.id}: ${c.persons.length} person(s), ${drawn} on the chart`]);
    }
    legend("Communities", rows);
    status(`${answer.communities.length} communities (${answer.method})`);
  } catch (e) { status(e.message); }
}

async function keyPlayers() {
  const ids = seeds();
  if (!ids.length) { status("no person on the chart"); return; }
  try {
    const answer = await api(`/analytics/key-players?depth=3&top=20&${around(ids)}`);
    const rows = [];
    answer.players.forEach((p, rank) => {
      const node = state.cy.getElementById(p.entity);
      if (node.empty()) return;
      node.data("size", 20 + 50 * p.score);
      node.data("label", `#${rank + 1} ${node.data("caption")}`);
      rows.push([node.data("colour"), `#${rank + 1} ${p.caption}: score ${p.score.toFixed(2)}, ${p.degree} links`]);
    });
    legend("Key players (size)", rows);
    status(`key players: ${answer.players.slice(0, 3).map((p) => p.caption).join(", ")}`);
  } catch (e) { status(e.message); }
}

export function installAnalysis() {
  document.getElementById("btn-path").addEventListener("click", () => findPaths("both"));
  document.getElementById("btn-timed").addEventListener("click", () => findPaths("timed"));
  document.getElementById("btn-communities").addEventListener("click", communities);
  document.getElementById("btn-players").addEventListener("click", keyPlayers);
  document.getElementById("btn-collapse").addEventListener("click", toggleCollapse);
  let queued = false;
  onChange(() => {
    // Nodes came or went: redraw the collapsed links once the change is over.
    if (!collapsed || queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; applyCollapse(); });
  });
}

export function resetAnalysis() {
  document.getElementById("paths").hidden = true;
  const legendBox = document.getElementById("legend");
  legendBox.hidden = true;
  legendBox.replaceChildren();
}
