"""`sosafe progress`: one action's progress for one quarter (or to date), and its status,
in the plan's YAML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content import model as m
from ..content.check import load_content
from ..content.record import Content, iter_actions
from ..content.text import closest
from .files import Edit, content_problem, editing, plan_path
from .yaml_rt import dump, flow, set_in_order, text_value, yaml_rt

_ACTION_KEYS = list(m.Action.model_fields)


def record_progress(
    content_dir: Path,
    plan_id: str,
    action_id: str,
    quarter: str | None,
    text: str | None,
    status: Recorded | None = None,
    welsh: str | None = None,
) -> tuple[Path, str | None]:
    """Set one action's progress for a quarter (or to date) and, if given, its status;
    return the file and the progress text replaced. A bilingual site's progress is written
    in both languages (`welsh`), as `{en: …, cy: …}`."""
    with editing(content_dir) as edit:
        return _record(edit, plan_id, action_id, quarter, text, status, welsh)


def _record(
    edit: Edit,
    plan_id: str,
    action_id: str,
    quarter: str | None,
    text: str | None,
    status: Recorded | None,
    welsh: str | None = None,
) -> tuple[Path, str | None]:
    content = load_content(edit.content_dir)
    path = plan_path(edit.content_dir, plan_id)
    plan = _plan(content, path, plan_id)
    _check_request(path, plan, quarter, text, status)
    _check_languages(path, content, text, welsh)
    actions = {a.id: a for _, _, a in iter_actions(plan)}
    if action_id not in actions:
        raise content_problem(
            path,
            f"no action '{action_id}' in plan {plan_id}",
            closest(action_id, actions) or "action ids are the `id:` of each action",
        )
    data = yaml_rt().load(edit.read(path))
    action = next(
        a
        for sec in data["sections"]
        for aim in sec["aims"]
        for a in aim["actions"]
        if str(a["id"]) == action_id
    )
    if status is not None:
        where = _status_where(content, path, plan, quarter, status)
        in_order(path, plan, actions[action_id], where)
        set_status(action, actions[action_id], status.value, where)
    old = None if text is None else set_progress(action, quarter, text, welsh)
    edit.write(path, dump(data))
    if isinstance(old, dict):  # a bilingual text: the first language's stands for it
        old = old.get(content.languages[0])
    return path, None if old is None else str(old)


def _check_languages(path: Path, content: Content, text: str | None, welsh: str | None) -> None:
    """A bilingual site's progress needs its Welsh; a one-language site's has none."""
    bilingual = len(content.languages) > 1
    if bilingual and text is not None and welsh is None:
        raise content_problem(
            path,
            "this site is in English and Welsh: the progress needs its Welsh text too",
            'add --welsh "…"',
        )
    if bilingual and welsh is not None and not welsh.strip():
        raise content_problem(path, "the Welsh progress text is empty", "write what was done")
    if not bilingual and welsh is not None:
        raise content_problem(
            path,
            "this site is in English only",
            "leave out --welsh, or set languages: [en, cy] in partnership.yml",
        )


def _plan(content: Content, path: Path, plan_id: str) -> m.ActionPlan:
    plan = content.plans.get(plan_id)
    if plan is None:
        raise content_problem(
            path,
            f"no action plan '{plan_id}'",
            closest(plan_id, content.plans) or f"plans: {', '.join(content.plans)}",
        )
    return plan


def _check_request(
    path: Path, plan: m.ActionPlan, quarter: str | None, text: str | None, status: Any
) -> None:
    """Progress text goes where the plan keeps it (a quarter, or to date); a status alone
    may leave the quarter out when a document says it."""
    if text is None and status is None:
        raise content_problem(path, "nothing to record", "give the progress text, or --status")
    if quarter is None and text is not None and plan.progress_mode == "quarterly":
        raise content_problem(
            path,
            f"plan {plan.id} records progress by quarter",
            "give the quarter: Q1, Q2, Q3 or Q4 (not --to-date)",
            ("progress_mode",),
        )
    if quarter is not None and plan.progress_mode == "to_date":
        raise content_problem(
            path,
            f"plan {plan.id} records one 'progress to date', not quarters",
            f"use --to-date instead of {quarter}",
            ("progress_mode",),
        )
    if text is not None and not text.strip():
        raise content_problem(path, "the progress text is empty", "write what was done")


def set_progress(
    action: CommentedMap, quarter: str | None, text: str, welsh: str | None = None
) -> Any:
    """Add or replace the progress text; return the text it replaced, if any."""
    value: Any = text_value(text)
    if welsh is not None:
        value = CommentedMap([("en", value), ("cy", text_value(welsh))])
    if quarter is None:
        old = action.get("progress_to_date")
        set_in_order(action, "progress_to_date", value, _ACTION_KEYS)
        return old
    progress = action.get("progress")
    if not isinstance(progress, dict):
        progress = CommentedMap()
        set_in_order(action, "progress", progress, _ACTION_KEYS)
    old = progress.get(quarter)
    set_in_order(progress, quarter, value, list(m.QUARTERS))
    return old


@dataclass(frozen=True)
class Recorded:
    """A status to record: its value, and the document it comes from (if not the quarter)."""

    value: str
    document: str | None = None
    section: str | None = None


def _status_where(
    content: Content, path: Path, plan: m.ActionPlan, quarter: str | None, status: Recorded
) -> dict[str, Any]:
    """Where the status comes from: the quarter it is recorded in, and/or a document."""
    where: dict[str, Any] = {"quarter": quarter} if quarter else {}
    if status.document is not None:
        if status.document not in content.documents:
            raise content_problem(
                Path(content.root) / "sources.yml",
                f"no source document '{status.document}'",
                closest(status.document, content.documents) or "see sources.yml for their ids",
            )
        where["source"] = {"document": status.document} | (
            {"section": status.section} if status.section else {}
        )
    if not where:
        raise content_problem(
            path,
            f"plan {plan.id} has no quarters, so its status needs the document it comes from",
            "add --source DOCUMENT-ID (and --section), naming the document that says it",
            ("progress_mode",),
        )
    return where


def in_order(path: Path, plan: m.ActionPlan, action: m.Action, where: dict[str, Any]) -> None:
    """A status is never recorded in a quarter before the one already recorded."""
    old = action.status
    if not (old and old.quarter and where.get("quarter") and old.quarter > where["quarter"]):
        return
    at = next(
        ("sections", i, "aims", j, "actions", k, "status", "quarter")
        for i, sec in enumerate(plan.sections)
        for j, aim in enumerate(sec.aims)
        for k, a in enumerate(aim.actions)
        if a.id == action.id
    )
    raise content_problem(
        path,
        f"action {action.id} already has a status recorded in {old.quarter}, "
        f"after {where['quarter']}",
        "record statuses in order; correct an earlier one in the file by hand",
        at,
    )


def set_status(node: CommentedMap, action: m.Action, value: str, where: dict[str, Any]) -> None:
    """Set an action's status; one recorded elsewhere (another quarter or document) moves to
    `status_history`, so the page can say what changed."""
    old = action.status
    new = flow(
        {"value": value}
        | ({"quarter": where["quarter"]} if "quarter" in where else {})
        | ({"source": flow(where["source"])} if "source" in where else {})
    )
    replaced = old is not None and (
        old.quarter != where.get("quarter")
        or (old.source.model_dump(exclude_none=True) if old.source else None) != where.get("source")
    )
    if replaced:
        history = node.get("status_history")
        if not isinstance(history, list):
            history = CommentedSeq()
            set_in_order(node, "status_history", history, _ACTION_KEYS)
        history.append(node["status"])
    set_in_order(node, "status", new, _ACTION_KEYS)
