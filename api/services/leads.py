"""Analytics, watches and alerts as questions, shared by the HTTP API and the CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace

from api.schemas import EntityOut, LinkOut
from api.schemas.leads import (
    AlertOut,
    AlertsOut,
    AssociateOut,
    AssociatesOut,
    CommunitiesOut,
    CommunityOut,
    ConnectingOut,
    ContributionOut,
    KeyPlayerOut,
    KeyPlayersOut,
    LeadOut,
    LeadsOut,
    ScopeOut,
    TimedHopOut,
    TimedPathOut,
    TimedPathsOut,
    TimelineEntryOut,
    TimelineOut,
    WatchesOut,
    WatchIn,
    WatchOut,
)
from api.services.errors import BadRequestError, NotFoundError
from api.services.queries import AppContext, entity_or_404, resolve
from graph import analytics
from graph import leads as lead_model
from graph.alerts import Alert, AlertStore, PathStep, Watch, WatchError
from graph.build import record_id
from graph.store.base import MAX_DEPTH, EntityNotFoundError, PathResult
from models.access import Capability, Viewer

MAX_SEEDS = 50


def _scope(scope: analytics.Scope) -> ScopeOut:
    return ScopeOut(description=scope.description, entities=scope.entities, links=scope.links, hubs_suppressed=list(scope.hubs_suppressed))


def _subgraph(ctx: AppContext, around: list[str] | None, depth: int, viewer: Viewer) -> analytics.Subgraph:
    if not around:
        try:
            return analytics.whole_graph(ctx.store, viewer=viewer)
        except ValueError as exc:
            raise BadRequestError(str(exc)) from None
    if len(around) > MAX_SEEDS:
        raise BadRequestError(f"at most {MAX_SEEDS} seed entities")
    if not 1 <= depth <= MAX_DEPTH:
        raise BadRequestError(f"depth must be between 1 and {MAX_DEPTH}")
    for seed in around:
        entity_or_404(ctx, seed, viewer=viewer)
    return analytics.around(ctx.store, around, depth, viewer=viewer)


def communities(ctx: AppContext, *, viewer: Viewer, around: list[str] | None = None, depth: int = 2, resolution: float = 2.0) -> CommunitiesOut:
    if not 0.1 <= resolution <= 10:
        raise BadRequestError("resolution must be between 0.1 and 10")
    result = analytics.communities(_subgraph(ctx, around, depth, viewer), resolution=resolution)
    return CommunitiesOut(method=result.method, scope=_scope(result.scope),
                          communities=[CommunityOut(**asdict(c)) for c in result.communities])


def key_players(ctx: AppContext, *, viewer: Viewer, around: list[str] | None = None, depth: int = 2, top: int = 10) -> KeyPlayersOut:
    result = analytics.key_players(_subgraph(ctx, around, depth, viewer), top=top)
    return KeyPlayersOut(method=result.method, scope=_scope(result.scope), players=[KeyPlayerOut(**asdict(p)) for p in result.players])


def connecting(ctx: AppContext, entity_ids: list[str], *, viewer: Viewer, max_hops: int = 4) -> ConnectingOut:
    if not 2 <= len(entity_ids) <= 20:
        raise BadRequestError("give between 2 and 20 entities")
    for entity_id in entity_ids:
        entity_or_404(ctx, entity_id, viewer=viewer)
    result = analytics.connecting_network(ctx.store, entity_ids, viewer=viewer, max_hops=max_hops)
    return ConnectingOut(method=result.method, scope=_scope(result.scope), entities=[EntityOut.of(e) for e in result.entities],
                         links=[LinkOut.of(lk) for lk in result.links], unconnected=result.unconnected)


def timed_paths(ctx: AppContext, source: str, target: str, *, viewer: Viewer, max_hops: int = 4, limit: int = 5) -> TimedPathsOut:
    entity_or_404(ctx, source, viewer=viewer)
    entity_or_404(ctx, target, viewer=viewer)
    result = analytics.time_ordered_paths(ctx.store, source, target, viewer=viewer, max_hops=max_hops, limit=limit)
    return TimedPathsOut(method=result.method, scope=_scope(result.scope), paths=[
        TimedPathOut(nodes=[EntityOut.of(n) for n in p.nodes],
                     hops=[TimedHopOut(source=h.source, target=h.target, link=LinkOut.of(h.link), when=h.when, records=h.records)
                           for h in p.hops]) for p in result.paths])


def timeline(ctx: AppContext, entity_id: str, *, viewer: Viewer) -> TimelineOut:
    entity_or_404(ctx, entity_id, viewer=viewer)
    result = analytics.timeline(ctx.store, entity_id, viewer=viewer)
    return TimelineOut(method=result.method, entity=EntityOut.of(result.entity),
                       entries=[TimelineEntryOut(**asdict(e)) for e in result.entries])


def associates(ctx: AppContext, a: str, b: str, *, viewer: Viewer, depth: int = 2) -> AssociatesOut:
    entity_or_404(ctx, a, viewer=viewer)
    entity_or_404(ctx, b, viewer=viewer)
    if not 1 <= depth <= MAX_DEPTH:
        raise BadRequestError(f"depth must be between 1 and {MAX_DEPTH}")
    result = analytics.common_associates(ctx.store, a, b, viewer=viewer, depth=depth)
    return AssociatesOut(method=result.method, scope=_scope(result.scope),
                         associates=[AssociateOut(entity=EntityOut.of(x.entity), hops_from_a=x.hops_from_a, hops_from_b=x.hops_from_b)
                                     for x in result.associates])


# -- watches and alerts ------------------------------------------------------------------------


def watch_out(w: Watch) -> WatchOut:
    return WatchOut(id=w.id, owner=w.owner, entities=list(w.entities), hops=w.hops,
                    record_types=list(w.record_types) if w.record_types else None, reason=w.reason, created_at=w.created_at)


def alert_out(a: Alert) -> AlertOut:
    return AlertOut.model_validate(a.as_dict())


def add_watch(ctx: AppContext, alerts: AlertStore, viewer: Viewer, watch: WatchIn, *, by_name: bool = False) -> WatchOut:
    """A watch of the viewer's own, on entities the viewer may see (others are "no entity"). The right to
    watch is checked first, so a user without it learns nothing of what exists. With ``by_name`` (the
    terminal), each entity may be named by anything :func:`api.services.queries.resolve` reads (a name, a phone,
    a plate, a record key); otherwise (HTTP) by its id."""
    viewer.require(Capability.WATCH, "set watches")
    entities = [resolve(ctx, text, viewer=viewer).id if by_name else entity_or_404(ctx, text, viewer=viewer).id
                for text in watch.entities]
    try:
        return watch_out(alerts.add_watch(viewer.name, entities, hops=watch.hops, record_types=watch.record_types,
                                          reason=watch.reason, store=ctx.store))
    except WatchError as exc:
        raise BadRequestError(str(exc)) from None


def watches(alerts: AlertStore, owner: str) -> WatchesOut:
    return WatchesOut(watches=[watch_out(w) for w in alerts.watches(owner)])


def remove_watch(alerts: AlertStore, owner: str, watch_id: str) -> WatchesOut:
    if not alerts.remove_watch(owner, watch_id):
        raise NotFoundError(f"no watch {watch_id!r} of yours")
    return watches(alerts, owner)


#: Alerts read from the store per batch while looking for ones the viewer may see.
ALERT_SCAN_BATCH = 500


def may_read_alerts(viewer: Viewer) -> None:
    """Refuse a viewer who may not read alerts (before a live stream sends its headers: the check is
    here, with every other one, not in the route)."""
    viewer.require(Capability.WATCH, "read alerts")


def alerts_for(ctx: AppContext, alerts: AlertStore, viewer: Viewer, *, after: int = 0, limit: int = 100) -> AlertsOut:
    """The viewer's alerts, each as the viewer may see it now (:func:`alert_for_viewer`).

    ``last_seq`` is the sequence number of the last alert *shown* (``after`` when none is): a cursor
    that moved past alerts held back would tell the watcher that they exist."""
    may_read_alerts(viewer)
    shown, _ = visible_alerts(ctx, alerts, viewer, after=after, limit=limit)
    return AlertsOut(alerts=shown, last_seq=shown[-1].seq if shown else after)


def visible_alerts(ctx: AppContext, alerts: AlertStore, viewer: Viewer, *, after: int = 0,
                   limit: int = 100) -> tuple[list[AlertOut], int]:
    """Up to ``limit`` of the viewer's alerts after ``after`` that the viewer may see, and the
    sequence number scanned up to (for a live stream's own cursor; never shown to the viewer).

    Held-back alerts are skipped over, so a page is full whenever enough visible alerts exist."""
    may_read_alerts(viewer)
    shown: list[AlertOut] = []
    cursor = after
    visible: dict[str, bool] = {}
    while len(shown) < limit:
        batch = alerts.alerts(viewer.name, after=cursor, limit=ALERT_SCAN_BATCH)
        for alert in batch:
            cursor = alert.seq
            out = alert_for_viewer(ctx, alert, viewer, visible)
            if out is not None:
                shown.append(out)
                if len(shown) >= limit:
                    break
        if len(batch) < ALERT_SCAN_BATCH:
            break
    return shown, cursor


def alert_for_viewer(ctx: AppContext, alert: Alert, viewer: Viewer, visible: dict[str, bool] | None = None) -> AlertOut | None:
    """The alert as ``viewer`` may see it now, or None when it cannot be shown without what they may not see.

    The alert was raised by the system, which sees every record; its path's hops each list the records
    behind them. Shown: the record (visible to the viewer, or nothing is shown), and every hop with only
    the records behind it the viewer may see (:meth:`GraphStore.provenance` and :meth:`GraphStore.record`
    under the viewer). When some hop rests only on hidden records (or crosses an entity or a link the
    viewer may not see), the shortest path the viewer *can* see within the same number of hops is shown
    instead; when there is none, the alert is not delivered at all."""
    seen = visible if visible is not None else {}

    def may_see(key: str) -> bool:
        if key not in seen:
            seen[key] = ctx.store.record(key, viewer=viewer) is not None
        return seen[key]

    if not may_see(alert.record_key):
        return None
    steps = _visible_steps(ctx, alert, viewer, may_see)
    nodes = alert.path_nodes
    if steps is None:
        found = _viewer_path(ctx, alert, viewer)
        if found is None:
            return None
        nodes = tuple(n.id for n in found.nodes)
        steps = tuple(PathStep(source=h.source, target=h.target, link=h.link.id, kind=h.link.kind,
                               records=tuple(r for r in h.records if may_see(r))) for h in found.hops)
        if not all(s.records for s in steps):
            return None
    return alert_out(replace(alert, path_nodes=nodes, path=steps))


def _visible_steps(ctx: AppContext, alert: Alert, viewer: Viewer, may_see: Callable[[str], bool]) -> tuple[PathStep, ...] | None:
    """The stored path's hops with their visible records only; None when a hop cannot be shown."""
    if len(ctx.store.get_entities(list(alert.path_nodes), viewer=viewer)) != len(set(alert.path_nodes)):
        return None
    links = [step.link for step in alert.path]
    visible_links = {lk.id for lk in ctx.store.links_of(list(alert.path_nodes), viewer=viewer)}
    if not set(links) <= visible_links:
        return None
    behind: dict[str, set[str]] = {}
    for p in ctx.store.provenance(links, viewer=viewer):
        behind.setdefault(p.owner, set()).add(p.record_key)
    steps = tuple(replace(step, records=tuple(r for r in step.records if r in behind.get(step.link, set()) and may_see(r)))
                  for step in alert.path)
    return steps if all(s.records for s in steps) else None


def _viewer_path(ctx: AppContext, alert: Alert, viewer: Viewer) -> PathResult | None:
    try:
        found = ctx.store.paths(record_id(alert.record_key), alert.entity, max(alert.hops, 1), limit=1, viewer=viewer)
    except EntityNotFoundError:
        return None
    return found[0] if found and len(found[0].hops) <= alert.hops else None


def scored_leads(ctx: AppContext, *, viewer: Viewer, top: int = 20, seeds: list[str] | None = None) -> LeadsOut:
    if seeds:
        if len(seeds) > MAX_SEEDS:
            raise BadRequestError(f"at most {MAX_SEEDS} seed entities")
        for seed in seeds:
            entity_or_404(ctx, seed, viewer=viewer)
    result = lead_model.leads(ctx.store, viewer=viewer, top=top, seeds=seeds)
    return LeadsOut(method=result.method, scope=_scope(result.scope), network=result.network,
                    leads=[LeadOut(entity=x.entity, caption=x.caption, score=x.score,
                                   why=[ContributionOut(feature=f, value=v, contribution=c) for f, v, c in x.contributions])
                           for x in result.leads])
