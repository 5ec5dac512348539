"""The generator and model training (tools/) stay out of the wheel, and the commands that need them
say so in one line, with no traceback, where they are absent (an installed package)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from setuptools import find_packages
from typer.testing import CliRunner

from api.cli import app
from tests.conftest import REPO


def test_the_wheel_leaves_tools_out() -> None:
    include = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]["find"]["include"]
    shipped = find_packages(where=str(REPO), include=include)
    assert "api" in shipped and "graph.resolve" in shipped  # the list does find the real packages
    assert [p for p in shipped if p.split(".")[0] in {"tools", "tests", "bench"}] == []


@pytest.fixture
def no_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in an installed wheel: ``import tools`` (and every submodule already loaded) fails."""
    for name in [n for n in sys.modules if n == "tools" or n.startswith("tools.")] + ["tools"]:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.parametrize("args", [["demo", "--no-serve", "--persons", "50"], ["train-matcher"], ["train-leads"]],
                         ids=["demo", "train-matcher", "train-leads"])
def test_a_command_that_needs_tools_says_so_in_one_line(no_tools: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)  # their default directories (var/...) are relative: nothing may be written there
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"caselink {args[0]}:" in lines[0] and "source checkout" in lines[0]
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
