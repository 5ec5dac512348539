"""Where everything lives in a store directory: every file name of the layout in one place.

A store (``--store DIR`` / ``CASELINK_STORE``) holds the ledger, the embedded graph and the side stores
of the services. Code reads the paths from :class:`StoreLayout` rather than joining names itself, so a
renamed or added file is one edit here and a reader of this module sees the whole layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.settings import Settings


@dataclass(frozen=True)
class StoreLayout:
    """The paths of one store directory (``root``); ``audit_override`` is ``CASELINK_AUDIT_LOG`` when set
    (the audit log may live outside the store, on append-only storage)."""

    root: Path
    audit_override: Path | None = None

    @classmethod
    def of(cls, settings: Settings) -> StoreLayout:
        return cls(settings.store, settings.audit_log)

    @property
    def ledger_db(self) -> Path:
        """The record ledger (ingest): every version of every record, the source of truth."""
        return self.root / "caselink.db"

    @property
    def graph_db(self) -> Path:
        """The embedded graph store (the Neo4j backend keeps its graph on the server)."""
        return self.root / "graph.db"

    @property
    def mentions_db(self) -> Path:
        """The cache of extracted narrative mentions, by record content."""
        return self.root / "mentions.db"

    @property
    def decisions_db(self) -> Path:
        """Analysts' merge and split decisions."""
        return self.root / "decisions.db"

    @property
    def alerts_db(self) -> Path:
        return self.root / "alerts.db"

    @property
    def alert_triage_db(self) -> Path:
        return self.root / "alert-triage.db"

    @property
    def deconfliction_db(self) -> Path:
        return self.root / "deconfliction.db"

    @property
    def investigations_db(self) -> Path:
        return self.root / "investigations.db"

    @property
    def users_db(self) -> Path:
        """Users, their password hashes and web sessions."""
        return self.root / "users.db"

    @property
    def disclosures_db(self) -> Path:
        return self.root / "disclosures.db"

    @property
    def disclosures_dir(self) -> Path:
        """Issued disclosure packages, one directory per case and version."""
        return self.root / "disclosures"

    @property
    def purge_audit_mark(self) -> Path:
        """How far the purge audit had read the ledger, in stores written before that mark moved into
        the ledger itself (read once, never written)."""
        return self.root / "purge-audit.mark"

    @property
    def audit_log(self) -> Path:
        """The hash-chained audit log (its signed checkpoints beside it)."""
        return self.audit_override or self.root / "audit.log"

    @property
    def spool_dir(self) -> Path:
        """The local transport's topics (without Kafka)."""
        return self.root / "spool"

    @property
    def cli_log(self) -> Path:
        """The CLI's log lines (``--verbose`` shows them instead)."""
        return self.root / "logs" / "caselink.log"
