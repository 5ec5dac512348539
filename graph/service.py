"""Keeping the graph in step with the ledger.

The graph is derived: after a batch is applied, purges take effect at once (their
contributions leave the store before anything else happens) and the graph is rebuilt from the
records in force, written as a diff. Resolution over all records is deterministic, so the
graph does not depend on the order records arrived in, and a replayed batch changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import structlog

from graph.build import GraphBuilder
from graph.mention_cache import MentionCache
from graph.resolve.decisions import DecisionStore, decisions_path
from graph.resolve.learned import make_resolver
from graph.store.base import GraphStore, WriteStats
from ingest.ledger import Ledger
from ingest.outcomes import Applied, Outcome
from models.layout import StoreLayout
from models.settings import Settings
from nlp.extract import Extractor

log = structlog.get_logger(__name__)


@dataclass
class GraphSync:
    """The pipeline's graph sink.

    ``apply`` only notes what changed; ``commit`` makes the store match the ledger (purges
    first, then a rebuild written as a diff) and stamps it with the ledger's mark. The
    pipeline acknowledges the transport only after ``commit`` returned, so a crash anywhere
    leaves either a redelivery (which the ledger recognises) or a mark that no longer matches
    the ledger (which makes the next start rebuild): never a graph that silently lags.
    """

    ledger: Ledger
    store: GraphStore
    mentions: MentionCache
    builder: GraphBuilder
    #: Investigators' decisions (they override the matcher) and the review queue each rebuild leaves.
    decisions: DecisionStore
    dirty: bool = False
    purges: list[str] = field(default_factory=list)
    #: What the last commit wrote (None before any).
    last_stats: WriteStats | None = None
    #: Called as a rebuild starts (progress displays).
    on_rebuild: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        # A graph that was not stamped with the ledger's current state lags it (a crash between
        # the two commits, another store pointed at this ledger, a fresh store): rebuild it.
        self.dirty = self.dirty or self.store.sync_mark() != self.mark()

    def close(self) -> None:
        self.decisions.close()
        self.mentions.close()

    def mark(self) -> str:
        """What the graph must be stamped with to be current: the ledger's records in force and the
        decisions in force (a decision taken or undone anywhere makes every consumer rebuild)."""
        return f"{self.ledger.state_mark()}|decisions:{self.decisions.mark()}"

    def apply(self, applied: Sequence[Applied]) -> None:
        for result in applied:
            if result.outcome is Outcome.PURGED:
                self.purges.append(result.key)
        self.dirty = self.dirty or any(a.outcome in (Outcome.ACCEPTED, Outcome.SUPERSEDED, Outcome.PURGED) for a in applied)

    def commit(self) -> None:
        """Bring the store in step with the ledger. May raise ``StoreUnavailable`` (retry later:
        everything is redone from the ledger, so a retry after a partial write converges)."""
        for key in self.purges:
            # Purged contributions leave the store before anything else happens.
            self.store.purge_record(key)
            self.mentions.forget(key)
        self.purges.clear()
        for _ in range(5):
            if not self.dirty:
                break
            self.rebuild()
            # Another consumer sharing this ledger may have applied (and written an older graph
            # over ours) meanwhile: whoever commits last leaves the graph at the ledger's state.
            self.dirty = self.store.sync_mark() != self.mark()

    def rebuild(self) -> WriteStats:
        if self.on_rebuild is not None:
            self.on_rebuild()
        mark = self.mark()
        records = list(self.ledger.current_records())
        self.mentions.retain({r.key for r in records})
        mentions = self.mentions.for_records(records)
        data = self.builder.build(records, mentions, self.decisions.decisions(active_only=True))
        stats = self.store.replace(data, mark=mark)
        self.decisions.replace_review(data.review)
        self.dirty = False
        self.last_stats = stats
        clustering = self.builder.last_clustering
        log.info("graph rebuilt", records=len(records), mark=mark, review=len(data.review),
                 pairs_compared=clustering.pairs_compared if clustering else None, **stats.__dict__)
        return stats


def open_graph_sync(settings: Settings, ledger: Ledger, store: GraphStore, extractor: Extractor | None = None) -> GraphSync:
    cache = MentionCache(StoreLayout.of(settings).mentions_db, extractor or Extractor(),
                         n_process=settings.extract_workers)
    return GraphSync(ledger=ledger, store=store, mentions=cache, builder=GraphBuilder(make_resolver(settings.resolver)),
                     decisions=DecisionStore(decisions_path(settings.store)))
