"""Average-link clustering: strong pairs join, one weak link never chains two groups together."""

from __future__ import annotations

import pytest

from graph.resolve.cluster import average_link


def _run(n: int, scored: dict[tuple[int, int], float], *, other: float = 0.0,
         forbidden: frozenset[tuple[int, int]] = frozenset()) -> list[int]:
    return average_link(n, scored, threshold=0.5, probability=lambda i, j: scored.get((i, j), other),
                        incompatible=lambda i, j: "forbidden" if (min(i, j), max(i, j)) in forbidden else None).root_of


@pytest.mark.parametrize(("name", "n", "scored", "expected"), [
    ("one strong pair", 2, {(0, 1): 0.9}, [0, 0]),
    ("below threshold", 2, {(0, 1): 0.4}, [0, 1]),
    ("a triangle", 3, {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7}, [0, 0, 0]),
    ("a chain through one weak link", 3, {(0, 1): 0.95, (1, 2): 0.9, (0, 2): 0.01}, [0, 0, 2]),
    ("two groups and a bridge", 4, {(0, 1): 0.99, (2, 3): 0.99, (1, 2): 0.6}, [0, 0, 2, 2]),
])
def test_average_link(name: str, n: int, scored: dict[tuple[int, int], float], expected: list[int]) -> None:
    assert _run(n, scored) == expected, name


def test_unpaired_members_are_scored_on_demand() -> None:
    # (0, 2) was never a candidate; scored on demand it is strong, so the three join.
    assert _run(3, {(0, 1): 0.9, (1, 2): 0.8}, other=0.9) == [0, 0, 0]
    assert _run(3, {(0, 1): 0.9, (1, 2): 0.8}, other=0.0) == [0, 0, 2]


def test_an_incompatible_member_keeps_the_clusters_apart_and_says_why() -> None:
    result = average_link(3, {(0, 1): 0.99, (1, 2): 0.99, (0, 2): 0.99}, threshold=0.5, probability=lambda i, j: 0.99,
                          incompatible=lambda i, j: "two subjects of one record" if {i, j} == {0, 2} else None)
    assert result.root_of[0] != result.root_of[2]
    assert "two subjects of one record" in result.refused.values()


def test_the_outcome_does_not_depend_on_input_order() -> None:
    scored = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.2, (2, 3): 0.7}
    assert _run(4, scored) == _run(4, dict(reversed(list(scored.items()))))


def test_pairs_scored_on_demand_in_batches_once_each_with_the_same_outcome() -> None:
    # Two groups whose join is weighed twice (refused while the second group is small, weighed again once
    # it grew): every unpaired cross pair reaches the batch scorer once, and the clusters are those of one-by-one.
    scored = {(0, 1): 0.99, (2, 3): 0.98, (1, 2): 0.97, (3, 4): 0.96, (0, 4): 0.95}
    other = {(0, 2): 0.1, (0, 3): 0.2, (1, 3): 0.6, (1, 4): 0.9, (2, 4): 0.9}
    asked: list[tuple[int, int]] = []

    def many(pairs: list[tuple[int, int]]) -> list[float]:
        asked.extend(pairs)
        return [other.get(p, 0.0) for p in pairs]

    one_by_one: list[tuple[int, int]] = []

    def one(i: int, j: int) -> float:
        one_by_one.append((i, j))
        return other.get((i, j), 0.0)

    batched = average_link(5, scored, threshold=0.5, probability=one, incompatible=lambda i, j: None, probabilities=many)
    plain = average_link(5, scored, threshold=0.5, probability=one, incompatible=lambda i, j: None)
    assert batched.root_of == plain.root_of
    assert batched.refused == plain.refused
    assert asked, "some cross pair was scored on demand"
    assert len(asked) == len(set(asked))
    assert not set(asked) & set(scored)
    assert plain.refused, "a join was refused, then weighed again"
    assert sorted(one_by_one) == sorted(set(one_by_one)) == sorted(asked)


@pytest.mark.parametrize(("rank", "expected"), [(None, [0, 0, 2]), ([2, 1, 0], [0, 1, 1])])
def test_equal_scores_are_taken_in_rank_order(rank: list[int] | None, expected: list[int]) -> None:
    """Two pairs score alike and only one can join (0 and 2 are incompatible): the one ranked first wins
    (the rules scorer ranks by mention key, not by the mentions' order in the build)."""
    result = average_link(3, {(0, 1): 3.0, (1, 2): 3.0}, threshold=3.0, probability=lambda i, j: 3.0,
                          incompatible=lambda i, j: "apart" if {i, j} == {0, 2} else None, rank=rank)
    assert result.root_of == expected


def test_refusals_speak_the_scorers_scale() -> None:
    """A join too weak on average, and a decided join a not-same decision blocks, say so in the caller's words."""
    result = average_link(3, {(0, 1): 9.0, (1, 2): 4.0}, threshold=3.0, probability=lambda i, j: -5.0,
                          incompatible=lambda i, j: None, must=[(0, 2)], cannot={(0, 2): "decision 1: no"},
                          too_weak="average score {mean:.2f} below {average:.2f}", must_labels=["decision 2"])
    assert result.refused[(0, 2)] == "decision 2 conflicts with decision 1: no"
    assert result.refused[(1, 2)] == "decision 1: no"
    weak = average_link(3, {(0, 1): 9.0, (1, 2): 4.0}, threshold=3.0, probability=lambda i, j: -5.0,
                        incompatible=lambda i, j: None, too_weak="average score {mean:.2f} below {average:.2f}")
    assert weak.refused[(1, 2)] == "average score -0.50 below 3.00"
