"""Street addresses (English and French word order) and Canadian postal codes.

``1316 Bank St Apt 37``, ``1655 King St W``, ``1644 Highway 17 E``, ``978 rue Principale``,
``2978 chemin du Lac app. 36``: a civic number, then either a street name and an English street
type, or a French street type and a name, then an optional direction and unit. The city that
follows after a comma goes into ``attrs["city"]`` (and is a CITY mention); the value is keyed
like a structured address (:func:`models.normalise.address_key`), so the two meet.
"""

from __future__ import annotations

import re

from models.normalise import address_key, fold, postal_code_key
from models.vocabulary import MentionKind
from nlp.patterns.places import CITY, CITY_EXTRACTOR, NOT_CITIES
from nlp.patterns.shapes import CAP_WORD
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.address"
EXTRACTOR_VERSION = "1.1"  # 1.1: no civic number starting with 0 (a time), no column gap inside
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)
POSTAL_EXTRACTOR = ExtractorId("pattern.postal-code", "1.0")

#: Between an address's words: one or two spaces, not a log's column gap ("0846  Arrive Comfort Inn Clifton Hill").
_S = r"[ \u00a0]{1,2}"
#: A civic number: none begins with 0 (a log's time does: "0846").
_NUMBER = r"(?<![\w\-./])[1-9]\d{0,5}[A-Za-z]?(?:-\d{1,6})?"
_EN_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Crescent|Cres|Court|Ct|Lane|Ln|Way|Place|Pl|"
    r"Terrace|Terr|Trail|Trl|Parkway|Pkwy|Circle|Cir|Square|Sq|Gate|Row|Grove|Heights|Hts|Line|Sideroad|Close|"
    r"Gardens|Gdns|Park|Mews|Path|Walk|Hill|Landing|Point|Ridge|View)\.?"
)
_HIGHWAY = r"(?:Highway|Hwy|Route|County\s+Road|Regional\s+Road|Rural\s+Route|RR)\.?[ \u00a0]+\d{1,4}[A-Z]?"
_FR_TYPE = (
    r"(?:rue|chemin|ch\.|boulevard|boul\.|bd|avenue|av\.|route|rang|place|promenade|impasse|allée|croissant|montée|"
    r"côte|terrasse|carré|cours|voie)"
)
_PARTICLE = r"(?:de|du|des|de[ \u00a0]+la|de[ \u00a0]+l['’]|d['’]|l['’]|la|le|les|St|Ste|Saint|Sainte)"
_DIRECTION = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Nord|Sud|Est|Ouest|O)\b\.?"
_UNIT = (
    r"(?:,?[ \u00a0]*(?i:apt|apartment|unit|suite|ste|app|appartement|bureau|unité|logement|#)\.?"
    r"[ \u00a0]*#?[ \u00a0]*[0-9A-Za-z]{1,5}\b)"
)
_NAME_WORD = rf"(?:{CAP_WORD}|\d{{1,3}}(?:st|nd|rd|th|e|er)?)"
_EN_STREET = rf"{_NAME_WORD}(?:{_S}{_NAME_WORD}){{0,3}}?{_S}{_EN_TYPE}"
_UNIT_WORD = r"(?:Apt|Apartment|Unit|Suite|Ste|App|Appartement|Bureau|Unité|Logement)\b"
_FR_STREET = (
    rf"{_FR_TYPE}{_S}(?:{_PARTICLE}(?:{_S}|(?<=['’])))?{CAP_WORD}"
    rf"(?:(?:{_S}|-)(?:{_PARTICLE}{_S})?(?!{_UNIT_WORD}){CAP_WORD}){{0,3}}"
)
_ADDRESS = re.compile(
    rf"(?P<line>{_NUMBER},?[ \u00a0](?:{_HIGHWAY}|{_FR_STREET}|{_EN_STREET})(?:{_S}{_DIRECTION})?{_UNIT}?)(?![\w'’\-])"
)
_CITY_AFTER = re.compile(rf",[ \u00a0]*(?P<city>{CITY})(?=\s*(?:[.,;:)!?]|$|\s(?:ON|Ont|Ontario|QC|[A-Z]\d[A-Z])\b))")
_POSTAL = re.compile(r"(?<![\w\-])[A-Z]\d[A-Z][ \u00a0\-]?\d[A-Z]\d(?![\w\-])")


def find(text: str) -> list[Span]:
    """Addresses (value = address key, ``attrs["city"]``), their cities, and postal codes."""
    found: list[Span] = []
    for match in _ADDRESS.finditer(text):
        start, end = match.span("line")
        line = text[start:end]
        attrs: dict[str, str] = {}
        city_match = _CITY_AFTER.match(text, end)
        if city_match and fold(city_match.group("city")) not in NOT_CITIES:
            attrs["city"] = city_match.group("city")
            found.append(make_span(text, city_match.start("city"), city_match.end("city"), MentionKind.CITY,
                                      CITY_EXTRACTOR, value=fold(attrs["city"]), confidence=0.85))
        found.append(make_span(text, start, end, MentionKind.ADDRESS, EXTRACTOR, value=address_key(line, attrs.get("city")),
                                  confidence=0.9, attrs=attrs))
    for match in _POSTAL.finditer(text):
        value = postal_code_key(match.group(0))
        if value is not None:
            found.append(make_span(text, match.start(), match.end(), MentionKind.POSTAL_CODE, POSTAL_EXTRACTOR,
                                      value=value, confidence=0.95))
    return found
