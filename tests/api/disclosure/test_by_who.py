"""Redaction by who, not by words (issue 15), through HTTP and the CLI on hand-written synthetic records.

An adult woman reported missing by her mother (the reporting contact), later the victim of an assault
seen by a witness; the accused's own phone and address are the evidence and stay. The rules propose the
mother's name in every form and her phone, the victim's phone and street address, and the witness's
phone and street address, each with its reason; Crown counsel sees each replacement (record, page,
the person) before issue, confirms them, rejects one, and the issued package (its JSON and its PDF
read with poppler's ``pdftotext``) holds none of what was confirmed and still holds the accused's
phone and the rejected detail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api.runtime import ingest_and_link
from models.access import UserRole
from tests.api.conftest import serving, settings_for, token_for
from tests.api.disclosure.test_disclosure import MPR_HEADER
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (scripts/setup-pdf-tools.sh)")

CASE, REPORT = "OPP:OPP-26-770001", "OPP:MPR-7701"
VICTIM = {"surname": "Lacasse-Dion", "given": "Marguerite", "phone": "613-555-0411", "address": "48 Elm Crescent"}
MOTHER = {"name": "LACASSE, Yvonne", "phone": "613-555-0488"}
WITNESS = {"surname": "Salo", "given": "Ingrid", "phone": "249-555-0133", "address": "77 Pine Street"}
ACCUSED = {"surname": "Pelletier-Ross", "given": "Dwayne", "phone": "705-555-0899", "address": "9 Quarry Road"}
#: How the mother's name is written in the records, every way an officer does.
MOTHER_FORMS = ("Yvonne Lacasse", "LACASSE, Yvonne", "Mrs. Lacasse", "Yvonne")


def _exports(directory: Path) -> list[Path]:
    mpr = directory / "mpr_OPP_bywho.csv"
    row = (f'MPR-7701,OPP,10/15/2026,2026-10-15T08:00:00,"{VICTIM["surname"].upper()}, {VICTIM["given"]}",04/12/1988,,F,'
           f'{VICTIM["phone"]},10/14/2026,Sudbury,"{MOTHER["name"]}",MOTHER,{MOTHER["phone"]},OPEN,,'
           f'"Reported by her mother Yvonne Lacasse, reachable at (613) 555 0488. Mrs. Lacasse last saw Marguerite at home."')
    mpr.write_bytes(("\ufeff" + "\r\n".join([MPR_HEADER, row]) + "\r\n").encode("utf-8"))
    mcm = directory / "mcm_OPP_bywho.jsonl"

    def subject(sid: str, role: str, who: dict[str, str], dob: str) -> dict[str, Any]:
        return {"subject_id": sid, "role": role, "surname": who["surname"], "given": who["given"], "dob": dob, "sex": "F",
                "phones": [who["phone"]], "addresses": [{"line": who["address"], "city": "Sudbury", "province": "ON"}]}

    mcm.write_text(json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": CASE.split(":")[1], "revision": 1, "case_type": "ASSAULT", "status": "OPEN",
        "opened": "2026-11-02T09:00:00-05:00", "caveats": [],
        "subjects": [subject("S1", "VICTIM", VICTIM, "1988-04-12"), subject("S2", "SUSPECT", ACCUSED, "1985-01-30"),
                     subject("S3", "WITNESS", WITNESS, "1979-07-07")],
        "vehicles": [], "locations": [],
        "narrative": (f"{VICTIM['given']} {VICTIM['surname']} was assaulted outside {VICTIM['address']}. {ACCUSED['given']} "
                      f"{ACCUSED['surname']} had called her from {ACCUSED['phone']} an hour before. Witness {WITNESS['given']} "
                      f"{WITNESS['surname']}, reachable at (249) 555 0133, saw him leave; she lives at {WITNESS['address']}. "
                      f"The victim's mother, Yvonne Lacasse, had reported her missing in October.")}) + "\n", encoding="utf-8")
    return [mpr, mcm]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store_dir = tmp_path_factory.mktemp("bywho")
    settings = settings_for(store_dir)
    ingest_and_link(settings, _exports(store_dir))
    crown = {"Authorization": f"Bearer {token_for(settings, 'crown-bywho', UserRole.CROWN, 'OPP')}"}
    return {"store_dir": store_dir, "settings": settings, "crown": crown}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _phones_in(text: str) -> set[str]:
    """Every phone written in ``text``, in whatever format, as its ten digits."""
    return {_digits(m.group())[-10:] for m in re.finditer(r"\+?\d[\d\s().\-]{5,}\d", re.sub(r"\s+", " ", text))
            if len(_digits(m.group())) >= 10}


def _pdf_text(pdf: bytes, where: Path) -> str:
    where.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(where), "-"], check=True, capture_output=True, text=True, timeout=120).stdout


def _proposed(proposals: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Each proposed redaction by code and its text (case-folded: the name as the record writes it)."""
    return {(p["code"], str(p["target"]).casefold()): p for p in proposals if p["action"] == "redact"}


def _check_proposals(proposals: list[dict[str, Any]]) -> None:
    found = _proposed(proposals)
    expected = {(code, text.casefold()) for code, text in (
        ("RPT-CONTACT", MOTHER["name"]), ("RPT-CONTACT", "Yvonne Lacasse"), ("RPT-CONTACT", "Lacasse"), ("RPT-CONTACT", "Yvonne"),
        ("RPT-CONTACT", MOTHER["phone"]), ("VICTIM-PRIV", VICTIM["phone"]), ("VICTIM-PRIV", VICTIM["address"]),
        ("THIRD-PARTY", WITNESS["phone"]), ("THIRD-PARTY", WITNESS["address"]))}
    assert expected <= set(found), sorted(found)
    assert all(found[k]["reason"] and found[k]["proposed_by"].startswith("rules/") and found[k]["decision"] == "pending"
               for k in expected)
    assert "reporting contact (MOTHER)" in found[("RPT-CONTACT", MOTHER["phone"])]["reason"]
    assert found[("THIRD-PARTY", WITNESS["phone"])]["reason"].startswith("the phone of a third party (witness")
    # The accused's own details are never proposed, in any rule; nor is anyone's name but the mother's.
    targets = [str(p["target"]) for p in proposals]
    assert not [t for t in targets if _digits(t)[-10:] == _digits(ACCUSED["phone"]) or ACCUSED["address"] in t
                or ACCUSED["surname"] in t or "Salo" in t or "Marguerite" in t], targets


def test_the_contact_victim_and_witness_details_are_proposed_seen_and_redacted_over_http(world: dict[str, Any],
                                                                                          tmp_path: Path) -> None:
    crown = world["crown"]
    with serving(world["store_dir"], world["settings"], as_admin=False) as client:
        made = client.post("/disclosures", json={"case": CASE, "recipient": "Defence", "reason": "initial disclosure", "records": [
            {"key": CASE, "reason": "the assault"}, {"key": REPORT, "reason": "the victim's earlier missing report"}]}, headers=crown)
        assert made.status_code == 200, made.text
        draft, proposals = made.json()["draft"], made.json()["proposals"]
        _check_proposals(proposals)
        found = _proposed(proposals)

        # Crown's preview: every replacement with its record, page and the person it stands for.
        preview = client.get(f"/disclosures/{draft}/preview", headers=crown).json()["replacements"]
        seen: dict[str, list[dict[str, Any]]] = {}
        for r in preview:
            seen.setdefault(r["proposal"], []).append(r)
        for key, whom in ((("RPT-CONTACT", "yvonne lacasse"), "LACASSE, Yvonne"), (("RPT-CONTACT", MOTHER["phone"]), "LACASSE, Yvonne"),
                          (("VICTIM-PRIV", VICTIM["address"].casefold()), "Marguerite Lacasse-Dion"),
                          (("THIRD-PARTY", WITNESS["phone"]), "Ingrid Salo")):
            boxes = seen.get(found[key]["id"], [])
            assert boxes, key
            assert all(b["record"] in (CASE, REPORT) and isinstance(b["page"], int) and whom in b["who"] and b["was"]
                       for b in boxes), boxes
        # The mother named in the case's narrative (not her record) is boxed too: the same person's name form.
        assert any(b["record"] == CASE and b["was"] == "Yvonne Lacasse" for b in seen[found[("RPT-CONTACT", "yvonne lacasse")]["id"]])

        rejected = found[("THIRD-PARTY", WITNESS["address"].casefold())]["id"]
        assert client.post(f"/disclosures/{draft}/decisions", json={"proposals": [rejected], "confirm": False},
                           headers=crown).status_code == 200
        assert client.post(f"/disclosures/{draft}/decisions", json={"proposals": ["all"]}, headers=crown).status_code == 200
        assert client.post(f"/disclosures/{draft}/issue", headers=crown).status_code == 200
        raw = client.get(f"/disclosures/{draft}/files/package.json", headers=crown).text
        pdf = client.get(f"/disclosures/{draft}/files/package.pdf", headers=crown).content
    _check_package(raw, _pdf_text(pdf, tmp_path / "package.pdf"), rejected_address=True)
    schedule = {row["id"]: row for row in json.loads(raw)["schedule"]}
    assert "Canadian Victims Bill of Rights" in schedule[found[("VICTIM-PRIV", VICTIM["phone"])]["id"]]["basis"]
    assert rejected not in schedule


def _check_package(raw: str, text: str, *, rejected_address: bool) -> None:
    flat = re.sub(r"\s+", " ", text)
    assert "page 1 of" in flat and "Dwayne Pelletier-Ross" in flat  # the text was read; the accused stays named
    data = json.loads(raw)
    segments = " ".join(seg.get("text", "") for r in data["records"] for f in r.get("fields", []) for seg in f["segments"])
    for where, body in (("json", raw), ("json fields", segments), ("pdf", flat)):
        for form in (*MOTHER_FORMS, VICTIM["address"]):
            assert not re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", body, re.IGNORECASE), (where, form)
        phones = _phones_in(body) | {m.group()[2:] for m in re.finditer(r"\+1\d{10}", body)}
        assert not phones & {_digits(MOTHER["phone"]), _digits(VICTIM["phone"]), _digits(WITNESS["phone"])}, (where, phones)
        assert _digits(ACCUSED["phone"]) in phones, where  # the accused's phone stays
        assert ACCUSED["address"] in body, where
        assert (WITNESS["address"] in body) is rejected_address, where
    assert "Marguerite Lacasse-Dion" in flat and "Ingrid Salo" in flat  # the victim and the witness stay named


def test_the_cli_proposes_and_issues_the_same_redactions(world: dict[str, Any], tmp_path: Path) -> None:
    env = {**os.environ, "CASELINK_ENV": "development", "CASELINK_STORE": str(world["store_dir"]), "COLUMNS": "300"}

    def run(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
        return proc.stdout

    run("users", "add", "crown-bywho-cli", "--role", "crown", "--agency", "OPP", "--json")
    made = json.loads(run("disclose", "create", "--case", CASE, "--recipient", "Defence", "--reason", "cli", "--record",
                          f"{CASE}=the assault", "--record", f"{REPORT}=the earlier missing report", "--as", "crown-bywho-cli", "--json"))
    proposals = made["proposals"]
    shown = json.loads(run("disclose", "proposals", made["draft"], "--as", "crown-bywho-cli", "--json"))["proposals"]
    assert {p["id"] for p in shown} == {p["id"] for p in proposals}
    ids = {p["id"] for p in proposals if p["code"] in ("RPT-CONTACT", "VICTIM-PRIV", "THIRD-PARTY")}
    assert len(ids) >= 9
    preview = json.loads(run("disclose", "preview", made["draft"], "--as", "crown-bywho-cli", "--json"))["replacements"]
    assert any(r["code"] == "RPT-CONTACT" and "LACASSE, Yvonne" in r["who"] and r["page"] for r in preview)
    table = run("disclose", "preview", made["draft"], "--as", "crown-bywho-cli")
    assert "RPT-CONTACT" in table and "THIRD-PARTY" in table
    run("disclose", "decide", made["draft"], "all", "--as", "crown-bywho-cli")
    directory = Path(json.loads(run("disclose", "issue", made["draft"], "--as", "crown-bywho-cli", "--json"))["directory"])
    _check_package((directory / "package.json").read_text(encoding="utf-8"),
                   _pdf_text((directory / "package.pdf").read_bytes(), tmp_path / "cli.pdf"), rejected_address=False)
