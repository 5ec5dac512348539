"""The real app on a real socket, and Debian's Chromium driven by Playwright (no browser download).

Tests here skip, saying why, when /usr/bin/chromium or the playwright package is absent
(``scripts/setup-browser.sh`` installs the browser)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.access import UserRole
from tests.api.conftest import serving, settings_for
from tests.api.web.conftest import OPP_ANALYST, TPS_ANALYST, WebUser, add_web_users, store_copy

#: Investigators see subjects' phones and addresses (analysts do not), so a shared phone is a hub to them.
OPP_INVESTIGATOR = WebUser("ivy.opp", "investigator passphrase 7", UserRole.INVESTIGATOR, "OPP", ("YOUTH",))
#: Crown counsel of OPP: disclosure drafts of OPP's records.
OPP_CROWN = WebUser("cara.crown", "crown counsel passphrase 3", UserRole.CROWN, "OPP")
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


def _subject(sid: str, role: str, given: str, surname: str, dob: str) -> dict[str, Any]:
    return {"subject_id": sid, "role": role, "surname": surname, "given": given, "dob": dob, "sex": "F",
            "phones": ["(807) 555-0142"], "addresses": []}


#: Two hand-written OPP files in which six differently named people all give the front-desk phone of
#: one motel: that phone is a hub (graph.build.HubRules.min_people), drawn as suppressed.
HUB_PHONE = "phone:+18075550142"
HUB_RECORDS = [
    {"export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-900001", "revision": 1, "case_type": "MISSING_PERSON",
     "status": "OPEN", "opened": "2026-02-10T14:00:00-05:00", "caveats": [],
     "subjects": [_subject("S1", "MISSING", "Oksana", "Wapachee", "2009-04-02"),
                  _subject("S2", "WITNESS", "Delphine", "Quequish", "1971-08-19"),
                  _subject("S3", "WITNESS", "Marguerite", "Sutherland", "1958-01-30")],
     "vehicles": [], "locations": [],
     "narrative": "Oksana Wapachee was last seen at the Northern Star Motel front desk, (807) 555-0142."},
    {"export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-900002", "revision": 1, "case_type": "ASSAULT",
     "status": "OPEN", "opened": "2026-03-02T09:30:00-05:00", "caveats": [],
     "subjects": [_subject("S1", "COMPLAINANT", "Yolanda", "Meekis", "1990-12-11"),
                  _subject("S2", "SUSPECT", "Priscilla", "Kwandibens", "1985-06-05"),
                  _subject("S3", "WITNESS", "Beatrix", "Fiddler-Moose", "1979-03-14")],
     "vehicles": [], "locations": [],
     "narrative": "Yolanda Meekis called from the motel desk phone 807 555 0142 after the assault."},
]


@pytest.fixture(scope="module")
def web_store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from api.runtime import ingest_and_link

    store = store_copy(linked_dev, tmp_path_factory.mktemp("web-browser"))
    extra = tmp_path_factory.mktemp("web-hub-export")
    (extra / "mcm_OPP.jsonl").write_text("".join(json.dumps(r) + "\n" for r in HUB_RECORDS), encoding="utf-8")
    settings = settings_for(store)
    ingest_and_link(settings, [extra])
    add_web_users(settings, OPP_ANALYST, TPS_ANALYST, OPP_INVESTIGATOR, OPP_CROWN)
    return store


@pytest.fixture(scope="module")
def base_url(web_store: Path) -> Iterator[str]:
    with serving(web_store, as_admin=False, check_audit=False) as client:
        yield str(client.base_url).rstrip("/")
