"""Explanations: a merge, a near miss, a non-match and the one hard limit, each with the parts that decided it.

A date of birth or a first name that disagrees is weighed, not a rule: ``why`` shows its part."""

from __future__ import annotations

from datetime import date

import pytest

from graph.resolve.types import PersonMention
from graph.resolve.why import NEAR_MISS, why
from tests.graph.resolve.test_persons import KATE, pm

CASES = {
    "nickname, same dob": (pm("B#S1", "kate", "gagnon", dob=date(2009, 3, 4)), "merge", "dob_equal", True),
    "same name, other dob": (pm("B#S1", "katherine", "gagnon", dob=date(1988, 1, 9)), "no match", "dob_differs", False),
    "one digit of the dob mistyped": (pm("B#S1", "kathy", "gagnon", dob=date(2009, 3, 7)), "merge", "dob_one_digit", True),
    # Gagne and Gagnon, nothing else: not joined; a surname one typo apart is close enough for a reviewer's look.
    "another family name, nothing else": (pm("B#S1", "katherine", "gagne"), "near miss", "uncorroborated", False),
    "another first name": (pm("B#S1", "karen", "gagnon"), "no match", "given_differs", False),
    "two subjects of one record": (pm("A#S2", "katherine", "gagnon", dob=date(2009, 3, 4)), "never", "dob_equal", True),
}


@pytest.mark.parametrize(("other", "verdict", "feature", "positive"), CASES.values(), ids=CASES.keys())
def test_why(other: PersonMention, verdict: str, feature: str, positive: bool) -> None:
    e = why(KATE, other)
    assert e.verdict == verdict
    parts = {c.feature: c for c in e.contributions}
    assert feature in parts and (parts[feature].part > 0) is positive
    if e.hard_limit is None:
        assert e.prior + sum(c.part for c in e.contributions) == pytest.approx(e.score, abs=0.01)
    else:
        assert e.probability == 0.0 and any(line.strip().startswith("never the same person") for line in e.lines())
    assert [abs(c.part) for c in e.contributions] == sorted((abs(c.part) for c in e.contributions), reverse=True)
    assert e.lines()[0].startswith(f"{KATE.key} ~ {other.key}: {verdict}")


def test_a_near_miss_is_told_apart_from_a_non_match() -> None:
    # A short form of the name, a second family name and nothing else, not even a sex: probable, not enough.
    # (A short form with the same family name weighs as the full name does: that alone is a merge.)
    near = why(KATE, pm("B#S1", "kate", "gagnon-roy", sex=None))
    assert near.verdict == "near miss"
    assert NEAR_MISS <= near.probability < near.threshold
    assert {"given_same_name", "uncorroborated"} <= {c.feature for c in near.contributions}


def test_name_frequency_comes_from_the_build() -> None:
    a, b = pm("A#S1", "jordan", "stewart"), pm("B#S1", "jordan", "stewart")
    crowd = [a, b] + [pm(f"R{i}#S1", "jordan", "stewart") for i in range(20)]
    alone, among = why(a, b), why(a, b, context=crowd)
    assert {c.feature for c in among.contributions} >= {"surname_log_count"}
    assert alone.score != among.score


def test_the_same_middle_name_is_not_a_bare_name() -> None:
    # No date of birth on one side: the same first name alone is a bare name; the same first and middle name is more.
    dated = pm("A#S1", "taylor ashley", "henderson", dob=date(2003, 10, 9))
    full, bare = why(dated, pm("B#S1", "taylor ashley", "henderson")), why(pm("C#S1", "taylor", "henderson"), pm("D#S1", "taylor", "henderson"))
    assert "uncorroborated" not in {c.feature for c in full.contributions}
    assert "uncorroborated" in {c.feature for c in bare.contributions}
    assert full.score > bare.score
