from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.language import detect_language, normalise_lang, resolve_language

CASES = [
    ("The complainant stated that her cousin was picked up outside the arena on Tuesday.", "en"),
    ("Jean-François Bélanger told officers that he had not seen his sister since the weekend.", "en"),
    ("La plaignante affirme que son cousin a été aperçu devant l'aréna mardi soir.", "fr"),
    ("Selon le père, l'adolescente ne répond plus au téléphone depuis jeudi.", "fr"),
    ("Kayla a quitté la maison vers minuit.", "fr"),
    ("Statement from <script>alert('x')</script>: nothing further.", "en"),
    ("Officer notes: la mère indique qu'elle recevait des appels fréquents du même numéro depuis des semaines.", "fr"),
]


@pytest.mark.parametrize(("text", "lang"), CASES)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "905-555-0106", "ABCD 123", "𝓝𝓪𝓶𝓮"])
def test_no_evidence_falls_back_to_the_default(text: str) -> None:
    assert detect_language(text) == "en"
    assert detect_language(text, default="fr") == "fr"


@given(st.text(max_size=300))
def test_any_text_gets_one_of_the_two_languages(text: str) -> None:
    assert detect_language(text) in {"en", "fr"}


@pytest.mark.parametrize(("raw", "lang"), [
    ("fr", "fr"), ("FR", "fr"), ("fr-CA", "fr"), ("en_CA", "en"), ("auto", None), ("", None), (None, None), ("de", None),
])
def test_normalise_lang(raw: str | None, lang: str | None) -> None:
    assert normalise_lang(raw) == lang


@pytest.mark.parametrize(("text", "hint", "lang"), [
    ("Kayla left the group home on Friday without permission and did not return.", "fr", "en"),
    ("Kayla a quitté le foyer de groupe vendredi sans autorisation.", "en", "fr"),
    ("Kayla, Kingston.", "fr", "fr"),
    ("Kayla, Kingston.", "auto", "en"),
    ("Kayla was seen; elle est partie.", "fr", "fr"),  # mixed, no clear majority: the declaration stands
    ("Kayla was seen; elle est partie.", "en", "en"),
])
def test_a_declared_language_yields_only_to_clear_evidence(text: str, hint: str, lang: str) -> None:
    assert resolve_language(text, hint) == lang
