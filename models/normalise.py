"""Normalisers: one key per real-world value, whichever way a clerk or a narrative wrote it.

The same functions serve structured fields (a subject's phone column) and narrative mentions
(a phone in another record's free text), so the two meet at one key in the graph. Every
normaliser either returns a key or ``None`` ("this is not a value of that kind"); none raises
on hostile input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

__all__ = [
    "address_key",
    "email_key",
    "fold",
    "handle_key",
    "phone_e164",
    "place_key",
    "plate_key",
    "postal_code_key",
]

#: Longer than any real phone number written with separators: not worth parsing.
_MAX_PHONE_CHARS = 40
_NANP_NATIONAL = re.compile(r"^[2-9]\d{2}[2-9]\d{6}$")
#: ``905-555-0106``, ``(905) 555 0106``, ``905/555-0106``, ``+1 905.555.0106``, ``19055550106``: ten
#: digits, or eleven after a 1.
_NANP_WRITTEN = re.compile(r"^(?:\+?1[ .\-]?)?(?:\(\d{3}\)[ .\-]?|\d{3}[ ./\-]?)\d{3}[ .\-]?\d{4}$")
#: A French extension (« 450 555-0122 poste 4410 », "p. 22") written as the parser reads one ("ext. 4410"), and
#: bullets between groups (an ad's "705•555•0196") as spaces.
_FRENCH_EXTENSION = re.compile(r"(?i)[ \u00a0]*,?[ \u00a0]*(?:poste|p\.)[ \u00a0]*(\d{1,6})$")
_BULLETS = str.maketrans({"•": " ", "·": " ", "∙": " "})
#: Digits spelt out, in English and French (a caller reading a number aloud, an ad slipping past a filter).
DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9",
    "zéro": "0", "un": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "sept": "7", "huit": "8", "neuf": "9",
}
_SPELT_SEPARATORS = re.compile(r"[\s,\-]+")


def spelt_digits(raw: str) -> str | None:
    """The digits of a number spelt out word by word ("eight oh seven, five five five, oh one five nine", « huit-un-neuf,
    cinq-cinq-cinq »), groups of digits among the words kept as written ("647 five five five 0 one two nine"), or
    ``None`` if any word is no digit's."""
    parts = [p for p in _SPELT_SEPARATORS.split(raw.strip().lower()) if p]
    if not parts or any(p not in DIGIT_WORDS and not (p.isascii() and p.isdigit()) for p in parts):
        return None
    return "".join(DIGIT_WORDS.get(p, p) for p in parts)


@lru_cache(maxsize=1 << 16)
def phone_e164(raw: str, region: str = "CA") -> str | None:
    """The E.164 form of a phone number, or ``None`` when it cannot be a full number.

    A *possible* number is enough (right length for its country): the synthetic worlds, like
    TV and training material, use the reserved 555-01xx numbers, which are not *valid*
    numbers. A number that is possible only as a local number (seven digits without an area
    code) is refused: it would not be a key. For North American numbers the area code and
    exchange must not start with 0 or 1, which no dialable number does. Kept for the last 65,536 numbers asked
    (a pure function, asked for every phone of every record at every graph build).
    """
    text = _FRENCH_EXTENSION.sub(r" ext. \1", raw.strip().translate(_BULLETS))
    if text[:1].isalpha():
        text = spelt_digits(text) or text
    if not text or len(text) > _MAX_PHONE_CHARS or not any(ch.isdigit() for ch in text):
        return None
    if region == "CA" and _NANP_WRITTEN.match(text):
        # The common case, decided without the full parser (same answer: tested).
        digits = "".join(ch for ch in text if ch.isdigit())
        national = digits[1:] if len(digits) == 11 else digits
        return f"+1{national}" if _NANP_NATIONAL.match(national) else None
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return None
    if number.country_code == 1 and not _NANP_NATIONAL.match(str(number.national_number)):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


_PLATE_SHAPES = (
    (re.compile(r"^([A-Z]{4})(\d{3})$"), "{} {}"),  # current Ontario passenger plates
    (re.compile(r"^([A-Z]{3})(\d{3})$"), "{} {}"),  # older Ontario passenger plates
    (re.compile(r"^([A-Z]{2})(\d{5})$"), "{} {}"),  # commercial
)
_PLATE_RAW = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{0,9}$")


def plate_key(raw: str) -> str | None:
    """An Ontario plate as ``ABCD 123``: upper case, one space between letters and digits.

    Known Ontario shapes get their canonical space; any other short alphanumeric plate
    (vanity plates, other provinces) is kept upper case without separators, so two spellings
    of it still meet. Anything else is not a plate.
    """
    text = raw.strip()
    if not _PLATE_RAW.match(text):
        return None
    compact = re.sub(r"[\s\-]", "", text).upper()
    if not 2 <= len(compact) <= 8 or not any(ch.isdigit() for ch in compact):
        return None
    for shape, layout in _PLATE_SHAPES:
        found = shape.match(compact)
        if found:
            return layout.format(*found.groups())
    return compact


_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$")


def email_key(raw: str) -> str | None:
    """An e-mail address in lower case (``mailto:`` and angle brackets dropped), or ``None``."""
    text = raw.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.rstrip(".")
    if not _EMAIL.match(text) or ".." in text:
        return None
    return text.lower()


#: Platforms whose users are written with a leading ``@`` (the truth data writes Instagram
#: handles as ``@flex57`` and Snapchat usernames bare, as the platforms themselves do).
AT_PLATFORMS = frozenset({"instagram", "tiktok", "twitter", "x", "threads", "telegram", "kik"})


def handle_key(raw: str, platform: str | None = None) -> str:
    """A social-media handle as the platform writes it: case-folded, ``@`` only where it belongs.

    With a known platform the ``@`` follows the platform's convention, so ``flex57`` named
    on Instagram and a structured ``@flex57`` meet. Without one, the ``@`` is kept as
    written. Accents are kept (``josée_567`` is written that way in the sources).
    """
    text = unicodedata.normalize("NFC", raw.strip()).casefold()
    bare = text.lstrip("@").strip()
    at = platform.strip().casefold() in AT_PLATFORMS if platform is not None else text.startswith("@")
    return f"@{bare}" if at and bare else bare


_POSTAL = re.compile(r"^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])[\s\-]?(\d[ABCEGHJ-NPRSTV-Z]\d)$")


def postal_code_key(raw: str) -> str | None:
    """A Canadian postal code as ``K7L 3N6``, or ``None`` (letters D, F, I, O, Q, U never occur)."""
    found = _POSTAL.match(raw.strip().upper())
    return f"{found.group(1)} {found.group(2)}" if found else None


_SPACES = re.compile(r"\s+")
_FOLD_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
                           "\u00df": "ss", "\u0153": "oe", "\u00e6": "ae", "\u00f8": "o", "\u0142": "l"})


def fold(text: str) -> str:
    """Case-fold, strip accents, unify quotes and dashes, collapse spaces: for names and places.

    ``Rémi`` and ``REMI`` meet; so do ``Sault Ste. Marie`` written with two spaces and with one.
    Compatibility forms are decomposed too (full-width and mathematical letters become plain).
    Names repeat endlessly across narratives, so short strings are cached.
    """
    if len(text) <= _CACHED_FOLD_CHARS:
        return _fold_cached(text)
    return _fold(text)


_CACHED_FOLD_CHARS = 64


@lru_cache(maxsize=1 << 16)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_MAP))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold().translate(_FOLD_MAP)).strip()


def place_key(name: str, city: str | None) -> str:
    """A place (hotel, motel, lodge) by folded name *and* city: two Sunset Motels are two places.

    Without a city the key is the folded name alone, which a later step may attach to a city.
    """
    folded_name = fold(name)
    folded_city = fold(city) if city else ""
    return f"{folded_name}|{folded_city}" if folded_city else folded_name


def address_key(line: str, city: str | None) -> str:
    """A street address by folded line and city, the way structured addresses are keyed."""
    return f"{fold(line)}|{fold(city or '')}"
