"""`sosafe import FILE --progress-only`: a returned quarterly sheet merged into its plan.

Only progress and status are taken, matched to the plan's actions by the Id column. Every
cell is compared three ways: with the plan as it is now, and with the cell as `sosafe sheet`
wrote it (the row's Check cell holds a fingerprint of each). A cell as written was not
touched by the lead and is skipped, so a second lead's sheet never undoes the first lead's
import; a cell the lead changed is taken if the plan still has what was written, and is a
conflict (reported, never overwritten) if the plan changed it too. A changed cell other than
progress and status (an action's wording, a lead, a new row) is reported one line per cell
and nothing is written, unless the comms team accepts the changes.

Edits go through the ruamel round trip, so the YAML diff is the changed cells and an
unchanged sheet changes no byte (the file is then not written at all).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...content import model as m
from ...content.check import load_content
from ...content.problems import ContentError, Problem
from ...content.record import Content, iter_actions
from ...content.text import closest, display_path, plural
from ..files import Edit, editing, plan_path
from ..yaml_rt import dump
from .build import organisations
from .fingerprints import checked_keys, row_texts
from .grid import Grid
from .layout import plan_columns
from .plan_import import check_file, find_table
from .readers import SHEETS
from .return_cells import (
    STATUS_WORDS,
    Merge,
    changed,
    conflict,
    heading_cell,
    new_row,
    other_cell,
    take_progress,
    take_status,
)
from .rows import RawAction, RawSection, parse


def import_return(
    path: Path, content_dir: Path, plan_id: str | None = None, accept: bool = False
) -> tuple[Path, list[str]]:
    """Merge a returned sheet's progress and status into its plan; return the plan's file
    and the lines to print (cells taken with --accept-changes, conflicts, a summary)."""
    path = Path(path)
    check_file(path, SHEETS)
    with editing(content_dir) as edit:
        return _import(edit, path, plan_id, accept)


def _import(edit: Edit, path: Path, plan_id: str | None, accept: bool) -> tuple[Path, list[str]]:
    content = load_content(edit.content_dir)
    problems: list[Problem] = []
    grid, header = find_table(path, problems)
    if problems:
        raise ContentError(problems)
    header_row, cols = header.row, header.cols
    plan, quarter = _which(grid, header_row, content, plan_id)
    _check_columns(grid, header_row, cols, plan)
    grid.orgs = organisations(content)
    sections = parse(grid, header_row, cols, problems)
    if problems:
        raise ContentError(problems)
    target = plan_path(edit.content_dir, plan.id)
    merge = Merge(grid, plan, quarter, accept, lambda: edit.read(target))
    _merge(merge, sections, cols)
    if merge.errors or (not accept and (merge.differences or merge.conflicts)):
        raise ContentError([*merge.errors, *merge.differences, *merge.conflicts])
    lines = [str(p) for p in [*merge.accepted, *merge.conflicts]]
    where = grid.where
    if not merge.taken and not merge.accepted:
        lines.append(f"nothing to import from {where}: no cell differs from plan {plan.id}")
        return target, lines
    edit.write(target, dump(merge.data))
    lines.append(f"{display_path(target)}: {_summary(merge)} from {where}")
    return target, lines


def _summary(merge: Merge) -> str:
    parts = []
    for key, n in merge.taken.items():
        if key == "status":
            parts.append(f"{n} {plural('status', n)} ({merge.quarter})")
        elif key == "progress_to_date":
            parts.append(f"progress to date of {n} {plural('action', n)}")
        else:
            parts.append(f"{key} progress of {n} {plural('action', n)}")
    if merge.accepted:
        n = len(merge.accepted)
        parts.append(f"{n} other {plural('change', n)} accepted")
    return "recorded " + ", ".join(parts)


def _which(
    grid: Grid, header_row: int, content: Content, plan_id: str | None
) -> tuple[m.ActionPlan, str | None]:
    """The plan and quarter the sheet is for, as its first row says (`--plan` may name the
    plan of a sheet whose title was lost)."""
    title = " ".join(grid.value(r, 1) for r in range(1, header_row))
    named = re.search(r"\(plan ([a-z0-9][a-z0-9-]*)\)", title)
    quarter = re.search(r"return for (Q[1-4])\b", title)
    if plan_id and named and named.group(1) != plan_id:
        raise ContentError(
            [
                grid.problem(
                    1,
                    1,
                    f"this sheet is for plan {named.group(1)}, not {plan_id}",
                    "leave out --plan, or import the sheet written for that plan",
                )
            ]
        )
    plan_id = plan_id or (named.group(1) if named else None)
    if plan_id is None:
        raise ContentError(
            [
                grid.problem(
                    1,
                    1,
                    "the sheet does not say which plan it is for",
                    "name the plan with --plan, e.g. --plan 2025-26",
                )
            ]
        )
    plan = content.plans.get(plan_id)
    if plan is None:
        raise ContentError(
            [
                grid.problem(
                    1,
                    1,
                    f"no action plan '{plan_id}'",
                    closest(plan_id, content.plans) or f"plans: {', '.join(content.plans)}",
                )
            ]
        )
    if plan.progress_mode == "quarterly" and quarter is None:
        raise ContentError(
            [
                grid.problem(
                    1,
                    1,
                    "the sheet's first row does not say the quarter it is a return for",
                    "import a sheet written by `sosafe sheet`, whose first row ends "
                    "'return for Q1' (to Q4) and the plan",
                )
            ]
        )
    return plan, quarter.group(1) if quarter and plan.progress_mode == "quarterly" else None


def _check_columns(grid: Grid, header_row: int, cols: dict[str, int], plan: m.ActionPlan) -> None:
    missing = [c.heading for c in plan_columns(plan.progress_mode) if c.key not in cols]
    if missing:
        raise ContentError(
            [
                grid.problem(
                    header_row,
                    1,
                    f"the sheet has no {_either(missing)} column",
                    "--progress-only reads a sheet written by `sosafe sheet`; import another "
                    "spreadsheet without --progress-only",
                )
            ]
        )


def _either(words: list[str]) -> str:
    """["Id", "Status", "Check"] → "Id, Status or Check"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _merge(merge: Merge, sections: list[RawSection], cols: dict[str, int]) -> None:
    plan = merge.plan
    keys = checked_keys(sorted(cols, key=cols.__getitem__))
    placed = {a.id: (sec, aim, a) for sec, aim, a in iter_actions(plan)}
    numbers = {s.id: k for k, s in enumerate(plan.sections, start=1)}
    seen: dict[str, int] = {}
    for raw_sec in sections:
        first_known: Any = None
        for raw_aim in raw_sec.aims:
            aim_known: Any = None
            previous: str | None = None
            for raw in raw_aim.actions:
                aid = merge.cell(raw.row, cols["id"])
                if aid in seen:
                    merge.errors.append(
                        merge.grid.problem(
                            raw.row,
                            cols["id"],
                            f"action {aid} is in the sheet twice (row {seen[aid]} too)",
                            "keep one row for each action",
                        )
                    )
                    continue
                if aid not in placed:
                    previous = new_row(merge, raw, cols, aid, previous) or previous
                    continue
                seen[aid] = raw.row
                base = _base(merge, raw, cols, keys)
                if base is None:
                    continue
                sec, aim, action = placed[aid]
                ours = row_texts(numbers[sec.id], sec, aim, action)
                first_known = first_known or (raw_sec, base, ours, aid)
                aim_known = aim_known or (raw_aim, base, ours, aid)
                _row(merge, raw, cols, keys, base, ours, action)
                previous = aid
            if aim_known:
                heading_cell(merge, "aim", raw_aim.row, cols["aim"], raw_aim.text, aim_known)
        if first_known:
            text = merge.cell(raw_sec.row, 1) or f"{raw_sec.number}. {raw_sec.title}"
            heading_cell(merge, "section", raw_sec.row, 1, text, first_known)


def _base(
    merge: Merge, raw: RawAction, cols: dict[str, int], keys: list[str]
) -> dict[str, str] | None:
    """The fingerprints of the row as written, from its Check cell."""
    words = merge.cell(raw.row, cols["check"]).split()
    if len(words) == len(keys) and all(re.fullmatch(r"[0-9a-f]{6}", w) for w in words):
        return dict(zip(keys, words, strict=True))
    merge.errors.append(
        merge.grid.problem(
            raw.row,
            cols["check"],
            "this row's Check cell is not as `sosafe sheet` wrote it",
            "copy the row's Check cell back from the sheet as it was sent",
        )
    )
    return None


def _row(
    merge: Merge,
    raw: RawAction,
    cols: dict[str, int],
    keys: list[str],
    base: dict[str, str],
    ours: dict[str, str],
    action: m.Action,
) -> None:
    """Compare one action's row with the plan: take, report or accept each changed cell."""
    fill = merge.quarter or "progress_to_date"
    for key in keys:
        if key in ("section", "aim"):
            continue
        col = cols[key]
        theirs = merge.cell(raw.row, col)
        if key == "status":  # "Done", "in-progress" typed in a CSV: the list's words
            word = " ".join(theirs.lower().replace("-", " ").split())
            theirs = word if word in STATUS_WORDS else theirs
        how = changed(theirs, ours[key], base[key])
        if how is None:
            continue
        if how == "conflict":
            merge.conflicts.append(conflict(merge, raw.row, col, key, action, ours[key]))
        elif key == "status":
            take_status(merge, raw.row, col, theirs, action)
        elif key == fill:
            node = merge.nodes[action.id][2]
            take_progress(node, None if fill == "progress_to_date" else fill, theirs)
            merge.taken[key] = merge.taken.get(key, 0) + 1
        else:
            other_cell(merge, raw, cols, key, theirs, action.id)
