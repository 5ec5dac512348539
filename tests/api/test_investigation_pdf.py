"""The investigation PDF over real HTTP: the chart image checked (a PNG, bounded), the notes and
the annotations of the nodes the caller may see, only for the owner and those it was shared with."""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from models.access import UserRole
from tests.api.conftest import serving, settings_for, token_for


@pytest.fixture(scope="module")
def store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("inv-pdf") / "store"
    shutil.copytree(linked_dev, copy)
    return copy


def png_url(width: int, height: int, mode: str = "RGB") -> str:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), color=1 if mode == "1" else (200, 220, 240)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def text_of(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return " ".join(" ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))).split())


def test_the_pdf_holds_the_image_notes_and_visible_annotations(store: Path) -> None:
    settings = settings_for(store)
    opp = {"Authorization": f"Bearer {token_for(settings, 'ana-pdf', UserRole.ANALYST, 'OPP', ('VICTIM_MINOR',))}"}
    tps = {"Authorization": f"Bearer {token_for(settings, 'tom-pdf', UserRole.ANALYST, 'TPS')}"}
    nobody = {"Authorization": f"Bearer {token_for(settings, 'pat-pdf', UserRole.ANALYST, 'TPS')}"}
    with serving(store, settings, as_admin=False) as client:
        body = {"title": "Kenora motels", "notes": "Ask the front desk.", "shared_with": ["tom-pdf"],
                "nodes": [{"id": "record:OPP:OPP-25-000001", "x": 0, "y": 0, "note": "The first OPP file"}]}
        saved = client.post("/investigations", json=body, headers=opp)
        assert saved.status_code == 200, saved.text
        inv = saved.json()["id"]
        answer = client.post(f"/investigations/{inv}/pdf", json={"image": png_url(800, 500)}, headers=opp)
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
        text = text_of(answer.content)
        assert "Kenora motels" in text and "Ask the front desk." in text and "The first OPP file" in text
        assert "exported by ana-pdf" in text

        shared = client.post(f"/investigations/{inv}/pdf", json={"image": png_url(800, 500)}, headers=tps)
        assert shared.status_code == 200
        assert "Ask the front desk." in text_of(shared.content) and "The first OPP file" not in text_of(shared.content)
        assert client.post(f"/investigations/{inv}/pdf", json={"image": png_url(10, 10)}, headers=nobody).status_code == 404

        big = client.post(f"/investigations/{inv}/pdf", json={"image": png_url(9000, 9000, "1")}, headers=opp)
        assert big.status_code == 400 and "too many pixels" in big.json()["message"]
        gif = io.BytesIO()
        Image.new("RGB", (4, 4)).save(gif, "GIF")
        forged = "data:image/png;base64," + base64.b64encode(gif.getvalue()).decode()
        wrong = client.post(f"/investigations/{inv}/pdf", json={"image": forged}, headers=opp)
        assert wrong.status_code == 400 and "not a PNG" in wrong.json()["message"]
