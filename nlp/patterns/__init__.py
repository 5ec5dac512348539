"""Pattern extractors: what statistical NER does poorly, found by shape.

One module per kind of value, each with its own ``EXTRACTOR_NAME`` and ``EXTRACTOR_VERSION``
and a ``find(text) -> list[Span]`` (a :class:`~nlp.spans.Span` is a mention not yet made
final). They are language-independent (every narrative gets both English and French patterns:
services mix languages within one text) and they overlap freely;
:func:`nlp.spans.resolve_overlaps` settles overlaps once everything is found.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog

from nlp.patterns import addresses, aliases, dates, emails, handles, organisations, phones, places, plates
from nlp.spans import Span

__all__ = ["FINDERS", "find_all"]

log = structlog.get_logger(__name__)

#: Every pattern extractor, in a fixed order (the result does not depend on it).
FINDERS: tuple[Callable[[str], list[Span]], ...] = (
    emails.find, phones.find, handles.find, plates.find, addresses.find, places.find, dates.find,
    organisations.find, aliases.find,
)


def find_all(text: str) -> list[Span]:
    """Every pattern mention in ``text``, overlaps not yet resolved.

    A finder that fails on some input is logged and skipped, so one bug costs one kind of
    mention in one narrative, not the batch (the tests fuzz every finder to keep this moot).
    """
    found: list[Span] = []
    for finder in FINDERS:
        try:
            found.extend(finder(text))
        except Exception:  # pragma: no cover - defensive: hostile input must never stop ingestion
            log.exception("nlp.finder_failed", finder=finder.__module__, chars=len(text))
    return found
