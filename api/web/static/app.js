// caselink workbench: sign-in, search, entity card, saved investigations; the chart, its analyses,
// the timeline, the map, the exports, the investigators' inbox and the Crown's desk are the modules
// imported below.
//
// Every read goes through the access-controlled API with the session cookie (HttpOnly: this script
// never sees it); every state-changing request carries the session's CSRF token. Data is written
// into the page with textContent only: names in the records may be hostile.

import { installAnalysis, resetAnalysis } from "./analysis.js";
import { addEntities, clearChart, expand, initChart, load, onChange, picked, refreshList, setNote, snapshot } from "./chart.js";
import { api, el, state, status } from "./core.js";
import { installCrown, refreshCrown } from "./crown.js";
import { installExports } from "./exports.js";
import { installInbox, refreshInbox, startInbox, stopInbox, watchEntity } from "./inbox.js";
import { installMap } from "./map.js";
import { refreshReview } from "./review.js";
import { installTimeline } from "./timeline.js";

// -- sign-in ---------------------------------------------------------------------------------

function showSignIn() {
  state.csrf = null;
  state.session = null;
  document.getElementById("signin").hidden = false;
  document.getElementById("workbench").hidden = true;
  document.getElementById("signout").hidden = true;
  document.getElementById("whoami").textContent = "";
  document.getElementById("desks").hidden = true;
  for (const desk of document.querySelectorAll(".desk")) desk.hidden = true;
  stopInbox();
}

// The desks beside the workbench: each shown to the roles whose capabilities it needs.
function showDesk(name) {
  document.getElementById("workbench").hidden = name !== "workbench";
  for (const desk of document.querySelectorAll(".desk")) desk.hidden = desk.id !== `desk-${name}`;
  for (const b of document.querySelectorAll("#desks button")) b.setAttribute("aria-pressed", String(b.dataset.desk === name));
  if (name === "alerts") refreshInbox();
  if (name === "review") refreshReview();
  if (name === "crown") refreshCrown();
}

function showWorkbench(session) {
  state.csrf = session.csrf;
  state.session = session;
  document.getElementById("signin").hidden = true;
  document.getElementById("workbench").hidden = false;
  document.getElementById("signout").hidden = false;
  document.getElementById("whoami").textContent =
    `${session.name} · ${session.role}${session.agency ? " · " + session.agency : ""}`;
  if (!state.cy) startChart();
  const nav = document.getElementById("desks");
  for (const b of nav.querySelectorAll("button[data-cap]")) b.hidden = !(session.capabilities || []).includes(b.dataset.cap);
  nav.hidden = false;
  showDesk("workbench");
  refreshInvestigations();
  startInbox();
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
    if (state.cy) clearChart();
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
    if (state.session && (state.session.capabilities || []).includes("watch")) {
      const watch = el("button", "Watch");
      watch.type = "button";
      watch.title = "Raise an alert when a new record mentions this";
      watch.addEventListener("click", () => watchEntity(e.id, e.caption));
      card.append(document.createTextNode(" "), watch);
    }
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
  const body = { title: document.getElementById("inv-title").value, notes: document.getElementById("inv-notes").value, nodes: snapshot(),
    shared_with: document.getElementById("inv-share").value.split(",").map((s) => s.trim()).filter(Boolean) };
  const out = document.getElementById("inv-status");
  try {
    const mine = openInvestigation && state.session && openInvestigation.owner === state.session.name;
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
    resetAnalysis();
    load(inv);
    document.getElementById("inv-title").value = inv.title;
    document.getElementById("inv-notes").value = inv.notes;
    document.getElementById("inv-share").value = inv.shared_with.join(", ");
    out.textContent = `opened ${inv.title} by ${inv.owner}: ${inv.entities.length} nodes`;
    out.dataset.id = inv.id;
  } catch (e) { out.textContent = e.message; }
}

export function currentInvestigation() { return openInvestigation; }

// -- annotations: a note on a node, saved with the investigation -------------------------------

function noteTarget() { return picked.length ? state.cy.getElementById(picked[picked.length - 1]) : null; }

function showNoteTarget() {
  const node = noteTarget();
  document.getElementById("note-target").textContent = node && node.nonempty() ? `Note on ${node.data("caption")}` : "Note on the picked node";
  document.getElementById("node-note").value = node && node.nonempty() ? node.data("note") || "" : "";
}

function annotate() {
  const node = noteTarget();
  if (!node || node.empty()) { status("pick a node first"); return; }
  setNote(node.id(), document.getElementById("node-note").value.trim());
  status(`note set on ${node.data("caption")}; save the investigation to keep it`);
}

// -- start -----------------------------------------------------------------------------------

function startChart() {
  initChart(openEntity);
  installAnalysis();
  installTimeline();
  installExports();
  installMap();
  onChange(refreshList);
  let lastPicked = null;
  onChange(() => {
    const now = picked[picked.length - 1] || null;
    if (now !== lastPicked) { lastPicked = now; showNoteTarget(); }
  });
  document.getElementById("btn-note").addEventListener("click", annotate);
}

async function start() {
  state.onUnauthorized = showSignIn;
  document.getElementById("signin-form").addEventListener("submit", signIn);
  document.getElementById("signout").addEventListener("click", signOut);
  document.getElementById("search-form").addEventListener("submit", search);
  document.getElementById("btn-clear").addEventListener("click", () => { clearChart(); resetAnalysis(); openInvestigation = null; });
  document.getElementById("save-form").addEventListener("submit", save);
  document.getElementById("btn-open").addEventListener("click", openSaved);
  for (const b of document.querySelectorAll("#desks button")) b.addEventListener("click", () => showDesk(b.dataset.desk));
  installInbox();
  installCrown();
  try {
    showWorkbench(await api("/auth/session"));
  } catch {
    showSignIn();
  }
  document.body.dataset.ready = "1";
  window.__caselinkReadyMs = performance.now(); // page ready (bench/web.py)
}

start();
