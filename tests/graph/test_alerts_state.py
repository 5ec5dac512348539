"""Watches and alerts through the real ingest path, one contract over both databases (``CASELINK_STATE``
embedded, and PostgreSQL when CASELINK_TEST_POSTGRES names a server): a watch set on one connection is
evaluated by the consumer, its alert read on another connection, and retracted by a purge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from api.runtime import ingest_and_link
from graph.alerts import AlertStore
from graph.store.embedded import EmbeddedGraphStore
from models.layout import StoreLayout
from models.settings import Settings


def _mcm(path: Path, case_no: str, revision: int, *, phones: list[str], narrative: str, status: str = "OPEN") -> Path:
    record: dict[str, Any] = {
        "export_version": "2.3", "agency": "OPP", "case_no": case_no, "revision": revision, "case_type": "MISSING_PERSON",
        "status": status, "opened": "2026-11-20T21:00:00-05:00", "caveats": [],
        "subjects": [] if status == "PURGED" else [{"subject_id": "S1", "role": "MISSING", "surname": "Quillfeather", "given": "Maëlle",
                                                     "dob": "2010-04-02", "sex": "F", "phones": phones, "addresses": []}],
        "vehicles": [], "locations": [], "narrative": narrative}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_a_watched_phone_in_a_new_record_raises_one_alert_that_a_purge_retracts(state: str, tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store", env="test", state=state)
    ingest_and_link(settings, [_mcm(tmp_path / "mcm_OPP_a.jsonl", "OPP-26-000001", 1, phones=["807-555-0142"],
                                    narrative="Reported missing by her aunt.")])
    graph = EmbeddedGraphStore(StoreLayout.of(settings).graph_db)
    watcher = AlertStore.of(settings)
    try:
        watch = watcher.add_watch("inv-a", ["phone:+18075550142"], hops=1, reason="the aunt's phone", store=graph)
    finally:
        graph.close()
    ingest_and_link(settings, [_mcm(tmp_path / "mcm_OPP_b.jsonl", "OPP-26-000002", 1, phones=[],
                                    narrative="A girl was seen texting 807 555 0142 near the bus terminal.")])
    reader = AlertStore.of(settings)
    try:
        (alert,) = reader.alerts("inv-a")
        assert (alert.watch_id, alert.record_key, alert.retracted_at) == (watch.id, "OPP:OPP-26-000002", None)
        assert reader.watches("inv-a") == [watch]
        ingest_and_link(settings, [_mcm(tmp_path / "mcm_OPP_c.jsonl", "OPP-26-000002", 2, phones=[], narrative="", status="PURGED")])
        (after,) = watcher.alerts("inv-a")
        assert after.retraction == "the record was purged"
        assert watcher.remove_watch("inv-a", watch.id) and reader.watches("inv-a") == []
        assert (StoreLayout.of(settings).alerts_db.exists()) is (state == "embedded")
    finally:
        watcher.close()
        reader.close()
