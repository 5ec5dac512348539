"""Renames of a store's tables that one shared database made necessary.

On ``CASELINK_STATE=postgresql://...`` every store's tables live side by side in one schema, so two stores
that each called a table ``events`` (deconfliction and the disclosure drafts) now name theirs after
themselves. A SQLite file made before keeps its rows: the old table is renamed on opening.
"""

from __future__ import annotations

from models.database import Database


def rename_legacy_table(db: Database, old: str, new: str) -> None:
    """``ALTER TABLE old RENAME TO new`` in a SQLite file that has ``old`` and not yet ``new``.

    Only a SQLite file is looked at: it holds one store's tables, whereas a table called ``old`` on the
    shared server may be another store's."""
    if db.dialect != "sqlite":
        return
    with db.transaction() as tx:
        tables = {str(r[0]) for r in tx.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if old in tables and new not in tables:
            tx.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')
