"""Idempotence and crash safety of ``caselink ingest``, through the real command in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.ledger import Ledger
from ingest.service import ingest_paths, ledger_path
from models.settings import Settings
from tools.synthetic import generate_large_file


def _caselink(store: Path, *paths: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", "--no-link", "--json", "--store", str(store), *map(str, paths)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "CASELINK_ENV": "test"})


def _fingerprint(store: Path) -> str:
    ledger = Ledger(store / "caselink.db")
    try:
        return ledger.fingerprint()
    finally:
        ledger.close()


def test_the_same_ingest_twice_changes_nothing(dev_dir: Path, tmp_path: Path) -> None:
    settings = Settings(store=tmp_path, env="test")
    first = ingest_paths(settings, [dev_dir])
    before = _fingerprint(tmp_path)
    second = ingest_paths(settings, [dev_dir])
    assert _fingerprint(tmp_path) == before
    assert first.counts["accepted"] > 0
    assert sum(second.counts.values()) == 0 and len(second.skipped_files) == 6


@pytest.fixture(scope="module")
def big_exports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("big")
    paths = [d / "mcm_OPP.jsonl", d / "mpr_TPS.csv", d / "sfx_SPGS.xml"]
    for path, fmt in zip(paths, ("mcm", "mpr", "sfx"), strict=True):
        generate_large_file(path, fmt, 6000, seed=11)  # type: ignore[arg-type]
    return paths


@pytest.mark.slow
def test_an_ingest_killed_mid_file_resumes_to_the_same_state(big_exports: list[Path], tmp_path: Path) -> None:
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    proc = _caselink(clean, *big_exports)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    kills = 0
    for delay in (0.3, 1.0, 2.0, 3.5):
        proc = _caselink(killed, *big_exports)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 2, "the ingest finished before it could be interrupted: make the files bigger"
    proc = _caselink(killed, *big_exports)
    proc.communicate(timeout=600)
    assert proc.returncode == 0
    assert _fingerprint(killed) == _fingerprint(clean)
    ledger = Ledger(ledger_path(Settings(store=killed)))
    try:
        assert ledger.counts()["records"] > 1000
    finally:
        ledger.close()
