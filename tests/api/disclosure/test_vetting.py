"""The vetting rules, case by case, on hand-made records."""

from __future__ import annotations

from datetime import date

import pytest

from api.disclosure.vetting import Action, Code, propose
from models.records import Contact, Record, SourceRef, Subject
from models.vocabulary import Caveat, RecordStatus, RecordType, Role, SourceFormat


def _record(no: str, *, agency: str = "OPP", rtype: RecordType = RecordType.MISSING_PERSON, caveats: tuple[Caveat, ...] = (),
            subjects: tuple[Subject, ...] = (), contacts: tuple[Contact, ...] = ()) -> Record:
    return Record(agency=agency, record_no=no, revision=1, record_type=rtype, status=RecordStatus.OPEN, opened=date(2026, 5, 1),
                  caveats=caveats, subjects=subjects, contacts=contacts, narrative="text",
                  source=SourceRef(source="mcm_TEST.jsonl", format=SourceFormat.MCM, position=1))


TEEN = Subject(subject_id="S1", role=Role.SUSPECT, surname="Okimaw", given="Jesse", dob=date(2010, 3, 14))
ADULT = Subject(subject_id="S2", role=Role.SUSPECT, surname="Roy", given="Rémi", dob=date(1980, 1, 1))
GIRL = Subject(subject_id="S1", role=Role.VICTIM, surname="Walker", given="Dani", dob=date(2011, 6, 1))


@pytest.mark.parametrize(("record", "consent", "expected"), [
    (_record("1", agency="SPGS"), {"SPGS": False}, [(Code.NO_CONSENT, Action.WITHHOLD, None)]),
    (_record("2", agency="SPGS"), {"SPGS": True}, []),
    (_record("3", caveats=(Caveat.INFORMANT,), contacts=(Contact(name="Harriet Quinlan", phones=("807-555-0142",)),)), {},
     [(Code.INFORMER, Action.WITHHOLD, None), (Code.INFORMER, Action.REDACT, "Harriet Quinlan"),
      (Code.INFORMER, Action.REDACT, "807-555-0142")]),
    (_record("4", rtype=RecordType.ASSAULT, caveats=(Caveat.YOUTH,), subjects=(TEEN, ADULT)), {},
     [(Code.YOUNG_PERSON, Action.PSEUDONYMISE, "S1")]),
    (_record("5", caveats=(Caveat.VICTIM_MINOR,), subjects=(GIRL,)), {}, [(Code.YOUNG_VICTIM, Action.PSEUDONYMISE, "S1")]),
    (_record("6", rtype=RecordType.ASSAULT, subjects=(ADULT,)), {}, []),
])
def test_rules(record: Record, consent: dict[str, bool], expected: list[tuple[Code, Action, str | None]]) -> None:
    found = propose([record], None, consent)
    assert sorted((p.code, p.action, p.target) for p in found) == sorted(expected, key=lambda t: (t[0], t[1], t[2] or ""))
    assert all(p.reason and p.proposed_by.startswith("rules/") for p in found)


def test_a_complainants_other_records_are_notices_only() -> None:
    case = _record("CASE", rtype=RecordType.HUMAN_TRAFFICKING, subjects=(ADULT, GIRL.model_copy(update={"subject_id": "S3"})))
    her_report = _record("MP", subjects=(GIRL,))
    someone_else = _record("MP2", subjects=(ADULT.model_copy(update={"subject_id": "S1"}),))
    resolved = {case.key: {"S2": "person:roy", "S3": "person:dani"}, her_report.key: {"S1": "person:dani"},
                someone_else.key: {"S1": "person:roy"}}
    found = propose([case, her_report, someone_else], case, {}, subject_entities=resolved)
    notices = [p.record_key for p in found if p.code is Code.S278]
    assert notices == [her_report.key]  # the suspect's own records are not the complainant's


def test_one_pseudonym_per_young_person_across_records() -> None:
    found = propose([_record("7", caveats=(Caveat.YOUTH,), rtype=RecordType.ASSAULT, subjects=(TEEN,)),
                     _record("8", caveats=(Caveat.YOUTH,), rtype=RecordType.OTHER, subjects=(TEEN,))], None, {})
    assert {p.replacement for p in found} == {"Young person Y1"}
