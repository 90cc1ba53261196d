"""Import an action plan from a spreadsheet (xlsx with openpyxl, or csv) into content YAML.

`sheet.py` reads the council's layout; this module turns it into records, keeping what the
sheet does not hold (ids, themes, objectives, sources) from the plan being updated. Every
bad cell is reported at once, as `file.xlsx:Sheet!C12: message`, and nothing is written
unless the whole import, and then the whole content with it, is valid.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from ..content import model as m
from ..content.check import load_content
from ..content.problems import ContentError, Problem, file_problem
from ..content.record import Content, iter_actions
from ..content.text import closest, display_path, slugify
from .files import Edit, editing, plan_path
from .merge import merge_sections
from .sheet import (
    AIM,
    REF,
    Grid,
    RawAction,
    RawAim,
    RawSection,
    cell_items,
    find_header,
    parse,
    read_grids,
)
from .yaml_rt import dump, flow, section_map, yaml_rt


def build(
    sections: list[RawSection],
    grid: Grid,
    cols: dict[str, int],
    existing: Any,
    problems: list[Problem],
) -> list[m.PlanSection]:
    """Sections as content records; ids, themes, objectives and names kept from `existing`."""
    old_secs = {s.number or s.title: s for s in (existing.sections if existing else [])}
    out = []
    seen_sections: set[str] = set()
    for sec in sections:
        old = old_secs.get(sec.number) or old_secs.get(sec.title)
        sid = old.id if old else slugify(sec.title, 50) or f"section-{sec.number}"
        while sid in seen_sections:
            sid += "-x"
        seen_sections.add(sid)
        old_aims = {a.number or a.text: a for a in (old.aims if old else [])}
        themes = sec.themes or (old.themes if old else [])
        if not sec.aims and not sec.broken:
            problems.append(grid.problem(sec.row, 1, "this section has no aims or actions"))
        aims = [
            aim
            for k, raw_aim in enumerate(sec.aims, start=1)
            if (aim := _build_aim(raw_aim, k, sec, old_aims, themes, grid, cols, problems))
        ]
        if aims:
            out.append(
                m.PlanSection(
                    id=sid,
                    number=sec.number,
                    title=sec.title,
                    themes=themes,
                    aims=aims,
                    objective=old.objective if old else None,
                    source=old.source if old else None,
                )
            )
    return out


def _build_aim(
    aim: RawAim,
    k: int,
    sec: RawSection,
    old_aims: dict[Any, m.PlanAim],
    themes: list[str],
    grid: Grid,
    cols: dict[str, int],
    problems: list[Problem],
) -> m.PlanAim | None:
    """One aim and its actions; None when no action of it could be read."""
    match = AIM.match(aim.text)
    number, text = (match.group(1), match.group(2).strip()) if match else (None, aim.text)
    old_aim = old_aims.get(number) or old_aims.get(text)
    aid = old_aim.id if old_aim else (number or f"{sec.number}.{k}").replace(".", "-")
    aim_themes = (old_aim.themes if old_aim else []) or themes
    actions = []
    for j, raw in enumerate(aim.actions):
        action = _build_action(raw, j, aid, old_aim, grid, cols, problems)
        if action is None:
            continue
        if not (action.themes or aim_themes):
            problems.append(
                grid.problem(
                    raw.row,
                    cols["action"],
                    "no themes for this action",
                    "add a Themes column (theme ids or titles) for the action or its section",
                )
            )
        actions.append(action)
    if not actions:
        return None
    return m.PlanAim(
        id=aid,
        number=number,
        text=text,
        actions=actions,
        themes=old_aim.themes if old_aim else [],
    )


def _build_action(
    a: RawAction,
    j: int,
    aim_id: str,
    old_aim: Any,
    grid: Grid,
    cols: dict[str, int],
    problems: list[Problem],
) -> m.Action | None:
    f = a.fields
    text = "\n\n".join(f.get("action", []))
    match = REF.match(text)
    ref, text = (f"{match.group(1)})", match.group(2).strip()) if match else (None, text)
    olds = list(old_aim.actions) if old_aim else []
    # An Id column (a sheet `sosafe sheet` wrote) matches first, so a reworded action keeps it.
    old = next((o for o in olds if [o.id] == f.get("id")), None)
    old = old or next((o for o in olds if " ".join(o.text.split()) == " ".join(text.split())), None)
    old = old or next((o for o in olds if ref and o.ref == ref), None)
    aid = old.id if old else f"{aim_id}-{chr(ord('a') + j) if j < 26 else j}"
    progress = {q: "\n\n".join(f[q]) for q in m.QUARTERS if f.get(q)}
    try:
        return action_record(f, aid, ref, text, grid.orgs, progress, old)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            name = str(err["loc"][0]) if err["loc"] else "action"
            problems.append(
                grid.problem(
                    a.row,
                    cols.get(name, cols["action"]),
                    f"{name.replace('_', ' ')}: {err['msg'].lower()}",
                )
            )
        return None


_KEPT = ("status", "status_history", "added", "incomplete", "continues", "objective", "source")
"""What a spreadsheet does not hold, kept from the action as the plan has it."""

_NAMED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")


def who(line: str, orgs: set[str]) -> list[m.Lead | str]:
    """`Police (Tara Adams-Cook)` → a lead with a person; `SBC (A/B)` → two. A name the
    content already uses as an organisation, such as `SBC (Community Safety)`, stays whole."""
    match = _NAMED.match(line)
    if line in orgs or not match:
        return [line]
    return [
        m.Lead(organisation=match.group(1), person=p.strip())
        for p in match.group(2).split("/")
        if p.strip()
    ]


def action_record(
    f: dict[str, list[str]],
    aid: str,
    ref: str | None,
    text: str,
    orgs: set[str],
    progress: dict[str, str],
    old: Any,
) -> m.Action:
    return m.Action(
        id=aid,
        ref=ref,
        text=text,
        lead=[
            x if isinstance(x, m.Lead) else m.Lead(organisation=x)
            for line in cell_items(f.get("lead", []))
            for x in who(line, orgs)
        ],
        partners=[x for line in cell_items(f.get("partners", [])) for x in who(line, orgs)],
        resources=cell_items(f.get("resources", [])),
        expected_outcomes=cell_items(f.get("expected_outcomes", [])),
        progress=progress or None,
        progress_to_date="\n\n".join(f["progress_to_date"]) if f.get("progress_to_date") else None,
        themes=f.get("themes") or (old.themes if old else []),
        **({k: getattr(old, k) for k in _KEPT} if old else {}),
    )


def import_plan(
    path: Path, content_dir: Path, plan_id: str | None = None, source: str | None = None
) -> tuple[Path, str]:
    """Read the sheet, check every cell, and write the plan; return its file and a summary."""
    path = Path(path)
    plan_id = plan_id or path.stem
    _check_file(path, plan_id)
    with editing(content_dir) as edit:
        return _import(edit, path, plan_id, source)


def _import(edit: Edit, path: Path, plan_id: str, source: str | None) -> tuple[Path, str]:
    content_dir = edit.content_dir
    content = load_content(content_dir)
    target = plan_path(content_dir, plan_id)
    problems: list[Problem] = []
    grid, header_row, cols = find_table(path, problems)
    grid.themes = _theme_names(content)
    grid.orgs = organisations(content)
    existing = content.plans.get(plan_id)
    mode = _check_header(grid, header_row, cols, existing, plan_id, problems)
    _check_source(grid, header_row, content, existing, plan_id, source, problems)
    sections = parse(grid, header_row, cols, problems)
    built = build(sections, grid, cols, existing, problems)
    if not built and not problems:
        problems.append(grid.problem(header_row + 1, 1, "the sheet has no actions"))
    if problems:
        raise ContentError(problems)
    data = _plan_yaml(edit, target, existing, content, plan_id, mode, source, built)
    edit.write(target, dump(data))
    n_actions = sum(len(a.actions) for s in built for a in s.aims)
    where = f"{grid.file}{':' + grid.sheet if grid.sheet else ''}"
    return target, (
        f"imported {len(built)} sections, {sum(len(s.aims) for s in built)} aims "
        f"and {n_actions} actions from {where} into {display_path(target)}"
    )


def _check_file(path: Path, plan_id: str) -> None:
    """Problems that stop an import before the sheet is read."""
    display = display_path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        raise ContentError(
            [
                file_problem(
                    display,
                    "import reads .xlsx or .csv files",
                    "save the spreadsheet as .xlsx or .csv",
                )
            ]
        )
    if not path.is_file():
        raise ContentError([file_problem(display, "file not found")])
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", plan_id):
        raise ContentError(
            [
                file_problem(
                    display,
                    f"'{plan_id}' is not a plan id",
                    "name the plan with --plan, e.g. --plan 2025-26",
                )
            ]
        )


def find_table(path: Path, problems: list[Problem]) -> tuple[Grid, int, dict[str, int]]:
    """The first sheet with a header row naming the Aim and Action columns."""
    grids = read_grids(path, problems)
    found = next(((g, h) for g in grids if (h := find_header(g))), None)
    if found is None:
        raise ContentError(
            [
                file_problem(
                    display_path(path),
                    "no header row with Aim and Action columns",
                    "the first rows should name the columns: Aim | Action | Lead | Partners | ...",
                )
            ]
        )
    grid, (header_row, cols) = found
    return grid, header_row, cols


def _check_header(
    grid: Grid,
    header_row: int,
    cols: dict[str, int],
    existing: m.ActionPlan | None,
    plan_id: str,
    problems: list[Problem],
) -> str:
    """The sheet's progress layout (quarterly or to date), checked against the plan's."""
    mode = "quarterly" if any(q in cols for q in m.QUARTERS) else "to_date"
    if mode == "quarterly" and "progress_to_date" in cols:
        problems.append(
            grid.problem(
                header_row,
                cols["progress_to_date"],
                "the sheet has both Q1–Q4 and 'Progress to date' columns",
                "keep one layout",
            )
        )
    if existing and existing.progress_mode != mode:
        col = cols.get("progress_to_date") or min(cols.get(q, 99) for q in m.QUARTERS)
        how = "by quarter" if existing.progress_mode == "quarterly" else "to date"
        problems.append(
            grid.problem(
                header_row,
                col,
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


def organisations(content: Content) -> set[str]:
    """Organisation names the content uses, so `SBC (Community Safety)` is not read as a name."""
    out: set[str] = set()
    for plan in content.plans.values():
        for _, _, a in iter_actions(plan):
            out.update(x if isinstance(x, str) else x.organisation for x in [*a.lead, *a.partners])
    return out


def _theme_names(content: Content) -> dict[str, str]:
    names = {t.id.lower(): t.id for t in content.themes.values()}
    names.update({t.title.lower(): t.id for t in content.themes.values()})
    return names


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
