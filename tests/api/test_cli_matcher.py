"""``caselink train-matcher`` through the real command: a reproducible, loadable model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.resolve.learned import load_person_model
from tests.conftest import REPO


def _train(tmp_path: Path, out: Path, *worlds: str) -> subprocess.CompletedProcess[str]:
    args = [a for w in worlds for a in ("--world", w)]
    return subprocess.run([sys.executable, "-m", "api.cli", "train-matcher", "--workdir", str(tmp_path / "worlds"), "--out", str(out), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=600)


def test_train_matcher_writes_a_model_that_loads_and_is_reproducible(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    for out in (one, two):
        proc = _train(tmp_path, out, "7150:700")
        assert proc.returncode == 0, proc.stderr[-3000:]
    assert one.read_bytes() == two.read_bytes()
    model = load_person_model(one)
    # The world asked for, and the independent error model's sets (not the generator's errors) beside it.
    assert model.trained_on[0] == "generator seed=7150 persons=700"
    assert any(t.startswith("error model") for t in model.trained_on[1:])


@pytest.mark.parametrize("bad", ["x", "7150:many"])
def test_a_bad_world_is_refused(tmp_path: Path, bad: str) -> None:
    proc = _train(tmp_path, tmp_path / "m.json", bad)
    assert proc.returncode != 0 and "SEED" in proc.stderr
    assert not (tmp_path / "m.json").exists()
