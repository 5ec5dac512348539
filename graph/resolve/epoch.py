"""The statistics a person resolution weighs its pairs with, frozen between refreshes.

Why. The learned resolver weighs every pair with statistics of the whole build: how often a name,
a surname and a date of birth occur (term frequencies), the share of matches it estimates among its
candidate pairs (the EM prior) and the Fellegi–Sunter weights it fits on them (:mod:`.adapt`). Each
new record moves all of them a little, so every pair's probability moves with every commit and no
part of the last resolution could be kept: a commit had to resolve the whole world again.

An :class:`Epoch` holds those statistics as one build estimated them. Between refreshes every build
weighs its pairs with the epoch's statistics, so a pair's probability depends on the two mentions
alone (and the build's hubs), and a commit re-resolves only the groups of mentions its changes can
reach (:mod:`.incremental`). Its outcome equals a build from scratch *under the same epoch*
(:meth:`graph.resolve.learned.LearnedResolver.pin`); ``caselink rebuild --verify`` checks exactly that.

When. :class:`EpochPolicy`: a build smaller than ``min_mentions`` estimates its own statistics every
time (a small world resolves in well under a second, and its statistics move most with each record);
a larger one keeps its epoch until the mentions added or removed since it was estimated reach
``refresh_share`` of those it was estimated from, then estimates anew from the whole build. The staleness
is stated: :attr:`Epoch.mentions` and the resolver's count of changes since, in the build's log line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from graph.resolve.adapt import Adapted, Codes
from graph.resolve.types import PersonMention


@dataclass(frozen=True)
class EpochPolicy:
    """When a resolver estimates its statistics anew (see the module's docstring)."""

    #: Builds with fewer person mentions estimate their own statistics every time (exactly as a build from scratch).
    min_mentions: int = 20_000
    #: A larger build keeps its epoch until the mentions added or removed since reach this share of the epoch's.
    refresh_share: float = 0.05

    def __post_init__(self) -> None:
        if self.min_mentions < 0 or not 0.0 <= self.refresh_share <= 1.0:
            raise ValueError(f"an epoch policy needs min_mentions >= 0 and 0 <= refresh_share <= 1, not {self}")

    def due(self, epoch: Epoch | None, mentions: int, changed: int) -> bool:
        """Whether a build of ``mentions`` mentions, ``changed`` of them added or removed since ``epoch``, estimates anew."""
        return epoch is None or mentions < self.min_mentions or changed > self.refresh_share * epoch.mentions


@dataclass(frozen=True)
class Weights:
    """A build's fitted Fellegi–Sunter weights (:class:`~graph.resolve.adapt.Adapted`), without the build's mentions."""

    weights: list[list[float]]
    m: list[list[float]]
    prior: float
    frequencies: dict[str, dict[object, float]]

    @classmethod
    def of(cls, adapted: Adapted) -> Weights:
        return cls(adapted.weights, adapted.m, adapted.prior, adapted.frequencies)

    def bind(self, mentions: Sequence[PersonMention]) -> Adapted:
        """These weights over another build's mentions (codes of its values, frequencies of the epoch)."""
        return Adapted(self.weights, self.m, self.prior, self.frequencies, Codes(mentions, self.frequencies))


@dataclass(frozen=True)
class Epoch:
    """The statistics one build estimated from its mentions, read by the builds that follow until a refresh."""

    #: How many person mentions the statistics were estimated from.
    mentions: int
    name_counts: Mapping[str, int]
    surname_counts: Mapping[str, int]
    dob_counts: Mapping[date, int]
    #: The change of log-odds the estimated share of matches made.
    prior_shift: float
    #: The fitted weights (None: the build was too small to fit them; the shipped matcher alone).
    weights: Weights | None

    def describe(self, changed: int) -> str:
        """The staleness, as said in the build's log: which epoch, estimated from how many mentions, changed by how many since."""
        return f"statistics {self.ident}: estimated from {self.mentions} person mentions, {changed} added or removed since"

    @cached_property
    def body(self) -> str:
        """The epoch as JSON (dates as ISO text), as kept in the shared state for every consumer of one graph."""
        weights = None if self.weights is None else {
            "weights": self.weights.weights, "m": self.weights.m, "prior": self.weights.prior,
            "frequencies": {level: {_text(v): f for v, f in table.items()} for level, table in self.weights.frequencies.items()}}
        return json.dumps({"mentions": self.mentions, "name_counts": dict(self.name_counts), "surname_counts": dict(self.surname_counts),
                           "dob_counts": {d.isoformat(): n for d, n in self.dob_counts.items()}, "prior_shift": self.prior_shift,
                           "weights": weights}, sort_keys=True, separators=(",", ":"))

    @cached_property
    def ident(self) -> str:
        """Names the statistics by their content: two consumers that estimate the same ones name them alike."""
        return hashlib.sha256(self.body.encode()).hexdigest()[:16]

    @classmethod
    def from_body(cls, body: str) -> Epoch:
        """The epoch :attr:`body` holds (raises ``ValueError`` on text that is not one)."""
        try:
            data = json.loads(body)
            w = data["weights"]
            weights = None if w is None else Weights(
                [[float(v) for v in row] for row in w["weights"]], [[float(v) for v in row] for row in w["m"]], float(w["prior"]),
                {level: {(date.fromisoformat(v) if level in DATE_LEVELS else v): float(f) for v, f in table.items()}
                 for level, table in w["frequencies"].items()})
            return cls(int(data["mentions"]), {str(k): int(n) for k, n in data["name_counts"].items()},
                       {str(k): int(n) for k, n in data["surname_counts"].items()},
                       {date.fromisoformat(k): int(n) for k, n in data["dob_counts"].items()}, float(data["prior_shift"]), weights)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:  # JSONDecodeError is a ValueError
            raise ValueError(f"not a resolution epoch: {exc}") from exc


#: The term-frequency levels whose values are dates (see :data:`graph.resolve.adapt.TF_LEVELS`).
DATE_LEVELS = frozenset({"dob_equal"})


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
