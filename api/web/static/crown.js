// The Crown's desk: disclosure drafts of their service, each draft's proposals with what each
// replaces and what is shown instead, confirm / reject, issue, and the issued package's files to
// download (through the API, as blobs: nothing opens another origin).

import { api, download, el, status } from "./core.js";

let current = null;

async function decide(draft, proposals, confirm) {
  try {
    await api(`/disclosures/${encodeURIComponent(draft)}/decisions`, { method: "POST", body: { proposals, confirm } });
    await openDraft(draft);
  } catch (e) { status(e.message); }
}

function files(draft) {
  const box = el("div", null, "crown-files");
  box.append(el("span", "Issued package: "));
  for (const name of ["package.pdf", "package.json", "manifest.json"]) {
    const b = el("button", name);
    b.type = "button";
    b.dataset.file = name;
    b.addEventListener("click", async () => {
      try {
        const blob = await download(`/disclosures/${encodeURIComponent(draft)}/files/${name}`, `${draft}-${name}`);
        status(`${name} downloaded (${Math.round(blob.size / 1024)} KB)`);
      } catch (e) { status(e.message); }
    });
    box.append(b);
  }
  return box;
}

export async function openDraft(draft) {
  current = draft;
  const box = document.getElementById("crown-draft");
  try {
    const [d, list] = await Promise.all([api(`/disclosures/${encodeURIComponent(draft)}`), api("/disclosures")]);
    const summary = list.drafts.find((x) => x.draft === draft);
    box.replaceChildren(el("h3", `Draft ${draft}${summary && summary.case ? " — " + summary.case : ""}`));
    if (summary) box.append(el("div", `for ${summary.recipient} · ${summary.state}${summary.issued_version ? " · issued v" + summary.issued_version : ""}`, "muted"));
    const table = el("table", null, "proposals");
    const head = el("tr");
    for (const h of ["record", "code", "action", "replaces", "shown instead", "reason", "decision", ""]) head.append(el("th", h));
    table.append(head);
    for (const p of d.proposals) {
      const row = el("tr");
      row.dataset.proposal = p.id;
      row.dataset.decision = p.decision;
      for (const v of [p.record, p.code, p.action.toLowerCase(), p.target || "—", p.replacement || ({ withhold: "(record withheld)", notice: "(notice only)", redact: "█ (boxed out)" }[p.action] || "—"),
        p.reason, p.decided_by ? `${p.decision} by ${p.decided_by}` : p.decision]) row.append(el("td", v));
      const cell = el("td");
      if (p.decision === "pending") {
        const ok = el("button", "Confirm"); ok.type = "button"; ok.addEventListener("click", () => decide(draft, [p.id], true));
        const no = el("button", "Reject"); no.type = "button"; no.addEventListener("click", () => decide(draft, [p.id], false));
        cell.append(ok, no);
      }
      row.append(cell);
      table.append(row);
    }
    box.append(table);
    const actions = el("div", null, "crown-actions");
    const all = el("button", "Confirm all pending"); all.type = "button"; all.id = "crown-confirm-all";
    all.addEventListener("click", () => decide(draft, ["all"], true));
    const issue = el("button", "Issue package"); issue.type = "button"; issue.id = "crown-issue";
    issue.addEventListener("click", async () => {
      try {
        const out = await api(`/disclosures/${encodeURIComponent(draft)}/issue`, { method: "POST" });
        status(`issued version ${out.version}: ${Object.keys(out.files).length} files`);
        await openDraft(draft);
      } catch (e) { status(e.message); }
    });
    actions.append(all, issue);
    box.append(actions);
    if (summary && summary.issued_version) box.append(files(draft));
  } catch (e) {
    box.replaceChildren(el("p", e.message, "error"));
  }
}

export async function refreshCrown() {
  const list = document.getElementById("crown-list");
  try {
    const answer = await api("/disclosures");
    list.replaceChildren(...answer.drafts.map((d) => {
      const li = el("li", `${d.draft} · ${d.case || "entities"} · ${d.recipient} · ${d.state}${d.issued_version ? " v" + d.issued_version : ""}`);
      li.dataset.draft = d.draft;
      li.addEventListener("click", () => openDraft(d.draft));
      return li;
    }));
    if (!answer.drafts.length) list.append(el("li", "no drafts yet", "muted"));
    if (current) openDraft(current);
  } catch (e) { list.replaceChildren(el("li", e.message, "error")); }
}

async function create(event) {
  event.preventDefault();
  const body = { case: document.getElementById("crown-case").value.trim() || null, recipient: document.getElementById("crown-recipient").value,
    reason: document.getElementById("crown-reason").value, entities: [], depth: 2 };
  try {
    const d = await api("/disclosures", { method: "POST", body });
    current = d.draft;
    await refreshCrown();
    status(`draft ${d.draft}: ${d.proposals.length} proposal(s) to decide`);
  } catch (e) { status(e.message); }
}

export function installCrown() {
  document.getElementById("crown-form").addEventListener("submit", create);
}
