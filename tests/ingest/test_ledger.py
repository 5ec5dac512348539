"""Revision semantics of FORMATS.md, as a case table of deliveries and what each becomes.

One contract over both databases (``open_db``: embedded SQLite, and PostgreSQL when
CASELINK_TEST_POSTGRES names a server), plus what only a shared server has: two consumers at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from ingest.ledger import Ledger
from ingest.outcomes import Outcome
from models.database import Database, open_database
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
def test_revision_semantics(open_db: Callable[[str], Database], deliveries: list[Record], outcomes: list[Outcome], in_force: int | None) -> None:
    ledger = Ledger(open_db("ledger"))
    got = [ledger.apply([r])[0].outcome for r in deliveries]
    assert got == outcomes
    current = ledger.get("OPP:OPP-25-000001")
    assert (current.revision if current else None) == in_force


def test_same_batch_and_separate_batches_agree(open_db: Callable[[str], Database]) -> None:
    deliveries = [rec(1), rec(3), rec(2), rec(3), rec(4, purge=True), rec(5)]
    one, many = Ledger(open_db("a")), Ledger(open_db("b"))
    assert [a.outcome for a in one.apply(deliveries)] == [a.outcome for r in deliveries for a in many.apply([r])]
    assert one.fingerprint() == many.fingerprint()


def test_a_duplicate_with_other_content_is_kept_as_a_variant(open_db: Callable[[str], Database]) -> None:
    ledger = Ledger(open_db("ledger"))
    ledger.apply([rec(1)])
    (applied,) = ledger.apply([rec(1, name="Jo-Lene", position=7)])
    assert applied.outcome is D and applied.variant is True
    assert ledger.get("OPP:OPP-25-000001").subjects[0].given == "Jolene"
    assert ledger.counts()["variants"] == 1


def test_a_purge_audit_entry_has_no_content(open_db: Callable[[str], Database]) -> None:
    ledger = Ledger(open_db("ledger"))
    ledger.apply([rec(1), rec(2, purge=True)])
    (entry,) = ledger.purges()
    assert entry["key"] == "OPP:OPP-25-000001" and entry["versions_removed"] == 1
    assert "Jolene" not in repr(entry)
    assert list(ledger.versions()) == []


def test_each_purge_is_audited_once_by_whichever_consumer_comes_first(open_db: Callable[[str], Database]) -> None:
    """Two consumers sharing a ledger (two connections): a purge is handed to the audit exactly once;
    an audit that fails leaves the purge to be audited again, never lost."""
    first, second = Ledger(open_db("ledger")), Ledger(open_db("ledger"))
    first.apply([rec(1), rec(2, purge=True)])
    audited: list[str] = []

    def failing(rows: list[tuple[int, str, str, int]]) -> None:
        raise OSError("audit log unavailable")

    with pytest.raises(OSError):
        second.audit_purges(failing)
    assert first.audit_purges(lambda rows: audited.extend(key for _, key, _, _ in rows)) == 1
    assert second.audit_purges(lambda rows: audited.extend(key for _, key, _, _ in rows)) == 0
    assert audited == ["OPP:OPP-25-000001"]
    first.apply([rec(3), rec(4, purge=True)])
    assert second.audit_purges(lambda rows: audited.extend(key for _, key, _, _ in rows)) == 1
    assert audited == ["OPP:OPP-25-000001"] * 2


def test_a_store_from_before_keeps_its_purge_audit_mark(open_db: Callable[[str], Database]) -> None:
    ledger = Ledger(open_db("ledger"))
    ledger.apply([rec(1), rec(2, purge=True), rec(3), rec(4, purge=True)])
    seen: list[int] = []
    assert ledger.audit_purges(lambda rows: seen.extend(i for i, *_ in rows), legacy_mark=1) == 1
    assert seen == [2]
    assert ledger.audit_purges(lambda rows: seen.extend(i for i, *_ in rows), legacy_mark=0) == 0


def test_mpr_versions_order_by_update_time(open_db: Callable[[str], Database]) -> None:
    def mpr(stamp: str) -> Record:
        return rec(1).model_copy(update={"revision": None, "updated_at": datetime.fromisoformat(stamp)})

    ledger = Ledger(open_db("ledger"))
    got = [ledger.apply([mpr(s)])[0].outcome for s in ("2025-01-02T10:00:00", "2025-01-02T09:00:00", "2025-01-03T08:00:00")]
    assert got == [A, ST, S]
    assert [v.ordinal for v in ledger.versions()] == [1, 2, 3]


def test_two_consumers_applying_at_once_on_a_shared_server_agree_with_one(postgres_schemas: Callable[[str], str], tmp_path: Path) -> None:
    """Two consumers (two connections, two threads) open one ledger and apply the same records' revisions
    at once, one oldest first and one newest first: every record is accepted exactly once, ends at its
    newest revision with one current version, and the change count names exactly what changed."""
    url = postgres_schemas("ledger")
    keys = [f"OPP-25-{n:06d}" for n in range(1, 31)]
    revisions = range(1, 6)

    def delivery(record_no: str, revision: int) -> Record:
        return rec(revision).model_copy(update={"record_no": record_no})

    orders = {"oldest first": [[delivery(k, r) for k in keys] for r in revisions],
              "newest first": [[delivery(k, r) for k in keys] for r in reversed(revisions)]}
    start = threading.Barrier(len(orders))
    outcomes: dict[str, list[Outcome]] = {}
    errors: dict[str, str] = {}

    def consume(name: str) -> None:
        try:
            start.wait(timeout=30)
            ledger = Ledger(open_database(url, tmp_path / "caselink.db", "caselink"))  # each creates it too, at once
            try:
                outcomes[name] = [a.outcome for batch in orders[name] for a in ledger.apply(batch)]
            finally:
                ledger.close()
        except Exception as exc:  # reported below, with what it was
            errors[name] = repr(exc)

    threads = [threading.Thread(target=consume, args=(name,)) for name in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == {}
    assert sorted(outcomes) == sorted(orders)
    every = [o for name in orders for o in outcomes[name]]
    ledger = Ledger(open_database(url, tmp_path / "caselink.db", "caselink"))
    try:
        assert every.count(A) == len(keys)
        assert {r.record_no: r.revision for r in ledger.current_records()} == dict.fromkeys(keys, max(revisions))
        current = [v.key for v in ledger.versions() if v.state == "current"]
        assert sorted(current) == sorted(f"OPP:{k}" for k in keys)
        assert ledger.counts()["versions"] == len(keys) * len(revisions)
        assert ledger.state_mark().endswith(f":{every.count(A) + every.count(S)}")
    finally:
        ledger.close()


def _other(rev: int, *, purge: bool = False) -> Record:
    return rec(rev, purge=purge).model_copy(update={"record_no": "OPP-25-000002"})


def test_changes_since_reads_each_changed_record_once_as_last_changed(open_db: Callable[[str], Database]) -> None:
    ledger = Ledger(open_db("ledger"))
    ledger.apply([rec(1)])
    before = ledger.changes_made()
    assert before == 1
    ledger.apply([_other(1), rec(2), rec(2, position=5), rec(1)])  # new, newer, a duplicate and a stale: two changes
    ledger.apply([_other(2, purge=True)])
    got = [(key, record.revision if record else None) for _, key, record in ledger.changes_since(before)]
    assert got == [("OPP:OPP-25-000001", 2), ("OPP:OPP-25-000002", None)]  # the purge last, read as gone
    assert [n for n, _, _ in ledger.changes_since(before)] == [3, 4] and ledger.changes_made() == 4
    assert ledger.changes_since(ledger.changes_made()) == []
    assert ledger.changes_since(0)[0][1] == "OPP:OPP-25-000001"


def test_a_ledger_from_before_numbered_changes_is_read_whole_then_by_difference(tmp_path: Path) -> None:
    old = open_database("embedded", tmp_path / "old.db")
    old.create("CREATE TABLE records (key TEXT PRIMARY KEY, agency TEXT NOT NULL, record_no TEXT NOT NULL, version TEXT NOT NULL,"
               " status TEXT NOT NULL, purged INTEGER NOT NULL DEFAULT 0, payload TEXT, sha256 TEXT, applied_at TEXT NOT NULL)")
    with old.transaction() as conn:
        first = rec(1)
        conn.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?, 0, ?, 'x', 'then')",
                     (first.key, first.agency, first.record_no, first.version, first.status.value, first.model_dump_json()))
    old.close()
    ledger = Ledger(tmp_path / "old.db")
    assert [r.key for r in ledger.current_records()] == [first.key]
    assert ledger.changes_since(0) == []  # numbered before any change: a consumer reads it in its first, whole read
    ledger.apply([_other(1)])
    assert [key for _, key, _ in ledger.changes_since(0)] == ["OPP:OPP-25-000002"]
