"""Phone numbers in the dozen ways people write them, normalised to E.164.

A candidate is any run shaped like a North American number (optional ``+1``/``1``, area code
with or without parentheses, separators of any kind, or none) or an international ``+``
number; :func:`models.normalise.phone_e164` then decides (possible number, region CA). Digits
glued to other digits or letters are not a phone (an order number, a file number).
"""

from __future__ import annotations

import re

from models.normalise import phone_e164
from models.vocabulary import MentionKind
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.phone"
EXTRACTOR_VERSION = "1.0"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

_SEP = r"[ \u00a0.\-]?"
_NANP = re.compile(
    rf"(?<![\w+@/=&.\-])(?:\+?1{_SEP})?(?:\(\d{{3}}\){_SEP}?|\d{{3}}(?:{_SEP}|/))\d{{3}}{_SEP}\d{{4}}(?![\w@\-/]|\.\d)"
)
_INTERNATIONAL = re.compile(r"(?<![\w+@/=&.\-])\+(?!1\b)\d{1,3}(?:[ \u00a0.\-]?\(?\d{1,4}\)?){2,5}(?![\w@\-]|\.\d)")
#: Words before a number that say it is a phone (raise confidence) ...
_PHONE_CUE = re.compile(
    r"(?i)(?:phone|cell|tel|t[ée]l[ée]phone|calls?|appels?|num[ée]ro|contact|text|texto|sms|listing|annonce)\b"
)


def find(text: str) -> list[Span]:
    """Every phone number in ``text``, with its E.164 value."""
    found: list[Span] = []
    taken: set[tuple[int, int]] = set()
    for pattern in (_NANP, _INTERNATIONAL):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            value = phone_e164(match.group(0))
            if value is None:
                continue
            cue = _PHONE_CUE.search(text, max(0, start - 40), start) is not None
            taken.add((start, end))
            found.append(make_span(text, start, end, MentionKind.PHONE, EXTRACTOR, value=value,
                                      confidence=0.99 if cue else 0.95))
    return found
