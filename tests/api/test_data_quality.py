"""Field errors keep the record: a subject's unreadable date of birth, age, phone or postal code is kept
as written, left out of matching and listed in the data-quality view (HTTP and CLI), per agency and
only for the records the viewer may see."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from models.access import UserRole
from tests.api.conftest import serving, settings_for, token_for

CASELINK = shutil.which("caselink") or str(Path(sys.executable).with_name("caselink"))

# Hand-written exports (not the generator's): an impossible ISO date of birth in mcm, a bad postal code,
# an impossible MM/DD date and an age that is no number in mpr, and a clean record in each.
_MCM = [
    {"export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-900001", "revision": 1, "case_type": "MISSING_PERSON",
     "status": "OPEN", "opened": "2026-03-02T10:00:00-05:00", "caveats": [],
     "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Whitebird", "given": "Tanya", "dob": "2009-13-41", "sex": "F",
                   "phones": ["807-555-0142"], "addresses": [{"line": "12 Red Lake Rd", "city": "Kenora", "province": "ON",
                                                               "postal": "P9N 1X"}]}],
     "vehicles": [], "locations": [], "narrative": "Tanya did not return to her placement."},
    {"export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-900002", "revision": 1, "case_type": "MISSING_PERSON",
     "status": "OPEN", "opened": "2026-03-03T10:00:00-05:00", "caveats": [],
     "subjects": [{"subject_id": "S1", "role": "MISSING", "surname": "Whitebird", "given": "Tanya", "dob": "2009-03-14", "sex": "F",
                   "phones": [], "addresses": []}],
     "vehicles": [], "locations": [], "narrative": "Seen in Dryden."},
]
_MPR = ("\ufeffREPORT_NO,AGENCY,REPORT_DATE,UPDATED_AT,SUBJECT_NAME,DOB,AGE,SEX,SUBJECT_PHONE,LAST_SEEN_DATE,LAST_SEEN_LOCATION,"
        "CONTACT_NAME,CONTACT_RELATION,CONTACT_PHONE,STATUS,CAVEAT,CIRCUMSTANCES\r\n"
        'TPS-26-900001,TPS,03/05/2026,2026-03-05T09:00:00,"OKAFOR, Grace",02/30/2008,,F,,03/04/2026,Toronto,,,,OPEN,,"Left school."\r\n'
        'TPS-26-900002,TPS,03/06/2026,2026-03-06T09:00:00,"MENDES, Ana",,fifteen,F,,03/05/2026,Toronto,,,,OPEN,,"Left home."\r\n'
        'TPS-26-900003,TPS,03/07/2026,2026-03-07T09:00:00,,11/02/2010,,F,,03/06/2026,Toronto,,,,OPEN,,"Name not recorded."\r\n')


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CASELINK, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    exports = tmp_path_factory.mktemp("exports")
    (exports / "mcm_OPP.jsonl").write_text("".join(json.dumps(r) + "\n" for r in _MCM), encoding="utf-8")
    (exports / "mpr_TPS.csv").write_text(_MPR, encoding="utf-8", newline="")
    out = tmp_path_factory.mktemp("store")
    done = _cli("ingest", str(exports), "--store", str(out))
    assert done.returncode == 0, done.stderr
    return out


def _issues(answer: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(i["record"], i["field"]): i for a in answer["agencies"] for i in a["issues"]}


def test_an_impossible_dob_keeps_the_record_as_written_and_lists_it(store: Path) -> None:
    with serving(store) as http:
        record = http.get("/records/OPP/OPP-26-900001")
        assert record.status_code == 200, record.text
        subject = record.json()["record"]["subjects"][0]
        assert subject["dob"] is None and subject["dob_raw"] == "2009-13-41"
        assert any("2009-13-41" in w for w in record.json()["record"]["warnings"])
        unnamed = http.get("/records/TPS/TPS-26-900003")
        assert unnamed.status_code == 200, unnamed.text
        assert unnamed.json()["record"]["subjects"][0]["dob"] == "2010-11-02"
        dead = http.get("/dead-letters").json()
        assert dead["total"] == 0, dead
        answer = http.get("/data-quality")
        assert answer.status_code == 200, answer.text
        issues = _issues(answer.json())
    assert issues[("OPP:OPP-26-900001", "dob")]["raw"] == "2009-13-41"
    assert issues[("OPP:OPP-26-900001", "postal")]["raw"] == "P9N 1X"
    assert issues[("TPS:TPS-26-900001", "dob")]["raw"] == "02/30/2008"
    assert issues[("TPS:TPS-26-900002", "age")]["raw"] == "fifteen"
    assert ("OPP:OPP-26-900002", "dob") not in issues
    assert issues[("TPS:TPS-26-900003", "name")]["problem"] == "missing"  # a blank name keeps the report
    by_agency = {a["agency"]: a for a in answer.json()["agencies"]}
    assert (by_agency["OPP"]["records"], by_agency["OPP"]["records_with_issues"]) == (2, 1)
    assert (by_agency["TPS"]["records"], by_agency["TPS"]["records_with_issues"]) == (3, 3)


def test_the_view_is_scoped_to_what_the_viewer_may_see(store: Path) -> None:
    settings = settings_for(store)
    token = token_for(settings, "opp-analyst", UserRole.ANALYST, agency="OPP")
    with serving(store, settings, as_admin=False) as http:
        refused = http.get("/data-quality")
        answer = http.get("/data-quality", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401
    assert answer.status_code == 200, answer.text
    agencies = {a["agency"] for a in answer.json()["agencies"]}
    assert "OPP" in agencies and "TPS" not in agencies


def test_the_cli_lists_the_same_issues(store: Path) -> None:
    with serving(store) as http:
        over_http = http.get("/data-quality").json()
    done = _cli("data-quality", "--store", str(store), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == over_http
    table = _cli("data-quality", "--store", str(store), "--agency", "TPS")
    assert table.returncode == 0 and "fifteen" in table.stdout and "2009-13-41" not in table.stdout
