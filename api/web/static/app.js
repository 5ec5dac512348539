// caselink workbench: search, entity card, link chart, paths, timeline, saved investigations.
//
// Every read goes through the access-controlled API with the session cookie (HttpOnly: this script
// never sees it); every state-changing request carries the session's CSRF token. Data is written
// into the page with textContent only: names in the records may be hostile.

// Neighbours added per expansion, and the number of links above which a node asks which kinds and
// how many first; both can be set in the address (?page=10&ask=50), within bounds.
const params = new URLSearchParams(window.location.search);
const bounded = (name, fallback, lo, hi) => Math.min(hi, Math.max(lo, Number(params.get(name)) || fallback));
const PAGE = bounded("page", 20, 1, 200);
const ASK_ABOVE = bounded("ask", 100, 1, 2000);
const COLOURS = { person: "#1f77b4", phone: "#2ca02c", vehicle: "#8c564b", record: "#7f7f7f", address: "#9467bd",
  place: "#e377c2", handle: "#17becf", email: "#bcbd22" };
const COMMUNITY = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#469990", "#9a6324"];

let csrf = null;
let cy = null;
const pending = new Map(); // node id -> neighbours not yet drawn
const picked = []; // the last two nodes picked, in order

class ApiError extends Error {}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function status(text) { document.getElementById("status").textContent = text; }

async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const response = await fetch(path, { method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  if (response.status === 401 && !path.startsWith("/auth/login")) { showSignIn(); }
  if (!response.ok) throw new ApiError((data && data.message) || response.statusText);
  return data;
}

// -- sign-in ---------------------------------------------------------------------------------

function showSignIn() {
  csrf = null;
  document.getElementById("signin").hidden = false;
  document.getElementById("workbench").hidden = true;
  document.getElementById("signout").hidden = true;
  document.getElementById("whoami").textContent = "";
}

function showWorkbench(session) {
  csrf = session.csrf;
  document.getElementById("signin").hidden = true;
  document.getElementById("workbench").hidden = false;
  document.getElementById("signout").hidden = false;
  document.getElementById("whoami").textContent =
    `${session.name} · ${session.role}${session.agency ? " · " + session.agency : ""}`;
  if (!cy) initChart();
  refreshInvestigations();
}

async function signIn(event) {
  event.preventDefault();
  const error = document.getElementById("signin-error");
  error.textContent = "";
  try {
    const session = await api("/auth/login", { method: "POST", body: {
      name: document.getElementById("signin-name").value, password: document.getElementById("signin-password").value } });
    document.getElementById("signin-password").value = "";
    showWorkbench(session);
  } catch (e) {
    error.textContent = e.message;
  }
}

async function signOut() {
  try { await api("/auth/logout", { method: "POST" }); } finally {
    if (cy) cy.elements().remove();
    pending.clear();
    document.getElementById("results").replaceChildren();
    document.getElementById("card").replaceChildren();
    showSignIn();
  }
}

// -- search and card -------------------------------------------------------------------------

function describe(entity) {
  const p = entity.properties || {};
  const bits = [];
  if (p.dobs && p.dobs.length) bits.push("DOB " + p.dobs.join(", "));
  if (p.roles && p.roles.length) bits.push(p.roles.join(", ").toLowerCase());
  if (entity.labels.agencies.length) bits.push(entity.labels.agencies.join(", "));
  if (entity.first_seen) bits.push(entity.first_seen === entity.last_seen ? entity.first_seen : `${entity.first_seen} – ${entity.last_seen}`);
  return bits.join(" · ");
}

async function search(event) {
  event.preventDefault();
  const q = document.getElementById("search-q").value.trim();
  const list = document.getElementById("results");
  list.replaceChildren(el("li", "searching…", "muted"));
  try {
    const answer = await api(`/search?q=${encodeURIComponent(q)}&limit=15`);
    list.replaceChildren();
    if (!answer.hits.length) list.append(el("li", "nothing found", "muted"));
    for (const hit of answer.hits) {
      const item = el("li");
      item.dataset.entity = hit.entity.id;
      const title = el("div", null, "hit-title");
      title.append(el("span", hit.entity.kind, "kind"), document.createTextNode(hit.entity.caption));
      const meta = el("div", describe(hit.entity), "hit-meta");
      const how = el("div", `matched ${hit.how}: ${hit.matched}`, "muted");
      const records = el("div", "", "muted hit-records");
      item.append(title, meta, how, records);
      item.addEventListener("click", () => openEntity(hit.entity.id));
      list.append(item);
      if (hit.entity.kind === "person") {
        api(`/entities/${encodeURIComponent(hit.entity.id)}`).then(
          (d) => { records.textContent = `${d.records.length} record${d.records.length === 1 ? "" : "s"}`; }, () => {});
      }
    }
  } catch (e) {
    list.replaceChildren(el("li", e.message, "error"));
  }
}

function sentenceAround(text, start, end) {
  if (typeof text !== "string" || start == null) return null;
  let a = start; let b = end;
  while (a > 0 && !/[.!?\n]/.test(text[a - 1])) a -= 1;
  while (b < text.length && !/[.!?\n]/.test(text[b])) b += 1;
  return text.slice(a, Math.min(b + 1, text.length)).trim();
}

function section(card, title, items) {
  if (!items.length) return;
  card.append(el("h3", title));
  const ul = el("ul");
  for (const item of items) ul.append(typeof item === "string" ? el("li", item) : item);
  card.append(ul);
}

async function openEntity(id) {
  const card = document.getElementById("card");
  card.replaceChildren(el("p", "loading…", "muted"));
  try {
    const [detail, net] = await Promise.all([
      api(`/entities/${encodeURIComponent(id)}`),
      api(`/entities/${encodeURIComponent(id)}/network?depth=2&max_nodes=300`)]);
    const e = detail.entity;
    const p = e.properties || {};
    card.replaceChildren();
    const h = el("h2");
    h.append(el("span", e.kind, "kind"), document.createTextNode(e.caption));
    card.append(h);
    for (const c of e.labels.caveats) card.append(el("span", c, "caveat"));
    const add = el("button", "Add to chart");
    add.type = "button";
    add.addEventListener("click", () => { addEntities([e], null); expand(id); });
    card.append(el("div", describe(e), "muted"), add);
    section(card, "Names", p.names || []);
    section(card, "Aliases", p.aliases || []);
    section(card, "Dates of birth", p.dobs || []);
    section(card, "Services", e.labels.agencies);
    const byKind = {};
    for (const n of net.entities) if (n.id !== id) (byKind[n.kind] = byKind[n.kind] || []).push(n);
    section(card, "Phones", (byKind.phone || []).map((n) => n.caption));
    section(card, "Vehicles", (byKind.vehicle || []).map((n) => n.caption));
    section(card, "Places", [...(byKind.place || []), ...(byKind.address || [])].map((n) => n.caption));
    section(card, "Associates", (byKind.person || []).map((n) => `${n.caption}${n.properties.dobs && n.properties.dobs.length ? " (" + n.properties.dobs[0] + ")" : ""}`));
    card.append(el("h3", `Records (${detail.records.length})`));
    const list = el("ul");
    card.append(list);
    for (const key of detail.records.slice(0, 15)) {
      const item = el("li", key);
      list.append(item);
      const [agency, ...rest] = key.split(":");
      api(`/records/${encodeURIComponent(agency)}/${encodeURIComponent(rest.join(":"))}`).then((r) => {
        const rec = r.record || {};
        item.replaceChildren(el("strong", key), document.createTextNode(
          ` · ${rec.record_type || "record"} · ${(rec.opened || "").slice(0, 10) || "undated"}`));
        const subject = Object.entries(r.subjects).find(([, pid]) => pid === id);
        if (subject) {
          const s = (rec.subjects || []).find((x) => x && x.subject_id === subject[0]);
          item.append(el("div", `named as subject ${subject[0]}${s && s.role ? " (" + s.role.toLowerCase() + ")" : ""}`, "muted"));
        }
        for (const m of r.mentions.filter((m) => m.entity === id).slice(0, 3)) {
          const quote = sentenceAround(rec.narrative, m.start, m.end);
          if (quote) item.append(el("blockquote", quote));
        }
      }, (err) => item.append(el("div", err.message, "error")));
    }
  } catch (err) {
    card.replaceChildren(el("p", err.message, "error"));
  }
}

// -- chart -----------------------------------------------------------------------------------

function initChart() {
  cy = window.cytoscape({
    container: document.getElementById("cy"),
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120,
        "background-color": "data(colour)", width: "data(size)", height: "data(size)", "text-valign": "bottom", "text-margin-y": 3 } },
      { selector: "node[kind = 'record']", style: { shape: "round-rectangle" } },
      { selector: "node[?hub]", style: { "border-style": "dashed", "border-width": 3, "border-color": "#d62728", "background-opacity": 0.35 } },
      { selector: "node.more", style: { shape: "round-tag", "background-color": "#ffd27f", "font-style": "italic" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#ff9900" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#aab", "curve-style": "bezier", label: "data(label)", "font-size": 7,
        color: "#667", "text-rotation": "autorotate" } },
      { selector: "edge.path", style: { "line-color": "#ff7f0e", width: 4, "z-index": 10 } },
      { selector: "node.path", style: { "border-color": "#ff7f0e", "border-width": 5 } },
      { selector: "edge.timed", style: { "line-color": "#d62728", width: 4, "z-index": 11 } },
      { selector: "node.timed", style: { "border-color": "#d62728", "border-width": 5 } },
      { selector: ".filtered", style: { display: "none" } },
    ],
  });
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
    const at = picked.indexOf(node.id());
    if (at >= 0) picked.splice(at, 1);
    picked.push(node.id());
    while (picked.length > 2) picked.shift();
    status(`picked: ${picked.map((i) => cy.getElementById(i).data("label")).join(" → ")}`);
    openEntity(node.id());
  });
  document.getElementById("range-from").addEventListener("input", applyDates);
  document.getElementById("range-to").addEventListener("input", applyDates);
}

function nodeData(e) {
  const label = e.hub ? `${e.caption} (hub, links suppressed)` : e.caption;
  return { id: e.id, label, kind: e.kind, hub: e.hub, colour: COLOURS[e.kind] || "#999", size: e.kind === "person" ? 28 : 18,
    first: e.first_seen, last: e.last_seen };
}

function addEntities(entities, around, positions) {
  const centre = around ? cy.getElementById(around).position() : { x: 0, y: 0 };
  const fresh = entities.filter((e) => cy.getElementById(e.id).empty());
  fresh.forEach((e, i) => {
    const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
    const radius = around ? 140 + 6 * fresh.length : 60 * Math.sqrt(i);
    const position = positions && positions[e.id] ? positions[e.id]
      : { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
    cy.add({ group: "nodes", data: nodeData(e), position });
  });
  refreshList();
  return fresh.length;
}

function addLinks(links) {
  for (const l of links) {
    if (cy.getElementById(l.id).nonempty()) continue;
    if (cy.getElementById(l.source).empty() || cy.getElementById(l.target).empty()) continue;
    cy.add({ group: "edges", data: { id: l.id, source: l.source, target: l.target, label: l.kind.toLowerCase().replaceAll("_", " "),
      first: l.first_seen, last: l.last_seen } });
  }
}

function refreshList() {
  const list = document.getElementById("chart-list");
  list.replaceChildren();
  cy.nodes().not(".more").forEach((n) => {
    const item = el("li", `${n.data("kind")}: ${n.data("label")}`);
    item.dataset.entity = n.id();
    list.append(item);
  });
  buildHistogram();
}

function setMore(parentId) {
  const rest = pending.get(parentId) || [];
  const moreId = `more:${parentId}`;
  cy.getElementById(moreId).remove();
  if (!rest.length) return;
  const parent = cy.getElementById(parentId).position();
  cy.add({ group: "nodes", classes: "more", data: { id: moreId, parent_id: parentId, label: `and ${rest.length} more (double-click)`,
    colour: "#ffd27f", size: 16 }, position: { x: parent.x + 40, y: parent.y - 50 } });
  cy.add({ group: "edges", data: { id: `${moreId}:edge`, source: parentId, target: moreId, label: "" } });
}

let lastLinks = new Map();

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
  document.getElementById("ask-title").textContent =
    `${cy.getElementById(entityId).data("label") || entityId} has ${neighbours.length} links: which kinds, and how many?`;
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

async function expand(entityId) {
  const started = performance.now();
  status("expanding…");
  try {
    const net = await api(`/entities/${encodeURIComponent(entityId)}/network?depth=1&max_nodes=2000`);
    if (cy.getElementById(entityId).empty()) addEntities(net.entities.filter((e) => e.id === entityId), null);
    let neighbours = net.entities.filter((e) => e.id !== entityId && cy.getElementById(e.id).empty());
    lastLinks.set(entityId, net.links);
    let count = PAGE;
    if (neighbours.length > ASK_ABOVE) {
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

function highlight(nodes, hops, cls) {
  cy.elements().removeClass(cls);
  addEntities(nodes, null);
  addLinks(hops.map((h) => h.link));
  for (const n of nodes) cy.getElementById(n.id).addClass(cls);
  for (const h of hops) cy.getElementById(h.link.id).addClass(cls);
  refreshList();
  cy.fit(undefined, 40);
}

async function findPath(timed) {
  if (picked.length !== 2) { status("pick two nodes first (click one, then another)"); return; }
  const [a, b] = picked;
  try {
    const url = timed ? "/analytics/timed-paths" : "/paths";
    const answer = await api(`${url}?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}&max=6&limit=1`);
    if (!answer.paths.length) { status(timed ? "no time-ordered path" : "no path within 6 hops"); return; }
    const path = answer.paths[0];
    highlight(path.nodes, path.hops, timed ? "timed" : "path");
    const steps = path.nodes.map((n) => n.caption).join(" → ");
    const when = timed ? ` (${path.hops.map((h) => h.when).join(", ")})` : "";
    status(`${timed ? "time-ordered" : "shortest"} path, ${path.hops.length} hops: ${steps}${when}`);
  } catch (e) {
    status(e.message);
  }
}

function seeds() {
  return cy.nodes("[kind = 'person']").not(".more").map((n) => n.id()).slice(0, 50);
}

async function communities() {
  const ids = seeds();
  if (!ids.length) { status("no person on the chart"); return; }
  try {
    const answer = await api(`/analytics/communities?depth=1&${ids.map((i) => "around=" + encodeURIComponent(i)).join("&")}`);
    for (const c of answer.communities) {
      for (const m of c.members) cy.getElementById(m).data("colour", COMMUNITY[c.id % COMMUNITY.length]);
    }
    status(`${answer.communities.length} communities (${answer.method})`);
  } catch (e) { status(e.message); }
}

async function keyPlayers() {
  const ids = seeds();
  if (!ids.length) { status("no person on the chart"); return; }
  try {
    const answer = await api(`/analytics/key-players?depth=1&${ids.map((i) => "around=" + encodeURIComponent(i)).join("&")}`);
    for (const p of answer.players) cy.getElementById(p.entity).data("size", 18 + 40 * p.score);
    status(`key players: ${answer.players.slice(0, 3).map((p) => p.caption).join(", ")}`);
  } catch (e) { status(e.message); }
}

// -- timeline --------------------------------------------------------------------------------

let months = [];

function monthOf(d) { return d ? d.slice(0, 7) : null; }

function buildHistogram() {
  const counts = new Map();
  cy.elements().not(".more").forEach((e) => {
    const m = monthOf(e.data("first"));
    if (m) counts.set(m, (counts.get(m) || 0) + 1);
  });
  const keys = [...counts.keys()].sort();
  months = [];
  if (keys.length) {
    let [y, mo] = keys[0].split("-").map(Number);
    const last = keys[keys.length - 1];
    for (;;) {
      const key = `${y}-${String(mo).padStart(2, "0")}`;
      months.push(key);
      if (key >= last || months.length > 600) break;
      mo += 1; if (mo > 12) { mo = 1; y += 1; }
    }
  }
  const from = document.getElementById("range-from");
  const to = document.getElementById("range-to");
  const wasFull = Number(to.value) >= Number(to.max) && Number(from.value) === 0;
  from.max = to.max = String(Math.max(months.length - 1, 0));
  if (wasFull) { from.value = "0"; to.value = to.max; }
  const top = Math.max(1, ...counts.values());
  const bars = months.map((m) => {
    const bar = el("div");
    bar.style.height = `${(100 * (counts.get(m) || 0)) / top}%`;
    bar.title = `${m}: ${counts.get(m) || 0}`;
    return bar;
  });
  document.getElementById("histogram").replaceChildren(...bars);
  applyDates();
}

function applyDates() {
  if (!months.length) { document.getElementById("range-label").textContent = "no dates on the chart"; return; }
  let a = Number(document.getElementById("range-from").value);
  let b = Number(document.getElementById("range-to").value);
  if (a > b) [a, b] = [b, a];
  const lo = months[a]; const hi = months[b];
  document.getElementById("range-label").textContent = `${lo} to ${hi}`;
  [...document.getElementById("histogram").children].forEach((bar, i) => bar.classList.toggle("out", i < a || i > b));
  cy.batch(() => {
    cy.elements().not(".more").forEach((e) => {
      const first = monthOf(e.data("first")); const last = monthOf(e.data("last")) || first;
      e.toggleClass("filtered", Boolean(first) && (last < lo || first > hi));
    });
  });
  const shown = cy.nodes().not(".more").not(".filtered").length;
  document.getElementById("range-label").textContent = `${lo} to ${hi}: ${shown} of ${cy.nodes().not(".more").length} nodes`;
}

// -- investigations --------------------------------------------------------------------------

async function refreshInvestigations() {
  try {
    const answer = await api("/investigations");
    const select = document.getElementById("inv-list");
    select.replaceChildren(el("option", "(choose)"));
    select.firstChild.value = "";
    for (const item of answer.items) {
      const option = el("option", `${item.title} — ${item.owner}, ${item.updated_at.slice(0, 10)}`);
      option.value = item.id;
      select.append(option);
    }
  } catch (e) { document.getElementById("inv-status").textContent = e.message; }
}

let openInvestigation = null;

async function save(event) {
  event.preventDefault();
  const nodes = cy.nodes().not(".more").map((n) => ({ id: n.id(), x: n.position("x"), y: n.position("y"), note: n.data("note") || "" }));
  const body = { title: document.getElementById("inv-title").value, notes: document.getElementById("inv-notes").value, nodes,
    shared_with: document.getElementById("inv-share").value.split(",").map((s) => s.trim()).filter(Boolean) };
  const out = document.getElementById("inv-status");
  try {
    const mine = openInvestigation && openInvestigation.owner === document.getElementById("whoami").textContent.split(" · ")[0];
    const saved = mine ? await api(`/investigations/${encodeURIComponent(openInvestigation.id)}`, { method: "PUT", body })
      : await api("/investigations", { method: "POST", body });
    openInvestigation = saved;
    out.textContent = `saved ${saved.title} (${saved.entities.length} nodes)`;
    out.dataset.id = saved.id;
    refreshInvestigations();
  } catch (e) { out.textContent = e.message; }
}

async function openSaved() {
  const id = document.getElementById("inv-list").value;
  if (!id) return;
  const out = document.getElementById("inv-status");
  try {
    const inv = await api(`/investigations/${encodeURIComponent(id)}`);
    openInvestigation = inv;
    cy.elements().remove();
    pending.clear();
    const positions = Object.fromEntries(inv.positions.map((p) => [p.id, { x: p.x, y: p.y }]));
    addEntities(inv.entities, null, positions);
    addLinks(inv.links);
    for (const p of inv.positions) if (p.note) cy.getElementById(p.id).data("note", p.note);
    document.getElementById("inv-title").value = inv.title;
    document.getElementById("inv-notes").value = inv.notes;
    document.getElementById("inv-share").value = inv.shared_with.join(", ");
    cy.fit(undefined, 30);
    out.textContent = `opened ${inv.title} by ${inv.owner}: ${inv.entities.length} nodes`;
    out.dataset.id = inv.id;
  } catch (e) { out.textContent = e.message; }
}

function exportPng() {
  const link = document.createElement("a");
  link.href = cy.png({ full: true, bg: "#ffffff", scale: 2 });
  link.download = `${(document.getElementById("inv-title").value || "caselink-chart").replace(/[^A-Za-z0-9._-]+/g, "_")}.png`;
  document.body.append(link);
  link.click();
  link.remove();
}

// -- start -----------------------------------------------------------------------------------

async function start() {
  document.getElementById("signin-form").addEventListener("submit", signIn);
  document.getElementById("signout").addEventListener("click", signOut);
  document.getElementById("search-form").addEventListener("submit", search);
  document.getElementById("btn-path").addEventListener("click", () => findPath(false));
  document.getElementById("btn-timed").addEventListener("click", () => findPath(true));
  document.getElementById("btn-communities").addEventListener("click", communities);
  document.getElementById("btn-players").addEventListener("click", keyPlayers);
  document.getElementById("btn-clear").addEventListener("click", () => { cy.elements().remove(); pending.clear(); openInvestigation = null; refreshList(); });
  document.getElementById("btn-png").addEventListener("click", exportPng);
  document.getElementById("save-form").addEventListener("submit", save);
  document.getElementById("btn-open").addEventListener("click", openSaved);
  try {
    showWorkbench(await api("/auth/session"));
  } catch {
    showSignIn();
  }
  document.body.dataset.ready = "1";
  window.__caselinkReadyMs = performance.now(); // page ready (bench/web.py)
}

start();
