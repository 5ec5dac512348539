"""Why two records are (or are not) one person, the review queue, and investigators' decisions.

Shared by the HTTP API and the CLI. Everything answers for one viewer: an entity must be
visible to be explained, only the mentions of records the viewer may see are named, a review
item is shown only when both of its records are visible, and a decision can be taken on (or
undone for) mentions of visible records only. A decision rebuilds the graph at once, so the
answer names the persons the two mentions now belong to.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from api.errors import BadRequestError, NotFoundError
from api.queries import AppContext, entity_or_404
from api.schemas import EntityOut
from api.schemas_resolution import (
    DecideIn,
    DecisionOut,
    DecisionsOut,
    EntityWhyOut,
    JoinOut,
    PairOut,
    PairWhyOut,
    PartOut,
    ReviewItemOut,
    ReviewOut,
)
from graph.build import HubRules, mention_key, person_id, structured_mentions, value_hubs
from graph.model import EntityRow
from graph.resolve.decisions import Decision, DecisionError, ReviewItem, pair
from graph.resolve.features import FEATURES, PersonProfile
from graph.resolve.learned import LearnedResolver
from graph.resolve.persons import PersonMention, RuleScorer
from graph.resolve.why import why
from graph.store.base import StoreUnavailable
from models.access import Capability, Viewer
from models.vocabulary import EntityKind

#: At most this many mentions of each side are compared in ``/why?a=&b=`` (the strongest pairs are shown).
MAX_SIDE = 25
MAX_PAIRS = 20

METHODS = {
    EntityKind.PERSON.value: "person mentions resolved by the {resolver} matcher, overridden by investigators' decisions",
    EntityKind.PHONE.value: "one phone per E.164 number",
    EntityKind.VEHICLE.value: "one vehicle per normalised plate",
    EntityKind.EMAIL.value: "one e-mail per normalised address",
    EntityKind.HANDLE.value: "one handle per platform and normalised handle",
    EntityKind.ADDRESS.value: "one address per folded street line and city",
    EntityKind.PLACE.value: "one place per normalised name and city",
    EntityKind.RECORD.value: "one record per agency and record number (its latest revision)",
}


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


def profile_for(resolution: ResolutionContext, viewer: Viewer) -> PersonProfile:
    """The profile (name frequencies, hubs) over the mentions of the records ``viewer`` may see.

    The figures an explanation shows (how common a name is, whether a phone is a hub, and the parts
    and scores they make) are aggregates: counted over every record they would tell of records the
    viewer may not see ("this surname occurs 7 times" where 2 are visible). Counting them over the
    viewer's records is cheap (a count over the mentions, once per scope and ledger state) and keeps
    every shown figure derivable from what the viewer may see; showing them only to all-access viewers
    would have blinded every analyst's and investigator's explanation instead."""
    if viewer.all_access:
        return resolution.profile
    key = viewer.scope_key()
    made = resolution.by_scope.get(key)
    if made is None:
        people = [m for m in resolution.mentions.values()
                  if m.record_key in resolution.labels and viewer.may_see(*resolution.labels[m.record_key])]
        made = resolution.by_scope[key] = PersonProfile.for_mentions(people, value_hubs(people, HubRules()))
    return made


def resolution_context(ctx: AppContext) -> ResolutionContext:
    mark = ctx.ledger.state_mark()
    cached = ctx.resolution
    if cached is not None and cached.mark == mark:
        return cached
    records = sorted(ctx.ledger.current_records(), key=lambda r: r.key)
    people = [m for r in records for m in structured_mentions(r)]
    made = ResolutionContext(mark, {m.key: m for m in people}, PersonProfile.for_mentions(people, value_hubs(people, HubRules())),
                             labels={r.key: (r.agency, tuple(c.value for c in r.caveats)) for r in records})
    ctx.resolution = made
    return made


def _may_review(ctx: AppContext, viewer: Viewer) -> None:
    viewer.require(Capability.REVIEW_RESOLUTION, "read the review queue")


def _may_decide(ctx: AppContext, viewer: Viewer) -> None:
    viewer.require(Capability.DECIDE_IDENTITY, "decide who is who")


def _visible_mention(ctx: AppContext, key: str, viewer: Viewer) -> bool:
    record = ctx.ledger.get(key.rsplit("#", 1)[0])
    return record is not None and viewer.may_see(record.agency, [c.value for c in record.caveats])


def _mentions_of(ctx: AppContext, row: EntityRow, viewer: Viewer) -> list[str]:
    keys = {mention_key(p.record_key, p.field) for p in ctx.store.provenance([row.id], viewer=viewer)
            if not viewer.withholds_field(p.field)}  # a reporting contact's mention is not an analyst's
    return sorted(k for k in keys if k)


def _parts(contributions: Mapping[str, float], values: Mapping[str, float] | None) -> list[PartOut]:
    parts = [PartOut(feature=f, value=values.get(f, 0.0) if values is not None and f in FEATURES else None, part=round(p, 4))
             for f, p in contributions.items()]
    return sorted(parts, key=lambda p: (p.feature != "prior", -abs(p.part), p.feature))


def _decision_out(d: Decision, clusters: Mapping[str, str] | None = None) -> DecisionOut:
    """The decision; with a build's ``clusters``, the persons its two mentions belong to."""
    clusters = clusters or {}
    return DecisionOut(id=d.id, a=d.a, b=d.b, verdict=d.verdict, user=d.user, agency=d.agency, reason=d.reason, decided_at=d.decided_at,
                       active=d.active, undone_at=d.undone_at, undone_by=d.undone_by, undo_reason=d.undo_reason,
                       person_a=person_id(clusters[d.a]) if d.a in clusters else None,
                       person_b=person_id(clusters[d.b]) if d.b in clusters else None)


def _visible_decisions(ctx: AppContext, decisions: Iterable[Decision], viewer: Viewer) -> list[DecisionOut]:
    seen: dict[str, bool] = {}

    def visible(key: str) -> bool:
        if key not in seen:
            seen[key] = _visible_mention(ctx, key, viewer)
        return seen[key]

    return [_decision_out(d) for d in decisions if visible(d.a) and visible(d.b)]


def _join(entry: Mapping[str, Any], decisions: Mapping[int, Decision]) -> JoinOut:
    score = float(entry.get("score", 0.0))
    label = entry.get("decision")
    decision = decisions.get(int(label["id"])) if isinstance(label, Mapping) and "id" in label else None
    return JoinOut(a=str(entry["a"]), b=str(entry["b"]), algorithm=str(entry.get("algorithm", "")), score=score,
                   probability=1.0 if decision is not None else round(1.0 / (1.0 + math.exp(-max(min(score, 50.0), -50.0))), 6),
                   parts=_parts(entry.get("features", {}), entry.get("values")), decision=_decision_out(decision) if decision else None)


def _review_pair(item: ReviewItem, threshold: float) -> PairOut:
    return PairOut(a=item.a, b=item.b, person_a=item.person_a, person_b=item.person_b, verdict=item.kind, probability=item.probability,
                   score=item.score, threshold=threshold, hard_limit=None, reason=item.reason, parts=_parts(item.contributions, item.values))


def _threshold(ctx: AppContext) -> float:
    return LearnedResolver().model.threshold if ctx.settings.resolver == "learned" else RuleScorer.threshold


def _method(ctx: AppContext, kind: str) -> str:
    return METHODS.get(kind, "by a deterministic key").format(resolver=ctx.settings.resolver)


def entity_why(ctx: AppContext, entity_id: str, *, viewer: Viewer) -> EntityWhyOut:
    """Why this entity is one entity: each join with its features' parts (or the decision that
    made it), the near misses with other persons, and the decisions naming its mentions."""
    row = entity_or_404(ctx, entity_id, viewer=viewer)
    if row.kind != EntityKind.PERSON.value:
        return EntityWhyOut(entity=EntityOut.of(row), method=_method(ctx, row.kind), mentions=[], joins=[], near_misses=[], decisions=[])
    mentions = _mentions_of(ctx, row, viewer)
    decisions = ctx.decisions.decisions(mentions=mentions)
    by_id = {d.id: d for d in decisions}
    joins = [_as_seen_join(ctx, _join(e, by_id), viewer) for e in row.properties.get("resolution", []) if isinstance(e, Mapping)]
    threshold = _threshold(ctx)
    near = [_as_seen_pair(ctx, _review_pair(item, threshold), viewer)
            for item in ctx.decisions.review(viewer, mentions=mentions) if item.kind != "uncertain merge"]
    return EntityWhyOut(entity=EntityOut.of(row), method=_method(ctx, row.kind), mentions=mentions, joins=joins,
                        near_misses=near, decisions=_visible_decisions(ctx, decisions, viewer))


def pair_why(ctx: AppContext, a: str, b: str, *, viewer: Viewer) -> PairWhyOut:
    """Why two entities are one, or not: the joins that made one entity, or their mentions compared
    pair by pair as the build's matcher saw them (strongest first, hard limits named)."""
    row_a, row_b = entity_or_404(ctx, a, viewer=viewer), entity_or_404(ctx, b, viewer=viewer)
    mentions_a, mentions_b = _mentions_of(ctx, row_a, viewer), _mentions_of(ctx, row_b, viewer)
    decisions = ctx.decisions.decisions(mentions=mentions_a + mentions_b)
    visible = _visible_decisions(ctx, decisions, viewer)
    if row_a.id == row_b.id:
        by_id = {d.id: d for d in decisions}
        joins = [_as_seen_join(ctx, _join(e, by_id), viewer) for e in row_a.properties.get("resolution", []) if isinstance(e, Mapping)]
        return PairWhyOut(a=EntityOut.of(row_a), b=EntityOut.of(row_b), same_entity=True, joins=joins, pairs=[], decisions=visible,
                          summary=f"one entity ({_method(ctx, row_a.kind)}), made by {len(joins)} join(s)")
    if EntityKind.PERSON.value not in (row_a.kind, row_b.kind) or row_a.kind != row_b.kind:
        raise BadRequestError(f"only two persons are compared (here: {row_a.kind} and {row_b.kind}); "
                              f"{row_a.kind} entities are {_method(ctx, row_a.kind)}")
    resolution = resolution_context(ctx)
    side_a = [resolution.mentions[k] for k in mentions_a if k in resolution.mentions][:MAX_SIDE]
    side_b = [resolution.mentions[k] for k in mentions_b if k in resolution.mentions][:MAX_SIDE]
    profile = profile_for(resolution, viewer)
    pairs = [_compare(ctx, profile, x, y, row_a.id, row_b.id) for x in side_a for y in side_b]
    pairs.sort(key=lambda p: (-p.probability, p.a, p.b))
    settled = [d for d in decisions if d.active and d.verdict == "not_same"
               and {d.a, d.b} & set(mentions_a) and {d.a, d.b} & set(mentions_b)]
    if settled:
        summary = f"two persons: decision {settled[0].id} by {settled[0].user} says they are not the same person"
    elif not pairs:
        summary = "two persons: no mention of one was compared with a mention of the other"
    else:
        best = pairs[0]
        summary = {"merge": "two persons: their strongest pair passes the threshold, but the clustering kept the two groups apart "
                            "(see the review queue)",
                   "near miss": "two persons: a near miss (below the threshold)",
                   "no match": "two persons: no pair of their mentions comes near the threshold",
                   "never": f"two persons: never the same ({best.hard_limit})"}.get(best.verdict, best.verdict)
    return PairWhyOut(a=EntityOut.of(row_a), b=EntityOut.of(row_b), same_entity=False, summary=summary, joins=[], pairs=pairs[:MAX_PAIRS],
                      decisions=visible)


def _rescore(ctx: AppContext, a: str, b: str, viewer: Viewer) -> PairOut | None:
    """The pair ``a``, ``b`` scored in the profile ``viewer`` sees (None for an all-access viewer, whose
    profile is the build's, or when a mention is no longer in force)."""
    if viewer.all_access:
        return None
    resolution = resolution_context(ctx)
    x, y = resolution.mentions.get(a), resolution.mentions.get(b)
    if x is None or y is None:
        return None
    return _compare(ctx, profile_for(resolution, viewer), x, y, "", "")


def _as_seen_join(ctx: AppContext, join: JoinOut, viewer: Viewer) -> JoinOut:
    """A build's join with its figures recomputed over the viewer's records (a decision's join keeps its decision)."""
    seen = _rescore(ctx, join.a, join.b, viewer)
    if seen is None:
        return join
    return join.model_copy(update={"score": seen.score, "parts": seen.parts,
                                   "probability": 1.0 if join.decision is not None else seen.probability})


def _as_seen_pair(ctx: AppContext, item: PairOut, viewer: Viewer) -> PairOut:
    seen = _rescore(ctx, item.a, item.b, viewer)
    if seen is None:
        return item
    return item.model_copy(update={"score": seen.score, "parts": seen.parts, "probability": seen.probability,
                                   "hard_limit": seen.hard_limit})


def _compare(ctx: AppContext, profile: PersonProfile, x: PersonMention, y: PersonMention, pa: str, pb: str) -> PairOut:
    if ctx.settings.resolver == "rules":
        rules = RuleScorer()
        scored = rules.score(x, y, profile.hubs)
        passes = scored.passes(rules.threshold)
        return PairOut(a=x.key, b=y.key, person_a=pa, person_b=pb, verdict="merge" if passes else "no match", probability=float(passes),
                       score=scored.score, threshold=rules.threshold, hard_limit=None, parts=_parts(scored.features, None))
    explained = why(x, y, profile=profile)
    values = {c.feature: c.value for c in explained.contributions}
    parts = _parts({"prior": explained.prior, **{c.feature: c.part for c in explained.contributions}}, values)
    return PairOut(a=x.key, b=y.key, person_a=pa, person_b=pb, verdict=explained.verdict, probability=explained.probability,
                   score=explained.score, threshold=explained.threshold, hard_limit=explained.hard_limit, parts=parts)


def review(ctx: AppContext, *, viewer: Viewer, limit: int = 50, offset: int = 0, kind: str | None = None) -> ReviewOut:
    """Pairs the last build was unsure of, most uncertain first, whose records the viewer may both see."""
    _may_review(ctx, viewer)
    items = [i for i in ctx.decisions.review(viewer) if kind is None or i.kind == kind]
    out = []
    for i in items[offset:offset + limit]:
        # The figures as the viewer's records make them (see profile_for); the item's kind is the build's.
        seen = _rescore(ctx, i.a, i.b, viewer)
        out.append(ReviewItemOut(id=i.id, a=i.a, b=i.b, person_a=i.person_a, person_b=i.person_b, record_a=i.record_a,
                                 record_b=i.record_b, kind=i.kind, reason=i.reason,
                                 probability=seen.probability if seen else i.probability, score=seen.score if seen else i.score,
                                 parts=seen.parts if seen else _parts(i.contributions, i.values)))
    return ReviewOut(total=len(items), items=out)


def decisions(ctx: AppContext, *, viewer: Viewer, active_only: bool = False) -> DecisionsOut:
    _may_review(ctx, viewer)
    return DecisionsOut(items=_visible_decisions(ctx, ctx.decisions.decisions(active_only=active_only), viewer))


def decide(ctx: AppContext, body: DecideIn, *, viewer: Viewer) -> DecisionOut:
    """Record an investigator's decision on two mentions and rebuild the graph under it."""
    _may_decide(ctx, viewer)
    try:
        a, b = pair(body.a, body.b)
    except DecisionError as exc:
        raise BadRequestError(str(exc)) from None
    known = resolution_context(ctx).mentions
    for key in (a, b):
        if key not in known or not _visible_mention(ctx, key, viewer):
            raise NotFoundError(f"no person mention {key!r} in the records in force")
    try:
        decision = ctx.decisions.decide(a, b, body.verdict, user=viewer.name, reason=body.reason, agency=viewer.agency)
    except DecisionError as exc:
        raise BadRequestError(str(exc)) from None
    return _decision_out(decision, _rebuild(ctx))


def undo(ctx: AppContext, decision_id: int, reason: str, *, viewer: Viewer) -> DecisionOut:
    """Undo a decision (kept, marked undone with who, when and why) and rebuild the graph without it."""
    _may_decide(ctx, viewer)
    try:
        found = ctx.decisions.get(decision_id)
    except DecisionError:
        raise NotFoundError(f"no decision {decision_id}") from None
    if not (_visible_mention(ctx, found.a, viewer) and _visible_mention(ctx, found.b, viewer)):
        raise NotFoundError(f"no decision {decision_id}")
    try:
        decision = ctx.decisions.undo(decision_id, user=viewer.name, reason=reason)
    except DecisionError as exc:
        raise BadRequestError(str(exc)) from None
    return _decision_out(decision, _rebuild(ctx))


def _rebuild(ctx: AppContext) -> Mapping[str, str]:
    """Bring the graph in step with the decisions now in force; the cluster of every mention after it.

    When the graph store is down the decision stands (it is stored) and the next commit by any
    consumer or API call rebuilds; the answer then names no persons."""
    sync = ctx.graph_sync()
    sync.dirty = True
    try:
        sync.commit()
    except StoreUnavailable:
        return {}
    clustering = sync.builder.last_clustering
    return clustering.cluster_of if clustering else {}
