"""The ledger's records in force, kept by a long-lived consumer and brought up to date by difference.

Every commit hands the graph builder all records in force. Reading them all from the ledger (and parsing each
payload) at every commit cost time in proportion to the world, whatever the commit changed. A consumer now reads
them all once, then at each commit only the records changed since (:meth:`ingest.ledger.Ledger.changes_since`),
by whichever consumer changed them. The record objects of unchanged records stay the same objects between commits,
which the mention cache reads as "nothing to digest again" (:mod:`graph.mention_cache`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.ledger import Ledger
from models.records import Record


@dataclass(frozen=True)
class InForceRead:
    """What one read found: every record in force, the keys that left since the last read (purged, by this consumer
    or another), and whether everything was read anew."""

    records: list[Record]
    gone: list[str]
    full: bool


@dataclass
class InForce:
    """The records in force of one ledger, as of the last :meth:`read`."""

    ledger: Ledger
    _held: dict[str, Record] | None = field(default=None, init=False)
    #: The ledger's identity and the number of its last change read (``Ledger.state_mark``'s two parts).
    _ledger_id: str = field(default="", init=False)
    _seq: int = field(default=0, init=False)

    def read(self) -> InForceRead:
        ledger_id, _, _ = self.ledger.state_mark().partition(":")
        if self._held is None or ledger_id != self._ledger_id:
            # The change number first: a change made while the records are read is then read again next time,
            # to the same effect, and none is missed.
            seq = self.ledger.changes_made()
            records = list(self.ledger.current_records())
            self._held = {r.key: r for r in records}
            self._ledger_id, self._seq = ledger_id, seq
            return InForceRead(records, [], full=True)
        gone: list[str] = []
        for seq, key, record in self.ledger.changes_since(self._seq):
            self._seq = max(self._seq, seq)
            if record is None:
                if self._held.pop(key, None) is not None:
                    gone.append(key)
            else:
                self._held[key] = record
        return InForceRead(list(self._held.values()), gone, full=False)
