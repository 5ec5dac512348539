"""Provenance in words for a court, and document numbers, case by case on hand-made records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from api.services.disclosure.build import court_provenance, revision_of
from api.services.disclosure.pdf import doc_number
from models.records import Record, SourceRef, Subject
from models.vocabulary import RecordStatus, RecordType, Role, SourceFormat


def _record(revision: int | None = 2, updated: datetime | None = None) -> Record:
    return Record(agency="OPP", record_no="OPP-25-000001", revision=revision, updated_at=updated, record_type=RecordType.HUMAN_TRAFFICKING,
                  status=RecordStatus.OPEN, opened=date(2025, 7, 16), narrative="Mr. Roy was seen with the girls.",
                  subjects=(Subject(subject_id="S4", role=Role.SUSPECT, surname="Roy", given="Rémi"),
                            Subject(subject_id="S9", role=Role.VICTIM, surname="Morrison", given="Taylor")),
                  source=SourceRef(source="mcm_OPP.jsonl", format=SourceFormat.MCM, position=1))


@pytest.mark.parametrize(("trace", "record", "said"), [
    ({"field": None, "span": [4, 7]}, _record(), "mentioned in the narrative of OPP-25-000001, revision 2 (characters 4-7)"),
    ({"field": "subjects[S9].phones[0]", "span": None}, _record(),
     "stated in the structured field subjects[1].phones[0] of OPP-25-000001, revision 2"),
    ({"field": "subjects[S4]", "span": None}, _record(), "stated in the structured field subjects[0] of OPP-25-000001, revision 2"),
    ({"field": "subjects[S77].role", "span": None}, _record(),
     "stated in the structured field subjects[S77].role of OPP-25-000001, revision 2"),  # an id it cannot place stays as written
    ({"field": "vehicles[0]", "span": None}, _record(), "stated in the structured field vehicles[0] of OPP-25-000001, revision 2"),
    ({"field": "record", "span": None}, _record(), "the record OPP-25-000001, revision 2 itself"),
    ({"field": None, "span": None}, _record(revision=None, updated=datetime(2026, 3, 1, 14, 5)),
     "drawn from OPP-25-000001, as updated 2026-03-01 14:05"),
])
def test_provenance_is_said_as_a_court_reads_it(trace: dict[str, Any], record: Record, said: str) -> None:
    assert court_provenance(trace, record) == said


def test_a_record_without_revision_or_update_time_says_so() -> None:
    assert revision_of(_record(revision=None)) == "its only version"


@pytest.mark.parametrize(("prefix", "page", "number"), [("d-0123456789ab", 1, "d-0123456789ab-0001"),
                                                         ("d-0123456789ab", 137, "d-0123456789ab-0137"),
                                                         ("d-x", 12345, "d-x-12345")])
def test_document_numbers_run_one_per_page(prefix: str, page: int, number: str) -> None:
    assert doc_number(prefix, page) == number
