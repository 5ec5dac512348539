"""Splitting personal names into surname and given names, as the sources write them.

Names are kept verbatim (capitals, accents, hostile text): only the split is decided here.
Normalisation for matching happens later, in the normalisers and resolution.
"""

from __future__ import annotations

from functools import lru_cache

from models.names import surname_start


# Both splits are pure and exports repeat names (one person in many records), so they are
# cached; results are immutable tuples, and the caches are bounded against hostile input.
@lru_cache(maxsize=8192)
def split_surname_first(raw: str) -> tuple[str | None, str | None]:
    """``SURNAME, Given Middle`` (mpr) → (surname, given). Without a comma: a full name."""
    if "," in raw:
        surname, _, given = raw.partition(",")
        return (surname.strip() or None, given.strip() or None)
    return split_full_name(raw)


@lru_cache(maxsize=8192)
def split_full_name(raw: str) -> tuple[str | None, str | None]:
    """``Given Middle Surname`` → (surname, given), keeping particles with the surname."""
    tokens = raw.split()
    if not tokens:
        return (None, None)
    if len(tokens) == 1:
        return (tokens[0], None)
    cut = surname_start(tokens)
    return (" ".join(tokens[cut:]), " ".join(tokens[:cut]))
