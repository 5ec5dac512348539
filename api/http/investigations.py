"""HTTP routes of saved investigations (thin: the answers come from :mod:`api.services.investigations`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from fastapi import Path as FPath

from api.http.deps import Ctx, Who
from api.schemas.investigations import ChartImageIn, InvestigationIn, InvestigationOut, InvestigationsOut
from api.services import investigations as inv
from api.services.investigation_pdf import investigation_pdf
from api.services.investigations import Investigations

router = APIRouter(prefix="/investigations", tags=["investigations"])
InvId = Annotated[str, FPath(max_length=inv.MAX_INVESTIGATION_ID)]


def _store(request: Request) -> Investigations:
    store: Investigations = request.app.state.investigations
    return store


def _users(request: Request) -> set[str]:
    return {u.name for u in request.app.state.auth.registry.all() if not u.disabled}


def _disclosed(request: Request, answer: InvestigationOut) -> InvestigationOut:
    request.state.returned = (inv.saved_entities(answer), [])
    return answer


@router.post("")
async def create(request: Request, ctx: Ctx, who: Who, body: InvestigationIn) -> InvestigationOut:
    """Save a chart (nodes, positions, notes) as a new investigation owned by the caller."""
    return _disclosed(request, inv.save(ctx, _store(request), body, viewer=who.viewer, known_user=_users(request)))


@router.get("")
async def list_all(request: Request, who: Who) -> InvestigationsOut:
    """The caller's investigations and those shared with it."""
    return inv.list_investigations(_store(request), viewer=who.viewer)


@router.get("/{investigation_id}")
async def read(request: Request, ctx: Ctx, who: Who, investigation_id: InvId) -> InvestigationOut:
    """One investigation, its entities and links re-read under the caller's own clearance."""
    return _disclosed(request, inv.open_investigation(ctx, _store(request), investigation_id, viewer=who.viewer))


@router.put("/{investigation_id}")
async def replace(request: Request, ctx: Ctx, who: Who, investigation_id: InvId, body: InvestigationIn) -> InvestigationOut:
    """Replace an investigation's chart, notes and sharing (owner only)."""
    return _disclosed(request, inv.save(ctx, _store(request), body, viewer=who.viewer, known_user=_users(request),
                                        inv_id=investigation_id))


@router.post("/{investigation_id}/pdf", response_class=Response,
             responses={200: {"content": {"application/pdf": {}}, "description": "the chart image, notes and annotations"}})
async def pdf(request: Request, ctx: Ctx, who: Who, investigation_id: InvId, body: ChartImageIn) -> Response:
    """The investigation as a PDF: the chart image the browser drew, the notes, and the annotations
    on the nodes the caller may see."""
    document, answer = investigation_pdf(ctx, _store(request), investigation_id, body.image, viewer=who.viewer)
    _disclosed(request, answer)
    return Response(document, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{investigation_id}.pdf"', "Cache-Control": "no-store"})
