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
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from models.graph import Mention
from models.vocabulary import MentionKind

__all__ = ["PRIORITY", "ExtractorId", "Occupancy", "Span", "make_span", "occurrences", "overlaps", "resolve_overlaps"]


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


def occurrences(text: str, needle: str, *, ignore_case: bool = False,
                before: str = "", after: str = "") -> Iterator[tuple[int, int]]:
    """Where ``needle`` stands in ``text`` as a whole token: no letter, digit or character of ``before`` just
    before it, none of ``after`` just after. A plain string search, so that finding again what a text has already
    named (a plate, a handle, a hotel) compiles no pattern per name: the ``re`` module's cache would be flushed."""
    if not needle:
        return
    haystack, wanted = (text.lower(), needle.lower()) if ignore_case else (text, needle)
    if len(haystack) != len(text):  # a letter whose lower case is longer would shift every offset
        haystack, wanted = text, needle
    i = haystack.find(wanted)
    while i >= 0:
        end = i + len(wanted)
        prev = text[i - 1] if i else ""
        nxt = text[end] if end < len(text) else ""
        if not (prev.isalnum() or prev == "_" or (prev and prev in before)) and not (
                nxt.isalnum() or nxt == "_" or (nxt and nxt in after)):
            yield i, end
        i = haystack.find(wanted, i + 1)


class Occupancy:
    """Which characters of a text a mention already covers: an overlap test in the length of the span, however many
    mentions a long text has."""

    def __init__(self, text: str, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._taken = bytearray(len(text) + 1)
        for start, end in spans:
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)
