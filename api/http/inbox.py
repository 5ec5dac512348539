"""HTTP routes of the investigator's alert inbox (thin: the answers come from :mod:`api.services.alert_triage`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as FPath

from api.http.deps import Ctx, Who
from api.schemas.inbox import InboxItemOut, InboxOut, TriageIn
from api.services import alert_triage
from api.services.alert_triage import TriageStore
from graph.alerts import AlertStore

router = APIRouter(tags=["alerts"])


def _alerts(request: Request) -> AlertStore:
    store: AlertStore | None = getattr(request.app.state, "alerts", None)
    if store is None:  # the same lazily opened store as the alert routes (api.http.leads)
        store = AlertStore.of(request.app.state.ctx.settings)
        request.app.state.alerts = store
    return store


def _triage(request: Request) -> TriageStore:
    store: TriageStore | None = getattr(request.app.state, "alert_triage", None)
    if store is None:
        store = TriageStore.of(request.app.state.ctx.settings)
        request.app.state.alert_triage = store
    return store


@router.get("/alerts/inbox")
async def inbox(request: Request, ctx: Ctx, who: Who, after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
                limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> InboxOut:
    """Your alerts as a triage inbox, newest first: the missing person's name and age, and each alert's
    state (unread, confirmed, dismissed) with who set it and when."""
    answer = alert_triage.inbox(ctx, _alerts(request), _triage(request), who.viewer, after=after, limit=limit)
    request.state.returned = alert_triage.disclosed_ids(answer)
    return answer


@router.post("/alerts/{alert_id}/triage")
async def triage(request: Request, ctx: Ctx, who: Who, alert_id: Annotated[str, FPath(max_length=64)], body: TriageIn) -> InboxItemOut:
    """Mark one of your alerts unread, confirmed or dismissed (kept with who and when)."""
    answer = alert_triage.set_triage(ctx, _alerts(request), _triage(request), who.viewer, alert_id, body)
    request.state.returned = alert_triage.disclosed_ids(answer)
    return answer
