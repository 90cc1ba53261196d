"""`sosafe import FILE`: an action plan from any office file into content YAML.

The file's reader gives a grid, `layout` finds its header row, `rows` its sections, aims
and actions, `build` the records (keeping what the file does not hold from the plan being
updated). Every bad cell is reported at once, at its place (`plan.xlsx:Sheet!C12`,
`plan.docx: table 2, row 5, column "Lead"`), and nothing is written unless the whole
import, and then the whole content with it, is valid.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ...content import model as m
from ...content.check import load_content
from ...content.problems import ContentError, Problem, file_problem
from ...content.record import Content
from ...content.text import closest, display_path
from ..files import Edit, editing, plan_path
from ..merge import merge_sections
from ..yaml_rt import dump, flow, section_map, yaml_rt
from . import guard
from .build import Themes, build, organisations, theme_names
from .grid import Grid
from .layout import MAIN, Header, find_header, known_list, unknown_hint
from .readers import READERS, formats, read_grids
from .rows import parse


@dataclass
class PlanImport:
    """What the editor said about the file: the plan, its source, its own column headings
    (`--columns`, already read by `layout.parse_mapping`) and themes (`--themes`)."""

    plan_id: str | None = None
    source: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    themes: str = ""


def import_plan(path: Path, content_dir: Path, how: PlanImport | None = None) -> tuple[Path, str]:
    """Read the file, check every cell, and write the plan; return its file and a summary."""
    path = Path(path)
    how = how or PlanImport()
    plan_id = how.plan_id or path.stem
    check_file(path, READERS)
    _check_id(path, plan_id)
    with editing(content_dir) as edit:
        return _import(edit, path, plan_id, how)


def _import(edit: Edit, path: Path, plan_id: str, how: PlanImport) -> tuple[Path, str]:
    content_dir = edit.content_dir
    content = load_content(content_dir)
    target = plan_path(content_dir, plan_id)
    problems: list[Problem] = []
    themes = Themes(given_themes(how.themes, content, problems), theme_names(content))
    grid, header = find_table(path, problems, how.columns)
    grid.themes = themes.titles
    grid.orgs = organisations(content)
    cols = header.cols
    existing = content.plans.get(plan_id)
    mode = _check_header(grid, header, existing, plan_id, problems)
    _check_source(grid, header.row, content, existing, plan_id, how.source, problems)
    sections = parse(grid, header.row, cols, problems)
    built = build(sections, grid, cols, existing, themes, problems)
    if not built and not problems:
        problems.append(grid.problem(header.row + 1, 1, "the file has no actions"))
    if problems:
        raise ContentError(problems)
    data = _plan_yaml(edit, target, existing, content, plan_id, mode, how.source, built)
    edit.write(target, dump(data))
    n_actions = sum(len(a.actions) for s in built for a in s.aims)
    proposed = sum(1 for s in built for x in [s, *s.aims] if x.unconfirmed)
    note = (
        f"; themes proposed from {proposed} {'title' if proposed == 1 else 'titles'}: check "
        "them and delete each 'unconfirmed: [themes]' line"
        if proposed
        else ""
    )
    return target, (
        f"imported {len(built)} sections, {sum(len(s.aims) for s in built)} aims "
        f"and {n_actions} actions from {grid.where} into {display_path(target)}{note}"
    )


def check_file(path: Path, readers: dict[str, Any] | tuple[str, ...]) -> None:
    """Problems that stop an import before the file is read: a format it cannot read, a
    file that is not there."""
    display = display_path(path)
    if path.suffix.lower() not in readers:
        raise ContentError(
            [
                file_problem(
                    display,
                    f"import reads {formats(list(readers))} files",
                    "save the file in one of those formats",
                )
            ]
        )
    if not path.is_file():
        raise ContentError([file_problem(display, "file not found")])
    guard.check(path)


def _check_id(path: Path, plan_id: str) -> None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", plan_id):
        raise ContentError(
            [
                file_problem(
                    display_path(path),
                    f"'{plan_id}' is not a plan id",
                    "name the plan with --plan, e.g. --plan 2025-26",
                )
            ]
        )


def find_table(
    path: Path, problems: list[Problem], mapping: dict[str, str] | None = None
) -> tuple[Grid, Header]:
    """The first grid (sheet) with a header row naming an Action column and another; every
    heading of that row it cannot place is a problem."""
    grids = read_grids(path, problems)
    found = next(((g, h) for g in grids if (h := find_header(g, mapping))), None)
    if found is None:
        raise ContentError(
            [
                file_problem(
                    display_path(path),
                    "no header row naming an Action column and the others",
                    f"the row above the plan should name its columns: {known_list()}",
                )
            ]
        )
    grid, header = found
    for c, heading in header.unknown:
        problems.append(
            grid.problem(
                header.row,
                c,
                f"unknown column '{' '.join(heading.split())}' (the import knows {known_list()})",
                unknown_hint(heading),
            )
        )
    for key, first, second in header.twice:
        problems.append(
            grid.problem(
                header.row,
                second,
                f"a second column for {MAIN.get(key, key)}: '{grid.value(header.row, first)}' "
                f"is one already",
                f'name this one\'s field with --columns "{grid.value(header.row, second)}=…"',
            )
        )
    return grid, header


def given_themes(text: str, content: Content, problems: list[Problem]) -> dict[str, list[str]]:
    """`--themes "1=asb,2=domestic-abuse+vawg"` → {"1": [asb], "2": [...]}; a key is a
    section number or an aim number, a value theme ids or titles joined by `+`."""
    names = theme_names(content)
    out: dict[str, list[str]] = {}
    for item in filter(None, (x.strip() for x in text.split(","))):
        key, eq, value = item.partition("=")
        if not eq or not re.fullmatch(r"\d+(?:\.\d+)*", key.strip()):
            problems.append(_option("--themes", item, "is not NUMBER=THEME, e.g. 1=asb"))
            continue
        ids = []
        for word in filter(None, (w.strip() for w in value.split("+"))):
            if word.lower() in names:
                ids.append(names[word.lower()])
            else:
                hint = closest(word.lower(), names) or "use a theme's id from themes.yml"
                problems.append(_option("--themes", item, f"unknown theme '{word}'", hint))
        out[key.strip()] = ids
    return out


def _option(option: str, value: str, message: str, hint: str | None = None) -> Problem:
    """A problem with what the editor typed: `sosafe import: --themes '1=asbb': …`."""
    return Problem("sosafe import", 0, 0, "", message, hint, place=f"{option} '{value}'")


def _check_header(
    grid: Grid,
    header: Header,
    existing: m.ActionPlan | None,
    plan_id: str,
    problems: list[Problem],
) -> str:
    """The file's progress layout (quarterly or to date), checked against the plan's."""
    cols = header.cols
    mode = "quarterly" if any(q in cols for q in m.QUARTERS) else "to_date"
    if mode == "quarterly" and "progress_to_date" in cols:
        heading = grid.value(header.row, cols["progress_to_date"])
        problems.append(
            grid.problem(
                header.row,
                cols["progress_to_date"],
                f"the file has both Q1–Q4 and a '{heading}' column",
                f'keep one layout, or leave that column out: --columns "{heading}=skip"',
            )
        )
    if existing and existing.progress_mode != mode:
        col = cols.get("progress_to_date") or min(cols.get(q, 99) for q in m.QUARTERS)
        how = "by quarter" if existing.progress_mode == "quarterly" else "to date"
        problems.append(
            grid.problem(
                header.row,
                col if col != 99 else 1,
                f"plan {plan_id} records progress {how}",
                "use the columns the plan uses",
            )
        )
    return mode


def _check_source(
    grid: Grid,
    header_row: int,
    content: Content,
    existing: m.ActionPlan | None,
    plan_id: str,
    source: str | None,
    problems: list[Problem],
) -> None:
    if not existing and not source:
        problems.append(
            grid.problem(
                header_row,
                1,
                f"plan {plan_id} is new: name the document it comes from",
                "pass --source with an id from sources.yml",
            )
        )
    elif source and source not in content.documents:
        problems.append(
            grid.problem(
                header_row,
                1,
                f"unknown source document '{source}'",
                closest(source, content.documents),
            )
        )


def _plan_yaml(
    edit: Edit,
    target: Path,
    existing: Any,
    content: Content,
    plan_id: str,
    mode: str,
    source: str | None,
    sections: list[m.PlanSection],
) -> Any:
    new_sections = [section_map(s) for s in sections]
    if existing is not None:
        data = yaml_rt().load(edit.read(target))
        data["sections"] = merge_sections(data["sections"], new_sections)
        return data
    strategy = content.current_strategy()
    years = re.fullmatch(r"(\d{4})-(\d{2})", plan_id)
    start = int(years.group(1)) if years else dt.date.today().year
    period = m.Period(start=start, end=start + 1 if years else start)
    data = CommentedMap()
    data["id"] = plan_id
    data["title"] = f"Action Plan {period.slash_label}"
    data["period"] = flow({"start": period.start, "end": period.end})
    data["strategy"] = strategy.id if strategy else ""
    data["status"] = "draft"
    data["progress_mode"] = mode
    data["source"] = flow({"document": source})
    data["sections"] = new_sections
    data.yaml_set_start_comment(
        "Imported by `sosafe import` as a draft; check the title, "
        "period and strategy, then set status: current."
    )
    return data
