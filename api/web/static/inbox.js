// The investigator's alert inbox: each alert with the missing person's name and age, triaged
// unread / confirmed / dismissed (kept by the server with who and when), refreshed live from the
// server-sent events of /alerts/stream. Watches are set from an entity's card.

import { api, el, state, status } from "./core.js";

let stream = null;
let filter = "all";
let lastSeq = 0;

function describePerson(p) {
  const age = p.age === null || p.age === undefined ? "age unknown" : `${p.age}${p.age_basis === "date of birth" ? "" : " (est.)"}`;
  return `${p.role === "MISSING" ? "Missing" : "Victim"}: ${p.name}, ${age}`;
}

function shortId(id) { return id.replace(/^(record|person|phone|vehicle|place|address|handle|email):/, ""); }

function item(entry) {
  const a = entry.alert;
  const li = el("li", null, `alert state-${entry.triage.state}${a.retracted_at ? " retracted" : ""}`);
  li.dataset.alert = a.id;
  li.dataset.state = entry.triage.state;
  const title = entry.persons.length ? entry.persons.map(describePerson).join("; ") : "No missing person named in the record";
  li.append(el("div", title, "alert-title"));
  li.append(el("div", `${entry.record_type || "record"} ${a.record_key}${entry.opened ? ", opened " + entry.opened : ""} · raised ${a.raised_at.slice(0, 16).replace("T", " ")}`, "muted"));
  li.append(el("div", a.reason, "alert-reason"));
  li.append(el("div", `path: ${a.path_nodes.map(shortId).join(" → ")} (${a.hops} hop${a.hops === 1 ? "" : "s"})`, "muted"));
  if (a.retracted_at) li.append(el("div", `retracted ${a.retracted_at.slice(0, 16)}: ${a.retraction || ""}`, "error"));
  const t = entry.triage;
  li.append(el("div", t.by ? `${t.state} by ${t.by} at ${t.at}${t.note ? " — " + t.note : ""}` : "unread", "triage-who"));
  const buttons = el("div", null, "alert-actions");
  for (const [label, to] of [["Confirm", "confirmed"], ["Dismiss", "dismissed"], ["Mark unread", "unread"]]) {
    if (to === t.state) continue;
    const b = el("button", label);
    b.type = "button";
    b.dataset.to = to;
    b.addEventListener("click", () => triage(a.id, to));
    buttons.append(b);
  }
  li.append(buttons);
  return li;
}

export async function refreshInbox() {
  const list = document.getElementById("inbox-list");
  try {
    const answer = await api("/alerts/inbox?limit=500");
    lastSeq = Math.max(lastSeq, answer.last_seq);
    const counts = answer.counts;
    document.getElementById("unread-count").textContent = counts.unread ? `(${counts.unread})` : "";
    for (const b of document.querySelectorAll("#inbox-filters button")) {
      const s = b.dataset.filter;
      b.textContent = `${s} (${s === "all" ? answer.items.length : counts[s] || 0})`;
      b.setAttribute("aria-pressed", String(s === filter));
    }
    const shown = answer.items.filter((i) => filter === "all" || i.triage.state === filter);
    list.replaceChildren(...(shown.length ? shown.map(item) : [el("li", "no alerts here", "muted")]));
    document.body.dataset.inboxLoaded = String(Number(document.body.dataset.inboxLoaded || 0) + 1);
  } catch (e) {
    list.replaceChildren(el("li", e.message, "error"));
  }
}

async function triage(id, to) {
  try {
    await api(`/alerts/${encodeURIComponent(id)}/triage`, { method: "POST", body: { state: to, note: "" } });
    await refreshInbox();
  } catch (e) { status(e.message); }
}

async function refreshWatches() {
  const list = document.getElementById("watch-list");
  try {
    const answer = await api("/watches");
    list.replaceChildren(...answer.watches.map((w) => {
      const li = el("li", `${w.entities.map(shortId).join(", ")} · ${w.hops} hop(s)${w.reason ? " · " + w.reason : ""}`);
      const b = el("button", "Remove");
      b.type = "button";
      b.addEventListener("click", async () => { await api(`/watches/${encodeURIComponent(w.id)}`, { method: "DELETE" }); refreshWatches(); });
      li.append(document.createTextNode(" "), b);
      return li;
    }));
    if (!answer.watches.length) list.append(el("li", "nothing watched: use Watch on an entity's card", "muted"));
  } catch (e) { list.replaceChildren(el("li", e.message, "error")); }
}

export async function watchEntity(id, caption) {
  try {
    await api("/watches", { method: "POST", body: { entities: [id], hops: 1, reason: `watching ${caption}` } });
    status(`watching ${caption}: new records that mention it raise an alert`);
    refreshWatches();
  } catch (e) { status(e.message); }
}

// Live: the stream says when something arrives (or is retracted); the inbox is then re-read.
export function startInbox() {
  if (!state.session || !state.session.capabilities.includes("watch")) return;
  stopInbox();
  stream = new EventSource("/alerts/stream");
  const live = document.getElementById("inbox-live");
  stream.onopen = () => { live.textContent = "live"; live.className = "live"; };
  stream.onerror = () => { live.textContent = "reconnecting…"; live.className = "muted"; };
  stream.addEventListener("alert", refreshInbox);
  stream.addEventListener("retracted", refreshInbox);
  refreshInbox();
  refreshWatches();
}

export function stopInbox() {
  if (stream) { stream.close(); stream = null; }
}

export function installInbox() {
  for (const b of document.querySelectorAll("#inbox-filters button")) {
    b.addEventListener("click", () => { filter = b.dataset.filter; refreshInbox(); });
  }
}
