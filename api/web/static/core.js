// Shared by the workbench's modules: the API call (session cookie, CSRF token on every change),
// element building with textContent only (names in the records may be hostile), the status line,
// and the state every module reads (the chart, the session).

export const state = {
  csrf: null,
  session: null,
  cy: null,
  onUnauthorized: () => {},
};

export class ApiError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}

export function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

export function status(text) { document.getElementById("status").textContent = text; }

async function send(path, { method = "GET", body, raw = false } = {}) {
  const headers = { Accept: raw ? "*/*" : "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  const response = await fetch(path, { method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && !path.startsWith("/auth/login")) state.onUnauthorized();
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    throw new ApiError((data && data.message) || response.statusText, response.status);
  }
  return response;
}

export async function api(path, options = {}) {
  const response = await send(path, options);
  return response.json().catch(() => null);
}

// A file from the API (a PDF, an issued package) saved through a blob: link, never a new origin.
export async function download(path, filename, options = {}) {
  const response = await send(path, { ...options, raw: true });
  const blob = await response.blob();
  saveBlob(blob, filename);
  return blob;
}

export function saveBlob(blob, filename) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export function safeName(text, fallback) {
  return (text || fallback).replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
}

// The record key ("OPP:OPP-25-000001") of a record entity id ("record:OPP:OPP-25-000001").
export function recordKey(id) { return id.startsWith("record:") ? id.slice("record:".length) : id; }
