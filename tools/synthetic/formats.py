"""How values are written: phones in a dozen styles, plates, postal codes and dates.

Sources write the same number or date many ways; the generator must too, or the parsers
would only ever be tested on the easy form. Canonical forms (E.164, ``ABCD 123``) are what
the ground truth records.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from typing import Final

#: Phone layouts, as ``str.format`` templates over area code ``a``, exchange ``x`` and line ``n``.
PHONE_STYLES: Final = (
    "{a}-{x}-{n}",
    "({a}) {x}-{n}",
    "{a} {x}-{n}",
    "{a}.{x}.{n}",
    "{a}{x}{n}",
    "1-{a}-{x}-{n}",
    "+1 {a} {x} {n}",
    "+1-{a}-{x}-{n}",
    "+1{a}{x}{n}",
    "{a} {x} {n}",
    "1 ({a}) {x}-{n}",
    "({a}){x}-{n}",
    "{a}/{x}-{n}",
)
#: Relative frequency of each layout: the common ones dominate, as in real exports.
PHONE_WEIGHTS: Final = (14, 12, 11, 9, 8, 8, 10, 3, 3, 4, 3, 2, 1)

PLATE_LETTERS: Final = "ABCDEFGHJKLMNPRSTVWXYZ"
_POSTAL_LETTERS: Final = "ABCEGHJKLMNPRSTVXY"  # Canada Post never uses D F I O Q U

MONTHS_EN: Final = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
MONTHS_FR: Final = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre",
)


def e164(area: str, line: int) -> str:
    """The canonical form of the fictional number ``area-555-01<line>`` (line 0..99)."""
    return f"+1{area}55501{line:02d}"


def write_phone(value: str, rng: random.Random) -> str:
    """Write an E.164 number the way some clerk would type it."""
    digits = value.removeprefix("+1")
    style = rng.choices(PHONE_STYLES, weights=PHONE_WEIGHTS)[0]
    return style.format(a=digits[:3], x=digits[3:6], n=digits[6:])


def phone_value(text: str) -> str:
    """Normalise any written phone back to E.164 (used by checks, not by the generator)."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10:
        digits = "1" + digits
    return "+" + digits


def new_plate(rng: random.Random) -> str:
    """A plate in canonical form: four letters, a space, three digits."""
    letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(4))
    return f"{letters} {rng.randrange(1000):03d}"


def write_plate(plate: str, rng: random.Random, *, p_no_space: float = 0.25) -> str:
    """Officers drop the space about a quarter of the time."""
    return plate.replace(" ", "") if rng.random() < p_no_space else plate


def new_postal(rng: random.Random, prefix: str) -> str:
    """A well-formed postal code (``A1A 1A1``) whose first letter (and digit) fit the city."""
    first = prefix[0]
    digit = prefix[1] if len(prefix) > 1 else str(rng.randrange(10))
    return (f"{first}{digit}{rng.choice(_POSTAL_LETTERS)} "
            f"{rng.randrange(10)}{rng.choice(_POSTAL_LETTERS)}{rng.randrange(10)}")


def eastern_offset(when: datetime) -> str:
    """UTC offset of Ontario local time: daylight time from the 2nd Sunday of March to the 1st of November.

    Computed here rather than with zoneinfo so output never depends on the host's tz database.
    """
    year = when.year
    march = date(year, 3, 8)
    dst_start = march + timedelta(days=(6 - march.weekday()) % 7)
    november = date(year, 11, 1)
    dst_end = november + timedelta(days=(6 - november.weekday()) % 7)
    return "-04:00" if dst_start <= when.date() < dst_end else "-05:00"


def iso_with_offset(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S") + eastern_offset(when)


def mdy(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def long_en(day: date, rng: random.Random) -> str:
    """An English date as narratives write it (several habits)."""
    month = MONTHS_EN[day.month - 1]
    style = rng.randrange(4)
    if style == 0:
        return f"{month} {day.day}, {day.year}"
    if style == 1:
        return f"{month} {day.day:02d}, {day.year}"
    if style == 2:
        return f"{day.day} {month} {day.year}"
    return f"{month[:3]}. {day.day}"


def long_fr(day: date, rng: random.Random) -> str:
    """A French date: « 5 juin 2025 », « 1er avril », or short numeric."""
    month = MONTHS_FR[day.month - 1]
    first = "1er" if day.day == 1 else str(day.day)
    style = rng.randrange(3)
    if style == 0:
        return f"{first} {month} {day.year}"
    if style == 1:
        return f"{first} {month}"
    return dmy(day)


def swap_day_month(day: date) -> date | None:
    """The date a clerk gets by swapping day and month, when that is still a real date."""
    if day.day > 12 or day.day == day.month:
        return None
    return date(day.year, day.day, day.month)
