"""`caselink ingest` of the dev world with its state on a PostgreSQL server (CASELINK_STATE) builds the
same graph, and holds the same ledger, as with the embedded SQLite default, and leaves no state file
beside the process: a second consumer on another machine shares everything through the server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ingest.ledger import Ledger
from models.database import open_database
from models.layout import StoreLayout
from models.settings import Settings
from tests.conftest import REPO, graph_fingerprint


def _ingest(dev_dir: Path, store: Path, state: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CASELINK_STORE": str(store), "CASELINK_ENV": "test", "CASELINK_STATE": state}
    done = subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(dev_dir)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_dev_world_on_postgresql_is_the_dev_world_embedded(dev_dir: Path, tmp_path: Path,
                                                               postgres_schemas: Callable[[str], str]) -> None:
    url = postgres_schemas("ingest")
    embedded, shared = tmp_path / "embedded", tmp_path / "shared"
    _ingest(dev_dir, embedded, "embedded")
    _ingest(dev_dir, shared, url)
    assert graph_fingerprint(Settings(store=shared, env="test")) == graph_fingerprint(Settings(store=embedded, env="test"))
    layout = StoreLayout(shared)
    assert not any(p.exists() for p in (layout.ledger_db, layout.decisions_db, layout.mentions_db))
    on_server, in_file = Ledger(open_database(url, layout.ledger_db)), Ledger(StoreLayout(embedded).ledger_db)
    try:
        assert on_server.counts()["records"] > 0
        assert on_server.fingerprint() == in_file.fingerprint()
    finally:
        on_server.close()
        in_file.close()
