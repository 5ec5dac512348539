"""HTTP route of the data-quality view (:mod:`api.services.data_quality`); installed by :func:`api.http.app.create_app`."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query, Request

from api.http.deps import Ctx, Who, disclosed
from api.schemas.data_quality import DataQualityOut
from api.services import data_quality as service


def install(app: FastAPI) -> None:
    @app.get("/data-quality", tags=["ingest"])
    async def data_quality(request: Request, ctx: Ctx, who: Who,
                           agency: Annotated[str | None, Query(min_length=1, max_length=32)] = None) -> DataQualityOut:
        """Subject fields kept as written because they could not be read, per agency, for the records you may see."""
        return disclosed(request, service.data_quality(ctx, viewer=who.viewer, agency=agency))
