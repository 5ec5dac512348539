"""Organisations that narratives name: police services, agencies, units, and their acronyms.

They matter less for themselves than for what they are not: in ``la Police provinciale de
l'Ontario (PPO)`` the statistical models readily see a person. An organisation is recognised
by a head word (``Police``, ``Sûreté``, ``Service``, ``Agency``, ``Société``...) with the
capitalised words, French particles and adjectives around it, and an acronym in parentheses
after it; police acronyms standing alone count too.
"""

from __future__ import annotations

import re

from models.normalise import fold
from models.vocabulary import MentionKind
from nlp.names import is_given_name
from nlp.patterns.shapes import CAP_WORD, words
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.organisation"
# 1.1: no column gap inside a name; a person's name after it is not part of it; 1.2: one space between its words
EXTRACTOR_VERSION = "1.2"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

#: Between an organisation's words: one space; two are a table's column gap ("Cst. Priya Ramanathan  Ottawa Police").
_S = r"[ \u00a0]"
_HEAD_FR = (
    r"(?:Police|Sûreté|Surete|Service|Services|Gendarmerie|Société|Societe|Agence|Ministère|Ministere|Bureau|Unité|"
    r"Unite|Escouade|Direction|Centre|Commission|Conseil|Hôpital|Hopital|École|Ecole)"
)
_ADJ_FR = (
    r"(?:provinciale?|royale?|régionale?|regionale?|municipale?|nationale?|fédérale?|federale?|communautaire|"
    r"publique?|policière|policiere|intégrée|integree|mixte|spéciale?|speciale?|générale?|generale?|locale?|"
    r"canadienne?|ontarienne?|québécoise?|quebecoise?|jeunesse|enquêtes?|enquetes?)"
)
_PARTICLE = r"(?:à[ \u00a0]+l['’]|de|du|des|de[ \u00a0]+la|de[ \u00a0]+l['’]|d['’]|l['’]|la|le|les|pour|aux?)"
#: Lower-case nouns inside French organisation names (``Service de police de la Ville de ...``).
_NOUN_FR = (
    r"(?:police|sécurité|securite|protection|enfance|jeunesse|famille|santé|sante|services?|renseignements?|"
    r"criminels?|crimes?|affaires|enquêtes?|enquetes?|justice|ville|exploitation|traite|personnes|aide)"
)
_FR_ORG = re.compile(
    rf"(?<![\w'’\-])(?P<org>{_HEAD_FR}"
    rf"(?:(?:{_S}|(?<=['’]))(?:{_ADJ_FR}|{_NOUN_FR}|{_PARTICLE}(?=[ \u00a0]|(?<=['’]))|{CAP_WORD})){{0,8}})"
)
_HEAD_EN = (
    r"(?:Police(?:[ \u00a0]+(?:Services?|Department|Force))?|Constabulary|Mounted[ \u00a0]+Police|Sheriff['’]?s?[ \u00a0]+Office|"
    r"Aid[ \u00a0]+Society|Agency|Ministry|Department|Services?|Unit|Task[ \u00a0]+Force|Bureau|Hospital|Centre|Center|"
    r"Society|Commission|Network)"
)
_EN_ORG = re.compile(rf"(?<![\w'’\-])(?P<org>(?:{CAP_WORD}(?:['’]s)?{_S}){{1,5}}{_HEAD_EN})(?![\w'’\-])")
_HEADS = re.compile(rf"{_HEAD_FR}|{_HEAD_EN}")
_ACRONYM_AFTER = re.compile(r"[ \u00a0]*\((?P<acronym>[A-Z][A-Za-z&.]{1,9})\)")
#: Police and child-protection acronyms of Ontario and Quebec, in both languages.
ACRONYMS = frozenset({
    "OPP", "PPO", "RCMP", "GRC", "SQ", "SPVM", "TPS", "SPT", "OPS", "SPO", "PRP", "YRP", "DRPS", "HRPS", "NRPS",
    "WRPS", "HPS", "LPS", "GSPS", "TBPS", "NAPS", "SPGS", "CAS", "SAE", "CBSA", "ASFC", "CSIS", "SCRS", "OIPRD", "SIU",
    "UES", "DPJ", "CISO", "SCRC",
})
_ACRONYM = re.compile(r"(?<![\w\-])(?P<acronym>[A-Z]{2,6})(?![\w\-])")
_DANGLING = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "pour", "aux", "au", "de la"})
_NOT_LEADING = frozenset(fold(w) for w in words("""
a at the in near by from to of on and or but la le les l du de des au aux à selon par
"""))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop dangling particles at the end and function words at the front of an organisation name."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and fold(words[-1].group(0)).rstrip("'’") in _DANGLING:
        words.pop()
    while len(words) > 1 and fold(words[0].group(0)) in _NOT_LEADING:
        words.pop(0)
    if not words:
        return start, start
    return start + words[0].start(), start + words[-1].end()


def _before_a_person(text: str, start: int, end: int) -> int:
    """Where an organisation's name ends before a person's that its capitalised words ran into: a known given name and
    a capitalised word after the head ("Service Manager Ravi Thevarajah" is a manager's title and his name)."""
    parts = list(re.finditer(r"\S+", text[start:end]))
    for k in range(1, len(parts) - 1):
        if is_given_name(parts[k].group(0)) and parts[k + 1].group(0)[:1].isupper() and not _HEADS.fullmatch(parts[k + 1].group(0)):
            return start + parts[k - 1].end()
    return end


def find(text: str) -> list[Span]:
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    heads = _HEADS.search(text) is not None
    for pattern, confidence in ((_FR_ORG, 0.85), (_EN_ORG, 0.85)):
        for match in pattern.finditer(text) if heads else ():
            start, end = _trim(text, *match.span("org"))
            end = _before_a_person(text, start, end)
            if len(text[start:end].split()) < 2:
                continue
            attrs: dict[str, str] = {}
            value = fold(text[start:end])
            after = _ACRONYM_AFTER.match(text, end)
            if after:
                attrs["acronym"] = after.group("acronym")
                end = after.end()
            taken.append((start, end))
            found.append(make_span(text, start, end, MentionKind.ORGANISATION, EXTRACTOR, value=value,
                                      confidence=confidence, attrs=attrs))
    for match in _ACRONYM.finditer(text):
        start, end = match.span()
        if match.group("acronym") in ACRONYMS and not any(s <= start < e for s, e in taken):
            found.append(make_span(text, start, end, MentionKind.ORGANISATION, EXTRACTOR, value=fold(match.group(0)),
                                      confidence=0.8, attrs={"acronym": match.group(0)}))
    return found
