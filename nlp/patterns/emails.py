"""E-mail addresses, lower-cased; trailing sentence punctuation is not part of the address."""

from __future__ import annotations

import re

from models.normalise import email_key
from models.vocabulary import MentionKind
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.email"
EXTRACTOR_VERSION = "1.0"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

_EMAIL = re.compile(r"(?<![\w.%+\-])[A-Za-z0-9._%+\-]{1,64}@(?:[A-Za-z0-9\-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w\-@])")


def find(text: str) -> list[Span]:
    found: list[Span] = []
    if "@" not in text:
        return found
    for match in _EMAIL.finditer(text):
        value = email_key(match.group(0))
        if value is not None:
            found.append(make_span(text, match.start(), match.end(), MentionKind.EMAIL, EXTRACTOR, value=value,
                                      confidence=0.98))
    return found
