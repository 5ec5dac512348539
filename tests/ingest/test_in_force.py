"""A consumer's records in force, read whole once and then by difference, equal the ledger's at every read, whichever
consumer changed them; an unchanged record stays the same object between reads."""

from __future__ import annotations

from collections.abc import Callable

from ingest.in_force import InForce
from ingest.ledger import Ledger
from models.database import Database
from models.records import Record, SourceRef, Subject
from models.vocabulary import RecordStatus, RecordType, Role, SourceFormat


def rec(no: int, rev: int = 1, *, purge: bool = False, name: str = "Jolene") -> Record:
    return Record(
        agency="OPP", record_no=f"OPP-25-{no:06d}", revision=rev, record_type=RecordType.MISSING_PERSON,
        status=RecordStatus.PURGED if purge else RecordStatus.OPEN,
        subjects=() if purge else (Subject(subject_id="S1", role=Role.MISSING, given=name, surname="Meekis"),),
        source=SourceRef(source="mcm_OPP.jsonl", format=SourceFormat.MCM, position=no),
    )


def _as_in_ledger(ledger: Ledger) -> list[tuple[str, int | None, str | None]]:
    return sorted((r.key, r.revision, r.subjects[0].given if r.subjects else None) for r in ledger.current_records())


def _as_read(records: list[Record]) -> list[tuple[str, int | None, str | None]]:
    return sorted((r.key, r.revision, r.subjects[0].given if r.subjects else None) for r in records)


def test_read_whole_then_by_difference_across_two_consumers(open_db: Callable[[str], Database]) -> None:
    mine, theirs = Ledger(open_db("ledger")), Ledger(open_db("ledger"))  # two consumers of one ledger
    mine.apply([rec(1), rec(2), rec(3)])
    in_force = InForce(mine)
    first = in_force.read()
    assert first.full and first.gone == [] and _as_read(first.records) == _as_in_ledger(mine)
    kept = {r.key: r for r in first.records}

    theirs.apply([rec(2, 2, name="Jo-Lene"), rec(4), rec(3, 2, purge=True)])  # a revision, a new record, a purge
    second = in_force.read()
    assert not second.full
    assert second.gone == ["OPP:OPP-25-000003"]
    assert _as_read(second.records) == _as_in_ledger(mine)
    unchanged = next(r for r in second.records if r.key == "OPP:OPP-25-000001")
    assert unchanged is kept["OPP:OPP-25-000001"]  # the same object: nothing to digest again

    mine.apply([rec(3, 3, name="Back")])  # a newer revision after the purge reopens the record
    third = in_force.read()
    assert third.gone == [] and _as_read(third.records) == _as_in_ledger(mine)
    assert in_force.read().records == third.records  # nothing changed since: the same records


def test_another_ledger_is_read_whole(open_db: Callable[[str], Database]) -> None:
    first, other = Ledger(open_db("first")), Ledger(open_db("other"))
    first.apply([rec(1)])
    other.apply([rec(2), rec(3)])
    in_force = InForce(first)
    in_force.read()
    in_force.ledger = other  # a store pointed at another ledger: its changes are numbered apart
    again = in_force.read()
    assert again.full and _as_read(again.records) == _as_in_ledger(other)
