"""Response and request models for explanations, the review queue and investigators' decisions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import EntityOut
from graph.resolve.decisions import MAX_MENTION, MAX_REASON


class PartOut(BaseModel):
    feature: str
    value: float | None = Field(description="the comparison feature's value, when the matcher recorded it")
    part: float = Field(description="its part of the calibrated log-odds (positive: towards one person)")


class DecisionOut(BaseModel):
    id: int
    a: str = Field(description="a person mention: AGENCY:RECORD#S1 (a subject) or #C1 (a reporting contact); or, for a "
                               "decision between entities, alias:NAME (an alias, folded) or a place id (place:...)")
    b: str
    verdict: Literal["same", "not_same"]
    user: str
    agency: str | None
    reason: str
    decided_at: str
    active: bool
    undone_at: str | None
    undone_by: str | None
    undo_reason: str | None
    person_a: str | None = Field(None, description="the entity side a is in now, after the rebuild (a person, or a place)")
    person_b: str | None = None


class JoinOut(BaseModel):
    """One join that made a person one person."""

    a: str
    b: str
    algorithm: str
    score: float
    probability: float
    parts: list[PartOut]
    decision: DecisionOut | None = None


class PairOut(BaseModel):
    """A pair of person mentions scored by the matcher: a join, a near miss, or one the clustering kept apart."""

    a: str
    b: str
    person_a: str
    person_b: str
    verdict: str
    probability: float
    score: float
    threshold: float
    hard_limit: str | None
    reason: str | None = None
    parts: list[PartOut]


class EntityWhyOut(BaseModel):
    entity: EntityOut
    method: str = Field(description="how entities of this kind are resolved")
    mentions: list[str] = Field(description="the person mentions (visible to you) this entity is made of")
    joins: list[JoinOut]
    near_misses: list[PairOut] = Field(description="pairs with other persons the matcher nearly joined, or the clustering refused")
    decisions: list[DecisionOut]


class PairWhyOut(BaseModel):
    a: EntityOut
    b: EntityOut
    same_entity: bool
    summary: str
    joins: list[JoinOut] = Field(description="when one entity: the joins that made it")
    pairs: list[PairOut] = Field(description="when two: their mentions compared, most probable first")
    decisions: list[DecisionOut]


class ReviewItemOut(BaseModel):
    id: int
    a: str
    b: str
    person_a: str
    person_b: str
    record_a: str
    record_b: str
    kind: str = Field(description="uncertain merge, near miss, or refused (the clustering kept the groups apart)")
    probability: float
    score: float
    reason: str | None
    parts: list[PartOut]


class ReviewOut(BaseModel):
    total: int
    items: list[ReviewItemOut]


class DecisionsOut(BaseModel):
    items: list[DecisionOut]


class DecideIn(BaseModel):
    a: str = Field(min_length=3, max_length=MAX_MENTION,
                   description="a person mention (AGENCY:RECORD#S1), or an entity id: a person, an alias-only person "
                               "(person:alias:...), a place (place:...); or alias:NAME. Two places: the first is the one that stays")
    b: str = Field(min_length=3, max_length=MAX_MENTION, description="the other mention or entity, of the same kind")
    verdict: Literal["same", "not_same"]
    reason: str = Field(min_length=1, max_length=MAX_REASON, description="why: recorded with the decision, for court")


class UndoIn(BaseModel):
    reason: str = Field(min_length=1, max_length=MAX_REASON)
