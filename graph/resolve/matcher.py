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

    @property
    def name(self) -> str:
        return f"{self.profile}/{self.version}"

    @property
    def threshold_logit(self) -> float:
        t = min(max(self.threshold, 1e-9), 1 - 1e-9)
        return math.log(t / (1 - t))

    def _weights(self) -> tuple[Matrix, float]:
        """Per-feature weights and the bias on the raw feature values, calibration folded in."""
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
                           "trained_on": list(self.trained_on)}, indent=1)


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
                        float(data["threshold"]), tuple(str(t) for t in data["trained_on"]))


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

