"""Regular-expression building blocks shared by the pattern extractors (Latin script, EN and FR)."""

from __future__ import annotations

__all__ = ["CAP_WORD", "LOWER", "SPACE", "UPPER", "WORD_CHARS", "words"]

#: Central European letters (Latin Extended-A: Polish, Czech, Croatian, Romanian, Turkish, Hungarian names such as
#: Wiśniewski, Łukasz, Dvořák, Kovačević), by case.
_EXTENDED_A = [chr(c) for c in range(0x100, 0x250)]  # and Latin Extended-B: Vietnamese ơ and ư (Trương, Phước)
#: Vietnamese letters with two marks (Latin Extended Additional: Nguyễn, Phạm, Văn, Dũng, Tài), by case.
_EXTENDED_ADDITIONAL = [chr(c) for c in range(0x1E00, 0x1F00)]
#: Upper- and lower-case letters of English and French, and Latin Extended-A (Python's ``re`` has no ``\p{Lu}``).
UPPER = "A-ZÀ-ÖØ-Þ" + "".join(c for c in (*_EXTENDED_A, *_EXTENDED_ADDITIONAL) if c.isupper())
LOWER = "a-zß-öø-ÿ" + "".join(c for c in (*_EXTENDED_A, *_EXTENDED_ADDITIONAL) if c.islower())
#: Letters, digits and the joiners that occur inside names (``O'Neil``, ``Saint-Joseph``).
WORD_CHARS = rf"{UPPER}{LOWER}0-9'’\-"
#: A capitalised word (``Lakeview``, ``O'Neil``, ``Saint-Joseph``, ``THOMPSON``).
CAP_WORD = rf"[{UPPER}][{UPPER}{LOWER}'’\-]*(?<!['’\-])"
#: Horizontal white space, including the no-break spaces French typography puts in « ».
SPACE = r"[ \t\u00a0\u202f]"


def words(block: str) -> tuple[str, ...]:
    """The white-space separated words of a block of text: word lists kept readable as data."""
    return tuple(block.split())
