"""HTTP route of the data-quality view (:mod:`api.data_quality`); installed by :func:`api.app.create_app`."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query, Request

from api import data_quality as service
from api.app import Ctx, Who, disclosed
from api.schemas_data_quality import DataQualityOut


def install(app: FastAPI) -> None:
    @app.get("/data-quality", tags=["ingest"])
    async def data_quality(request: Request, ctx: Ctx, who: Who,
                           agency: Annotated[str | None, Query(min_length=1, max_length=32)] = None) -> DataQualityOut:
        """Subject fields kept as written because they could not be read, per agency, for the records you may see."""
        return disclosed(request, service.data_quality(ctx, viewer=who.viewer, agency=agency))
