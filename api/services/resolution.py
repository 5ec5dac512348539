"""Why two records are (or are not) one person, the review queue, and investigators' decisions.

Shared by the HTTP API and the CLI. Everything answers for one viewer: an entity must be
visible to be explained, only the mentions of records the viewer may see are named, a review
item is shown only when both of its records are visible, and a decision can be taken on (or
undone for) mentions of visible records only. A decision rebuilds the graph at once, so the
answer names the persons the two mentions now belong to.

A decision may name entities instead (``person:...``, an alias-only ``person:alias:...``,
``place:...``): each is turned here, for the deciding viewer, into the key the decision is
stored under, one no rebuild changes (:mod:`graph.resolve.decisions`): a person into its
smallest mention visible to the viewer, an alias-only person into its folded alias, a place into
its id. An entity side keeps the records behind it that the decider could see (its witnesses):
whoever may see one of them may see the decision, as a mention's record does for a mention.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from api.schemas import EntityOut
from api.schemas.resolution import (
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
from api.services.errors import BadRequestError, NotFoundError
from api.services.queries import AppContext, ResolutionContext, entity_or_404
from graph.build import structured_mentions, value_hubs
from graph.model import RESOLUTION, EntityRow, MergeRow
from graph.resolve.decisions import ALGORITHM as DECISION_ALGORITHM
from graph.resolve.decisions import ALIAS, Decision, DecisionError, ReviewItem, alias_key, is_mention, pair
from graph.resolve.features import FEATURES, PersonProfile
from graph.resolve.learned import LearnedResolver
from graph.resolve.persons import RuleScorer
from graph.resolve.types import PersonMention
from graph.resolve.why import why
from graph.store.base import StoreUnavailable
from models.access import Capability, Viewer
from models.ids import alias_only_id, mention_key, person_id
from models.normalise import fold
from models.vocabulary import ENTITY_KINDS, EntityKind, MentionKind

#: At most this many mentions of each side are compared in ``/why?a=&b=`` (the strongest pairs are shown).
MAX_SIDE = 25
MAX_PAIRS = 20

#: How each entity kind is made one per key, as the vocabulary declares it.
METHODS = {kind.value: spec.method for kind, spec in ENTITY_KINDS.items()}


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
        made = resolution.by_scope[key] = PersonProfile.for_mentions(people, value_hubs(people))
    return made


def resolution_context(ctx: AppContext) -> ResolutionContext:
    mark = ctx.ledger.state_mark()
    cached = ctx.resolution
    if cached is not None and cached.mark == mark:
        return cached
    records = sorted(ctx.ledger.current_records(), key=lambda r: r.key)
    people = [m for r in records for m in structured_mentions(r)]
    made = ResolutionContext(mark, {m.key: m for m in people}, PersonProfile.for_mentions(people, value_hubs(people)),
                             labels={r.key: (r.agency, tuple(c.value for c in r.caveats)) for r in records})
    ctx.resolution = made
    return made


def _may_review(ctx: AppContext, viewer: Viewer) -> None:
    viewer.require(Capability.REVIEW_RESOLUTION, "read the review queue")


def _may_decide(ctx: AppContext, viewer: Viewer) -> None:
    viewer.require(Capability.DECIDE_IDENTITY, "decide who is who")


def _visible_mention(ctx: AppContext, key: str, viewer: Viewer) -> bool:
    return _visible_record(ctx, key.rsplit("#", 1)[0], viewer)


def _visible_record(ctx: AppContext, record_key: str, viewer: Viewer) -> bool:
    record = ctx.ledger.get(record_key)
    return record is not None and viewer.may_see(record.agency, [c.value for c in record.caveats])


def _visible_side(ctx: AppContext, key: str, witnesses: Iterable[str], viewer: Viewer) -> bool:
    """A mention: its record visible; an entity side: one of the records its decider saw behind it."""
    if is_mention(key):
        return _visible_mention(ctx, key, viewer)
    return any(_visible_record(ctx, w, viewer) for w in witnesses)


def _visible_decision(ctx: AppContext, d: Decision, viewer: Viewer) -> bool:
    return _visible_side(ctx, d.a, d.witnesses_a, viewer) and _visible_side(ctx, d.b, d.witnesses_b, viewer)


def _mentions_of(ctx: AppContext, row: EntityRow, viewer: Viewer) -> list[str]:
    keys = {mention_key(p.record_key, p.field) for p in ctx.store.provenance([row.id], viewer=viewer)
            if not viewer.withholds_field(p.field)}  # a reporting contact's mention is not an analyst's
    return sorted(k for k in keys if k)


def _parts(contributions: Mapping[str, float], values: Mapping[str, float] | None) -> list[PartOut]:
    parts = [PartOut(feature=f, value=values.get(f, 0.0) if values is not None and f in FEATURES else None, part=round(p, 4))
             for f, p in contributions.items()]
    return sorted(parts, key=lambda p: (p.feature != "prior", -abs(p.part), p.feature))


def _decision_out(d: Decision, entities: Mapping[str, str] | None = None) -> DecisionOut:
    """The decision; with a build's ``entities`` (decision key -> entity id), the entities its two sides are in."""
    entities = entities or {}
    return DecisionOut(id=d.id, a=d.a, b=d.b, verdict=d.verdict, user=d.user, agency=d.agency, reason=d.reason, decided_at=d.decided_at,
                       active=d.active, undone_at=d.undone_at, undone_by=d.undone_by, undo_reason=d.undo_reason,
                       person_a=entities.get(d.a), person_b=entities.get(d.b))


def _visible_decisions(ctx: AppContext, decisions: Iterable[Decision], viewer: Viewer) -> list[DecisionOut]:
    seen: dict[str, bool] = {}

    def visible(key: str) -> bool:
        if key not in seen:
            seen[key] = _visible_record(ctx, key, viewer)
        return seen[key]

    def side(key: str, witnesses: Iterable[str]) -> bool:
        return visible(key.rsplit("#", 1)[0]) if is_mention(key) else any(visible(w) for w in witnesses)

    return [_decision_out(d) for d in decisions if side(d.a, d.witnesses_a) and side(d.b, d.witnesses_b)]


def _joins(row: EntityRow) -> list[MergeRow]:
    """The joins of ``row``'s resolution trail, read back as the build wrote them."""
    return [MergeRow.from_trail_entry(e, row.id) for e in row.properties.get(RESOLUTION, []) if isinstance(e, Mapping)]


def _join(merge: MergeRow, decisions: Mapping[int, Decision]) -> JoinOut:
    score, label = merge.score, merge.decision
    decision = decisions.get(int(str(label["id"]))) if label is not None and "id" in label else None
    return JoinOut(a=merge.a, b=merge.b, algorithm=merge.algorithm, score=score,
                   probability=1.0 if decision is not None else round(1.0 / (1.0 + math.exp(-max(min(score, 50.0), -50.0))), 6),
                   parts=_parts(merge.features, merge.values), decision=_decision_out(decision) if decision else None)


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
    entity_keys = _entity_keys(row)
    if row.kind != EntityKind.PERSON and not entity_keys:
        return EntityWhyOut(entity=EntityOut.of(row), method=_method(ctx, row.kind), mentions=[], joins=[], near_misses=[], decisions=[])
    mentions = _mentions_of(ctx, row, viewer) if row.kind == EntityKind.PERSON else []
    decisions = ctx.decisions.decisions(mentions=mentions + entity_keys)
    by_id = {d.id: d for d in decisions}
    joins = [_as_seen_join(ctx, _join(e, by_id), viewer) for e in _joins(row)]
    threshold = _threshold(ctx)
    near = [_as_seen_pair(ctx, _review_pair(item, threshold), viewer)
            for item in ctx.decisions.review(viewer, mentions=mentions) if item.kind != "uncertain merge"] if mentions else []
    visible = _visible_decisions(ctx, decisions, viewer)
    joins += _decided_joins(joins, visible, set(mentions) | ({row.id} if row.kind == EntityKind.PLACE else set()))
    return EntityWhyOut(entity=EntityOut.of(row), method=_method(ctx, row.kind), mentions=mentions, joins=joins,
                        near_misses=near, decisions=visible)


def _decided_joins(joins: list[JoinOut], visible: list[DecisionOut], keeps: set[str]) -> list[JoinOut]:
    """The entity decisions in force the viewer may see whose join its view of the trail left out (the trail keeps
    a join only where the viewer sees the records of both sides, and an alias or a place is no record): those
    whose first side, which absorbs the second, is this entity (``keeps``: its mentions, or a place's id)."""
    shown = {(j.a, j.b) for j in joins}
    return [JoinOut(a=d.a, b=d.b, algorithm=DECISION_ALGORITHM, score=100.0, probability=1.0,
                    parts=[PartOut(feature="investigator decision: same", value=None, part=100.0)], decision=d)
            for d in visible if d.active and d.verdict == "same" and not (is_mention(d.a) and is_mention(d.b))
            and d.a in keeps and (d.a, d.b) not in shown]


def pair_why(ctx: AppContext, a: str, b: str, *, viewer: Viewer) -> PairWhyOut:
    """Why two entities are one, or not: the joins that made one entity, or their mentions compared
    pair by pair as the build's matcher saw them (strongest first, hard limits named)."""
    row_a, row_b = entity_or_404(ctx, a, viewer=viewer), entity_or_404(ctx, b, viewer=viewer)
    mentions_a, mentions_b = _mentions_of(ctx, row_a, viewer), _mentions_of(ctx, row_b, viewer)
    keys_a, keys_b = set(mentions_a + _entity_keys(row_a)), set(mentions_b + _entity_keys(row_b))
    decisions = ctx.decisions.decisions(mentions=sorted(keys_a | keys_b))
    visible = _visible_decisions(ctx, decisions, viewer)
    if row_a.id == row_b.id:
        by_id = {d.id: d for d in decisions}
        joins = [_as_seen_join(ctx, _join(e, by_id), viewer) for e in _joins(row_a)]
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
    shown = {d.id for d in visible}
    settled = [d for d in decisions if d.active and d.verdict == "not_same" and d.id in shown
               and {d.a, d.b} & keys_a and {d.a, d.b} & keys_b]
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
    """Record an investigator's decision on two mentions or two entities of one kind, and rebuild the graph under it."""
    _may_decide(ctx, viewer)
    side_a, side_b = _side(ctx, body.a, body.b, viewer), _side(ctx, body.b, body.a, viewer)
    try:
        a, b = pair(side_a[0], side_b[0])
    except DecisionError as exc:
        raise BadRequestError(str(exc)) from None
    witnesses = {side_a[0]: side_a[1], side_b[0]: side_b[1]}
    try:
        decision = ctx.decisions.decide(a, b, body.verdict, user=viewer.name, reason=body.reason, agency=viewer.agency,
                                        witnesses=witnesses)
    except DecisionError as exc:
        raise BadRequestError(str(exc)) from None
    return _decision_out(decision, _rebuild(ctx, decision))


#: Most records read to find the witnesses of an alias (one visible is enough to show a decision).
MAX_WITNESS_READS = 500


def _entity_keys(row: EntityRow) -> list[str]:
    """The decision keys an entity is named by besides its mentions: an alias-only person's alias, a place's id."""
    if row.kind == EntityKind.PLACE:
        return [row.id]
    if row.properties.get("alias_only"):
        return [alias_key(fold(str(a))) for a in row.properties.get("aliases", [])[:1]]
    return []


def _side(ctx: AppContext, raw: str, other: str, viewer: Viewer) -> tuple[str, tuple[str, ...]]:
    """The key a decision stores for ``raw`` (a mention key, an entity id, or ``alias:NAME``) as ``viewer``
    sees it, and the records behind it that ``viewer`` may see (none for a mention: its record is its witness).
    Whatever ``viewer`` may not see is "not found", like what does not exist."""
    raw = raw.strip()
    if is_mention(raw):
        if raw not in resolution_context(ctx).mentions or not _visible_mention(ctx, raw, viewer):
            raise NotFoundError(f"no person mention {raw!r} in the records in force")
        return raw, ()
    if raw.startswith(ALIAS):
        folded = fold(raw[len(ALIAS):])
        holders = [alias_only_id(folded)] + ([other] if other.startswith(f"{EntityKind.PERSON.value}:") else [])
        if is_mention(other):
            holders += _person_of_mention(ctx, other, viewer)
        found = _alias_witnesses(ctx, holders, folded, viewer)
        if not found or not folded:
            raise NotFoundError(f"no alias {raw[len(ALIAS):]!r} in the records in force")
        return alias_key(folded), found
    row = entity_or_404(ctx, raw, viewer=viewer)
    if row.kind == EntityKind.PLACE:
        return row.id, _records_behind(ctx, row.id, viewer)
    if row.kind != EntityKind.PERSON:
        raise BadRequestError(f"decisions are taken on persons and places, not on a {row.kind}")
    keys = _entity_keys(row)
    if keys:
        return keys[0], _alias_witnesses(ctx, [row.id], keys[0][len(ALIAS):], viewer)
    known = resolution_context(ctx).mentions
    mentions = [k for k in _mentions_of(ctx, row, viewer) if k in known]
    if not mentions:
        raise BadRequestError(f"{row.id} is named only in narratives (no subject or contact of a record you may see stands "
                              "for it): decide on the person it should be one with, or on a mention")
    return mentions[0], ()


def _records_behind(ctx: AppContext, entity_id: str, viewer: Viewer) -> tuple[str, ...]:
    return tuple(sorted({p.record_key for p in ctx.store.provenance([entity_id], viewer=viewer)}))


def _person_of_mention(ctx: AppContext, mention: str, viewer: Viewer) -> list[str]:
    """The person entity a subject mention is in (a record's view names its subjects' persons only)."""
    record, _, part = mention.rpartition("#")
    row = ctx.store.record(record, viewer=viewer)
    return [row.subjects[part]] if row is not None and part in row.subjects else []


def _alias_witnesses(ctx: AppContext, holders: Iterable[str], folded: str, viewer: Viewer) -> tuple[str, ...]:
    """The records ``viewer`` may see that name the alias ``folded`` (a narrative's alias, a subject's
    ``aliases[]``), among the records behind the entities that may hold it."""
    found: set[str] = set()
    keys = sorted({k for h in holders for k in _records_behind(ctx, h, viewer)})[:MAX_WITNESS_READS]
    for key in keys:
        row = ctx.store.record(key, viewer=viewer)
        if row is None:
            continue
        said = any(m.get("kind") == MentionKind.ALIAS.value and fold(str(m.get("value") or m.get("text") or "")) == folded
                   for m in row.mentions)
        stated = any(fold(str(a)) == folded for s in row.payload.get("subjects", []) if isinstance(s, Mapping)
                     for a in s.get("aliases") or [])
        if said or stated:
            found.add(key)
    return tuple(sorted(found))


def undo(ctx: AppContext, decision_id: int, reason: str, *, viewer: Viewer) -> DecisionOut:
    """Undo a decision (kept, marked undone with who, when and why) and rebuild the graph without it."""
    _may_decide(ctx, viewer)
    try:
        found = ctx.decisions.get(decision_id)
    except DecisionError:
        raise NotFoundError(f"no decision {decision_id}") from None
    if not _visible_decision(ctx, found, viewer):
        raise NotFoundError(f"no decision {decision_id}")
    try:
        decision = ctx.decisions.undo(decision_id, user=viewer.name, reason=reason)
    except DecisionError as exc:
        raise BadRequestError(str(exc)) from None
    return _decision_out(decision, _rebuild(ctx, decision))


def _rebuild(ctx: AppContext, decision: Decision) -> Mapping[str, str]:
    """Bring the graph in step with the decisions now in force; the entity each side of ``decision`` is in after it.

    When the graph store is down the decision stands (it is stored) and the next commit by any
    consumer or API call rebuilds; the answer then names no persons."""
    sync = ctx.graph_sync()
    sync.dirty = True
    try:
        sync.commit()
    except StoreUnavailable:
        return {}
    clusters = sync.builder.last_clustering.cluster_of if sync.builder.last_clustering else {}
    out = {}
    for key in (decision.a, decision.b):
        found = person_id(clusters[key]) if key in clusters else sync.builder.entity_of(key)
        if found is not None:
            out[key] = found
    return out
