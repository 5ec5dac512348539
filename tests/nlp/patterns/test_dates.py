from __future__ import annotations

import pytest

from nlp.patterns import dates

CASES = [
    ("She was last seen on March 3, 2025 at noon.", [("March 3, 2025", "2025-03-03")]),
    ("Seen Sept. 21st near the mall.", [("Sept. 21st", "--09-21")]),
    ("Reported 4 July 2024 by her aunt.", [("4 July 2024", "2024-07-04")]),
    ("Aperçue le 1er mars 2026 vers 22 h.", [("1er mars 2026", "2026-03-01")]),
    ("Partie le 17 décembre sans rien dire.", [("17 décembre", "--12-17")]),
    ("Opened 2026-02-29? No: 2024-02-29.", [("2024-02-29", "2024-02-29")]),
    ("Slashed 04/05/2025 is ambiguous, 24/05/2025 is not.", [("04/05/2025", None), ("24/05/2025", "2025-05-24")]),
    ("February 30, 2025 is no day.", []),
    ("She may 3 times have called.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dates(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = sorted(dates.find(text), key=lambda m: m.start)
    assert [(m.text, m.value) for m in found] == expected
