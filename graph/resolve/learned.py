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
from graph.resolve.epoch import Epoch, EpochPolicy, Weights
from graph.resolve.features import FEATURES, PROFILE, VERSION, PairCache, PersonProfile
from graph.resolve.incremental import Asked, DecidedKey, Part, World, split
from graph.resolve.matcher import MatcherModel, Matrix, em_prior_shift, load_model
from graph.resolve.persons import RuleScorer
from graph.resolve.pipeline import Adapter, Frozen, Rescore, Resolution, feature_matrix, resolve
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
#: A blocking key held by more mentions than this pairs none of them (see :func:`~graph.resolve.blocking.candidate_pairs`).
MAX_BLOCK = 400

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

    def __init__(self, model: MatcherModel | None = None, policy: EpochPolicy | None = None) -> None:
        self.model = model or _shipped()
        #: Static features of the pairs the last build compared.
        self._cache: PairCache = {}
        #: When the statistics are estimated anew (:mod:`.epoch`).
        self.policy = policy or EpochPolicy()
        #: The statistics builds weigh their pairs with (None: each build estimates its own).
        self.epoch: Epoch | None = None
        self._pinned = False
        #: Mentions added or removed since :attr:`epoch` was estimated.
        self.changed = 0
        #: The last build's parts, kept under :attr:`epoch` (see :mod:`.incremental`).
        self._world: World | None = None
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

    def pin(self, epoch: Epoch | None) -> None:
        """Resolve every following build under ``epoch``, never estimating anew (a build from scratch that checks a
        live graph under the live resolver's statistics: ``caselink rebuild --verify``); None: back to the policy."""
        self.epoch, self._pinned, self._world, self.changed = epoch, epoch is not None, None, 0

    def statistics(self) -> Epoch | None:
        return self.epoch

    def adopt(self, epoch: Epoch) -> None:
        """Weigh the following builds with ``epoch``, another consumer's (the one a shared graph was last written
        under), until the policy says to estimate anew: consumers of one graph converge on one epoch."""
        if epoch is not self.epoch:
            self.epoch, self._pinned, self._world, self.changed = epoch, False, None, 0

    def resolve(self, mentions: Sequence[PersonMention], hubs: frozenset[str], decisions: Sequence[Decision] = ()) -> Clustering:
        """Cluster a build's mentions. Pairs compared by an earlier call keep their static features
        (:data:`~graph.resolve.features.PairCache`), so a build that adds a few records to a large
        world compares only the pairs those records bring. Under an epoch kept from an earlier build
        (:mod:`.epoch`), only the parts of the world the change can reach are resolved again
        (:mod:`.incremental`): the outcome is exactly that of a build from scratch under that epoch."""
        with collector_paused():
            return self._resolve(mentions, hubs, decisions)

    def _resolve(self, mentions: Sequence[PersonMention], hubs: frozenset[str], decisions: Sequence[Decision]) -> Clustering:
        decided: DecidedKey = tuple(sorted((d.id, d.a, d.b, d.verdict) for d in decisions if d.active))
        world = self._world
        if world is not None:
            present = {id(m) for m in mentions}
            added = [m for m in mentions if id(m) not in world.held]
            removed = [m for i, m in world.held.items() if i not in present]
            changed = self.changed + len(added) + len(removed)
        elif self.epoch is not None:  # adopted or pinned: how far the world has moved from the epoch's, at least
            added, removed, changed = list(mentions), [], self.changed + abs(len(mentions) - self.epoch.mentions)
        else:
            added, removed, changed = list(mentions), [], len(mentions)
        epoch = self.epoch if self._pinned or not self.policy.due(self.epoch, len(mentions), changed) else None
        if epoch is None:
            return self._everything(mentions, hubs, decisions, decided, None)
        self.changed = changed
        if world is None or not world.fits(epoch, hubs, decided) or not world.in_order(mentions):
            return self._everything(mentions, hubs, decisions, decided, epoch)
        keys_of = PersonProfile(hubs=hubs).keys  # blocking keys depend on the hubs alone
        arriving = [(m, list(keys_of(m))) for m in added]
        if not world.scopable(arriving, removed):
            return self._everything(mentions, hubs, decisions, decided, epoch)
        return self._scoped(mentions, hubs, decisions, world, arriving, removed)

    def _everything(self, mentions: Sequence[PersonMention], hubs: frozenset[str], decisions: Sequence[Decision],
                    decided: DecidedKey, epoch: Epoch | None) -> Clustering:
        """Resolve all ``mentions``: under ``epoch``, or estimating the statistics from them (None), which become the
        resolver's epoch when the build is large enough to keep one."""
        keys_of = PersonProfile(hubs=hubs).keys
        keys = [list(keys_of(m)) for m in mentions]
        profile, result, pairs, cache = self._run(mentions, hubs, decisions, epoch, keys)
        # A few hundred bytes a pair: a world too large to keep is compared afresh at every build.
        self._cache = cache if len(cache) <= MAX_CACHED_PAIRS else {}
        if epoch is None:
            epoch = self._estimated(profile) if len(mentions) >= self.policy.min_mentions else None
            self.epoch, self.changed = epoch, 0
        parts = self._parts(mentions, profile, result, pairs)
        world = None
        if epoch is not None:
            world = World(epoch, hubs, decided, MAX_BLOCK)
            for m, k in zip(mentions, keys, strict=True):
                world.add(m, k)
            for part in parts:
                world.place(part)
            world.ranked(mentions)
        self._world = world
        return self._outcome(mentions, parts, profile, world, scope=len(mentions), pairs_scored=result.pairs_scored)

    def _scoped(self, mentions: Sequence[PersonMention], hubs: frozenset[str], decisions: Sequence[Decision], world: World,
                arriving: Sequence[tuple[PersonMention, Sequence[str]]], removed: Sequence[PersonMention]) -> Clustering:
        """Resolve again only the parts of ``world`` that the ``arriving`` and ``removed`` mentions can change."""
        touched = {world.remove(m) for m in removed}
        for m, keys in arriving:
            world.add(m, keys)
        for m, _ in arriving:
            touched |= world.reach(m)
        again = {id(m) for m, _ in arriving}
        for t in touched:
            again.update(id(m) for m in world.parts.pop(t).members if id(m) in world.held)
        scope = [m for m in mentions if id(m) in again]  # in the build's order, as a build of everything orders them
        profile, result, pairs, cache = self._run(scope, hubs, decisions, world.epoch,
                                                  [world.usable_keys(world.keys_of[id(m)]) for m in scope])
        if len(self._cache) + len(cache) <= MAX_CACHED_PAIRS:
            self._cache.update(cache)
        for part in self._parts(scope, profile, result, pairs):
            world.place(part)
        world.ranked(mentions)
        return self._outcome(mentions, list(world.parts.values()), profile, world, scope=len(scope),
                             pairs_scored=result.pairs_scored)

    def _run(self, mentions: Sequence[PersonMention], hubs: frozenset[str], decisions: Sequence[Decision], epoch: Epoch | None,
             keys: Sequence[Sequence[str]]) -> tuple[PersonProfile, Resolution[PersonMention], DecidedPairs, PairCache]:
        """One pass of the shared pipeline over ``mentions``, under ``epoch`` or estimating from them."""
        cache: PairCache = {}  # this pass's pairs: the next build reuses them
        frozen: Frozen | None = None
        if epoch is None:
            profile = PersonProfile.for_mentions(mentions, hubs, cache=cache, earlier=self._cache)
        else:
            profile = self._under(epoch, mentions, hubs, cache)
            frozen = Frozen(epoch.prior_shift, None if profile.adapted is None else self._rescore(profile.adapted))
        decided = DecidedPairs.of(mentions, decisions)
        result = resolve(mentions, profile, self.model, must=[(i, j) for i, j, _ in decided.same], cannot=decided.not_same,
                         adapt_prior=True, unadapted=UNADAPTED, floor=FLOOR, adapt=self._adapter(mentions, profile), average=AVERAGE,
                         adapted_floor=ADAPTED_FLOOR, frozen=frozen, keys=keys, max_block=MAX_BLOCK)
        profile.prior_shift = result.prior_shift
        return profile, result, decided, cache

    def _under(self, epoch: Epoch, mentions: Sequence[PersonMention], hubs: frozenset[str], cache: PairCache) -> PersonProfile:
        """The person profile of ``mentions`` weighed with ``epoch``'s statistics."""
        return PersonProfile(hubs=hubs, name_counts=epoch.name_counts, surname_counts=epoch.surname_counts, cache=cache,
                             earlier=self._cache, dob_counts=epoch.dob_counts, mentions=mentions,
                             prior_shift=epoch.prior_shift, adapted=None if epoch.weights is None else epoch.weights.bind(mentions),
                             adaptation_done=True)

    def _estimated(self, profile: PersonProfile) -> Epoch:
        return Epoch(mentions=len(profile.mentions), name_counts=profile.name_counts, surname_counts=profile.surname_counts,
                     dob_counts=profile.dob_counts, prior_shift=profile.prior_shift or 0.0,
                     weights=None if profile.adapted is None else Weights.of(profile.adapted))

    def _parts(self, mentions: Sequence[PersonMention], profile: PersonProfile, result: Resolution[PersonMention],
               decided: DecidedPairs) -> list[Part]:
        """One pass's outcome, split into its parts (see :mod:`.incremental`): mentions linked by a candidate pair of at
        least :data:`NEAR_MISS` or by a decision."""
        links = [pair for pair, p in result.scored.items() if p >= NEAR_MISS]
        links += [(i, j) for i, j, _ in decided.same]
        links += list(decided.not_same)
        parts: list[Part] = []
        part_of = [0] * len(mentions)
        for n, group in enumerate(split(mentions, links)):
            parts.append(Part([mentions[i] for i in group]))
            for i in group:
                part_of[i] = n
        clusters = result.clusters
        smallest: dict[int, str] = {}
        for i, root in enumerate(clusters.root_of):  # clusters are named by their smallest key, as the rules resolver names them
            key = mentions[i].key
            if root not in smallest or key < smallest[root]:
                smallest[root] = key
        for i, root in enumerate(clusters.root_of):
            parts[part_of[i]].cluster_of[mentions[i].key] = smallest[root]
        by_pair = {(i, j): d for i, j, d in decided.same}
        for i, j in clusters.merges:
            score = decided_score(by_pair[(i, j)]) if (i, j) in clusters.decided else self.score_in(profile, mentions[i], mentions[j])
            parts[part_of[i]].merges[(mentions[i].key, mentions[j].key)] = score
        for (i, j), why in clusters.refused.items():
            parts[part_of[i]].refused[(mentions[i].key, mentions[j].key)] = why
        for p, i, j, kind, reason in self._asked(mentions, result.scored, clusters, decided):
            parts[part_of[i]].asked.append((p, mentions[i], mentions[j], kind, reason))
        return parts

    def _outcome(self, mentions: Sequence[PersonMention], parts: Sequence[Part], profile: PersonProfile,
                 world: World | None, *, scope: int, pairs_scored: int) -> Clustering:
        """The build's clustering, from all its parts; the review queue cut to the :data:`MAX_REVIEW` most uncertain."""
        cluster_of: dict[str, str] = {}
        out = Clustering(cluster_of={}, pairs_scored=pairs_scored, pairs_compared=profile.compared, scope=scope,
                         statistics="" if self.epoch is None else self.epoch.describe(self.changed))
        asked: list[Asked] = []
        for part in parts:
            cluster_of.update(part.cluster_of)
            out.merges.update(part.merges)
            out.refused.update(part.refused)
            asked += part.asked
        out.cluster_of = {m.key: cluster_of[m.key] for m in mentions}
        # Ordered and cut before the explanations are computed: a large build has tens of thousands of
        # candidates and explaining each one costs far more than the queue's order needs.
        asked.sort(key=lambda t: (abs(t[0] - 0.5), t[1].key, t[2].key))
        explained: dict[tuple[int, int], MatchScore] = {}
        for p, a, b, kind, reason in asked[:MAX_REVIEW]:
            pair = (id(a), id(b))
            score = world.explained.get(pair) if world is not None else None
            if score is None:  # the pass's profile weighs any pair as the whole build does (same statistics and hubs)
                score = self.score_in(profile, a, b)
            explained[pair] = score
            out.review.append(ReviewPair(a.key, b.key, kind, p, score, reason))
        if world is not None:
            world.explained = explained
        return out

    def _rescore(self, fitted: adapt.Adapted) -> Rescore:
        def rescore(ps: Sequence[tuple[int, int]], xs: Matrix, ls: Matrix) -> Matrix:
            out: Matrix = (1.0 - adapt.ADAPTED_SHARE) * ls + adapt.ADAPTED_SHARE * adapt.adapted_logits(fitted, ps, xs)
            return out

        return rescore

    def _adapter(self, mentions: Sequence[PersonMention], profile: PersonProfile) -> Adapter:
        """Fits the build's own Fellegi–Sunter weights (:mod:`.adapt`) on its candidate pairs, keeps them in
        ``profile`` (for explanations) and blends their log-odds with the shipped matcher's."""

        def start(pairs: Sequence[tuple[int, int]], x: Matrix, logits: Matrix) -> Rescore | None:
            plain = replace(profile, cache=None, earlier=None)  # random pairs are not this build's candidates
            fitted = adapt.fit(mentions, pairs, x, 1.0 / (1.0 + np.exp(-logits)), plain.compare, profile.comparable)
            profile.adapted, profile.adaptation_done = fitted, True
            return None if fitted is None else self._rescore(fitted)

        return start

    def _asked(self, mentions: Sequence[PersonMention], scored: dict[tuple[int, int], float], clusters: Clusters,
               decided: DecidedPairs) -> list[tuple[float, int, int, str, str | None]]:
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
        return asked


def make_resolver(name: ResolverName = "learned", policy: EpochPolicy | None = None) -> PersonResolver:
    """The person resolver by name: ``learned`` (default, its statistics kept as ``policy`` says) or ``rules`` (deterministic)."""
    if name == "rules":
        return RuleScorer()
    return LearnedResolver(policy=policy)
