"""The shared vocabulary of person resolution: what a mention is, what a pair's score says, what a
resolver returns, and the one hard limit every scorer honours.

Both scorers (the deterministic rules of :mod:`.persons`, the learned matcher of :mod:`.learned`) and
everything that consumes their outcome (the graph builder, explanations, training) import these from
here, so neither scorer is the other's dependency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from graph.resolve.cluster import Clusters, separated
from graph.resolve.decisions import ALGORITHM as DECISION_ALGORITHM
from graph.resolve.decisions import Decision

if TYPE_CHECKING:
    from graph.resolve.epoch import Epoch


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
    #: The scorer that made it, named and versioned (``person-rules/1.0``, the learned model's name).
    algorithm: str
    #: The comparison features' values (a learned matcher's inputs), when the scorer has them.
    values: dict[str, float] | None = None
    #: The investigator's decision that made this join (who, when, why), when one did.
    decision: dict[str, object] | None = None

    def passes(self, threshold: float) -> bool:
        return self.score >= threshold


class PairScorer(Protocol):
    """Scores one pair of mentions and says why; :attr:`threshold` is in the scorer's own scale
    (rule points, or calibrated log-odds)."""

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

    def statistics(self) -> Epoch | None:
        """The statistics the resolver weighs pairs with between refreshes (None: each build estimates its own)."""
        ...

    def pin(self, epoch: Epoch | None) -> None:
        """Weigh every following build with ``epoch`` (a build from scratch checking a live one under its statistics)."""
        ...

    def adopt(self, epoch: Epoch) -> None:
        """Weigh the following builds with ``epoch`` (another consumer's) until the resolver's policy refreshes it."""
        ...


def incompatible(a: PersonMention, b: PersonMention) -> str | None:
    """Hard reasons two mentions can never be one person, whatever else links them: only two subjects
    of one record (a report names two people). Dates of birth, sexes and first names that disagree are
    evidence, weighed by the scorer: clerks mistype them, and a rule would forbid the join for ever."""
    if a.record_key == b.record_key and a.origin == "subject" and b.origin == "subject":
        return "two subjects of one record"
    return None


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
    #: How many mentions this run resolved (all, or the parts of the world its changes reached: see
    #: :mod:`graph.resolve.incremental`); 0 when not counted.
    scope: int = 0
    #: The statistics the pairs were weighed with and how stale they are (:meth:`graph.resolve.epoch.Epoch.describe`);
    #: empty when the run estimated its own.
    statistics: str = ""

    @classmethod
    def of(cls, mentions: Sequence[PersonMention], clusters: Clusters, decided: DecidedPairs,
           score: Callable[[int, int], MatchScore], *, pairs_scored: int, pairs_compared: int) -> Clustering:
        """The pipeline's clusters (indices into ``mentions``) named by mention keys: a person by its smallest
        mention key, a join the ``decided`` pairs made by its (first) decision, any other by ``score``."""
        out = cls(cluster_of={}, pairs_scored=pairs_scored, pairs_compared=pairs_compared)
        groups: dict[int, list[int]] = defaultdict(list)
        for i, root in enumerate(clusters.root_of):
            groups[root].append(i)
        for group in groups.values():
            cid = min(mentions[k].key for k in group)
            for k in group:
                out.cluster_of[mentions[k].key] = cid
        first: dict[tuple[int, int], Decision] = {}
        for i, j, d in decided.same:
            first.setdefault((i, j), d)
        for i, j in clusters.merges:
            pair = (mentions[i].key, mentions[j].key)
            out.merges[pair] = decided_score(first[(i, j)]) if (i, j) in clusters.decided else score(i, j)
        for (i, j), reason in clusters.refused.items():
            out.refused[(mentions[i].key, mentions[j].key)] = reason
        return out


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
