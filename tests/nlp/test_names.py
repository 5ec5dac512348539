"""The given-name lexicon: the communities' names count, words never do."""

from __future__ import annotations

from importlib import resources

import pytest

from models.normalise import fold
from nlp.names import curated_given_names, is_given_name, is_given_name_misspelt
from nlp.persons import refused_as_name


def _community_entries() -> list[str]:
    text = resources.files("nlp").joinpath("data/community_given_names.txt").read_text(encoding="utf-8")
    return [word for line in text.splitlines() if not line.startswith("#") for word in line.split()]


@pytest.mark.parametrize("name", [
    # One or two of each community's block: Persian, Somali, Tamil, Punjabi, Haitian, Inuit, Kanien'kéha, Ukrainian,
    # Vietnamese (with its hyphenated compounds), Korean, Portuguese, a Canadian youth's.
    "Kaveh", "Abdirizak", "Thusyanthan", "Gurjot", "Fritzner", "Pitseolak", "Katsitsionni", "Khrystyna", "Ngoc-Anh",
    "Seung-hyun", "Gonçalo", "Brynlee",
])
def test_community_names_are_given_names(name: str) -> None:
    assert is_given_name(name)
    assert is_given_name(name.upper()) and is_given_name(name.lower())


@pytest.mark.parametrize("word", [
    # Words of English or French, places and brands that some community also gives as a name: left out.
    "Bilan", "Liban", "Espoir", "Lovely", "Islande", "Merveille", "Dieu", "Bentley", "Kobe", "Mistahi", "Nookomis",
])
def test_words_that_are_also_names_are_not_given_names(word: str) -> None:
    assert not is_given_name(word)


def test_no_community_entry_is_a_word_the_extractors_refuse() -> None:
    entries = _community_entries()
    assert len(entries) > 1000
    assert [e for e in entries if refused_as_name(e)] == []
    assert all(len(fold(e)) >= 3 for e in entries)


def test_community_names_are_not_targets_of_a_misspelling() -> None:
    # Among so many rarer names a word one letter off one of them is no evidence of a name.
    assert "kaveh" not in curated_given_names()
    assert not is_given_name_misspelt("Kavehh")
