"""Statistics kept between builds (graph.resolve.epoch) and the part-by-part resolution they allow (graph.resolve.incremental).

The claim: under one epoch, a build that re-resolves only the parts its changes reach gives exactly what a build
of everything from scratch gives under that epoch (clusters, every join and its explanation, every refusal, the
review queue). Checked on random histories over Febrl's febrl3 persons (data this project did not generate):
mentions arriving, leaving and revised with typos, investigators' decisions, hubs changing.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from graph.resolve.decisions import Decision
from graph.resolve.epoch import Epoch, EpochPolicy
from graph.resolve.learned import LearnedResolver
from graph.resolve.types import Clustering, PersonMention
from tests.graph.resolve.test_adapt import febrl_mentions

#: Keeps its statistics from the first build on, whatever changes (the part-by-part path every time it can).
KEEP = EpochPolicy(min_mentions=0, refresh_share=1.0)


@pytest.fixture(scope="module")
def persons() -> list[PersonMention]:
    mentions, _ = febrl_mentions()
    return mentions


def _same(a: Clustering, b: Clustering) -> None:
    assert a.cluster_of == b.cluster_of
    assert list(a.cluster_of) == list(b.cluster_of)  # in the build's order
    assert a.merges == b.merges
    assert a.refused == b.refused
    assert a.review == b.review


def _fresh_under(epoch: Epoch | None, mentions: list[PersonMention], hubs: frozenset[str],
                 decisions: list[Decision]) -> Clustering:
    fresh = LearnedResolver()
    fresh.pin(epoch)
    return fresh.resolve(mentions, hubs, decisions)


def _typo(m: PersonMention, rng: random.Random) -> PersonMention:
    """A revision that retypes the surname or the date of birth (another mention object, as a revised record gives)."""
    if m.dob is not None and rng.random() < 0.5:
        return replace(m, dob=date(m.dob.year, m.dob.month, 1 + m.dob.day % 28))
    surname = m.surname or "x"
    k = rng.randrange(len(surname))
    return replace(m, surname=surname[:k] + "e" + surname[k + 1:])


@pytest.mark.parametrize(("min_mentions", "mentions", "changed", "due"), [
    (5000, 4999, 0, True),      # a small world estimates its own every time
    (5000, 5000, 0, False),
    (5000, 10_000, 250, False),  # 5 % of the epoch's 5,000: not yet
    (5000, 10_000, 251, True),
    (0, 10, 0, False),
])
def test_the_policy_says_when_statistics_are_estimated_anew(min_mentions: int, mentions: int, changed: int, due: bool) -> None:
    epoch = Epoch(5000, {}, {}, {}, 0.0, None)
    assert EpochPolicy(min_mentions=min_mentions, refresh_share=0.05).due(epoch, mentions, changed) is due
    assert EpochPolicy(min_mentions=min_mentions).due(None, mentions, 0)  # nothing kept yet: always


def test_impossible_policies_raise() -> None:
    with pytest.raises(ValueError, match="epoch policy"):
        EpochPolicy(min_mentions=-1)
    with pytest.raises(ValueError, match="epoch policy"):
        EpochPolicy(refresh_share=1.5)


def test_a_world_below_the_policy_keeps_no_statistics(persons: list[PersonMention]) -> None:
    resolver = LearnedResolver(policy=EpochPolicy(min_mentions=len(persons) + 1))
    out = resolver.resolve(persons[:800], frozenset())
    assert resolver.statistics() is None and out.statistics == ""
    _same(out, LearnedResolver().resolve(persons[:800], frozenset()))


@pytest.mark.parametrize("seed", [3, 17, 40])
def test_part_by_part_builds_equal_a_build_of_everything_under_the_same_statistics(persons: list[PersonMention], seed: int) -> None:
    rng = random.Random(seed)
    order = sorted(persons, key=lambda m: m.key)
    held = {m.key: m for m in order[:1500]}
    waiting = order[1500:]
    resolver = LearnedResolver(policy=KEEP)
    hubs: frozenset[str] = frozenset()
    decisions: list[Decision] = []
    first = resolver.resolve(sorted(held.values(), key=lambda m: m.key), hubs, decisions)
    epoch = resolver.statistics()
    assert epoch is not None and epoch.weights is not None  # large enough to fit its own weights: those are kept too
    _same(first, _fresh_under(epoch, sorted(held.values(), key=lambda m: m.key), hubs, decisions))
    scopes: list[tuple[int, int]] = []
    for step in range(10):
        for _ in range(rng.randrange(1, 12)):
            m = waiting.pop(rng.randrange(len(waiting)))
            held[m.key] = m
        for key in rng.sample(sorted(held), rng.randrange(0, 6)):
            del held[key]
        for key in rng.sample(sorted(held), rng.randrange(0, 6)):
            held[key] = _typo(held[key], rng)
        if step == 4:  # an investigator's decisions: everything is resolved again, under the same statistics
            a, b, c = rng.sample(sorted(held), 3)
            decisions = [Decision(1, a, b, "same", "analyst", "OPP", "same person", "2026-12-01T00:00:00+00:00"),
                         Decision(2, a, c, "not_same", "analyst", "OPP", "two people", "2026-12-01T00:00:00+00:00")]
        if step == 7:
            hubs = frozenset({"+14165550100"})
        mentions = sorted(held.values(), key=lambda m: m.key)
        out = resolver.resolve(mentions, hubs, decisions)
        assert resolver.statistics() is epoch  # never refreshed under this policy
        _same(out, _fresh_under(epoch, mentions, hubs, decisions))
        scopes.append((out.scope, len(mentions)))
    scoped = [s for s, n in scopes if s < n]
    assert len(scoped) >= 6, scopes  # every step but the decisions' and the hubs' re-resolved a part of the world
    assert max(scoped) < 300, scopes  # ... and a small one: the few parts its changes reach


def test_statistics_estimated_anew_equal_a_fresh_build(persons: list[PersonMention]) -> None:
    order = sorted(persons, key=lambda m: m.key)
    resolver = LearnedResolver(policy=EpochPolicy(min_mentions=0, refresh_share=0.02))
    resolver.resolve(order[:1000], frozenset())
    first = resolver.statistics()
    small = order[:1010]  # 10 of 1,000 changed: 1 %, kept
    resolver.resolve(small, frozenset())
    assert resolver.statistics() is first
    grown = order[:1050]  # 50 changed: 5 %, estimated anew, from these very mentions
    out = resolver.resolve(grown, frozenset())
    now = resolver.statistics()
    assert first is not None and now is not None and now is not first
    assert out.statistics.startswith(f"statistics {now.ident}: estimated from 1050 person mentions, 0 added")
    _same(out, LearnedResolver(policy=EpochPolicy(min_mentions=0)).resolve(grown, frozenset()))


def test_statistics_survive_their_text_and_name_their_content(persons: list[PersonMention]) -> None:
    order = sorted(persons, key=lambda m: m.key)[:1200]
    resolver = LearnedResolver(policy=KEEP)
    resolver.resolve(order, frozenset())
    epoch = resolver.statistics()
    assert epoch is not None
    again = Epoch.from_body(epoch.body)
    assert again == epoch and again.ident == epoch.ident
    assert any(isinstance(d, date) for d in again.dob_counts)
    _same(_fresh_under(again, order, frozenset(), []), _fresh_under(epoch, order, frozenset(), []))
    other = LearnedResolver(policy=KEEP)
    other.resolve(order[:1100], frozenset())
    elsewhere = other.statistics()
    assert elsewhere is not None and elsewhere.ident != epoch.ident


@pytest.mark.parametrize("body", ["", "{}", "[1, 2]", '{"mentions": 3}', "not json", '{"mentions": "x", "weights": null}'])
def test_text_that_is_no_epoch_is_refused_clearly(body: str) -> None:
    with pytest.raises(ValueError, match="not a resolution epoch"):
        Epoch.from_body(body)


def test_mentions_given_in_another_order_are_resolved_again_as_a_whole(persons: list[PersonMention]) -> None:
    """A part keeps its mentions' order (its joins and its ties are in it); mentions given in another order than the
    last build's are resolved as a whole, and the outcome is that of a build from scratch in the new order."""
    order = sorted(persons, key=lambda m: m.key)[:1200]
    resolver = LearnedResolver(policy=KEEP)
    resolver.resolve(order, frozenset())
    epoch = resolver.statistics()
    grown = order + sorted(persons, key=lambda m: m.key)[1200:1205]
    assert resolver.resolve(grown, frozenset()).scope < 100  # in order: part by part
    turned = list(reversed(grown))
    out = resolver.resolve(turned, frozenset())
    assert out.scope == len(turned)
    _same(out, _fresh_under(epoch, turned, frozenset(), []))
