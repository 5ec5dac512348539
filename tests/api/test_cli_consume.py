"""``caselink publish`` then ``caselink consume`` (the streaming path) against ``caselink ingest``.

Over the local transport, so it runs everywhere; the Kafka runs of the same commands are in
``tests/ingest/transport/test_kafka_faults.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from graph.store.embedded import EmbeddedGraphStore
from ingest.ledger import Ledger
from tests.conftest import REPO


def _run(store: Path, *args: str) -> str:
    env = {**os.environ, "CASELINK_ENV": "test", "CASELINK_STORE": str(store), "CASELINK_TRANSPORT": "local",
           "CASELINK_GRAPH": "embedded", "CASELINK_BATCH_SIZE": "50", "CASELINK_COMMIT_ITEMS": "120"}
    proc = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    return proc.stdout.decode()


def _state(store: Path) -> tuple[str, dict[str, object]]:
    ledger, graph = Ledger(store / "caselink.db"), EmbeddedGraphStore(store / "graph.db")
    try:
        return ledger.fingerprint(), graph.fingerprint()
    finally:
        ledger.close()
        graph.close()


def test_publish_then_consume_ends_where_ingest_does(dev_dir: Path, tmp_path: Path) -> None:
    streamed, batch = tmp_path / "streamed", tmp_path / "batch"
    published = json.loads(_run(streamed, "publish", str(dev_dir), "--json"))
    assert len(published) == 6 and all(p["items"] > 0 and not p["already_published"] for p in published)
    again = json.loads(_run(streamed, "publish", str(dev_dir), "--json"))
    assert all(p["already_published"] for p in again)  # the local spool remembers what it was sent

    summary = json.loads(_run(streamed, "consume", "--json"))
    assert summary["accepted"] > 0 and summary["rejected"] == 5 and summary["graph"]["entities_written"] > 0
    assert json.loads(_run(streamed, "consume", "--json"))["items"] == 0  # drained: nothing more

    _run(batch, "ingest", str(dev_dir), "--json")
    assert _state(streamed) == _state(batch)


def test_consume_with_nothing_published_is_a_clean_no_op(tmp_path: Path) -> None:
    summary = json.loads(_run(tmp_path, "consume", "--json"))
    assert summary["items"] == 0 and summary["rejections"] == []
