"""The deterministic person scorer and the clustering that must not chain unrelated people."""

from __future__ import annotations

from datetime import date

import pytest

from graph.resolve.persons import RuleScorer, cluster
from graph.resolve.types import PersonMention, incompatible
from nlp.names import same_given_name as equivalent


def pm(key: str, given: str, surname: str, *, dob: date | None = None, sex: str | None = "F", phones: tuple[str, ...] = (),
       record: str | None = None, birth_year: int | None = None) -> PersonMention:
    return PersonMention(key=key, record_key=record or key.split("#")[0], agency="X", origin="subject", role="MISSING",
                         name=f"{given} {surname}", surname=surname, given=tuple(given.split()), dob=dob, sex=sex,
                         phones=frozenset(phones), birth_year=birth_year)


KATE = pm("A#S1", "katherine", "gagnon", dob=date(2009, 3, 4))

SAME = {
    "nickname, same dob": pm("B#S1", "kate", "gagnon", dob=date(2009, 3, 4)),
    "day and month swapped": pm("B#S1", "katherine", "gagnon", dob=date(2009, 4, 3)),
    "surname typo, dob": pm("B#S1", "katherine", "gagnn", dob=date(2009, 3, 4)),
    "added middle name": pm("B#S1", "katherine marie", "gagnon", dob=date(2009, 3, 4)),
    "no dob but shared phone": pm("B#S1", "kathy", "gagnon", phones=("+17055550101",)),
}
DIFFERENT = {
    "same name, other dob": pm("B#S1", "katherine", "gagnon", dob=date(1988, 1, 9)),
    "other given name": pm("B#S1", "melissa", "gagnon", dob=date(2009, 3, 4)),
    "other sex": pm("B#S1", "katherine", "gagnon", dob=date(2009, 3, 4), sex="M"),
    "same name only": pm("B#S1", "katherine", "gagnon"),
}


@pytest.mark.parametrize("other", SAME.values(), ids=SAME.keys())
def test_same_person(other: PersonMention) -> None:
    kate = pm("A#S1", "katherine", "gagnon", phones=("+17055550101",)) if other.phones else KATE
    result = RuleScorer().score(kate, other, frozenset())
    assert result.passes(RuleScorer.threshold), result.features


@pytest.mark.parametrize("other", DIFFERENT.values(), ids=DIFFERENT.keys())
def test_different_people(other: PersonMention) -> None:
    result = RuleScorer().score(KATE, other, frozenset())
    assert not result.passes(RuleScorer.threshold), result.features


def test_a_hub_phone_is_no_evidence() -> None:
    a = pm("A#S1", "jolene", "meekis", phones=("+18075550100",))
    b = pm("B#S1", "jolene", "meekis", phones=("+18075550100",))
    assert RuleScorer().score(a, b, frozenset()).passes(RuleScorer.threshold)
    assert not RuleScorer().score(a, b, frozenset({"+18075550100"})).passes(RuleScorer.threshold)


def test_every_score_explains_itself() -> None:
    result = RuleScorer().score(KATE, SAME["nickname, same dob"], frozenset())
    assert result.score == pytest.approx(sum(result.features.values()))
    assert {"prior", "surname", "given", "dob_equal"} <= set(result.features)


def test_two_subjects_of_one_record_never_merge() -> None:
    twins = [pm("R#S1", "taylor", "moose", dob=date(2010, 1, 1)), pm("R#S2", "taylor", "moose", dob=date(2010, 1, 1))]
    result = cluster(twins, RuleScorer(), frozenset())
    assert result.cluster_of["R#S1"] != result.cluster_of["R#S2"]
    assert incompatible(*twins) == "two subjects of one record"


def test_one_weak_link_does_not_chain_contradicting_people() -> None:
    """Two people with the same name and different dates of birth, and a third mention without
    a date that fits both: it joins one of them, never both into one."""
    a = pm("A#S1", "brittany", "stewart", dob=date(1988, 7, 10), phones=("+12895550174",))
    b = pm("B#S1", "brittany", "stewart", dob=date(2007, 2, 2), phones=("+12895550175",))
    c = pm("C#S1", "brittany", "stewart", phones=("+12895550174", "+12895550175"))
    result = cluster([a, b, c], RuleScorer(), frozenset())
    assert result.cluster_of["A#S1"] != result.cluster_of["B#S1"]
    assert result.refused


@pytest.mark.parametrize(("a", "b", "same"), [("katherine", "kate", True), ("kathy", "katie", True), ("mike", "michael", True),
                                              ("remi", "remy", True), ("kate", "karen", False), ("jordan", "jordy", True)])
def test_nicknames(a: str, b: str, same: bool) -> None:
    assert equivalent(a, b) is same
