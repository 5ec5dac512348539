"""The moved stores side by side in one database, as on ``CASELINK_STATE=postgresql://...`` (every store's
tables in one schema), and SQLite files from before their tables were renamed for that."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from api.schemas.investigations import InvestigationIn
from api.services.alert_triage import TriageStore
from api.services.deconfliction import NoticeStore
from api.services.disclosure.drafts import Disclosures
from api.services.investigations import Investigations
from graph.alerts import AlertStore
from models.access import Policy, UserRole
from models.database import open_database
from models.layout import StoreLayout
from models.settings import Settings

SEARCHER = Policy().viewer("sam.tbps", UserRole.INVESTIGATOR, "TBPS")


def test_every_moved_store_keeps_its_own_tables_beside_the_others(state: str, tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store", env="test", state=state)
    notices, disclosures = NoticeStore.of(settings), Disclosures.of(settings)
    triage, investigations, alerts = TriageStore.of(settings), Investigations.of(settings), AlertStore.of(settings)
    try:
        notice = notices.add(SEARCHER, "E1", "OPP", ["OPP:1"], [])
        assert notice is not None
        assert [(who, what) for _, who, what in notices.events(notice)] == [("system", "created")]
        assert disclosures.events() == []  # not the notices' events: each store's table is its own
        triage.set("a-1", "ana", "confirmed", "ana", "")
        inv = investigations.save(None, "ana", InvestigationIn(title="t", nodes=[], shared_with=["bob"]))
        assert investigations.visible_to("bob") == [inv] and alerts.alerts() == []
    finally:
        for store in (notices, disclosures, triage, investigations, alerts):
            store.close()


@pytest.mark.parametrize(("file", "open_store", "new"), [
    ("deconfliction_db", lambda layout: NoticeStore(layout.deconfliction_db), "notice_events"),
    ("disclosures_db", lambda layout: Disclosures(layout.root), "disclosure_events"),
])
def test_a_file_from_before_keeps_its_events_under_the_new_name(
        tmp_path: Path, file: str, open_store: Callable[[StoreLayout], NoticeStore | Disclosures], new: str) -> None:
    layout = StoreLayout(tmp_path)
    path: Path = getattr(layout, file)
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL)")
        old.execute("INSERT INTO events (what) VALUES ('made before')")
    old.close()
    open_store(layout).close()
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "events" not in tables and conn.execute(f"SELECT what FROM {new}").fetchall() == [("made before",)]
    conn.close()


def test_another_stores_table_of_the_old_name_on_the_shared_server_is_left_alone(
        postgres_schemas: Callable[[str], str], tmp_path: Path) -> None:
    db = open_database(postgres_schemas("shared"), tmp_path / "deconfliction.db")
    try:
        db.create("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL)")
        db.execute("INSERT INTO events (what) VALUES ('another store')")
        NoticeStore(db)
        assert db.execute("SELECT what FROM events").fetchall() == [("another store",)]
        assert db.execute("SELECT COUNT(*) FROM notice_events").fetchone()[0] == 0
    finally:
        db.close()
