"""`sosafe sheet`: a plan as the quarterly return spreadsheet the lead officers fill in.

The sheet is in the layout `sosafe import` reads (`layout.plan_columns`, one description for
both), one row per action with its id. Each action row also carries a Check cell: a short
fingerprint of every cell as it was written, so the import can tell a cell the lead changed
from one the plan changed since (another lead's return imported first): see `returns.py`.

In .xlsx the quarter to fill (and the status) are the only unlocked cells of a sheet
protected without a password, the status offers only the allowed values, the header row is
frozen and the page prints landscape, one page wide. A CSV holds the same rows and columns
but none of that (a CSV has no protection, lists or widths).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ...content import model as m
from ...content.check import load_content
from ...content.delivery import latest_quarter
from ...content.problems import ContentError, file_problem
from ...content.record import iter_actions
from ...content.text import closest, display_path, plural
from ...site.open_data import safe_cell as csv_cell
from ..files import atomic_write
from .fingerprints import check_cell, row_texts, title_cell
from .layout import STATUS_WORDS, Column, plan_columns, plan_extras, section_cell
from .readers import formats

PLAN_SHEET = "Plan"
HOW_TO_SHEET = "How to fill this in"
WRITERS = (".xlsx", ".ods", ".csv")
"""The formats `sosafe sheet` writes (an .xls is read, but not written: see the README)."""


def default_quarter(plan: m.ActionPlan) -> str:
    """The quarter after the newest with progress or a status (Q1 if none; Q4 at most)."""
    latest = latest_quarter(plan)
    if latest is None:
        return m.QUARTERS[0]
    return m.QUARTERS[min(m.QUARTERS.index(latest) + 1, len(m.QUARTERS) - 1)]


def write_return(
    content_dir: Path, plan_id: str, dest: Path, quarter: str | None
) -> tuple[str | None, str]:
    """Write the plan's return sheet to `dest` (.xlsx or .csv); return the quarter and a
    summary line."""
    content = load_content(content_dir)
    plan = content.plans.get(plan_id)
    if plan is None:
        raise ContentError(
            [
                file_problem(
                    display_path(Path(content_dir) / "action-plans"),
                    f"no action plan '{plan_id}'",
                    closest(plan_id, content.plans) or f"plans: {', '.join(content.plans)}",
                )
            ]
        )
    suffix = dest.suffix.lower()
    if suffix not in WRITERS:
        raise ContentError(
            [
                file_problem(
                    display_path(dest),
                    f"sosafe sheet writes {formats(list(WRITERS))} files",
                    "an old Excel (.xls) user can open the .xlsx, or the .ods",
                )
            ]
        )
    if plan.progress_mode == "to_date":
        if quarter is not None:
            raise ContentError(
                [
                    file_problem(
                        display_path(Path(content_dir) / "action-plans" / f"{plan_id}.yml"),
                        f"plan {plan_id} records one 'progress to date', not quarters",
                        "leave out --quarter",
                    )
                ]
            )
        fill: str = "progress_to_date"
    else:
        quarter = quarter or default_quarter(plan)
        fill = quarter
    rows = _rows(plan)
    if suffix == ".csv":
        data = _csv(plan, quarter, rows)
    elif suffix == ".ods":
        from .return_ods import ods  # odfpy: only for .ods

        data = ods(plan, quarter, fill, rows)
    else:
        data = _xlsx(plan, quarter, fill, rows)
    try:
        atomic_write(dest, data)
    except OSError as exc:  # no such folder, no permission, the file open elsewhere
        raise ContentError(
            [
                file_problem(
                    display_path(dest),
                    f"cannot write the sheet: {exc.strerror or exc}",
                    "check the folder exists and the file is not open in another program",
                )
            ]
        ) from None
    n = sum(1 for r in rows if r[0] == "action")
    what = f"{quarter} to fill" if quarter else "progress to date to fill"
    return quarter, (
        f"wrote {n} {plural('action', n)} of plan {plan.id} to {display_path(dest)}, {what}"
    )


Row = tuple[str, list[str], Any]
"""("section" | "action", the cells in column order, the aim of an action row's first row
(merged down its actions in .xlsx) or None)."""


def columns_of(plan: m.ActionPlan) -> list[Column]:
    """The plan's sheet's columns (Timescale and Success measures where it has them)."""
    return plan_columns(plan.progress_mode, plan_extras(plan))


def _rows(plan: m.ActionPlan) -> list[Row]:
    columns = columns_of(plan)
    keys = [c.key for c in columns]
    rows: list[Row] = []
    last_section, last_aim = None, None
    numbers = {s.id: k for k, s in enumerate(plan.sections, start=1)}
    for sec, aim, a in iter_actions(plan):
        if sec is not last_section:
            rows.append(("section", [section_cell(numbers[sec.id], sec)], None))
            last_section = sec
        texts = row_texts(numbers[sec.id], sec, aim, a)
        texts |= {"id": a.id, "check": check_cell(texts, keys)}
        if aim is last_aim:
            texts["aim"] = ""
        rows.append(
            ("action", [texts[c.key] for c in columns], aim if aim is not last_aim else None)
        )
        last_aim = aim
    return rows


def _csv(plan: m.ActionPlan, quarter: str | None, rows: list[Row]) -> bytes:
    columns = columns_of(plan)
    buf = io.StringIO(newline="")
    out = csv.writer(buf)
    out.writerow([title_cell(plan, quarter)])
    out.writerow([c.heading for c in columns])
    for _, cells, _ in rows:
        out.writerow([csv_cell(c) for c in cells])  # text that starts "=" stays text
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


def _xlsx(plan: m.ActionPlan, quarter: str | None, fill: str, rows: list[Row]) -> bytes:
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


def how_to_lines(
    plan: m.ActionPlan, quarter: str | None, columns: list[Column], fill: str
) -> list[str]:
    """The instructions, in plain words: the quarter, where to write, what not to change."""
    heading = next(c.heading for c in columns if c.key == fill)
    what = f"{quarter} (quarter {quarter[1]} of {plan.period.slash_label})" if quarter else ""
    steps = [
        f"Find the actions you lead on the '{PLAN_SHEET}' sheet (the Lead column).",
        (
            f"In the yellow '{heading}' column, write what was done in {quarter} for each "
            "of your actions, in plain words a resident would understand."
            if quarter
            else f"In the yellow '{heading}' column, write what has been done so far for "
            "each of your actions, in plain words a resident would understand."
        ),
    ]
    if quarter:
        steps.append(
            "If an action's status has changed, choose the new one in the yellow 'Status' "
            "column (" + ", ".join(STATUS_WORDS) + ")."
        )
    steps += [
        "Leave the other cells as they are: they are the plan as published. If an action's "
        "wording, lead or partners are wrong, say so in your e-mail instead.",
        "Save the file and send it back: as an Excel workbook (.xlsx), or from LibreOffice "
        "as .ods or .xlsx, all read the same.",
    ]
    lines = [
        f"How to fill in this return: {plan.title}",
        f"This return is for {what}."
        if quarter
        else "This return asks for each action's progress to date.",
        *(f"{k}. {step}" for k, step in enumerate(steps, start=1)),
        "Only the yellow cells can be changed; the rest of the sheet is locked so the layout "
        "cannot be broken by accident. Rows and columns can still be made wider to read.",
        "Please do not add or delete rows, and leave the hidden Check column alone: it lets "
        "the comms team see which cells you changed.",
    ]
    return lines


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
