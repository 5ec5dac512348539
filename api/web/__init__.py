"""The analyst's workbench in the browser: the page and its static assets, the sign-in (password,
session cookie, CSRF), Swagger UI and ReDoc from local files, and saved investigations.

Imports are inside :func:`install` because the routers import :mod:`api.app`, which imports
:mod:`api.web.sessions` for its viewer dependency.
"""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    from api.routes_inbox import router as inbox
    from api.routes_investigations import router as investigations
    from api.web.pages import install as install_pages
    from api.web.routes_auth import router as auth

    app.include_router(auth)
    app.include_router(investigations)
    app.include_router(inbox)
    install_pages(app)
