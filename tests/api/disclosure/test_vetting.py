"""The vetting rules, case by case, on hand-made records."""

from __future__ import annotations

from datetime import date

import pytest

from api.services.disclosure.vetting import RULES, Action, Code, propose
from models.records import Address, Contact, Handle, Record, SourceRef, Subject
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
      (Code.INFORMER, Action.REDACT, "Quinlan, Harriet"), (Code.INFORMER, Action.REDACT, "Quinlan"),
      (Code.INFORMER, Action.REDACT, "Harriet"), (Code.INFORMER, Action.REDACT, "807-555-0142")]),
    (_record("4", rtype=RecordType.ASSAULT, caveats=(Caveat.YOUTH,), subjects=(TEEN, ADULT)), {},
     [(Code.YOUNG_PERSON, Action.PSEUDONYMISE, "S1")]),
    (_record("5", caveats=(Caveat.VICTIM_MINOR,), subjects=(GIRL,)), {}, [(Code.YOUNG_VICTIM, Action.PSEUDONYMISE, "S1")]),
    # A young victim's relatives and contact details identify her: proposed for redaction with her pseudonym.
    (_record("5b", caveats=(Caveat.VICTIM_MINOR,), subjects=(GIRL.model_copy(update={"phones": ("705-555-0123",)}),),
             contacts=(Contact(surname="Walker", given="Rachel", relation="MOTHER", phones=("705-555-0177",)),)), {},
     [(Code.YOUNG_VICTIM, Action.PSEUDONYMISE, "S1"), (Code.YOUNG_VICTIM, Action.REDACT, "705-555-0123"),
      (Code.YOUNG_VICTIM, Action.REDACT, "Rachel Walker"), (Code.YOUNG_VICTIM, Action.REDACT, "Walker, Rachel"),
      (Code.YOUNG_VICTIM, Action.REDACT, "Walker"), (Code.YOUNG_VICTIM, Action.REDACT, "Rachel"),
      (Code.YOUNG_VICTIM, Action.REDACT, "705-555-0177")]),
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


def _disclosed(records: list[Record], traces: dict[str, list[dict[str, object]]],
               subjects: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every record's disclosed text (boxes shown as [CODE: replacement]) with every proposal confirmed."""
    from api.services.disclosure.build import SourceRecord, apply, record_sha

    sources = [SourceRecord(r, record_sha(r), tuple(traces.get(r.key, ())), tuple(sorted(subjects.get(r.key, {}).items())))
               for r in records]
    found = propose(records, None, {}, subject_entities=subjects)
    out = {}
    for rec in apply(sources, found):
        fields = ["".join(str(seg.get("text") or f"[{seg['redacted']}: {seg.get('replacement', '')}]") for seg in field["segments"])
                  for field in rec.get("fields", []) if field["field"] not in ("type", "status", "opened", "caveats")]
        out[rec["key"]] = " | ".join(fields) + " | " + " ".join(str(t["owner"]) for t in rec.get("traces", []))
    return out


def test_a_pseudonym_replaces_the_young_person_and_nobody_who_shares_a_name_word() -> None:
    """Finding 2: V3's first name is Taylor; the suspect Terrence Taylor and the adult Taylor Anderson keep theirs."""
    victim = Subject(subject_id="S1", role=Role.VICTIM, surname="Kakegamic", given="Taylor", dob=date(2011, 5, 29))
    suspect = Subject(subject_id="S2", role=Role.SUSPECT, surname="Taylor", given="Terrence", dob=date(1990, 1, 1))
    narrative = "Taylor was last seen with Terrence Taylor. Mr. Taylor drove her to Kenora. Taylor Anderson saw them."
    case = _record("C1", caveats=(Caveat.VICTIM_MINOR,), subjects=(victim, suspect)).model_copy(update={"narrative": narrative})
    adult = _record("C2", subjects=(Subject(subject_id="S1", role=Role.MISSING, surname="Anderson", given="Taylor",
                                            dob=date(2004, 11, 6)),)).model_copy(update={"narrative": "Taylor left home."})
    traces = {case.key: [{"owner": "subject_of:person:v->record:c1", "field": None, "span": [0, 6]},
                         {"owner": "subject_of:person:t->record:c1", "field": None, "span": [26, 41]}]}
    subjects = {case.key: {"S1": "person:v", "S2": "person:t"}, adult.key: {"S1": "person:a"}}
    text = _disclosed([case, adult], traces, subjects)
    assert text[case.key].startswith("VICTIM: [YCJA-111: Young victim V1]")
    assert "[YCJA-111: Young victim V1] was last seen with Terrence Taylor. Mr. Taylor drove" in text[case.key]
    assert "Taylor Anderson saw them" in text[case.key]
    assert "Kakegamic" not in " ".join(text.values())
    assert text[adult.key].startswith("MISSING: Taylor Anderson") and "Taylor left home." in text[adult.key]
    assert "Young victim" not in text[adult.key]


def test_an_informer_is_boxed_in_every_form_of_name_and_number() -> None:
    """Finding 3: "Mr. Okonkwo-Bell", "Marcus also said", "(416) 555-0999" and the phone's entity id were left readable."""
    tip = _record("TIP", caveats=(Caveat.INFORMANT,), contacts=(Contact(name="Marcus Okonkwo-Bell", relation="source",
                                                                          phones=("416-555-0999",)),))
    other = _record("R2").model_copy(update={"narrative": "Mr. Okonkwo-Bell called from (416) 555-0999 and +1 416 555 0999. "
                                                          "Marcus also said the van is blue. Marcus Stewart was driving."})
    traces = {other.key: [{"owner": "phone:+14165550999", "field": None, "span": [29, 43]}]}
    text = _disclosed([tip, other], traces, {})[other.key]
    for leaked in ("Okonkwo", "555-0999", "555 0999", "+14165550999", "Marcus also"):
        assert leaked not in text, (leaked, text)
    assert "Marcus Stewart was driving" in text and text.count("[INF: ]") >= 4


def test_by_who_the_contact_the_victims_and_third_parties_details_are_proposed_and_the_accuseds_are_not() -> None:
    """Issue 15 in a record of adults: the reporting contact's name forms and phone, the victim's phone and
    street address, the witness's phone and street address; nothing of the accused (even a phone the
    witness shares with him), and no witness's or victim's name."""
    victim = Subject(subject_id="S1", role=Role.VICTIM, surname="Lacasse-Dion", given="Marguerite", dob=date(1988, 4, 12),
                     phones=("613-555-0411",), addresses=(Address(line="48 Elm Crescent", city="Sudbury"),))
    accused = Subject(subject_id="S2", role=Role.SUSPECT, surname="Pelletier", given="Dwayne", dob=date(1985, 1, 30),
                      phones=("705-555-0899",), addresses=(Address(line="9 Quarry Road"),))
    witness = Subject(subject_id="S3", role=Role.WITNESS, surname="Salo", given="Ingrid", dob=date(1979, 7, 7),
                      phones=("(249) 555-0133", "705 555 0899"), addresses=(Address(line="77 Pine Street"),),
                      handles=(Handle(platform="email", handle="ingrid.salo@example.org"), Handle(platform="instagram", handle="@isalo")))
    record = _record("9", rtype=RecordType.ASSAULT, subjects=(victim, accused, witness),
                     contacts=(Contact(name="LACASSE, Yvonne", surname="Lacasse", given="Yvonne", relation="MOTHER",
                                       phones=("613-555-0488",)),))
    found = propose([record], None, {})
    # Each name form once, as the record writes it (boxes match it in any case).
    assert sorted((p.code, (p.target or "").casefold()) for p in found) == sorted((c, t.casefold()) for c, t in [
        (Code.REPORTING_CONTACT, "LACASSE, Yvonne"), (Code.REPORTING_CONTACT, "Yvonne Lacasse"), (Code.REPORTING_CONTACT, "Lacasse"),
        (Code.REPORTING_CONTACT, "Yvonne"), (Code.REPORTING_CONTACT, "613-555-0488"),
        (Code.VICTIM_PRIVACY, "613-555-0411"), (Code.VICTIM_PRIVACY, "48 Elm Crescent"),
        (Code.THIRD_PARTY, "(249) 555-0133"), (Code.THIRD_PARTY, "77 Pine Street"), (Code.THIRD_PARTY, "ingrid.salo@example.org")])
    assert all(p.action is Action.REDACT and p.record_key == record.key and p.reason and "Yvonne" not in p.reason for p in found)
    assert all(p.person == "contacts[0]" for p in found if p.code is Code.REPORTING_CONTACT and not (p.target or "")[:1].isdigit())
    assert all(p.basis for p in (RULES[c] for c in (Code.REPORTING_CONTACT, Code.VICTIM_PRIVACY, Code.THIRD_PARTY)))


def test_a_young_victims_contact_keeps_its_young_person_code_and_an_accused_reporter_keeps_his_details() -> None:
    """The rules by who propose nothing the young-person rules already do, and nothing about an accused
    who is also the record's reporting contact."""
    young = propose([_record("10", caveats=(Caveat.VICTIM_MINOR,), subjects=(GIRL,),
                             contacts=(Contact(surname="Walker", given="Rachel", relation="MOTHER", phones=("705-555-0177",)),))],
                    None, {})
    assert {p.code for p in young} == {Code.YOUNG_VICTIM}
    father = ADULT.model_copy(update={"phones": ("705-555-0100",)})
    reported = propose([_record("11", subjects=(GIRL.model_copy(update={"dob": date(1990, 6, 1)}), father),
                                contacts=(Contact(name="Rémi Roy", relation="FATHER", phones=("705-555-0100",)),))], None, {})
    assert reported == []
