"""CSV: one grid, no sheet name (`plan.csv:C12`). UTF-8, or Excel's Windows code page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ....content.problems import ContentError, Problem
from ..grid import Grid, cell_text


def read(path: Path, display: str, problems: list[Problem]) -> list[Grid]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    grid = Grid(display, "", {})
    # Rows are records, as a spreadsheet numbers them: a quoted cell may hold line breaks.
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            for c, value in enumerate(row, start=1):
                if value.strip():
                    grid.values[(r, c)] = cell_text(value)
            grid.rows, grid.columns = r, max(grid.columns, len(row))
    except csv.Error as exc:  # e.g. a cell over the csv module's size limit
        raise ContentError(
            [grid.problem(grid.rows + 1, 1, f"cannot read this row: {exc}")]
        ) from None
    return [grid]
