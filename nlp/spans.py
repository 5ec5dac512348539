"""Mentions as spans: how extractors build them and how overlaps are settled.

Extractors propose many more spans than survive (every name-shaped run, every quoted word), so
candidates are light :class:`Span` tuples with the fields of a :class:`~models.graph.Mention`;
only the survivors become mentions, at the end (:meth:`Span.to_mention`).

Several extractors look at the same text; where their spans overlap, exactly one survives, and
always the same one whatever order the extractors ran in: a kind's priority first (a phone
beats a date, a hotel beats a person, an organisation beats a person), then the longer span,
then the higher confidence, then the earlier start.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from models.graph import Mention
from models.vocabulary import MentionKind

__all__ = ["PRIORITY", "ExtractorId", "Span", "make_span", "overlaps", "resolve_overlaps"]


class ExtractorId(NamedTuple):
    """An extractor's name and version, as recorded on every mention it makes."""

    name: str
    version: str


class Span(NamedTuple):
    """A candidate mention: the fields of :class:`~models.graph.Mention`, cheap to make and drop."""

    kind: MentionKind
    text: str
    start: int
    end: int
    value: str | None
    extractor: str
    extractor_version: str
    confidence: float
    subject_id: str | None
    attrs: dict[str, str]

    def to_mention(self) -> Mention:
        """The final, validated mention (pydantic's validation is faster than its unvalidated construct)."""
        return Mention.model_validate(self._asdict())


#: Higher wins an overlap. Patterns with precise shapes come first; names last, since a
#: capitalised word inside a hotel, an address or an organisation is part of that, not a person.
PRIORITY: Mapping[MentionKind, int] = {
    MentionKind.EMAIL: 100,
    MentionKind.PHONE: 95,
    MentionKind.HANDLE: 90,
    MentionKind.PLATE: 85,
    MentionKind.POSTAL_CODE: 80,
    MentionKind.ADDRESS: 75,
    MentionKind.HOTEL: 70,
    MentionKind.DATE: 65,
    MentionKind.ORGANISATION: 60,
    MentionKind.ALIAS: 55,
    MentionKind.CITY: 50,
    MentionKind.PERSON: 40,
}


def make_span(text: str, start: int, end: int, kind: MentionKind, extractor: ExtractorId, *,
              value: str | None = None, confidence: float = 1.0, subject_id: str | None = None,
              attrs: Mapping[str, str] | None = None) -> Span:
    """A candidate for ``text[start:end]``: the span text is always cut from the narrative itself."""
    return Span(kind, text[start:end], start, end, value, extractor.name, extractor.version, round(float(confidence), 3),
                subject_id, dict(attrs) if attrs else {})


def overlaps(a: Span | Mention, b: Span | Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _rank(m: Span) -> tuple[int, int, float, int, str, str]:
    return (-PRIORITY.get(m.kind, 0), -(m.end - m.start), -m.confidence, m.start, m.kind.value, m.value or "")


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """The non-overlapping spans that win, in text order. Identical duplicates collapse."""
    kept: list[Span] = []
    starts: list[int] = []  # kept spans never overlap, so sorting by start sorts by end too
    ends: list[int] = []
    for m in sorted(spans, key=_rank):
        if m.end <= m.start:
            continue
        i = bisect_right(starts, m.start)
        if (i > 0 and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.end):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end, m.kind.value))
