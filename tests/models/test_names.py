from __future__ import annotations

import pytest

from models.names import SURNAME_PART_PARTICLES, SURNAME_PARTICLES, surname_start


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("Marie de la Fontaine", 1),
        ("Jan VAN DER Berg", 1),
        ("Jean St. Pierre", 1),
        ("Ronald Mac Donald", 1),
        ("De Smith", 1),  # the first word is never a particle: a given name
        ("Anna Maria dos Santos", 2),
        ("John D Smith", 2),  # a middle initial stays a given name
        ("Ali Ben Salah", 2),  # Ben is a given name when splitting
    ],
)
def test_the_surname_starts_after_the_given_names(name: str, start: int) -> None:
    assert surname_start(name.split()) == start


def test_particles_are_compared_folded() -> None:
    assert surname_start(["Léa", "DÉ", "Lafontaine"]) == 1


def test_resolution_also_drops_the_pieces_that_are_initials_when_splitting() -> None:
    assert SURNAME_PARTICLES < SURNAME_PART_PARTICLES
    assert {"o", "d", "y", "ben"} <= SURNAME_PART_PARTICLES - SURNAME_PARTICLES
