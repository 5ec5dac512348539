"""HTTP routes for Crown disclosures: thin over :class:`api.services.disclosure.drafts.Disclosures`, which
makes every permission and ownership check (the CLI calls the same methods) and records every
step as a dissemination in the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as FPath
from fastapi.responses import FileResponse

from api.http.deps import Ctx, Who
from api.schemas.leads import (
    DecisionIn,
    DraftIn,
    DraftOut,
    DraftsOut,
    DraftSummaryOut,
    InScopeOut,
    IssuedOut,
    PreviewOut,
    ProposalOut,
    RedactionIn,
    ReplacementOut,
    ScopeChangeIn,
)
from api.services.disclosure.drafts import PACKAGE_FILES, Disclosures
from models.access import Viewer

router = APIRouter(tags=["disclosure"])
DraftId = Annotated[str, FPath(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
_MEDIA = {"package.pdf": "application/pdf", "package.json": "application/json", "manifest.json": "application/json"}


def disclosures_of(request: Request) -> Disclosures:
    """The app's disclosure workflow, opened on first use, its steps written to the audit log."""
    found: Disclosures | None = getattr(request.app.state, "disclosures", None)
    if found is None:
        found = Disclosures.of(request.app.state.ctx.settings, audit=request.app.state.audit.append)
        request.app.state.disclosures = found
    return found


def _draft_out(disclosures: Disclosures, viewer: Viewer, draft: str) -> DraftOut:
    return DraftOut(draft=draft, proposals=[
        ProposalOut(id=p.id, record=p.record_key, code=p.code.value, action=p.action.value, reason=p.reason, proposed_by=p.proposed_by,
                    decision=decision, decided_by=by, target=p.target, replacement=p.replacement)
        for p, decision, by in disclosures.proposals(viewer, draft)],
        records=[InScopeOut(**r) for r in disclosures.scope(viewer, draft)])


@router.get("/disclosures")
async def list_drafts(request: Request, who: Who) -> DraftsOut:
    return DraftsOut(drafts=[DraftSummaryOut(**d) for d in disclosures_of(request).drafts(who.viewer)])


@router.post("/disclosures")
async def create_draft(request: Request, ctx: Ctx, who: Who, body: DraftIn) -> DraftOut:
    disclosures = disclosures_of(request)
    draft = disclosures.create(ctx.store, ctx.ledger, who.viewer, recipient=body.recipient, reason=body.reason, case=body.case,
                               entities=body.entities, depth=body.depth,
                               records=None if body.records is None else [(r.key, r.reason) for r in body.records])
    return _draft_out(disclosures, who.viewer, draft)


@router.get("/disclosures/{draft}")
async def get_draft(request: Request, who: Who, draft: DraftId) -> DraftOut:
    return _draft_out(disclosures_of(request), who.viewer, draft)


@router.post("/disclosures/{draft}/decisions")
async def decide(request: Request, who: Who, draft: DraftId, body: DecisionIn) -> DraftOut:
    disclosures = disclosures_of(request)
    disclosures.decide(who.viewer, draft, body.proposals, confirm=body.confirm, note=body.note)
    return _draft_out(disclosures, who.viewer, draft)


@router.post("/disclosures/{draft}/redactions")
async def redact(request: Request, who: Who, draft: DraftId, body: RedactionIn) -> DraftOut:
    disclosures = disclosures_of(request)
    disclosures.add(who.viewer, draft, text=body.text, reason=body.reason)
    return _draft_out(disclosures, who.viewer, draft)


@router.post("/disclosures/{draft}/records")
async def rescope(request: Request, ctx: Ctx, who: Who, draft: DraftId, body: ScopeChangeIn) -> DraftOut:
    disclosures = disclosures_of(request)
    disclosures.rescope(who.viewer, draft, ctx.store, ctx.ledger, add=[(r.key, r.reason) for r in body.add], remove=body.remove)
    return _draft_out(disclosures, who.viewer, draft)


@router.get("/disclosures/{draft}/preview")
async def preview(request: Request, ctx: Ctx, who: Who, draft: DraftId) -> PreviewOut:
    found = disclosures_of(request).preview(who.viewer, draft, ctx.ledger)
    return PreviewOut(draft=found["draft"], pages=found["pages"], replacements=[ReplacementOut(**r) for r in found["replacements"]])


@router.post("/disclosures/{draft}/issue")
async def issue(request: Request, ctx: Ctx, who: Who, draft: DraftId) -> IssuedOut:
    issued = disclosures_of(request).issue(who.viewer, draft, ctx.store, ctx.ledger)
    return IssuedOut(case=issued.case, version=issued.version, directory=str(issued.directory), files=issued.files)


@router.get("/disclosures/{draft}/files/{name}", response_class=FileResponse,
            responses={200: {"content": {m: {} for m in set(_MEDIA.values())}, "description": "One file of the issued package"}})
async def download(request: Request, who: Who, draft: DraftId, name: Annotated[str, FPath(max_length=32)]) -> FileResponse:
    path: Path = disclosures_of(request).issued_file(who.viewer, draft, name)
    return FileResponse(path, media_type=_MEDIA.get(name, "application/octet-stream"), filename=name if name in PACKAGE_FILES else None)
