from __future__ import annotations

import pytest

from models.vocabulary import MentionKind
from nlp.patterns import addresses

CASES = [
    ("He lives at 42 Cedar Cres Unit 5, Orillia, ON L3V 2K1.", "42 Cedar Cres Unit 5", "Orillia", "L3V 2K1"),
    ("The car was at 318 Queen St E, Sault Ste. Marie.", "318 Queen St E", "Sault Ste. Marie", None),
    ("Elle habite au 55, rue des Érables app. 4, Hearst.", "55, rue des Érables app. 4", "Hearst", None),
    ("Found at 1200 chemin de la Montagne, Gatineau.", "1200 chemin de la Montagne", "Gatineau", None),
    ("Stopped at 7 Highway 11 N, Cochrane.", "7 Highway 11 N", "Cochrane", None),
    ("Parked near 900 boulevard Saint-Laurent.", "900 boulevard Saint-Laurent", None, None),
]


@pytest.mark.parametrize(("text", "line", "city", "postal"), CASES)
def test_addresses(text: str, line: str, city: str | None, postal: str | None) -> None:
    found = addresses.find(text)
    address = [m for m in found if m.kind is MentionKind.ADDRESS]
    assert [(m.text, m.attrs.get("city")) for m in address] == [(line, city)]
    assert [m.value for m in found if m.kind is MentionKind.POSTAL_CODE] == ([postal] if postal else [])


@pytest.mark.parametrize("text", ["On May 31, 2026 she left.", "She is 16 years old.", "Call 905-555-0106."])
def test_not_addresses(text: str) -> None:
    assert [m for m in addresses.find(text) if m.kind is MentionKind.ADDRESS] == []


@pytest.mark.parametrize(("text", "lines"), [
    # A log's time is no civic number, and a column gap no space inside an address.
    ("0846  Arrive Comfort Inn Clifton Hill, rear lot.", []),
    ("1010  Arrive 12 Oak Ave", ["12 Oak Ave"]),
    ("she lives at 44 Maple Street, Kingston", ["44 Maple Street"]),
])
def test_times_and_column_gaps_are_no_addresses(text: str, lines: list[str]) -> None:
    assert [m.text for m in addresses.find(text) if m.kind is MentionKind.ADDRESS] == lines
