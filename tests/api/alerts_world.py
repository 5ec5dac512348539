"""A small hand-written world for the alert tests: one person seen in an open and an informer record,
another whose only link to a watched phone is an informer's record (names, numbers: synthetic).

Watchers ``inv-open`` (OPP investigator, no clearance) and ``inv-informant`` (OPP investigator cleared for
INFORMANT) both watch the two phones at two hops. :func:`raise_alerts` then ingests, in this order, a new
informer record about Dana (hidden from ``inv-open``), an open record about Dana (shown to both, with the
informer record behind its second hop for the cleared watcher only), and an open record about Ezra, whose
path rests on an informer record alone (hidden from ``inv-open``)."""

from __future__ import annotations

import json
from pathlib import Path

from api.runtime import ingest_and_link
from models.settings import Settings

DANA_PHONE, SHARED_PHONE = "phone:+14165550142", "phone:+17055550188"
OPEN_WATCHER, CLEARED_WATCHER = "inv-open", "inv-informant"
NEW_HIDDEN, NEW_SHOWN, NEW_EZRA = "OPP:OPP-26-880101", "OPP:OPP-26-880102", "OPP:OPP-26-880103"
OPEN_DANA, INFORMER_DANA, INFORMER_EZRA = "OPP:OPP-25-770001", "OPP:OPP-25-770002", "OPP:OPP-25-770003"

_DANA = {"surname": "Whitfield", "given": "Dana", "dob": "1991-04-12", "sex": "F",
         "addresses": [{"line": "88 Lakeshore Rd", "city": "Orillia", "province": "ON", "postal": "L3V 2A4"}]}
_EZRA = {"surname": "Kowalczyk", "given": "Ezra", "dob": "1987-09-30", "sex": "M", "addresses": []}
_FARAH = {"surname": "Nadeau", "given": "Farah", "dob": "1995-02-17", "sex": "F", "addresses": []}


_MARCO = {"surname": "Delisle", "given": "Marco", "dob": "1979-12-03", "sex": "M", "addresses": []}


def _case(key: str, person: dict[str, object], phones: list[str], caveats: list[str], narrative: str, opened: str,
          suspect: dict[str, object] | None = None) -> str:
    subjects = [{"subject_id": "S1", "role": "VICTIM", "phones": phones, **person}]
    if suspect is not None:
        subjects.append({"subject_id": "S2", "role": "SUSPECT", "phones": ["647-555-0121"], **suspect})
    return json.dumps({
        "export_version": "2.3", "agency": "OPP", "case_no": key.split(":", 1)[1], "revision": 1, "case_type": "HUMAN_TRAFFICKING",
        "status": "OPEN", "opened": opened, "caveats": caveats, "subjects": subjects, "vehicles": [], "locations": [],
        "narrative": narrative})


def base_world(settings: Settings, workdir: Path) -> None:
    """The records already known before anyone watches."""
    export = workdir / "mcm_OPP_base.jsonl"
    export.write_text("\n".join([
        _case(OPEN_DANA, _DANA, ["416-555-0142"], [], "Dana Whitfield was seen at a motel in Orillia with Marco Delisle.",
              "2025-03-02T10:00:00-05:00", suspect=_MARCO),
        _case(INFORMER_DANA, _DANA, ["(416) 555-0142"], ["INFORMANT"], "A source says Dana Whitfield is moved weekly.",
              "2025-04-11T10:00:00-05:00"),
        _case(INFORMER_EZRA, _EZRA, ["705.555.0188"], ["INFORMANT"], "A source names Ezra Kowalczyk as the driver.",
              "2025-05-20T10:00:00-05:00"),
        _case("OPP:OPP-25-770004", _FARAH, ["705-555-0188"], [], "Farah Nadeau reported her phone stolen.",
              "2025-06-01T10:00:00-05:00"),
    ]) + "\n", encoding="utf-8")
    ingest_and_link(settings, [export])


def raise_alerts(settings: Settings, workdir: Path) -> None:
    """Three new records, each its own delivery (so their alerts come in this order)."""
    for key, person, caveats, when in ((NEW_HIDDEN, _DANA, ["INFORMANT"], "2026-11-02"), (NEW_SHOWN, _DANA, [], "2026-11-03"),
                                        (NEW_EZRA, _EZRA, [], "2026-11-04")):
        export = workdir / f"mcm_OPP_{key.split('-')[-1]}.jsonl"
        name = f"{person['given']} {person['surname']}"
        export.write_text(_case(key, person, [], caveats, f"{name} was reported missing again.", f"{when}T09:00:00-05:00") + "\n",
                          encoding="utf-8")
        ingest_and_link(settings, [export])
