"""The person profile: blocking keys, comparison features and hard limits for police person mentions.

Each feature is something an investigator would weigh and can read in an explanation: do the
family names sound alike (or share a part: ``Smith-Jones`` and ``Jones``), is ``Kate`` a form of
``Katherine`` or ``K.`` its initial, do the dates of birth agree, or disagree only by a slip (one
digit, two digits swapped, day and month swapped, the year one off), do they share a phone, an
e-mail, a postal code, a street. Disagreement is graded, never a veto: a mistyped date of birth
weighs against a join as much as the data say such slips do, and the name, address and contact
evidence can still carry it. The only hard limit is two subjects of one record (and an
investigator's not-same decision, applied by the clustering).

Values are numbers in [0, 1] (or small counts, or log counts) so a linear model can weigh them: a
Fellegi–Sunter model whose agreement levels are these indicator features and whose weights are
learned (see :mod:`.training` for the pairs, from the project's generator *and* an independent error
model, :mod:`.errors`). Term frequencies come from the build: agreeing on a name or a date of birth
many mentions share is weaker evidence (``*_log_count``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from graph.resolve.blocking import phonetic_keys, squash
from graph.resolve.names import given_family, initial_of, same_given, surname_part_match, truncation_of
from graph.resolve.types import PersonMention, incompatible
from nlp.names import given_variants

if TYPE_CHECKING:
    from graph.resolve.adapt import Adapted

PROFILE = "person-learned"
VERSION = "2.0"

FEATURES = (
    "surname_similarity",
    "surname_exact",
    "surname_sounds_alike",
    "surname_typo",
    "surname_part",
    "surname_missing",
    "names_swapped",
    "given_similarity",
    "given_same_name",
    "given_initial",
    "given_truncated",
    "given_typo",
    "given_crossed",
    "given_differs",
    "given_missing",
    "name_token_set",
    "same_name_log_count",
    "surname_log_count",
    "dob_equal",
    "dob_log_count",
    "dob_day_month_swapped",
    "dob_transposed",
    "dob_one_digit",
    "dob_year_off_one",
    "dob_same_day_month",
    "dob_same_year_month",
    "dob_same_year_only",
    "dob_differs",
    "dob_missing",
    "given_differs_same_dob",
    "birth_year_close",
    "birth_year_far",
    "sex_agrees",
    "sex_differs",
    "shared_phone",
    "shared_address",
    "shared_email",
    "shared_postcode",
    "postcode_differs",
    "same_city",
    "street_similarity",
    "street_equal",
    "street_close",
    "street_number_differs",
    "shared_handle",
    "shared_alias",
    "shared_plate",
    "uncorroborated",
    "contacts_in_pair",
    "same_agency",
    "roles_conflict",
)

_AGREEMENTS = frozenset({
    "surname_similarity", "surname_exact", "surname_sounds_alike", "surname_typo", "surname_part", "names_swapped",
    "given_similarity", "given_same_name", "given_initial", "given_truncated", "given_typo", "given_crossed", "name_token_set",
    "dob_equal", "dob_day_month_swapped", "dob_transposed", "dob_one_digit", "dob_year_off_one", "birth_year_close", "sex_agrees",
    "shared_phone", "shared_address", "shared_email", "shared_postcode", "same_city", "street_similarity", "street_equal",
    "street_close", "shared_handle",
    "shared_alias", "shared_plate"})
_DISAGREEMENTS = frozenset({
    "given_differs", "dob_differs", "given_differs_same_dob", "birth_year_far", "sex_differs", "postcode_differs", "roles_conflict",
    "street_number_differs",
    "uncorroborated", "same_name_log_count", "surname_log_count", "dob_log_count"})
#: Each feature's direction for training (:func:`~graph.resolve.matcher.train_signed`): an agreement never
#: counts against a match, a disagreement (or a common value's frequency) never for one; the rest are free.
SIGNS = tuple(1 if f in _AGREEMENTS else -1 if f in _DISAGREEMENTS else 0 for f in FEATURES)

#: Roles that describe someone harmed or sought, and someone accused: the same person in both is rare.
_VICTIM_ROLES = frozenset({"VICTIM", "MISSING", "COMPLAINANT"})
_OFFENDER_ROLES = frozenset({"SUSPECT", "ASSOCIATE"})


def swapped(d: date) -> date | None:
    """The date with day and month exchanged, when that is a date at all."""
    if d.day > 12 or d.day == d.month:
        return None
    return date(d.year, d.day, d.month)


@lru_cache(maxsize=1 << 16)
def _digits(d: date) -> str:
    return d.strftime("%Y%m%d")


def dob_level(a: date, b: date) -> str:
    """How two dates of birth agree, as the first level that holds (most to least agreement)."""
    if a == b:
        return "dob_equal"
    if swapped(a) == b:
        return "dob_day_month_swapped"
    x, y = _digits(a), _digits(b)
    diff = [i for i in range(8) if x[i] != y[i]]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]:
        return "dob_transposed"
    if len(diff) == 1:
        return "dob_one_digit"
    if (a.month, a.day) == (b.month, b.day):
        return "dob_year_off_one" if abs(a.year - b.year) == 1 else "dob_same_day_month"
    if (a.year, a.month) == (b.year, b.month):
        return "dob_same_year_month"
    if a.year == b.year:
        return "dob_same_year_only"
    return "dob_differs"


def _dob(a: PersonMention, b: PersonMention) -> dict[str, float]:
    if a.dob and b.dob:
        return {dob_level(a.dob, b.dob): 1.0}
    years = [d.year for d in (a.dob, b.dob) if d] + [y for y in (a.birth_year, b.birth_year) if y]
    if len(years) == 2:
        return {"birth_year_close": 1.0} if abs(years[0] - years[1]) <= 1 else {"birth_year_far": 1.0}
    return {"dob_missing": 1.0}


def above(similarity: float, floor: float) -> float:
    """A similarity rescaled so that ``floor`` and below count 0 and identity counts 1: two unrelated
    names are about 0.5 alike by Jaro–Winkler, and that must earn nothing, not half the credit."""
    v = (similarity - floor) / (1.0 - floor)
    return v if v > 0.0 else 0.0


def _close(x: str, y: str) -> bool:
    """A typo apart: one edit (insert, delete, substitute, swap) in a name of more than three letters,
    or Jaro–Winkler at least 0.9."""
    if len(x) <= 3 or len(y) <= 3:
        return False
    return jellyfish.damerau_levenshtein_distance(x, y) <= 1 or JaroWinkler.similarity(x, y) >= 0.9


def _crossed(a: Sequence[str], b: Sequence[str]) -> bool:
    for p in a:
        if len(p) > 1:
            for q in b:
                if len(q) > 1 and (same_given(p, q) or _close(p, q)):
                    return True
    return False


def _given(a: Sequence[str], b: Sequence[str]) -> dict[str, float]:
    if not a or not b:
        return {"given_missing": 1.0}
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    out = {"given_similarity": above(JaroWinkler.similarity(x, y), 0.7)}
    if same_given(x, y):
        out["given_same_name"] = 1.0
        out["given_similarity"] = 1.0  # "Mike" is "Michael": the spelling distance of a nickname is no evidence
    elif initial_of(x, y):
        out["given_initial"] = 1.0
    elif truncation_of(x, y):
        out["given_truncated"] = 1.0
    elif _close(x, y):
        out["given_typo"] = 1.0
    elif (len(a) > 1 or len(b) > 1) and _crossed(a, b):
        out["given_crossed"] = 1.0  # a dropped first name, a middle name used as first
    else:
        out["given_differs"] = 1.0
    return out


def _surname(a: str, b: str) -> dict[str, float]:
    sa, sb = squash(a), squash(b)
    if not sa or not sb:
        return {"surname_missing": 1.0}
    out = {"surname_similarity": above(JaroWinkler.similarity(sa, sb), 0.7)}
    if sa == sb:
        out["surname_exact"] = 1.0
        return out | {"surname_sounds_alike": 1.0}
    if set(phonetic_keys(sa)) & set(phonetic_keys(sb)):
        out["surname_sounds_alike"] = 1.0
    if surname_part_match(a, b):
        out["surname_part"] = 1.0
    elif _close(sa, sb):
        out["surname_typo"] = 1.0
    return out


def _swapped_names(surname_a: str, given_a: tuple[str, ...], surname_b: str, given_b: tuple[str, ...]) -> bool:
    """Given and family name written the other way round in one of the two."""
    if not (given_a and given_b and surname_a and surname_b):
        return False
    sa, sb = squash(surname_a), squash(surname_b)
    fa, fb = squash(given_a[0]), squash(given_b[0])
    if sa == sb:
        return False
    return (sa == fb or _close(sa, fb)) and (sb == fa or _close(sb, fa))


def _postcode(a: PersonMention, b: PersonMention) -> dict[str, float]:
    if not a.postcodes or not b.postcodes:
        return {}
    return {"shared_postcode": 1.0} if a.postcodes & b.postcodes else {"postcode_differs": 1.0}


def _number(street: str) -> str:
    return street.split(" ", 1)[0] if street[:1].isdigit() else ""


def _street(a: PersonMention, b: PersonMention) -> dict[str, float]:
    """Street lines: the best pair's similarity, and whether it is the same line, a typo apart, or the
    same street at another number (neighbours, not one person)."""
    if not a.streets or not b.streets:
        return {}
    best, x, y = max((fuzz.token_sort_ratio(x, y) / 100.0, x, y) for x in a.streets for y in b.streets)
    out = {"street_similarity": above(best, 0.6)}
    if squash(x) == squash(y):
        out["street_equal"] = 1.0
    elif best >= 0.85:
        out["street_close"] = 1.0
    nx, ny = _number(x), _number(y)
    if nx and ny and nx != ny and _same_street(x[len(nx):], y[len(ny):]):
        out["street_number_differs"] = 1.0
        out.pop("street_close", None)
    return out


def _same_street(x: str, y: str) -> bool:
    """Two street lines without their house numbers name one street (or a typo apart): another number
    on it is a neighbour. Two different streets are no such evidence: one person moves, and a register
    keeps the old address while another has the new one (the city and postal code still weigh)."""
    return squash(x) == squash(y) or fuzz.token_sort_ratio(x, y) >= 85


_CORROBORATED = ("dob_equal", "dob_day_month_swapped", "dob_transposed", "dob_one_digit", "dob_year_off_one", "shared_phone",
                 "shared_address", "shared_handle", "shared_alias", "shared_email", "shared_postcode")
_I = {name: i for i, name in enumerate(FEATURES)}
_CORROBORATING = itemgetter(*(_I[name] for name in _CORROBORATED))
#: Features of a pair that depend on the build it is part of, not on the two mentions alone.
_OF_THE_BUILD = frozenset({"surname_log_count", "same_name_log_count", "dob_log_count", "shared_phone", "shared_address",
                           "uncorroborated"})
StaticFeatures = tuple[float, ...]


_STATIC_INDEX = {name: i for i, name in enumerate(FEATURES) if name not in _OF_THE_BUILD}
_N = len(FEATURES)


def _static(a: PersonMention, b: PersonMention) -> StaticFeatures:
    """The features two mentions determine on their own (the build's are 0 here)."""
    f = _name_features(a.surname, a.given, b.surname, b.given)
    f.update(_dob(a, b))
    if "given_differs" in f and ("dob_equal" in f or "dob_day_month_swapped" in f):
        f["given_differs_same_dob"] = 1.0  # another first name, same birthday: a twin, a sibling
    if a.sex and b.sex:
        f["sex_agrees" if a.sex == b.sex else "sex_differs"] = 1.0
    if a.postcodes and b.postcodes:
        f.update(_postcode(a, b))
    if a.cities and b.cities and a.cities & b.cities:
        f["same_city"] = 1.0
    if a.streets and b.streets:
        f.update(_street(a, b))
    if a.emails and b.emails:
        f["shared_email"] = float(len(a.emails & b.emails))
    if a.handles and b.handles:
        f["shared_handle"] = float(len(a.handles & b.handles))
    if a.aliases and b.aliases:
        f["shared_alias"] = float(len(a.aliases & b.aliases))
    if a.plates and b.plates:
        f["shared_plate"] = float(len(a.plates & b.plates))
    f["contacts_in_pair"] = float((a.origin == "contact") + (b.origin == "contact"))
    f["same_agency"] = float(a.agency == b.agency)
    if (a.role in _VICTIM_ROLES and b.role in _OFFENDER_ROLES) or (a.role in _OFFENDER_ROLES and b.role in _VICTIM_ROLES):
        f["roles_conflict"] = 1.0
    row = [0.0] * _N
    index = _STATIC_INDEX
    for name, value in f.items():
        i = index.get(name)
        if i is not None:
            row[i] = value
    return tuple(row)


def _name_features(surname_a: str, given_a: tuple[str, ...], surname_b: str, given_b: tuple[str, ...]) -> dict[str, float]:
    """The features of two written names (surname, given names, the two swapped, the whole name).
    (Memoising them by the pair of names was tried: half of a large build's pairs repeat a pair of
    names, but the lookups cost what they saved.)"""
    f = _surname(surname_a, surname_b)
    f.update(_given(given_a, given_b))
    if "given_differs" in f and _swapped_names(surname_a, given_a, surname_b, given_b):
        f["names_swapped"] = 1.0
        del f["given_differs"]
    other = given_b
    if "given_same_name" in f and given_a[0] != given_b[0]:
        # "Abby" and "Abigail" are one given name: the whole-name comparison reads the nickname as
        # the name it stands for, or a diminutive would weigh as much against a pair as a stranger's name.
        other = (given_a[0], *given_b[1:])
    f["name_token_set"] = above(fuzz.token_set_ratio(f"{surname_a} {' '.join(given_a)}", f"{surname_b} {' '.join(other)}") / 100.0, 0.6)
    return f


#: Static features of pairs already compared, by pair: what makes resolution incremental.
PairCache = dict[tuple[PersonMention, PersonMention], StaticFeatures]


def _same_middle(a: PersonMention, b: PersonMention) -> bool:
    """Both write a first *and* a middle name, the same ones: two Taylor Hendersons are common in a province,
    two Taylor Ashley Hendersons are not, so such a name is not a bare name (see ``uncorroborated``)."""
    x = _full_given(a.given)
    return len(x) >= 2 and x == _full_given(b.given)


@lru_cache(maxsize=1 << 16)
def _full_given(given: tuple[str, ...]) -> tuple[str, ...]:
    """The given names written in full (no initials), squashed; asked for most pairs of a build."""
    return tuple(squash(g) for g in given if len(g.rstrip(".")) > 1)


def name_key(m: PersonMention) -> str:
    """Family name and first-name family: ``Kate GAGNON`` and ``Katherine Gagnon`` share it."""
    first = min(given_family(m.first)) if m.first else ""
    return f"{squash(m.surname)}:{first}"


def _initial(word: str) -> str:
    return squash(word)[:1]


@dataclass
class PersonProfile:
    """The person profile, bound to one build: its hubs (shared values that are no evidence) and how
    often each name and date of birth occurs in it. Agreeing on a name or a date many people in the
    build share is weak evidence (Fellegi–Sunter's term frequencies); without a build, counts come
    from the pair alone."""

    hubs: frozenset[str] = frozenset()
    name_counts: Mapping[str, int] = field(default_factory=dict)
    surname_counts: Mapping[str, int] = field(default_factory=dict)
    features: tuple[str, ...] = FEATURES
    #: Static features of pairs compared before (shared across builds by an incremental resolver).
    cache: PairCache | None = None
    #: An earlier build's cache, read only: pairs found there are not compared again.
    earlier: Mapping[tuple[PersonMention, PersonMention], StaticFeatures] | None = None
    #: Pairs whose static features this profile computed (not found in :attr:`cache`).
    compared: int = 0
    dob_counts: Mapping[date, int] = field(default_factory=dict)
    #: The build's mentions (for the prior estimated from them, when an explanation needs it first).
    mentions: Sequence[PersonMention] = ()
    #: The change of log-odds the build's estimated share of matches makes (None: not estimated yet).
    prior_shift: float | None = None
    #: The build's own Fellegi–Sunter weights (:mod:`.adapt`), once fitted (None: not fitted, or too small a build).
    adapted: Adapted | None = None
    #: Whether :attr:`adapted` was fitted (or found impossible) for this build.
    adaptation_done: bool = False

    @classmethod
    def for_mentions(cls, mentions: Sequence[PersonMention], hubs: frozenset[str], cache: PairCache | None = None,
                     earlier: PairCache | None = None) -> PersonProfile:
        return cls(hubs, Counter(name_key(m) for m in mentions), Counter(squash(m.surname) for m in mentions if m.surname),
                   cache=cache, earlier=earlier, dob_counts=Counter(m.dob for m in mentions if m.dob), mentions=mentions)

    def _log_count(self, counts: Mapping[str, int], a: str, b: str) -> float:
        return math.log(max(counts.get(a, 1), counts.get(b, 1), 1))

    def keys(self, m: PersonMention) -> Iterable[str]:
        """Blocking keys. Several independent ones, so that a pair with a typo in one field meets
        through another: the surname's sound with the first name's family or initial (a name order
        swapped meets through the date of birth), the date of birth (and swapped) alone and
        with the first initial, the birth year or the birthday with both initials (a date with one
        part mistyped), identifiers (phone, handle, e-mail), a postal code with the first initial,
        the street line with the first initial, the postal code with the house number; the surname's
        sound with the birth year; and the two names' sounds in either order (names swapped); the e-mail address's first and last three
        characters with its domain (a typo inside it); the surname with the city."""
        first = m.first
        fi, si = _initial(first) if first else "", _initial(m.surname) if m.surname else ""
        # The narrative lexicon's short forms only (the wider families of :mod:`.names` are for scoring:
        # blocking on them would pair every John with every Sean); other forms meet by initial or date.
        firsts = given_variants(first) if first else frozenset()
        sounds = phonetic_keys(m.surname) if m.surname else ()
        for s in sounds:
            for f in firsts:
                yield f"n:{s}:{f}"
            if first:
                yield f"i:{s}:{fi}"
            if m.dob:  # the given name missing, another or mistyped, the date of birth one slip off
                yield f"sy:{s}:{m.dob.year}"
        if first and m.surname:  # the name written either way round: both sounds, in order of the sounds
            yield "w:" + ":".join(sorted((jellyfish.metaphone(squash(first)), jellyfish.metaphone(squash(m.surname)))))
        if m.dob:
            for d in (m.dob, swapped(m.dob)):
                if d is not None:
                    yield f"d:{d.isoformat()}"
                    yield f"dn:{d.isoformat()}:{fi}"
            yield f"yi:{m.dob.year}:{fi}:{si}"
            yield f"mdi:{m.dob.month}-{m.dob.day}:{fi}:{si}"
        for p in m.phones - self.hubs:
            yield f"p:{p}"
        for h in m.handles:
            yield f"h:{h}"
        for e in m.emails:
            yield f"e:{e}"
            local, _, domain = e.partition("@")
            if len(local) >= 8:  # one slip inside the address keeps both its ends
                yield f"ee:{local[:3]}~{local[-3:]}@{domain}"
        if m.surname:
            for city in m.cities:  # the first name blank, another or mistyped, and no date to meet by
                yield f"sc:{squash(m.surname)}:{squash(city)}"
        for pc in m.postcodes:
            yield f"pc:{pc}:{fi}"
        for street in m.streets:
            yield f"st:{squash(street)}:{fi}"
            number = _number(street)
            for pc in m.postcodes:
                if number:
                    yield f"pn:{pc}:{number}"

    def compare(self, a: PersonMention, b: PersonMention) -> list[float]:
        """The pair's features: those of the two mentions alone (kept in :attr:`cache`, as a later
        build over more records would compute them again), then those that depend on the build
        (how common the name and date of birth are in it, which shared values are hubs)."""
        pair = (a, b)
        static = self.cache.get(pair) if self.cache is not None else None
        if static is None and self.earlier is not None:
            static = self.earlier.get(pair)
        if static is None:
            static = _static(a, b)
            self.compared += 1
        if self.cache is not None:
            self.cache[pair] = static
        row = list(static)
        if row[_I["surname_sounds_alike"]]:
            row[_I["surname_log_count"]] = self._log_count(self.surname_counts, squash(a.surname), squash(b.surname))
            if row[_I["given_same_name"]]:
                row[_I["same_name_log_count"]] = self._log_count(self.name_counts, name_key(a), name_key(b))
        if row[_I["dob_equal"]] and a.dob is not None:
            row[_I["dob_log_count"]] = math.log(max(self.dob_counts.get(a.dob, 1), 1))
        row[_I["shared_phone"]] = float(len((a.phones & b.phones) - self.hubs)) if a.phones and b.phones else 0.0
        row[_I["shared_address"]] = float(len((a.addresses & b.addresses) - self.hubs)) if a.addresses and b.addresses else 0.0
        # A name with nothing behind it (no date of birth, no shared identifier, not even the same middle name).
        row[_I["uncorroborated"]] = float(not any(_CORROBORATING(row)) and not _same_middle(a, b))
        return row

    def incompatible(self, a: PersonMention, b: PersonMention) -> str | None:
        """The only hard limit: two subjects of one record. Other first names, dates of birth and
        sexes that disagree are features, weighed by the model (and shown by ``why``)."""
        return incompatible(a, b)

    def comparable(self, a: PersonMention, b: PersonMention) -> bool:
        return not (a.record_key == b.record_key and a.origin == "subject" and b.origin == "subject")
