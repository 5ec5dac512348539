"""HTTP routes for analytics, scored leads, watches, alerts (with a live server-sent-events
stream) and Crown disclosures. Installed by :func:`api.app.create_app`; every route answers for
the caller's viewer, like the rest of the API, and goes through the same audit middleware."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi import Path as FPath
from fastapi.responses import StreamingResponse

from api import leads
from api.app import Ctx, Who, disclosed
from api.schemas_leads import (
    AlertsOut,
    AssociatesOut,
    CommunitiesOut,
    ConnectingOut,
    KeyPlayersOut,
    LeadsOut,
    TimedPathsOut,
    TimelineOut,
    WatchesOut,
    WatchIn,
    WatchOut,
)
from graph.alerts import AlertStore
from graph.store.base import MAX_DEPTH, MAX_PATH_HOPS

Seeds = Annotated[list[str] | None, Query(max_length=50, description="Seed entities; none: the whole graph")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH)]
STREAM_POLL_SECONDS = 0.25
#: Alert sequence numbers are SQLite integers (signed 64-bit): a larger cursor is refused, not a 500.
SEQUENCE_MAX = 2**63 - 1


def install(app: FastAPI) -> None:
    @app.get("/analytics/communities", tags=["analytics"])
    async def communities(request: Request, ctx: Ctx, who: Who, around: Seeds = None, depth: Depth = 2,
                          resolution: Annotated[float, Query(ge=0.1, le=10)] = 2.0) -> CommunitiesOut:
        return disclosed(request, leads.communities(ctx, viewer=who.viewer, around=around, depth=depth, resolution=resolution))

    @app.get("/analytics/key-players", tags=["analytics"])
    async def key_players(request: Request, ctx: Ctx, who: Who, around: Seeds = None, depth: Depth = 2,
                          top: Annotated[int, Query(ge=1, le=200)] = 10) -> KeyPlayersOut:
        return disclosed(request, leads.key_players(ctx, viewer=who.viewer, around=around, depth=depth, top=top))

    @app.get("/analytics/connect", tags=["analytics"])
    async def connect(request: Request, ctx: Ctx, who: Who, ids: Annotated[list[str], Query(min_length=2, max_length=20)],
                      max_hops: Annotated[int, Query(alias="max", ge=1, le=MAX_PATH_HOPS)] = 4) -> ConnectingOut:
        return disclosed(request, leads.connecting(ctx, ids, viewer=who.viewer, max_hops=max_hops))

    @app.get("/analytics/timed-paths", tags=["analytics"])
    async def timed_paths(request: Request, ctx: Ctx, who: Who, source: Annotated[str, Query(alias="from", max_length=300)],
                          target: Annotated[str, Query(alias="to", max_length=300)],
                          max_hops: Annotated[int, Query(alias="max", ge=1, le=MAX_PATH_HOPS)] = 4,
                          limit: Annotated[int, Query(ge=1, le=20)] = 5) -> TimedPathsOut:
        return disclosed(request, leads.timed_paths(ctx, source, target, viewer=who.viewer, max_hops=max_hops, limit=limit))

    @app.get("/analytics/associates", tags=["analytics"])
    async def associates(request: Request, ctx: Ctx, who: Who, a: Annotated[str, Query(max_length=300)],
                         b: Annotated[str, Query(max_length=300)], depth: Depth = 2) -> AssociatesOut:
        return disclosed(request, leads.associates(ctx, a, b, viewer=who.viewer, depth=depth))

    @app.get("/entities/{entity_id}/timeline", tags=["analytics"])
    async def timeline(request: Request, ctx: Ctx, who: Who, entity_id: str) -> TimelineOut:
        return disclosed(request, leads.timeline(ctx, entity_id, viewer=who.viewer))

    @app.get("/leads", tags=["leads"])
    async def scored_leads(request: Request, ctx: Ctx, who: Who, top: Annotated[int, Query(ge=1, le=500)] = 20,
                           seed: Annotated[list[str] | None, Query(max_length=50)] = None) -> LeadsOut:
        return disclosed(request, leads.scored_leads(ctx, viewer=who.viewer, top=top, seeds=seed))

    def alert_store(request: Request) -> AlertStore:
        store: AlertStore | None = getattr(request.app.state, "alerts", None)
        if store is None:
            store = AlertStore(request.app.state.ctx.settings.store / "alerts.db")
            request.app.state.alerts = store
        return store

    @app.post("/watches", tags=["alerts"])
    async def add_watch(request: Request, ctx: Ctx, who: Who, watch: WatchIn) -> WatchOut:
        return leads.add_watch(ctx, alert_store(request), who.viewer, watch)

    @app.get("/watches", tags=["alerts"])
    async def watches(request: Request, who: Who) -> WatchesOut:
        return leads.watches(alert_store(request), who.viewer.name)

    @app.delete("/watches/{watch_id}", tags=["alerts"])
    async def remove_watch(request: Request, who: Who, watch_id: Annotated[str, FPath(max_length=64)]) -> WatchesOut:
        return leads.remove_watch(alert_store(request), who.viewer.name, watch_id)

    @app.get("/alerts", tags=["alerts"])
    async def alerts(request: Request, ctx: Ctx, who: Who, after: Annotated[int, Query(ge=0, le=SEQUENCE_MAX)] = 0,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> AlertsOut:
        return disclosed(request, leads.alerts_for(ctx, alert_store(request), who.viewer, after=after, limit=limit))

    @app.get("/alerts/stream", tags=["alerts"], response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}, "description": "`alert` and `retracted` events, each an AlertOut"}})
    async def alert_stream(request: Request, ctx: Ctx, who: Who, after: Annotated[int, Query(ge=0, le=SEQUENCE_MAX)] = 0) -> StreamingResponse:
        """Server-sent events: every new alert of yours you may see (``event: alert``), and every
        retraction of one (``event: retracted``), as they happen."""
        store = alert_store(request)

        async def events() -> AsyncIterator[str]:
            last, shown_active = after, set[str]()
            yield ": caselink alerts\n\n"
            # Starlette cancels this generator when the client goes away (is_disconnected is not
            # reliable behind the audit middleware, so it is not asked).
            while True:
                page = leads.alerts_for(ctx, store, who.viewer, after=last, limit=1000)
                for alert in page.alerts:
                    yield f"id: {alert.seq}\nevent: {'retracted' if alert.retracted_at else 'alert'}\ndata: {alert.model_dump_json()}\n\n"
                    if not alert.retracted_at:
                        shown_active.add(alert.id)
                last = page.last_seq
                if shown_active:
                    # A retraction of an alert this stream showed is always delivered, even when what it rested
                    # on is gone (a purge): it says only that the alert is withdrawn, and why.
                    for held in store.alerts(who.viewer.name, limit=100_000):
                        if held.id in shown_active and held.retracted_at:
                            shown_active.discard(held.id)
                            notice = {"id": held.id, "seq": held.seq, "record_key": held.record_key, "retracted_at": held.retracted_at,
                                      "retraction": held.retraction}
                            yield f"id: {held.seq}\nevent: retracted\ndata: {json.dumps(notice)}\n\n"
                await asyncio.sleep(STREAM_POLL_SECONDS)

        return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


