// Exports of the chart: a PNG drawn by cytoscape in the browser.

import { safeName, state } from "./core.js";

export function chartPng() {
  return state.cy.png({ full: true, bg: "#ffffff", scale: 2, maxWidth: 4000, maxHeight: 4000 });
}

function exportPng() {
  const link = document.createElement("a");
  link.href = chartPng();
  link.download = `${safeName(document.getElementById("inv-title").value, "caselink-chart")}.png`;
  document.body.append(link);
  link.click();
  link.remove();
}

export function installExports() {
  document.getElementById("btn-png").addEventListener("click", exportPng);
}
