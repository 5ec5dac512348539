"""The alert inbox and its triage over real HTTP with real tokens: the missing person's name and
age, triage kept with who and when (latest shown), only one's own alerts, capability-checked."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from api.runtime import ingest_and_link
from api.services.alert_triage import age_on
from models.access import UserRole
from tests.api.conftest import serving, settings_for, token_for


@pytest.fixture(scope="module")
def store(linked_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("alert-triage") / "store"
    shutil.copytree(linked_dev, copy)
    return copy


@pytest.mark.parametrize(("dob", "estimate", "on", "expected"), [
    ("2010-07-01", None, date(2026, 11, 26), (16, "date of birth")),
    ("2010-11-27", None, date(2026, 11, 26), (15, "date of birth")),  # the day before the birthday
    ("2010-11-26", None, date(2026, 11, 26), (16, "date of birth")),
    ("not a date", 2011, date(2026, 1, 1), (15, "estimated birth year")),
    (None, None, date(2026, 1, 1), (None, "unknown")),
])
def test_age_on_the_records_date(dob: str | None, estimate: int | None, on: date, expected: tuple[int | None, str]) -> None:
    assert age_on(dob, estimate, on) == expected


def test_inbox_names_the_missing_person_and_keeps_triage(store: Path, tmp_path: Path) -> None:
    settings = settings_for(store)
    ivy = {"Authorization": f"Bearer {token_for(settings, 'ivy-t', UserRole.INVESTIGATOR, 'OPP')}"}
    other = {"Authorization": f"Bearer {token_for(settings, 'oz-t', UserRole.INVESTIGATOR, 'OPP')}"}
    crown = {"Authorization": f"Bearer {token_for(settings, 'cc-t', UserRole.CROWN, 'OPP')}"}
    with serving(store, settings, as_admin=False) as client:
        assert client.post("/watches", json={"entities": ["phone:+14165550157"]}, headers=ivy).status_code == 200
        report = tmp_path / "mcm_OPP.jsonl"
        report.write_text(json.dumps({
            "export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-970201", "revision": 1, "case_type": "MISSING_PERSON",
            "status": "OPEN", "opened": "2026-11-26T20:00:00-05:00", "caveats": [],
            "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Moose", "given": "Tanis", "dob": "", "sex": "F",
                          "phones": [], "addresses": []},
                         {"subject_id": "S2", "role": "WITNESS", "surname": "Moose", "given": "Ruth", "dob": "1970-01-01", "sex": "F",
                          "phones": [], "addresses": []}],
            "vehicles": [], "locations": [], "narrative": "Tanis Moose, no date of birth on file, called 416 555 0157 at midnight."}) + "\n",
            encoding="utf-8")
        ingest_and_link(settings, [report])

        inbox = client.get("/alerts/inbox", headers=ivy)
        assert inbox.status_code == 200, inbox.text
        body = inbox.json()
        assert body["counts"] == {"unread": 1, "confirmed": 0, "dismissed": 0}
        (item,) = body["items"]
        assert [(p["name"], p["role"], p["age"], p["age_basis"]) for p in item["persons"]] == [("Tanis Moose", "MISSING", None, "unknown")]
        assert item["triage"] == {"state": "unread", "by": None, "at": None, "note": ""}
        alert_id = item["alert"]["id"]

        assert client.get("/alerts/inbox", headers=other).json()["items"] == []
        assert client.post(f"/alerts/{alert_id}/triage", json={"state": "confirmed"}, headers=other).status_code == 404  # not hers
        assert client.get("/alerts/inbox", headers=crown).status_code == 403  # Crown counsel set no watches
        assert client.post(f"/alerts/{alert_id}/triage", json={"state": "maybe"}, headers=ivy).status_code == 422

        done = client.post(f"/alerts/{alert_id}/triage", json={"state": "confirmed", "note": "family called back"}, headers=ivy)
        assert done.status_code == 200, done.text
        assert done.json()["triage"]["state"] == "confirmed" and done.json()["triage"]["by"] == "ivy-t"
        client.post(f"/alerts/{alert_id}/triage", json={"state": "dismissed"}, headers=ivy)
        latest = client.get("/alerts/inbox", headers=ivy).json()
        assert latest["counts"] == {"unread": 0, "confirmed": 0, "dismissed": 1}
        assert latest["items"][0]["triage"]["state"] == "dismissed" and latest["items"][0]["triage"]["note"] == ""
