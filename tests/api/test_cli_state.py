"""A ``CASELINK_STATE`` server that cannot be reached is one plain line, without a traceback or the password:
for a command that works on the store, for one that only reads the user registry, and for ``serve``,
which refuses to start rather than start and fail every request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

UNREACHABLE = "postgresql://caselink:s3cret-pw@127.0.0.1:1/caselink"  # port 1: nothing listens there

COMMANDS = {
    "ingest": ["ingest", "{dir}/mcm_OPP.jsonl"],
    "users list": ["users", "list"],
    "serve": ["serve", "--port", "1"],  # never bound: it stops at the state server before listening
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_an_unreachable_state_server_is_a_plain_error(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "mcm_OPP.jsonl").write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "CASELINK_STORE": str(tmp_path / "store"), "CASELINK_STATE": UNREACHABLE,
           "CASELINK_ENV": "test", "CASELINK_SIGNING_KEY": "caselink-test-signing-key-0123456789abcdef"}
    done = subprocess.run([sys.executable, "-m", "api.cli", *(a.format(dir=tmp_path) for a in command)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("caselink: cannot connect to PostgreSQL at postgresql://caselink:***@127.0.0.1:1/caselink: ")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and "s3cret-pw" not in done.stderr + done.stdout
