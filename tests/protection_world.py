"""A small hand-written world (exports as the services send them) for the field rules and protections.

Written for these tests, not generated: every name, phone and address is synthetic and appears nowhere else.

- ``OPP-26-900001`` VICTIM_MINOR trafficking case: adult suspect Darnell Pike (phone 705-555-0170, a
  home in Sudbury), minor victim Maddie Quillfeather (phone 705-555-0188, home 12 Birchwood Lane, alias
  "Sparkle"), a vehicle, a motel, the escort ad's phone 705-555-0177 in the narrative, and the minor's own
  phone written another way (705.555.0188) in the narrative too.
- ``OPP-26-900002`` YOUTH: the young offender Tobias Wrenfield (born 2009, home 5 Elmcrest Ave).
- ``OPP-26-900003`` plain: Tobias Wrenfield again (same date of birth and home), with an adult victim.
- ``TPS-26-900005`` plain (TPS shares with no OPP user): Darnell Pike again, seen by TPS, for deconfliction.
- ``NAPS-26-900004`` plain missing-person report (NAPS shares with OPP) of an adult, Nova Kestrel,
  reported by her mother Irene Kestrel (phone 807-555-0133): a reporting contact.

What each viewer may not receive is listed in :data:`SECRETS` by who may not receive it.
"""

from __future__ import annotations

import json
from pathlib import Path

MCM = [
    {"export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-900001", "revision": 1, "case_type": "HUMAN_TRAFFICKING",
     "status": "OPEN", "opened": "2026-04-02T09:00:00-05:00", "caveats": ["VICTIM_MINOR"],
     "subjects": [
         {"subject_id": "S1", "role": "SUSPECT", "surname": "Pike", "given": "Darnell", "dob": "1990-03-04", "sex": "M",
          "phones": ["705-555-0170"], "addresses": [{"line": "88 Quarry Rd", "city": "Sudbury", "province": "ON", "postal": "P3A 1B1"}]},
         {"subject_id": "S2", "role": "VICTIM", "surname": "Quillfeather", "given": "Maddie", "dob": "2010-05-05", "sex": "F",
          "phones": ["(705) 555-0188"], "aliases": ["Sparkle"],
          "addresses": [{"line": "12 Birchwood Lane", "city": "Sudbury", "province": "ON", "postal": "P3B 2C2"}]}],
     "vehicles": [{"plate": "CXRT 552", "province": "ON", "make": "Honda", "model": "Civic", "colour": "grey"}],
     "locations": [{"type": "HOTEL", "name": "Moonlight Inn", "address": "400 Lorne St, Sudbury"}],
     "narrative": "Maddie Quillfeather was advertised as \"Sparkle\" on an escort site with phone 705-555-0177. "
                  "Darnell Pike drove her in plate CXRT 552 to the Moonlight Inn, Sudbury. "
                  "Her own phone 705.555.0188 was seized."},
    {"export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-900002", "revision": 1, "case_type": "ASSAULT",
     "status": "OPEN", "opened": "2026-04-05T09:00:00-05:00", "caveats": ["YOUTH"],
     "subjects": [
         {"subject_id": "S1", "role": "SUSPECT", "surname": "Wrenfield", "given": "Tobias", "dob": "2009-08-09", "sex": "M",
          "phones": ["705-555-0160"], "addresses": [{"line": "5 Elmcrest Ave", "city": "Sudbury", "province": "ON", "postal": "P3C 3D3"}]}],
     "narrative": "Tobias Wrenfield struck a classmate."},
    {"export_version": "2.3", "agency": "OPP", "case_no": "OPP-26-900003", "revision": 1, "case_type": "ASSAULT",
     "status": "OPEN", "opened": "2026-04-09T09:00:00-05:00", "caveats": [],
     "subjects": [
         {"subject_id": "S1", "role": "SUSPECT", "surname": "Wrenfield", "given": "Tobias", "dob": "2009-08-09", "sex": "M",
          "phones": ["705-555-0160"], "addresses": [{"line": "5 Elmcrest Ave", "city": "Sudbury", "province": "ON", "postal": "P3C 3D3"}]},
         {"subject_id": "S2", "role": "VICTIM", "surname": "Ostrowski", "given": "Bram", "dob": "1980-01-01", "sex": "M",
          "phones": [], "addresses": []}],
     "narrative": "Bram Ostrowski was pushed outside a store."},
]

TPS_MCM = [
    {"export_version": "2.3", "agency": "TPS", "case_no": "TPS-26-900005", "revision": 1, "case_type": "OTHER",
     "status": "OPEN", "opened": "2026-04-12T09:00:00-05:00", "caveats": [],
     "subjects": [
         {"subject_id": "S1", "role": "SUSPECT", "surname": "Pike", "given": "Darnell", "dob": "1990-03-04", "sex": "M",
          "phones": ["705-555-0170"], "addresses": []}],
     "narrative": "Darnell Pike was stopped in a rented car on Queen St."},
]

MPR_HEADER = ("REPORT_NO,AGENCY,REPORT_DATE,UPDATED_AT,SUBJECT_NAME,DOB,AGE,SEX,SUBJECT_PHONE,LAST_SEEN_DATE,"
              "LAST_SEEN_LOCATION,CONTACT_NAME,CONTACT_RELATION,CONTACT_PHONE,STATUS,CAVEAT,CIRCUMSTANCES")
MPR = [
    'NAPS-26-900004,NAPS,04/11/2026,2026-04-11T10:00:00,"KESTREL, Nova",02/02/1995,,F,807-555-0121,04/10/2026,Kenora,'
    'Irene Kestrel,MOTHER,807-555-0133,OPEN,,"Nova Kestrel did not come home from work in Kenora."',
]

MINOR = {"names": ["Maddie", "Quillfeather", "Sparkle"], "dob": "2010-05-05", "phone": "+17055550188",
         "phone_forms": ["705-555-0188", "705.555.0188", "(705) 555-0188", "+17055550188"], "home": "12 Birchwood Lane"}
YOUTH = {"dob": "2009-08-09", "home": "5 Elmcrest Ave"}
CONTACT = {"names": ["Irene"], "phone": "+18075550133", "phone_forms": ["807-555-0133", "+18075550133"]}
#: What the VICTIM_MINOR record shows everyone who may see an OPP record.
VISIBLE_IN_MINOR_CASE = {"suspect": "Darnell Pike", "ad_phone": "+17055550177", "plate": "CXRT552", "place": "Moonlight Inn"}


def write_exports(directory: Path, *, tps: bool = True) -> list[Path]:
    """The exports in ``directory`` (``tps``: with TPS's record of the suspect)."""
    directory.mkdir(parents=True, exist_ok=True)
    mcm = directory / "mcm_OPP.jsonl"
    mcm.write_text("".join(json.dumps(r) + "\n" for r in MCM), encoding="utf-8")
    mpr = directory / "mpr_NAPS.csv"
    mpr.write_bytes(("\ufeff" + "\r\n".join([MPR_HEADER, *MPR]) + "\r\n").encode("utf-8"))
    if not tps:
        return [mcm, mpr]
    other = directory / "mcm_TPS.jsonl"
    other.write_text("".join(json.dumps(r) + "\n" for r in TPS_MCM), encoding="utf-8")
    return [mcm, mpr, other]
