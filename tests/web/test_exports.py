"""Investigations in a real Chromium: a note on a node (hostile text stays text) saved and reopened
with the investigation; the chart exported as PNG (drawn in the browser) and as PDF (rendered by the
server from that image, the notes and the annotations, audited); a user of another service sharing
it gets a PDF without the annotations of nodes it may not see. Bad images get a clear 400."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from tests.api.web.conftest import OPP_ANALYST, TPS_ANALYST
from tests.web.test_chart_analysis import RECORD, chart_record, js, signed_in
from tests.web.test_workbench import chart_ids, click_node, expansions, shot, wait_expanded

pytestmark = pytest.mark.slow

HOSTILE = "<img src=x onerror=\"window.__pwned=1\"> meets buyers here"
PERSON_NOTE = "Drives the victims; see the plate."


def pdf_text(data: bytes) -> tuple[str, int]:
    doc = pdfium.PdfDocument(data)
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    images = sum(1 for i in range(len(doc)) for o in doc[i].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
    return text, images


def download(page: Any, button: str) -> bytes:
    with page.expect_download() as info:
        page.click(button)
    path = info.value.path()
    return Path(path).read_bytes()


def test_annotations_png_and_pdf_exports(browser: Any, base_url: str, web_store: Path) -> None:
    with signed_in(browser, base_url, OPP_ANALYST) as page:
        chart_record(page, base_url, "OPP-25-000001", "record:")
        before = expansions(page)
        page.click("#card button:has-text('Add to chart')")
        wait_expanded(page, before)
        person = next(i for i in chart_ids(page) if i.startswith("person:"))
        person_caption = js(page, "id => window.__caselinkChart.getElementById(id).data('caption')", person)

        click_node(page, RECORD)
        assert "OPP OPP-25-000001" in page.text_content("#note-target")
        page.fill("#node-note", HOSTILE)
        page.click("#btn-note")
        click_node(page, person)
        page.fill("#node-note", PERSON_NOTE)
        page.click("#btn-note")
        listed = page.text_content("#chart-list")
        assert f"note: {HOSTILE}" in listed and f"note: {PERSON_NOTE}" in listed
        assert page.locator("#chart-list img").count() == 0
        assert js(page, "() => window.__pwned") is None

        png = download(page, "#btn-png")
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(png)) as img:
            assert img.width > 200 and img.height > 200

        page.click("#btn-pdf")
        assert "save or open an investigation first" in page.text_content("#status")
        page.fill("#inv-title", "Motel ring <b>export</b>")
        page.fill("#inv-notes", "First line of the notes.\nSecond line: follow the money.")
        page.fill("#inv-share", TPS_ANALYST.name)
        page.click("#save-form button[type=submit]")
        page.wait_for_function("() => document.getElementById('inv-status').textContent.startsWith('saved')")
        inv_id = page.get_attribute("#inv-status", "data-id")

        pdf = download(page, "#btn-pdf")
        assert pdf.startswith(b"%PDF-")
        text, images = pdf_text(pdf)
        flat = " ".join(text.split())
        assert images == 1
        for expected in ("Motel ring <b>export</b>", "First line of the notes.", "Second line: follow the money.", "Annotations",
                         f"exported by {OPP_ANALYST.name}", HOSTILE, PERSON_NOTE, person_caption, "OPP OPP-25-000001 (record)"):
            assert " ".join(expected.split()) in flat, expected
        assert "PDF exported" in page.text_content("#status")
        shot(page, "19-annotated-and-exported")

        # The notes came back with the investigation.
        page.reload()
        page.wait_for_selector(f"#inv-list option[value='{inv_id}']", state="attached")
        page.select_option("#inv-list", inv_id)
        page.click("#btn-open")
        page.wait_for_function("() => document.getElementById('inv-status').textContent.startsWith('opened')")
        listed = page.text_content("#chart-list")
        assert f"note: {HOSTILE}" in listed and f"note: {PERSON_NOTE}" in listed
        assert js(page, "id => window.__caselinkChart.getElementById(id).data('note')", RECORD) == HOSTILE

        # Bad images are refused, saying why (with the session's CSRF token, as the page sends).
        csrf = page.request.get(f"{base_url}/auth/session").json()["csrf"]
        for image, why in [("data:image/png;base64,AAAA", "not a readable PNG"), ("data:image/jpeg;base64,AAAA", "data:image/png"),
                           ("data:image/png;base64,@@@", "not valid base64")]:
            answer = page.request.post(f"{base_url}/investigations/{inv_id}/pdf", data={"image": image}, headers={"X-CSRF-Token": csrf})
            assert answer.status == 400 and why in answer.json()["message"], answer.text()

    # A TPS analyst it was shared with: the OPP record is not theirs, nor its annotation.
    with signed_in(browser, base_url, TPS_ANALYST) as other:
        other.wait_for_selector(f"#inv-list option[value='{inv_id}']", state="attached")
        other.select_option("#inv-list", inv_id)
        other.click("#btn-open")
        other.wait_for_function("() => document.getElementById('inv-status').textContent.startsWith('opened')")
        assert RECORD not in chart_ids(other)
        text, _ = pdf_text(download(other, "#btn-pdf"))
        assert "Second line: follow the money." in text and f"exported by {TPS_ANALYST.name}" in text
        assert "meets buyers here" not in text and "OPP-25-000001" not in text

    # Each export is in the audit, with who and which investigation.
    entries = [json.loads(line) for line in (web_store / "audit.log").read_text(encoding="utf-8").splitlines()]
    exports = [e for e in entries if e["path"] == f"/investigations/{inv_id}/pdf" and e["status"] == 200]
    assert [e["user"] for e in exports] == [OPP_ANALYST.name, TPS_ANALYST.name]
    assert RECORD in exports[0]["entities"] and RECORD not in exports[1]["entities"]
