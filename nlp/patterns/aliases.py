"""Aliases: a short name in quotes or guillemets (``"Flex"``, ``« Kash »``, ``“Big Mike”``, ``‘Ace’``).

The mention is the name without its quotes; its value is the folded name. Quoted speech is
not an alias: a quoted run of more than four words, or one with sentence punctuation, digits
only, or no capital letter across several words, is left alone. A cue such as ``aka``,
``known as`` or ``surnommé`` raises confidence.
"""

from __future__ import annotations

import re

from models.normalise import fold
from models.vocabulary import MentionKind
from nlp.names import is_given_name
from nlp.spans import ExtractorId, Span, make_span

EXTRACTOR_NAME = "pattern.alias"
#: 1.1: a full name quoted as a register wrote it ("louée au nom de « Kevin Gauthier »") is a person's, not an alias.
#: 1.2: also after who rented or paid ("room 9 rented by "Brayden McCormick"").
#: 1.3: tickets bought under names, « aux noms de », and the next quoted name of such a list; a quoted known given name
#: and a surname without a nickname's cue ('signed in as "Jordan Pelletier"').
#: 1.4: three words or more opening in lower case are words said, not a name.
EXTRACTOR_VERSION = "1.4"
EXTRACTOR = ExtractorId(EXTRACTOR_NAME, EXTRACTOR_VERSION)

_BODY = r"[^\s\"“”«»][^\"“”«»\n]{0,38}?"
_SINGLE_BODY = r"[^\s‘’][^‘’\n]{0,38}?"
_QUOTED = re.compile(
    rf"\"(?P<a>{_BODY})\s*\"|“\s*(?P<b>{_BODY})\s*”|«[\s\u00a0\u202f]*(?P<c>{_BODY})[\s\u00a0\u202f]*»"
    rf"|(?<!\w)‘(?P<d>{_SINGLE_BODY})’(?!\w)"
)
_CUE = re.compile(
    r"(?i)\b(?:aka|a\.k\.a\.?|known\s+as|goes\s+by|street\s+name|nickname[d]?|call(?:s|ed)?|alias|dit|surnomm[ée]e?|"
    r"connue?\s+sous\s+(?:le\s+)?nom\s+de)\W*$"
)
#: A register's words before a quoted full name: the name someone gave, which the person extractor reads.
_REGISTERED = re.compile(
    r"(?i)\b(?:au\s+nom\s+d[e']|aux\s+noms\s+d[e']|sous\s+le\s+nom\s+d[e']|under\s+the\s+names?(?:\s+of)?|"
    r"in\s+the\s+names?\s+of|(?:bought|booked|purchased|paid)(?:\s+\w+){0,3}\s+under|"
    r"(?:registered|booked|rented)\s+(?:as|to|under)|reg\.\s+under|(?:registered|booked|rented|reserved|paid\s+for)\s+by|"
    r"(?:louée?s?|réservée?s?|payée?s?)\s+par)\W*$")
#: Between two quoted names of one list ('"Jasmine Tookate" and "Marcus Delorme-Fitch"').
_LIST_JOIN = re.compile(r"[ \u00a0]*(?:and|et|,|&)[ \u00a0]*")
_NOT_ALIAS = re.compile(r"[.!?;:,()<>{}\[\]=/\\|$#%*]")


def _looks_like_alias(body: str) -> bool:
    words = body.split()
    if not 1 <= len(words) <= 4 or _NOT_ALIAS.search(body):
        return False
    letters = sum(ch.isalpha() for ch in body)
    if letters < 2 or letters < sum(ch.isdigit() for ch in body):
        return False
    if len(words) >= 3 and words[0].islower() and words[0].lower() not in ("lil", "lil'", "big", "ti", "p'tit", "ptit"):
        return False  # words said (« le gars s'appelle David », "she told me no"), not a name
    return not (len(words) > 1 and not any(w[:1].isupper() for w in words))


def find(text: str) -> list[Span]:
    found: list[Span] = []
    registered_end = -1  # where the last quoted name a register took ends: the next of its list is one too
    for match in _QUOTED.finditer(text):
        group = next(g for g in ("a", "b", "c", "d") if match.group(g) is not None)
        start, end = match.span(group)
        body = text[start:end].rstrip()
        end = start + len(body)
        if not _looks_like_alias(body):
            continue
        cue = _CUE.search(text, max(0, match.start() - 30), match.start()) is not None
        words = body.split()
        if not cue and len(words) >= 2 and all(w[:1].isupper() for w in words) and (
                _REGISTERED.search(text, max(0, match.start() - 40), match.start())
                or (registered_end >= 0 and _LIST_JOIN.fullmatch(text, registered_end, match.start()))):
            registered_end = match.end()
            continue
        if not cue and 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words) and is_given_name(words[0]):
            continue  # a quoted "Given Surname" ('signed in as "Jordan Pelletier"') is the name someone gave, not a nickname
        found.append(make_span(text, start, end, MentionKind.ALIAS, EXTRACTOR, value=fold(body),
                                  confidence=0.95 if cue else 0.85,
                                  attrs={"quoted": text[match.start():match.end()]}))
    return found
