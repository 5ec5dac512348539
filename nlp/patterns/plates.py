"""Licence plates, Ontario's normalised to ``ABCD 123``, others kept upper case without separators.

Four capitals and three digits (the current Ontario shape) stand on their own. The older
three-and-three shape, lower-case writing and hyphens are accepted only where the text says
it is a plate (``plate``, ``plaque``, ``licence``...), since ``HWY 401`` or ``unit 123`` have
the same shape. A few words that often precede a number are never plates without that cue.

Other provinces' and states' shapes (Manitoba ``AB12345``... Quebec ``FXK 4432``, New York
``KDT 5521``) vary too much to stand alone: they are taken only right after a plate word, with
the province or state when the text names it (``Manitoba plate AB12345``, « plaque du Québec
FXK 4432 »), and must mix letters and digits. A few words may stand between the plate word and
the plate ("an Alberta plate, CKP-4471", « immatriculée au Québec sous le numéro N58 LGK »), but then
only the shapes provinces and states issue count, within the sentence. A vanity plate (``GRNT 1``)
only where the text says it is one.
"""

from __future__ import annotations

import re

from models.normalise import plate_key
from models.vocabulary import MentionKind
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.plate"
#: 1.4: words between the plate word and the plate, vanity plates where the text says so, more states, lic/plt.
#: 1.5: "registration" as a plate word ("New York registration KGD-4417").
#: 1.6: a quoted plate after its plate word, British Columbia's ``AB1 23C``, a region's code before a plate where a
#: vehicle is named ("a grey Rav4, SK 921 KLM"), or right after the vehicle ("civic blanc L83 JNX").
EXTRACTOR_VERSION = "1.6"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

_PLATE = re.compile(r"(?<![\w\-])(?P<letters>[A-Za-z]{3,4})[ \u00a0\-]?(?P<digits>\d{3})(?![\w\-]|\.\d)")
#: A word saying a plate follows, then at most three short words ("plate number was", "plaque d'immatriculation").
_CUE = re.compile(
    r"(?i)\b(?:plates?|plaques?|licen[cs]e|lic|plt|immatricul\w*|tags?|marker|plated|registration)\b"
    r"(?:[\s:#,'’\-]+(?:no\.?|[^\W\d]{1,15})){0,3}[\s:#,.\-]*$"
)
_NOT_PLATES = frozenset({
    "HWY", "RTE", "APT", "APP", "UNIT", "ROOM", "SUITE", "PAGE", "FILE", "CASE", "CALL", "CELL", "TEL", "EXT",
    "ROAD", "ROUTE", "BUS", "CODE", "YEAR", "AGE", "AGED", "FROM", "WITH", "AND", "THE", "FOR", "SUR", "AVEC",
    "DANS", "POUR", "PAR", "RUE", "BOX", "LOT", "NO", "NUM", "REF", "TPS", "OPP", "PPO", "GRC", "RCMP",
    "RM", "CH", "ST", "RD", "AVE", "KM", "EXIT", "EST", "PO", "DOB",
})


#: Provinces and neighbouring states as narratives name them, with the code kept on the mention.
REGIONS = {
    "ontario": "ON", "quebec": "QC", "québec": "QC", "manitoba": "MB", "alberta": "AB", "saskatchewan": "SK",
    "british columbia": "BC", "new brunswick": "NB", "nouveau-brunswick": "NB", "nova scotia": "NS", "nouvelle-écosse": "NS",
    "prince edward island": "PE", "newfoundland": "NL", "nunavut": "NU", "yukon": "YT", "northwest territories": "NT",
    "new york": "NY", "michigan": "MI", "minnesota": "MN", "ohio": "OH", "pennsylvania": "PA", "vermont": "VT", "maine": "ME",
    "new hampshire": "NH", "wisconsin": "WI", "ny": "NY", "mi": "MI", "mn": "MN", "qc": "QC", "mb": "MB", "on": "ON",
    "colombie-britannique": "BC", "terre-neuve": "NL", "île-du-prince-édouard": "PE",
    # The other states whose cars cross at Windsor, Sarnia, Lacolle and Niagara, or come up from the south.
    "illinois": "IL", "indiana": "IN", "iowa": "IA", "new jersey": "NJ", "massachusetts": "MA", "connecticut": "CT",
    "rhode island": "RI", "maryland": "MD", "virginia": "VA", "north carolina": "NC", "georgia": "GA", "florida": "FL",
    "floride": "FL", "texas": "TX", "california": "CA", "californie": "CA", "kentucky": "KY", "tennessee": "TN",
    "missouri": "MO", "north dakota": "ND", "dakota du nord": "ND", "montana": "MT", "washington": "WA",
}
_REGION = "|".join(re.escape(r) for r in sorted(REGIONS, key=len, reverse=True))
#: Two-letter codes, written in capitals right after the plate word (« plaque QC L77 WPN »).
_CODES = "|".join(sorted({code for code in REGIONS.values()}))
#: Every region as matched (a name, or any code: « plaque NB KLM 318 »), folded to lower case, to its code.
_CODE_OF = {**{code.lower(): code for code in REGIONS.values()}, **REGIONS}
#: The words that say a plate follows ("lic" and "plt" are officers' shorthand).
_WORD = (r"(?:licen[cs]e\s+plate|plates?|plaques?(?:\s+d['’]immatriculation)?|immatriculation|immatricul[ée]e?s?|licen[cs]e|"
         r"lic\.?|plt|tags?|registration)(?!\w)")
#: A plate word, with the region before or inside it, then the plate itself.
_CUED = re.compile(
    rf"(?i)(?:\b(?P<before>{_REGION}|(?-i:{_CODES}))\s+)?\b{_WORD}(?:\s+(?:du|de\s+la|de\s+l['’]|de|from|au|en|in)\s*(?P<inside>{_REGION})"
    rf"|\s+(?P<code>(?-i:{_CODES}))(?=[ \u00a0]+[A-Z0-9]))?"
    rf"(?:\s+(?:no\.?|number|numéro|#))?[\s:#]*(?:(?:was|is|est|reading|showing)\s+)?[\"“«'‘]?[ \u00a0]*"
    r"(?P<plate>(?-i:[A-Z0-9]{1,4}[ \u00a0\-]?[A-Z0-9]{2,5}))(?![\w\-])"
)


def _cued_plates(text: str) -> list[Span]:
    out: list[Span] = []
    for match in _CUED.finditer(text):
        raw = match.group("plate")
        compact = re.sub(r"[\s\u00a0\-]", "", raw)
        if not (5 <= len(compact) <= 8 and any(c.isdigit() for c in compact) and any(c.isalpha() for c in compact)):
            continue
        value = plate_key(raw)
        if value is None:
            continue
        region = match.group("before") or match.group("inside") or match.group("code")
        attrs = {"province": _CODE_OF[region.lower()]} if region else {}
        out.append(make_span(text, match.start("plate"), match.end("plate"), MentionKind.PLATE, EXTRACTOR, value=value,
                             confidence=0.95, attrs=attrs))
    return out


#: The shapes provinces and states issue, letters and digits both: ``ABCD 123``, ``ABC 1234``, ``123 ABC`` (Quebec),
#: ``A12 BCD`` (Quebec), ``AB1 23C`` (British Columbia).
_ISSUED = (r"[A-Z]{2,4}[ \u00a0\-]?\d{3,5}|\d{3}[ \u00a0\-]?[A-Z]{3}|[A-Z]\d{2}[ \u00a0\-]?[A-Z]{3}|"
           r"[A-Z]{2}\d[ \u00a0\-]?\d{2}[A-Z]")
#: A plate a few words after its plate word ("an Alberta plate, CKP-4471", "NS plate seen on his car by a witness:
#: GKT 602", « immatriculée au Québec sous le numéro N58 LGK »). With words in between, only the shapes that
#: provinces and states issue count, in capitals, letters and digits both, before the sentence ends: "plate, drove
#: a 2019 AUDI A4" or "plate not seen. HWY 401" name none.
_GAPPED = re.compile(
    rf"(?i)(?:\b(?P<before>{_REGION}|(?-i:{_CODES}))\s+)?\b{_WORD}(?:\s+(?:du|de\s+la|de\s+l['’]|de|from|au|en|in)\s*"
    rf"(?P<inside>{_REGION}))?(?P<gap>(?:[^\w.!?;\n]+[^\W\d]+){{0,7}}?[^\w.!?;\n]+)"
    rf"(?P<plate>(?-i:{_ISSUED}))"
    r"(?![\w\-])"
)


def _gapped_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _GAPPED.finditer(text):
        start, end = match.span("plate")
        runs = re.findall(r"[A-Z]+", match.group("plate"))
        if (start, end) in taken or any(run in _NOT_PLATES or run in _CODE_OF.values() for run in runs):
            continue
        value = plate_key(match.group("plate"))
        if value is None:
            continue
        region = match.group("before") or match.group("inside")
        attrs = {"province": _CODE_OF[region.lower()]} if region else {}
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.85, attrs=attrs))
    return out


#: A region's code right before an issued shape, where a vehicle is named just before in the sentence ("a grey Rav4,
#: SK 921 KLM, was seen", "the car (NS EKP 441) left", « un VUS noir QC 5GH K22 »): a plate with no plate word.
_CODED = re.compile(rf"(?<![\w\-])(?P<code>(?-i:{_CODES}))[ \u00a0]+(?P<plate>(?-i:{_ISSUED}))(?![\w\-])")
_VEHICLE_BEFORE = re.compile(
    r"(?i)\b(?:car|cars|vehicle|veh|véhicule|vehicule|van|minivan|truck|pickup|pick-up|suv|vus|sedan|berline|coupe|camion|"
    r"camionnette|voiture|auto|char|hatchback|wagon|jeep|toyota|honda|dodge|kia|hyundai|ford|chevrolet|chevy|nissan|mazda|"
    r"volkswagen|vw|subaru|gmc|chrysler|buick|cadillac|lexus|acura|infiniti|tesla|mitsubishi|volvo|bmw|audi|mercedes|"
    r"corolla|civic|camry|charger|altima|sentra|impala|malibu|accord|caravan|rav4|cr-v|tahoe|escape|explorer|f-150)\b"
    r"[^.!?;\n]{0,60}$")


#: Right after a vehicle's description, with no plate word ("civic blanc L83 JNX", "a grey Malibu 482 KTR"): only the
#: shapes no model name has (three letters and three digits is a model's: "GLE 350", "RX 350").
_AFTER_VEHICLE = re.compile(
    r"(?<![\w\-])(?P<plate>(?-i:\d{3}[ \u00a0\-]?[A-Z]{3}|[A-Z]\d{2}[ \u00a0\-]?[A-Z]{3}|[A-Z]{2}\d[ \u00a0\-]?\d{2}[A-Z]|"
    r"[A-Z]{3}[ \u00a0\-]?\d{4}))(?![\w\-])")


def _plates_after_vehicles(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _AFTER_VEHICLE.finditer(text):
        start, end = match.span("plate")
        runs = re.findall(r"[A-Z]+", match.group("plate"))
        if any(s < end and start < e for s, e in taken) or any(run in _NOT_PLATES or run in _CODE_OF.values() for run in runs):
            continue
        before = re.findall(r"[A-Za-z]+", text[max(0, start - 12):start])
        if _VEHICLE_BEFORE.search(text, max(0, start - 40), start) is None or (before and before[-1].upper() in _NOT_PLATES):
            continue  # "RM 212 REG TO ...": a room, not a plate
        value = plate_key(match.group("plate"))
        if value is None:
            continue
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.8))
    return out


def _coded_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _CODED.finditer(text):
        start, end = match.span("plate")
        runs = re.findall(r"[A-Z]+", match.group("plate"))
        if any(s < end and start < e for s, e in taken) or any(run in _NOT_PLATES for run in runs):
            continue
        if _VEHICLE_BEFORE.search(text, max(0, match.start() - 80), match.start()) is None:
            continue
        value = plate_key(match.group("plate"))
        if value is None:
            continue
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.85,
                             attrs={"province": match.group("code")}))
    return out


#: A vanity plate (``GRNT 1``, ``BOSSMAN``) has no shape to go by: taken only right after a plate word and when the
#: text says it is one, just before the plate word or just after the plate ("vanity plate TRU LUV", « plaque
#: personnalisée LILI 22 », "Ontario plate GRNT 1 (vanity)").
_VANITY = re.compile(
    rf"(?i)(?P<cue_before>\b(?:vanity|personali[sz]ed|custom|personnalisée?)\s+)?(?:\b(?P<before>{_REGION}|(?-i:{_CODES}))\s+)?"
    rf"\b{_WORD}(?:\s+(?:personnalisée?|du|de\s+la|de\s+l['’]|de|au)\s*(?P<inside>{_REGION})?)?[\s:#]*"
    r"(?P<plate>(?-i:[A-Z0-9]{1,7}(?:[ \u00a0][A-Z0-9]{1,7})?))(?![\w\-])"
    r"(?P<cue_after>[ \u00a0]*[(,\-–][ \u00a0]*(?:a[ \u00a0]+)?(?:vanity|personali[sz]ed|custom|personnalisée?)\b)?"
)


def _vanity_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _VANITY.finditer(text):
        start, end = match.span("plate")
        compact = re.sub(r"[\s\u00a0]", "", match.group("plate"))
        cued = match.group("cue_before") or match.group("cue_after") or "personnalis" in match.group(0).lower()
        if not cued or not 2 <= len(compact) <= 8 or not any(c.isalpha() for c in compact) or \
                any(s < end and start < e for s, e in taken):
            continue
        region = match.group("before") or match.group("inside")
        attrs = {"province": _CODE_OF[region.lower()]} if region else {}
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=compact, confidence=0.85, attrs=attrs))
    return out


#: Quebec's older passenger shape, digits first (``691 KTR``): a plate only after a plate word, in capitals.
_DIGITS_FIRST = re.compile(r"(?<![\w\-])(?P<digits>\d{3})[ \u00a0\-]?(?P<letters>[A-Z]{3})(?![\w\-])")


def find(text: str) -> list[Span]:
    found: list[Span] = _cued_plates(text)
    taken = {(s.start, s.end) for s in found}
    found += _gapped_plates(text, taken)
    found += _vanity_plates(text, taken)
    found += _coded_plates(text, taken)
    found += _plates_after_vehicles(text, taken)
    for match in _DIGITS_FIRST.finditer(text):
        start, end = match.span()
        value = plate_key(match.group(0))
        if value is None or (start, end) in taken or _CUE.search(text, max(0, start - 40), start) is None:
            continue
        taken.add((start, end))
        found.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.9))
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
        if value is None or (start, end) in taken:
            continue
        confidence = 0.98 if cue and shaped else 0.9 if cue or shaped else 0.7
        found.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=confidence))
    return found
