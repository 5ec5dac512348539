"""A ``CASELINK_STATE`` server that cannot be reached is one plain line, without a traceback or the password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_an_unreachable_state_server_is_a_plain_error(tmp_path: Path) -> None:
    (tmp_path / "mcm_OPP.jsonl").write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "CASELINK_STORE": str(tmp_path / "store"),
           "CASELINK_STATE": "postgresql://caselink:s3cret-pw@127.0.0.1:1/caselink"}
    done = subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(tmp_path / "mcm_OPP.jsonl")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "caselink: cannot connect to PostgreSQL at postgresql://caselink:***@127.0.0.1:1/caselink" in done.stderr
    assert "Traceback" not in done.stderr and "s3cret-pw" not in done.stderr + done.stdout
