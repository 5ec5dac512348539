"""``caselink rebuild --verify``: the live graph against a build from scratch, and a clear failure when they differ."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from api.runtime import ingest_and_link
from models.settings import Settings
from tests.conftest import REPO


def _run(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASELINK_ENV": "test", "CASELINK_STORE": str(store), "CASELINK_TRANSPORT": "local",
           "CASELINK_GRAPH": "embedded"}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_rebuild_verify_passes_on_a_linked_store_fails_on_a_tampered_one_and_rebuild_repairs_it(dev_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest_and_link(Settings(store=store, env="test"), [dev_dir])
    ok = _run(store, "rebuild", "--verify", "--json")
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert json.loads(ok.stdout)["equal"] is True

    with sqlite3.connect(store / "graph.db") as conn:  # one link drifts as a faulty incremental commit would leave it
        conn.execute("UPDATE links SET digest = 'drifted' WHERE id = (SELECT MIN(id) FROM links)")
    bad = _run(store, "rebuild", "--verify")
    assert bad.returncode == 1
    assert "mismatch" in bad.stderr and "links_digest" in bad.stderr and "Traceback" not in bad.stderr

    fixed = _run(store, "rebuild")
    assert fixed.returncode == 0, fixed.stderr[-2000:]
    assert _run(store, "rebuild", "--verify").returncode == 0
