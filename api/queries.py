"""The questions caselink answers, shared by the HTTP API and the CLI so both give the same answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from api.errors import BadRequestError, NotFoundError
from api.schemas import (
    CutOut,
    DeadLetterOut,
    DeadLettersOut,
    EntityDetailOut,
    EntityOut,
    HealthOut,
    HopOut,
    Labels,
    LinkOut,
    MentionOut,
    NetworkOut,
    PathOut,
    PathsOut,
    RecordOut,
    SearchHitOut,
    SearchOut,
    SourceOut,
)
from graph.model import EntityRow
from graph.redact import present_record
from graph.resolve.decisions import DecisionStore, decisions_path
from graph.search import ScopedSearch
from graph.store.base import GraphStore
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.access import SHARING_AGREEMENTS, Capability, Policy, Viewer, load_agreements
from models.settings import Settings
from models.vocabulary import EntityKind

if TYPE_CHECKING:
    from api.deconfliction import Deconfliction
    from api.resolution import ResolutionContext
    from graph.service import GraphSync

MAX_ID = 300


@dataclass
class AppContext:
    settings: Settings
    store: GraphStore
    ledger: Ledger
    search: ScopedSearch
    policy: Policy
    #: Investigators' decisions and the review queue (beside the ledger).
    decisions: DecisionStore
    #: Every person mention in force and the profile they were scored in (:mod:`api.resolution`; it checks the ledger's mark).
    resolution: ResolutionContext | None = None
    _sync: GraphSync | None = None
    _deconfliction: Deconfliction | None = None

    def deconfliction(self) -> Deconfliction:
        """Notices to owning services when a read reaches their hidden records (opened on first use)."""
        if self._deconfliction is None:
            from api.deconfliction import deconfliction_path, open_deconfliction

            self._deconfliction = open_deconfliction(lambda: create_graph_store(self.settings), deconfliction_path(self.settings.store))
        return self._deconfliction

    def graph_sync(self) -> GraphSync:
        """The graph sync this process rebuilds with after a decision (opened on first use)."""
        if self._sync is None:
            from graph.service import open_graph_sync

            self._sync = open_graph_sync(self.settings, self.ledger, self.store)
        return self._sync

    def close(self) -> None:
        if self._deconfliction is not None:
            self._deconfliction.close()  # after the answer: pending notices are written now
        if self._sync is not None:
            self._sync.close()
        self.decisions.close()
        self.store.close()
        self.ledger.close()


def open_context(settings: Settings) -> AppContext:
    store = create_graph_store(settings)
    return AppContext(settings=settings, store=store, ledger=Ledger(ledger_path(settings)),
                      search=ScopedSearch(lambda viewer: store.search_terms(viewer=viewer)), policy=policy_of(settings),
                      decisions=DecisionStore(decisions_path(settings.store)))


def policy_of(settings: Settings) -> Policy:
    agreements = load_agreements(settings.sharing_agreements) if settings.sharing_agreements else SHARING_AGREEMENTS
    return Policy(agreements=agreements)


def parse_kinds(raw: str | None) -> frozenset[str] | None:
    if not raw:
        return None
    kinds = frozenset(k.strip() for k in raw.split(",") if k.strip())
    unknown = kinds - {k.value for k in EntityKind}
    if unknown:
        raise BadRequestError(f"unknown kinds: {', '.join(sorted(unknown))}; known: {', '.join(k.value for k in EntityKind)}")
    return kinds


def entity_or_404(ctx: AppContext, entity_id: str, *, viewer: Viewer) -> EntityRow:
    """The entity as ``viewer`` may see it; one it may not see is "not found", exactly like one
    that does not exist (no oracle for hidden ids)."""
    if len(entity_id) > MAX_ID:
        raise BadRequestError(f"entity id longer than {MAX_ID} characters")
    row = ctx.store.get_entity(entity_id, viewer=viewer)
    if row is None:
        raise NotFoundError(f"no entity {entity_id!r}")
    return row


def health(ctx: AppContext, *, viewer: Viewer) -> HealthOut:
    return HealthOut(status="ok", graph=ctx.store.counts(viewer=viewer))


def search(ctx: AppContext, q: str, *, viewer: Viewer, kinds: str | None = None, limit: int = 20) -> SearchOut:
    index = ctx.search.index(viewer, ctx.store.generation())
    hits = index.search(q, limit=limit, kinds=parse_kinds(kinds))
    rows = {r.id: r for r in ctx.store.get_entities([h.entity_id for h in hits], viewer=viewer)}
    ctx.deconfliction().observe(viewer, rows)
    return SearchOut(query=q, hits=[SearchHitOut(entity=EntityOut.of(rows[h.entity_id]), matched=h.matched, how=h.how, score=h.score)
                                    for h in hits if h.entity_id in rows])


def entity(ctx: AppContext, entity_id: str, *, viewer: Viewer) -> EntityDetailOut:
    row = entity_or_404(ctx, entity_id, viewer=viewer)
    ctx.deconfliction().observe(viewer, [row.id])
    prov = [p for p in ctx.store.provenance([row.id], viewer=viewer) if not viewer.withholds_field(p.field)]
    return EntityDetailOut(
        entity=EntityOut.of(row), records=sorted({p.record_key for p in prov}),
        sources=[SourceOut(record=p.record_key, agency=p.agency, version=p.version, field=p.field,
                           span=(p.span_start, p.span_end) if p.span_start is not None and p.span_end is not None else None,
                           extractor=p.extractor, extractor_version=p.extractor_version, confidence=p.confidence)
                 for p in prov])


def network(ctx: AppContext, entity_id: str, *, viewer: Viewer, depth: int = 1, kinds: str | None = None, since: date | None = None,
            max_nodes: int = 500) -> NetworkOut:
    entity_or_404(ctx, entity_id, viewer=viewer)
    result = ctx.store.neighbourhood(entity_id, depth, viewer=viewer, kinds=parse_kinds(kinds),
                                     since=since.isoformat() if since else None, max_nodes=max_nodes)
    ctx.deconfliction().observe(viewer, [e.id for e in result.entities])
    return NetworkOut(centre=result.centre, depth=depth, entities=[EntityOut.of(e) for e in result.entities],
                      links=[LinkOut.of(lk) for lk in result.links],
                      cut=CutOut(hubs_not_expanded=result.hubs_not_expanded, truncated=result.truncated,
                                 filtered_by_kind=result.filtered_by_kind, filtered_by_date=result.filtered_by_date))


def paths(ctx: AppContext, source: str, target: str, *, viewer: Viewer, max_hops: int = 4, limit: int = 5) -> PathsOut:
    entity_or_404(ctx, source, viewer=viewer)
    entity_or_404(ctx, target, viewer=viewer)
    found = ctx.store.paths(source, target, max_hops, viewer=viewer, limit=limit)
    ctx.deconfliction().observe(viewer, sorted({n.id for p in found for n in p.nodes} | {source, target}))
    return PathsOut(source=source, target=target, max_hops=max_hops, paths=[
        PathOut(length=len(p.hops), nodes=[EntityOut.of(n) for n in p.nodes],
                hops=[HopOut(source=h.source, target=h.target, link=LinkOut.of(h.link), records=h.records) for h in p.hops])
        for p in found])


def record(ctx: AppContext, agency: str, record_no: str, *, viewer: Viewer) -> RecordOut:
    if len(agency) > 32 or len(record_no) > 64:
        raise BadRequestError("agency or record number too long")
    row = ctx.store.record(f"{agency}:{record_no}", viewer=viewer)
    if row is None:
        raise NotFoundError(f"no record {agency} {record_no}")
    view = present_record(ctx.store, row, viewer)  # the field rules, the same on every path (graph.redact)
    return RecordOut(key=row.key, agency=row.agency, record_no=row.record_no, version=row.version, entity_id=row.entity_id,
                     record=view.payload, subjects=view.subjects,
                     mentions=[MentionOut.model_validate({k: m.get(k) for k in MentionOut.model_fields}) for m in view.mentions],
                     labels=Labels(agencies=[row.agency], caveats=list(row.caveats)))


def dead_letters(ctx: AppContext, *, viewer: Viewer, limit: int = 100, offset: int = 0) -> DeadLettersOut:
    viewer.require(Capability.READ_DEAD_LETTERS, "read the dead letters (raw, unlabelled payloads of every service)")
    letters = ctx.ledger.dead_letters(limit=limit, offset=offset)
    return DeadLettersOut(total=ctx.ledger.counts()["dead_letters"],
                          items=[DeadLetterOut.model_validate(letter.__dict__) for letter in letters])
