"""Blocking keys: sound-alike family names meet, unrelated ones do not, and crowded keys are skipped."""

from __future__ import annotations

import pytest

from graph.resolve.blocking import candidate_pairs, phonetic_keys, squash


@pytest.mark.parametrize(("a", "b"), [
    ("Kakegamic", "Kakegamick"),  # Indigenous family names, transliterated two ways
    ("Meekis", "Meekiss"),
    ("Sakanee", "Sakany"),
    ("Séguin", "SEGUIN"),  # accents lost on an English keyboard, capitals
    ("D'Amours", "Damours"),  # apostrophe dropped
    ("Thibodeau", "Thibodeault"),  # French silent endings
    ("Arsenault", "Arseneau"),
    ("Fiddler", "Fidler"),
    ("Smith", "Smyth"),
])
def test_sound_alike_names_share_a_key(a: str, b: str) -> None:
    assert set(phonetic_keys(a)) & set(phonetic_keys(b))


@pytest.mark.parametrize(("a", "b"), [("Smith", "Jones"), ("Gagnon", "Tremblay"), ("Meekis", "Fiddler")])
def test_different_names_do_not(a: str, b: str) -> None:
    assert not set(phonetic_keys(a)) & set(phonetic_keys(b))


def test_squash_keeps_letters_only() -> None:
    assert squash("  D'Amours-Lévesque ") == "damourslevesque"
    assert phonetic_keys("") == ()


@pytest.mark.parametrize(("keys", "max_block", "expected"), [
    ([["a"], ["a"], ["b"]], 10, {(0, 1)}),
    ([["a", "b"], ["b"], ["a"]], 10, {(0, 1), (0, 2)}),
    ([["hub"]] * 4, 3, set()),  # a key held by too many records is no evidence
    ([["hub", "x"], ["hub", "x"], ["hub"], ["hub"]], 3, {(0, 1)}),
])
def test_candidate_pairs(keys: list[list[str]], max_block: int, expected: set[tuple[int, int]]) -> None:
    assert candidate_pairs(keys, max_block=max_block) == expected


def test_a_linkage_compares_only_across_sides() -> None:
    side = ["A", "A", "B"]
    assert candidate_pairs([["k"]] * 3, allowed=lambda i, j: side[i] != side[j]) == {(0, 2), (1, 2)}
