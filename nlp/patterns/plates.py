"""Ontario licence plates, normalised to ``ABCD 123``.

Four capitals and three digits (the current Ontario shape) stand on their own. The older
three-and-three shape, lower-case writing and hyphens are accepted only where the text says
it is a plate (``plate``, ``plaque``, ``licence``...), since ``HWY 401`` or ``unit 123`` have
the same shape. A few words that often precede a number are never plates without that cue.
"""

from __future__ import annotations

import re

from models.vocabulary import MentionKind
from nlp.normalise import plate_key
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.plate"
EXTRACTOR_VERSION = "1.0"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

_PLATE = re.compile(r"(?<![\w\-])(?P<letters>[A-Za-z]{3,4})[ \u00a0\-]?(?P<digits>\d{3})(?![\w\-]|\.\d)")
#: A word saying a plate follows, then at most three short words ("plate number was", "plaque d'immatriculation").
_CUE = re.compile(
    r"(?i)\b(?:plates?|plaques?|licen[cs]e|immatricul\w*|tags?|marker|plated)\b"
    r"(?:[\s:#,'’\-]+(?:no\.?|[^\W\d]{1,15})){0,3}[\s:#,.\-]*$"
)
_NOT_PLATES = frozenset({
    "HWY", "RTE", "APT", "APP", "UNIT", "ROOM", "SUITE", "PAGE", "FILE", "CASE", "CALL", "CELL", "TEL", "EXT",
    "ROAD", "ROUTE", "BUS", "CODE", "YEAR", "AGE", "AGED", "FROM", "WITH", "AND", "THE", "FOR", "SUR", "AVEC",
    "DANS", "POUR", "PAR", "RUE", "BOX", "LOT", "NO", "NUM", "REF", "TPS", "OPP", "PPO", "GRC", "RCMP",
})


def find(text: str) -> list[Span]:
    found: list[Span] = []
    for match in _PLATE.finditer(text):
        letters, digits = match.group("letters"), match.group("digits")
        start, end = match.span()
        cue = _CUE.search(text, max(0, start - 40), start) is not None
        upper = letters.isupper()
        shaped = upper and len(letters) == 4 and "-" not in match.group(0)
        if not cue and (not shaped or letters in _NOT_PLATES):
            continue
        if cue and not upper and letters.upper() in _NOT_PLATES:
            continue
        value = plate_key(letters + digits)
        if value is None:
            continue
        confidence = 0.98 if cue and shaped else 0.9 if cue or shaped else 0.7
        found.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=confidence))
    return found
