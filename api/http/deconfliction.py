"""HTTP routes for deconfliction (:mod:`api.services.deconfliction`): notices for the owning service's
investigators, their contact sent to a searcher, and the searcher's contacts. Installed by
:func:`api.http.app.create_app`; audited by its middleware like every route."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Request
from fastapi import Path as FPath

from api.http.deps import Ctx, Who, disclosed
from api.schemas.deconfliction import ContactIn, ContactsOut, NoticeOut, NoticesOut
from api.services import deconfliction


def install(app: FastAPI) -> None:
    @app.get("/deconfliction/notices", tags=["deconfliction"])
    async def notices(request: Request, ctx: Ctx, who: Who) -> NoticesOut:
        """Who reached which entity standing in your service's records they may not see, and when."""
        return disclosed(request, deconfliction.notices(ctx.deconfliction(), viewer=who.viewer))

    @app.post("/deconfliction/notices/{notice_id}/contact", tags=["deconfliction"])
    async def contact(request: Request, ctx: Ctx, who: Who, notice_id: Annotated[int, FPath(ge=1, le=2**63 - 1)],
                      body: ContactIn) -> NoticeOut:
        """Send the searcher of a notice your contact (your choice: until you do, they learn nothing)."""
        return disclosed(request, deconfliction.send_contact(ctx.deconfliction(), notice_id, body, viewer=who.viewer))

    @app.get("/deconfliction/contacts", tags=["deconfliction"])
    async def contacts(request: Request, ctx: Ctx, who: Who) -> ContactsOut:
        """Contacts investigators of other services chose to send you about entities you reached."""
        return disclosed(request, deconfliction.contacts(ctx.deconfliction(), viewer=who.viewer))
