"""The learned person resolver: the person profile run through the shared pipeline with the shipped model.

It is what :class:`~graph.build.GraphBuilder` uses by default (``rules`` names the
deterministic resolver of :mod:`graph.resolve.persons`, kept as an alternative). Every merge
carries each feature's contribution to the calibrated log-odds, which add up to the score, so
a join (or a near miss, via :meth:`LearnedResolver.score`) can be explained.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal

from graph.resolve.features import FEATURES, PROFILE, VERSION, PersonProfile
from graph.resolve.matcher import MatcherModel, load_model
from graph.resolve.persons import Clustering, MatchScore, PersonMention, PersonResolver, RuleScorer
from graph.resolve.pipeline import feature_matrix, resolve

#: The shipped model (package data, trained by ``caselink train-matcher``).
MODEL_PATH = Path(__file__).resolve().parents[1] / "person_matcher.json"

ResolverName = Literal["learned", "rules"]

#: What a hard limit (two subjects of one record, contradicting dates of birth or sexes) adds to the log-odds.
NEVER = -100.0


@cache
def _shipped() -> MatcherModel:
    return load_person_model()


def load_person_model(path: Path = MODEL_PATH) -> MatcherModel:
    return load_model(path, profile=PROFILE, version=VERSION, features=FEATURES)


class LearnedResolver:
    """Blocking → features → calibrated classifier → average-link clustering, for person mentions."""

    def __init__(self, model: MatcherModel | None = None) -> None:
        self.model = model or _shipped()
        self.name = self.model.name
        #: In calibrated log-odds, like :attr:`MatchScore.score`.
        self.threshold = self.model.threshold_logit

    def score(self, a: PersonMention, b: PersonMention, hubs: frozenset[str]) -> MatchScore:
        """One pair on its own (name frequencies from the pair alone); see :meth:`score_in`."""
        return self.score_in(PersonProfile.for_mentions([a, b], hubs), a, b)

    def score_in(self, profile: PersonProfile, a: PersonMention, b: PersonMention) -> MatchScore:
        """A pair as the build bound in ``profile`` sees it: the calibrated log-odds and each feature's part."""
        values = profile.compare(a, b)
        contributions = self.model.contributions(values)
        logit = float(self.model.logits(feature_matrix(profile, [a, b], [(0, 1)]))[0])
        reason = profile.incompatible(a, b)
        if reason is not None:  # a hard limit outweighs any evidence, and the explanation says so
            contributions[f"never: {reason}"] = NEVER
            logit += NEVER
        return MatchScore(round(logit, 4), contributions, algorithm=self.name)

    def resolve(self, mentions: Sequence[PersonMention], hubs: frozenset[str]) -> Clustering:
        profile = PersonProfile.for_mentions(mentions, hubs)
        result = resolve(mentions, profile, self.model)
        out = Clustering(cluster_of={}, pairs_scored=result.pairs_scored)
        for i, root in enumerate(result.clusters.root_of):
            out.cluster_of[mentions[i].key] = mentions[root].key
        groups: dict[str, list[str]] = {}
        for key, cid in out.cluster_of.items():
            groups.setdefault(cid, []).append(key)
        for group in groups.values():  # clusters are named by their smallest key, as the rules resolver names them
            smallest = min(group)
            for key in group:
                out.cluster_of[key] = smallest
        for i, j in result.clusters.merges:
            out.merges[(mentions[i].key, mentions[j].key)] = self.score_in(profile, mentions[i], mentions[j])
        for (i, j), reason in result.clusters.refused.items():
            out.refused[(mentions[i].key, mentions[j].key)] = reason
        return out


def make_resolver(name: ResolverName = "learned") -> PersonResolver:
    """The person resolver by name: ``learned`` (default) or ``rules`` (deterministic)."""
    if name == "rules":
        return RuleScorer()
    return LearnedResolver()
