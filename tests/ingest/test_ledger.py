"""Revision semantics of FORMATS.md, as a case table of deliveries and what each becomes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ingest.ledger import Ledger
from ingest.outcomes import Outcome
from models.records import Record, SourceRef, Subject
from models.vocabulary import RecordStatus, RecordType, Role, SourceFormat

A, S, D, ST, P = Outcome.ACCEPTED, Outcome.SUPERSEDED, Outcome.DUPLICATE, Outcome.STALE, Outcome.PURGED


def rec(rev: int, *, purge: bool = False, name: str = "Jolene", position: int = 1) -> Record:
    return Record(
        agency="OPP", record_no="OPP-25-000001", revision=rev,
        record_type=RecordType.MISSING_PERSON,
        status=RecordStatus.PURGED if purge else RecordStatus.OPEN,
        subjects=() if purge else (Subject(subject_id="S1", role=Role.MISSING, given=name, surname="Meekis"),),
        source=SourceRef(source="mcm_OPP.jsonl", format=SourceFormat.MCM, position=position),
    )


CASES = {
    "first then newer": ([rec(1), rec(2)], [A, S], 2),
    "same again is a duplicate": ([rec(1), rec(1, position=9)], [A, D], 1),
    "older late is stale": ([rec(2), rec(1)], [A, ST], 2),
    "purge removes, older later stays out": ([rec(1), rec(2, purge=True), rec(1)], [A, P, ST], None),
    "purge replayed is a duplicate": ([rec(1), rec(2, purge=True), rec(2, purge=True)], [A, P, D], None),
    "a newer revision after a purge reopens": ([rec(1), rec(2, purge=True), rec(3)], [A, P, A], 3),
    "purge of a record never seen": ([rec(4, purge=True), rec(2)], [P, ST], None),
    "a purge at the revision held is obeyed": ([rec(2), rec(2, purge=True)], [A, P], None),
    "stale then duplicate of the stale": ([rec(3), rec(1), rec(1)], [A, ST, D], 3),
}


@pytest.mark.parametrize(("deliveries", "outcomes", "in_force"), CASES.values(), ids=CASES.keys())
def test_revision_semantics(tmp_path: Path, deliveries: list[Record], outcomes: list[Outcome], in_force: int | None) -> None:
    ledger = Ledger(tmp_path / "l.db")
    got = [ledger.apply([r])[0].outcome for r in deliveries]
    assert got == outcomes
    current = ledger.get("OPP:OPP-25-000001")
    assert (current.revision if current else None) == in_force


def test_same_batch_and_separate_batches_agree(tmp_path: Path) -> None:
    deliveries = [rec(1), rec(3), rec(2), rec(3), rec(4, purge=True), rec(5)]
    one, many = Ledger(tmp_path / "a.db"), Ledger(tmp_path / "b.db")
    assert [a.outcome for a in one.apply(deliveries)] == [a.outcome for r in deliveries for a in many.apply([r])]
    assert one.fingerprint() == many.fingerprint()


def test_a_duplicate_with_other_content_is_kept_as_a_variant(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.db")
    ledger.apply([rec(1)])
    (applied,) = ledger.apply([rec(1, name="Jo-Lene", position=7)])
    assert applied.outcome is D and applied.variant is True
    assert ledger.get("OPP:OPP-25-000001").subjects[0].given == "Jolene"
    assert ledger.counts()["variants"] == 1


def test_a_purge_audit_entry_has_no_content(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.db")
    ledger.apply([rec(1), rec(2, purge=True)])
    (entry,) = ledger.purges()
    assert entry["key"] == "OPP:OPP-25-000001" and entry["versions_removed"] == 1
    assert "Jolene" not in repr(entry)
    assert list(ledger.versions()) == []


def test_mpr_versions_order_by_update_time(tmp_path: Path) -> None:
    def mpr(stamp: str) -> Record:
        return rec(1).model_copy(update={"revision": None, "updated_at": datetime.fromisoformat(stamp)})

    ledger = Ledger(tmp_path / "l.db")
    got = [ledger.apply([mpr(s)])[0].outcome for s in ("2025-01-02T10:00:00", "2025-01-02T09:00:00", "2025-01-03T08:00:00")]
    assert got == [A, ST, S]
    assert [v.ordinal for v in ledger.versions()] == [1, 2, 3]
