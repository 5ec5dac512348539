"""One code path for every entity-resolution task: blocking → scoring → clustering, with reviewers' decisions.

:func:`link` is that path, whatever scores the pairs: it blocks the records on their keys, has the
candidate pairs scored, and clusters them by average link (:mod:`.cluster`), reviewers' decisions
first. Two scorers run over it: the deterministic person rules (:func:`graph.resolve.persons.cluster`)
and a calibrated classifier over a :class:`Profile`'s features (:func:`resolve`: police person
mentions and the public Febrl benchmark records alike). A :class:`Profile` says what a record of
one kind looks like to the matcher (its blocking keys, its comparison features, what makes two
records impossible to join).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import numpy as np
import structlog

from graph.resolve.blocking import candidate_pairs
from graph.resolve.cluster import TOO_WEAK, Clusters, average_link
from graph.resolve.matcher import MatcherModel, Matrix, em_prior_shift

log = structlog.get_logger(__name__)

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


#: Rescores pairs from the build's own data: (pairs, their features, their log-odds) → new log-odds.
Rescore = Callable[[Sequence[tuple[int, int]], Matrix, Matrix], Matrix]
#: Fitted once per build on its candidate pairs; None: leave the scores as they are.
Adapter = Callable[[Sequence[tuple[int, int]], Matrix, Matrix], Rescore | None]
#: Scores many pairs ``(i, j)`` of one build's records at once, in their order.
Scores = Callable[[Sequence[tuple[int, int]]], Iterable[float]]


class Profile(Protocol[R_contra]):
    @property
    def features(self) -> tuple[str, ...]:
        """Feature names, in the order :meth:`compare` returns them (checked against the model on load)."""
        ...

    def keys(self, r: R_contra) -> Iterable[str]:
        """Blocking keys: records sharing one are compared."""
        ...

    def compare(self, a: R_contra, b: R_contra) -> Sequence[float]:
        """The comparison features of a pair."""
        ...

    def incompatible(self, a: R_contra, b: R_contra) -> str | None:
        """A hard reason the two can never be one entity (whatever the model says), or None."""
        ...

    def comparable(self, a: R_contra, b: R_contra) -> bool:
        """Whether the pair is a candidate at all (a linkage compares only across its two sides)."""
        ...


@dataclass(frozen=True)
class Frozen:
    """What a build would estimate from its candidate pairs, given instead (an epoch's: :mod:`graph.resolve.epoch`)."""

    #: The change of log-odds of the estimated prior.
    shift: float
    #: How to rescore any pair from the estimating build's own weights (None: leave the scores).
    rescore: Rescore | None


@dataclass
class Resolution(Generic[R]):
    records: Sequence[R]
    clusters: Clusters
    #: Every compared pair and its calibrated probability.
    scored: dict[tuple[int, int], float]
    pairs_scored: int
    seconds_scoring: float
    seconds_total: float
    #: The change of the log-odds the build's estimated prior made (0 without ``adapt_prior``).
    prior_shift: float = 0.0


def feature_matrix(profile: Profile[R], records: Sequence[R], pairs: Sequence[tuple[int, int]]) -> Matrix:
    rows = [profile.compare(records[i], records[j]) for i, j in pairs]
    return np.asarray(rows, dtype=float).reshape(len(rows), len(profile.features))


def link(records: Sequence[R], keys: Sequence[Iterable[str]], score: Scores, more: Scores, *, name: str, threshold: float,
         incompatible: Callable[[R, R], str | None], comparable: Callable[[R, R], bool] | None = None, max_block: int = 400,
         must: Sequence[tuple[int, int]] = (), cannot: Mapping[tuple[int, int], str] | None = None,
         floor: Callable[[], float | None] = lambda: None, average: float | None = None, rank: Sequence[int] | None = None,
         sure: float | None = 1.0, too_weak: str = TOO_WEAK, must_labels: Sequence[str] = ()) -> Resolution[R]:
    """Block ``records`` on their ``keys``, ``score`` the candidate pairs (once, all together: a scorer may
    fit on them), and cluster them (:func:`~graph.resolve.cluster.average_link`); ``more`` scores the pairs
    the clustering weighs that blocking never paired (a pair not ``comparable``: 0). ``floor`` is read
    after scoring (a scorer that fitted may loosen it). ``must``, ``cannot``, ``average``, ``rank``,
    ``sure``, ``too_weak`` and ``must_labels`` go to the clustering; ``name`` to the log."""
    started = time.perf_counter()
    allowed = (lambda i, j: comparable(records[i], records[j])) if comparable is not None else None
    pairs = sorted(candidate_pairs(keys, max_block=max_block, allowed=allowed))
    scoring = time.perf_counter()
    scored = {pair: float(p) for pair, p in zip(pairs, score(pairs), strict=True)}
    seconds_scoring = time.perf_counter() - scoring

    def on_demand(i: int, j: int) -> float:
        return on_demand_many([(i, j)])[0]

    def on_demand_many(asked: Sequence[tuple[int, int]]) -> list[float]:
        """Pairs blocking never paired, scored in one batch (a pair the records never compare: 0)."""
        out = [0.0] * len(asked)
        todo = [(k, pair) for k, pair in enumerate(asked) if allowed is None or allowed(*pair)]
        if not todo:
            return out
        for (k, _), p in zip(todo, more([pair for _, pair in todo]), strict=True):
            out[k] = float(p)
        return out

    clusters = average_link(len(records), scored, threshold=threshold, probability=on_demand,
                            incompatible=lambda i, j: incompatible(records[i], records[j]), must=must, cannot=cannot,
                            floor=floor(), average=average, probabilities=on_demand_many, rank=rank, sure=sure,
                            too_weak=too_weak, must_labels=must_labels)
    total = time.perf_counter() - started
    log.info("resolved", profile=name, records=len(records), pairs=len(pairs), merges=len(clusters.merges),
             refused=len(clusters.refused), seconds=round(total, 3))
    return Resolution(records, clusters, scored, len(pairs), seconds_scoring, total)


def resolve(records: Sequence[R], profile: Profile[R], model: MatcherModel, *, max_block: int = 400,
            threshold: float | None = None, must: Sequence[tuple[int, int]] = (),
            cannot: Mapping[tuple[int, int], str] | None = None, adapt_prior: bool = False,
            unadapted: Sequence[str] = (), floor: float | None = None, adapt: Adapter | None = None,
            average: float | None = None, adapted_floor: float | None = None, frozen: Frozen | None = None,
            keys: Sequence[Iterable[str]] | None = None) -> Resolution[R]:
    """Resolve ``records`` into clusters with a calibrated classifier over ``profile``'s features
    (:func:`link` with its probabilities); deterministic for the same records in the same order.

    ``must`` and ``cannot`` are reviewers' decisions (see :func:`~graph.resolve.cluster.average_link`).
    ``adapt_prior``: estimate the share of matches among the compared pairs from the records
    themselves (:func:`~graph.resolve.matcher.em_prior_shift`) and move the log-odds by it, except
    those of pairs with any feature of ``unadapted`` set (evidence too thin or too mixed to lean on a prior).
    ``adapt``: given the candidate pairs, their features and log-odds, returns how to rescore any pair from
    the build's own data (see :mod:`graph.resolve.adapt`); applied to every pair, on-demand ones too;
    ``adapted_floor`` replaces ``floor`` when it did. ``frozen``: the prior shift and the rescoring an earlier
    build estimated (:mod:`graph.resolve.epoch`), used instead of estimating them here (``adapt_prior`` and
    ``adapt`` are then not consulted). ``keys``: the records' blocking keys, when not ``profile.keys`` (a part of
    a larger build leaves out the keys the whole build holds too often to block on)."""
    exempt = [profile.features.index(f) for f in unadapted if f in profile.features]
    shift = 0.0
    rescore: Rescore | None = None

    def shifted(xs: Matrix, ls: Matrix) -> Matrix:
        if not shift:
            return ls
        out: Matrix = ls + (np.where((xs[:, exempt] > 0).any(axis=1), 0.0, shift) if exempt else shift)
        return out

    def candidates(pairs: Sequence[tuple[int, int]]) -> Matrix:
        """The blocked pairs: estimate the build's prior and fit its own weights on them, then score them."""
        nonlocal shift, rescore
        x = feature_matrix(profile, records, pairs)
        logits = model.logits(x)
        if frozen is not None:
            shift = frozen.shift
        else:
            shift = em_prior_shift(logits, model.base_rate) if adapt_prior else 0.0
        first = shifted(x, logits)
        if frozen is not None:
            rescore = frozen.rescore
        else:
            rescore = adapt(pairs, x, first) if adapt is not None else None
        if rescore is not None:
            first = rescore(pairs, x, first)
        probabilities: Matrix = 1.0 / (1.0 + np.exp(-first))
        return probabilities

    def more(ps: Sequence[tuple[int, int]]) -> Matrix:
        xs = feature_matrix(profile, records, ps)
        logit = shifted(xs, model.logits(xs))
        if rescore is not None:
            logit = rescore(ps, xs, logit)
        probabilities: Matrix = 1.0 / (1.0 + np.exp(-logit))
        return probabilities

    result = link(records, keys if keys is not None else [list(profile.keys(r)) for r in records], candidates, more, name=model.name,
                  threshold=model.threshold if threshold is None else threshold, incompatible=profile.incompatible,
                  comparable=profile.comparable, max_block=max_block, must=must, cannot=cannot,
                  floor=lambda: adapted_floor if rescore is not None and adapted_floor is not None else floor, average=average)
    result.prior_shift = shift
    return result
