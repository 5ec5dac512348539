"""The desks beside the workbench in a real Chromium: the investigator's live alert inbox (the
missing person's name and age; unread, confirmed, dismissed with who and when), the review queue
as side-by-side cards with same / not-same buttons, and the Crown's disclosure desk (drafts,
proposals with each replacement shown, the issued package downloaded)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from api.runtime import ingest_and_link
from tests.api.conftest import settings_for
from tests.api.web.conftest import OPP_ANALYST
from tests.web.conftest import OPP_CROWN, OPP_INVESTIGATOR
from tests.web.test_chart_analysis import chart_record, signed_in
from tests.web.test_exports import download
from tests.web.test_workbench import shot, wait_status

pytestmark = pytest.mark.slow

PHONE = "phone:+14165550157"  # named in OPP-25-000001's narrative


def missing_report(path: Path) -> Path:
    path.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-970101", "revision": 1, "case_type": "MISSING_PERSON",
        "status": "OPEN", "opened": "2026-11-26T20:00:00-05:00", "caveats": [],
        "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Cheechoo", "given": "Layla", "dob": "2010-07-01", "sex": "F",
                      "phones": [], "addresses": []}],
        "vehicles": [], "locations": [],
        "narrative": "Layla Cheechoo left the group home at 22:00; her last call was to 416-555-0157."}) + "\n", encoding="utf-8")
    return path


def test_the_alert_inbox_is_live_names_the_missing_person_and_keeps_triage(
        browser: Any, base_url: str, web_store: Path, tmp_path: Path) -> None:
    with signed_in(browser, base_url, OPP_INVESTIGATOR) as page:
        assert page.is_hidden("#desks button[data-desk='crown']") and page.is_visible("#desks button[data-desk='alerts']")
        assert chart_record(page, base_url, "416-555-0157", "phone:") == PHONE
        page.click("#card button:has-text('Watch')")
        wait_status(page, "watching")
        page.click("#desks button[data-desk='alerts']")
        page.wait_for_selector("#inbox-live.live")
        assert "+14165550157" in page.text_content("#watch-list")
        assert page.locator("#inbox-list li.alert").count() == 0

        # A new missing-person report mentions the watched phone: the stream brings it in.
        ingest_and_link(settings_for(web_store), [missing_report(tmp_path / "mcm_OPP.jsonl")])
        page.wait_for_selector("#inbox-list li.alert", timeout=30_000)
        item = page.locator("#inbox-list li.alert").first
        assert item.locator(".alert-title").text_content() == "Missing: Layla Cheechoo, 16"
        text = item.text_content()
        assert "MISSING_PERSON OPP:OPP-26-970101, opened 2026-11-26" in text and "+14165550157" in text
        assert item.get_attribute("data-state") == "unread"
        assert page.text_content("#unread-count") == "(1)"
        shot(page, "20-alert-inbox")

        item.locator("button[data-to='confirmed']").click()
        page.wait_for_selector("#inbox-list li.alert[data-state='confirmed']")
        who = page.text_content("#inbox-list li.alert .triage-who")
        assert re.fullmatch(rf"confirmed by {OPP_INVESTIGATOR.name} at \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", who), who
        assert page.text_content("#unread-count") == ""

        page.reload()
        page.wait_for_selector("#workbench:not([hidden])")
        page.click("#desks button[data-desk='alerts']")
        page.wait_for_selector("#inbox-list li.alert[data-state='confirmed']")
        page.locator("#inbox-list li.alert button[data-to='dismissed']").click()
        page.wait_for_selector("#inbox-list li.alert[data-state='dismissed']")
        page.click("#inbox-filters button[data-filter='unread']")
        page.wait_for_selector("#inbox-list li.muted:has-text('no alerts here')")
        page.click("#inbox-filters button[data-filter='dismissed']")
        page.wait_for_selector("#inbox-list li.alert[data-state='dismissed']")
        assert page.text_content("#inbox-filters button[data-filter='confirmed']") == "confirmed (0)"
        shot(page, "21-alert-dismissed")
        alert_id = page.get_attribute("#inbox-list li.alert", "data-alert")

    # Each triage is audited with who, and the record the alert shows.
    entries = [json.loads(line) for line in (web_store / "audit.log").read_text(encoding="utf-8").splitlines()]
    marks = [e for e in entries if e["path"] == f"/alerts/{alert_id}/triage"]
    assert [e["user"] for e in marks] == [OPP_INVESTIGATOR.name] * 2 and all("OPP:OPP-26-970101" in e["records"] for e in marks)


def test_the_review_queue_shows_pairs_side_by_side_and_records_a_decision(browser: Any, base_url: str) -> None:
    with signed_in(browser, base_url, OPP_ANALYST) as page:
        page.click("#desks button[data-desk='review']")
        page.wait_for_selector("#review-list li.pair")
        assert page.locator("#review-list li.pair").first.locator("button.btn-same").is_disabled()  # analysts see, do not decide

    with signed_in(browser, base_url, OPP_INVESTIGATOR) as page:
        page.click("#desks button[data-desk='review']")
        page.wait_for_selector("#review-list li.pair .side h3")
        pair = page.locator("#review-list li.pair").first
        sides = pair.locator(".side")
        assert sides.count() == 2
        mentions = [sides.nth(i).get_attribute("data-mention") for i in range(2)]
        names = [sides.nth(i).locator("h3").text_content() for i in range(2)]
        assert all(names) and all(m and "#" in m for m in mentions)
        boxes = [sides.nth(i).bounding_box() for i in range(2)]
        assert boxes[0]["x"] + boxes[0]["width"] < boxes[1]["x"] and abs(boxes[0]["y"] - boxes[1]["y"]) < 5  # side by side
        shot(page, "22-review-queue")
        pair.locator("button.btn-not-same").click()
        assert "say why" in page.text_content("#status")
        pair.locator("input.pair-reason").fill("Different mothers named in both files; DOBs 11 years apart.")
        pair.locator("button.btn-not-same").click()
        page.wait_for_function("() => document.querySelector('#review-list li.pair').dataset.decided === 'not_same'", timeout=60_000)
        assert f"decided not same by {OPP_INVESTIGATOR.name}" in pair.locator(".pair-result").text_content()
        decisions = page.request.get(f"{base_url}/review/decisions").json()["items"]
        mine = [d for d in decisions if d["user"] == OPP_INVESTIGATOR.name]
        assert len(mine) == 1 and {mine[0]["a"], mine[0]["b"]} == set(mentions) and mine[0]["verdict"] == "not_same"
        assert mine[0]["reason"].startswith("Different mothers")


def test_the_crown_desk_shows_each_replacement_and_downloads_the_issued_package(browser: Any, base_url: str) -> None:
    with signed_in(browser, base_url, OPP_CROWN) as page:
        assert page.is_hidden("#desks button[data-desk='alerts']") and page.is_hidden("#desks button[data-desk='review']")
        page.click("#desks button[data-desk='crown']")
        page.fill("#crown-case", "OPP:OPP-25-000001")
        page.fill("#crown-recipient", "Defence counsel")
        page.fill("#crown-reason", "Stinchcombe disclosure")
        page.click("#crown-form button[type=submit]")
        page.wait_for_selector("table.proposals tr[data-proposal]")
        draft = page.get_attribute("#crown-list li[data-draft]", "data-draft")
        proposals = page.request.get(f"{base_url}/disclosures/{draft}").json()["proposals"]
        replaced = [p for p in proposals if p["replacement"]]
        assert replaced, proposals
        for p in proposals:
            cells = page.eval_on_selector_all(f"tr[data-proposal='{p['id']}'] td", "tds => tds.map(t => t.textContent)")
            assert cells[0] == p["record"] and cells[1] == p["code"] and cells[3] == (p["target"] or "—")
            if p["replacement"]:
                assert cells[4] == p["replacement"]
        shot(page, "23-crown-draft")
        page.click("#crown-confirm-all")
        page.wait_for_function("() => [...document.querySelectorAll('tr[data-proposal]')].every(r => r.dataset.decision === 'confirmed')")
        assert f"confirmed by {OPP_CROWN.name}" in page.text_content("table.proposals")
        page.click("#crown-issue")
        page.wait_for_selector(".crown-files button[data-file='package.pdf']")
        pdf = download(page, ".crown-files button[data-file='package.pdf']")
        assert pdf.startswith(b"%PDF-")
        manifest = json.loads(download(page, ".crown-files button[data-file='manifest.json']"))
        assert "package.pdf" in manifest["files"]
        shot(page, "24-crown-issued")
