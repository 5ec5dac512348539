"""Name particles: the short words written before a family name that belong to it.

One declaration for the three places that need them: splitting a full name into given names and
surname (structured fields in :mod:`ingest.names`, narrative mentions in :mod:`nlp.persons`), cutting
a compound surname into the parts a narrative may use alone (:mod:`nlp.persons`), and comparing
surname parts in person resolution (:mod:`graph.resolve.names`). Particles are compared folded
(:func:`models.normalise.fold`), so ``De``, ``DE`` and ``dé`` are one particle.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.normalise import fold

__all__ = ["SURNAME_PARTICLES", "SURNAME_PART_PARTICLES", "surname_start"]

#: Words that join the family name written after them (``Marie de la Fontaine``, ``Jan van der
#: Berg``, ``Luc St. Onge``, ``Ronald Mac Donald``): a split keeps them with the surname, and a
#: compound surname cut into parts leaves them out (``de la Fontaine`` is not called ``de``).
SURNAME_PARTICLES = frozenset({
    "de", "del", "della", "des", "du", "la", "le", "van", "von", "der", "den", "da", "di", "dos", "das",
    "st", "st.", "ste", "ste.", "saint", "sainte", "mac", "mc",
})

#: For comparing the parts of a name already known to be a surname (resolution), also the pieces a
#: surname breaks into at apostrophes (``O'Brien``, ``d'Amours``, ``l'Heureux``), the connectives of
#: Spanish and Portuguese double surnames (``García y López``, ``Costa e Silva``), and the Arabic and
#: Hebrew prefixes (``ben``, ``bin``, ``al``, ``el``). Not particles when splitting a full name: there
#: a lone ``D``, ``E``, ``L``, ``O`` or ``Y`` is a middle initial, and ``Ben`` or ``Al`` a given name.
SURNAME_PART_PARTICLES = SURNAME_PARTICLES | frozenset({"o", "d", "l", "y", "e", "ben", "bin", "al", "el"})


def surname_start(tokens: Sequence[str]) -> int:
    """Where the surname begins in ``Given Middle Surname`` (two tokens or more): the last token and
    the particles right before it, never the first token (``De Smith`` is a given name and a surname)."""
    cut = len(tokens) - 1
    while cut > 1 and fold(tokens[cut - 1]) in SURNAME_PARTICLES:
        cut -= 1
    return cut
