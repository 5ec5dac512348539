"""Shared fixtures: the dev world (from ../shared/sources/dev) and a store ingested from it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
DEV = (REPO / ".." / "shared" / "sources" / "dev").resolve()


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "truth.json").exists():
        pytest.skip(f"dev world not found at {DEV} (it sits beside the repository as ../shared/sources/dev)")
    return DEV


@pytest.fixture(scope="session")
def truth(dev_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((dev_dir / "truth.json").read_text(encoding="utf-8"))
    return data
