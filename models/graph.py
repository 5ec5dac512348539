"""A mention: what a narrative names, as extraction hands it to the graph build.

The entities, links and provenance the build makes from mentions are the live types of
:mod:`graph.model`; only the mention, shared by nlp/ and graph/, lives in the kernel.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.vocabulary import MentionKind


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mention(_Frozen):
    """A span of a narrative that names something, with its normalised value."""

    kind: MentionKind
    text: str
    start: int
    end: int
    #: The normalised key (E.164 phone, ``ABCD 123`` plate, folded name).
    value: str | None = None
    extractor: str
    extractor_version: str
    confidence: float = 1.0
    #: The record subject this mention was matched to, when the text names one.
    subject_id: str | None = None
    #: Extra facts (a handle's platform, a hotel's city, a date's ISO value).
    attrs: dict[str, str] = Field(default_factory=dict)
