"""Investigators' decisions: stored with who, when and why; overriding both resolvers; undone without loss.
And incremental resolution: a build that adds records compares only the pairs they bring, and ends
exactly where a build from scratch ends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

import pytest

from graph.model import ReviewRow
from graph.resolve.decisions import DecisionError, DecisionStore, pair
from graph.resolve.learned import LearnedResolver
from graph.resolve.persons import RuleScorer
from graph.resolve.types import PersonMention, PersonResolver
from models.access import SYSTEM
from models.database import Database
from tests.graph.resolve.test_persons import pm

#: Two records of one girl (nickname, same date of birth), a third that only shares the name and no date.
KATE = pm("OPP:1#S1", "katherine", "gagnon", dob=date(2009, 3, 4))
KATE_AGAIN = pm("TPS:2#S1", "kate", "gagnon", dob=date(2009, 3, 4))
KATE_SWAPPED = pm("PRP:3#S1", "katherine", "gagnon", dob=date(2009, 4, 3))
MELISSA = pm("TPS:4#S1", "melissa", "tremblay", dob=date(2007, 11, 30))
WORLD = [KATE, KATE_AGAIN, KATE_SWAPPED, MELISSA]

RESOLVERS = {"learned": LearnedResolver, "rules": RuleScorer}


@pytest.fixture
def decisions(open_db: Callable[[str], Database]) -> Iterator[DecisionStore]:
    """The store over each database (embedded SQLite; PostgreSQL when CASELINK_TEST_POSTGRES is set): one contract."""
    store = DecisionStore(open_db("decisions"))
    yield store
    store.close()


def _together(resolver: PersonResolver, mentions: list[PersonMention], store: DecisionStore) -> dict[str, str]:
    return resolver.resolve(mentions, frozenset(), store.decisions(active_only=True)).cluster_of


def test_a_decision_is_kept_with_who_when_and_why_and_undone_without_being_lost(decisions: DecisionStore) -> None:
    mark = decisions.mark()
    d = decisions.decide("TPS:2#S1", "OPP:1#S1", "not_same", user="det.roy", reason="different school, confirmed by phone",
                         agency="OPP")
    assert (d.a, d.b, d.verdict, d.user, d.agency, d.active) == ("OPP:1#S1", "TPS:2#S1", "not_same", "det.roy", "OPP", True)
    assert d.decided_at and decisions.mark() != mark
    undone = decisions.undo(d.id, user="sgt.lee", reason="school records were wrong")
    assert (undone.active, undone.undone_by, undone.undo_reason) == (False, "sgt.lee", "school records were wrong")
    assert decisions.decisions() == [undone] and decisions.decisions(active_only=True) == []
    with pytest.raises(DecisionError, match="already undone"):
        decisions.undo(d.id, user="sgt.lee", reason="again")


def test_a_new_decision_on_a_pair_supersedes_the_old_one(decisions: DecisionStore) -> None:
    first = decisions.decide("OPP:1#S1", "TPS:2#S1", "not_same", user="a", reason="r1")
    second = decisions.decide("OPP:1#S1", "TPS:2#S1", "same", user="b", reason="r2")
    old = decisions.get(first.id)
    assert not old.active and old.undo_reason == f"superseded by decision {second.id}"
    assert [d.id for d in decisions.decisions(active_only=True)] == [second.id]
    assert [d.id for d in decisions.decisions(mentions=["TPS:2#S1"])] == [first.id, second.id]
    assert decisions.decisions(mentions=["OPP:9#S1"]) == []


@pytest.mark.parametrize(("a", "b", "verdict", "reason", "error"), [
    ("OPP:1#S1", "OPP:1#S1", "same", "x", "two different mentions"),
    ("OPP:1", "TPS:2#S1", "same", "x", "not a mention key"),
    ("OPP:1#S1", "TPS:2#S1", "maybe", "x", "verdict must be"),
    ("OPP:1#S1", "TPS:2#S1", "same", "   ", "needs a reason"),
    ("OPP:1#S1", "X" * 300 + "#S1", "same", "x", "not a mention key"),
])
def test_malformed_decisions_are_refused(decisions: DecisionStore, a: str, b: str, verdict: str, reason: str, error: str) -> None:
    with pytest.raises(DecisionError, match=error):
        decisions.decide(a, b, verdict, user="u", reason=reason)
    assert decisions.decisions() == []


def test_hostile_text_in_a_reason_is_stored_as_data(decisions: DecisionStore) -> None:
    reason = "'); DROP TABLE decisions; -- \u202e <script>alert(1)</script>"
    d = decisions.decide("OPP:1#S1", "TPS:2#S1", "same", user="u'; --", reason=reason)
    assert decisions.get(d.id).reason == reason and decisions.get(d.id).user == "u'; --"


@pytest.mark.parametrize("name", RESOLVERS)
def test_not_same_splits_what_the_model_joins_and_undo_restores_it(decisions: DecisionStore, name: str) -> None:
    resolver = RESOLVERS[name]()
    before = _together(resolver, WORLD, decisions)
    assert before[KATE.key] == before[KATE_AGAIN.key] == before[KATE_SWAPPED.key] != before[MELISSA.key]
    d = decisions.decide(KATE.key, KATE_AGAIN.key, "not_same", user="det.roy", reason="two girls, one name")
    split = resolver.resolve(WORLD, frozenset(), decisions.decisions(active_only=True))
    assert split.cluster_of[KATE.key] != split.cluster_of[KATE_AGAIN.key]
    # The third record matches both: it goes with one, and the join with the other is refused, naming the decision.
    assert split.cluster_of[KATE_SWAPPED.key] in (split.cluster_of[KATE.key], split.cluster_of[KATE_AGAIN.key])
    assert any(reason == f"decision {d.id} by det.roy: not the same person" for reason in split.refused.values()), split.refused
    decisions.undo(d.id, user="det.roy", reason="one girl after all")
    assert _together(resolver, WORLD, decisions) == before


@pytest.mark.parametrize("name", RESOLVERS)
def test_same_joins_what_the_model_keeps_apart_and_the_join_names_the_decision(decisions: DecisionStore, name: str) -> None:
    resolver = RESOLVERS[name]()
    alias = pm("NAPS:5#S1", "mel", "traverse", dob=None)  # a new surname: the model would never join it
    world = [*WORLD, alias]
    assert _together(resolver, world, decisions)[alias.key] != _together(resolver, world, decisions)[MELISSA.key]
    d = decisions.decide(MELISSA.key, alias.key, "same", user="det.roy", reason="married name; confirmed with family")
    result = resolver.resolve(world, frozenset(), decisions.decisions(active_only=True))
    assert result.cluster_of[alias.key] == result.cluster_of[MELISSA.key]
    join = result.merges.get((MELISSA.key, alias.key)) or result.merges[(alias.key, MELISSA.key)]
    assert join.decision is not None and join.decision["id"] == d.id and join.decision["user"] == "det.roy"
    assert join.decision["reason"] == "married name; confirmed with family"


def test_a_same_decision_that_contradicts_a_not_same_one_is_refused_and_says_why(decisions: DecisionStore) -> None:
    resolver = LearnedResolver()
    no = decisions.decide(KATE.key, MELISSA.key, "not_same", user="a", reason="different people")
    yes = decisions.decide(KATE_AGAIN.key, MELISSA.key, "same", user="b", reason="same phone")  # Kate ~ Kate again by the model
    result = resolver.resolve(WORLD, frozenset(), decisions.decisions(active_only=True))
    assert result.cluster_of[KATE.key] != result.cluster_of[MELISSA.key]
    assert any(f"decision {no.id} by a" in r for r in result.refused.values()), (yes, result.refused)


def test_decisions_on_mentions_not_in_the_build_wait(decisions: DecisionStore) -> None:
    decisions.decide("OPP:99#S1", KATE.key, "not_same", user="a", reason="purged record")
    waiting = LearnedResolver().resolve(WORLD, frozenset(), decisions.decisions(active_only=True))
    plain = LearnedResolver().resolve(WORLD, frozenset())
    assert (waiting.cluster_of, waiting.merges, waiting.refused) == (plain.cluster_of, plain.merges, plain.refused)


def test_pair_orders_mentions_once() -> None:
    assert pair("TPS:2#S1", "OPP:1#S1") == ("OPP:1#S1", "TPS:2#S1")


# -- incremental resolution -----------------------------------------------------------------------


def _world(n: int) -> list[PersonMention]:
    """A few hundred mentions: families sharing surnames, each person in two or three records."""
    surnames = ["gagnon", "tremblay", "roy", "cote", "bouchard", "gauthier", "morin", "lavoie", "fortin", "gagne", "ouellet",
                "pelletier", "belanger", "levesque", "bergeron", "leblanc", "paquette", "girard", "simard", "boucher"]
    givens = ["katherine", "marie", "sophie", "julie", "isabelle", "nathalie", "chantal", "melanie", "caroline", "stephanie"]
    out = []
    for i in range(n):
        surname, given = surnames[i % len(surnames)], givens[(i // len(surnames)) % len(givens)]
        dob = date(1990 + i % 17, 1 + i % 12, 1 + i % 28)
        for r in range(1 + i % 3):
            out.append(replace(pm(f"A{r}:{i}#S1", given, surname, dob=dob), agency=f"A{r}"))
    return out


def test_a_build_that_adds_records_compares_only_their_pairs_and_ends_as_a_fresh_build() -> None:
    world = _world(200)
    arriving = {m.key for m in world if m.key.startswith("A2:")}
    earlier = [m for m in world if m.key not in arriving]
    incremental = LearnedResolver()
    first = incremental.resolve(earlier, frozenset())
    assert first.pairs_compared == first.pairs_scored > 0
    second = incremental.resolve(world, frozenset())
    fresh = LearnedResolver().resolve(world, frozenset())
    assert second.cluster_of == fresh.cluster_of
    assert second.merges == fresh.merges and second.refused == fresh.refused
    # Only pairs with an arriving mention were compared again, and there are far fewer than all pairs.
    new_pairs = fresh.pairs_scored - first.pairs_scored
    assert 0 < second.pairs_compared <= new_pairs < fresh.pairs_scored / 2, (second.pairs_compared, new_pairs, fresh.pairs_scored)
    # A record that changes is compared again: its mention is another mention.
    changed = [replace(m, dob=date(1971, 1, 1)) if m.key == "A0:7#S1" else m for m in world]
    third = incremental.resolve(changed, frozenset())
    assert 0 < third.pairs_compared < fresh.pairs_scored / 10
    assert third.cluster_of == LearnedResolver().resolve(changed, frozenset()).cluster_of


def _queue(*pairs: tuple[str, str, float]) -> list[ReviewRow]:
    return [ReviewRow(a=a, b=b, person_a=f"person:{a}", person_b=f"person:{b}", record_a=a.split("#")[0], agency_a="OPP",
                      caveats_a=(), record_b=b.split("#")[0], agency_b="OPP", caveats_b=(), kind="near miss", probability=p,
                      score=1.0, contributions={"name": 1.0}, values=None, reason=None) for a, b, p in pairs]


def test_the_review_queue_is_written_only_when_it_changed_whoever_wrote_it_last(open_db: Callable[[str], Database]) -> None:
    mine, theirs = DecisionStore(open_db("decisions")), DecisionStore(open_db("decisions"))  # two consumers, one database
    try:
        queue = _queue(("OPP:1#S1", "TPS:2#S1", 0.4), ("OPP:3#S1", "TPS:4#S1", 0.3))
        assert mine.replace_review(queue) is True
        assert mine.replace_review(queue) is False  # the same queue: nothing written
        assert theirs.replace_review(queue) is False  # another consumer's build left the same queue
        other = queue[:1]
        assert theirs.replace_review(other) is True
        assert [(i.a, i.b) for i in mine.review(SYSTEM)] == [("OPP:1#S1", "TPS:2#S1")]
        assert mine.replace_review(queue) is True  # the queue held is no longer this consumer's: written again
        assert sorted((i.a, i.b) for i in theirs.review(SYSTEM)) == [("OPP:1#S1", "TPS:2#S1"), ("OPP:3#S1", "TPS:4#S1")]
    finally:
        mine.close()
        theirs.close()
