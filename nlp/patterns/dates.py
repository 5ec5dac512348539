"""Dates written in English or French prose, with an ISO value when the date is unambiguous.

``February 14, 2025``, ``Feb. 14``, ``14 February 2025``, ``13 janvier 2026``, ``1er juin``,
``2025-02-14``. A date without a year has the value ``--MM-DD`` (ISO 8601's form for a day of
an unnamed year). A slashed date (``03/04/2025``) is a mention but its value is given only when
only one reading is a real date: the order differs between services and is never guessed.
A month and day that name no real day (``February 30``) are not a date.
"""

from __future__ import annotations

import re
from datetime import date

from models.vocabulary import MentionKind
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.date"
EXTRACTOR_VERSION = "1.0"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

_EN_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_FR_MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}


_S = r"[ \u00a0]+"
#: Dates are found from their day: a number of one or two digits standing alone (few in a
#: narrative: phone and civic numbers are longer), then a month word before or after it,
#: checked against the month tables. Much cheaper than trying every word as a month.
_DAY = re.compile(r"(?<![\w:/.\-])(?P<day>\d{1,2})(?P<suffix>er|st|nd|rd|th)?(?![\w:/\-]|\.\d)")
_MONTH_BEFORE = re.compile(rf"(?<![\w])(?P<month>[A-Za-zÀ-ÿ]{{3,9}})\.?{_S}$")
_MONTH_AFTER = re.compile(rf"{_S}(?:of{_S})?(?P<month>[A-Za-zÀ-ÿ]{{3,9}})(?P<dot>\.)?(?![\w])")
_YEAR_AFTER = re.compile(rf",?{_S}(?P<year>(?:19|20)\d\d)(?![\w])")
_DIGIT = re.compile(r"\d")
_ISO = re.compile(r"(?<![\w\-/])(?P<year>(?:19|20)\d\d)-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\w\-/]|\.\d)")
_SLASHED = re.compile(r"(?<![\w\-/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)(?![\w\-/]|\.\d)")


def _day(year: int | None, month: int, day: int) -> str | None:
    try:
        probe = date(year if year is not None else 2000, month, day)  # 2000 is a leap year: 29 Feb is a real day
    except ValueError:
        return None
    return probe.isoformat() if year is not None else f"--{month:02d}-{day:02d}"


def _month(word: str, *, day_first: bool) -> int | None:
    """The month a word names: French after a day (``13 janvier``), English when capitalised.

    Lower-case English is refused: "may 3" is more often the verb than the month.
    """
    lower = word.lower()
    if day_first and lower in _FR_MONTHS:
        return _FR_MONTHS[lower]
    if word[:1].isupper() and lower in _EN_MONTHS:
        return _EN_MONTHS[lower]
    return None


def find(text: str) -> list[Span]:
    found: list[Span] = []
    if not _DIGIT.search(text):
        return found
    for day_match in _DAY.finditer(text):
        day = int(day_match.group("day"))
        suffix = day_match.group("suffix")
        start, end = day_match.span()
        month: int | None = None
        before = _MONTH_BEFORE.search(text, max(0, start - 12), start) if suffix != "er" else None
        if before is not None:  # "March 3", "Feb. 3rd"
            month = _month(before.group("month"), day_first=False)
            if month is not None:
                start = before.start()
        if month is None:  # "3 March", "13 janvier", "1er juin"
            after = _MONTH_AFTER.match(text, end)
            if after is None:
                continue
            month = _month(after.group("month"), day_first=True)
            if month is None:
                continue
            end = after.end()
        year_match = _YEAR_AFTER.match(text, end)
        year = int(year_match.group("year")) if year_match else None
        if year_match:
            end = year_match.end()
        value = _day(year, month, day)
        if value is not None:
            found.append(make_span(text, start, end, MentionKind.DATE, EXTRACTOR, value=value,
                                   confidence=0.95 if year else 0.85, attrs={"iso": value}))
    for match in _ISO.finditer(text) if "-" in text else ():
        value = _day(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        if value is not None:
            found.append(make_span(text, match.start(), match.end(), MentionKind.DATE, EXTRACTOR, value=value,
                                      confidence=0.97, attrs={"iso": value}))
    for match in _SLASHED.finditer(text) if ("/" in text or "." in text) else ():
        year, a, b = int(match.group("year")), int(match.group("a")), int(match.group("b"))
        readings = {v for v in (_day(year, a, b), _day(year, b, a)) if v is not None}
        if not readings:
            continue
        value = readings.pop() if len(readings) == 1 else None
        found.append(make_span(text, match.start(), match.end(), MentionKind.DATE, EXTRACTOR, value=value,
                                  confidence=0.9 if value else 0.6,
                                  attrs={"iso": value} if value else {"ambiguous": "day-month"}))
    return found
