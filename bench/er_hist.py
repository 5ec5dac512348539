"""A fifth error model, for a set shaped like public "historical persons with typos" linkage sets: about ten
rows per person (one to twenty, skewed), people born 1700–1950, with full name (middle names), date of
birth, birth place (a town), a postcode, gender and occupation, every row possibly damaged.

Why another one: the held-out evaluation of issue 14 runs such a set (about 50,000 rows) and it must not
be fetched; this is an imitation written apart from the resolver's training error model
(``tools.training.errors``), the bench's corruption (``bench/er_records.py``) and the fake-person model
(``bench/er_fake.py``), so a matcher tuned on those cannot have learned its habits. People are drawn with
Faker (en_GB, fr_FR and en_CA names and postcodes); towns come from a shared pool drawn with a skew (many
people born in the same few towns, as in a register); occupations from a list of historical trades.

What makes it hard, and how each slip is made:

* no row is kept clean: every row of a person goes through the same slips (a person's rows may share
  no exact field);
* names: letters swapped, dropped, doubled or misread (``rn``/``m``, ``u``/``n``, ``c``/``e``), register
  abbreviations of first names (``Wm.``, ``Jno.``, ``Chas.``, ``Thos.``), pet names, an initial alone,
  the first name dropped and a middle name used instead, middle names dropped or cut to initials,
  surnames respelt by sound (``-son``/``-sen``, ``Mc``/``Mac``, ``y``/``ie``/``ey``, a final ``e``
  added or dropped, ``ph``/``f``, doubled consonants), a woman's surname changed (another family);
* dates of birth: a digit retyped, day and month swapped, the year a decade or one off, the month
  written in the day's place so the date cannot exist (``1860-81-01``, ``1742-02-31``), the first of
  January for a year alone, or blank;
* birth place: a typo, another town, or blank; postcode: blank, the same district with another
  street code, one character off, or another postcode; gender blank; the occupation in the narrative
  about half the time, in one of its variant forms;
* namesakes: some people are sons and daughters of others with the same given name and surname, born
  20–40 years later in the same town (two people, not one: a precision test).

Rows keep the person's true id, so pairwise precision and recall are exact. Seeded: same rows every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from faker import Faker

LOCALES = (("en_GB", 0.6), ("fr_FR", 0.2), ("en_CA", 0.2))

#: Register abbreviations and pet names (written here; not the resolver's lexicon).
_SHORT = {
    "william": ("Wm", "Wm.", "Will", "Bill", "Willie"), "john": ("Jno", "Jno.", "Jack", "Johnny"),
    "charles": ("Chas", "Chas.", "Charlie"), "thomas": ("Thos", "Thos.", "Tom", "Tommy"), "george": ("Geo", "Geo.", "Georgie"),
    "james": ("Jas", "Jas.", "Jim", "Jamie"), "robert": ("Robt", "Robt.", "Bob", "Rob", "Bobby"), "richard": ("Richd", "Dick", "Rick"),
    "edward": ("Edwd", "Ed", "Ned", "Ted"), "joseph": ("Jos", "Jos.", "Joe"), "benjamin": ("Benj", "Ben"), "samuel": ("Saml", "Sam"),
    "elizabeth": ("Eliz", "Eliza", "Betsy", "Bess", "Lizzie"), "margaret": ("Margt", "Maggie", "Peggy", "Meg"),
    "mary": ("Molly", "Polly", "Mae"), "catherine": ("Cath", "Kate", "Kitty"), "katherine": ("Kath", "Kate", "Kitty"),
    "henry": ("Hy", "Harry", "Hal"), "frederick": ("Fredk", "Fred", "Freddie"), "alexander": ("Alexr", "Alex", "Sandy"),
    "daniel": ("Danl", "Dan"), "michael": ("Mich", "Mick", "Mike"), "patrick": ("Pat", "Paddy"), "anne": ("Annie", "Nan"),
    "ann": ("Annie", "Nan"), "sarah": ("Sally", "Sadie"), "jane": ("Jenny", "Jennie"), "helen": ("Nell", "Nellie"),
    "eleanor": ("Nell", "Ella"), "christopher": ("Xtopher", "Chris", "Kit"), "matthew": ("Matt",), "andrew": ("Andw", "Andy"),
    "david": ("Davy", "Dave"), "peter": ("Pete",), "francis": ("Frank", "Fras"), "nicholas": ("Nick", "Nicol"),
    "anthony": ("Tony", "Anty"), "susan": ("Sue", "Susie"), "dorothy": ("Dolly", "Dot"), "jean": ("Jeannot",),
    "pierre": ("Pierrot",), "louis": ("Loulou",), "marie": ("Mimi",), "philip": ("Phil",), "stephen": ("Steve",),
}
#: Sound respellings of surnames (pattern, replacement), tried where the pattern occurs.
_SURNAME_SOUNDS = (("son", "sen"), ("sen", "son"), ("mac", "mc"), ("mc", "mac"), ("ey", "y"), ("y", "ey"), ("ie", "y"),
                   ("ph", "f"), ("ck", "k"), ("ll", "l"), ("tt", "t"), ("rr", "r"), ("nn", "n"), ("ss", "s"), ("th", "t"),
                   ("ou", "ow"), ("ai", "ay"), ("ei", "ey"), ("au", "o"), ("eau", "o"), ("er", "ar"), ("c", "k"), ("s", "z"),
                   ("w", "v"), ("i", "y"), ("é", "e"), ("è", "e"))
_MISREAD = (("rn", "m"), ("m", "rn"), ("u", "n"), ("n", "u"), ("c", "e"), ("e", "c"), ("a", "o"), ("o", "a"), ("h", "b"),
            ("l", "t"), ("t", "l"), ("i", "l"), ("v", "u"), ("ll", "ff"))
_OCCUPATIONS = (
    ("blacksmith", "smith", "black-smith"), ("farmer", "husbandman", "yeoman"), ("weaver", "cloth weaver", "handloom weaver"),
    ("clergyman", "minister", "priest"), ("schoolmaster", "teacher", "school master"), ("labourer", "laborer", "ag. lab."),
    ("shoemaker", "cordwainer", "boot maker"), ("tailor", "taylor", "tailor & draper"), ("carpenter", "joiner", "carpenter & joiner"),
    ("mariner", "seaman", "sailor"), ("miner", "coal miner", "collier"), ("physician", "surgeon", "doctor"),
    ("merchant", "trader", "dealer"), ("soldier", "private", "army"), ("baker", "bread baker", "master baker"),
    ("domestic servant", "servant", "housemaid"), ("dressmaker", "seamstress", "milliner"), ("innkeeper", "publican", "victualler"),
    ("painter", "artist", "portrait painter"), ("composer", "musician", "organist"), ("politician", "member of parliament", "mp"),
    ("lawyer", "solicitor", "attorney"), ("writer", "author", "novelist"), ("engineer", "civil engineer", "engineer (civil)"),
    ("botanist", "naturalist", "scientist"), ("architect", "surveyor", "architect & surveyor"), ("printer", "compositor", "typesetter"),
    ("miller", "corn miller", "flour miller"), ("butcher", "flesher", "master butcher"), ("cooper", "barrel maker", "coopr"),
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class HistRow:
    uid: str
    entity: str
    #: First name and any middle names as written on the row (``"Jno. W."``, ``"Mary Ann"``, ``""``).
    given: str
    surname: str
    #: ``YYYYMMDD`` (possibly an impossible date) or ``""``.
    dob: str
    #: ``male``, ``female`` or ``""``.
    sex: str
    birth_place: str
    postcode: str
    #: The occupation as written on this row, or ``""`` (the narrative then says nothing of it).
    occupation: str


@dataclass(frozen=True)
class _Person:
    pid: str
    locale: str
    sex: str
    first: str
    middles: tuple[str, ...]
    surname: str
    dob: date
    town: str
    postcode: str
    occupation: int


def _case(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


def _typo(word: str, rng: random.Random) -> str:
    """One letter slip: swapped with its neighbour, dropped, doubled, replaced by any letter, or misread."""
    if len(word) < 3:
        return word
    low = word.lower()
    u = rng.random()
    i = rng.randrange(1, len(low))
    if u < 0.25 and i < len(low) - 1:
        out = low[:i] + low[i + 1] + low[i] + low[i + 2:]
    elif u < 0.45:
        out = low[:i] + low[i + 1:]
    elif u < 0.6:
        out = low[:i] + low[i] + low[i:]
    elif u < 0.8:
        out = low[:i] + rng.choice(_LETTERS) + low[i + 1:]
    else:
        spots = [(k, a, b) for a, b in _MISREAD for k in range(1, len(low)) if low.startswith(a, k)]
        if not spots:
            out = low[:i] + rng.choice(_LETTERS) + low[i + 1:]
        else:
            k, a, b = rng.choice(spots)
            out = low[:k] + b + low[k + len(a):]
    return _case(out, word)


def _respell(surname: str, rng: random.Random) -> str:
    low = surname.lower()
    u = rng.random()
    if u < 0.15:
        out = low[:-1] if low.endswith("e") and len(low) > 4 else low + "e"
    else:
        options = [(k, a, b) for a, b in _SURNAME_SOUNDS for k in range(len(low)) if low.startswith(a, k)]
        if not options:
            return _typo(surname, rng)
        k, a, b = rng.choice(options)
        out = low[:k] + b + low[k + len(a):]
    return _case(out, surname)


def _first_form(first: str, rng: random.Random) -> str:
    u = rng.random()
    forms = _SHORT.get(first.lower())
    if u < 0.45:
        return _typo(first, rng)
    if u < 0.75 and forms:
        return rng.choice(forms)
    if u < 0.85:
        return first[:1] + ("." if rng.random() < 0.5 else "")
    return first.upper() if rng.random() < 0.5 else first.lower()


def _dob(d: date, rng: random.Random) -> str:
    raw = d.strftime("%Y%m%d")
    u = rng.random()
    if u < 0.25:  # a digit retyped (not the century)
        i = rng.choice((2, 3, 4, 5, 6, 7))
        return raw[:i] + str(rng.randrange(10)) + raw[i + 1:]
    if u < 0.4:  # day and month the other way round (impossible when the day is above 12)
        return raw[:4] + raw[6:] + raw[4:6]
    if u < 0.55:
        return f"{d.year + rng.choice((-1, 1)):04d}{raw[4:]}"
    if u < 0.65:
        return f"{d.year + rng.choice((-10, 10)):04d}{raw[4:]}"
    if u < 0.8:  # month digits reversed or a day past the month's end: cannot exist
        if d.month in (1, 10, 11, 12) or rng.random() < 0.5:
            return f"{d.year:04d}{rng.choice(('81', '31', '13', '21', '91'))}{raw[6:]}"
        return f"{d.year:04d}{raw[4:6]}{rng.choice(('31', '32', '30', '00'))}"
    if u < 0.9:  # the year alone, registered as the first of January
        return f"{d.year:04d}0101"
    return raw[:4] + raw[4:6] + f"{min(28, max(1, d.day + rng.choice((-2, -1, 1, 2)))):02d}"  # the day a little off


def _postcode_variant(pc: str, locale: str, fake: Faker, rng: random.Random) -> str:
    u = rng.random()
    if u < 0.5 and " " in pc:  # same district, another street code (a move within town)
        outward = pc.partition(" ")[0]
        return f"{outward} {rng.randrange(10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    if u < 0.8:
        i = rng.randrange(len(pc))
        if pc[i] == " ":
            return pc.replace(" ", "")
        c = str(rng.randrange(10)) if pc[i].isdigit() else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        return pc[:i] + c + pc[i + 1:]
    return str(fake[locale].postcode())


def _people(n_people: int, rng: random.Random, fake: Faker) -> list[_Person]:
    towns = {loc: [str(fake[loc].city()) for _ in range(max(20, n_people // 25))] for loc, _ in LOCALES}
    weights = {loc: [1.0 / (rank + 5) for rank in range(len(pool))] for loc, pool in towns.items()}
    out: list[_Person] = []
    for p in range(n_people):
        locale = rng.choices([loc for loc, _ in LOCALES], [w for _, w in LOCALES])[0]
        f = fake[locale]
        if out and rng.random() < 0.06:  # a namesake child of an earlier person: same names, same town, a generation later
            parent = rng.choice(out)
            born = parent.dob.toordinal() + rng.randrange(20 * 365, 40 * 365)
            out.append(_Person(f"H{p:06d}", parent.locale, parent.sex, parent.first, parent.middles, parent.surname,
                               date.fromordinal(min(born, date(1950, 12, 31).toordinal())), parent.town, parent.postcode,
                               rng.randrange(len(_OCCUPATIONS))))
            continue
        sex = rng.choice(("male", "female"))
        name = f.first_name_male if sex == "male" else f.first_name_female
        first = str(name())
        middles = tuple(str(name()) for _ in range(rng.choices((0, 1, 2), (0.35, 0.5, 0.15))[0]))
        pool = towns[locale]
        town = rng.choices(pool, weights[locale])[0]  # a few towns hold many births
        dob = date.fromordinal(date(1700, 1, 1).toordinal() + rng.randrange(250 * 365))
        out.append(_Person(f"H{p:06d}", locale, sex, first, middles, str(f.last_name()), dob, town, str(f.postcode()),
                           rng.randrange(len(_OCCUPATIONS))))
    return out


def _row(person: _Person, k: int, surnames: list[str], rng: random.Random, fake: Faker) -> HistRow:
    first, middles, surname = person.first, list(person.middles), person.surname
    if rng.random() < 0.3:
        first = _first_form(first, rng)
    if middles and rng.random() < 0.15:  # the middle name used as the first
        first = middles.pop(0)
    kept = []
    for m in middles:
        u = rng.random()
        if u < 0.45:
            continue
        kept.append(m[:1] + ("." if rng.random() < 0.4 else "") if u < 0.65 else (_typo(m, rng) if u < 0.7 else m))
    if rng.random() < 0.03:
        first = ""
    given = " ".join(x for x in (first, *kept) if x)
    u = rng.random()
    if u < 0.14:
        surname = _typo(surname, rng)
    elif u < 0.26:
        surname = _respell(surname, rng)
    elif u < 0.28 and person.sex == "female":
        surname = rng.choice(surnames)  # married (or maiden) name
    elif u < 0.31:
        surname = ""
    elif u < 0.34:
        surname = surname.upper()
    dob = person.dob.strftime("%Y%m%d")
    u = rng.random()
    if u < 0.1:
        dob = ""
    elif u < 0.35:
        dob = _dob(person.dob, rng)
    town = person.town
    u = rng.random()
    if u < 0.2:
        town = ""
    elif u < 0.3:
        town = _typo(town, rng)
    elif u < 0.35:
        town = str(fake[person.locale].city())
    postcode = person.postcode
    u = rng.random()
    if u < 0.25:
        postcode = ""
    elif u < 0.45:
        postcode = _postcode_variant(postcode, person.locale, fake, rng)
    sex = "" if rng.random() < 0.1 else person.sex
    occupation = ""
    if rng.random() < 0.5:
        forms = _OCCUPATIONS[person.occupation]
        occupation = rng.choice(forms) if rng.random() < 0.8 else _typo(forms[0], rng)
    return HistRow(f"{person.pid}-{k}", person.pid, given, surname, dob, sex, town, postcode, occupation)


def hist_rows(n_rows: int = 50_000, *, seed: int = 1914) -> list[HistRow]:
    """About ``n_rows`` rows of about ``n_rows / 10`` people (one to twenty rows each, skewed: mean about ten)."""
    rng = random.Random(seed)
    fake = Faker([loc for loc, _ in LOCALES])
    fake.seed_instance(seed)
    people = _people(max(1, round(n_rows / 10)), rng, fake)
    surnames = [p.surname for p in people]
    rows: list[HistRow] = []
    for person in people:
        copies = max(1, min(20, round(rng.gammavariate(2.2, 4.6))))
        rows += [_row(person, k, surnames, rng, fake) for k in range(copies)]
    rng.shuffle(rows)
    return rows
