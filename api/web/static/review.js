// The review queue: pairs of person mentions the matcher was unsure of, as two cards side by side
// (each from its record, as the caller may see it), with the matcher's reasons between them and
// "same" / "not the same" buttons for those who may decide (investigators).

import { api, el, state, status } from "./core.js";

function split(mention) {
  const [key, sid] = mention.split("#");
  const [agency, ...rest] = key.split(":");
  return { agency, recordNo: rest.join(":"), key, sid };
}

async function side(mention, personId) {
  const card = el("div", null, "side");
  card.dataset.mention = mention;
  const { agency, recordNo, key, sid } = split(mention);
  card.append(el("div", mention, "muted"));
  try {
    const r = await api(`/records/${encodeURIComponent(agency)}/${encodeURIComponent(recordNo)}`);
    const rec = r.record || {};
    const subject = (rec.subjects || []).find((s) => s && s.subject_id === sid);
    const name = subject ? [subject.given, subject.surname].filter(Boolean).join(" ") || subject.name_raw || "(no name)" : "(a reporting contact)";
    card.append(el("h3", name, "side-name"));
    const facts = el("ul");
    if (subject) {
      facts.append(el("li", `DOB ${subject.dob || "not given"}${subject.birth_year_estimate ? " (born about " + subject.birth_year_estimate + ")" : ""}`));
      if (subject.sex) facts.append(el("li", `sex ${subject.sex}`));
      if (subject.role) facts.append(el("li", `role ${subject.role.toLowerCase()}`));
      for (const p of subject.phones || []) facts.append(el("li", `phone ${p}`));
      for (const a of subject.aliases || []) facts.append(el("li", `alias ${a}`));
    }
    facts.append(el("li", `${rec.record_type || "record"} ${key}, ${(rec.opened || "").slice(0, 10) || "undated"}`));
    facts.append(el("li", `now person ${personId}`, "muted"));
    card.append(facts);
  } catch (e) {
    card.append(el("p", e.message, "error"));
  }
  return card;
}

async function decide(item, verdict, reasonInput, box) {
  const reason = reasonInput.value.trim();
  if (!reason) { status("say why (it is recorded with the decision)"); reasonInput.focus(); return; }
  box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  try {
    const d = await api("/review/decisions", { method: "POST", body: { a: item.a, b: item.b, verdict, reason } });
    box.dataset.decided = d.verdict;
    box.classList.add("decided");
    box.querySelector(".pair-result").textContent = `decided ${d.verdict.replace("_", " ")} by ${d.user} at ${d.decided_at} (decision ${d.id})`;
    status(`decision ${d.id}: ${d.verdict.replace("_", " ")}; the graph is rebuilt with it`);
  } catch (e) {
    box.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    status(e.message);
  }
}

async function pair(item) {
  const box = el("li", null, "pair");
  box.dataset.review = String(item.id);
  const [left, right] = await Promise.all([side(item.a, item.person_a), side(item.b, item.person_b)]);
  const middle = el("div", null, "pair-middle");
  middle.append(el("div", `${item.kind}`, "kind"), el("div", `probability ${(100 * item.probability).toFixed(1)}%`));
  if (item.reason) middle.append(el("div", item.reason, "muted"));
  const parts = el("ul", null, "parts");
  for (const p of item.parts.slice(0, 6)) parts.append(el("li", `${p.feature.replaceAll("_", " ")}: ${p.part > 0 ? "+" : ""}${p.part.toFixed(2)}`));
  middle.append(parts);
  const may = state.session && state.session.capabilities.includes("decide_identity");
  const reason = el("input");
  reason.placeholder = "why (recorded for court)";
  reason.maxLength = 500;
  reason.className = "pair-reason";
  const same = el("button", "Same person");
  const notSame = el("button", "Not the same");
  same.type = notSame.type = "button";
  same.className = "btn-same";
  notSame.className = "btn-not-same";
  same.disabled = notSame.disabled = !may;
  same.addEventListener("click", () => decide(item, "same", reason, box));
  notSame.addEventListener("click", () => decide(item, "not_same", reason, box));
  middle.append(reason, same, notSame, el("div", may ? "" : "investigators decide", "muted pair-result"));
  box.append(left, middle, right);
  return box;
}

export async function refreshReview() {
  const list = document.getElementById("review-list");
  list.replaceChildren(el("li", "loading…", "muted"));
  try {
    const answer = await api("/review?limit=10");
    document.getElementById("review-total").textContent = `${answer.total} pair(s) to review, most uncertain first`;
    const cards = await Promise.all(answer.items.map(pair));
    list.replaceChildren(...cards);
    document.body.dataset.reviewLoaded = "1";
  } catch (e) {
    list.replaceChildren(el("li", e.message, "error"));
  }
}
