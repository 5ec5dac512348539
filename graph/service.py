"""Keeping the graph in step with the ledger.

The graph is derived: after a batch is applied, purges take effect at once (their
contributions leave the store before anything else happens) and the graph is rebuilt from the
records in force, written as a diff. Resolution over all records is deterministic, so the
graph does not depend on the order records arrived in, and a replayed batch changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import structlog

from graph.build import GraphBuilder
from graph.mention_cache import MentionCache
from graph.resolve.persons import RuleScorer
from graph.store.base import GraphStore, WriteStats
from ingest.ledger import Ledger
from ingest.outcomes import Applied, Outcome
from models.settings import Settings
from nlp.extract import Extractor

log = structlog.get_logger(__name__)


@dataclass
class GraphSync:
    ledger: Ledger
    store: GraphStore
    mentions: MentionCache
    builder: GraphBuilder
    dirty: bool = False

    def apply(self, applied: Sequence[Applied]) -> None:
        """The pipeline's sink: purges now, everything else at the next :meth:`rebuild`."""
        for result in applied:
            if result.outcome is Outcome.PURGED:
                self.store.purge_record(result.key)
                self.mentions.forget(result.key)
        self.dirty = self.dirty or bool(applied)

    def rebuild(self) -> WriteStats:
        records = list(self.ledger.current_records())
        mentions = self.mentions.for_records(records)
        data = self.builder.build(records, mentions)
        stats = self.store.replace(data)
        self.dirty = False
        log.info("graph rebuilt", records=len(records), **stats.__dict__)
        return stats


def open_graph_sync(settings: Settings, ledger: Ledger, store: GraphStore, extractor: Extractor | None = None) -> GraphSync:
    cache = MentionCache(settings.store / "mentions.db", extractor or Extractor())
    return GraphSync(ledger=ledger, store=store, mentions=cache, builder=GraphBuilder(RuleScorer()))
