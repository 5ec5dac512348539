"""Where a report's subject lives, as its narrative states it: "Reported missing from 12 Elm St, Kingston, ON".

Some exports have no address columns (``mpr``): the subject's home is written only in the
narrative, after a cue that says whose address it is ("reported missing from", "resides at",
"lives at", "home address", "last known address"; French « demeurant au », « réside au »,
« adresse : »). Read as an address with its parts apart (line, city, province, postal code), it
is compared with structured addresses the way they are compared with each other
(:func:`graph.build.structured_mentions`): without it, the same person's two reports, one with an
address field and one with the address in prose, share no address evidence at all.

The text after the cue, up to the end of its sentence, is split at commas: a trailing postal code
(a Canadian one, or a 3-to-6-digit code as other countries write them) and a short province or
state code are taken from the end; the first part is the street line when it starts with a civic
number or names a street type, or when two parts are left before a postal code (line, city: the written order); the
one part left is the city. A cue followed by no line and no
postal code ("reported missing from a group home in Sudbury") gives nothing: a city alone is not
a home address, and nothing is guessed. Whose address it is, is for the caller to decide (a record
with one subject: that subject's).

Not one of :data:`nlp.patterns.FINDERS`: it reads the subject's address for person resolution
(like a one-subject report's narrative e-mail), not a mention of its own.
"""

from __future__ import annotations

import re

from models.normalise import fold, postal_code_key
from models.records import Address

EXTRACTOR_NAME = "pattern.residence"
EXTRACTOR_VERSION = "1.0"

_CUE = re.compile(
    r"(?i)\b(?:(?:reported|went|gone|is)\s+missing\s+from|(?:resides|residing|resided|lives|living|lived|staying|stays)\s+at"
    r"|(?:home|last\s+known|usual|current|residential)\s+address(?:\s+(?:is|was))?\s*:?"
    r"|(?:demeurant|domicili[ée]e?|r[ée]sidant|r[ée]side|habite|habitant)\s+(?:au|à\s+l['’]adresse|à|a)"
    r"|(?:signal[ée]e?\s+disparue?\s+(?:du|de))|adresse(?:\s+(?:est|était))?\s*:)[ \t\u00a0]*"
)
#: Words after which a period does not end the sentence ("12 Main St. W").
_ABBREVIATIONS = frozenset({"st", "ste", "ave", "av", "rd", "dr", "blvd", "boul", "cres", "ct", "apt", "app", "mt", "ch", "hwy",
                            "pl", "ln", "terr", "pkwy", "n", "s", "e", "w", "o", "no"})
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n|$")
_WORD_BEFORE = re.compile(r"(\w+)$")
_MAX_CHARS = 160
_CIVIC = re.compile(r"^(?:(?:apt|unit|app|suite)\.?\s*\w+\s*[,/-]?\s*)?\d{1,6}[a-z]?(?:[-/]\d{1,6})?\b", re.IGNORECASE)
_STREET_TYPES = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "drive", "dr", "crescent", "cres", "court", "ct", "lane",
    "ln", "way", "place", "pl", "terrace", "terr", "trail", "parkway", "pkwy", "circle", "square", "highway", "hwy", "close",
    "grove", "parade", "esplanade", "circuit", "rue", "chemin", "boul", "route", "rang", "promenade", "impasse", "allee", "montee",
    "cote", "line", "sideroad",
})
_CA_POSTAL = re.compile(r"(?i)(?:^|\s)([a-z]\d[a-z][ \-]?\d[a-z]\d)$")
_NUMERIC_POSTAL = re.compile(r"(?:^|\s)(\d{3,6})$")
_PROVINCE = re.compile(r"(?i)\(?([a-z]{2,3})\.?\)?|\((qu[ée]bec|ontario|manitoba)\)")
#: Province, territory and state codes (Canada, the United States, Australia): alone after a street line,
#: such a code is the province, not the city.
_REGION_CODES = frozenset({
    "on", "qc", "bc", "ab", "mb", "sk", "ns", "nb", "nl", "pe", "yt", "nt", "nu", "pei", "nfld", "ont", "que", "al", "ak",
    "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi",
    "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn",
    "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc", "nsw", "vic", "qld", "sa", "tas", "act",
})
_PROVINCE_AFTER_CITY = re.compile(r"\s\(?([A-Z]{2})\)?$")


def _sentence(text: str, start: int) -> str:
    """The text from ``start`` to the end of its sentence (a period after an abbreviation does not end it)."""
    window = text[start:start + _MAX_CHARS]
    for end in _SENTENCE_END.finditer(window):
        if end.group(0) == "." and (word := _WORD_BEFORE.search(window, 0, end.start())) and word.group(1).lower() in _ABBREVIATIONS:
            continue
        return window[:end.start()]
    return window  # pragma: no cover - the empty match at the end always ends the loop


def _is_line(part: str, *, alone: bool) -> bool:
    """A street line: it names a street type, or starts with a civic number and is followed by a city or code
    (a number and words alone, "2 days ago", are no address)."""
    if any(w.strip(".") in _STREET_TYPES for w in fold(part).split()[1:]):
        return True
    return not alone and bool(_CIVIC.match(part))


def parse(tail: str) -> Address | None:
    """The address the text after a cue states, or ``None`` when it states no street line and no postal code."""
    parts = [p.strip(" \t\u00a0:") for p in tail.split(",")]
    parts = [p for p in parts if p]
    postal = province = None
    if parts:
        last = parts[-1]
        found = _CA_POSTAL.search(last) or (_NUMERIC_POSTAL.search(last) if len(parts) > 1 else None)
        if found:  # a bare number is a code only beside other parts ("missing from 2019" states a year)
            postal = postal_code_key(found.group(1)) or found.group(1)
            parts[-1] = last[:found.start(1)].strip()
            if not parts[-1]:
                parts.pop()
    line = parts.pop(0) if parts and _is_line(parts[0], alone=len(parts) == 1 and postal is None) else None
    if len(parts) > 1 and (found := _PROVINCE.fullmatch(parts[-1])):  # a city, then a short province or state code
        province = found.group(1) or found.group(2)
        parts.pop()
    elif len(parts) == 1 and fold(parts[0]).strip("().") in _REGION_CODES:  # "12 Elm St, ON, K7L 3N6": no city
        province = parts.pop().strip("().")
    elif len(parts) == 1 and (found := _PROVINCE_AFTER_CITY.search(parts[0])):  # "Kingston ON": a city, then a capital code
        province = found.group(1)
        parts[0] = parts[0][:found.start()].strip()
    if line is None and postal is not None and len(parts) == 2:
        line = parts.pop(0)  # "studley steet, riverwood, 4869": a street (its type mistyped), the city, the code
    if line is None and postal is None:
        return None
    # One part left is the city; more is not an address this reader can take apart: the line and code stay.
    city = parts[0] if len(parts) == 1 else None
    return Address(line=line, city=city, province=province, postal=postal)


def subject_addresses(text: str) -> list[Address]:
    """Every address ``text`` states as where its subject lives or went missing from, in order, without repeats."""
    if not text:
        return []
    out: list[Address] = []
    for cue in _CUE.finditer(text):
        address = parse(_sentence(text, cue.end()))
        if address is not None and address not in out:
            out.append(address)
    return out
