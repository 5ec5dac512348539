"""Purge orders leave an audit entry (which record, where the order came from), never the content.

Embedded graph only: the entries are written from the ledger's purge orders, before and whatever the
graph store (the test reads only the audit log and the ledger), so the store plays no role here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from api.runtime import ingest_and_link
from api.services.audit import AuditLog
from ingest.ledger import Ledger
from models.settings import Settings


def test_every_purge_is_audited_once_without_its_content(dev_dir: Path, truth: dict[str, Any], tmp_path: Path) -> None:
    settings = Settings(store=tmp_path, env="test")
    ingest_and_link(settings, [dev_dir])
    ingest_and_link(settings, [dev_dir])  # again: nothing new, nothing audited twice
    log = AuditLog(settings.audit_path())
    assert log.verify().ok
    entries = [json.loads(raw) for _, raw in log.entries()]
    purges = [e for e in entries if e.get("method") == "PURGE"]
    ledger = Ledger(tmp_path / "caselink.db")
    try:
        purged = {key for _, key, _, _ in ledger.purges_after(0)}
    finally:
        ledger.close()
    assert sorted(e["records"][0] for e in purges) == sorted(purged) and set(truth["purged"]) <= purged
    text = json.dumps(purges, ensure_ascii=False)
    assert "narrative" not in text and all(set(e["records"]) == {e["records"][0]} for e in purges)
    assert all(e["query"]["source"].split("#")[0].split("_")[0] in {"mcm", "mpr", "sfx"} for e in purges)
