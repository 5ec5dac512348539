"""Response models for analytics, watches and alerts (HTTP and ``--json`` alike)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas import EntityOut, LinkOut


class ScopeOut(BaseModel):
    """On what subgraph a result was computed."""

    description: str
    entities: int
    links: int
    hubs_suppressed: list[str]


class CommunityOut(BaseModel):
    id: int
    size: int
    persons: list[str]
    members: list[str]


class CommunitiesOut(BaseModel):
    method: str
    scope: ScopeOut
    communities: list[CommunityOut]


class KeyPlayerOut(BaseModel):
    entity: str
    caption: str
    score: float = Field(description="mean of the normalised ranks by betweenness, PageRank and degree (1 = first on all three)")
    betweenness: float
    pagerank: float
    degree: int


class KeyPlayersOut(BaseModel):
    method: str
    scope: ScopeOut
    players: list[KeyPlayerOut]


class ConnectingOut(BaseModel):
    method: str
    scope: ScopeOut
    entities: list[EntityOut]
    links: list[LinkOut]
    unconnected: list[tuple[str, str]]


class TimedHopOut(BaseModel):
    source: str
    target: str
    link: LinkOut
    when: str
    records: list[str]


class TimedPathOut(BaseModel):
    nodes: list[EntityOut]
    hops: list[TimedHopOut]


class TimedPathsOut(BaseModel):
    method: str
    scope: ScopeOut
    paths: list[TimedPathOut]


class TimelineEntryOut(BaseModel):
    when: str | None
    record: str
    agency: str
    type: str | None
    status: str | None
    via: list[str]


class TimelineOut(BaseModel):
    method: str
    entity: EntityOut
    entries: list[TimelineEntryOut]


class AssociateOut(BaseModel):
    entity: EntityOut
    hops_from_a: int
    hops_from_b: int


class AssociatesOut(BaseModel):
    method: str
    scope: ScopeOut
    associates: list[AssociateOut]


class WatchIn(BaseModel):
    entities: list[str] = Field(min_length=1, max_length=200)
    hops: int = Field(default=1, ge=1, le=3)
    record_types: list[str] | None = Field(default=None, max_length=20)
    reason: str = Field(default="", max_length=500)


class WatchOut(BaseModel):
    id: str
    owner: str
    entities: list[str]
    hops: int
    record_types: list[str] | None
    reason: str
    created_at: str


class WatchesOut(BaseModel):
    watches: list[WatchOut]


class PathStepOut(BaseModel):
    source: str
    target: str
    link: str
    kind: str
    records: list[str]


class AlertOut(BaseModel):
    seq: int
    id: str
    watch_id: str
    owner: str
    record_key: str
    record_version: str
    entity: str
    hops: int
    path_nodes: list[str]
    path: list[PathStepOut]
    reason: str
    raised_at: str
    retracted_at: str | None
    retraction: str | None


class AlertsOut(BaseModel):
    alerts: list[AlertOut]
    #: Pass as ``after`` to get only what came since.
    last_seq: int


class ContributionOut(BaseModel):
    feature: str
    value: float
    #: Contribution to the log-odds (coefficient × standardised value).
    contribution: float


class LeadOut(BaseModel):
    entity: str
    caption: str
    score: float = Field(description="probability of belonging to an exploitation network, from the shipped model")
    why: list[ContributionOut]


class LeadsOut(BaseModel):
    method: str
    scope: ScopeOut
    network: list[str]
    leads: list[LeadOut]


class ScopeIn(BaseModel):
    """A record Crown counsel brings into a disclosure, and why it is relevant."""

    key: str = Field(min_length=3, max_length=120, description="AGENCY:RECORD_NO")
    reason: str = Field(min_length=1, max_length=500, description="Why the record is relevant")


class DraftIn(BaseModel):
    case: str | None = Field(default=None, max_length=120, description="A case record, AGENCY:RECORD_NO")
    entities: list[str] = Field(default_factory=list, max_length=50)
    depth: int = Field(default=2, ge=1, le=3)
    recipient: str = Field(min_length=1, max_length=300)
    reason: str = Field(min_length=1, max_length=500)
    records: list[ScopeIn] | None = Field(default=None, min_length=1, max_length=2000, description=(
        "The records in scope, each with its relevance; by default the case's own record and every record behind its network"))


class ScopeChangeIn(BaseModel):
    add: list[ScopeIn] = Field(default_factory=list, max_length=2000)
    remove: list[str] = Field(default_factory=list, max_length=2000)


class InScopeOut(BaseModel):
    key: str
    reason: str


class ReplacementOut(BaseModel):
    """One replacement the package would carry: for Crown counsel's review before issue."""

    n: int
    record: str
    field: str
    code: str
    proposal: str
    replacement: str = Field(description="The pseudonym shown, or empty for a plain box")
    was: str = Field(description="The text replaced")
    who: str = Field(description="The person it stands for")
    page: int | None = Field(description="The page of the PDF that would be issued")
    decision: str


class PreviewOut(BaseModel):
    draft: str
    pages: int
    replacements: list[ReplacementOut]


class ProposalOut(BaseModel):
    id: str
    record: str
    code: str
    action: str
    reason: str
    replacement: str | None = Field(default=None, description="The pseudonym shown instead, for a pseudonymisation")
    proposed_by: str
    decision: str
    decided_by: str | None
    #: What is replaced: the subject's id (pseudonymise) or the exact text (redact).
    target: str | None = None


class DraftOut(BaseModel):
    draft: str
    proposals: list[ProposalOut]
    records: list[InScopeOut] = Field(default_factory=list, description="The records in scope, each with its relevance")


class DraftSummaryOut(BaseModel):
    draft: str
    case: str | None
    created_by: str
    created_at: str
    recipient: str
    state: str
    issued_version: int | None


class DraftsOut(BaseModel):
    """The drafts the caller may open: its own service's, holding no caveat it lacks."""

    drafts: list[DraftSummaryOut]


class DecisionIn(BaseModel):
    proposals: list[str] = Field(min_length=1, max_length=10_000, description="Proposal ids, or [\"all\"] for every pending one")
    confirm: bool = True
    note: str = Field(default="", max_length=500)


class RedactionIn(BaseModel):
    text: str = Field(min_length=2, max_length=500)
    reason: str = Field(min_length=1, max_length=500)


class IssuedOut(BaseModel):
    case: str | None
    version: int
    directory: str
    files: dict[str, str] = Field(description="file name -> SHA-256")
