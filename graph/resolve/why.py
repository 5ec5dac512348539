"""Why two person mentions are (or are not) one person: every feature's value and its part in the decision.

An investigator, a reviewer or a court needs more than a score: which agreements pushed two
records together, which differences held them apart, and whether a hard limit (two subjects
of one record, contradicting dates of birth) settled it whatever the evidence. The parts are the
learned model's exact contributions to the calibrated log-odds, so they add up to the score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from graph.resolve.features import FEATURES, PersonProfile
from graph.resolve.learned import BUILD_PARTS, BUILD_PRIOR, NEAR_MISS, LearnedResolver
from graph.resolve.types import PersonMention

Verdict = Literal["merge", "near miss", "no match", "never"]



@dataclass(frozen=True)
class Contribution:
    feature: str
    value: float
    #: Part of the calibrated log-odds (positive: towards one person).
    part: float


@dataclass(frozen=True)
class Explanation:
    a: str
    b: str
    verdict: Verdict
    probability: float
    #: Calibrated log-odds: ``prior`` plus every contribution.
    score: float
    threshold: float
    prior: float
    #: Non-zero contributions, largest first (by size).
    contributions: tuple[Contribution, ...]
    hard_limit: str | None
    algorithm: str

    def lines(self) -> list[str]:
        """A plain reading, one line per reason."""
        head = f"{self.a} ~ {self.b}: {self.verdict} (p={self.probability:.3f}, threshold {self.threshold:.2f}, {self.algorithm})"
        out = [head]
        if self.hard_limit:
            out.append(f"  never the same person: {self.hard_limit}")
        out.append(f"  {'prior':28} {self.prior:+8.3f}")
        out += [f"  {c.feature:28} {c.part:+8.3f}  (value {c.value:g})" for c in self.contributions]
        return out


def why(a: PersonMention, b: PersonMention, *, hubs: frozenset[str] = frozenset(), context: Sequence[PersonMention] = (),
        resolver: LearnedResolver | None = None, profile: PersonProfile | None = None) -> Explanation:
    """Explain the pair as a build over ``context`` (the mentions it resolved, for name frequencies) sees it,
    or as ``profile`` (a build's, made once for many explanations) sees it."""
    resolver = resolver or LearnedResolver()
    model = resolver.model
    profile = profile or PersonProfile.for_mentions(list(context) or [a, b], hubs)
    scored = resolver.score_in(profile, a, b)
    values = scored.values or {}  # the non-zero ones: a zero value has no part (weight x value)
    limit = profile.incompatible(a, b)
    contributions = tuple(sorted((Contribution(f, values.get(f, 1.0 if f.startswith(BUILD_PARTS) else 0.0), p) for f, p in scored.features.items()
                                  if f in FEATURES or f == BUILD_PRIOR or f.startswith(BUILD_PARTS)), key=lambda c: (-abs(c.part), c.feature)))
    probability = 0.0 if limit else 1.0 / (1.0 + math.exp(-scored.score))
    if limit:
        verdict: Verdict = "never"
    elif probability >= model.threshold:
        verdict = "merge"
    elif probability >= NEAR_MISS:
        verdict = "near miss"
    else:
        verdict = "no match"
    return Explanation(a.key, b.key, verdict, round(probability, 6), scored.score, model.threshold, scored.features["prior"],
                       contributions, limit, scored.algorithm)
