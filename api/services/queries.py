"""The questions caselink answers, shared by the HTTP API and the CLI so both give the same answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from api.schemas import (
    AuditEntriesOut,
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
from api.services.audit import audit_log
from api.services.errors import BadRequestError, CaselinkError, NotFoundError
from graph.model import EntityRow
from graph.redact import present_record
from graph.resolve.decisions import DecisionStore, decisions_path
from graph.search import MAX_QUERY, ScopedSearch
from graph.store.base import GraphStore
from graph.store.factory import create_graph_store
from ingest.ledger import Ledger
from ingest.service import ledger_path
from models.access import SHARING_AGREEMENTS, Capability, Policy, Viewer, load_agreements
from models.database import open_database
from models.settings import Settings
from models.vocabulary import EntityKind

if TYPE_CHECKING:
    from api.services.deconfliction import Deconfliction
    from graph.resolve.features import PersonProfile
    from graph.resolve.types import PersonMention
    from graph.service import GraphSync

MAX_ID = 300
#: A record key as people write it: ``AGENCY:RECORD_NO`` (the form printed everywhere) or ``AGENCY/RECORD_NO``.
_RECORD_KEY = re.compile(r"^([A-Z][A-Z0-9_]{0,31})[:/](\S{1,64})$")
#: A search hit at or above this score is an exact reading (a phone, plate, handle or record number: 100; a whole name: 99).
EXACT_SCORE = 99.0
#: At most this many candidates are listed when a name is ambiguous.
MAX_CANDIDATES = 12


class AmbiguousError(CaselinkError):
    """A name (or any text) that stands for more than one entity the viewer may see: the candidates are
    given back so the person asking can pick one by id; nothing is guessed."""

    status_code = 400
    code = "ambiguous"

    def __init__(self, text: str, candidates: list[EntityOut], *, exact: bool) -> None:
        what = "stands for" if exact else "matches no entity exactly; closest are"
        super().__init__(f"{text!r} {what} {len(candidates)} entities: give one of their ids")
        self.text = text
        self.candidates = candidates
        self.exact = exact


@dataclass
class ResolutionContext:
    """What the build that made the graph saw of persons: every mention and the profile (name
    frequencies, hubs) its scores were computed in; made once per ledger state."""

    mark: str
    mentions: dict[str, PersonMention]
    profile: PersonProfile
    #: record key -> (agency, caveats): which mentions a viewer may count.
    labels: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: The profile as each scope of viewers sees it (:func:`profile_for`).
    by_scope: dict[object, PersonProfile] = field(default_factory=dict)


@dataclass
class AppContext:
    settings: Settings
    store: GraphStore
    ledger: Ledger
    search: ScopedSearch
    policy: Policy
    #: Investigators' decisions and the review queue (beside the ledger).
    decisions: DecisionStore
    #: Every person mention in force and the profile they were scored in (:mod:`api.services.resolution`; it checks the ledger's mark).
    resolution: ResolutionContext | None = None
    _sync: GraphSync | None = None
    _deconfliction: Deconfliction | None = None

    def deconfliction(self) -> Deconfliction:
        """Notices to owning services when a read reaches their hidden records (opened on first use)."""
        if self._deconfliction is None:
            from api.services.deconfliction import Deconfliction, NoticeStore

            self._deconfliction = Deconfliction(lambda: create_graph_store(self.settings), NoticeStore.of(self.settings))
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
    return AppContext(settings=settings, store=store, ledger=Ledger(open_database(settings.state, ledger_path(settings))),
                      search=ScopedSearch(lambda viewer: store.search_terms(viewer=viewer)), policy=policy_of(settings),
                      decisions=DecisionStore(open_database(settings.state, decisions_path(settings.store))))


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


def parse_record_key(text: str) -> tuple[str, str] | None:
    """``(agency, record_no)`` when ``text`` is a record key (``AGENCY:NO`` or ``AGENCY/NO``), else None.
    An entity id (``person:...``, ``record:OPP:...``) is never one: its prefix is a lower-case kind."""
    found = _RECORD_KEY.match(text.strip())
    return (found.group(1), found.group(2)) if found else None


def record_key(agency: str, record_no: str) -> str:
    """The one printed form of a record key."""
    return f"{agency}:{record_no}"


def is_entity_id(text: str) -> bool:
    """``kind:rest`` with a known entity kind (``person:...``, ``record:OPP:...``)."""
    kind, sep, rest = text.partition(":")
    return bool(sep and rest) and kind in {k.value for k in EntityKind}


def resolve(ctx: AppContext, text: str, *, viewer: Viewer) -> EntityRow:
    """The one entity ``text`` stands for, as ``viewer`` may see it: an entity id, a record key
    (``AGENCY:NO`` or ``AGENCY/NO``), or anything search reads (a name, a phone in any format, a plate,
    a handle, a record number). Several exact readings, or only fuzzy ones, raise :class:`AmbiguousError`
    with the candidates; nothing visible raises :class:`NotFoundError` (hidden and missing alike)."""
    text = text.strip()
    if not text:
        raise BadRequestError("give an entity id, a name, a phone, a plate or a record key")
    if len(text) > MAX_ID:
        raise BadRequestError(f"entity id longer than {MAX_ID} characters")
    if is_entity_id(text):
        return entity_or_404(ctx, text, viewer=viewer)
    key = parse_record_key(text)
    if key is not None:
        row = ctx.store.get_entity(f"record:{record_key(*key)}", viewer=viewer)
        if row is None:
            raise NotFoundError(f"no record {record_key(*key)}")
        return row
    hits = ctx.search.index(viewer, ctx.store.generation()).search(text, limit=MAX_CANDIDATES * 2)
    rows = {r.id: r for r in ctx.store.get_entities([h.entity_id for h in hits], viewer=viewer)}
    hits = [h for h in hits if h.entity_id in rows]
    if not hits:
        raise NotFoundError(f"nothing found for {text!r} (no entity, name, phone, plate or record key you may see)")
    best = max(h.score for h in hits)
    top = [h for h in hits if h.score == best] if best >= EXACT_SCORE else hits
    if best >= EXACT_SCORE and len(top) == 1:
        return rows[top[0].entity_id]  # the question it is resolved for notes what it reaches (deconfliction)
    ctx.deconfliction().observe(viewer, [h.entity_id for h in top[:MAX_CANDIDATES]])  # the candidates are an answer too
    raise AmbiguousError(text, [EntityOut.of(rows[h.entity_id]) for h in top[:MAX_CANDIDATES]], exact=best >= EXACT_SCORE)


def health(ctx: AppContext, *, viewer: Viewer) -> HealthOut:
    return HealthOut(status="ok", graph=ctx.store.counts(viewer=viewer))


def search(ctx: AppContext, q: str, *, viewer: Viewer, kinds: str | None = None, limit: int = 20) -> SearchOut:
    # HTTP refuses these before they get here; the CLI passes what was typed, and a blank search answers nothing
    if not q.strip():
        raise BadRequestError("give something to search for: a name, alias, phone, plate, handle or record number")
    if len(q) > MAX_QUERY:
        raise BadRequestError(f"search text longer than {MAX_QUERY} characters")
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
        raise NotFoundError(f"no record {record_key(agency, record_no)}")
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


def audit_entries(ctx: AppContext, *, viewer: Viewer, user: str | None = None, entity: str | None = None, record: str | None = None,
                  limit: int = 1000) -> AuditEntriesOut:
    """Who looked at what: the audit log's entries by user, entity or record (latest ``limit``)."""
    viewer.require(Capability.READ_AUDIT, "read the audit log (every user's questions and answers)")
    if user is None and entity is None and record is None:
        raise BadRequestError("give a user, an entity or a record")
    key = parse_record_key(record) if record else None
    found = audit_log(ctx.settings).search(user=user, entity=entity, record=record_key(*key) if key else record, limit=limit)
    return AuditEntriesOut(entries=found)
