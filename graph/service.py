"""Keeping the graph in step with the ledger.

The graph is derived: after a batch is applied, purges take effect at once (their
contributions leave the store before anything else happens) and the graph is rebuilt from the
records in force, written as a diff. Resolution over all records is deterministic, so the
graph does not depend on the order records arrived in, and a replayed batch changes nothing.

What a long-lived sync keeps between commits depends on nothing but its inputs, so a commit equals a
build from scratch: the builder keeps each record's person mentions and payload while the record is
unchanged (functions of the record alone), the resolver keeps the static features of the pairs it
compared (functions of the two mentions alone). In a world of at least ``resolver_epoch_min_mentions``
person mentions the resolver also keeps the statistics it weighs pairs with (name and date-of-birth
frequencies, the EM prior, its fitted weights: :mod:`graph.resolve.epoch`) until a share of the mentions
has changed, and re-resolves only the parts of the world a commit reaches (:mod:`graph.resolve.incremental`);
the graph's stamp names those statistics and the shared state keeps them, so that every consumer of one
graph weighs with the same ones and a verification elsewhere reads them. The claim is then: a commit equals
a build from scratch *under the statistics the graph names*. The builder also keeps each record's emission while the
record, its mentions and every answer its emission read of the world (the person each mention is in, a place, a
name's person) are unchanged, and folds and finishes again only the nodes and edges a commit reaches, with their
stored digests (:mod:`graph.build.tape`). The records in force are read whole once, then by difference: the
records changed since the last commit, by any consumer (:mod:`ingest.in_force`). What else depends on the whole world
(hub counts, aliases, places, the name index) is recomputed at every commit. :func:`verify_rebuild`
(``caselink rebuild --verify``) checks the claim on a live store; ``tests/graph/test_incremental_property.py``
over random histories; ``caselink rebuild`` estimates the statistics anew.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import structlog

from graph.build import GraphBuilder
from graph.collector import collector_paused
from graph.mention_cache import MentionCache
from graph.resolve.decisions import DecisionStore, decisions_path
from graph.resolve.epoch import Epoch, EpochPolicy
from graph.resolve.learned import make_resolver
from graph.store.base import GraphStore, WriteStats
from graph.store.embedded import EmbeddedGraphStore
from ingest.in_force import InForce
from ingest.ledger import Ledger
from ingest.outcomes import Applied, Outcome
from models.database import open_database
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
    #: Seconds each phase of the last rebuild took, in order (``bench.commit`` prints them).
    last_phases: dict[str, float] = field(default_factory=dict)
    #: The statistics last kept in the shared state by this sync.
    _saved: str | None = None
    #: The ledger's records in force, kept between commits and read by difference (:mod:`ingest.in_force`).
    _in_force: InForce = field(init=False)

    #: Whether a rebuild first adopts the statistics the live graph was written under (another consumer's);
    #: ``caselink rebuild`` turns it off to estimate them anew.
    adopt: bool = True

    def __post_init__(self) -> None:
        # A graph that was not stamped with the ledger's current state lags it (a crash between
        # the two commits, another store pointed at this ledger, a fresh store): rebuild it.
        self.dirty = self.dirty or not self.current()
        self._in_force = InForce(self.ledger)

    def current(self) -> bool:
        """Whether the live graph was stamped with the ledger's and the decisions' current state."""
        return unstamped(self.store.sync_mark()) == self.mark()

    def close(self) -> None:
        self.decisions.close()
        self.mentions.close()

    def mark(self) -> str:
        """What the graph must be stamped with to be current: the ledger's records in force and the
        decisions in force (a decision taken or undone anywhere makes every consumer rebuild)."""
        return f"{self.ledger.state_mark()}|decisions:{self.decisions.mark()}"

    def _adopt_live(self) -> None:
        """Weigh this build with the statistics the live graph was written under, when another consumer's (adopting
        the resolver's own changes nothing)."""
        epoch = live_statistics(self)
        if epoch is not None:
            self.builder.scorer.adopt(epoch)
            self._saved = epoch.ident

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
            self.dirty = not self.current()

    def rebuild(self) -> WriteStats:
        with collector_paused():  # a third of a small commit went to the collector walking the world
            return self._rebuild()

    def _rebuild(self) -> WriteStats:
        if self.on_rebuild is not None:
            self.on_rebuild()
        phases: dict[str, float] = {}
        started = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal started
            now = time.perf_counter()
            phases[name] = now - started
            started = now

        mark = self.mark()
        if self.adopt:
            self._adopt_live()
        read = self._in_force.read()
        records = read.records
        lap("ledger read")
        if read.full:
            self.mentions.retain({r.key for r in records})
        for key in read.gone:  # purged since, by this consumer (already forgotten) or another
            self.mentions.forget(key)
        mentions = self.mentions.for_records(records)
        lap("mentions")
        data = self.builder.build(records, mentions, self.decisions.decisions(active_only=True))
        lap("build")
        epoch = self.builder.scorer.statistics()
        if epoch is not None:  # kept for the other consumers of this graph (and a verification) before it is named
            if epoch.ident != self._saved:
                self.decisions.save_epoch(epoch.ident, epoch.body)
                self._saved = epoch.ident
            mark = f"{mark}{STATISTICS}{epoch.ident}"
        stats = self.store.replace(data, mark=mark)
        lap("diff+write")
        self.decisions.replace_review(data.review)
        lap("review write")
        self.last_phases = phases
        self.dirty = False
        self.last_stats = stats
        clustering = self.builder.last_clustering
        emitted, finished = self.builder.last_emitted
        log.info("graph rebuilt", records=len(records), mark=mark, review=len(data.review), records_emitted=emitted,
                 owners_finished=finished,
                 pairs_compared=clustering.pairs_compared if clustering else None,
                 mentions_resolved=clustering.scope if clustering else None,
                 statistics=clustering.statistics if clustering else None, **stats.__dict__)
        return stats


#: What follows the ledger's and decisions' mark in a graph's stamp: the statistics the graph was resolved under.
STATISTICS = "|statistics:"


def unstamped(stamp: str | None) -> str | None:
    """A graph's stamp without the statistics it names."""
    return None if stamp is None else stamp.split(STATISTICS, 1)[0]


def stamped_statistics(stamp: str | None) -> str | None:
    """The statistics a graph's stamp names (see :mod:`graph.resolve.epoch`), or None."""
    return None if stamp is None or STATISTICS not in stamp else stamp.split(STATISTICS, 1)[1]


def live_statistics(sync: GraphSync) -> Epoch | None:
    """The statistics the live graph was resolved under: the sync's own when they are those, else as kept in the
    shared state; None when the graph names none (every build estimated its own) or they are no longer kept."""
    ident = stamped_statistics(sync.store.sync_mark())
    if ident is None:
        return None
    own = sync.builder.scorer.statistics()
    if own is not None and own.ident == ident:
        return own
    body = sync.decisions.epoch_body(ident)
    return None if body is None else Epoch.from_body(body)


@dataclass(frozen=True)
class Verification:
    """The live graph against a build from scratch of the same records, mentions and decisions."""

    live: dict[str, object]
    rebuilt: dict[str, object]
    #: Whether the live graph was stamped with the ledger's current state (a lagging graph differs for that alone).
    current: bool
    #: The statistics both were resolved under (see :mod:`graph.resolve.epoch`); None: each estimated from its records.
    statistics: str | None = None

    @property
    def equal(self) -> bool:
        return self.live == self.rebuilt

    def differences(self) -> list[str]:
        """The fingerprint entries that differ, as ``name: live != rebuilt``."""
        return [f"{k}: {self.live.get(k)} != {self.rebuilt.get(k)}" for k in sorted(self.live.keys() | self.rebuilt.keys())
                if self.live.get(k) != self.rebuilt.get(k)]


def fresh_builder(settings: Settings) -> GraphBuilder:
    """A builder whose resolver has compared nothing yet: what a first start builds with (it estimates its statistics
    from the records it builds, as a ``caselink rebuild`` does, and keeps them as ``settings`` say)."""
    policy = EpochPolicy(min_mentions=settings.resolver_epoch_min_mentions, refresh_share=settings.resolver_epoch_refresh)
    return GraphBuilder(make_resolver(settings.resolver, policy))


def verify_rebuild(sync: GraphSync, builder: GraphBuilder, scratch: Path | None = None) -> Verification:
    """Build the ledger's records in force from scratch with ``builder`` (a fresh one: nothing carried over from
    earlier commits) into an empty embedded store under ``scratch`` (a temporary directory by default), and
    compare its fingerprint with the live store's. The live store is only read. Mentions come from the mention
    cache, which is keyed by each record version's content, so they are what a fresh extraction would give. The
    fresh builder weighs pairs with the live resolver's statistics (:mod:`graph.resolve.epoch`): a commit's claim is
    to equal a build from scratch under the statistics it kept, which ``caselink rebuild`` estimates anew."""
    epoch = live_statistics(sync)
    builder.scorer.pin(epoch)
    with tempfile.TemporaryDirectory(prefix="caselink-verify-", dir=scratch) as tmp:
        store = EmbeddedGraphStore(Path(tmp) / "graph.db")
        try:
            records = list(sync.ledger.current_records())
            data = builder.build(records, sync.mentions.for_records(records), sync.decisions.decisions(active_only=True))
            store.replace(data, mark=sync.mark())
            rebuilt = store.fingerprint()
        finally:
            store.close()
    return Verification(live=sync.store.fingerprint(), rebuilt=rebuilt, current=sync.current(),
                        statistics=None if epoch is None else epoch.ident)


def rebuild_from_scratch(sync: GraphSync, builder: GraphBuilder) -> WriteStats:
    """Rebuild the live graph with ``builder`` (a fresh one: nothing carried over from earlier commits)."""
    sync.builder = builder
    sync.dirty = True
    sync.adopt = False  # estimated anew from the records in force, not taken over from the live graph
    try:
        sync.commit()
    finally:
        sync.adopt = True
    return sync.last_stats or WriteStats()


def open_graph_sync(settings: Settings, ledger: Ledger, store: GraphStore, extractor: Extractor | None = None) -> GraphSync:
    cache = MentionCache(open_database(settings.state, StoreLayout.of(settings).mentions_db), extractor or Extractor(),
                         n_process=settings.extract_workers)
    return GraphSync(ledger=ledger, store=store, mentions=cache, builder=fresh_builder(settings),
                     decisions=DecisionStore(open_database(settings.state, decisions_path(settings.store))))
