"""The person profile: blocking keys, comparison features and hard limits for police person mentions.

Each feature is something an investigator would weigh and can read in an explanation: do the
family names sound alike, is ``Kate`` a short form of ``Katherine``, do the dates of birth agree
(or only with day and month swapped, or only in the year), do they share a phone that is not a
group home's. Values are numbers in [0, 1] (or small counts) so a linear model can weigh them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from graph.resolve.blocking import phonetic_keys, squash
from graph.resolve.persons import PersonMention, incompatible
from nlp.names import given_variants, same_given_name

PROFILE = "person-learned"
VERSION = "1.0"

FEATURES = (
    "surname_similarity",
    "surname_exact",
    "surname_sounds_alike",
    "surname_missing",
    "given_similarity",
    "given_same_name",
    "given_crossed",
    "given_differs",
    "given_missing",
    "name_token_set",
    "same_name_log_count",
    "surname_log_count",
    "dob_equal",
    "dob_day_month_swapped",
    "dob_same_year_only",
    "dob_differs",
    "given_differs_same_dob",
    "birth_year_close",
    "birth_year_far",
    "sex_agrees",
    "sex_differs",
    "shared_phone",
    "shared_address",
    "shared_handle",
    "shared_alias",
    "shared_plate",
    "uncorroborated",
    "contacts_in_pair",
    "same_agency",
    "roles_conflict",
)

#: Roles that describe someone harmed or sought, and someone accused: the same person in both is rare.
_VICTIM_ROLES = frozenset({"VICTIM", "MISSING", "COMPLAINANT"})
_OFFENDER_ROLES = frozenset({"SUSPECT", "ASSOCIATE"})


def swapped(d: date) -> date | None:
    """The date with day and month exchanged, when that is a date at all."""
    if d.day > 12 or d.day == d.month:
        return None
    return date(d.year, d.day, d.month)


def _dob(a: PersonMention, b: PersonMention) -> dict[str, float]:
    if a.dob and b.dob:
        if a.dob == b.dob:
            return {"dob_equal": 1.0}
        if swapped(a.dob) == b.dob:
            return {"dob_day_month_swapped": 1.0}
        if a.dob.year == b.dob.year:
            return {"dob_same_year_only": 1.0}
        return {"dob_differs": 1.0}
    years = [d.year for d in (a.dob, b.dob) if d] + [y for y in (a.birth_year, b.birth_year) if y]
    if len(years) == 2:
        return {"birth_year_close": 1.0} if abs(years[0] - years[1]) <= 1 else {"birth_year_far": 1.0}
    return {}


def _initial_of(x: str, y: str) -> bool:
    """``K.`` (or ``K``) written for ``Katherine``."""
    x, y = x.rstrip("."), y.rstrip(".")
    return (len(x) == 1 or len(y) == 1) and x[:1] == y[:1]


def _given(a: Sequence[str], b: Sequence[str]) -> dict[str, float]:
    if not a or not b:
        return {"given_missing": 1.0}
    out = {"given_similarity": JaroWinkler.similarity(a[0], b[0])}
    if same_given_name(a[0], b[0]):
        out["given_same_name"] = 1.0
    elif any(same_given_name(x, y) for x in a for y in b if len(x) > 2 and len(y) > 2):
        out["given_crossed"] = 1.0
    elif out["given_similarity"] < 0.85 and a[0][:3] != b[0][:3] and not _initial_of(a[0], b[0]):
        out["given_differs"] = 1.0  # not a short form (Mady, Madeline), a middle name, a typo or an initial
    return out


def _surname(a: str, b: str) -> dict[str, float]:
    sa, sb = squash(a), squash(b)
    if not sa or not sb:
        return {"surname_missing": 1.0}
    out = {"surname_similarity": JaroWinkler.similarity(sa, sb)}
    if sa == sb:
        out["surname_exact"] = 1.0
    if set(phonetic_keys(sa)) & set(phonetic_keys(sb)):
        out["surname_sounds_alike"] = 1.0
    return out


_CORROBORATED = ("dob_equal", "dob_day_month_swapped", "shared_phone", "shared_address", "shared_handle", "shared_alias")
_I = {name: i for i, name in enumerate(FEATURES)}
_I_CORROBORATED = tuple(_I[name] for name in _CORROBORATED)
#: Features of a pair that depend on the build it is part of, not on the two mentions alone.
_OF_THE_BUILD = frozenset({"surname_log_count", "same_name_log_count", "shared_phone", "shared_address", "uncorroborated"})
StaticFeatures = tuple[float, ...]


def _static(a: PersonMention, b: PersonMention) -> StaticFeatures:
    """The features two mentions determine on their own (the build's are 0 here)."""
    f: dict[str, float] = {}
    f.update(_surname(a.surname, b.surname))
    f.update(_given(a.given, b.given))
    f["name_token_set"] = fuzz.token_set_ratio(f"{a.surname} {' '.join(a.given)}", f"{b.surname} {' '.join(b.given)}") / 100.0
    f.update(_dob(a, b))
    if f.get("given_differs") and (f.get("dob_equal") or f.get("dob_day_month_swapped")):
        f["given_differs_same_dob"] = 1.0  # another first name, same birthday: a twin, a sibling
    if a.sex and b.sex:
        f["sex_agrees" if a.sex == b.sex else "sex_differs"] = 1.0
    f["shared_handle"] = float(len(a.handles & b.handles))
    f["shared_alias"] = float(len(a.aliases & b.aliases))
    f["shared_plate"] = float(len(a.plates & b.plates))
    f["contacts_in_pair"] = float((a.origin == "contact") + (b.origin == "contact"))
    f["same_agency"] = float(a.agency == b.agency)
    roles = {a.role, b.role}
    f["roles_conflict"] = float(bool(roles & _VICTIM_ROLES) and bool(roles & _OFFENDER_ROLES))
    return tuple(0.0 if name in _OF_THE_BUILD else f.get(name, 0.0) for name in FEATURES)


#: Static features of pairs already compared, by pair: what makes resolution incremental.
PairCache = dict[tuple[PersonMention, PersonMention], StaticFeatures]


def name_key(m: PersonMention) -> str:
    """Family name and first-name family: ``Kate GAGNON`` and ``Katherine Gagnon`` share it."""
    first = min(given_variants(m.first)) if m.first else ""
    return f"{squash(m.surname)}:{first}"


@dataclass
class PersonProfile:
    """The person profile, bound to one build: its hubs (shared values that are no evidence) and how
    often each name occurs in it. Agreeing on a name many people in the build share is weak
    evidence (Fellegi–Sunter's term frequencies); without a build, counts come from the pair alone."""

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

    @classmethod
    def for_mentions(cls, mentions: Sequence[PersonMention], hubs: frozenset[str], cache: PairCache | None = None,
                     earlier: PairCache | None = None) -> PersonProfile:
        return cls(hubs, Counter(name_key(m) for m in mentions), Counter(squash(m.surname) for m in mentions if m.surname),
                   cache=cache, earlier=earlier)

    def _log_count(self, counts: Mapping[str, int], a: str, b: str) -> float:
        return math.log(max(counts.get(a, 1), counts.get(b, 1), 1))

    def keys(self, m: PersonMention) -> Iterable[str]:
        firsts = given_variants(m.first) if m.first else frozenset()
        sounds = phonetic_keys(m.surname) if m.surname else ()
        for s in sounds:
            for f in firsts:
                yield f"n:{s}:{f}"
            if m.first:
                yield f"i:{s}:{squash(m.first)[:1]}"
        if m.dob:
            for d in (m.dob, swapped(m.dob)):
                if d is not None:
                    yield f"d:{d.isoformat()}"
                    yield f"dn:{d.isoformat()}:{squash(m.first)[:1]}"
        for p in m.phones - self.hubs:
            yield f"p:{p}"
        for h in m.handles:
            yield f"h:{h}"

    def compare(self, a: PersonMention, b: PersonMention) -> list[float]:
        """The pair's features: those of the two mentions alone (kept in :attr:`cache`, as a later
        build over more records would compute them again), then those that depend on the build
        (how common the name is in it, which shared values are hubs)."""
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
        row[_I["shared_phone"]] = float(len((a.phones & b.phones) - self.hubs)) if a.phones and b.phones else 0.0
        row[_I["shared_address"]] = float(len((a.addresses & b.addresses) - self.hubs)) if a.addresses and b.addresses else 0.0
        # A name with nothing behind it (no date of birth, no shared identifier): whatever the name says.
        row[_I["uncorroborated"]] = float(not any(row[i] for i in _I_CORROBORATED))
        return row

    def incompatible(self, a: PersonMention, b: PersonMention) -> str | None:
        """The deterministic resolver's hard limits, and first names that are plainly two names.

        Records of one person vary a first name by short form, dropped or added middle names,
        accents and typos, all of which :func:`_given` recognises; a first name that is none of
        these is another person (a sibling with the same birthday, a twin). The generator's
        worlds almost never show it for one person, so the model cannot learn its weight: it is a rule.
        """
        reason = incompatible(a, b)
        if reason is None and _given(a.given, b.given).get("given_differs"):
            reason = "first names differ"
        return reason

    def comparable(self, a: PersonMention, b: PersonMention) -> bool:
        return not (a.record_key == b.record_key and a.origin == "subject" and b.origin == "subject")
