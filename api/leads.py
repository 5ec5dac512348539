"""Analytics, watches and alerts as questions, shared by the HTTP API and the CLI."""

from __future__ import annotations

from dataclasses import asdict

from api.errors import BadRequestError, NotFoundError
from api.queries import AppContext, entity_or_404, resolve
from api.schemas import EntityOut, LinkOut
from api.schemas_leads import (
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
from graph import analytics
from graph import leads as lead_model
from graph.alerts import Alert, AlertStore, Watch, WatchError
from graph.store.base import MAX_DEPTH
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
    terminal), each entity may be named by anything :func:`api.queries.resolve` reads (a name, a phone,
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


def alerts_for(ctx: AppContext, alerts: AlertStore, viewer: Viewer, *, after: int = 0, limit: int = 100) -> AlertsOut:
    """The viewer's alerts, each only if everything it shows is visible to the viewer now (the record,
    every entity on the path, and a visible record behind every hop): an alert never reveals more
    than its watcher may see, and one resting on what they may not see is not shown at all."""
    viewer.require(Capability.WATCH, "read alerts")
    found = alerts.alerts(viewer.name, after=after, limit=limit)
    shown = [a for a in found if alert_visible(ctx, a, viewer)]
    return AlertsOut(alerts=[alert_out(a) for a in shown], last_seq=max([after, *(a.seq for a in found)]))


def alert_visible(ctx: AppContext, alert: Alert, viewer: Viewer) -> bool:
    if ctx.store.record(alert.record_key, viewer=viewer) is None:
        return False
    if len(ctx.store.get_entities(list(alert.path_nodes), viewer=viewer)) != len(set(alert.path_nodes)):
        return False
    visible_links = {lk.id for lk in ctx.store.links_of(list(alert.path_nodes), viewer=viewer)}
    return all(step.link in visible_links for step in alert.path)


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
