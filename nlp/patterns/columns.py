"""The cells of a table's column, found by its header: a register, a hotlist, a motel's guest book.

Narratives carry tables drawn two ways: cells between bars (``| Plate | Room |``) and columns aligned with spaces
(``Plate       Jur.  Description``). A value in a column headed "Plate" is a plate whatever its shape or the words
around it ("MB JXS 229", "L118421 (QC)"), which no sentence around it says. :func:`column_cells` gives the cells under
a header that matches, line by line, until the table ends (a blank line, a line in another layout).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["column_cells"]

_BAR_CELL = re.compile(r"[^|\n]+")
#: A cell of a space-aligned line: words separated by single spaces, cells by two or more.
_SPACED_CELL = re.compile(r"\S+(?:[ \u00a0]\S+)*")
#: How far (in characters) a space-aligned cell may start from its header's column.
_SLACK = 3


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def column_cells(text: str, header: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every non-empty cell, in a table's body, under a header cell that ``header`` matches whole
    (stripped). A header line must have at least three cells; the body runs over the lines after it that have the
    same layout (bars, or two spaces between cells) and stops at the first that does not."""
    lines = list(_lines(text))
    for i, (_, line) in enumerate(lines):
        if "|" in line:
            cells = [(m.start(), m.group()) for m in _BAR_CELL.finditer(line)]
            index = next((k for k, (_, c) in enumerate(cells) if header.fullmatch(c.strip())), None)
            if index is None or len(cells) < 3:
                continue
            for body_start, body in lines[i + 1:]:
                if "|" not in body:
                    if body.strip() and not set(body.strip()) <= set("-=+_ "):
                        break
                    continue  # a rule under the header
                row = [(m.start(), m.group()) for m in _BAR_CELL.finditer(body)]
                if len(row) < len(cells) - 1 or index >= len(row):
                    continue
                offset, cell = row[index]
                stripped = cell.strip()
                if stripped and not set(stripped) <= set("-=+_ "):
                    lead = len(cell) - len(cell.lstrip())
                    yield body_start + offset + lead, body_start + offset + lead + len(stripped)
        else:
            cells = [(m.start(), m.group()) for m in _SPACED_CELL.finditer(line)]
            if len(cells) < 3 or not re.search(r"\S[ \u00a0]{2,}\S", line):
                continue
            index = next((k for k, (_, c) in enumerate(cells) if header.fullmatch(c)), None)
            if index is None:
                continue
            column = cells[index][0]
            # the column runs to the next header's column ("N.-B.  JDW 447" under "Plaque" is one cell)
            next_column = cells[index + 1][0] if index + 1 < len(cells) else None
            for body_start, body in lines[i + 1:]:
                if not body.strip() or "|" in body or not re.search(r"\S[ \u00a0]{2,}\S", body):
                    break
                runs = list(_SPACED_CELL.finditer(body))
                first = next((k for k, m in enumerate(runs) if abs(m.start() - column) <= _SLACK), None)
                if first is None:
                    continue
                last = first
                while (next_column is not None and last + 1 < len(runs)
                       and runs[last + 1].start() < next_column - _SLACK):
                    last += 1
                yield body_start + runs[first].start(), body_start + runs[last].end()
