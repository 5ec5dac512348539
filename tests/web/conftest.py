"""The real app on a real socket, and Debian's Chromium driven by Playwright (no browser download).

Tests here skip, saying why, when /usr/bin/chromium or the playwright package is absent
(``scripts/setup-browser.sh`` installs the browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import serving, settings_for
from tests.api.web.conftest import OPP_ANALYST, TPS_ANALYST, add_web_users, store_copy

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run scripts/setup-browser.sh (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pyproject dev extra) is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def web_store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = store_copy(linked_dev, tmp_path_factory.mktemp("web-browser"))
    add_web_users(settings_for(store), OPP_ANALYST, TPS_ANALYST)
    return store


@pytest.fixture(scope="module")
def base_url(web_store: Path) -> Iterator[str]:
    with serving(web_store, as_admin=False, check_audit=False) as client:
        yield str(client.base_url).rstrip("/")
