// The map: the chart's places and addresses drawn at their city on an offline base (a simplified
// Ontario outline and the Great Lakes, static/geo/ontario.geojson) from a small gazetteer of city
// coordinates (static/geo/ontario-cities.json). Nothing is fetched from outside; what has no known
// city is listed, not guessed. Clicking a city selects its places on the chart.

import { entityNodes, onChange } from "./chart.js";
import { el, state, status } from "./core.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 1000;
const LAT0 = 48; // the projection's standard parallel (equirectangular, good enough at this scale)
const K = Math.cos((LAT0 * Math.PI) / 180);
// Where an entity says its city, by kind (a place's "city"; an address's key "line|city").
const CITY_OF = {
  place: (p) => p.city || null,
  address: (p) => (typeof p.key === "string" && p.key.includes("|") ? p.key.split("|").pop() : null),
};

let base = null; // { outline, water, cities: Map(key -> city), box }
let shown = false;

function cityKey(name) { return String(name).toLowerCase().replace(/[^a-z0-9]+/g, " ").trim(); }

function project([lon, lat]) { return [lon * K, -lat]; }

async function loadBase() {
  if (base) return base;
  const [geo, gaz] = await Promise.all([
    fetch("/static/geo/ontario.geojson", { credentials: "same-origin" }).then((r) => r.json()),
    fetch("/static/geo/ontario-cities.json", { credentials: "same-origin" }).then((r) => r.json())]);
  const rings = geo.features.map((f) => ({ name: f.properties.name, role: f.properties.role, ring: f.geometry.coordinates[0].map(project) }));
  const all = rings.flatMap((r) => r.ring);
  const xs = all.map((p) => p[0]); const ys = all.map((p) => p[1]);
  const box = { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
  base = { rings, box, cities: new Map(gaz.cities.map((c) => [cityKey(c.name), c])) };
  return base;
}

function toView([x, y]) {
  const s = WIDTH / base.box.w;
  return [(x - base.box.x) * s, (y - base.box.y) * s];
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function placesByCity() {
  const byCity = new Map();
  const unplaced = [];
  entityNodes().not(".filtered").forEach((n) => {
    const of = CITY_OF[n.data("kind")];
    if (!of) return;
    const name = of(n.data("props") || {});
    const city = name ? base.cities.get(cityKey(name)) : null;
    if (!city) { unplaced.push(n); return; }
    if (!byCity.has(city.name)) byCity.set(city.name, { city, nodes: [] });
    byCity.get(city.name).nodes.push(n);
  });
  return { byCity, unplaced };
}

function draw() {
  const height = WIDTH * (base.box.h / base.box.w);
  const root = svg("svg", { viewBox: `-10 -10 ${WIDTH + 20} ${height + 20}`, role: "img", "aria-label": "Map of the chart's places" });
  for (const r of base.rings) {
    const d = "M" + r.ring.map((p) => toView(p).map((v) => v.toFixed(1)).join(",")).join("L") + "Z";
    const path = svg("path", { d, class: r.role, "data-name": r.name });
    path.append(svg("title"));
    path.firstChild.textContent = r.name;
    root.append(path);
  }
  const { byCity, unplaced } = placesByCity();
  const g = svg("g", { class: "cities" });
  for (const { city, nodes } of [...byCity.values()].sort((a, b) => b.nodes.length - a.nodes.length)) {
    const [x, y] = toView(project([city.lon, city.lat]));
    const dot = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (7 + 5 * Math.sqrt(nodes.length)).toFixed(1), class: "city",
      "data-city": city.name, "data-count": nodes.length });
    const title = svg("title");
    title.textContent = `${city.name}: ${nodes.map((n) => n.data("caption")).join("; ")}`;
    dot.append(title);
    dot.addEventListener("click", () => {
      state.cy.elements().unselect();
      for (const n of nodes) n.select();
      status(`${nodes.length} place(s) in ${city.name} selected on the chart`);
    });
    const label = svg("text", { x: (x + 14).toFixed(1), y: (y - 10).toFixed(1), class: "city-label" });
    label.textContent = `${city.name} (${nodes.length})`;
    g.append(dot, label);
  }
  root.append(g);
  const box = document.getElementById("map");
  const note = el("p", unplaced.length ? `not placed (no known city): ${unplaced.map((n) => n.data("caption")).join("; ")}`
    : `${[...byCity.values()].reduce((a, c) => a + c.nodes.length, 0)} place(s) drawn at ${byCity.size} cit${byCity.size === 1 ? "y" : "ies"}`, "muted");
  note.id = "map-note";
  box.replaceChildren(root, note);
}

async function showMap(visible) {
  shown = visible;
  document.getElementById("map").hidden = !visible;
  document.getElementById("cy").hidden = visible;
  document.getElementById("tab-map").setAttribute("aria-pressed", String(visible));
  document.getElementById("tab-chart").setAttribute("aria-pressed", String(!visible));
  if (!visible) { state.cy.resize(); return; }
  try {
    await loadBase();
    draw();
  } catch (e) {
    document.getElementById("map").replaceChildren(el("p", `map unavailable: ${e.message}`, "error"));
  }
}

export function installMap() {
  document.getElementById("tab-map").addEventListener("click", () => showMap(true));
  document.getElementById("tab-chart").addEventListener("click", () => showMap(false));
  onChange(() => { if (shown && base) queueMicrotask(draw); });
  document.addEventListener("caselink:dates", () => { if (shown && base) draw(); });
}
