"""Request and response models of saved investigations."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas import EntityOut, LinkOut


class NodeIn(BaseModel):
    id: str = Field(min_length=1, max_length=300)
    x: float = Field(ge=-1e7, le=1e7)
    y: float = Field(ge=-1e7, le=1e7)
    note: str = Field(default="", max_length=2000)


class InvestigationIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    notes: str = Field(default="", max_length=20_000)
    nodes: list[NodeIn] = Field(max_length=2000)
    shared_with: list[str] = Field(default_factory=list, max_length=50)


class PositionOut(BaseModel):
    id: str
    x: float
    y: float
    note: str


class InvestigationSummaryOut(BaseModel):
    id: str
    owner: str
    title: str
    shared_with: list[str]
    created_at: str
    updated_at: str


class InvestigationsOut(BaseModel):
    items: list[InvestigationSummaryOut]


class InvestigationOut(InvestigationSummaryOut):
    """A chart re-read for the caller: only the entities (and links among them) it may see now."""

    notes: str
    entities: list[EntityOut]
    links: list[LinkOut]
    positions: list[PositionOut]


class ChartImageIn(BaseModel):
    """The chart as the caller's browser drew it (cytoscape's ``png()``), for the PDF export."""

    image: str = Field(min_length=1, max_length=17_000_000, description="data:image/png;base64,...")
