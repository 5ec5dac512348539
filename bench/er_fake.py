"""A fourth error model, for a set shaped like public "fake person" linkage sets: about a thousand rows of
a quarter as many people, with first name, surname, date of birth, city and e-mail, many blanks and typos.

Why another one: the project's generator, the resolver's training error model (``tools.training.errors``)
and the bench's corruption (``bench/er_records.py``) each make their own slips; a matcher that scores
well on all three may still have learned their habits. This one draws its people with Faker (names of
the English- and French-Canadian locales, cities, e-mail addresses: none from the project's name
lists) and corrupts them with slips of its own kind: letters replaced by any letter (not a keyboard
neighbour), a sound spelt another way by rules not used elsewhere here (``ph``/``f``, ``ck``/``k``,
``ee``/``ea``, doubled letters, ``y``/``ie`` endings, accents dropped or added), names cut short, a
first name reduced to its first three or four letters, a short form picked by people's habits rather
than a lexicon (the first syllable plus ``y``, ``ie`` or nothing), a second surname appended after a
hyphen, dates of birth with a day off by one to three, a digit of the year or the day retyped, the
day and month read the other way, and fields left blank at rates that differ per field. Rows keep
the person's true id, so pairwise precision and recall are exact.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

_SOUNDS = (("ph", "f"), ("f", "ph"), ("ck", "k"), ("k", "ck"), ("ee", "ea"), ("ea", "ee"), ("ou", "ow"), ("ie", "y"), ("y", "ie"),
           ("ll", "l"), ("nn", "n"), ("tt", "t"), ("ss", "s"), ("c", "k"), ("z", "s"), ("ai", "ay"), ("ei", "ie"), ("x", "ks"),
           ("é", "e"), ("e", "é"), ("è", "e"), ("ç", "c"), ("ë", "e"), ("ï", "i"))
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class FakeRow:
    uid: str
    entity: str
    given: str
    surname: str
    dob: str  # YYYYMMDD or ""
    sex: str
    city: str
    email: str


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _respell(word: str, rng: random.Random) -> str:
    low = word.lower()
    options = [(a, b) for a, b in _SOUNDS if a in low]
    if not options:
        return _letter(word, rng)
    a, b = rng.choice(options)
    at = [k for k in range(len(low)) if low.startswith(a, k)]
    k = rng.choice(at)
    out = low[:k] + b + low[k + len(a):]
    return out.capitalize() if word[:1].isupper() else out


def _letter(word: str, rng: random.Random) -> str:
    """Any letter replaced, inserted or dropped (not a keyboard neighbour: a misheard or misread letter)."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    u = rng.random()
    if u < 0.5:
        return word[:i] + rng.choice(_LETTERS) + word[i + 1:]
    if u < 0.75:
        return word[:i] + rng.choice(_LETTERS) + word[i:]
    return word[:i] + word[i + 1:]


def _short_form(given: str, rng: random.Random) -> str:
    """A short form as people make them: the first syllable, with ``y`` or ``ie`` or nothing."""
    low = given.lower()
    vowels = [k for k, c in enumerate(low) if c in "aeiouy"]
    cut = next((k + 2 for k in vowels if k + 2 <= len(low) and k >= 1), min(3, len(low)))
    stem = low[:max(3, cut)]
    if stem == low:
        return given
    return (stem + rng.choice(("", "y", "ie"))).capitalize()


def _given_error(given: str, rng: random.Random) -> str:
    u = rng.random()
    if u < 0.3:
        return _respell(given, rng)
    if u < 0.55:
        return _letter(given, rng)
    if u < 0.75:
        return _short_form(given, rng)
    if u < 0.85:
        return given[:rng.choice((3, 4))]
    return _strip_accents(given).upper()


def _surname_error(surname: str, others: list[str], rng: random.Random) -> str:
    u = rng.random()
    if u < 0.4:
        return _respell(surname, rng)
    if u < 0.8:
        return _letter(surname, rng)
    if u < 0.9:
        return f"{surname}-{rng.choice(others)}"
    return _strip_accents(surname)


def _dob_error(d: date, rng: random.Random) -> str:
    u = rng.random()
    if u < 0.3:
        moved = d + timedelta(days=rng.choice((-3, -2, -1, 1, 2, 3)))
        return moved.strftime("%Y%m%d")
    if u < 0.55 and d.day <= 12 and d.day != d.month:
        return f"{d.year:04d}{d.day:02d}{d.month:02d}"
    raw = d.strftime("%Y%m%d")
    i = rng.choice((2, 3, 6, 7))  # a digit of the year's last two or of the day
    typed = raw[:i] + str(rng.randrange(10)) + raw[i + 1:]
    try:
        date(int(typed[:4]), int(typed[4:6]), int(typed[6:]))
    except ValueError:
        return raw
    return typed


def fake_rows(n_people: int = 250, *, seed: int = 2718, blank: float = 1.0, error: float = 1.0) -> list[FakeRow]:
    """About four rows per person (one to eleven), the first one clean, the others with slips.

    ``blank`` and ``error`` scale the per-field rates of blanks and slips.
    """
    rng = random.Random(seed)
    fake = Faker(["en_CA", "fr_CA"])
    fake.seed_instance(seed)
    people = []
    for p in range(n_people):
        sex = rng.choice("FM")
        given = fake.first_name_female() if sex == "F" else fake.first_name_male()
        surname = fake.last_name()
        dob = date.fromordinal(date(1940, 1, 1).toordinal() + rng.randrange(74 * 365))
        city = fake.city()
        email = (f"{_strip_accents(given).lower()}{rng.choice(('.', '_', ''))}{_strip_accents(surname).lower().replace(' ', '')}"
                 f"{rng.randrange(100) if rng.random() < 0.5 else ''}@{fake.free_email_domain()}")
        people.append((f"P{p:05d}", given, surname, dob, sex, city, email))
    surnames = [p[2] for p in people]
    rows: list[FakeRow] = []
    for pid, given, surname, dob, sex, city, email in people:
        copies = 1 + min(10, round(rng.expovariate(1 / 3.0)))
        for k in range(copies):
            g, s, d, c, e = given, surname, dob.strftime("%Y%m%d"), city, email
            if k:
                if rng.random() < 0.25 * error:
                    g = _given_error(g, rng)
                if rng.random() < 0.2 * error:
                    s = _surname_error(s, surnames, rng)
                if rng.random() < 0.2 * error:
                    d = _dob_error(dob, rng)
                if rng.random() < 0.15 * error:
                    c = _letter(c, rng)
                if rng.random() < 0.15 * error:
                    local, _, domain = e.partition("@")
                    e = f"{_letter(local, rng)}@{domain}"
            for name, rate in (("g", 0.08), ("s", 0.05), ("d", 0.15), ("c", 0.25), ("e", 0.3)):
                if rng.random() < rate * blank:
                    g, s, d, c, e = (("" if name == "g" else g), ("" if name == "s" else s), ("" if name == "d" else d),
                                     ("" if name == "c" else c), ("" if name == "e" else e))
            rows.append(FakeRow(f"{pid}-{k}", pid, g, s, d, sex, c, e))
    rng.shuffle(rows)
    return rows
