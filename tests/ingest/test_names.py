from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.names import split_full_name, split_surname_first


@pytest.mark.parametrize(
    ("raw", "surname", "given"),
    [
        ("SUGARHEAD, Katherine", "SUGARHEAD", "Katherine"),
        ("FRASER, Kendra Brittany", "FRASER", "Kendra Brittany"),
        ("GAGNON, Léa Stéphanie", "GAGNON", "Léa Stéphanie"),
        ("Moose, ", "Moose", None),
        ("Brittany Sugarhead", "Sugarhead", "Brittany"),
        ("Marie de la Fontaine", "de la Fontaine", "Marie"),
        ("Cher", "Cher", None),
        ("", None, None),
        ("' OR '1'='1, x", "' OR '1'='1", "x"),
    ],
)
def test_name_splits(raw: str, surname: str | None, given: str | None) -> None:
    assert split_surname_first(raw) == (surname, given)


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=12), min_size=2, max_size=5))
def test_full_name_split_loses_no_token(tokens: list[str]) -> None:
    surname, given = split_full_name(" ".join(tokens))
    assert f"{given} {surname}".split() == tokens


@given(st.text(max_size=40))
def test_cached_splits_are_the_splits(raw: str) -> None:
    assert split_surname_first(raw) == split_surname_first.__wrapped__(raw)
    assert split_full_name(raw) == split_full_name.__wrapped__(raw)
