from __future__ import annotations

import pytest

from nlp.patterns import phones

CASES = [
    ("Reach her mother at 613-555-0142 after six.", [("613-555-0142", "+16135550142")]),
    ("Texts came from (416) 555-0177, then from +1 416 555 0178.", [("(416) 555-0177", "+14165550177"),
                                                                     ("+1 416 555 0178", "+14165550178")]),
    ("Le numéro 819.555.0123 figure dans l'annonce.", [("819.555.0123", "+18195550123")]),
    ("Cell 1-807-555-0190; home 8075550191.", [("1-807-555-0190", "+18075550190"), ("8075550191", "+18075550191")]),
    ("Her UK number is +44 20 7946 0958.", [("+44 20 7946 0958", "+442079460958")]),
    ("Booking line 343/555-0136, or (343)555-0137.", [("343/555-0136", "+13435550136"), ("(343)555-0137", "+13435550137")]),
    ("Occurrence 2024-555-0142 and file 12905-555-0106 are not phones.", []),
    ("Only 555-0142 was written down.", []),
    ("Seen at 127.0.0.1/?q=905-555-0106&x=1", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_phones(text: str, expected: list[tuple[str, str]]) -> None:
    found = phones.find(text)
    assert [(m.text, m.value) for m in found] == expected
    for m in found:
        assert text[m.start:m.end] == m.text
        assert (m.extractor, m.extractor_version) == (phones.EXTRACTOR_NAME, phones.EXTRACTOR_VERSION)


@pytest.mark.parametrize(("text", "found"), [
    # An extension kept on the mention (English and French), bullets between groups, digits spaced one by one in an ad.
    ("call 450-555-0122 poste 4410 today", [("450-555-0122 poste 4410", "+14505550122", "4410")]),
    ("I am at 905 555 0180 x 2231 until 4 pm", [("905 555 0180 x 2231", "+19055550180", "2231")]),
    ("Tel. 807-555-0108 ext. 214.", [("807-555-0108 ext. 214", "+18075550108", "214")]),
    ("TXT ONLY 705•555•0196 no private", [("705•555•0196", "+17055550196", None)]),
    ("📞 4 3 8 - 5 5 5 - 0 1 2 6 📱", [("4 3 8 - 5 5 5 - 0 1 2 6", "+14385550126", None)]),
    # Negatives: "x2 times" is no extension; five spaced digits are no phone.
    ("called 416 555 0142 x2 times", [("416 555 0142", "+14165550142", None)]),
    ("room 1 2 3 4 5", []),
    # The last four digits in two groups of two; a number spelt out in words, English and French.
    ("an unknown number, 204 555 01 58, said she", [("204 555 01 58", "+12045550158", None)]),
    ("A: eight oh seven, five five five, oh one five nine. Q:", [("eight oh seven, five five five, oh one five nine", "+18075550159", None)]),
    ("« huit-un-neuf, cinq-cinq-cinq, zéro-un-six-un »", [("huit-un-neuf, cinq-cinq-cinq, zéro-un-six-un", "+18195550161", None)]),
    # Negatives: too few words, a year after a number, words that are no digits.
    ("one or two of them, five or six times", []),
    ("room 214 555 01 2024", []),
])
def test_extensions_bullets_and_spaced_digits(text: str, found: list[tuple[str, str, str | None]]) -> None:
    assert [(m.text, m.value, m.attrs.get("extension")) for m in phones.find(text)] == found


@pytest.mark.parametrize(("text", "expected"), [
    # Words and digits mixed, the last groups of two joined by a dash, long dashes between digits spaced one by one.
    ("use di number 416 five five five 0 one four two if mine dead", [("416 five five five 0 one four two", "+14165550142")]),
    ("his number was 905-555-01-63 but he had two phones", [("905-555-01-63", "+19055550163")]),
    ("son propre numéro : 5 1 4 – 5 5 5 – 0 1 7 7.", [("5 1 4 – 5 5 5 – 0 1 7 7", "+15145550177")]),
    # Negatives: counts and numbers in words that make no phone.
    ("I was 1 of 2 girls, 3 of us in one room for 4 nights", []),
    ("room 12, two nights, 3 keys, one car", []),
])
def test_words_and_digits_mixed(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value) for m in phones.find(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Letters for digits in a phone's shape, as ads write them to beat filters: O for 0, I and l for 1.
    ("Contact: 6I3.555.OI8I (same # as AD-01)", [("6I3.555.OI8I", "+16135550181")]),
    ("même numéro, écrit 514-555-O155 (lettre O)", [("514-555-O155", "+15145550155")]),
    # Negatives: mostly letters; a code of letters and digits.
    ("OIO-III-IOOO", []),
    # A number read out in its groups between commas; counts are none.
    ("please call her auntie at 705, 555, 0124 — again", [("705, 555, 0124", "+17055550124")]),
    ("counts: 100, 200, 3000, 4000", []),
    ("ref ABC-123-4567", []),
])
def test_letters_for_digits(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value) for m in phones.find(text)] == expected
