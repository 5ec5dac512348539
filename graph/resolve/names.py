"""Name comparison for person resolution: given-name families beyond the narrative lexicon, surname
parts and particles, initials and truncations.

:mod:`nlp.names` holds the short forms the extractor needs (modern English and French). Records of
one person also carry older and more formal forms (``Wm``, ``Thos``, ``Polly`` for Mary, ``Jas``,
``Geo``), diminutives of other languages common in Canada, francisation (``Guillaume``/``William``),
and, in First Nations and Inuit communities, a baptismal name beside a name in the language, hyphenated
or compound given names (``Mary-Jane``, ``Jean-Baptiste``), and Indigenous surnames transliterated in
several spellings (handled by the phonetic keys of :mod:`.blocking`). This table adds general knowledge
of names; it is drawn from no data set and no generator.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from graph.resolve.blocking import squash
from models.names import SURNAME_PART_PARTICLES
from models.normalise import fold
from nlp.names import given_variants as _lexicon_variants

_MORE_FAMILIES = """
william wm will bill billy willy liam wilhelm guillaume
thomas thos tom tommy tomas thom
james jas jim jimmy jamie jimmie diego jacques seamus
charles chas charlie chuck charley
george geo georgie jorge georges
joseph jos joe joey giuseppe jose
john jno johnny jack jon johann juan jean ian evan sean shane hans jock
benjamin benj ben benny benjy
samuel saml sam sammy
richard richd rich rick ricky dick dickie
robert robt rob bob bobby robbie bert rab
edward edw ed eddie ted teddy ned edouard
henry hy harry hank hal henri enrique
elizabeth eliza betsy betty bess bessie beth liz lizzie libby elspeth lisbeth elsie
mary polly molly mae mamie maria marie mimi moll
margaret margt maggie meg peggy marge margie madge greta daisy marguerite
sarah sally sadie sara
ann anne anna annie nancy nan nanny hannah
catherine kate kitty kathy katie cathy kit kay katharine katherine kathryn
martha patty mattie marty
dorothy dolly dot dottie dora
susanna susan sue susie suzanne sukey
frances fanny fran francie frankie
isabella isabel bella belle ibbie
jane jenny jennie janet jean jeanne joan
abigail abby nabby gail
christopher kit chris christophe cristobal
nicholas nick nicol nicolas klaus
frederick fred freddy fritz frederic
alfred alf alfie fred
albert al bert bertie
arthur art artie
walter walt wally
lawrence laurie larry lawrie laurent lorenzo
michael mick mike mickey mikey michel miguel
patrick pat paddy patsy padraig
peter pete pierre pedro piers
stephen steve stevie steven etienne esteban
timothy tim timmy
daniel dan danny dannie
david dave davy davie
jonathan jon jonny johnny
matthew matt matty mathieu mat
anthony tony antoine antonio
andrew andy drew andre andreas
alexander alex alec sandy alexandre alasdair
jessica jess jessie
jennifer jen jenny jenn jenna
rebecca becky becca reba
deborah debbie deb debra
victoria vicky vicki tori
christina christine tina chrissy kristina kristine
patricia pat patty trish tricia
kimberly kim kimmy
amanda mandy manda
louise lou lulu louisa
josephine jo josie fifi
eleanor ellie nell nellie elinor leonora nora
helen helena ellen nell elaine
theodore ted teddy theo
zachary zach zack
nathaniel nathan nate nat
jacob jake jakob jacques
gabriel gabe gabby
raphael rafe rafael
xavier xav
baptiste jean-baptiste
marie-eve eve
marie-claude claude
"""


@cache
def _families() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in _MORE_FAMILIES.strip().splitlines():
        names = line.split()
        for n in names:
            out.setdefault(n, set()).update(names)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1 << 16)
def given_family(word: str) -> frozenset[str]:
    """The folded name with every name it is a form of (both tables)."""
    folded = fold(word).rstrip(".")
    out = set(_lexicon_variants(folded))
    out |= _families().get(folded, frozenset())
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def same_given(a: str, b: str) -> bool:
    """Equal after folding, or forms of one name in either table."""
    fa, fb = fold(a).rstrip("."), fold(b).rstrip(".")
    return fa == fb or fb in given_family(fa) or fa in given_family(fb)


def initial_of(a: str, b: str) -> bool:
    """``K.`` (or ``K``) written for ``Katherine``."""
    x, y = a.rstrip("."), b.rstrip(".")
    return (len(x) == 1 or len(y) == 1) and x[:1] == y[:1] and bool(x) and bool(y)


def truncation_of(a: str, b: str) -> bool:
    """One name cut short from the other (``Alex``/``Alexandra``, ``Chris``/``Christopher``, ``Sam``)."""
    x, y = (a, b) if len(a) <= len(b) else (b, a)
    return len(x) >= 3 and x != y and y.startswith(x)


_PARTS = re.compile(r"[\s\-']+")


@lru_cache(maxsize=1 << 16)
def surname_parts(surname: str) -> frozenset[str]:
    """The significant parts of a (hyphenated, compound) surname, folded, particles left out."""
    return frozenset(squash(p) for p in _PARTS.split(fold(surname)) if p and squash(p) and squash(p) not in SURNAME_PART_PARTICLES)


def surname_part_match(a: str, b: str) -> bool:
    """``Smith-Jones`` ~ ``Jones``, ``de la Fontaine`` ~ ``Lafontaine``, ``St-Onge`` ~ ``Saint Onge``: one
    part in common, or one surname (squashed) inside the other, but not the same surname."""
    sa, sb = squash(a), squash(b)
    if not sa or not sb or sa == sb:
        return False
    pa, pb = surname_parts(a), surname_parts(b)
    if pa & pb and (len(pa) > 1 or len(pb) > 1):
        return True
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(short) >= 4 and short in long_
