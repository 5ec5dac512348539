"""A one-subject report whose format has no address columns (``mpr``) states the subject's home in its
narrative ("Reported missing from ..."): that address joins the subject with the same person's
structured address in another service's report, and the graph says it came from the narrative."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from api.runtime import ingest_and_link
from api.services.queries import open_context, record
from graph.build import structured_mentions
from ingest.adapters import iter_records
from models.access import SYSTEM
from models.records import Address
from models.settings import Settings
from nlp.patterns.residence import subject_addresses

MPR_HEADER = ["REPORT_NO", "AGENCY", "REPORT_DATE", "UPDATED_AT", "SUBJECT_NAME", "DOB", "AGE", "SEX", "SUBJECT_PHONE",
              "LAST_SEEN_DATE", "LAST_SEEN_LOCATION", "CONTACT_NAME", "CONTACT_RELATION", "CONTACT_PHONE", "STATUS", "CAVEAT",
              "CIRCUMSTANCES"]


def _mpr(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(MPR_HEADER)
    writer.writerows(rows)
    path.write_text("\ufeff" + buf.getvalue(), encoding="utf-8", newline="")


def _mcm(agency: str, no: str, surname: str, given: str, dob: str, address: dict[str, str] | None) -> str:
    subject: dict[str, object] = {"subject_id": "S1", "role": "MISSING", "surname": surname, "given": given, "dob": dob,
                                  "sex": "F", "phones": []}
    if address:
        subject["addresses"] = [address]
    return json.dumps({"export_version": "2.3", "agency": agency, "case_no": no, "revision": 1, "case_type": "MISSING_PERSON",
                       "status": "OPEN", "opened": "2026-01-15T09:00:00-05:00", "caveats": [], "subjects": [subject],
                       "vehicles": [], "locations": [], "narrative": f"{given} was reported missing."}) + "\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("Reported missing from 212 Cumberland St, Thunder Bay, ON, P7A 4M4. Last seen at school.",
     Address(line="212 Cumberland St", city="Thunder Bay", province="ON", postal="P7A 4M4")),
    ("Her mother says she resides at 48 Elm Cres. Apt 3, Kenora ON P9N 1A1.",
     Address(line="48 Elm Cres. Apt 3", city="Kenora", province="ON", postal="P9N 1A1")),
    ("Signalée disparue. Elle demeurant au 978 rue Principale, Gatineau (QC) J8X 2B3.",
     Address(line="978 rue Principale", city="Gatineau", province="QC", postal="J8X 2B3")),
    ("Last known address: 7 wattle grove, ballarat, vic, 3350.",
     Address(line="7 wattle grove", city="ballarat", province="VIC", postal="3350")),
    ("Reported missing from studley steet, riverwood, qld, 4869.",  # the street type mistyped: the order still tells
     Address(line="studley steet", city="riverwood", province="QLD", postal="4869")),
    ("Reported missing from 52 kalgoorlie crescent, vic, 3002.",  # no city: the state code is no city
     Address(line="52 kalgoorlie crescent", city=None, province="VIC", postal="3002")),
])
def test_a_narrative_states_the_subjects_address_in_parts(text: str, expected: Address) -> None:
    assert subject_addresses(text) == [expected]


@pytest.mark.parametrize("text", [
    "Reported missing from a group home in Sudbury.",
    "Reported missing from the Lakeview Motel, Kenora.",  # where she went missing from, not an address
    "Reported missing from 2019 onwards.",
    "She lives at 2 days' walk from the reserve.",
    "Adresse courriel : kim@example.net.",
    "Seen at 212 Cumberland St, Thunder Bay.",  # an address, but nothing says the subject lives there
])
def test_no_address_is_read_where_none_is_stated_as_home(text: str) -> None:
    assert subject_addresses(text) == []


def test_only_a_one_subject_reports_narrative_address_is_its_subjects(tmp_path: Path) -> None:
    story = "Reported missing from 212 Cumberland St, Thunder Bay, ON, P7A 4M4."
    one, two = tmp_path / "mcm_OPP.jsonl", tmp_path / "mcm_TBPS.jsonl"
    line = json.loads(_mcm("OPP", "OPP-26-000001", "Okafor", "Adaeze", "1994-03-09", None))
    line["narrative"] = story
    one.write_text(json.dumps(line) + "\n", encoding="utf-8")
    line = dict(line, agency="TBPS", case_no="TBPS-26-000001",
                subjects=[line["subjects"][0], dict(line["subjects"][0], subject_id="S2", given="Chidi", sex="M")])
    two.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (single,) = list(iter_records(one))
    (pair,) = list(iter_records(two))
    (mention,) = structured_mentions(single)
    assert mention.postcodes == frozenset({"P7A 4M4"})
    assert mention.streets == frozenset({"212 cumberland st"}) and mention.cities == frozenset({"thunder bay"})
    assert all(not m.postcodes and not m.streets for m in structured_mentions(pair))  # whose address: nothing says


def test_a_narrative_address_joins_the_subject_with_a_structured_address(tmp_path: Path) -> None:
    """Adaeze Okafor's TPS report (``mpr``: address only in prose, her given name misspelt and no date of birth)
    and her OPP report (``mcm``: the address as fields). A namesake in another city stays apart: the
    name alone is not enough, the shared home is what joins the two reports."""
    exports = tmp_path / "exports"
    exports.mkdir()
    home = {"line": "212 Cumberland St", "city": "Thunder Bay", "province": "ON", "postal": "P7A 4M4"}
    (exports / "mcm_OPP.jsonl").write_text(
        _mcm("OPP", "OPP-26-000101", "Okafor", "Adaeze", "1994-03-09", home)
        + _mcm("OPP", "OPP-26-000102", "Okafor", "Adaeze", "1988-11-21",
               {"line": "15 Lakeshore Rd", "city": "Kingston", "province": "ON", "postal": "K7M 4J3"}), encoding="utf-8")
    _mpr(exports / "mpr_TPS.csv", [
        ["TPS-26-000201", "TPS", "01/15/2026", "2026-01-15T09:00:00", "OKAFOR, Adeaze", "", "", "F", "", "01/14/2026", "Toronto",
         "OKAFOR, Ngozi", "mother", "807-555-0142", "OPEN", "",
         "Reported missing from 212 Cumberland St., Thunder Bay, ON, P7A 4M4. Believed to have taken a bus south."]])
    store = tmp_path / "store"
    settings = Settings(store=store, env="test")
    ingest_and_link(settings, [exports])
    ctx = open_context(settings)
    try:
        prose = record(ctx, "TPS", "TPS-26-000201", viewer=SYSTEM).subjects["S1"]
        fields = record(ctx, "OPP", "OPP-26-000101", viewer=SYSTEM).subjects["S1"]
        namesake = record(ctx, "OPP", "OPP-26-000102", viewer=SYSTEM).subjects["S1"]
    finally:
        ctx.close()
    assert prose == fields
    assert namesake != fields
    con = sqlite3.connect(store / "graph.db")
    try:
        told = con.execute("SELECT extractor, field FROM provenance WHERE record_key = ? AND owner LIKE 'address:%'",
                           ("TPS:TPS-26-000201",)).fetchall()
    finally:
        con.close()
    assert told == [("pattern.residence", "narrative")]
