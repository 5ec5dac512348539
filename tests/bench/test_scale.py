"""bench/scale.py's growth arithmetic: the fits that turn measured sizes into exponents and 1M extrapolations."""

from __future__ import annotations

import math

import pytest

from bench.scale import at_size, fit_line, fit_power, percentile


@pytest.mark.parametrize(("a", "b"), [(3.0, 1.0), (0.002, 1.5), (40.0, 0.0), (7.0, 0.5)])
def test_a_power_law_is_fitted_exactly(a: float, b: float) -> None:
    points = [(x, a * x**b) for x in (2000.0, 5000.0, 10000.0)]
    fit = fit_power(points)
    assert fit is not None
    assert fit[0] == pytest.approx(a, rel=1e-9)
    assert fit[1] == pytest.approx(b, abs=1e-9)
    assert at_size(fit, 1_000_000, power=True) == pytest.approx(a * 1e6**b, rel=1e-9)


def test_an_affine_cost_is_fitted_exactly() -> None:
    fit = fit_line([(2000.0, 152 + 0.087 * 2000), (5000.0, 152 + 0.087 * 5000), (10000.0, 152 + 0.087 * 10000)])
    assert fit is not None
    assert fit == pytest.approx((152.0, 0.087))
    assert at_size(fit, 1_000_000, power=False) == pytest.approx(152 + 87_000)


@pytest.mark.parametrize("points", [[], [(2000.0, 1.0)], [(2000.0, 1.0), (2000.0, 2.0)], [(2000.0, math.nan), (5000.0, 1.0)]])
def test_too_few_sizes_give_no_fit(points: list[tuple[float, float]]) -> None:
    assert fit_power(points) is None
    assert fit_line(points) is None
    assert math.isnan(at_size(None, 1_000_000, power=True))


@pytest.mark.parametrize(("values", "q", "expected"), [([3.0, 1.0, 2.0], 0.5, 2.0), ([1.0] * 19 + [9.0], 0.95, 9.0), ([4.0], 0.95, 4.0)])
def test_percentiles(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == expected
