"""The quarterly return as an Excel workbook (.xlsx), with openpyxl.

The quarter to fill (and the status) are the only unlocked cells of a sheet protected
without a password, the status offers only the allowed values, the header row is frozen
and the page prints landscape, one page wide; a second sheet says how to fill it in.
"""

from __future__ import annotations

import io
from typing import Any

from ...content import model as m
from .fingerprints import title_cell
from .layout import STATUS_WORDS, Column
from .sheet_rows import HOW_TO_SHEET, PLAN_SHEET, Row, columns_of, how_to_lines


def xlsx(plan: m.ActionPlan, quarter: str | None, fill: str, rows: list[Row]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = columns_of(plan)
    keys = [c.key for c in columns]
    wb = Workbook()
    ws = wb.active
    ws.title = PLAN_SHEET
    highlight = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append([title_cell(plan, quarter)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([c.heading for c in columns])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    for key in (fill, "status"):  # the columns to fill, yellow from the heading down
        if key in keys:
            ws.cell(2, keys.index(key) + 1).fill = highlight
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_WORDS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a status",
        error="Choose a status from the list: " + ", ".join(STATUS_WORDS) + ".",
        showInputMessage=True,
        promptTitle="Status",
        prompt="Choose from the list.",
    )
    ws.add_data_validation(statuses)
    open_keys = {fill, "status"}
    spans: list[list[int]] = []  # each aim's first and last row, merged down its actions
    for kind, cells, aim in rows:
        ws.append(cells)
        r = ws.max_row
        if kind == "section":
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(columns))
            ws.cell(r, 1).font = Font(bold=True)
            ws.cell(r, 1).fill = PatternFill("solid", fgColor="EDEDED")
            continue
        if aim is not None:
            spans.append([r, r])
        else:
            spans[-1][1] = r
        for c, key in enumerate(keys, start=1):
            cell = ws.cell(r, c)
            if cell.data_type == "f":  # text that starts with "=" is text, not a formula
                cell.data_type = "s"
            cell.alignment = wrap
            if key in open_keys:
                cell.protection = Protection(locked=False)
                cell.fill = highlight
            if key == "status":
                statuses.add(cell)
    aim_col = keys.index("aim") + 1
    for first, last in spans:
        if last > first:
            ws.merge_cells(start_row=first, start_column=aim_col, end_row=last, end_column=aim_col)
    for c, col in enumerate(columns, start=1):
        width = col.width + (14 if col.key == fill else 0)
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.column_dimensions[get_column_letter(keys.index("check") + 1)].hidden = True
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(ws)
    _how_to(wb.create_sheet(HOW_TO_SHEET), plan, quarter, columns, fill)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _protect(ws: Any) -> None:
    """Protected without a password: a lead cannot break the layout by accident, but rows
    and columns may still be resized to read long text."""
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False


def _how_to(
    ws: Any, plan: m.ActionPlan, quarter: str | None, cols: list[Column], fill: str
) -> None:
    from openpyxl.styles import Alignment, Font

    for line in how_to_lines(plan, quarter, cols, fill):
        ws.append([line])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 100
    _protect(ws)
