"""The audit log on either storage (``CASELINK_STATE`` embedded: a file; PostgreSQL when
CASELINK_TEST_POSTGRES names a server: two tables), one contract: two writers (two processes, or two
machines) append to one chain that never forks, anchored by signed checkpoints, and a log cut back
behind its last checkpoint is reported, whatever holds it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from api.services.audit import AuditLog
from models.database import open_database

KEY = b"k" * 32


def _cut_after(state: str, path: Path, keep: int) -> None:
    """Delete every entry after the first ``keep``, as someone with write access to the storage could."""
    if state == "embedded":
        path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:keep]))
        return
    db = open_database(state, path, "tamper")
    try:
        db.execute("DELETE FROM audit_entries WHERE n > ?", (keep,))
    finally:
        db.close()


def test_two_writers_keep_one_anchored_chain_and_a_cut_is_reported(state: str, tmp_path: Path) -> None:
    path = tmp_path / "audit.log"
    one, two = (AuditLog(path, key=KEY, every=3, state=state) for _ in range(2))
    written = [(one if n % 2 else two).append({"user": f"u{n % 2}", "action": "search", "n": n}) for n in range(1, 8)]
    assert [e["seq"] for e in written] == list(range(1, 8))
    assert [e["prev"] for e in written[1:]] == [e["hash"] for e in written[:-1]]
    assert len(one.checkpoints()) == 2  # at 3 and 6
    assert two.checkpoint() is not None and one.checkpoint() is None  # 7 is anchored once
    result = two.verify()
    assert (result.ok, result.entries, result.checkpoints, result.anchored) == (True, 7, 3, 7)
    assert [e["n"] for e in one.search(user="u1")] == [1, 3, 5, 7]
    assert (path.exists()) is (state == "embedded")
    _cut_after(state, path, 5)
    cut = one.verify()
    assert not cut.ok and cut.reason is not None and cut.reason.startswith("TRUNCATED")


def test_a_server_log_keeps_one_connection_and_replaces_a_lost_one(postgres_schemas: Callable[[str], str], tmp_path: Path) -> None:
    """An API server appends for every request through one AuditLog: one server session, not one per entry;
    a session the server killed is found when the next append begins, and that append begins again on a fresh one."""
    base = postgres_schemas("audit_reuse")
    tag = f"audit-reuse-{uuid.uuid4().hex[:8]}"
    state = base + ("&" if "?" in base else "?") + f"application_name={tag}"
    log = AuditLog(tmp_path / "audit.log", key=KEY, every=1000, state=state)
    probe = open_database(base, tmp_path / "probe.db", "probe")
    try:
        for n in range(25):
            log.append({"user": "u", "action": "search", "n": n})
        sessions = probe.execute("SELECT pid FROM pg_stat_activity WHERE application_name = ?", (tag,)).fetchall()
        assert 1 <= len(sessions) <= 2, sessions  # the entries' table (and the checkpoints' once read), kept open
        for (pid,) in sessions:
            probe.execute("SELECT pg_terminate_backend(?)", (pid,))
        written = log.append({"user": "u", "action": "search", "n": 25})  # begun again on a fresh session
        assert written["n"] == 25 and log.verify().ok
    finally:
        probe.close()
