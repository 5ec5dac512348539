"""HTTP routes for resolution: why entities are (not) one, the review queue, and decisions.

Installed by :func:`api.http.app.create_app`; every route answers for the caller's viewer and goes
through the audit middleware like the rest of the API (a decision is also stored with who,
when and why, beside the ledger).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import FastAPI, Query, Request
from fastapi import Path as FPath

from api.http.deps import Ctx, Who, disclosed
from api.schemas.resolution import DecideIn, DecisionOut, DecisionsOut, EntityWhyOut, PairWhyOut, ReviewOut, UndoIn
from api.services import resolution
from api.services.queries import MAX_ID

Kind = Literal["uncertain merge", "near miss", "refused"]


def install(app: FastAPI) -> None:
    @app.get("/entities/{entity_id}/why", tags=["resolution"])
    async def entity_why(request: Request, ctx: Ctx, who: Who, entity_id: str) -> EntityWhyOut:
        """Why this entity is one: every join with each feature's part in it (or the investigator's
        decision that made it), its near misses with other persons, and the decisions on its mentions."""
        return disclosed(request, resolution.entity_why(ctx, entity_id, viewer=who.viewer))

    @app.get("/why", tags=["resolution"])
    async def pair_why(request: Request, ctx: Ctx, who: Who, a: Annotated[str, Query(min_length=1, max_length=MAX_ID)],
                       b: Annotated[str, Query(min_length=1, max_length=MAX_ID)]) -> PairWhyOut:
        """Why two entities are one, or why not: their mentions compared as the matcher saw them."""
        return disclosed(request, resolution.pair_why(ctx, a, b, viewer=who.viewer))

    @app.get("/review", tags=["resolution"])
    async def review(request: Request, ctx: Ctx, who: Who, kind: Kind | None = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 50,
                     offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> ReviewOut:
        """Pairs of person mentions the last build was unsure of, most uncertain first."""
        return disclosed(request, resolution.review(ctx, viewer=who.viewer, limit=limit, offset=offset, kind=kind))

    @app.get("/review/decisions", tags=["resolution"])
    async def decisions(request: Request, ctx: Ctx, who: Who, active: bool = False) -> DecisionsOut:
        return disclosed(request, resolution.decisions(ctx, viewer=who.viewer, active_only=active))

    @app.post("/review/decisions", tags=["resolution"])
    async def decide(request: Request, ctx: Ctx, who: Who, body: DecideIn) -> DecisionOut:
        """Same or not the same person (two mentions; a person and an alias) or place (two places): overrides the
        matcher and the builder's rules from now on, across re-ingests."""
        return disclosed(request, resolution.decide(ctx, body, viewer=who.viewer))

    @app.post("/review/decisions/{decision_id}/undo", tags=["resolution"])
    async def undo(request: Request, ctx: Ctx, who: Who, decision_id: Annotated[int, FPath(ge=1, le=2**63 - 1)],
                   body: UndoIn) -> DecisionOut:
        """Undo a decision: the graph is rebuilt as it would be without it (the decision stays on record)."""
        return disclosed(request, resolution.undo(ctx, decision_id, body.reason, viewer=who.viewer))
