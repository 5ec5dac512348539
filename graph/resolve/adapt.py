"""Per-build adaptation of the person matcher: Fellegi–Sunter weights estimated from the build's own records.

Why. The shipped matcher's weights are learned from labelled pairs (the generator's worlds and an
independent error model). How much a comparison is worth depends on the source, though: in one
export a date of birth that disagrees is almost always another person, in another (a register
copied by hand) a third of one person's records carry a mistyped or re-estimated date; in one a
surname is shared by hundreds, in another by two. Nothing labelled says which kind of source a new
export is, but its records do. As Fellegi and Sunter (1969), Winkler (1988) and Splink do, each
comparison (surname, given name, date of birth, sex, postal code, the address's city, the city where a
report last saw its subject (against the other's address or last-seen city), street, e-mail, phone,
handle, alias, plate, roles) is read as one of a few *levels* (exact, first and middle name both alike, a typo
apart, a nickname, day and month swapped, differs, missing...), and for every level

- ``u``, its share among pairs of records drawn at random from the build (nearly all two people),
  is counted on a seeded sample of such pairs;
- ``m``, its share among pairs that are one person, is estimated by expectation–maximisation over
  the build's candidate pairs, starting from the shipped matcher's probabilities (so the first
  E-step is the labelled model's judgement and EM only moves it as far as the build's data say);
- exact agreement on a surname, a first name or a date of birth is weighed by that value's own
  frequency in the build (term frequency: ``m / f(value)``, as Splink adjusts it): two ``Nguyen``
  agree less tellingly than two ``Vijiaraj``.

The prior is the estimated number of matches over all pairs of the build. Each level's weight
``log(m/u)`` is one readable part of the score (``why`` shows them). The build's adapted log-odds
are averaged with the shipped matcher's (:data:`ADAPTED_SHARE`), so evidence only the labelled
model weighs (a common name's family, an agreement between related fields) keeps its say.
Small builds (fewer than :data:`MIN_MENTIONS` mentions) keep the shipped matcher alone: too few
records to estimate from.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from graph.resolve.blocking import squash
from graph.resolve.features import FEATURES
from graph.resolve.types import PersonMention

Matrix = npt.NDArray[np.float64]

#: Builds with fewer person mentions keep the shipped matcher alone.
MIN_MENTIONS = 400
#: Random pairs sampled for the ``u`` probabilities.
RANDOM_PAIRS = 20_000
#: EM iterations (from the shipped matcher's posteriors; a few suffice, more let EM drift to families).
ITERATIONS = 6
#: Weight of the adapted log-odds in the final score (the rest is the shipped matcher's). EM over one
#: build can mistake namesakes (same name, same city, birth years alike) for one person's records; at 0.3
#: the shipped matcher, which knows namesakes from its labelled worlds, keeps the larger say (at 0.4 and
#: 0.5 the dev world's subject precision falls below 0.99, at 0.3 it stays at 0.993).
ADAPTED_SHARE = 0.3
#: Added to every level's share among matches and among random pairs alike: a level seen in neither
#: weighs nothing (not whatever two unequal pseudo-counts would make of it), one seen among random pairs
#: and never among matches weighs against, as far as this allows.
SMOOTHING = 2e-4
#: No level's weight goes beyond this either way (a level seen a handful of times must not decide alone).
MAX_WEIGHT = 12.0

#: Pseudo-features computed from the mentions (not in the shipped feature list).
EXTRA = ("given_full", "given_exact", "city_differs", "place_agrees", "place_differs", "street_other", "email_differs", "phone_differs")

#: Comparisons: (name, levels in order of precedence, level when none holds). A level holds when its
#: feature (a shipped feature or one of :data:`EXTRA`) is non-zero.
GROUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("surname", ("surname_exact", "surname_part", "surname_typo", "surname_sounds_alike", "surname_missing"), "surname_differs"),
    ("given", ("given_full", "given_exact", "given_same_name", "given_initial", "given_truncated", "given_typo", "given_crossed", "names_swapped",
               "given_missing"), "given_differs"),
    ("dob", ("dob_equal", "dob_day_month_swapped", "dob_transposed", "dob_one_digit", "dob_year_off_one", "dob_same_day_month",
             "dob_same_year_month", "dob_same_year_only", "birth_year_close", "birth_year_far", "dob_differs"), "dob_missing"),
    ("sex", ("sex_agrees", "sex_differs"), "sex_missing"),
    ("postcode", ("shared_postcode", "postcode_differs"), "postcode_missing"),
    ("city", ("same_city", "city_differs"), "city_missing"),
    ("place", ("place_agrees", "place_differs"), "place_missing"),
    ("street", ("street_equal", "street_close", "street_number_differs", "street_other"), "street_missing"),
    ("email", ("shared_email", "email_differs"), "email_missing"),
    ("phone", ("shared_phone", "phone_differs"), "phone_missing"),
    ("handle", ("shared_handle",), "no_shared_handle"),
    ("alias", ("shared_alias",), "no_shared_alias"),
    ("plate", ("shared_plate",), "no_shared_plate"),
    ("roles", ("roles_conflict",), "roles_compatible"),
)
#: Exact-agreement levels weighed by the agreeing value's frequency, and how to read that value.
TF_LEVELS: dict[str, Callable[[PersonMention], object]] = {
    "surname_exact": lambda m: squash(m.surname),
    "given_exact": lambda m: squash(m.first),
    "dob_equal": lambda m: m.dob,
}

_COLUMNS = {name: i for i, name in enumerate(FEATURES + EXTRA)}


def _full_given(m: PersonMention) -> tuple[str, ...] | None:
    """All given names, when there are two or more (a first and a middle name): the same first *and*
    middle name is far rarer between two people than the first name alone (two Taylor Hendersons are
    common in a province, two Taylor Ashley Hendersons are not), so it earns its own level."""
    names = tuple(squash(g) for g in m.given if len(g.rstrip(".")) > 1)
    return names if len(names) >= 2 else None


def extra_features(a: PersonMention, b: PersonMention) -> tuple[float, ...]:
    """The values of :data:`EXTRA` for one pair (see :class:`Codes` for many at once)."""
    fa, fb = squash(a.first), squash(b.first)
    full_a = _full_given(a)
    ca, cb = a.cities | a.places, b.cities | b.places
    placed = bool(a.places or b.places) and bool(ca and cb)
    return (float(full_a is not None and full_a == _full_given(b)),
            float(bool(fa) and fa == fb),
            float(bool(a.cities and b.cities) and not a.cities & b.cities),
            float(placed and bool(ca & cb)),
            float(placed and not ca & cb),
            float(bool(a.streets and b.streets)),  # below any other street level: both have one, none agrees
            float(bool(a.emails and b.emails) and not a.emails & b.emails),
            float(bool(a.phones and b.phones) and not a.phones & b.phones))


class Codes:
    """The build's mentions as integer codes (a value's code, -1 for none) and presence flags, so that
    the pseudo-features and term frequencies of many pairs are read with array operations."""

    def __init__(self, mentions: Sequence[PersonMention], frequencies: dict[str, dict[object, float]]) -> None:
        self.values: dict[str, npt.NDArray[np.int_]] = {}
        self.freq: dict[str, Matrix] = {}
        for name, read in TF_LEVELS.items():
            index: dict[object, int] = {}
            codes = np.full(len(mentions), -1, dtype=int)
            for i, m in enumerate(mentions):
                v = read(m)
                if v:
                    codes[i] = index.setdefault(v, len(index))
            self.values[name] = codes
            table = frequencies[name]
            self.freq[name] = np.asarray([table.get(v, 0.0) for v in index], dtype=float)
        self.has = {what: np.asarray([bool(getattr(m, what)) for m in mentions], dtype=bool)
                    for what in ("cities", "streets", "emails", "phones")}
        # A mention's address city and last-seen city as codes of one table; -1: none (of several, one).
        cities: dict[str, int] = {}
        self.city = np.asarray([cities.setdefault(min(m.cities), len(cities)) if m.cities else -1 for m in mentions], dtype=int)
        self.place = np.asarray([cities.setdefault(min(m.places), len(cities)) if m.places else -1 for m in mentions], dtype=int)
        fulls: dict[tuple[str, ...], int] = {}
        self.full = np.asarray([-1 if (f := _full_given(m)) is None else fulls.setdefault(f, len(fulls)) for m in mentions],
                               dtype=int)

    def pseudo(self, pairs: Sequence[tuple[int, int]], x: Matrix) -> Matrix:
        """:data:`EXTRA` for many pairs whose shipped features are ``x``."""
        ij = np.asarray(pairs, dtype=int).reshape(len(pairs), 2)
        i, j = ij[:, 0], ij[:, 1]

        def both(what: str) -> npt.NDArray[np.bool_]:
            out: npt.NDArray[np.bool_] = self.has[what][i] & self.has[what][j]
            return out

        first, city, place = self.values["given_exact"], self.city, self.place
        seen_i, seen_j = place[i] >= 0, place[j] >= 0
        placed = (seen_i | seen_j) & ((city[i] >= 0) | seen_i) & ((city[j] >= 0) | seen_j)
        agree = (seen_i & ((place[i] == city[j]) | (place[i] == place[j]))) | (seen_j & (place[j] == city[i]))
        full = self.full
        return np.column_stack([
            (full[i] >= 0) & (full[i] == full[j]),
            (first[i] >= 0) & (first[i] == first[j]),
            both("cities") & (x[:, _COLUMNS["same_city"]] == 0),
            placed & agree,
            placed & ~agree,
            both("streets"),
            both("emails") & (x[:, _COLUMNS["shared_email"]] == 0),
            both("phones") & (x[:, _COLUMNS["shared_phone"]] == 0)]).astype(float)

    def tf(self, pairs: Sequence[tuple[int, int]]) -> Matrix:
        """Per pair and term-frequency level, the agreeing value's frequency (0 where the pair does not agree on it)."""
        ij = np.asarray(pairs, dtype=int).reshape(len(pairs), 2)
        out = np.zeros((len(pairs), len(_TF_COLUMNS)))
        for c, (_, _, name) in enumerate(_TF_COLUMNS):
            codes = self.values[name]
            a, b = codes[ij[:, 0]], codes[ij[:, 1]]
            agree = (a >= 0) & (a == b)
            out[agree, c] = self.freq[name][a[agree]]
        return out


def levels(x: Matrix) -> npt.NDArray[np.int_]:
    """Each pair's level index in each comparison (rows: pairs; columns: :data:`GROUPS`); ``x`` holds
    the shipped features then :data:`EXTRA`."""
    out = np.zeros((x.shape[0], len(GROUPS)), dtype=int)
    for g, (_, names, _) in enumerate(GROUPS):
        level = np.full(x.shape[0], len(names), dtype=int)
        for k in range(len(names) - 1, -1, -1):  # the first level that holds wins
            level = np.where(x[:, _COLUMNS[names[k]]] > 0, k, level)
        out[:, g] = level
    return out


def level_name(g: int, k: int) -> str:
    _, names, fallback = GROUPS[g]
    return names[k] if k < len(names) else fallback


@dataclass
class Adapted:
    """A build's Fellegi–Sunter weights: per comparison and level, ``log(m/u)``; the prior log-odds."""

    #: weights[g][k]: the weight of level k of comparison g.
    weights: list[list[float]]
    #: m[g][k] (kept for the term-frequency levels and for reading).
    m: list[list[float]]
    prior: float
    #: Value frequencies in the build, per term-frequency level.
    frequencies: dict[str, dict[object, float]]
    #: The build's mentions as codes (for scoring its pairs).
    codes: Codes
    #: The candidate pairs fitted on, with their levels and term frequencies (scored again without recomputing).
    fitted_on: tuple[Sequence[tuple[int, int]], npt.NDArray[np.int_], Matrix] | None = None

    def parts(self, a: PersonMention, b: PersonMention, row: Sequence[float]) -> dict[str, float]:
        """Each comparison's part of the adapted log-odds for one pair (``row``: shipped features and EXTRA)."""
        out: dict[str, float] = {}
        for g, (group, names, fallback) in enumerate(GROUPS):
            k = next((k for k, n in enumerate(names) if row[_COLUMNS[n]] > 0), len(names))
            name = names[k] if k < len(names) else fallback
            out[f"{group}: {name}"] = self._weight(g, k, name, a, b)
        return out

    def _weight(self, g: int, k: int, name: str, a: PersonMention, b: PersonMention) -> float:
        read = TF_LEVELS.get(name)
        if read is None:
            return self.weights[g][k]
        f = self.frequencies[name].get(read(a), 0.0) or self.frequencies[name].get(read(b), 0.0)
        if f <= 0.0:
            return self.weights[g][k]
        return _clip(math.log(self.m[g][k] / f))

    def logits(self, lv: npt.NDArray[np.int_], tf: Matrix) -> Matrix:
        """Adapted log-odds of many pairs (``lv`` from :func:`levels`, ``tf`` from :meth:`Codes.tf`)."""
        return _score(lv, np.asarray([_pad(w) for w in self.weights]), self.prior, tf, np.asarray([_pad(m) for m in self.m]))


def _clip(v: float) -> float:
    return max(-MAX_WEIGHT, min(MAX_WEIGHT, v))


_WIDTH = max(len(names) + 1 for _, names, _ in GROUPS)


def _pad(values: Sequence[float]) -> list[float]:
    return list(values) + [0.0] * (_WIDTH - len(values))


_TF_COLUMNS = [(g, k, name) for g, (_, names, _) in enumerate(GROUPS) for k, name in enumerate(names) if name in TF_LEVELS]


def _score(lv: npt.NDArray[np.int_], weights: Matrix, prior: float, tf: Matrix, m: Matrix) -> Matrix:
    rows = np.arange(len(GROUPS))
    out: Matrix = weights[rows, lv].sum(axis=1) + prior if len(lv) else np.zeros(0)
    for c, (g, k, _) in enumerate(_TF_COLUMNS):
        hit = (lv[:, g] == k) & (tf[:, c] > 0)
        if hit.any():
            tf_w = np.clip(np.log(m[g, k] / np.where(hit, tf[:, c], 1.0)), -MAX_WEIGHT, MAX_WEIGHT)
            out = out + np.where(hit, tf_w - weights[g, k], 0.0)
    return out


def frequencies_of(mentions: Sequence[PersonMention]) -> dict[str, dict[object, float]]:
    out: dict[str, dict[object, float]] = {}
    for name, read in TF_LEVELS.items():
        values = [v for v in (read(m) for m in mentions) if v]
        counts = Counter(values)
        total = max(len(values), 1)
        out[name] = {v: c / total for v, c in counts.items()}
    return out


def fit(mentions: Sequence[PersonMention], pairs: Sequence[tuple[int, int]], x: Matrix, start: Matrix,
        compare: Callable[[PersonMention, PersonMention], Sequence[float]],
        comparable: Callable[[PersonMention, PersonMention], bool], *, seed: int = 0) -> Adapted | None:
    """Estimate the build's weights. ``x``: the candidate pairs' shipped features; ``start``: the shipped
    matcher's probabilities for them (the first E-step). None when the build is too small."""
    n = len(mentions)
    if n < MIN_MENTIONS or len(pairs) == 0:
        return None
    rng = random.Random(seed)
    sample: list[tuple[int, int]] = []
    tries = 0
    while len(sample) < RANDOM_PAIRS and tries < RANDOM_PAIRS * 3:
        tries += 1
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j and comparable(mentions[i], mentions[j]):
            sample.append((i, j))
    frequencies = frequencies_of(mentions)
    codes = Codes(mentions, frequencies)
    xr = np.asarray([compare(mentions[i], mentions[j]) for i, j in sample], dtype=float).reshape(len(sample), len(FEATURES))
    lr = levels(np.hstack([xr, codes.pseudo(sample, xr)]))
    width = _WIDTH
    u = np.ones((len(GROUPS), width))
    for g, (_, names, _) in enumerate(GROUPS):
        counts = np.bincount(lr[:, g], minlength=len(names) + 1).astype(float)
        u[g, :len(names) + 1] = (counts / max(counts.sum(), 1.0) + SMOOTHING) / (1.0 + SMOOTHING * (len(names) + 1))
    lc = levels(np.hstack([x, codes.pseudo(pairs, x)]))
    tf = codes.tf(pairs)
    all_pairs = n * (n - 1) / 2
    p = np.clip(start, 1e-6, 1 - 1e-6)
    m = np.ones((len(GROUPS), width))
    weights = np.zeros((len(GROUPS), width))
    prior = 0.0
    for _ in range(ITERATIONS):
        for g, (_, names, _) in enumerate(GROUPS):
            mass = np.bincount(lc[:, g], weights=p, minlength=len(names) + 1)
            m[g, :len(names) + 1] = (mass / max(mass.sum(), 1e-9) + SMOOTHING) / (1.0 + SMOOTHING * (len(names) + 1))
        expected = float(p.sum())
        lam = min(max(expected / all_pairs, 1e-12), 0.5)
        prior = math.log(lam / (1 - lam))
        weights = np.clip(np.log(m / u), -MAX_WEIGHT, MAX_WEIGHT)
        scores = _score(lc, weights, prior, tf, m)
        p = 1.0 / (1.0 + np.exp(-scores))
    return Adapted([[float(v) for v in weights[g, :len(names) + 1]] for g, (_, names, _) in enumerate(GROUPS)],
                   [[float(v) for v in m[g, :len(names) + 1]] for g, (_, names, _) in enumerate(GROUPS)], prior, frequencies, codes,
                   (pairs, lc, tf))


def adapted_logits(adapted: Adapted, pairs: Sequence[tuple[int, int]], x: Matrix) -> Matrix:
    """The adapted log-odds of candidate pairs whose shipped features are ``x``."""
    if not len(pairs):
        return np.zeros(0)
    if adapted.fitted_on is not None and adapted.fitted_on[0] is pairs:
        _, lv, tf = adapted.fitted_on
        adapted.fitted_on = None  # once: the build scores its candidates once, then pairs on demand
        return adapted.logits(lv, tf)
    return adapted.logits(levels(np.hstack([x, adapted.codes.pseudo(pairs, x)])), adapted.codes.tf(pairs))
