"""The store layout: every path it names is its own and lies in the store (the audit log may be moved)."""

from __future__ import annotations

from pathlib import Path

from models.layout import StoreLayout
from models.settings import Settings

PATHS = [name for name, value in vars(StoreLayout).items() if isinstance(value, property)]


def test_every_file_of_the_store_has_its_own_path_inside_it(tmp_path: Path) -> None:
    layout = StoreLayout(tmp_path)
    paths = [getattr(layout, name) for name in PATHS]
    assert len(paths) >= 10
    assert len(set(paths)) == len(paths)
    assert [p for p in paths if tmp_path not in p.parents] == []


def test_the_audit_log_follows_the_setting(tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "audit.log"
    assert StoreLayout.of(Settings(store=tmp_path / "s", audit_log=moved)).audit_log == moved
    assert Settings(store=tmp_path / "s").audit_path() == StoreLayout(tmp_path / "s").audit_log
