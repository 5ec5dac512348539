from __future__ import annotations

import pytest

from nlp.patterns import aliases

CASES = [
    ('She left with a man known as "Smoke" in a van.', [("Smoke", "smoke", 0.95)]),
    ("Elle est partie avec « Tito » vers minuit.", [("Tito", "tito", 0.85)]),
    ("Elle est partie avec «\u00a0Ti-Jean\u00a0» vers minuit.", [("Ti-Jean", "ti-jean", 0.85)]),
    ("A man called “Big Dre” drove.", [("Big Dre", "big dre", 0.95)]),
    ('aka "Lil Mo" and "Jojo"', [("Lil Mo", "lil mo", 0.95), ("Jojo", "jojo", 0.85)]),
    ("a man they call ‘Ace’ drove; she’s sure it’s him", [("Ace", "ace", 0.95)]),
    ('She said "I am not going back there tonight" and hung up.', []),
    ('Statement: "no." and "Hi, there"', []),
    # Words said, opening in lower case, are no nickname, even after « dit »; a street prefix in lower case opens one.
    ("Elle a dit « le gars s'appelle David ». Puis", []),
    ('goes by "lil Tre Bandz" on snap', [("lil Tre Bandz", "lil tre bandz", 0.95)]),
    ('<dossier numero="X-00-000000">', []),
    ('Statement from Robert"); MATCH (n) DETACH DELETE n; //', []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_aliases_are_the_name_without_its_quotes(text: str, expected: list[tuple[str, str, float]]) -> None:
    found = aliases.find(text)
    assert [(m.text, m.value, m.confidence) for m in found] == expected
    assert all(text[m.start:m.end] == m.text for m in found)
