"""Phone numbers in the dozen ways people write them, normalised to E.164.

A candidate is any run shaped like a North American number (optional ``+1``/``1``, area code
with or without parentheses, separators of any kind, or none) or an international ``+``
number; :func:`models.normalise.phone_e164` then decides (possible number, region CA). Digits
glued to other digits or letters are not a phone (an order number, a file number).
"""

from __future__ import annotations

import re

from models.normalise import DIGIT_WORDS, phone_e164, spelt_digits
from models.vocabulary import MentionKind
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.phone"
#: 1.1: an extension kept on the mention ("x 2231", « poste 4410 »), bullets between groups, digits spaced one by one
#: in an ad ("4 3 8 - 5 5 5 - 0 1 2 6"). 1.2: digits spelt out in words, the last four digits in two groups of two.
#: 1.3: words and digits mixed ("647 five five five 0 one two nine"), dashes between the last groups of two ("01-98"),
#: long dashes between digits spaced one by one.
EXTRACTOR_VERSION = "1.5"  # 1.4: letters for digits in a phone's shape ("6I3.555.OI8I"); 1.5: groups between commas
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

_SEP = r"[ \u00a0.\-•·]?"
_NANP = re.compile(
    # the last four digits in one group, or in two of two as French writes them ("204 555 01 58")
    rf"(?<![\w+@/=&.\-])(?:\+?1{_SEP})?(?:\(\d{{3}}\){_SEP}?|\d{{3}}(?:{_SEP}|/))\d{{3}}{_SEP}(?:\d{{4}}|\d\d[ \u00a0.\-]\d\d)"
    r"(?![\w@\-/]|\.\d)"
)
#: A number spelt out digit by digit in words ("eight oh seven, five five five, oh one five nine", « cinq un quatre »).
_DIGIT_WORD = "|".join(sorted((re.escape(w) for w in DIGIT_WORDS), key=len, reverse=True))
_SPELT = re.compile(rf"(?i)(?<![\w\-])(?:{_DIGIT_WORD})(?:[ \u00a0,\-]+(?:{_DIGIT_WORD})){{9,10}}(?![\w\-])")
#: An extension after the number, kept with it: "x 2231", "ext. 214", « poste 4410 ».
_EXTENSION = re.compile(
    r"(?i)[ \u00a0]*,?[ \u00a0]*(?:(?:ext\.?|poste|p\.)[ \u00a0]*(?P<ext>\d{1,6})|x[ \u00a0]*(?P<x>\d{2,6}))(?![\w\-])"
    r"(?![ \u00a0]+(?:times|fois|nights?|nuits?|days?|jours?)\b)")  # "called 416 555 0142 x2 times" has none
#: Ten or eleven digits written one by one with spaces or marks between them, as ads do to escape filters
#: ("4 3 8 - 5 5 5 - 0 1 2 6", "6.4.7.5.5.5.0.1.3.3").
_SPACED = re.compile(r"(?<![\w+@/=&.\-])(?:1[ \u00a0.\-]+)?\d(?:[ \u00a0]*[ \u00a0.\-•·–—][ \u00a0]*\d){9}(?![\w\-]|[ \u00a0.\-]+\d)")
#: Words and digits mixed ("647 five five five 0 one two nine"): read where the words and groups make ten or eleven digits.
_MIXED = re.compile(rf"(?i)(?<![\w\-])(?:\d{{1,4}}|{_DIGIT_WORD})(?:[ \u00a0,\-]+(?:\d{{1,4}}|{_DIGIT_WORD})){{3,12}}(?![\w\-])")
_INTERNATIONAL = re.compile(r"(?<![\w+@/=&.\-])\+(?!1\b)\d{1,3}(?:[ \u00a0.\-]?\(?\d{1,4}\)?){2,5}(?![\w@\-]|\.\d)")
#: Words before a number that say it is a phone (raise confidence) ...
_PHONE_CUE = re.compile(
    r"(?i)(?:phone|cell|tel|t[ée]l[ée]phone|calls?|appels?|num[ée]ro|contact|text|texto|sms|listing|annonce)\b"
)


#: A number written with letters for digits, as escort ads do to beat filters ("6I3.555.OI8I", « 514-555-O155 »):
#: O for 0, I and l for 1, in a phone's shape with separators.
_LETTERS_FOR_DIGITS = re.compile(r"(?<![\w\-.])\(?[0-9OIl]{3}\)?[ \u00a0.\-][0-9OIl]{3}[ \u00a0.\-][0-9OoIl]{4}(?![\w\-])")
_AS_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
#: A number said in its three groups with commas, as a read-out script writes it ("call her at 705, 555, 0124").
_COMMA_GROUPS = re.compile(r"(?<![\w\-,])\d{3},[ \u00a0]\d{3},[ \u00a0]\d{4}(?![\w\-]|,[ \u00a0]*\d)")


def find(text: str) -> list[Span]:
    """Every phone number in ``text``, with its E.164 value."""
    found: list[Span] = []
    taken: set[tuple[int, int]] = set()
    for pattern in (_NANP, _INTERNATIONAL, _SPACED, _SPELT, _MIXED, _LETTERS_FOR_DIGITS, _COMMA_GROUPS):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            written = match.group(0)
            if pattern is _MIXED:
                digits = spelt_digits(written)
                if digits is None or len(digits) not in (10, 11) or written.isdigit() or not any(c.isdigit() for c in written) \
                        or not any(c.isalpha() for c in written):
                    continue
                written = digits
            if pattern is _LETTERS_FOR_DIGITS:
                if sum(c.isdigit() for c in written) < 6 or not any(c in "OoIl" for c in written):
                    continue  # mostly letters: a word, not a number
                written = written.translate(_AS_DIGITS)
            if pattern is _COMMA_GROUPS:
                written = re.sub(r"\D", "", written)
            value = phone_e164(written)
            if value is None:
                continue
            cue = _PHONE_CUE.search(text, max(0, start - 40), start) is not None
            attrs = {}
            extension = _EXTENSION.match(text, end) if pattern is _NANP or pattern is _INTERNATIONAL else None
            if extension is not None:
                end, attrs = extension.end(), {"extension": extension.group("ext") or extension.group("x")}
            taken.add((start, end))
            found.append(make_span(text, start, end, MentionKind.PHONE, EXTRACTOR, value=value,
                                   confidence=(0.99 if cue else 0.95) if pattern in (_NANP, _INTERNATIONAL) else 0.85, attrs=attrs))
    return found
