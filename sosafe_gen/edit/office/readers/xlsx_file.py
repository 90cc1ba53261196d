"""Excel workbooks (.xlsx, .xlsm) with openpyxl: one grid per sheet.

Read twice: with `data_only=True` for the values Excel saved, and without, to name a
formula that has no saved value (openpyxl cannot calculate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ....content.problems import ContentError, Problem, file_problem
from ..grid import Grid, cell_text


def read(path: Path, display: str, problems: list[Problem]) -> list[Grid]:
    import openpyxl  # only needed for spreadsheets

    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise ContentError(
            [
                file_problem(
                    display,
                    f"cannot read the spreadsheet: {exc}",
                    "save it from Excel as .xlsx, or as .csv",
                )
            ]
        ) from None
    return [_grid(display, ws, formulas[ws.title], problems) for ws in values.worksheets]


def _grid(display: str, ws: Any, fws: Any, problems: list[Problem]) -> Grid:
    grid = Grid(display, ws.title, {}, rows=ws.max_row, columns=ws.max_column)
    for rng in ws.merged_cells.ranges:
        top = (rng.min_row, rng.min_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                grid.anchors[(r, c)] = top
    for row in ws.iter_rows():
        for cell in row:
            if (
                cell.value is None
                and getattr(fws.cell(cell.row, cell.column), "data_type", "") == "f"
            ):
                formula = fws.cell(cell.row, cell.column).value
                problems.append(
                    grid.problem(
                        cell.row,
                        cell.column,
                        f"formula {getattr(formula, 'text', formula)} has no saved value",
                        "open the file in Excel or LibreOffice and save it, or type the value in",
                    )
                )
            elif cell.value is not None and cell_text(cell.value):
                grid.values[(cell.row, cell.column)] = cell_text(cell.value)
    return grid
