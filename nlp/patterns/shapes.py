"""Regular-expression building blocks shared by the pattern extractors (Latin script, EN and FR)."""

from __future__ import annotations

__all__ = ["CAP_WORD", "LOWER", "SPACE", "UPPER", "WORD_CHARS", "words"]

#: Upper- and lower-case letters of English and French (Python's ``re`` has no ``\p{Lu}``).
UPPER = "A-ZÀ-ÖØ-ÞŒ"
LOWER = "a-zß-öø-ÿœ"
#: Letters, digits and the joiners that occur inside names (``O'Neil``, ``Saint-Joseph``).
WORD_CHARS = rf"{UPPER}{LOWER}0-9'’\-"
#: A capitalised word (``Lakeview``, ``O'Neil``, ``Saint-Joseph``, ``THOMPSON``).
CAP_WORD = rf"[{UPPER}][{UPPER}{LOWER}'’\-]*(?<!['’\-])"
#: Horizontal white space, including the no-break spaces French typography puts in « ».
SPACE = r"[ \t\u00a0\u202f]"


def words(block: str) -> tuple[str, ...]:
    """The white-space separated words of a block of text: word lists kept readable as data."""
    return tuple(block.split())
