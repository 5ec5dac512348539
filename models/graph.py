"""What the graph is made of: mentions, entities, links, and the provenance and labels they carry.

Every node and edge can say where it came from (agency, record, revision, field or text span,
extractor and version, confidence) and carries the labels (originating agencies and caveats)
of the records behind it, so access control and disclosure can follow them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from models.vocabulary import Caveat, EntityKind, LinkKind, MentionKind


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(_Frozen):
    """Why a node or an edge exists: one piece of one revision of one record."""

    agency: str
    record_key: str
    revision: str
    #: A field path in the canonical record (``subjects[S2].phones[0]``) ...
    field: str | None = None
    #: ... or a span of the narrative.
    span: tuple[int, int] | None = None
    extractor: str
    extractor_version: str
    confidence: float = 1.0


class Labels(_Frozen):
    """Originating agencies and caveats: the handling rules that travel with derived data."""

    agencies: frozenset[str] = frozenset()
    caveats: frozenset[Caveat] = frozenset()

    def union(self, other: Labels) -> Labels:
        return Labels(agencies=self.agencies | other.agencies, caveats=self.caveats | other.caveats)


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


class Entity(_Frozen):
    id: str
    kind: EntityKind
    #: Display name (a person's best name, a phone's E.164...).
    caption: str
    properties: dict[str, Any] = Field(default_factory=dict)
    labels: Labels = Labels()
    hub: bool = False


class Link(_Frozen):
    id: str
    kind: LinkKind
    source: str
    target: str
    properties: dict[str, Any] = Field(default_factory=dict)
    labels: Labels = Labels()
