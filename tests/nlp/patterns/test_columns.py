from __future__ import annotations

import re

import pytest

from nlp.patterns.columns import column_cells

HEADER = re.compile(r"(?i)plates?(?:/prov)?|plaque")

BARS = """DATE   | NAME          | PLATE/PROV  | RM
-------+---------------+-------------+----
Mar 28 | D. Wapioke    | BTRK 605 ON | 3
Mar 28 | Jessa Bruyere | walk in     | 4
Mar 29 | Cody Whitehead| MB JXS 229  | 7

After the table."""

SPACED = """VEHICLES
 Plate       Jur.  Description
 CRBX 551    ON    2019 Chevrolet Malibu
 Y45 HKR     QC    2021 Toyota Corolla

ASSESSMENT  one  two  three"""

FRENCH = """Date    Nom                 Plaque            Ch.
03-07   Bérubé, Normand     L118421 (QC)      2
03-07   Cynthia Raymond     N.-B.  JDW 447    5
"""


@pytest.mark.parametrize(("text", "cells"), [
    (BARS, ["BTRK 605 ON", "walk in", "MB JXS 229"]),
    (SPACED, ["CRBX 551", "Y45 HKR"]),
    # a column runs to the next header's column, across a gap inside it
    (FRENCH, ["L118421 (QC)", "N.-B.  JDW 447"]),
    # Negatives: no table (a header word in a sentence), a header of two cells only.
    ("Her plate was seen near the plaza, plate unknown.", []),
    ("Plate  Room\nABC 123  4\n", []),
])
def test_cells_under_a_header(text: str, cells: list[str]) -> None:
    assert [text[a:b] for a, b in column_cells(text, HEADER)] == cells
