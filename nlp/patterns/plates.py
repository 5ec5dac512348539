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
from nlp.patterns.columns import column_cells
from nlp.spans import ExtractorId, Span, make_span, occurrences
from nlp.stop_words import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS

EXTRACTOR_NAME = "pattern.plate"
#: 1.4: words between the plate word and the plate, vanity plates where the text says so, more states, lic/plt.
#: 1.5: "registration" as a plate word ("New York registration KGD-4417").
#: 1.6: a quoted plate after its plate word, British Columbia's ``AB1 23C``, a region's code before a plate where a
#: vehicle is named ("a grey Rav4, SK 921 KLM"), or right after the vehicle ("civic blanc L83 JNX").
#: 1.7: every repeat of a plate once found, right before a vehicle's description ("LVR-5512 black charger"), « immat. »,
#: "reg.", "LPR", French abbreviations of provinces (« N.-É. »), a remark calling it personalised, antique and dealer
#: plates, an issued shape in lower case right after the plate word, a code before ``ABC 1234`` with no vehicle; Florida's
#: and Maine's shapes, seven digits with a region, « plaque perso ».
#: 1.8: « imm. », « plaquée », a code in capitals before ``A12 BCD`` or ``ABCD 123`` with no vehicle (a hotlist), the Ram.
#: 1.9: a court's code in a neutral citation is no plate ("2019 ONSC 3102"); a table's column headed as plates ("PLATE/PROV",
#: « Plaque »: "MB JXS 229", "L118421 (QC)"), a list's dot leaders after a vehicle, a teletype's "HIT 401".
#: 1.10: a plate after its plate word's sentence ends ("car plate. CMK 7721"), a number written down after the plate was
#: named ("I wrote the number on my list: JGK 481"), the issued shapes listed with a plate found ("ARXV 120, CPJL 558,
#: and one from New York, KHT-4419"; not a table's columns). 1.11: a plate in parentheses after a vehicle ("Kia Stinger
#: noire (GFJ 461)"), an issued shape typed in lower case a few words after the plate word in a lower-case note.
#: 1.12: a region's name, a comma, then the plate after a vehicle ("une Jeep grise du Vermont, GHT 412"); « c'est » before
#: a plate after a vehicle is no teletype's word.
#: 1.13: a region's code, a dash, then the plate ("CR-V, QC - FZR 909"); a vanity plate's cue a few words after the
#: plate word (« la plaque parce qu'elle était personnalisée : « BEBE 2GO » »); a region's code and a plate quoted alone
#: (« VT HZF772 », "MICH EHF2094"); a plate spelt out character by character ("H K J 4 4 1 9"); a colour and a dash before
#: three letters and three digits.
#: 1.14: "Mich.", a form's dot leaders, a shape no model has far from its plate word, three letters and three digits
#: after a vehicle's colour, a plate spelt out character by character.
#: 1.15: the second of two guesses written right after a plate ("V42 FKR or maybe V42 FKP").
#: 1.16: an ellipsis where the writer hesitates between the plate word and the plate ("plate, it says like G something...
#: G27 HVT"), "that says" before a vanity plate, a word no plate holds never a plate even after a plate word ("HWY 401").
#: 1.17: a province's English abbreviation with its dot ("Que. L82 HVN"), a region before a plate on a line that lists
#: another, an issued shape with its region after it ("R63 FBT (QC)", "KLR-2284 NY" in a cell), a plate written down
#: far from its plate word, a second reading said as one ("could be V41 KPF"); no premises' licence, exhibit's tag,
#: driver's licence or time ("AT 1712 HRS") a plate.
#: 1.18: « Q. » before a plate after a vehicle.
#: 1.19: a commercial plate spaced in three ("AX 93 221"), "said it was" a second reading, a plate spelt before it's
#: written, a region's code after a slash in a cell ("KTR-4402 / NY"), no colour written out before a year a plate.
EXTRACTOR_VERSION = "1.19"
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
    "RM", "CH", "ST", "RD", "AVE", "KM", "EXIT", "EST", "PO", "DOB", "HIT", "ZCZC", "NNNN", "DL", "OHIP", "RAMQ", "AT", "HRS",
    # provinces abbreviated in teletypes ("INFINITI Q50 ONT PLATE"), months ("ON JAN 2024")
    "ONT", "QUE", "MAN", "ALTA", "SASK", "ONLY", "TEXT", "TXT", "CASH", "CALLS", "OVER", "UNDER", "ABOUT",
    "JAN", "FEB", "APR", "MAY", "JUN", "JUNE", "JUL", "JULY", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC",
    # courts in a neutral citation ("R. v. Okafor, 2019 ONSC 3102", « 2021 QCCQ 8812 »)
    "ONCJ", "ONSC", "ONCA", "QCCQ", "QCCA", "QCCS", "QCCM", "QCTP", "BCSC", "BCCA", "BCPC", "ABQB", "ABKB", "ABCA", "ABPC",
    "MBQB", "MBKB", "MBCA", "MBPC", "SKQB", "SKKB", "SKCA", "SKPC", "NSSC", "NSCA", "NSPC", "NBQB", "NBKB", "NBCA", "NBPC",
    "NLSC", "NLCA", "PESC", "PECA", "YKSC", "NWTSC", "NUCJ", "SCC", "SCR", "FCA", "ONSCDC", "CANLII",
})


#: Words of either language that a plate typed in lower case cannot be ("plate ends 4421").
_FUNCTION_WORDS = frozenset(ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS | {"ends", "ending", "starts", "partial", "like"})

#: Provinces and neighbouring states as narratives name them, with the code kept on the mention.
REGIONS = {
    "ontario": "ON", "quebec": "QC", "québec": "QC", "manitoba": "MB", "alberta": "AB", "saskatchewan": "SK",
    "british columbia": "BC", "new brunswick": "NB", "nouveau-brunswick": "NB", "nova scotia": "NS", "nouvelle-écosse": "NS",
    "prince edward island": "PE", "newfoundland": "NL", "nunavut": "NU", "yukon": "YT", "northwest territories": "NT",
    "new york": "NY", "michigan": "MI", "minnesota": "MN", "ohio": "OH", "pennsylvania": "PA", "vermont": "VT", "maine": "ME",
    "new hampshire": "NH", "wisconsin": "WI", "ny": "NY", "mi": "MI", "mn": "MN", "qc": "QC", "mb": "MB", "on": "ON",
    "colombie-britannique": "BC", "terre-neuve": "NL", "île-du-prince-édouard": "PE",
    # French abbreviations, after a plate word (« plaque N.-É. EPK 419 »)
    "pei": "PE", "nwt": "NT", "n.-é.": "NS", "n.-e.": "NS", "n.-b.": "NB", "î.-p.-é.": "PE", "i.-p.-e.": "PE", "t.-n.": "NL", "c.-b.": "BC",
    # The other states whose cars cross at Windsor, Sarnia, Lacolle and Niagara, or come up from the south.
    "illinois": "IL", "indiana": "IN", "iowa": "IA", "new jersey": "NJ", "massachusetts": "MA", "connecticut": "CT",
    "rhode island": "RI", "maryland": "MD", "virginia": "VA", "north carolina": "NC", "georgia": "GA", "florida": "FL",
    "floride": "FL", "texas": "TX", "california": "CA", "californie": "CA", "kentucky": "KY", "tennessee": "TN",
    "missouri": "MO", "north dakota": "ND", "dakota du nord": "ND", "montana": "MT", "washington": "WA",
    # the older abbreviations a witness writes down ("MICH EHF2094")
    "mich": "MI", "minn": "MN", "wisc": "WI", "penn": "PA", "mass": "MA", "mich.": "MI", "minn.": "MN", "wisc.": "WI",
    "penn.": "PA", "mass.": "MA",
    # the provinces' abbreviations in English, with their dot ("Que. L82 HVN", "Alta. plate")
    "ont.": "ON", "que.": "QC", "alta.": "AB", "sask.": "SK", "man.": "MB", "n.b.": "NB", "n.s.": "NS", "b.c.": "BC",
    "p.e.i.": "PE", "nfld.": "NL", "q.": "QC",
}
_REGION = "|".join(re.escape(r) for r in sorted(REGIONS, key=len, reverse=True))
#: Two-letter codes, written in capitals right after the plate word (« plaque QC L77 WPN »).
_CODES = "|".join(sorted({code for code in REGIONS.values()}))
#: The French abbreviations, which ``\b`` cannot bound (they end with a dot).
_ABBREVIATIONS = "|".join(re.escape(r) for r in sorted(REGIONS, key=len, reverse=True) if r.endswith("."))
#: Every region as matched (a name, or any code: « plaque NB KLM 318 »), folded to lower case, to its code.
_CODE_OF = {**{code.lower(): code for code in REGIONS.values()}, **REGIONS}
#: The words that say a plate follows ("lic" and "plt" are officers' shorthand).
_WORD = (r"(?:(?:dealer|temporary|transit)\s+plates?|plaques?\s+(?:de\s+commer[çc]ant|temporaires?)|licen[cs]e\s+plate|plates?|"
         r"plaques?(?:\s+d['’]immatriculation)?|immatriculation|immatricul[ée]e?s?|licen[cs]e|"
         r"lic\.?|plt|tags?|registration|reg\.|immat\.?|imm\.|plaqu[ée]e?s?|LPR)(?!\w)")
#: A plate word, with the region before or inside it, then the plate itself.
_CUED = re.compile(
    rf"(?i)(?:\b(?P<before>{_REGION}|(?-i:{_CODES}))\s+)?\b{_WORD}(?:\s+(?:du|de\s+la|de\s+l['’]|de|from|au|en|in)\s*(?P<inside>{_REGION})"
    # a region's full name right after the word (« plaque New Hampshire 4829571 »), never a two-letter word ("plate on")
    rf"|\s+(?=[^\W\d_]{{3,}}[\s\-][^\W\d_]|[^\W\d_]{{4}})(?P<named>{_REGION})"
    rf"|\s+(?P<code>(?-i:{_CODES})|{_ABBREVIATIONS})(?=[ \u00a0]+[A-Z0-9]))?"
    rf"(?:\s+(?:no\.?|number|numéro|#))?(?:[\s:#]|\.(?=\s))*(?:(?:was|is|est|reading|showing)\s+)?[\"“«'‘]?[ \u00a0]*"
    # in capitals, or an issued shape typed in lower case right after the word (« jai vu la plaque 912 rtv »)
    # a commercial plate spaced in three ("ON commercial plate AX 93 221")
    r"(?P<plate>(?-i:[A-Z]{2}[ \u00a0]\d{2}[ \u00a0]\d{3}(?![\w\-])|"
    r"[a-z]{3,4}[ \u00a0\-]?\d{3,4}|\d{3}[ \u00a0\-]?[a-z]{3}|[a-z]\d{2}[ \u00a0\-]?[a-z]{3}|"
    r"[A-Z0-9]{1,4}[ \u00a0\-]?[A-Z0-9]{2,5})(?![\w\-]))"
)


def _cued_plates(text: str) -> list[Span]:
    out: list[Span] = []
    for match in _CUED.finditer(text):
        raw = match.group("plate")
        if "\n" in text[match.start():match.start("plate")] and "|" in text[text.rfind("\n", 0, match.start()) + 1:match.start()]:
            continue  # a table's header ending on "plate": the next line's first cell is another column's (:func:`_column_plates`)
        if raw.islower() and any(run.upper() in _NOT_PLATES or run in _FUNCTION_WORDS for run in re.findall(r"[a-z]+", raw)):
            continue  # "plate ends 4421", "plate with 123": words, not a plate typed in lower case
        if _cue_of_no_vehicle(text, match.start(), match.start("plate")):
            continue  # "Voyageur Motel -- licence MO-0021", "Jacket seized, tag TG-2291"
        compact = re.sub(r"[\s\u00a0\-]", "", raw)
        region = match.group("before") or match.group("inside") or match.group("named") or match.group("code")
        # digits only where a region is named that issues them ("Nunavut plate 41732", "PEI plate 4521 ")
        digits_only = region is not None and compact.isdigit() and 4 <= len(compact) <= 7
        if not digits_only and not (5 <= len(compact) <= 8 and any(c.isdigit() for c in compact) and any(c.isalpha() for c in compact)):
            continue
        value = plate_key(raw)
        if value is None:
            continue
        attrs = {"province": _CODE_OF[region.lower()]} if region else {}
        out.append(make_span(text, match.start("plate"), match.end("plate"), MentionKind.PLATE, EXTRACTOR, value=value,
                             confidence=0.95, attrs=attrs))
    return out


#: The shapes provinces and states issue, letters and digits both: ``ABCD 123``, ``ABC 1234``, ``123 ABC`` (Quebec),
#: ``A12 BCD`` (Quebec), ``AB1 23C`` (British Columbia).
_ISSUED = (r"[A-Z]{2,4}[ \u00a0\-]?\d{3,5}|\d{3}[ \u00a0\-]?[A-Z]{3}|[A-Z]\d{2}[ \u00a0\-]?[A-Z]{3}|"
           r"[A-Z]{2}\d[ \u00a0\-]?\d{2}[A-Z]|"
           # Florida's ``ABC D12`` and ``Y47 2KM``, Maine's and others' ``1234 AB``
           r"[A-Z]{3}[ \u00a0\-]?[A-Z]\d{2}|[A-Z]\d{2}[ \u00a0\-]?\d[A-Z]{2}|\d{4}[ \u00a0\-]?[A-Z]{2}")
#: A plate a few words after its plate word ("an Alberta plate, CKP-4471", "NS plate seen on his car by a witness:
#: GKT 602", « immatriculée au Québec sous le numéro N58 LGK »). With words in between, only the shapes that
#: provinces and states issue count, in capitals, letters and digits both, before the sentence ends: "plate, drove
#: a 2019 AUDI A4" or "plate not seen. HWY 401" name none.
_GAPPED = re.compile(
    rf"(?i)(?:\b(?P<before>{_REGION}|(?-i:{_CODES}))\s+)?\b{_WORD}(?:\s+(?:du|de\s+la|de\s+l['’]|de|from|au|en|in)\s*"
    # a form's dot leaders after the plate word (« ANC. PLAQUE ...... V06 BKL »)
    # an ellipsis where the writer hesitates (« la plaque c'est... attendez... J51 DWS ») goes on
    rf"(?P<inside>{_REGION}))?(?P<gap>(?:(?:[^\w.!?;\n]|\.{{2,}}|…)+[^\W\d]+){{0,12}}?(?:[^\w.!?;\n]|\.{{2,}}|…)+|[ \u00a0]*\.{{2,}}[ \u00a0]*)"
    rf"(?P<plate>(?-i:{_ISSUED}))"
    r"(?![\w\-])"
)


#: The writer saying the number was written down, however far from the plate word ("Manitoba plates that my guide Amos
#: Keesick wrote down as JTR 705").
_WRITTEN_DOWN = re.compile(r"(?i)\b(?:wrote|written|noted|jotted|took\s+down|read\s+(?:it\s+)?as|spell|spelled|spelt|écrit|écrite|noté|"
                           r"notée|épel\w*)\b")
#: A premises' licence ("Voyageur Motel, Memorial Ave -- licence MO-0021") or a driver's: a licence, not a plate.
_PREMISES_BEFORE = re.compile(
    r"(?i)\b(?:motel|hotel|hôtel|inn|lodge|rooming|premises|business|bar|spa|massage|parlou?r|restaurant|club|salon|shop|"
    r"store|liquor|driver['’]?s?|operator|établissement|permis)\b[^\n]*$")
_LICENCE_WORD = re.compile(r"(?i)\blicen[cs]e\b(?![ \u00a0]+plate)")
#: An exhibit's or a property's tag ("Jacket seized, tag TG-2291"): no vehicle's.
_EXHIBIT_BEFORE = re.compile(r"(?i)\b(?:seized|exhibit|evidence|property|item|bagged|pièce|saisie?s?)\b[^.!?\n]*\btags?\b[^.!?\n]*$")


def _licence_of_premises(text: str, cue: int, plate: int) -> bool:
    """Whether the plate word before ``plate`` (found from ``cue``) is a premises' or a driver's licence."""
    word = _LICENCE_WORD.search(text, cue, plate)
    if word is None:
        return False
    return _PREMISES_BEFORE.search(text, text.rfind("\n", 0, word.start()) + 1, word.start()) is not None


def _exhibit_tag(text: str, cue: int, plate: int) -> bool:
    """Whether the plate word before ``plate`` is an exhibit's tag."""
    return re.search(r"(?i)\btags?\b", text[cue:plate]) is not None and _EXHIBIT_BEFORE.search(
        text, max(0, cue - 80), plate) is not None


def _cue_of_no_vehicle(text: str, cue: int, plate: int) -> bool:
    """Whether the plate word found at ``cue`` names something else's number: a premises' or a driver's licence, an
    exhibit's tag."""
    return _licence_of_premises(text, cue, plate) or _exhibit_tag(text, cue, plate)


def _holds_no_plate_word(shape: str) -> bool:
    """Whether a plate's shape holds a run of capitals no plate has: a word that is never a plate's ("HWY", "DOB") or a
    region's code ("QC")."""
    return any(run in _NOT_PLATES or run in _CODE_OF.values() for run in re.findall(r"[A-Z]+", shape))


def _gapped_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _GAPPED.finditer(text):
        start, end = match.span("plate")
        if (start, end) in taken or _holds_no_plate_word(match.group("plate")):
            continue
        value = plate_key(match.group("plate"))
        if value is None:
            continue
        if (len(re.findall(r"[^\W\d]+", match.group("gap"))) > 7 and _UNLIKE_MODELS.fullmatch(match.group("plate")) is None
                and _WRITTEN_DOWN.search(match.group("gap")) is None):
            continue  # far from its plate word, only a shape no model's name has (« la plaque ... boîte de gomme : K83 RVD »)
        if _cue_of_no_vehicle(text, match.start(), start):
            continue
        region = match.group("before") or match.group("inside")
        attrs = {"province": _CODE_OF[region.lower()]} if region else {}
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.85, attrs=attrs))
    return out


#: A region's code right before an issued shape, where a vehicle is named just before in the sentence ("a grey Rav4,
#: SK 921 KLM, was seen", "the car (NS EKP 441) left", « un VUS noir QC 5GH K22 »), or before three letters and four
#: digits anywhere ("OH HJK 4412"): a plate with no plate word.
_CODED = re.compile(rf"(?<![\w\-])(?P<code>(?-i:{_CODES})|(?i:{_REGION}))(?:[ \u00a0]+[-–][ \u00a0]+|[ \u00a0]+|(?<=\w{{4}}),[ \u00a0]+)"
                    rf"(?P<plate>(?-i:{_ISSUED}))"
                    r"(?![\w\-])")  # a region's name, a comma, the plate ("une Jeep grise du Vermont, GHT 412")
#: A colour abbreviated before a model year ("OPERATES BLK 2019 AUDI A4"): the shape of a plate, not one.
_COLOUR_YEAR = re.compile(r"(?:BLK|WHT|GRY|GRN|BLU|SLV|SIL|BRN|MAR|RED|TAN|GLD|GREY|GRAY|BLUE|GOLD|BLACK|WHITE|GREEN|SILVER)"
                          r"[ \u00a0\-]?(?:19[5-9]\d|20[0-4]\d)")
#: Words for a vehicle: kinds, makes and models, in both languages.
_VEHICLE_WORDS = (
    r"car|cars|vehicle|veh|véhicule|vehicule|van|minivan|truck|pickup|pick-up|suv|vus|sedan|berline|coupe|camion|"
    r"camionnette|voiture|auto|char|hatchback|wagon|jeep|toyota|honda|dodge|kia|hyundai|ford|chevrolet|chevy|nissan|mazda|"
    r"volkswagen|vw|subaru|gmc|chrysler|buick|cadillac|lexus|acura|infiniti|tesla|mitsubishi|volvo|bmw|audi|mercedes|"
    r"corolla|civic|camry|charger|altima|sentra|impala|malibu|accord|caravan|rav4|cr-v|tahoe|escape|explorer|f-150|"
    r"rover|porsche|jaguar|lincoln|mustang|equinox|escalade|yukon|silverado|durango|cherokee|wrangler|pathfinder|murano|rogue|"
    r"sportage|sorento|forte|elantra|tucson|kona|outback|forester|prius|highlander|tacoma|tundra|sienna|odyssey|jetta|golf|"
    r"tiguan|passat|fusion|focus|edge|journey|compass|motorcycle|moto|scooter|ram|sierra|ranger|versa|corvette|camaro")
_VEHICLE_BEFORE = re.compile(rf"(?i)\b(?:{_VEHICLE_WORDS})\b(?:[^.!?;\n]|\.{{2,}}){{0,60}}$")  # a list's dot leaders go on


def _free_shape(plate: str, start: int, end: int, taken: set[tuple[int, int]]) -> bool:
    """Whether a shape found with no plate word may be a plate: not taken already, no word that is never a plate's
    nor a region's code in it, no colour before a model year."""
    return not (_COLOUR_YEAR.fullmatch(plate) or any(s < end and start < e for s, e in taken)
                or _holds_no_plate_word(plate))


#: Right after a vehicle's description, with no plate word ("civic blanc L83 JNX", "a grey Malibu 482 KTR"): only the
#: shapes no model name has (three letters and three digits is a model's: "GLE 350", "RX 350").
_AFTER_VEHICLE = re.compile(
    r"(?<![\w\-])(?P<plate>(?-i:\d{3}[ \u00a0\-]?[A-Z]{3}|[A-Z]\d{2}[ \u00a0\-]?[A-Z]{3}|[A-Z]{2}\d[ \u00a0\-]?\d{2}[A-Z]|"
    r"[A-Z]{3}[ \u00a0\-]?\d{4}|[A-Z]{4}-\d{3}))(?![\w\-])")


_THREE_AND_THREE = re.compile(r"(?<![\w\-])(?P<plate>[A-Z]{3}[ \u00a0\-]?\d{3})(?![\w\-])")


def _plates_beside_vehicles(text: str, taken: set[tuple[int, int]], *, after: bool) -> list[Span]:
    """Shapes right after a vehicle's description (``after``) or right before one, with no plate word; three letters and
    three digits only after the vehicle's colour (« une Ford Escape blanche HFD 217 »: no model's name follows a colour)."""
    out: list[Span] = []
    matches = [*_AFTER_VEHICLE.finditer(text), *(m for m in _THREE_AND_THREE.finditer(text)
                                                 if _COLOUR_BEFORE.search(text, max(0, m.start() - 12), m.start()))] if after \
        else list(_BEFORE_VEHICLE.finditer(text))
    for match in matches:
        start, end = match.span("plate")
        if not _free_shape(match.group("plate"), start, end, taken):
            continue
        before = re.findall(r"[A-Za-z]+", text[max(0, start - 12):start])
        if after and (_VEHICLE_BEFORE.search(text, max(0, start - 40), start) is None
                      or (before and before[-1] in _NOT_PLATES)):  # in capitals: « c'est V93 JKR » is fine
            continue  # "RM 212 REG TO ...": a room, not a plate
        value = plate_key(match.group("plate"))
        if value is None:
            continue
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.8))
    return out


_UNLIKE_MODELS = re.compile(r"[A-Z]{3}[ \u00a0\-]?\d{4}|[A-Z]\d{2}[ \u00a0\-]?[A-Z]{3}|[A-Z]{4}[ \u00a0\-]?\d{3}")


#: Regions' codes that are words too ('she said "ON TIME 2020"').
_CODES_THAT_ARE_WORDS = frozenset({"ON", "IN", "OH", "ME", "OR", "OK", "HI", "DE", "LA", "PA", "MA", "AL", "CO", "ID", "IL", "MO"})


def _coded_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _CODED.finditer(text):
        start, end = match.span("plate")
        runs = re.findall(r"[A-Z]+", match.group("plate"))
        if any(s < end and start < e for s, e in taken) or any(run in _NOT_PLATES for run in runs):
            continue
        # Shapes no model's name has (``HJK 4412``, ``G73 BRN``, ``CXHP 119``), after a code in capitals, need no vehicle
        # ("OH HJK 4412" in a table, "Hotlist: ... / QC G73 BRN").
        strong = _UNLIKE_MODELS.fullmatch(match.group("plate")) is not None and match.group("code").isupper()
        if _COLOUR_YEAR.fullmatch(match.group("plate")):
            continue
        # a code and a plate quoted alone, as a witness wrote them down (« l'a écrite « VT HZF772 » », 'a sticky note
        # "MICH EHF2094"')
        quoted = (match.group("code").upper() not in _CODES_THAT_ARE_WORDS
                  and re.search(r"[«\"“][ \u00a0]*$", text[max(0, match.start() - 3):match.start()]) is not None
                  and re.match(r"[ \u00a0]*[»\"”]", text[end:]) is not None)
        if not strong and not quoted and _VEHICLE_BEFORE.search(text, max(0, match.start() - 80), match.start()) is None:
            continue  # three letters and four digits after a region's code need no vehicle ("OH HJK 4412" in a table)
        value = plate_key(match.group("plate"))
        if value is None:
            continue
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.85,
                             attrs={"province": _CODE_OF[match.group("code").lower()]}))
    return out


#: A vanity plate (``GRNT 1``, ``BOSSMAN``) has no shape to go by: taken only right after a plate word and when the
#: text says it is one, just before the plate word or just after the plate ("vanity plate TRU LUV", « plaque
#: personnalisée LILI 22 », "Ontario plate GRNT 1 (vanity)").
_VANITY = re.compile(
    rf"(?i)(?P<cue_before>\b(?:vanity|personali[sz]ed|custom|personnalisée?|antique|historic|collector|de\s+collection)\s+)?"
    rf"(?:\b(?P<before>{_REGION}|(?-i:{_CODES}))\s+)?"
    # the cue a few words after the plate word (« la plaque parce qu'elle était personnalisée : « BEBE 2GO » »)
    rf"\b{_WORD}(?:(?:\s+[^\W\d]+(?:['’][^\W\d]+)?){{0,4}}?\s+(?:personnalisée?|perso|personali[sz]ed|vanity|custom))?"
    rf"(?:\s+(?:(?:du|de\s+la|de\s+l['’]|de|au)\s*)?(?P<inside>{_REGION}))?"
    r"(?:\s+(?:that\s+says|which\s+says|that\s+reads|reading|says|reads|qui\s+dit|où\s+c['’]est\s+écrit))?[\s:#,]*[«\"“'‘]?[ \u00a0]*"
    r"(?P<plate>(?-i:[A-Z0-9]{1,7}(?:[ \u00a0][A-Z0-9]{1,7})?))(?![\w\-])"
    # the cue after the plate, a few words into a remark ("plate BOSSMAN (i think its a personalized one)")
    r"(?P<cue_after>[ \u00a0]*[(,\-–][ \u00a0]*(?:[^\W\d]+[ \u00a0]+){0,4}(?:vanity|personali[sz]ed|custom|personnalisée?)\b)?"
)


_VANITY_WORD = re.compile(r"(?i)personnalis|personali[sz]|\bperso\b|\bvanity\b|\bcustom\b")


def _vanity_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _VANITY.finditer(text):
        start, end = match.span("plate")
        compact = re.sub(r"[\s\u00a0]", "", match.group("plate"))
        cued = match.group("cue_before") or match.group("cue_after") or _VANITY_WORD.search(match.group(0))
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


#: Right before a vehicle's description ("UNK: LVR-5512 black charger", "CKRT 221 grey Civic"): an issued shape, with
#: a colour or a make or model word next.
_COLOURS = (r"black|white|grey|gray|silver|red|blue|green|gold|beige|brown|maroon|tan|noire?|blanche|blanc|grise?|rouge|"
            r"bleue?|verte?|argent|brune?")
_COLOUR_BEFORE = re.compile(rf"(?i)\b(?:{_COLOURS})[ \u00a0,—–\-]+$")
_BEFORE_VEHICLE = re.compile(
    rf"(?<![\w\-])(?P<plate>(?-i:{_ISSUED}))(?![\w\-])[ \u00a0,]+(?i:(?:{_COLOURS})[ \u00a0]+)?(?i:{_VEHICLE_WORDS})\b")


def _repeated_plates(text: str, found: list[Span], taken: set[tuple[int, int]]) -> list[Span]:
    """Every other occurrence of a plate the text has already shown to be one ("MB plate JMC 804 ... LPR query on
    JMC 804"), written with or without its space or hyphen."""
    out: list[Span] = []
    for compact in sorted({re.sub(r"[\s\u00a0\-]", "", s.text) for s in found if s.kind is MentionKind.PLATE}):
        if len(compact) < 5:
            continue
        # written whole, or split once by a space or a hyphen ("JMX 804", "JMX-804", "JMX804")
        written = {compact} | {compact[:i] + sep + compact[i:] for i in range(1, len(compact)) for sep in (" ", "-", "\u00a0")}
        for start, end in sorted(o for form in written for o in occurrences(text, form, before="-", after="-")):
            if any(s < end and start < e for s, e in taken):
                continue
            value = plate_key(text[start:end])
            if value is None:
                continue
            taken.add((start, end))
            out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.85))
    return out


#: A table's column of plates: its header ("Plate", "PLATE/PROV", « Plaque », "Lic. #").
_PLATE_HEADER = re.compile(
    r"(?i)(?:licen[cs]e\s+|vehicle\s+|véhicule\s+|(?:vehicle|véhicule)\s*/\s*)?(?:plates?|plaques?|immat(?:riculation)?\.?|lic\.?|tags?)"
    r"(?:\s*(?:#|no\.?|number|numéro))?(?:\s*[/(]\s*(?:prov|province|state|jur|juris|juridiction|région)\.?\)?)?")
#: A cell's plate, its region's code or name before or after it ("MB JXS 229", "L118421 (QC)", "Maine 5581 VK").
_CELL_PLATE = re.compile(
    rf"(?i)(?:[^,;\n]*[,;][ \u00a0]*)?(?:(?P<before>{_REGION}|(?-i:{_CODES})|{_ABBREVIATIONS})[ \u00a0]+)?"
    r"(?P<plate>(?-i:[A-Z0-9]{1,4}(?:[ \u00a0\-]?[A-Z0-9]{1,4}){1,2}))"
    rf"(?:[ \u00a0]*\(?(?P<after>{_REGION}|(?-i:{_CODES})|{_ABBREVIATIONS})\)?)?[ \u00a0]*$")


def _column_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    """The plates in a table's column headed as plates: its cells say what they are, whatever their shape."""
    out: list[Span] = []
    for start, end in column_cells(text, _PLATE_HEADER) if re.search(r"(?i)pla[tq]|immat|lic|tag", text) else ():
        match = _CELL_PLATE.fullmatch(text, start, end)
        if match is None:
            continue
        raw = match.group("plate")
        compact = re.sub(r"[\s\u00a0\-]", "", raw)
        if not (4 <= len(compact) <= 8 and any(c.isdigit() for c in compact)) or raw in _NOT_PLATES:
            continue
        value = plate_key(raw)
        span = match.span("plate")
        if value is None or span in taken:
            continue
        region = match.group("before") or match.group("after")
        taken.add(span)
        out.append(make_span(text, span[0], span[1], MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.9,
                             attrs={"province": _CODE_OF[region.lower()]} if region else {}))
    return out


#: A number written down after the plate was named ("Manitoba Plates. I wrote the number on my Grocery List: JGK 481",
#: « Plaques du Nouveau-Brunswick. J'ai écrit le numéro sur ma liste : HXW 527 »).
_NUMBER_WRITTEN = re.compile(rf"(?i)\b(?:number|numéro|no\.)[^.!?\n]{{0,40}}:[ \u00a0]*(?P<plate>(?-i:{_ISSUED}))(?![\w\-])")
_PLATE_WORD_BEFORE = re.compile(rf"(?i)\b{_WORD}")
_PARENTHESISED = re.compile(r"\([ \u00a0]*(?P<plate>(?P<letters>[A-Z]{3})[ \u00a0\-]?\d{3})[ \u00a0]*\)")
#: A plate word, a few words, then an issued shape typed in lower case, in one sentence.
_GAPPED_LOWER = re.compile(rf"(?i)\b{_WORD}(?:[^\w.!?;\n]+[^\W\d]+){{0,7}}?[^\w.!?;\n]+"
                           r"(?P<plate>(?-i:[a-z]{3,4}[ \u00a0\-]?\d{3,4}|\d{3}[ \u00a0\-]?[a-z]{3}|[a-z]\d{2}[ \u00a0\-]?[a-z]{3}))(?![\w\-])")
#: Plates listed together ("ARXV 120, CPJL 558, and one from New York, KHT-4419", "G52 NBT   Y09-KRL   DCKJ 442
#: (Ontario)"): the issued shapes of a list one of whose items is a plate found already.
_LIST_ITEM = rf"(?-i:{_ISSUED})(?:[ \u00a0]*\((?:{_REGION}|(?-i:{_CODES}))\))?"
_LIST_SEPARATOR = (r"(?:[ \u00a0]*[,;/][ \u00a0]*(?:(?:and|et)[ \u00a0]+(?:one|une|l['’]autre)?[^\n,.;]{0,25},[ \u00a0]*)?|"
                   r"[ \u00a0]{2,}|[ \u00a0]+(?:and|et|&)[ \u00a0]+)")
_PLATE_LIST = re.compile(rf"(?i)(?<![\w\-]){_LIST_ITEM}(?:{_LIST_SEPARATOR}{_LIST_ITEM})+(?![\w\-])")
_ITEM = re.compile(rf"(?-i:{_ISSUED})(?![\w\-])")


def _taken_plate(text: str, span: tuple[int, int], taken: set[tuple[int, int]], confidence: float) -> list[Span]:
    """The plate at ``span``, marked taken, if it has a plate's key: what the finders below share."""
    value = plate_key(text[span[0]:span[1]])
    if value is None:
        return []
    taken.add(span)
    return [make_span(text, span[0], span[1], MentionKind.PLATE, EXTRACTOR, value=value, confidence=confidence)]


def _written_numbers(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _NUMBER_WRITTEN.finditer(text):
        span = match.span("plate")
        runs = re.findall(r"[A-Z]+", match.group("plate"))
        if span not in taken and not any(run in _NOT_PLATES for run in runs) and _PLATE_WORD_BEFORE.search(
                text, max(0, span[0] - 160), match.start()):
            out += _taken_plate(text, span, taken, 0.85)
    return out


def _parenthesised_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    """A vehicle's plate in parentheses after it ("une Kia Stinger noire (GFJ 461)")."""
    out: list[Span] = []
    for match in _PARENTHESISED.finditer(text) if "(" in text else ():
        span = match.span("plate")
        if span not in taken and match.group("letters") not in _NOT_PLATES and _VEHICLE_BEFORE.search(
                text, max(0, match.start() - 60), match.start()):
            out += _taken_plate(text, span, taken, 0.85)
    return out


def _lower_case_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    """A plate typed in lower case a few words after its plate word, in a message or a voice note typed in lower case
    ("my mom got the plate one time, it's like ckvd 610 i think")."""
    out: list[Span] = []
    for match in _GAPPED_LOWER.finditer(text):
        span = match.span("plate")
        runs = re.findall(r"[a-z]+", match.group("plate"))
        if span not in taken and not any(run.upper() in _NOT_PLATES or run in _FUNCTION_WORDS for run in runs) and not any(
                c.isupper() for c in text[max(0, span[0] - 40):span[1] + 40]):
            out += _taken_plate(text, span, taken, 0.75)
    return out


#: A second guess a few words after a plate, said as one ("caller read V41 KPT but not sure of the last letter, "could be
#: V41 KPF"", « J51 DWS, peut-être J51 DWF »): an issued shape that differs from the first in a character or two.
_SECOND_GUESS = re.compile(rf"[^.!?\n]{{0,80}}?\b(?i:could\s+be|might\s+be|may\s+be|maybe|possibly|perhaps|peut-être|said\s+it\s+was|"
                           rf"says\s+it\s+was|it\s+was\s+actually|c['’]était\s+plutôt|plutôt|"
                           rf"peut-etre|pourrait\s+être|ou\s+bien)[ \u00a0:,]*[\"“«'‘]?[ \u00a0]*(?P<plate>(?-i:{_ISSUED}))(?![\w\-])")
#: A second guess right after a plate ("V42 FKR or maybe V42 FKP", « K55 GFW (ou K55 GFV, elle hésite) »): an issued shape.
_ALTERNATIVE = re.compile(rf"[ \u00a0]*[,(]?[ \u00a0]*(?:or|ou)(?:[ \u00a0]+(?:maybe|possibly|perhaps|peut-être|peut-etre|bien))?"
                          rf"[ \u00a0]*:?[ \u00a0]+(?P<plate>(?-i:{_ISSUED}))(?![\w\-])")


def _near_reading(first: str, second: str) -> bool:
    """Whether two plates written apart differ in a character or two: one plate read twice ("JKW 318" ... "JKW 381")."""
    a, b = (re.sub(r"[\s\u00a0\-]", "", plate) for plate in (first, second))
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 2


def _alternative_plates(text: str, found: list[Span], taken: set[tuple[int, int]]) -> list[Span]:
    """The second of two guesses at one plate, written right after the first or said as one a few words on."""
    out: list[Span] = []
    for plate in [s for s in found if s.kind is MentionKind.PLATE]:
        match = _ALTERNATIVE.match(text, plate.end)
        if match is None:
            match = _SECOND_GUESS.match(text, plate.end)
            if match is not None and not _near_reading(plate.text, match.group("plate")):
                continue  # another plate, not a second reading of this one
        if match is None or any(s < match.end("plate") and match.start("plate") < e for s, e in taken):
            continue
        if _holds_no_plate_word(match.group("plate")):
            continue
        out += _taken_plate(text, match.span("plate"), taken, 0.8)
    return out


def _listed_plates(text: str, found: list[Span], taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    plates = {(s.start, s.end) for s in found if s.kind is MentionKind.PLATE}
    for listed in _PLATE_LIST.finditer(text) if plates else ():
        items = [m.span() for m in _ITEM.finditer(text, listed.start(), listed.end())]
        line_end = text.find("\n", listed.end())
        line = text[text.rfind("\n", 0, listed.start()) + 1:line_end if line_end >= 0 else len(text)]
        if not any(item in plates for item in items) or "|" in line:
            continue  # a table's row: its columns are no list
        for item in items:
            if item not in taken and not _holds_no_plate_word(text[item[0]:item[1]]):
                out += _taken_plate(text, item, taken, 0.85)
    return out


#: A plate spelt out character by character, as a caller reads it or a witness writes it ("H K J 4 4 1 9", « G-9-3-L-P-X »),
#: after a plate word or a vehicle in the sentence: letters and digits both.
_SPELT_OUT = re.compile(r"(?<![\w\-])(?P<plate>[A-Z0-9](?:(?P<sep>[ \-])[A-Z0-9])(?:(?P=sep)[A-Z0-9]){3,6})(?![\w\-])")
_SPELT_OUT_CUE = re.compile(rf"(?i)(?:\b{_WORD}\b|\b(?:{_VEHICLE_WORDS})\b)(?:[^.!?\n]|\.{{2,}}|…){{0,80}}$")


def _spelt_out_plates(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _SPELT_OUT.finditer(text):
        start, end = match.span("plate")
        compact = re.sub(r"[ \-]", "", match.group("plate"))
        if (not any(c.isalpha() for c in compact) or sum(c.isdigit() for c in compact) < 2 or any(s < end and start < e for s, e in taken)
                or _SPELT_OUT_CUE.search(text, max(0, start - 100), start) is None):
            continue
        value = plate_key(compact)
        if value is None:
            continue
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.8))
    return out


#: An issued shape with its region right after it: in parentheses (« R63 FBT (QC) », "4471 KT (Maine)"), or a code in
#: capitals closing a table's cell ("| KLR-2284 NY    |").
_REGION_AFTER = re.compile(
    rf"(?<![\w\-])(?P<plate>(?-i:{_ISSUED}))(?:[ \u00a0]*\((?i:{_REGION}|{_CODES})\)"
    rf"|[ \u00a0]+(?:/[ \u00a0]*)?(?-i:{_CODES})(?=[ \u00a0]*(?:\||\t|$)|[ \u00a0]{{2,}}))", re.M)


def _plates_before_regions(text: str, taken: set[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for match in _REGION_AFTER.finditer(text):
        start, end = match.span("plate")
        if _free_shape(match.group("plate"), start, end, taken):
            out += _taken_plate(text, (start, end), taken, 0.85)
    return out


def _coded_beside_plates(text: str, found: list[Span], taken: set[tuple[int, int]]) -> list[Span]:
    """A region's name or abbreviation before an issued shape, on a line that holds another plate ("Lot: Ont. CPDM 519
    (rm 3), Minn. GTR 448 (rm 5)", « Stationnement : Québec B62 JHW (ch. 11), Ontario DAPW 774 »): the line lists plates."""
    out: list[Span] = []
    plates = [(s.start, s.end) for s in found if s.kind is MentionKind.PLATE]
    for match in _CODED.finditer(text) if plates else ():
        start, end = match.span("plate")
        code = match.group("code")
        if code.upper() in _CODES_THAT_ARE_WORDS or (len(code) == 2 and not code.isupper()) or \
                not _free_shape(match.group("plate"), start, end, taken):
            continue
        line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if not any(line_start <= s and e <= line_end for s, e in plates):
            continue
        value = plate_key(match.group("plate"))
        if value is None:
            continue
        taken.add((start, end))
        out.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=0.8,
                             attrs={"province": _CODE_OF[code.lower()]}))
    return out


def find(text: str) -> list[Span]:
    found: list[Span] = _cued_plates(text)
    taken = {(s.start, s.end) for s in found}
    found += _column_plates(text, taken)
    found += _gapped_plates(text, taken)
    found += _vanity_plates(text, taken)
    found += _coded_plates(text, taken)
    found += _plates_beside_vehicles(text, taken, after=True)
    found += _plates_beside_vehicles(text, taken, after=False)
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
        cued = _CUE.search(text, max(0, start - 40), start)
        cue = cued is not None and not _cue_of_no_vehicle(text, cued.start(), start)
        upper = letters.isupper()
        shaped = upper and len(letters) == 4 and "-" not in match.group(0)
        if not cue and not shaped:
            continue
        if letters.upper() in _NOT_PLATES:
            continue  # "plate not seen. HWY 401": a highway after a plate word, in any case
        value = plate_key(letters + digits)
        if value is None or (start, end) in taken:
            continue
        confidence = 0.98 if cue and shaped else 0.9 if cue or shaped else 0.7
        taken.add((start, end))
        found.append(make_span(text, start, end, MentionKind.PLATE, EXTRACTOR, value=value, confidence=confidence))
    found += _written_numbers(text, taken)
    found += _spelt_out_plates(text, taken)
    found += _parenthesised_plates(text, taken)
    found += _lower_case_plates(text, taken)
    found += _listed_plates(text, found, taken)
    found += _alternative_plates(text, found, taken)
    found += _plates_before_regions(text, taken)
    found += _coded_beside_plates(text, found, taken)
    return found + _repeated_plates(text, found, taken)
