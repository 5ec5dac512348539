// Exports of the chart: a PNG drawn by cytoscape in the browser, and a PDF of the saved
// investigation (that image, the notes and the annotations) rendered by the server, audited there.

import { download, safeName, state, status } from "./core.js";

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

async function exportPdf() {
  const id = document.getElementById("inv-status").dataset.id;
  if (!id) { status("save or open an investigation first: the PDF is of a saved investigation"); return; }
  try {
    const blob = await download(`/investigations/${encodeURIComponent(id)}/pdf`,
      `${safeName(document.getElementById("inv-title").value, id)}.pdf`, { method: "POST", body: { image: chartPng() } });
    status(`PDF exported (${Math.round(blob.size / 1024)} KB)`);
  } catch (e) { status(e.message); }
}

export function installExports() {
  document.getElementById("btn-png").addEventListener("click", exportPng);
  document.getElementById("btn-pdf").addEventListener("click", exportPdf);
}
