"""Old Excel workbooks (.xls, Excel 97–2003) with xlrd: one grid per sheet.

xlrd reads the values Excel (or LibreOffice) saved, formulas by their saved value, and the
merged cells (`formatting_info=True`); a cell showing an error (`#DIV/0!`) is a problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ....content.problems import ContentError, Problem, file_problem
from ..grid import Grid, cell_text


def read(path: Path, display: str, problems: list[Problem]) -> list[Grid]:
    import xlrd  # only needed for .xls

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises many types for a file that is not .xls
        raise ContentError(
            [
                file_problem(
                    display,
                    f"cannot read the spreadsheet: {exc}",
                    "open it in Excel or LibreOffice and save it as .xlsx or .ods",
                )
            ]
        ) from None
    try:
        return [_grid(display, book, book.sheet_by_index(i), problems) for i in range(book.nsheets)]
    finally:
        book.release_resources()


def _grid(display: str, book: Any, sh: Any, problems: list[Problem]) -> Grid:
    import xlrd

    grid = Grid(display, sh.name, {}, rows=sh.nrows, columns=sh.ncols)
    for rlo, rhi, clo, chi in sh.merged_cells:  # 0-based, the ends exclusive
        for r in range(rlo, rhi):
            for c in range(clo, chi):
                grid.anchors[(r + 1, c + 1)] = (rlo + 1, clo + 1)
    for r in range(sh.nrows):
        for c, cell in enumerate(sh.row(r)):
            kind, value = cell.ctype, cell.value
            if kind == xlrd.XL_CELL_ERROR:
                shown = xlrd.error_text_from_code.get(value, "an error")
                problems.append(
                    grid.problem(
                        r + 1,
                        c + 1,
                        f"the cell shows {shown}",
                        "mend the formula in Excel or LibreOffice, or type the value in",
                    )
                )
                continue
            if kind == xlrd.XL_CELL_DATE:
                value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            text = cell_text(value)
            if text:
                grid.values[(r + 1, c + 1)] = text
    return grid
