"""The page, its static files, and Swagger UI / ReDoc, every byte served from the package (no CDN).

The HTML responses carry a Content-Security-Policy that allows scripts from this origin only (no
inline script, no ``eval``), no connection elsewhere, and no framing; the page itself writes every
piece of data with ``textContent`` (see static/app.js), so hostile names stay text.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.services.investigations import Investigations
from api.web.sessions import WebSessions

STATIC = Path(__file__).resolve().parent / "static"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:;"
       " connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cache-Control": "no-store"}


def _page(name: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type="text/html; charset=utf-8", headers=HEADERS)


def install(app: FastAPI) -> None:
    settings = app.state.auth.settings
    app.state.web_sessions = WebSessions.of(settings)
    app.state.investigations = Investigations.of(settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return _page("index.html")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> FileResponse:
        return _page("docs.html")

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> FileResponse:
        return _page("redoc.html")
