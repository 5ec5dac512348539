"""The learned person resolver: the person profile run through the shared pipeline with the shipped model.

It is what :class:`~graph.build.GraphBuilder` uses by default (``rules`` names the
deterministic resolver of :mod:`graph.resolve.persons`, kept as an alternative). Every merge
carries each feature's contribution to the calibrated log-odds, which add up to the score, so
a join (or a near miss, via :meth:`LearnedResolver.score`) can be explained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np

from graph.collector import collector_paused
from graph.resolve import adapt
from graph.resolve.blocking import candidate_pairs
from graph.resolve.cluster import Clusters
from graph.resolve.decisions import Decision
from graph.resolve.features import FEATURES, PROFILE, VERSION, PairCache, PersonProfile
from graph.resolve.matcher import MatcherModel, Matrix, em_prior_shift, load_model
from graph.resolve.persons import RuleScorer
from graph.resolve.pipeline import Adapter, Rescore, feature_matrix, resolve
from graph.resolve.types import (
    Clustering,
    DecidedPairs,
    MatchScore,
    PersonMention,
    PersonResolver,
    ReviewPair,
    decided_score,
)

#: The shipped model (package data, trained by ``caselink train-matcher``).
MODEL_PATH = Path(__file__).resolve().parents[1] / "person_matcher.json"

ResolverName = Literal["learned", "rules"]

#: A pair at least this probable and below :data:`SURE` is worth a reviewer's look.
NEAR_MISS = 0.2
#: A join at least this probable is not put to a reviewer.
SURE = 0.9
#: Pairs whose features a resolver keeps for the next build (about 0.5 KB each).
MAX_CACHED_PAIRS = 2_000_000
#: At most this many pairs in the review queue (the most uncertain).
MAX_REVIEW = 5000

#: What a hard limit (two subjects of one record) adds to the log-odds.
NEVER = -100.0
#: Two clusters stay apart while a pair across them is below this probability (see ``average_link``).
FLOOR = 0.03
#: :data:`FLOOR` in a build that estimated its own weights (:mod:`.adapt`): none. Its probabilities
#: already weigh how often this source's records of one person disagree (a register where a third of the
#: dates of birth are mistyped makes such a pair far less improbable than the shipped model alone
#: would), so the average link across two clusters (:data:`AVERAGE`) decides alone; the floor stays for
#: builds too small to estimate from, where one contradicting pair is all the evidence there is.
ADAPTED_FLOOR = 0.0
#: Two clusters join when the average probability of the pairs across them reaches this (see ``average_link``).
AVERAGE = 0.3
#: Pairs with one of these features set keep the trained prior: a build dense in duplicates says
#: nothing about whether two bare names are one person, nor two people whose dates of birth disagree
#: (a slip, or two people of one common name: the comparison's own weight decides, not the density).
UNADAPTED = ("uncorroborated", "dob_one_digit", "dob_transposed", "dob_year_off_one", "dob_same_day_month", "dob_same_year_month",
             "dob_same_year_only", "dob_differs", "birth_year_far")
#: The explanation's name for the build's estimated prior.
BUILD_PRIOR = "prior: this build (EM)"
#: The explanation's name for the prior of the build's own weights (:mod:`.adapt`).
BUILD_PARTS = "build: "
BUILD_PRIOR_FS = f"{BUILD_PARTS}prior"


@cache
def _shipped() -> MatcherModel:
    return load_person_model()


def load_person_model(path: Path = MODEL_PATH) -> MatcherModel:
    return load_model(path, profile=PROFILE, version=VERSION, features=FEATURES)


class LearnedResolver:
    """Blocking → features → calibrated classifier → average-link clustering, for person mentions."""

    def __init__(self, model: MatcherModel | None = None) -> None:
        self.model = model or _shipped()
        #: Static features of the pairs the last build compared.
        self._cache: PairCache = {}
        self.name = self.model.name
        #: In calibrated log-odds, like :attr:`MatchScore.score`.
        self.threshold = self.model.threshold_logit

    def score(self, a: PersonMention, b: PersonMention, hubs: frozenset[str]) -> MatchScore:
        """One pair on its own (name frequencies from the pair alone); see :meth:`score_in`."""
        return self.score_in(PersonProfile.for_mentions([a, b], hubs), a, b)

    def prior_shift(self, profile: PersonProfile) -> float:
        """The build's estimated prior (:func:`~graph.resolve.matcher.em_prior_shift`), computed from
        the profile's mentions when the build that made it did not record it (an explanation's profile)."""
        if profile.prior_shift is None:
            self._estimate(profile)
        return profile.prior_shift or 0.0

    def _estimate(self, profile: PersonProfile) -> None:
        """What a build over the profile's mentions estimates from them (its prior, its own weights), for an
        explanation whose profile no build made."""
        mentions = profile.mentions
        profile.prior_shift, profile.adapted, profile.adaptation_done = 0.0, None, True
        if len(mentions) < 2:
            return
        keys = [list(profile.keys(m)) for m in mentions]
        pairs = sorted(candidate_pairs(keys, allowed=lambda i, j: profile.comparable(mentions[i], mentions[j])))
        x = feature_matrix(profile, mentions, pairs)
        logits = self.model.logits(x)
        profile.prior_shift = em_prior_shift(logits, self.model.base_rate)
        if profile.prior_shift:
            exempt = [FEATURES.index(f) for f in UNADAPTED]
            logits = logits + np.where((x[:, exempt] > 0).any(axis=1), 0.0, profile.prior_shift)
        self._adapter(mentions, profile)(pairs, x, logits)

    def adapted(self, profile: PersonProfile) -> adapt.Adapted | None:
        """The build's own weights (:mod:`.adapt`), fitted when the build did not record them."""
        if not profile.adaptation_done:
            self._estimate(profile)
        return profile.adapted

    def score_in(self, profile: PersonProfile, a: PersonMention, b: PersonMention) -> MatchScore:
        """A pair as the build bound in ``profile`` sees it: the calibrated log-odds and each feature's part,
        with the build's estimated prior as one more part (``prior: this build (EM)``); in a build large
        enough to estimate its own weights (:mod:`.adapt`), every part of the shipped model counts
        ``1 - ADAPTED_SHARE`` and each comparison level's build weight (``build: ...``) ``ADAPTED_SHARE``."""
        values = profile.compare(a, b)
        contributions = self.model.contributions(values)
        logit = float(self.model.logits(np.asarray([values], dtype=float))[0])
        shift = 0.0 if any(values[FEATURES.index(f)] for f in UNADAPTED) else self.prior_shift(profile)
        if shift:
            contributions[BUILD_PRIOR] = round(shift, 4)
            logit += shift
        fitted = self.adapted(profile)
        if fitted is not None:
            keep = 1.0 - adapt.ADAPTED_SHARE
            contributions = {k: round(v * keep, 4) for k, v in contributions.items()}
            parts = fitted.parts(a, b, list(values) + list(adapt.extra_features(a, b)))
            contributions[BUILD_PRIOR_FS] = round(adapt.ADAPTED_SHARE * fitted.prior, 4)
            contributions.update({f"{BUILD_PARTS}{k}": round(adapt.ADAPTED_SHARE * v, 4) for k, v in parts.items() if v})
            logit = keep * logit + adapt.ADAPTED_SHARE * (fitted.prior + sum(parts.values()))
        reason = profile.incompatible(a, b)
        if reason is not None:  # a hard limit outweighs any evidence, and the explanation says so
            contributions[f"never: {reason}"] = NEVER
            logit += NEVER
        return MatchScore(round(logit, 6), contributions, algorithm=self.name,
                          values={k: v for k, v in zip(FEATURES, values, strict=True) if v})

    def resolve(self, mentions: Sequence[PersonMention], hubs: frozenset[str], decisions: Sequence[Decision] = ()) -> Clustering:
        """Cluster a build's mentions. Pairs compared by an earlier call keep their static features
        (:data:`~graph.resolve.features.PairCache`), so a build that adds a few records to a large
        world compares only the pairs those records bring: a record arriving on Kafka is resolved
        against the existing entities, and the outcome is exactly that of a build from scratch."""
        with collector_paused():
            return self._resolve(mentions, hubs, decisions)

    def _resolve(self, mentions: Sequence[PersonMention], hubs: frozenset[str], decisions: Sequence[Decision]) -> Clustering:
        cache: PairCache = {}  # this build's pairs only: the next build reuses them, stale ones go
        profile = PersonProfile.for_mentions(mentions, hubs, cache=cache, earlier=self._cache)
        decided = DecidedPairs.of(mentions, decisions)
        result = resolve(mentions, profile, self.model, must=[(i, j) for i, j, _ in decided.same], cannot=decided.not_same,
                         adapt_prior=True, unadapted=UNADAPTED, floor=FLOOR, adapt=self._adapter(mentions, profile), average=AVERAGE,
                         adapted_floor=ADAPTED_FLOOR)
        profile.prior_shift = result.prior_shift
        # A few hundred bytes a pair: a world too large to keep is compared afresh at every build.
        self._cache = cache if len(cache) <= MAX_CACHED_PAIRS else {}
        out = Clustering(cluster_of={}, pairs_scored=result.pairs_scored, pairs_compared=profile.compared)
        for i, root in enumerate(result.clusters.root_of):
            out.cluster_of[mentions[i].key] = mentions[root].key
        groups: dict[str, list[str]] = {}
        for key, cid in out.cluster_of.items():
            groups.setdefault(cid, []).append(key)
        for group in groups.values():  # clusters are named by their smallest key, as the rules resolver names them
            smallest = min(group)
            for key in group:
                out.cluster_of[key] = smallest
        by_pair = {(i, j): d for i, j, d in decided.same}
        for i, j in result.clusters.merges:
            if (i, j) in result.clusters.decided:
                out.merges[(mentions[i].key, mentions[j].key)] = decided_score(by_pair[(i, j)])
            else:
                out.merges[(mentions[i].key, mentions[j].key)] = self.score_in(profile, mentions[i], mentions[j])
        for (i, j), reason in result.clusters.refused.items():
            out.refused[(mentions[i].key, mentions[j].key)] = reason
        out.review = self._review(mentions, profile, result.scored, result.clusters, decided)
        return out

    def _adapter(self, mentions: Sequence[PersonMention], profile: PersonProfile) -> Adapter:
        """Fits the build's own Fellegi–Sunter weights (:mod:`.adapt`) on its candidate pairs, keeps them in
        ``profile`` (for explanations) and blends their log-odds with the shipped matcher's."""

        def start(pairs: Sequence[tuple[int, int]], x: Matrix, logits: Matrix) -> Rescore | None:
            plain = replace(profile, cache=None, earlier=None)  # random pairs are not this build's candidates
            fitted = adapt.fit(mentions, pairs, x, 1.0 / (1.0 + np.exp(-logits)), plain.compare, profile.comparable)
            profile.adapted, profile.adaptation_done = fitted, True
            if fitted is None:
                return None

            def rescore(ps: Sequence[tuple[int, int]], xs: Matrix, ls: Matrix) -> Matrix:
                out: Matrix = (1.0 - adapt.ADAPTED_SHARE) * ls + adapt.ADAPTED_SHARE * adapt.adapted_logits(fitted, ps, xs)
                return out

            return rescore

        return start

    def _review(self, mentions: Sequence[PersonMention], profile: PersonProfile, scored: dict[tuple[int, int], float],
                clusters: Clusters, decided: DecidedPairs) -> list[ReviewPair]:
        """What a reviewer should look at: joins below :data:`SURE`, near misses from :data:`NEAR_MISS`,
        and pairs above the threshold the clustering kept apart; pairs already decided are not asked again."""
        settled = {(i, j) for i, j, _ in decided.same} | set(decided.not_same)
        asked: list[tuple[float, int, int, str, str | None]] = []
        for (i, j), p in scored.items():
            if (i, j) in settled or p < NEAR_MISS:
                continue
            if (i, j) in clusters.refused:
                kind, reason = "refused", clusters.refused[(i, j)]
            elif (i, j) in clusters.merges:
                if p >= SURE:
                    continue
                kind, reason = "uncertain merge", None
            elif p < self.model.threshold and clusters.root_of[i] != clusters.root_of[j]:
                kind, reason = "near miss", None
            else:
                continue
            asked.append((round(p, 6), i, j, kind, reason))
        # Ordered and cut before the explanations are computed: a large build has tens of thousands of
        # candidates and explaining each one costs far more than the queue's order needs.
        asked.sort(key=lambda t: (abs(t[0] - 0.5), mentions[t[1]].key, mentions[t[2]].key))
        return [ReviewPair(mentions[i].key, mentions[j].key, kind, p, self.score_in(profile, mentions[i], mentions[j]), reason)
                for p, i, j, kind, reason in asked[:MAX_REVIEW]]


def make_resolver(name: ResolverName = "learned") -> PersonResolver:
    """The person resolver by name: ``learned`` (default) or ``rules`` (deterministic)."""
    if name == "rules":
        return RuleScorer()
    return LearnedResolver()
