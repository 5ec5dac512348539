"""The learned person matcher: same and different people, explanations, the artefact's checks, reproducible training."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from graph.build import GraphBuilder
from graph.resolve import matcher
from graph.resolve.features import FEATURES, PROFILE, VERSION
from graph.resolve.learned import MODEL_PATH, SURE, LearnedResolver, load_person_model, make_resolver
from graph.resolve.persons import RuleScorer
from graph.resolve.types import PersonMention
from tests.graph.resolve.test_persons import DIFFERENT, KATE, SAME, pm
from tools.training.matcher import labelled_pairs, load_world, world_dir


@pytest.fixture(scope="module")
def resolver() -> LearnedResolver:
    return LearnedResolver()


@pytest.mark.parametrize("other", SAME.values(), ids=SAME.keys())
def test_same_person(resolver: LearnedResolver, other: PersonMention) -> None:
    kate = pm("A#S1", "katherine", "gagnon", phones=("+17055550101",)) if other.phones else KATE
    result = resolver.score(kate, other, frozenset())
    assert result.passes(resolver.threshold), result.features


#: Unlike the rules, the learned matcher joins a full name with nothing contradicting it: on the
#: generator's worlds such pairs are mostly one person, and refusing them costs about a tenth of
#: the recall (measured on held-out worlds). Whether that is right is for a reviewer to see.
#: Another sex is evidence, not a rule (issue 14): with the same full name and date of birth the pair is an
#: uncertain merge that goes to a reviewer (see ``test_another_sex_weighs_against_and_goes_to_review``).
LEARNED_DIFFERENT = {k: v for k, v in DIFFERENT.items() if k not in {"same name only", "other sex"}}


@pytest.mark.parametrize("other", LEARNED_DIFFERENT.values(), ids=LEARNED_DIFFERENT.keys())
def test_different_people(resolver: LearnedResolver, other: PersonMention) -> None:
    result = resolver.score(KATE, other, frozenset())
    assert not result.passes(resolver.threshold), result.features


def test_every_score_explains_itself(resolver: LearnedResolver) -> None:
    result = resolver.score(KATE, SAME["nickname, same dob"], frozenset())
    assert result.score == pytest.approx(sum(result.features.values()), abs=0.01)
    assert {"prior", "given_same_name", "dob_equal"} <= set(result.features)
    assert set(result.features) - {"prior"} <= set(FEATURES)
    assert result.algorithm == f"{PROFILE}/{VERSION}"


def test_the_one_hard_limit_says_so_in_the_explanation(resolver: LearnedResolver) -> None:
    result = resolver.score(KATE, pm("A#S2", "katherine", "gagnon", dob=date(2009, 3, 4)), frozenset())
    assert result.features["never: two subjects of one record"] < 0
    assert result.score == pytest.approx(sum(result.features.values()), abs=0.01)


def test_another_sex_weighs_against_and_goes_to_review(resolver: LearnedResolver) -> None:
    same, other = resolver.score(KATE, SAME["nickname, same dob"], frozenset()), resolver.score(KATE, DIFFERENT["other sex"], frozenset())
    assert not any(k.startswith("never") for k in other.features)
    assert other.features["sex_differs"] < -2 and other.score < same.score - 2
    assert 1 / (1 + np.exp(-other.score)) < SURE


@pytest.mark.parametrize(("given", "differs"), [("melissa", True), ("k.", False), ("kathy", False), ("marie katherine", False)])
def test_only_plainly_different_first_names_weigh_against(resolver: LearnedResolver, given: str, differs: bool) -> None:
    result = resolver.score(KATE, pm("B#S1", given, "gagnon", dob=date(2009, 3, 4)), frozenset())
    assert not any(k.startswith("never") for k in result.features)
    assert (result.features.get("given_differs", 0.0) < 0) is differs
    assert result.passes(resolver.threshold) is not differs


def test_a_hub_phone_is_no_evidence(resolver: LearnedResolver) -> None:
    a = pm("A#S1", "jolene", "meekis", phones=("+18075550100",))
    b = pm("B#S1", "jolene", "meekis", phones=("+18075550100",))
    assert resolver.score(a, b, frozenset()).score > resolver.score(a, b, frozenset({"+18075550100"})).score


def test_two_subjects_of_one_record_never_merge(resolver: LearnedResolver) -> None:
    twins = [pm("R#S1", "taylor", "moose", dob=date(2010, 1, 1)), pm("R#S2", "taylor", "moose", dob=date(2010, 1, 1))]
    result = resolver.resolve(twins, frozenset())
    assert result.cluster_of["R#S1"] != result.cluster_of["R#S2"]


def test_one_weak_link_does_not_chain_contradicting_people(resolver: LearnedResolver) -> None:
    a = pm("A#S1", "brittany", "stewart", dob=date(1988, 7, 10), phones=("+12895550174",))
    b = pm("B#S1", "brittany", "stewart", dob=date(2007, 2, 2), phones=("+12895550175",))
    c = pm("C#S1", "brittany", "stewart", phones=("+12895550174", "+12895550175"))
    result = resolver.resolve([a, b, c], frozenset())
    assert result.cluster_of["A#S1"] != result.cluster_of["B#S1"]
    assert result.refused


def test_merges_carry_their_explanation(resolver: LearnedResolver) -> None:
    people = [KATE, pm("B#S1", "kate", "GAGNON", dob=date(2009, 3, 4)), pm("C#S1", "melissa", "fiddler", dob=date(1990, 5, 6))]
    result = resolver.resolve(people, frozenset())
    assert result.cluster_of == {"A#S1": "A#S1", "B#S1": "A#S1", "C#S1": "C#S1"}
    [(pair, score)] = result.merges.items()
    assert pair == ("A#S1", "B#S1") and score.score == pytest.approx(sum(score.features.values()), abs=0.01)


@pytest.mark.parametrize(("name", "kind"), [("learned", LearnedResolver), ("rules", RuleScorer)])
def test_resolvers_by_name(name: Any, kind: type) -> None:
    resolver = make_resolver(name)
    assert isinstance(resolver, kind)
    assert GraphBuilder(resolver).scorer is resolver


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(features=d["features"][:-1]), "trained on features"),
    (lambda d: d.update(version="0.9"), "this code needs"),
    (lambda d: d.update(profile="febrl"), "this code needs"),
    (lambda d: d.update(coef=d["coef"][:3]), "malformed"),
])
def test_a_model_that_does_not_match_the_code_is_refused(tmp_path: Path, change: Any, message: str) -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(matcher.ModelError, match=message):
        load_person_model(path)


def test_the_shipped_model_was_trained_on_generated_worlds_and_the_error_model_only() -> None:
    model = load_person_model()
    assert model.trained_on and all(t.startswith(("generator seed=", "error model seed=")) for t in model.trained_on)
    assert any(t.startswith("error model seed=") for t in model.trained_on)
    assert model.base_rate is not None and 0.0 < model.base_rate < 0.5
    assert 0.0 < model.threshold < 1.0


def test_training_is_reproducible_and_calibrated(tmp_path: Path) -> None:
    x, y = labelled_pairs(load_world(world_dir(7150, tmp_path, 700)))
    assert 0 < int(y.sum()) < len(y)
    kwargs: dict[str, Any] = {"profile": PROFILE, "version": VERSION, "features": FEATURES, "trained_on": ["test"]}
    one, two = matcher.train(x, y, **kwargs), matcher.train(x, y, **kwargs)
    assert one == two
    p = one.probabilities(x)
    # Calibrated: the mean predicted probability is close to the share of matches.
    assert abs(float(np.mean(p)) - float(np.mean(y))) < 0.02
