"""`sosafe progress`: one action's progress for one quarter (or to date), in the plan's YAML."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..content import model as m
from ..content.check import load_content
from ..content.record import iter_actions
from ..content.text import closest
from .files import Edit, content_problem, editing, plan_path
from .yaml_rt import dump, set_in_order, text_value, yaml_rt

_ACTION_KEYS = list(m.Action.model_fields)


def record_progress(
    content_dir: Path, plan_id: str, action_id: str, quarter: str | None, text: str
) -> tuple[Path, str | None]:
    """Set one action's progress for a quarter (or to date); return the file and the old text."""
    with editing(content_dir) as edit:
        return _record(edit, plan_id, action_id, quarter, text)


def _record(
    edit: Edit, plan_id: str, action_id: str, quarter: str | None, text: str
) -> tuple[Path, str | None]:
    content_dir = edit.content_dir
    content = load_content(content_dir)
    path = plan_path(content_dir, plan_id)
    plan = content.plans.get(plan_id)
    if plan is None:
        raise content_problem(
            path,
            f"no action plan '{plan_id}'",
            closest(plan_id, content.plans) or f"plans: {', '.join(content.plans)}",
        )
    if quarter is None and plan.progress_mode == "quarterly":
        raise content_problem(
            path,
            f"plan {plan_id} records progress by quarter",
            "give the quarter: Q1, Q2, Q3 or Q4 (not --to-date)",
            ("progress_mode",),
        )
    if quarter is not None and plan.progress_mode == "to_date":
        raise content_problem(
            path,
            f"plan {plan_id} records one 'progress to date', not quarters",
            f"use --to-date instead of {quarter}",
            ("progress_mode",),
        )
    if not text.strip():
        raise content_problem(path, "the progress text is empty", "write what was done")
    ids = [a.id for _, _, a in iter_actions(plan)]
    if action_id not in ids:
        raise content_problem(
            path,
            f"no action '{action_id}' in plan {plan_id}",
            closest(action_id, ids) or "action ids are the `id:` of each action",
        )
    data = yaml_rt().load(edit.read(path))
    action = next(
        a
        for sec in data["sections"]
        for aim in sec["aims"]
        for a in aim["actions"]
        if str(a["id"]) == action_id
    )
    if quarter is None:
        old = action.get("progress_to_date")
        set_in_order(action, "progress_to_date", text_value(text), _ACTION_KEYS)
    else:
        progress = action.get("progress")
        if not isinstance(progress, dict):
            progress = CommentedMap()
            set_in_order(action, "progress", progress, _ACTION_KEYS)
        old = progress.get(quarter)
        set_in_order(progress, quarter, text_value(text), list(m.QUARTERS))
    edit.write(path, dump(data))
    return path, None if old is None else str(old)
