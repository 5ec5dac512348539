"""The learned pair classifier: a calibrated logistic regression, kept as a small JSON artefact.

Why a linear model: every decision has to be explained to an investigator (and, one day, in
court). A logistic regression on standardised comparison features gives each feature's
contribution to the log-odds exactly (coefficient × standardised value), and the sum of the
contributions *is* the score. Calibration (scikit-learn's ``CalibratedClassifierCV`` with a
sigmoid, fitted on cross-validated predictions) rescales those log-odds so that a probability
of 0.9 means nine in ten; the rescaling is linear in the log-odds, so the contributions stay
exact after it.

The artefact carries its profile name, version and feature list; :func:`load_model` refuses one
that does not match the code that computes the features.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

ALGORITHM = "calibrated-logistic"

Matrix = npt.NDArray[np.float64]


class ModelError(RuntimeError):
    """The shipped matcher does not match this code (profile, version or features)."""


@dataclass(frozen=True)
class MatcherModel:
    """Standardise → logistic regression → sigmoid calibration, all linear in the log-odds."""

    profile: str
    version: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    #: Platt calibration of the raw log-odds: calibrated = -(a * raw + b).
    calibration_a: float
    calibration_b: float
    #: Probability at or above which a pair is a match.
    threshold: float
    trained_on: tuple[str, ...]
    #: Share of matches among the training pairs: the prior the calibrated probabilities assume (see
    #: :func:`em_prior_shift`); None for a model that was not trained to adapt.
    base_rate: float | None = None

    @property
    def name(self) -> str:
        return f"{self.profile}/{self.version}"

    @property
    def threshold_logit(self) -> float:
        t = min(max(self.threshold, 1e-9), 1 - 1e-9)
        return math.log(t / (1 - t))

    def _weights(self) -> tuple[Matrix, float]:
        """Per-feature weights and the bias on the raw feature values, calibration folded in."""
        return self._folded

    @cached_property
    def _folded(self) -> tuple[Matrix, float]:
        """Computed once per model: every explanation asks for the weights."""
        w = -self.calibration_a * np.asarray(self.coef) / np.asarray(self.scale)
        bias = -self.calibration_a * (self.intercept - float(np.dot(np.asarray(self.coef), np.asarray(self.mean) / np.asarray(self.scale))))
        return w, bias - self.calibration_b

    def logits(self, x: Matrix) -> Matrix:
        """Calibrated log-odds of many pairs at once (rows of raw feature values)."""
        if x.size == 0:
            return np.zeros(0)
        w, bias = self._weights()
        out: Matrix = x @ w + bias
        return out

    def probabilities(self, x: Matrix) -> Matrix:
        out: Matrix = 1.0 / (1.0 + np.exp(-self.logits(x)))
        return out

    def contributions(self, values: Sequence[float]) -> dict[str, float]:
        """Each feature's share of the calibrated log-odds (weight × value, so an absent feature adds
        nothing), plus ``prior`` (the log-odds of a pair with every feature at zero): they sum to the score."""
        w, bias = self._weights()
        out = {"prior": round(bias, 4)}
        out.update({f: round(float(p), 4) for f, p in zip(self.features, w * np.asarray(values, dtype=float), strict=True) if p != 0.0})
        return out

    def to_json(self) -> str:
        return json.dumps({"algorithm": ALGORITHM, "profile": self.profile, "version": self.version, "features": list(self.features),
                           "mean": list(self.mean), "scale": list(self.scale), "coef": list(self.coef), "intercept": self.intercept,
                           "calibration_a": self.calibration_a, "calibration_b": self.calibration_b, "threshold": self.threshold,
                           "trained_on": list(self.trained_on),
                           **({"base_rate": self.base_rate} if self.base_rate is not None else {})}, indent=1)


def load_model(path: Path, *, profile: str, version: str, features: Sequence[str]) -> MatcherModel:
    """Read an artefact and check it was trained for exactly this profile, version and features."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("algorithm") != ALGORITHM or data.get("profile") != profile or data.get("version") != version:
        raise ModelError(f"{path} is {data.get('algorithm')} {data.get('profile')}/{data.get('version')}, "
                         f"this code needs {ALGORITHM} {profile}/{version}")
    if tuple(data["features"]) != tuple(features):
        raise ModelError(f"{path} was trained on features {data['features']}, this code computes {list(features)}")
    n = len(features)
    if not all(len(data[k]) == n for k in ("mean", "scale", "coef")):
        raise ModelError(f"{path} is malformed: every vector must have {n} entries")
    return MatcherModel(profile, version, tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                        float(data["intercept"]), float(data["calibration_a"]), float(data["calibration_b"]),
                        float(data["threshold"]), tuple(str(t) for t in data["trained_on"]),
                        float(data["base_rate"]) if data.get("base_rate") is not None else None)


#: A feature's known direction: +1 agreement (never evidence against), -1 disagreement (never for), 0 free.
Sign = int


def _fit_bounded(z: Matrix, y: npt.NDArray[np.int_], signs: Sequence[Sign], c: float) -> tuple[Matrix, float]:
    """L2-penalised logistic regression with each weight held to its feature's sign (L-BFGS-B)."""
    from scipy.optimize import minimize

    k = z.shape[1]
    yy = y.astype(float)

    def loss(w: Matrix) -> tuple[float, Matrix]:
        t = z @ w[:k] + w[k]
        p = 1.0 / (1.0 + np.exp(-t))
        # log(1 + e^t) - y t, summed, stable for large |t|
        value = float(np.sum(np.logaddexp(0.0, t) - yy * t) + 0.5 / c * float(np.dot(w[:k], w[:k])))
        g = p - yy
        grad = np.concatenate([z.T @ g + w[:k] / c, [g.sum()]])
        return value, grad

    bounds = [(0.0, None) if sg > 0 else (None, 0.0) if sg < 0 else (None, None) for sg in signs] + [(None, None)]
    found = minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000})
    w: Matrix = found.x
    return w[:k], float(w[k])


def train_signed(x: Matrix, y: npt.NDArray[np.int_], *, profile: str, version: str, features: Sequence[str],
                 signs: Sequence[Sign], trained_on: Sequence[str], c: float = 1.0, seed: int = 0,
                 threshold: float = 0.5) -> MatcherModel:
    """Like :func:`train`, with every weight held to its feature's known direction.

    Why: comparison features overlap (a shared postal code, the same city and a similar street say
    much the same), and an unconstrained fit splits their weight arbitrarily between them, giving
    one a negative weight that only the others offset. On data where they part (a postal code
    shared by a whole suburb, a street mistyped) an agreement would then count *against* a match.
    Holding agreements at or above zero and disagreements at or below is the Fellegi–Sunter
    premise (an agreement is at least as likely among matches as among non-matches) and keeps
    every contribution in ``why`` readable. Calibration: a sigmoid on 5-fold cross-validated
    log-odds (as :func:`train`), so the contributions stay exact.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    z = (x - mean) / scale
    held = np.zeros(len(y))
    for fit, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(z, y):
        w, b = _fit_bounded(z[fit], y[fit], signs, c)
        held[test] = z[test] @ w + b
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(held.reshape(-1, 1), y)
    w, b = _fit_bounded(z, y, signs, c)
    return MatcherModel(profile, version, tuple(features), tuple(float(v) for v in mean), tuple(float(v) for v in scale),
                        tuple(float(v) for v in w), b, -float(platt.coef_[0][0]), -float(platt.intercept_[0]), threshold,
                        tuple(trained_on), float(y.mean()))


def train(x: Matrix, y: npt.NDArray[np.int_], *, profile: str, version: str, features: Sequence[str],
          trained_on: Sequence[str], c: float = 1.0, seed: int = 0, threshold: float = 0.5) -> MatcherModel:
    """Fit and calibrate on labelled pairs; deterministic for the same rows (fixed folds, lbfgs).

    The threshold stays at even odds by default: the probabilities are calibrated, so 0.5 is the
    decision that weighs a wrong merge and a missed one alike, with nothing tuned to any world.
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    z = (x - mean) / scale
    base = LogisticRegression(C=c, max_iter=5000)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=folds, ensemble=False).fit(z, y)
    fitted = calibrated.calibrated_classifiers_[0]
    lr, sigmoid = fitted.estimator, fitted.calibrators[0]
    model = MatcherModel(profile, version, tuple(features), tuple(float(v) for v in mean), tuple(float(v) for v in scale),
                         tuple(float(v) for v in lr.coef_[0]), float(lr.intercept_[0]), float(sigmoid.a_), float(sigmoid.b_),
                         threshold, tuple(trained_on))
    return model



#: Least number of compared pairs a build needs before its prior is estimated from them.
MIN_PAIRS_FOR_PRIOR = 500
#: The estimated prior moves the log-odds by at most this much either way.
MAX_PRIOR_SHIFT = 3.0


def em_prior_shift(logits: Matrix, base_rate: float | None, *, iterations: int = 100) -> float:
    """How much a build's log-odds move when the share of matches among its compared pairs is
    estimated from the build itself (expectation–maximisation of the prior, the Fellegi–Sunter
    λ that Splink estimates too; Saerens, Latinne & Decaestecker 2002).

    The model's probabilities assume the training pairs' share of matches. A source whose people
    recur in many records (a register, a set with many duplicates per person) has more; a sparse
    one fewer. E-step: each pair's posterior under the current prior; M-step: the prior is their
    mean. The answer is the change of the prior's log-odds, bounded by :data:`MAX_PRIOR_SHIFT`;
    0 for a small build (too few pairs to estimate from) or a model without a base rate.
    """
    if base_rate is None or len(logits) < MIN_PAIRS_FOR_PRIOR or not 0.0 < base_rate < 1.0:
        return 0.0
    base = math.log(base_rate / (1 - base_rate))
    prior = base_rate
    shift = 0.0
    for _ in range(iterations):
        shift = math.log(prior / (1 - prior)) - base
        posterior = 1.0 / (1.0 + np.exp(-(logits + shift)))
        updated = float(np.clip(posterior.mean(), 1e-6, 1 - 1e-6))
        if abs(updated - prior) < 1e-7:
            break
        prior = updated
    shift = math.log(prior / (1 - prior)) - base
    return float(max(-MAX_PRIOR_SHIFT, min(MAX_PRIOR_SHIFT, shift)))
