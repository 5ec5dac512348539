"""Person resolution: which person mentions (record subjects, reporting contacts, names and
aliases in narratives) are the same person.

The algorithm is named and versioned (:data:`ALGORITHM`). A :class:`PairScorer` compares two
mentions and says why (each feature's contribution); :func:`cluster` joins mentions whose score
passes the threshold, refusing any join that would put two subjects of one record into one
person, or whose clusters on average do not reach the threshold (so one weak link cannot chain
unrelated people together: two dates of birth that disagree are strong evidence against, not a
rule). The scorer is the seam where a learned matcher plugs in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import combinations
from typing import Protocol

import jellyfish
from rapidfuzz.distance import JaroWinkler

from graph.resolve.cluster import separated
from graph.resolve.decisions import ALGORITHM as DECISION_ALGORITHM
from graph.resolve.decisions import Decision
from nlp.names import given_variants as family
from nlp.names import same_given_name as equivalent

ALGORITHM = "person-rules"
VERSION = "1.0"


@dataclass(frozen=True)
class PersonMention:
    """What one source says about one person, folded for comparison."""

    key: str
    record_key: str
    agency: str
    #: ``subject``, ``contact`` or ``narrative``.
    origin: str
    role: str
    name: str
    surname: str
    given: tuple[str, ...]
    dob: date | None = None
    birth_year: int | None = None
    sex: str | None = None
    phones: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()
    handles: frozenset[str] = frozenset()
    aliases: frozenset[str] = frozenset()
    subject_id: str | None = None
    #: Plates of the vehicles in the mention's record (weak, shared evidence across records).
    plates: frozenset[str] = frozenset()
    #: Normalised postal codes of the mention's addresses (Canadian ``K1K 1Y6``, others squashed).
    postcodes: frozenset[str] = frozenset()
    #: Folded cities of the mention's addresses.
    cities: frozenset[str] = frozenset()
    #: Folded street lines of the mention's addresses (compared fuzzily: typos in a street name).
    streets: frozenset[str] = frozenset()
    #: E-mail addresses tied to the mention (a subject's, or the narrative's of a one-subject record).
    emails: frozenset[str] = frozenset()
    #: Folded cities the record places its one subject in besides an address (where a missing-person
    #: report last saw them): weaker than a home address, weighed by each build (:mod:`.adapt`).
    places: frozenset[str] = frozenset()

    @property
    def first(self) -> str:
        return self.given[0] if self.given else ""

    @cached_property
    def _content_hash(self) -> int:
        return hash((self.key, self.record_key, self.agency, self.origin, self.role, self.name, self.surname, self.given, self.dob,
                     self.birth_year, self.sex, self.phones, self.addresses, self.handles, self.aliases, self.subject_id, self.plates,
                     self.postcodes, self.cities, self.streets, self.emails, self.places))

    def __hash__(self) -> int:
        # Mentions key the pair cache of incremental resolution: hash the content once, not per lookup.
        return self._content_hash


@dataclass(frozen=True)
class MatchScore:
    score: float
    #: Each feature's contribution to the score: the explanation of a merge or a near miss.
    features: dict[str, float]
    algorithm: str = f"{ALGORITHM}/{VERSION}"
    #: The comparison features' values (a learned matcher's inputs), when the scorer has them.
    values: dict[str, float] | None = None
    #: The investigator's decision that made this join (who, when, why), when one did.
    decision: dict[str, object] | None = None

    def passes(self, threshold: float) -> bool:
        return self.score >= threshold


class PairScorer(Protocol):
    name: str
    threshold: float

    def score(self, a: PersonMention, b: PersonMention, hubs: frozenset[str]) -> MatchScore: ...


class PersonResolver(PairScorer, Protocol):
    """A scorer that also clusters a whole build's mentions (the graph builder's seam)."""

    def resolve(self, mentions: Sequence[PersonMention], hubs: frozenset[str],
                decisions: Sequence[Decision] = ()) -> Clustering:
        """Cluster ``mentions``; active investigator ``decisions`` override the scores (same: joined
        first; not same: never in one person, whatever else links them)."""
        ...


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
        return MatchScore(round(sum(features.values()), 3), features)

    def resolve(self, mentions: Sequence[PersonMention], hubs: frozenset[str],
                decisions: Sequence[Decision] = ()) -> Clustering:
        return cluster(mentions, self, hubs, decisions)


def dob_near(a: date, b: date) -> bool:
    """Two dates of birth one slip apart: one digit mistyped, two adjacent digits swapped, or the year one off."""
    x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    diff = [i for i in range(8) if x[i] != y[i]]
    if len(diff) == 1:
        return True
    if len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]:
        return True
    return (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1


def incompatible(a: PersonMention, b: PersonMention) -> str | None:
    """Hard reasons two mentions can never be one person, whatever else links them: only two subjects
    of one record (a report names two people). Dates of birth, sexes and first names that disagree are
    evidence, weighed by the scorer: clerks mistype them, and a rule would forbid the join for ever."""
    if a.record_key == b.record_key and a.origin == "subject" and b.origin == "subject":
        return "two subjects of one record"
    return None


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


@dataclass
class Clustering:
    """The outcome: a cluster id for every mention, and the evidence behind every join."""

    cluster_of: dict[str, str]
    #: (mention a, mention b) → score, for every pair that was joined.
    merges: dict[tuple[str, str], MatchScore] = field(default_factory=dict)
    #: Pairs that scored above the threshold but were refused, with the reason.
    refused: dict[tuple[str, str], str] = field(default_factory=dict)
    pairs_scored: int = 0
    #: Pairs a reviewer should look at (see :data:`ReviewPair`), most uncertain first.
    review: list[ReviewPair] = field(default_factory=list)
    #: Pairs whose features were computed in this run (the rest came from an earlier run's cache).
    pairs_compared: int = 0


@dataclass(frozen=True)
class ReviewPair:
    a: str
    b: str
    #: ``uncertain merge``, ``near miss`` or ``refused``.
    kind: str
    probability: float
    score: MatchScore
    reason: str | None = None


@dataclass(frozen=True)
class DecidedPairs:
    """Active decisions, as indices into one build's mentions (those naming a mention not in it wait)."""

    same: list[tuple[int, int, Decision]]
    not_same: dict[tuple[int, int], str]

    @classmethod
    def of(cls, mentions: Sequence[PersonMention], decisions: Sequence[Decision]) -> DecidedPairs:
        index = {m.key: i for i, m in enumerate(mentions)}
        same: list[tuple[int, int, Decision]] = []
        not_same: dict[tuple[int, int], str] = {}
        for d in sorted(decisions, key=lambda d: d.id):
            if not d.active or d.a not in index or d.b not in index:
                continue
            i, j = sorted((index[d.a], index[d.b]))
            if d.verdict == "same":
                same.append((i, j, d))
            else:
                not_same[(i, j)] = f"decision {d.id} by {d.user}: not the same person"
        return cls(same, not_same)

    def blocking(self, a: Sequence[int], b: Sequence[int]) -> str | None:
        """The not-same decision that keeps two groups of mentions apart, if any."""
        return separated(self.not_same, a, b)


def decided_score(decision: Decision) -> MatchScore:
    """A join made by an investigator: the decision is the whole of its explanation."""
    return MatchScore(100.0, {"investigator decision: same person": 100.0}, algorithm=DECISION_ALGORITHM,
                      decision=decision.label())


def candidate_pairs(mentions: Sequence[PersonMention], hubs: frozenset[str], max_block: int = 400) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for key in blocking_keys(m, hubs):
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) > max_block:  # too common to be evidence: compare nothing through it
            continue
        pairs.update(combinations(sorted(members), 2))
    return pairs


def cluster(mentions: Sequence[PersonMention], scorer: PairScorer, hubs: frozenset[str],
            decisions: Sequence[Decision] = ()) -> Clustering:
    """Greedy agglomeration over candidate pairs, strongest first, honouring :func:`incompatible`,
    the average score across the two clusters, and investigators' decisions (same: joined first;
    not same: never joined)."""
    decided = DecidedPairs.of(mentions, decisions)
    scored: list[tuple[float, int, int, MatchScore]] = []
    pairs = candidate_pairs(mentions, hubs)
    for i, j in pairs:
        result = scorer.score(mentions[i], mentions[j], hubs)
        if result.passes(scorer.threshold):
            scored.append((result.score, i, j, result))
    scored.sort(key=lambda t: (-t[0], mentions[t[1]].key, mentions[t[2]].key))
    parent = list(range(len(mentions)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    out = Clustering(cluster_of={}, pairs_scored=len(pairs), pairs_compared=len(pairs))
    for i, j, decision in decided.same:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        pair = (mentions[i].key, mentions[j].key)
        conflict = decided.blocking(members[ri], members[rj])
        if conflict:
            out.refused[pair] = f"decision {decision.id} conflicts with {conflict}"
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
        out.merges[pair] = decided_score(decision)
    for _, i, j, result in scored:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        reason = decided.blocking(members[ri], members[rj]) or next(
            (r for a in members[ri] for b in members[rj] if (r := incompatible(mentions[a], mentions[b]))), None)
        if reason is None and len(members[ri]) * len(members[rj]) > 1:
            cross = [scorer.score(mentions[a], mentions[b], hubs).score for a in members[ri] for b in members[rj]]
            mean = sum(cross) / len(cross)
            if mean < scorer.threshold:
                reason = f"average score {mean:.2f} between the two clusters is below {scorer.threshold:.2f}"
        pair = (mentions[i].key, mentions[j].key)
        if reason:
            out.refused[pair] = reason
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
        out.merges[pair] = result
    for root, group in members.items():
        cid = min(mentions[k].key for k in group)
        for k in group:
            out.cluster_of[mentions[k].key] = cid
        del root
    return out


def name_candidates(mention: PersonMention, index: dict[str, set[str]]) -> set[str]:
    sur = jellyfish.metaphone(mention.surname) if mention.surname else ""
    found: set[str] = set()
    for first in family(mention.first) if mention.first else ():
        found |= index.get(f"n:{sur}:{first}", set())
    return found


def build_name_index(mentions: Iterable[PersonMention], cluster_of: dict[str, str]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        sur = jellyfish.metaphone(m.surname) if m.surname else ""
        for first in family(m.first) if m.first else ():
            index[f"n:{sur}:{first}"].add(cluster_of[m.key])
    return index
