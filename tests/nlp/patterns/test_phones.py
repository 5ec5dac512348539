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
