from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.patterns import FINDERS, find_all

# Text made of the pieces patterns look for, so the fuzzing reaches deep into every regex.
_PIECES = st.sampled_from([
    "905-555-0106", "(613) 555 0142", "+1", "plate", "plaque", "ABCD 123", "abc-123", '"', "«", "»", "“", "”", "‘", "’",
    "Motel", "Inn", "Suites", "Lodge", "Hôtel", "in", "à", "Sault Ste. Marie", "Kingston", "Snapchat", "(", ")", "@",
    "x_1", "a@b.ca", "12", "rue", "St", "Apt", "K7L 3N6", "March", "3,", "2025", "le", "1er", "juin", "/", "-", ".",
    "Police", "provinciale", "de", "l'Ontario", "(PPO)", "Mr.", "M.", "Mme", "Danielle", "SIMARD", "d'Ashley", " ", "\n",
    "<script>", "${jndi:", "' OR '1'='1", "\u00a0", "𝓝", "é",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_every_finder_survives_anything_and_cuts_spans_from_the_text(text: str) -> None:
    for finder in FINDERS:
        for span in finder(text):
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start:span.end] == span.text
    assert find_all(text) is not None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_find_all_on_arbitrary_text(text: str) -> None:
    for span in find_all(text):
        assert text[span.start:span.end] == span.text
