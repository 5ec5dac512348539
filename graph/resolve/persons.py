"""The deterministic person scorer (``rules``): hand-weighted evidence over the one resolution pipeline.

The algorithm is named and versioned (:data:`ALGORITHM`). :class:`RuleScorer` compares two mentions
and says why (each feature's contribution, in points); :func:`cluster` runs any such scorer through
the pipeline every resolver shares (:func:`graph.resolve.pipeline.link`): blocking on
:func:`blocking_keys`, the pairs' points, then average-link clustering that refuses any join putting
two subjects of one record into one person (:func:`~graph.resolve.types.incompatible`), or whose
clusters on average do not reach the threshold (so one weak link cannot chain unrelated people
together: two dates of birth that disagree are strong evidence against, not a rule). The learned
scorer (:mod:`.learned`) is the other scorer over that pipeline. The name index helpers at the end
serve the graph builder's narrative name resolution, which compares names with these rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

import jellyfish
from rapidfuzz.distance import JaroWinkler

from graph.resolve.decisions import Decision
from graph.resolve.epoch import Epoch
from graph.resolve.pipeline import link
from graph.resolve.types import (
    Clustering,
    DecidedPairs,
    MatchScore,
    PairScorer,
    PersonMention,
    incompatible,
)
from nlp.names import given_variants as family
from nlp.names import same_given_name as equivalent

ALGORITHM = "person-rules"
VERSION = "1.0"
#: The refusal of a join whose clusters' average score is too low (points: two decimals).
TOO_WEAK = "average score {mean:.2f} between the two clusters is below {average:.2f}"

def _dob_features(a: PersonMention, b: PersonMention) -> dict[str, float]:
    if a.dob and b.dob:
        if a.dob == b.dob:
            return {"dob_equal": 4.0}
        if a.dob.year == b.dob.year and a.dob.month == b.dob.day and a.dob.day == b.dob.month:
            return {"dob_day_month_swapped": 3.0}
        if dob_near(a.dob, b.dob):
            return {"dob_near": 1.5}  # one digit, two digits swapped, the year one off
        if a.dob.year == b.dob.year:
            return {"dob_same_year_only": -1.5}
        return {"dob_differs": -6.0}
    years = [d.year for d in (a.dob, b.dob) if d] + [y for y in (a.birth_year, b.birth_year) if y]
    if len(years) == 2:
        return {"birth_year_close": 1.0} if abs(years[0] - years[1]) <= 1 else {"birth_year_far": -4.0}
    return {}


def given_agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """How well two given-name lists agree: first names by nickname family or typo, middles ignored."""
    if not a or not b:
        return 0.0
    if equivalent(a[0], b[0]):
        return 2.5
    if any(equivalent(x, y) for x in a for y in b):  # a dropped first name, a middle used as first
        return 1.5
    if len(a[0]) > 3 and len(b[0]) > 3 and JaroWinkler.similarity(a[0], b[0]) >= 0.9:
        return 1.5
    return -3.0


def surname_agreement(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 3.0
    if JaroWinkler.similarity(a, b) >= 0.92 or (len(a) > 4 and jellyfish.damerau_levenshtein_distance(a, b) <= 1):
        return 2.0
    return -4.0


class RuleScorer:
    """Hand-weighted evidence (log-odds-like): the deterministic resolver of issue 4."""

    name = f"{ALGORITHM}/{VERSION}"
    threshold = 3.0
    prior = -4.0

    def score(self, a: PersonMention, b: PersonMention, hubs: frozenset[str]) -> MatchScore:
        features: dict[str, float] = {"prior": self.prior}
        features["surname"] = surname_agreement(a.surname, b.surname)
        features["given"] = given_agreement(a.given, b.given)
        features.update(_dob_features(a, b))
        if a.sex and b.sex and a.sex != b.sex:
            features["sex_differs"] = -6.0
        shared_phones = (a.phones & b.phones) - hubs
        if shared_phones:
            features["shared_phone"] = 3.0
        if (a.addresses & b.addresses) - hubs:
            features["shared_address"] = 2.0
        if a.handles & b.handles:
            features["shared_handle"] = 4.0
        if a.aliases & b.aliases:
            features["shared_alias"] = 1.5
        return MatchScore(round(sum(features.values()), 3), features, algorithm=self.name)

    def resolve(self, mentions: Sequence[PersonMention], hubs: frozenset[str],
                decisions: Sequence[Decision] = ()) -> Clustering:
        return cluster(mentions, self, hubs, decisions)

    def statistics(self) -> Epoch | None:
        """None: the rules weigh nothing by the build's statistics."""
        return None

    def pin(self, epoch: Epoch | None) -> None:
        """Nothing to pin: the rules weigh nothing by the build's statistics."""

    def adopt(self, epoch: Epoch) -> None:
        """Nothing to adopt: the rules weigh nothing by the build's statistics."""


def dob_near(a: date, b: date) -> bool:
    """Two dates of birth one slip apart: one digit mistyped, two adjacent digits swapped, or the year one off."""
    x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    diff = [i for i in range(8) if x[i] != y[i]]
    if len(diff) == 1:
        return True
    if len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]:
        return True
    return (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1


def blocking_keys(m: PersonMention, hubs: frozenset[str]) -> set[str]:
    """Keys that put likely matches side by side without comparing everyone with everyone."""
    keys: set[str] = set()
    sur = jellyfish.metaphone(m.surname) if m.surname else ""
    for first in (family(m.first) if m.first else ()):
        keys.add(f"n:{sur}:{first}")
    if m.dob:
        keys.add(f"d:{m.dob.isoformat()}")
        keys.add(f"d:{date(m.dob.year, m.dob.day, m.dob.month).isoformat()}" if m.dob.day <= 12 else f"d:{m.dob.isoformat()}")
        # Same birth year, first-name family and surname initial: surname typos with a date
        # that is not exactly the same (swapped, mistyped). Narrow enough to stay small in a big world.
        for first in family(m.first) if m.first else ():
            keys.add(f"dg:{m.dob.year}:{first}:{m.surname[:1]}")
    keys.update(f"p:{p}" for p in m.phones - hubs)
    keys.update(f"h:{h}" for h in m.handles)
    return keys


def cluster(mentions: Sequence[PersonMention], scorer: PairScorer, hubs: frozenset[str],
            decisions: Sequence[Decision] = ()) -> Clustering:
    """Greedy agglomeration over the pairs :func:`blocking_keys` puts side by side, strongest first (ties in
    the order of the mentions' keys), honouring :func:`~graph.resolve.types.incompatible`, the average score
    across the two clusters (every cross pair counts its own points, a decided one too), and investigators'
    decisions (same: joined first; not same: never joined): the shared pipeline with points for scores."""
    decided = DecidedPairs.of(mentions, decisions)

    def points(pairs: Sequence[tuple[int, int]]) -> list[float]:
        return [scorer.score(mentions[i], mentions[j], hubs).score for i, j in pairs]

    rank = [0] * len(mentions)
    for place, i in enumerate(sorted(range(len(mentions)), key=lambda k: mentions[k].key)):
        rank[i] = place
    result = link(mentions, [blocking_keys(m, hubs) for m in mentions], points, points, name=scorer.name,
                  threshold=scorer.threshold, incompatible=incompatible, must=[(i, j) for i, j, _ in decided.same],
                  cannot=decided.not_same, rank=rank, sure=None, too_weak=TOO_WEAK,
                  must_labels=[f"decision {d.id}" for _, _, d in decided.same])
    return Clustering.of(mentions, result.clusters, decided, lambda i, j: scorer.score(mentions[i], mentions[j], hubs),
                         pairs_scored=result.pairs_scored, pairs_compared=result.pairs_scored)


#: A surname's sound, remembered: the name index is built again at every commit from mostly the same surnames.
_sound = lru_cache(maxsize=1 << 16)(jellyfish.metaphone)


def name_candidates(mention: PersonMention, index: dict[str, set[str]]) -> set[str]:
    sur = _sound(mention.surname) if mention.surname else ""
    found: set[str] = set()
    for first in family(mention.first) if mention.first else ():
        found |= index.get(f"n:{sur}:{first}", set())
    return found


def build_name_index(mentions: Iterable[PersonMention], cluster_of: dict[str, str]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        sur = _sound(m.surname) if m.surname else ""
        for first in family(m.first) if m.first else ():
            index[f"n:{sur}:{first}"].add(cluster_of[m.key])
    return index
