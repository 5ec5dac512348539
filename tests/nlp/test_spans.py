from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.graph import Mention
from models.vocabulary import MentionKind
from nlp.spans import ExtractorId, Span, make_span, overlaps, resolve_overlaps

TEXT = "x" * 60
X = ExtractorId("test", "1")


def m(kind: MentionKind, start: int, end: int, confidence: float = 0.9) -> Span:
    return make_span(TEXT, start, end, kind, X, value=f"{kind.value}{start}", confidence=confidence)


def test_priority_then_length_then_confidence() -> None:
    person = m(MentionKind.PERSON, 0, 20)
    hotel = m(MentionKind.HOTEL, 5, 15)
    assert resolve_overlaps([person, hotel]) == [hotel]
    short, long_ = m(MentionKind.PERSON, 30, 35, 0.99), m(MentionKind.PERSON, 30, 42, 0.5)
    assert resolve_overlaps([short, long_]) == [long_]
    low, high = m(MentionKind.PERSON, 50, 55, 0.5), m(MentionKind.PERSON, 50, 55, 0.8)
    assert resolve_overlaps([low, high]) == [high]


def test_adjacent_spans_both_survive() -> None:
    a, b = m(MentionKind.PERSON, 0, 5), m(MentionKind.CITY, 5, 9)
    assert resolve_overlaps([b, a]) == [a, b]


_kinds = st.sampled_from(list(MentionKind))
_spans = st.lists(
    st.tuples(_kinds, st.integers(0, 50), st.integers(1, 10), st.sampled_from([0.5, 0.7, 0.9])), max_size=25
)


@given(_spans, st.randoms(use_true_random=False))
def test_resolution_is_deterministic_and_leaves_no_overlap(spans: list[tuple[MentionKind, int, int, float]],
                                                            rnd: object) -> None:
    mentions = [m(kind, start, start + length, conf) for kind, start, length, conf in spans]
    kept = resolve_overlaps(mentions)
    shuffled = list(mentions)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert resolve_overlaps(shuffled) == kept
    assert all(not overlaps(a, b) for i, a in enumerate(kept) for b in kept[i + 1:])
    assert kept == sorted(kept, key=lambda k: (k.start, k.end, k.kind.value))
    # Every dropped mention lost to a kept one it overlaps.
    for dropped in (x for x in mentions if x not in kept):
        assert any(overlaps(dropped, k) for k in kept)


def test_spans_become_valid_mentions() -> None:
    span = make_span("Call 905-555-0106", 5, 17, MentionKind.PHONE, X, value="+19055550106", attrs={"a": "b"})
    made = span.to_mention()
    assert Mention.model_validate(made.model_dump()) == made
    assert (made.text, made.start, made.end, made.extractor) == ("905-555-0106", 5, 17, "test")
