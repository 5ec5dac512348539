// The timeline under the chart: a histogram by month of the chart's dated records and links. Drag
// across the bars (or move the two sliders) to choose a range; whatever on the chart lies wholly
// outside it is hidden, undated things stay.

import { onChange } from "./chart.js";
import { el, state } from "./core.js";

let months = [];
let drag = null;

function monthOf(d) { return d ? d.slice(0, 7) : null; }

function monthsBetween(first, last) {
  const out = [];
  let [y, mo] = first.split("-").map(Number);
  for (;;) {
    const key = `${y}-${String(mo).padStart(2, "0")}`;
    out.push(key);
    if (key >= last || out.length > 600) return out;
    mo += 1; if (mo > 12) { mo = 1; y += 1; }
  }
}

function build() {
  const cy = state.cy;
  const records = new Map();
  const links = new Map();
  cy.nodes("[kind = 'record']").forEach((n) => {
    const m = monthOf(n.data("first"));
    if (m) records.set(m, (records.get(m) || 0) + 1);
  });
  cy.edges().not(".co").forEach((e) => {
    const m = monthOf(e.data("first"));
    if (m) links.set(m, (links.get(m) || 0) + 1);
  });
  // The axis spans every date on the chart (people and things are dated by their records, drawn or
  // not); the bars count the drawn records and links.
  const spans = new Set([...records.keys(), ...links.keys()]);
  cy.elements().not(".more, .co").forEach((e) => {
    for (const d of [e.data("first"), e.data("last")]) if (d) spans.add(monthOf(d));
  });
  const keys = [...spans].sort();
  months = keys.length ? monthsBetween(keys[0], keys[keys.length - 1]) : [];
  const from = document.getElementById("range-from");
  const to = document.getElementById("range-to");
  const wasFull = Number(to.value) >= Number(to.max) && Number(from.value) === 0;
  from.max = to.max = String(Math.max(months.length - 1, 0));
  if (wasFull) { from.value = "0"; to.value = to.max; }
  const total = (m) => (records.get(m) || 0) + (links.get(m) || 0);
  const top = Math.max(1, ...months.map(total));
  const bars = months.map((m, i) => {
    const bar = el("div", null, "bar");
    bar.dataset.month = m;
    bar.dataset.index = String(i);
    bar.dataset.count = String(total(m));
    bar.style.height = `${(100 * total(m)) / top}%`;
    bar.title = `${m}: ${records.get(m) || 0} record(s), ${links.get(m) || 0} link(s)`;
    return bar;
  });
  document.getElementById("histogram").replaceChildren(...bars);
  const axis = document.getElementById("histogram-axis");
  axis.replaceChildren(...(months.length ? [el("span", months[0]), el("span", months[months.length - 1])] : []));
  apply();
}

function select(a, b) {
  document.getElementById("range-from").value = String(Math.min(a, b));
  document.getElementById("range-to").value = String(Math.max(a, b));
  apply();
}

export function apply() {
  const label = document.getElementById("range-label");
  if (!months.length) { label.textContent = "no dates on the chart"; return; }
  let a = Number(document.getElementById("range-from").value);
  let b = Number(document.getElementById("range-to").value);
  if (a > b) [a, b] = [b, a];
  const lo = months[a]; const hi = months[b];
  [...document.getElementById("histogram").children].forEach((bar, i) => bar.classList.toggle("out", i < a || i > b));
  const cy = state.cy;
  cy.batch(() => {
    cy.elements().not(".more").forEach((e) => {
      const first = monthOf(e.data("first")); const last = monthOf(e.data("last")) || first;
      e.toggleClass("filtered", Boolean(first) && (last < lo || first > hi));
    });
  });
  const nodes = cy.nodes().not(".more");
  label.textContent = `${lo} to ${hi}: ${nodes.not(".filtered").length} of ${nodes.length} nodes`;
  document.dispatchEvent(new Event("caselink:dates")); // the map redraws what is left
}

function barIndex(event) {
  const bar = event.target.closest && event.target.closest("#histogram .bar");
  return bar ? Number(bar.dataset.index) : null;
}

export function installTimeline() {
  document.getElementById("range-from").addEventListener("input", apply);
  document.getElementById("range-to").addEventListener("input", apply);
  const histogram = document.getElementById("histogram");
  histogram.addEventListener("pointerdown", (event) => {
    const i = barIndex(event);
    if (i === null) return;
    event.preventDefault();
    drag = i;
    select(i, i);
  });
  histogram.addEventListener("pointermove", (event) => {
    if (drag === null) return;
    // Pointer capture is not used: the bar under the pointer is found from its position.
    const target = document.elementFromPoint(event.clientX, event.clientY);
    const bar = target && target.closest && target.closest("#histogram .bar");
    if (bar) select(drag, Number(bar.dataset.index));
  });
  window.addEventListener("pointerup", () => { drag = null; });
  document.getElementById("range-all").addEventListener("click", () => select(0, Math.max(months.length - 1, 0)));
  let queued = false;
  onChange(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; build(); });
  });
}
