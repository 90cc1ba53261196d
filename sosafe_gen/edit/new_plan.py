"""`sosafe new plan YEAR --from PLAN`: next year's plan, carried over from this year's."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..content import model as m
from ..content.check import load_content
from ..content.record import iter_actions
from ..content.text import closest
from .files import Edit, content_problem, editing, plan_path
from .yaml_rt import dump, flow, section_map, text_value

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def new_plan(content_dir: Path, year: str, from_id: str) -> tuple[Path, list[str]]:
    """Next year's plan: the previous plan's sections, aims and actions, without progress,
    tied to the current strategy, status draft. Returns the file and notes for the editor."""
    with editing(content_dir) as edit:
        return _new_plan(edit, year, from_id)


def _new_plan(edit: Edit, year: str, from_id: str) -> tuple[Path, list[str]]:
    content_dir = edit.content_dir
    content = load_content(content_dir)
    path = plan_path(content_dir, year)
    match = _YEAR.match(year)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise content_problem(path, f"'{year}' is not a plan year", "write the year like 2025-26")
    if path.exists():
        raise content_problem(
            path, f"plan {year} already exists", "edit it, or choose another year"
        )
    prev = content.plans.get(from_id)
    if prev is None:
        raise content_problem(
            plan_path(content_dir, from_id),
            f"no action plan '{from_id}'",
            closest(from_id, content.plans) or f"plans: {', '.join(content.plans)}",
        )
    strategy = content.current_strategy()
    if strategy is None:
        raise content_problem(
            Path(content_dir) / "strategies",
            "no strategy has status: current",
            "the new plan serves the current strategy; set one's status",
        )
    start = int(match.group(1))
    plan, notes = _carried_over(prev, strategy, year, m.Period(start=start, end=start + 1))
    edit.write(path, dump(plan))
    return path, notes


def _carried_over(
    prev: m.ActionPlan, strategy: m.Strategy, year: str, period: m.Period
) -> tuple[CommentedMap, list[str]]:
    """The new plan's YAML, and notes for the editor on what was carried and dropped."""
    from_id = prev.id
    objectives = {o.id for o in strategy.objectives}
    dropped: dict[str, int] = {}

    def objective(oid: str | None) -> str | None:
        if oid and oid not in objectives:
            dropped[oid] = dropped.get(oid, 0) + 1
            return None
        return oid

    plan = CommentedMap()
    plan["id"] = year
    plan["title"] = _retitle(prev.title, prev.period, period)
    plan["period"] = flow({"start": period.start, "end": period.end})
    plan["strategy"] = strategy.id
    plan["status"] = "draft"
    plan["progress_mode"] = prev.progress_mode
    plan["source"] = flow(prev.source.model_dump(exclude_none=True))
    if prev.aims:
        plan["aims"] = [text_value(a) for a in prev.aims]
    plan["sections"] = [
        section_map(s, objective, progress=False, carried_from=from_id) for s in prev.sections
    ]
    notes = [
        f"carried over {sum(1 for _ in iter_actions(prev))} actions from {from_id}, "
        f"with no progress; serves strategy {strategy.id}; status: draft"
    ]
    header = [
        f"Draft action plan {period.slash_label}, made by `sosafe new plan {year} --from "
        f"{from_id}`:",
        f"the sections, aims and actions of plan {from_id}, without progress, each action "
        "recording the one it continues (continues:). Edit them, "
        "set source: to the published plan, and status: current when adopted.",
    ]
    if dropped:
        gone = ", ".join(f"{k} ({n})" for k, n in dropped.items())
        header.append(
            f"Objective links dropped (not objectives of strategy {strategy.id}): {gone}."
        )
        notes.append(
            f"dropped objective links not in strategy {strategy.id}: {gone}; link "
            f"sections to its objectives ({', '.join(sorted(objectives))})"
        )
    notes.append(
        f"each action records the action of {from_id} it continues "
        f"(continues: {{plan: {from_id}, action: …}}), and carries no status"
    )
    plan.yaml_set_start_comment(textwrap.fill(" ".join(header), 96))
    return plan, notes


def _retitle(title: str, old: m.Period, new: m.Period) -> str:
    out = title.replace(old.slash_label, new.slash_label).replace(old.label, new.label)
    return out if out != title else f"{title} ({new.slash_label})"
