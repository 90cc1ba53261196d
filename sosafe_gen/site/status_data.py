"""Delivery in open data: each action's status, its source and lineage as CSV columns, and
the counts of actions by status (per plan, section, theme and objective) as a dataset.

The counts are the ones the pages show: a status only where the content records one, and
"none" for the actions with no status recorded. Statuses with no actions are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..content import model as m
from ..content.delivery import Tally, lineage, status_label, tally
from ..content.record import Content, action_themes, by_start, iter_actions
from .columns import Column, derived, field


class StatusCount(BaseModel):
    """How many actions of a plan (or of one part of it) have one status."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    scope: Literal["plan", "section", "theme", "objective"]
    """What is counted: `plan`, `section`, `theme` or `objective`."""
    plan_id: str
    """The id of the plan (action-plans.json)."""
    plan: str
    id: str
    """The plan's, section's, theme's or objective's id."""
    title: str
    status: Literal[m.StatusValue, "none"]
    """A status value, or `none` for actions with no status recorded."""
    status_label: str
    """The status in words, as the pages write it."""
    actions: int


DELIVERY_COLUMNS: tuple[Column, ...] = (
    derived(
        "reference",
        "The action's reference to quote, e.g. `1.1 a` (the aim's number and the action's letter).",
    ),
    field(
        m.ActionStatus,
        "value",
        "action_status",
        description="The action’s status as recorded (empty: no status recorded).",
        required=False,
    ),
    field(
        m.ActionStatus,
        "quarter",
        "status_quarter",
        description="The quarter the status was recorded in.",
    ),
    derived("status_source", "The document that gives the status: its id, section and page."),
    derived(
        "status_history",
        "Earlier statuses, oldest first, each with its quarter or source.",
        list=True,
    ),
    derived("continues", "The action of an earlier plan this one carries over, as `plan/action`."),
    derived(
        "continued_in",
        "The actions of later plans that carry this one over, as `plan/action`.",
        list=True,
    ),
)
"""The delivery columns of action-plans.csv, in the order `delivery_columns` writes them."""

Row = Callable[[m.ActionPlan, m.PlanSection, m.PlanAim, m.Action], dict[str, Any]]


def delivery_columns(content: Content) -> Row:
    """The CSV columns of an action's reference, status and lineage."""
    lin = lineage(content)

    def columns(p: m.ActionPlan, sec: m.PlanSection, aim: m.PlanAim, a: m.Action) -> dict[str, Any]:
        s = a.status
        return {
            "reference": lin.placed[(p.id, a.id)].reference,
            "action_status": s.value if s else "",
            "status_quarter": (s.quarter or "") if s else "",
            "status_source": _source(s.source) if s and s.source else "",
            "status_history": "; ".join(_earlier(h) for h in a.status_history),
            "continues": f"{a.continues.plan}/{a.continues.action}" if a.continues else "",
            "continued_in": "; ".join(
                f"{x.plan.id}/{x.action.id}" for x in lin.successors_of(p, a)
            ),
        }

    return columns


def _source(src: m.Source) -> str:
    parts = [src.document]
    if src.section:
        parts.append(f"section {src.section}")
    if src.page:
        parts.append(f"page {src.page}")
    return ", ".join(parts)


def _earlier(s: m.ActionStatus) -> str:
    return f"{s.value} ({s.quarter or (_source(s.source) if s.source else '')})"


def status_count_rows(content: Content) -> list[dict[str, Any]]:
    """Every plan's actions counted by status: the whole plan, then each section, theme
    and objective it has actions for."""
    return [row for plan in by_start(content.plans.values()) for row in _plan_rows(content, plan)]


def _plan_rows(content: Content, plan: m.ActionPlan) -> Iterator[dict[str, Any]]:
    rows = list(iter_actions(plan))
    yield from _rows(plan, "plan", plan.id, plan.title, tally(a for _, _, a in rows))
    for sec in plan.sections:
        actions = [a for aim in sec.aims for a in aim.actions]
        yield from _rows(plan, "section", sec.id, sec.title, tally(actions))
    for tid, theme in content.themes.items():
        actions = [a for s, aim, a in rows if tid in action_themes(s, aim, a)]
        if actions:
            yield from _rows(plan, "theme", tid, theme.title, tally(actions))
    strategy = content.strategies.get(plan.strategy)
    for objective in strategy.objectives if strategy else []:
        actions = [a for s, _, a in rows if (a.objective or s.objective) == objective.id]
        if actions:
            yield from _rows(plan, "objective", objective.id, objective.title, tally(actions))


def _rows(
    plan: m.ActionPlan, scope: str, rid: str, title: str, t: Tally
) -> Iterator[dict[str, Any]]:
    for status, n in t.counts:
        yield {
            "scope": scope,
            "plan_id": plan.id,
            "plan": plan.title,
            "id": rid,
            "title": title,
            "status": status,
            "status_label": status_label(status),
            "actions": n,
        }
