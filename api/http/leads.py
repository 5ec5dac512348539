"""HTTP routes for analytics, scored leads, watches, alerts (with a live server-sent-events
stream) and Crown disclosures. Installed by :func:`api.http.app.create_app`; every route answers for
the caller's viewer, like the rest of the API, and goes through the same audit middleware."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated

import structlog
from fastapi import FastAPI, Query, Request
from fastapi import Path as FPath
from fastapi.responses import StreamingResponse

from api.http.deps import Ctx, Who, client_of, disclosed
from api.schemas.leads import (
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
from api.services import leads
from api.services.audit import AuditLog, returned_ids, stream_entry
from api.services.auth import Authenticator, Principal
from api.services.errors import UnauthorizedError
from api.services.queries import AppContext
from api.web.sessions import SESSION_COOKIE, WebSessions
from graph.alerts import AlertStore
from graph.store.base import MAX_DEPTH, MAX_PATH_HOPS

log = structlog.get_logger(__name__)

Seeds = Annotated[list[str] | None, Query(max_length=50, description="Seed entities; none: the whole graph")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH)]
STREAM_POLL_SECONDS = 0.25
STREAM_PATH = "/alerts/stream"
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
            store = AlertStore.of(request.app.state.ctx.settings)
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
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "`alert` and `retracted` events, each an AlertOut; `end` with the reason it ended"}})
    async def alert_stream(request: Request, ctx: Ctx, who: Who, after: Annotated[int, Query(ge=0, le=SEQUENCE_MAX)] = 0) -> StreamingResponse:
        """Server-sent events: every new alert of yours you may see (``event: alert``), and every
        retraction of one (``event: retracted``), as they happen.

        The stream outlives its request, so it is held to what the request was: before every delivery and
        at every heartbeat (``alert_stream_heartbeat_seconds``) the user and credential are checked again,
        and the stream ends (``event: end``, with the reason) once the user is disabled or changed, the
        token or session has expired, or nothing was delivered for ``alert_stream_idle_seconds``. Every
        delivery is written to the audit log, with what it disclosed, before it is sent; one that cannot
        be written ends the stream instead."""
        leads.may_read_alerts(who.viewer)  # refused before the stream's headers are sent
        return StreamingResponse(AlertStream(request, ctx, who, after, alert_store(request)).events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})


class AlertStream:
    """One open ``/alerts/stream``: its cursor, what it showed, and the checks that end it."""

    def __init__(self, request: Request, ctx: AppContext, who: Principal, after: int, store: AlertStore) -> None:
        self.ctx, self.who, self.after, self.store = ctx, who, after, store
        self.auth: Authenticator = request.app.state.auth
        self.audit: AuditLog = request.app.state.audit
        self.sessions: WebSessions | None = getattr(request.app.state, "web_sessions", None)
        self.session_id = request.cookies.get(SESSION_COOKIE) if who.issuer == "session" else None
        self.client = client_of(request)
        self.settings = ctx.settings

    def _ended(self, delivering: bool) -> str | None:
        """Why the stream must end now, or None (see :func:`install`'s stream route)."""
        why = self.auth.still_valid(self.who)
        if why is None and self.session_id is not None and self.sessions is not None:
            try:
                self.sessions.resolve(self.session_id)
            except UnauthorizedError as exc:
                why = exc.message
        if why is None and delivering and not self.auth.touch(self.who):
            why = "the token lay idle for too long"
        return why

    def _audited(self, event: str, entities: list[str], records: list[str], extra: dict[str, str] | None = None) -> bool:
        try:
            self.audit.append(stream_entry(self.who.viewer, client=self.client, path=STREAM_PATH, after=self.after, event=event,
                                           entities=entities, records=records, extra=extra))
        except OSError as exc:
            log.error("audit.unwritable", where=self.audit.where, error=str(exc))
            return False
        return True

    def _end(self, why: str) -> str:
        self._audited("end", [], [], {"ended": why})
        return f"event: end\ndata: {json.dumps({'reason': why})}\n\n"

    async def events(self) -> AsyncIterator[str]:
        viewer = self.who.viewer
        cursor, shown_active = self.after, set[str]()
        started = last_delivery = last_check = time.monotonic()
        yield ": caselink alerts\n\n"
        # Starlette cancels this generator when the client goes away (is_disconnected is not
        # reliable behind the audit middleware, so it is not asked).
        while True:
            now = time.monotonic()
            if now - last_delivery >= self.settings.alert_stream_idle_seconds:
                yield self._end(f"idle: no alert for {self.settings.alert_stream_idle_seconds:g} seconds (reconnect to go on)")
                return
            page, scanned = leads.visible_alerts(self.ctx, self.store, viewer, after=cursor, limit=1000)
            notices: list[dict[str, object]] = []
            if shown_active:
                # A retraction of an alert this stream showed is always delivered, even when what it rested
                # on is gone (a purge): it says only that the alert is withdrawn, and why.
                for held in self.store.alerts(viewer.name, limit=100_000):
                    if held.id in shown_active and held.retracted_at and all(a.id != held.id for a in page):
                        notices.append({"id": held.id, "seq": held.seq, "record_key": held.record_key,
                                        "retracted_at": held.retracted_at, "retraction": held.retraction})
            heartbeat = now - last_check >= self.settings.alert_stream_heartbeat_seconds or now == started
            if page or notices or heartbeat:
                why = self._ended(delivering=bool(page or notices))
                if why is not None:
                    yield self._end(why)
                    return
                last_check = now
            for alert in page:
                kind = "retracted" if alert.retracted_at else "alert"
                entities, records = returned_ids(alert)
                if not self._audited(kind, entities, records):
                    yield f"event: end\ndata: {json.dumps({'reason': 'the audit log cannot be written'})}\n\n"
                    return
                yield f"id: {alert.seq}\nevent: {kind}\ndata: {alert.model_dump_json()}\n\n"
                if alert.retracted_at:
                    shown_active.discard(alert.id)
                else:
                    shown_active.add(alert.id)
            for notice in notices:
                if not self._audited("retracted", [], [str(notice["record_key"])]):
                    yield f"event: end\ndata: {json.dumps({'reason': 'the audit log cannot be written'})}\n\n"
                    return
                shown_active.discard(str(notice["id"]))
                yield f"id: {notice['seq']}\nevent: retracted\ndata: {json.dumps(notice)}\n\n"
            if page or notices:
                last_delivery = now
            elif heartbeat:
                yield ": heartbeat\n\n"
            cursor = scanned
            await asyncio.sleep(STREAM_POLL_SECONDS)
