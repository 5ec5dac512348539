"""Whose alias is it: an alias stated with a person belongs to that person.

An investigator reads `Mike Hamelton aka "Hollywood"` as one man with a street name; the graph
must too, or "Hollywood" floats as a person of its own and tops every ranking. An alias is
*stated with* a person mention when it sits inside that mention's span (`Reginald "Reggie"
Okafor`), or follows it with a cue between them (aka, a.k.a., also known as, known as, goes by,
alias, dit, surnommé, connu sous le nom de), commas and an opening quote allowed. A subject's
structured ``aliases[]`` are stated with the subject.

Elsewhere an alias said alone ("she left with "Hollywood"") joins a person only when the alias
is stated with exactly one person across the records the build holds that carry no caveat (a
binding an informer's tip states stays in that tip, or its readers' would learn what it says):
never by a first-name or spelling likeness (a pseudonym once landed on a suspect that way). Otherwise it stays an
alias-only person, labelled as such and left out of key-player rankings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from models.graph import Mention
from models.vocabulary import MentionKind

ALGORITHM = "alias-stated-with/1.0"

_CUE = re.compile(
    r"^[\s,;(\-–—]*(?:a\.?\s?k\.?\s?a\.?|also\s+known\s+as|known\s+as|goes\s+by|alias|street\s+name|dit|dite|"
    r"surnomm[ée]e?|connue?\s+sous\s+(?:le\s+)?nom\s+de)[\s,:]*[\"“«‘'\u00a0\u202f]*\s*$", re.IGNORECASE)
#: How far before an alias its person may end (a cue and punctuation, not a clause).
_MAX_GAP = 40


def stated_with(mentions: Sequence[Mention], text: str) -> Iterator[tuple[Mention, Mention]]:
    """``(alias, person)`` for every alias mention stated with a person mention of the same text."""
    persons = sorted((m for m in mentions if m.kind is MentionKind.PERSON), key=lambda m: (m.start, -m.end))
    for alias in (m for m in mentions if m.kind is MentionKind.ALIAS):
        inside = [p for p in persons if p.start <= alias.start and alias.end <= p.end]
        if inside:
            yield alias, inside[0]
            continue
        before = [p for p in persons if p.end <= alias.start and alias.start - p.end <= _MAX_GAP]
        if before and (_CUE.match(text[before[-1].end:alias.start]) or before[-1].attrs.get("nickname") == alias.text):
            yield alias, before[-1]
