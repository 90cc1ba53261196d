"""What the quarterly return holds, whatever format it is written in: its rows in the
layout `sosafe import` reads, and its instructions in plain words."""

from __future__ import annotations

from typing import Any

from ...content import model as m
from ...content.delivery import latest_quarter
from ...content.record import iter_actions
from .fingerprints import check_cell, row_texts
from .layout import STATUS_WORDS, Column, plan_columns, plan_extras, section_cell

PLAN_SHEET = "Plan"
HOW_TO_SHEET = "How to fill this in"


def default_quarter(plan: m.ActionPlan) -> str:
    """The quarter after the newest with progress or a status (Q1 if none; Q4 at most)."""
    latest = latest_quarter(plan)
    if latest is None:
        return m.QUARTERS[0]
    return m.QUARTERS[min(m.QUARTERS.index(latest) + 1, len(m.QUARTERS) - 1)]


Row = tuple[str, list[str], Any]
"""("section" | "action", the cells in column order, the aim of an action row's first row
(merged down its actions in .xlsx) or None)."""


def columns_of(plan: m.ActionPlan) -> list[Column]:
    """The plan's sheet's columns (Timescale and Success measures where it has them)."""
    return plan_columns(plan.progress_mode, plan_extras(plan))


def rows(plan: m.ActionPlan) -> list[Row]:
    """The sheet's rows after its header: a row per section, a row per action."""
    columns = columns_of(plan)
    keys = [c.key for c in columns]
    out: list[Row] = []
    last_section, last_aim = None, None
    numbers = {s.id: k for k, s in enumerate(plan.sections, start=1)}
    for sec, aim, a in iter_actions(plan):
        if sec is not last_section:
            out.append(("section", [section_cell(numbers[sec.id], sec)], None))
            last_section = sec
        texts = row_texts(numbers[sec.id], sec, aim, a)
        texts |= {"id": a.id, "check": check_cell(texts, keys)}
        if aim is last_aim:
            texts["aim"] = ""
        out.append(
            ("action", [texts[c.key] for c in columns], aim if aim is not last_aim else None)
        )
        last_aim = aim
    return out


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
