"""Blocking: which pairs are worth comparing at all.

Comparing everyone with everyone is quadratic. Each record gets a few keys (a phonetic name
key, a date of birth, a shared phone or identifier...) and only records sharing a key are
compared. Several independent keys keep recall: a pair missed by one (a surname typo changes
the phonetic key) is caught by another (the date of birth). A key shared by very many
records is no evidence (a group home's phone) and is skipped rather than exploding the pairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import combinations

import jellyfish

from models.normalise import fold

_NOT_LETTERS = re.compile(r"[^a-z]")


@lru_cache(maxsize=1 << 16)
def squash(name: str) -> str:
    """Folded letters only: ``D'Amours``, ``d amours`` and ``DAMOURS`` meet; so do ``Séguin`` and ``Seguin``."""
    return _NOT_LETTERS.sub("", fold(name))


_FRENCH_ENDING = re.compile(r"(?:e?aux?|eault|ault|eau)$|(?<=[aeiouy])(?:[tdsxz]+|e)$")


def french_trim(s: str) -> str:
    """Silent French endings dropped: ``thibodeault``, ``thibodeaux`` and ``thibodeau`` meet; so do
    ``arsenault`` and ``arseneau``; ``lachance`` and ``lachanse`` keep their ending."""
    return _FRENCH_ENDING.sub("o", s) if s.endswith(("eau", "eaux", "ault", "eault", "aux")) else _FRENCH_ENDING.sub("", s)


@lru_cache(maxsize=1 << 16)
def phonetic_keys(name: str) -> tuple[str, ...]:
    """Sound-alike keys of a family name: Metaphone (English spelling), NYSIIS (robust to vowel and
    doubled-letter changes, as in transliterated Indigenous names: Kakegamic, Kakegamick; Meekis,
    Meekiss), Metaphone after French silent endings, plus the squashed name itself."""
    s = squash(name)
    if not s:
        return ()
    return tuple(sorted({f"s:{s}", f"m:{jellyfish.metaphone(s)}", f"y:{jellyfish.nysiis(s)}", f"f:{jellyfish.metaphone(french_trim(s))}"}))


def candidate_pairs(keys: Sequence[Iterable[str]], *, max_block: int = 400,
                    allowed: Callable[[int, int], bool] | None = None) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, that share at least one key held by at most ``max_block`` records."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for k in set(ks):
            blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for i, j in combinations(members, 2):
            if allowed is None or allowed(i, j):
                pairs.add((i, j))
    return pairs
