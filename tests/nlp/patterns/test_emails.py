from __future__ import annotations

import pytest

from nlp.patterns import emails

CASES = [
    ("Ad replies went to Sweet.Candy99@Example.com.", [("Sweet.Candy99@Example.com", "sweet.candy99@example.com")]),
    ("Courriel : julie-t@courriel.qc.ca, selon la mère.", [("julie-t@courriel.qc.ca", "julie-t@courriel.qc.ca")]),
    ("Follow @someone on Instagram.", []),
    ("Broken a@b and @@x.ca", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_emails(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value) for m in emails.find(text)] == expected
