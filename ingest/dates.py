"""Date parsing per format, never guessed silently.

Each field has a declared layout (``MDY`` for mpr, ``DMY`` for sfx, ISO for mcm). A value in
that layout that names no real day raises :class:`ImpossibleDateError`: that rejects the record
when the date is the record's own (its report date), but a *subject's* date of birth is read with
:func:`subject_date`, which keeps an impossible one as written (a mistyped ``2009-13-41`` must
not take a missing-person report out of the graph). A value that does not fit the declared
layout, or fits only when read the other way round (a clerk's DD/MM in an MM/DD column), is
*ambiguous*: the caller keeps the raw text and no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from ingest.errors import ImpossibleDateError, RejectError

Layout = Literal["MDY", "DMY", "ISO"]

_SLASHED = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ParsedDate:
    """The outcome for one date field: a date, or the raw text when it was ambiguous."""

    value: date | None
    raw: str | None
    ambiguous: bool = False


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(raw: str | None, layouts: tuple[Layout, ...], *, field: str) -> ParsedDate:
    """Parse ``raw`` in one of the declared ``layouts``.

    Empty gives no date. A value impossible in every reading raises. A value readable only in
    an undeclared order, or in no known shape, is returned as ambiguous with its raw text.
    """
    if raw is None or not raw.strip():
        return ParsedDate(None, None)
    parsed = _read_date(raw, layouts)
    if parsed is None:
        raise ImpossibleDateError(f"{field}: impossible date {raw!r}")
    return parsed


@lru_cache(maxsize=8192)
def _read_date(raw: str, layouts: tuple[Layout, ...]) -> ParsedDate | None:
    """The reading of a non-blank ``raw`` (None when impossible), without the field name.

    Pure, and exports repeat the same dates (birth dates of the same people, the same days), so
    the answer is cached; the outcome is immutable and safe to share. The cache is bounded so
    a hostile export of ever-new strings cannot grow it.
    """
    text = raw.strip()
    iso = _ISO_DATE.match(text)
    if iso:
        y, m, d = int(iso[1]), int(iso[2]), int(iso[3])
        if "ISO" in layouts:
            value = _real(y, m, d)
            return None if value is None else ParsedDate(value, None)
        return ParsedDate(None, raw, ambiguous=True)
    slashed = _SLASHED.match(text)
    if slashed:
        a, b, y = int(slashed[1]), int(slashed[2]), int(slashed[3])
        mdy, dmy = _real(y, a, b), _real(y, b, a)
        if mdy is None and dmy is None:
            return None
        if "MDY" in layouts and mdy is not None:
            return ParsedDate(mdy, None)
        if "DMY" in layouts and dmy is not None:
            return ParsedDate(dmy, None)
        # Real only when read in an order this field does not declare: keep it raw.
        return ParsedDate(None, raw, ambiguous=True)
    return ParsedDate(None, raw, ambiguous=True)


def subject_date(raw: str | None, layouts: tuple[Layout, ...], *, field: str) -> tuple[ParsedDate, str | None]:
    """A subject's date (of birth): the date, or the raw text and what is wrong with it.

    Never raises for the value itself: an impossible date (``1860-81-01``) or one that is
    unreadable or ambiguous in the declared layouts comes back as ``ParsedDate(None, raw)`` with
    the problem, so the record is kept with the field as written and left out of matching.
    """
    try:
        parsed = parse_date(raw, layouts, field=field)
    except ImpossibleDateError:
        return ParsedDate(None, raw), f"impossible date (expected {'/'.join(layouts)})"
    if parsed.ambiguous:
        return parsed, f"unreadable or ambiguous date (expected {'/'.join(layouts)})"
    return parsed, None


def parse_required_date(raw: str | None, layouts: tuple[Layout, ...], *, field: str) -> date:
    """Like :func:`parse_date` for a field the record cannot do without."""
    parsed = parse_date(raw, layouts, field=field)
    if parsed.value is None:
        if parsed.raw is None:
            raise RejectError(f"{field}: missing")
        raise RejectError(f"{field}: unreadable date {raw!r} (expected {'/'.join(layouts)})")
    return parsed.value


def parse_timestamp(raw: str | None, *, field: str, required: bool = True) -> datetime | None:
    """ISO-8601 date-time, with or without an offset (mcm ``opened``, mpr ``UPDATED_AT``)."""
    if raw is None or not str(raw).strip():
        if required:
            raise RejectError(f"{field}: missing")
        return None
    text = str(raw).strip()
    try:
        return _read_timestamp(text)
    except ValueError:
        # An ISO shape with impossible fields is impossible; anything else is unreadable.
        if _ISO_PREFIX.match(text):
            raise ImpossibleDateError(f"{field}: impossible timestamp {raw!r}") from None
        raise RejectError(f"{field}: unreadable timestamp {raw!r}") from None


@lru_cache(maxsize=4096)
def _read_timestamp(text: str) -> datetime:
    """``datetime.fromisoformat`` with ``Z`` read as UTC; pure, immutable result, bounded cache."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def birth_year_from_age(age_raw: str | None, reference: date) -> int | None:
    """An age in years at ``reference`` becomes an estimated birth year (±1); raises for an age
    that is no number of years or an impossible one (see :func:`subject_age`)."""
    year, problem = subject_age(age_raw, reference)
    if problem is not None:
        raise RejectError(f"AGE: {problem} {age_raw!r}")
    return year


def subject_age(age_raw: str | None, reference: date) -> tuple[int | None, str | None]:
    """An age in years at ``reference`` as an estimated birth year, or no year and what is wrong
    with the age (kept as written by the caller, never a reason to reject the record)."""
    if age_raw is None or not age_raw.strip():
        return None, None
    text = age_raw.strip()
    if not text.isdigit():
        return None, "not a number of years"
    age = int(text)
    if age > 120:
        return None, "impossible age"
    return reference.year - age, None
