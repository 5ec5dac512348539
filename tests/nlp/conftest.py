"""Fixtures for the NLP tests: one extractor (both models loaded once) for the whole session."""

from __future__ import annotations

import pytest

from models.records import Subject
from models.vocabulary import Role
from nlp.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def subject(subject_id: str, given: str, surname: str, *, sex: str | None = None, role: Role = Role.VICTIM,
            aliases: tuple[str, ...] = (), handles: tuple[tuple[str, str], ...] = ()) -> Subject:
    """A record subject for test tables."""
    from models.records import Handle

    return Subject(subject_id=subject_id, role=role, given=given, surname=surname, sex=sex, aliases=aliases,
                   handles=tuple(Handle(platform=p, handle=h) for p, h in handles))
