"""An error model for person records that is not the world generator's: how clerks, forms, OCR and
memory corrupt what a record says about a person.

Why a second error model. The generator's worlds vary names by short forms and typos and dates of
birth by a day/month swap or a blank, and nothing else; a matcher fitted to them alone learns that
a date of birth one digit off is never the same person (it never saw one). Public person data show
other slips: one digit of a date mistyped, two digits swapped, the year one off, only a year known
(an age), a given name cut short, written as an initial or as a nickname of another language, a
middle name used as the first, names in the wrong order, surnames hyphenated or changed by
marriage, keyboard neighbours and OCR confusions (``rn``/``m``, ``0``/``o``, ``1``/``l``), blank
fields, postcodes with one character off. This module writes those slips, at rates that differ
per source (each synthetic agency draws its own quality), onto identities whose names come from the
training worlds' people and whose dates of birth span 1700 to today (historical registers as well
as missing youth). :mod:`.matcher` labels the blocked pairs of such records and adds them to the
generator's pairs, so each comparison level's weight is learned from both, and the matcher is then
measured on data neither made (Febrl's own error model, and the bench's separate corruption).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import accumulate
from typing import TypeVar

from graph.resolve.names import given_family
from graph.resolve.types import PersonMention
from models.normalise import fold

T = TypeVar("T")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEAR: dict[str, str] = {}
for r, row in enumerate(_ROWS):
    for c, ch in enumerate(row):
        near = [row[c - 1] if c > 0 else "", row[c + 1] if c + 1 < len(row) else ""]
        for rr in (r - 1, r + 1):
            if 0 <= rr < len(_ROWS) and c < len(_ROWS[rr]):
                near.append(_ROWS[rr][c])
        _NEAR[ch] = "".join(near)
_OCR = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("o", "0"), ("l", "1"), ("i", "l"), ("e", "c"), ("c", "e"),
        ("h", "b"), ("u", "v"), ("v", "u"), ("n", "ri"), ("s", "5"), ("b", "8"), ("g", "q"), ("a", "o"))
_PHONETIC = (("ph", "f"), ("f", "ph"), ("c", "k"), ("k", "c"), ("ie", "y"), ("y", "ie"), ("ll", "l"), ("l", "ll"), ("tt", "t"),
             ("ou", "u"), ("eau", "o"), ("s", "z"), ("mm", "m"), ("ck", "k"))


def typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard: a neighbour key, a letter dropped, doubled or two swapped."""
    if len(word) < 2:
        return word
    i = rng.randrange(len(word))
    kind = rng.random()
    if kind < 0.35 and word[i] in _NEAR:
        return word[:i] + rng.choice(_NEAR[word[i]]) + word[i + 1:]
    if kind < 0.6:
        return word[:i] + word[i + 1:]
    if kind < 0.75:
        return word[:i] + word[i] + word[i:]
    j = min(i + 1, len(word) - 1)
    return word[:i] + word[j] + word[i] + word[j + 1:] if j > i else word


def ocr(word: str, rng: random.Random) -> str:
    """One OCR or phonetic confusion, where the word has a place for one."""
    options = [(a, b) for a, b in (*_OCR, *_PHONETIC) if a in word]
    if not options:
        return typo(word, rng)
    a, b = rng.choice(options)
    at = [k for k in range(len(word)) if word.startswith(a, k)]
    k = rng.choice(at)
    return word[:k] + b + word[k + len(a):]


def dob_slip(d: date, rng: random.Random) -> date | None:
    """A date of birth as a clerk mistypes it: one digit, two adjacent digits swapped, day and
    month swapped, the year one off (None when the slip makes no real date: the field is then
    unreadable and kept as written, which matching does not see)."""
    x = d.strftime("%Y%m%d")
    kind = rng.random()
    if kind < 0.35:
        i = rng.randrange(2, 8)
        x = x[:i] + str(rng.randrange(10)) + x[i + 1:]
    elif kind < 0.6:
        i = rng.randrange(2, 7)
        x = x[:i] + x[i + 1] + x[i] + x[i + 2:]
    elif kind < 0.8:
        x = x[:4] + x[6:8] + x[4:6]
    else:
        year = d.year + rng.choice((-1, 1))
        return date(year, d.month, min(d.day, 28)) if (d.month, d.day) == (2, 29) else date(year, d.month, d.day)
    try:
        return date(int(x[:4]), int(x[4:6]), int(x[6:8]))
    except ValueError:
        return None


@dataclass(frozen=True)
class Quality:
    """Error rates of one source (per record field)."""

    name_typo: float
    nickname: float
    initial: float
    middle: float
    swap_order: float
    surname_change: float
    dob_slip: float
    dob_blank: float
    dob_year_only: float
    sex_blank: float
    address_blank: float
    postcode_slip: float
    email_blank: float
    #: A field holding another value altogether (a sibling's first name, a maiden name, a wrong date).
    replaced: float

    @classmethod
    def draw(cls, rng: random.Random) -> Quality:
        level = rng.choice((0.3, 0.7, 1.0, 1.5, 2.2))
        def r(base: float) -> float:
            return min(base * level, 0.6)
        return cls(r(0.12), r(0.08), r(0.03), r(0.06), r(0.02), r(0.03), r(0.10), r(0.10), r(0.04), r(0.15), r(0.25),
                   r(0.05), r(0.4), r(0.04))


@dataclass(frozen=True)
class Identity:
    key: str
    given: tuple[str, ...]
    surname: str
    dob: date
    sex: str
    street: str | None
    city: str | None
    postcode: str | None
    email: str | None


def _nickname(name: str, rng: random.Random) -> str:
    forms = sorted(given_family(name) - {name})
    return rng.choice(forms) if forms else name


def corrupt(person: Identity, q: Quality, rng: random.Random, agency: str, key: str,
            other: Identity | None = None) -> PersonMention:
    """One record of ``person`` written by a source of quality ``q`` (``other``: a person whose values a
    replaced field takes)."""
    given = list(person.given)
    surname = person.surname
    if other is not None and rng.random() < q.replaced / 8:  # rarer than a surname changed: a twin looks like this
        given = list(other.given)
    if other is not None and rng.random() < q.replaced:
        surname = other.surname
    if rng.random() < q.nickname:
        given[0] = _nickname(given[0], rng)
    if rng.random() < q.middle:
        given = given[1:] or given if len(given) > 1 and rng.random() < 0.25 else given[:1]
    if rng.random() < q.initial:
        given[0] = given[0][:1]
    if rng.random() < q.name_typo:
        given[0] = (typo if rng.random() < 0.6 else ocr)(given[0], rng)
    if rng.random() < q.name_typo:
        surname = (typo if rng.random() < 0.6 else ocr)(surname, rng)
    if rng.random() < q.surname_change:
        surname = f"{surname}-{rng.choice(('smith', 'tremblay', 'moose', 'roy', 'wilson', 'gagnon'))}"
    if rng.random() < q.swap_order and given:
        given, surname = [surname], given[0]
    dob: date | None = person.dob
    birth_year = None
    u = rng.random()
    if u < q.dob_blank:
        dob = None
    elif u < q.dob_blank + q.dob_year_only:
        dob, birth_year = None, person.dob.year + rng.choice((-1, 0, 0, 1))
    elif u < q.dob_blank + q.dob_year_only + q.dob_slip:
        dob = dob_slip(person.dob, rng)
    elif u < q.dob_blank + q.dob_year_only + q.dob_slip + q.replaced / 10 and other is not None:
        dob = other.dob
    postcode = person.postcode
    if postcode and rng.random() < q.postcode_slip:
        postcode = typo(postcode.lower(), rng).upper()
    has_address = rng.random() >= q.address_blank
    street = person.street if has_address and person.street and rng.random() >= q.address_blank / 2 else None
    if street and rng.random() < q.name_typo:
        street = typo(street, rng)
    given_t = tuple(fold(g) for g in given if g)
    return PersonMention(
        key=f"{key}#S1", record_key=key, agency=agency, origin="subject", role="MISSING",
        name=f"{' '.join(given_t)} {surname}", surname=fold(surname), given=given_t, dob=dob, birth_year=birth_year,
        sex=None if rng.random() < q.sex_blank else person.sex,
        postcodes=frozenset({postcode}) if has_address and postcode else frozenset(),
        cities=frozenset({fold(person.city)}) if has_address and person.city else frozenset(),
        streets=frozenset({fold(street)}) if street else frozenset(),
        emails=frozenset({person.email}) if person.email and rng.random() >= q.email_blank else frozenset())


@dataclass(frozen=True)
class Seed:
    """What the identities are drawn from: names and addresses (the training worlds' people)."""

    given: Sequence[tuple[str, str]]
    surnames: Sequence[str]
    addresses: Sequence[tuple[str, str, str]]


def _zipf(values: Sequence[T], rng: random.Random) -> Callable[[], T]:
    """A sampler of ``values`` (distinct, in a shuffled order) with weights 1/rank: a few names very
    common (the John Smiths), most rare, as in any population."""
    distinct = sorted(set(values), key=str)
    rng.shuffle(distinct)
    cum = list(accumulate(1.0 / (r + 1) for r in range(len(distinct))))
    return lambda: rng.choices(distinct, cum_weights=cum)[0]


def identities(seed: Seed, n: int, rng: random.Random) -> list[Identity]:
    """``n`` people: names drawn with Zipf weights (common names recur, with other dates of birth),
    dates of birth from 1700 to 2015, some families (a surname and an address shared by siblings,
    a few twins with one birthday)."""
    out: list[Identity] = []
    start = date(1700, 1, 1).toordinal()
    span = date(2015, 12, 31).toordinal() - start
    draw_given, draw_surname = _zipf(seed.given, rng), _zipf(seed.surnames, rng)
    # Postal codes as areas for half the people (a suburb's, shared by many, as Australian or rural codes
    # are), as the address's own code for the rest (one street, as urban Canadian and UK codes are).
    areas = sorted({pc[:3] for _, _, pc in seed.addresses if pc})
    while len(out) < n:
        given, sex = draw_given()
        surname = draw_surname()
        street, city, postcode = rng.choice(seed.addresses)
        if areas and rng.random() < 0.5:
            postcode = rng.choice(areas)
        dob = date.fromordinal(start + (rng.randrange(span) if rng.random() < 0.5 else span - rng.randrange(span // 8)))
        second = rng.choice(seed.given)[0] if rng.random() < 0.4 else None
        email = f"{given[:1]}{surname}{rng.randrange(100)}@example.org".lower() if rng.random() < 0.5 else None
        base = Identity(f"I{len(out)}", (given, second) if second else (given,), surname, dob, sex, street, city, postcode, email)
        out.append(base)
        if rng.random() < 0.1:  # a sibling at the same address; sometimes a twin
            other, other_sex = draw_given()
            sib_dob = dob if rng.random() < 0.3 else dob + timedelta(days=rng.randrange(300, 3000))
            out.append(replace(base, key=f"I{len(out)}", given=(other,), sex=other_sex, dob=sib_dob, email=None))
    return out[:n]


def corrupted_records(seed: Seed, n_people: int, rng: random.Random, agencies: int = 6) -> tuple[list[PersonMention], dict[str, str]]:
    """Records of ``n_people`` identities (one to five each), by sources of differing quality; and the truth."""
    qualities = [Quality.draw(rng) for _ in range(agencies)]
    mentions: list[PersonMention] = []
    truth: dict[str, str] = {}
    people = identities(seed, n_people, rng)
    for person in people:
        for _ in range(1 + min(4, int(rng.expovariate(0.9)))):
            a = rng.randrange(agencies)
            key = f"E{a}:{len(mentions):07d}"
            m = corrupt(person, qualities[a], rng, f"E{a}", key, rng.choice(people))
            mentions.append(m)
            truth[m.key] = person.key
    return mentions, truth
