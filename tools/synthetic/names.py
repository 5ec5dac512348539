"""Name variants: the same true person written differently from one record to the next.

Clerks use nicknames, drop or keep middle names, lose accents on English keyboards, type
surnames in capitals and make typos. Entity resolution has to see all of that, so every
rendering of a person goes through here.
"""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

from tools.synthetic.pools import NICKNAMES


@lru_cache(maxsize=8192)
def strip_accents(text: str) -> str:
    """``Séguin`` → ``Seguin`` (what an English keyboard or an old system produces)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_accents(text: str) -> bool:
    return strip_accents(text) != text


def typo(word: str, rng: random.Random) -> str:
    """One keying error: a dropped, doubled or swapped letter (never on the first letter)."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        out = word[:i] + word[i + 1:]
    elif kind == 1:
        out = word[:i] + word[i] + word[i:]
    else:
        out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return out if out != word else word[:i] + word[i + 1:]


def nickname(first: str, rng: random.Random) -> str | None:
    options = NICKNAMES.get(first)
    return rng.choice(options) if options else None


def written_given(given: str, rng: random.Random, *, english_agency: bool, p_variant: float = 1.0) -> str:
    """Given name(s) as one record writes them.

    ``p_variant`` scales all variation: narratives vary a little less than structured fields.
    """
    parts = given.split()
    first, middles = parts[0], parts[1:]
    roll = rng.random
    nick = nickname(first, rng)
    if nick and roll() < 0.12 * p_variant:
        first = nick
    out = [first]
    if middles:
        r = roll()
        if r < 0.45:
            out += middles
        elif r < 0.5:
            out.append(middles[0][0] + ".")
    text = " ".join(out)
    if has_accents(text) and roll() < (0.35 if english_agency else 0.05) * p_variant:
        text = strip_accents(text)
    if roll() < 0.04 * p_variant:
        text = typo(text, rng)
    return text


def written_surname(surname: str, rng: random.Random, *, english_agency: bool, p_upper: float,
                    p_variant: float = 1.0) -> str:
    """Family name as one record writes it: capitals, lost accents, a typo, a lost apostrophe."""
    text = surname
    roll = rng.random
    if has_accents(text) and roll() < (0.35 if english_agency else 0.05) * p_variant:
        text = strip_accents(text)
    if "'" in text and roll() < 0.4 * p_variant:
        text = text.replace("'", "" if roll() < 0.5 else " ")
    if roll() < 0.04 * p_variant:
        text = typo(text, rng)
    if roll() < p_upper:
        text = text.upper()
    return text


def spoken_name(given: str, surname: str, rng: random.Random, *, english_agency: bool) -> str:
    """A full name inside a narrative: first name (or nickname) and surname, lightly varied."""
    first = written_given(given.split()[0], rng, english_agency=english_agency, p_variant=0.8)
    last = written_surname(surname, rng, english_agency=english_agency, p_upper=0.0, p_variant=0.8)
    return f"{first} {last}"
