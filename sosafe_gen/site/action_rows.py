"""The rows of action-plans.csv: one per action, with its plan, section and aim, its delivery
(status_data.py) and a column for every other field of the action."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..content import model as m
from ..content.record import Content, action_themes, iter_actions
from .columns import PERIOD, Column, derived, field
from .status_data import DELIVERY_COLUMNS, delivery_columns


def _j(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values)


def action_rows(content: Content, plans: list[m.ActionPlan]) -> list[dict[str, Any]]:
    """One row per action of the plans, its columns in `ACTION_COLUMNS`' order."""
    delivery = delivery_columns(content)
    return [
        {**_action_row(p, *row), **delivery(p, *row), **_more_action_fields(row[2])}
        for p in plans
        for row in iter_actions(p)
    ]


def _action_row(p: m.ActionPlan, sec: m.PlanSection, aim: m.PlanAim, a: m.Action) -> dict:
    progress = a.progress or {}
    return {
        "plan_id": p.id,
        "plan": p.title,
        "period": p.period.label,
        "status": p.status,
        "section_number": sec.number,
        "section": sec.title,
        "aim_number": aim.number or "",
        "aim": aim.text,
        "action_id": a.id,
        "ref": a.ref or "",
        "action": a.text,
        "lead": _j(_who(lead) for lead in a.lead),
        "partners": _j(_who(p) for p in a.partners),
        "resources": _j(a.resources),
        "expected_outcomes": _j(a.expected_outcomes),
        "timescale": a.timescale.text if a.timescale else "",
        "timescale_date": a.timescale.date.isoformat() if a.timescale and a.timescale.date else "",
        "measures": _j(a.measures),
        **{q: progress.get(q, "") for q in m.QUARTERS},
        "progress_to_date": a.progress_to_date or "",
        "added": a.added or "",
        "themes": _j(action_themes(sec, aim, a)),
        "objective": a.objective or sec.objective or "",
    }


ACTION_COLUMNS_SHOWN = frozenset(
    {
        "id",
        "ref",
        "text",
        "lead",
        "partners",
        "resources",
        "expected_outcomes",
        "timescale",
        "measures",
        "progress",
        "progress_to_date",
        "status",
        "status_history",
        "added",
        "continues",
        "objective",
        "themes",
        "incomplete",
        "source",
    }
)
"""Fields of an action with their own columns (or, for the last two, none: `incomplete` is
said on the page, the source is the plan's)."""
MORE_ACTION_FIELDS = tuple(f for f in m.Action.model_fields if f not in ACTION_COLUMNS_SHOWN)
"""Any other field of an action gets a column of its own name, after the others, so a field
added to the model is published and described without a change here."""

ACTION_COLUMNS: tuple[Column, ...] = (
    field(m.ActionPlan, "id", "plan_id"),
    field(m.ActionPlan, "title", "plan"),
    PERIOD,
    field(m.ActionPlan, "status"),
    field(m.PlanSection, "number", "section_number"),
    field(m.PlanSection, "title", "section"),
    field(m.PlanAim, "number", "aim_number"),
    field(m.PlanAim, "text", "aim"),
    field(m.Action, "id", "action_id"),
    field(m.Action, "ref"),
    field(m.Action, "text", "action"),
    *(field(m.Action, f) for f in ("lead", "partners", "resources", "expected_outcomes")),
    derived("timescale", "When the action is due, in the source's words."),
    derived("timescale_date", "The date the timescale names, where it names one day.", "date"),
    field(m.Action, "measures"),
    *(derived(q, f"The progress recorded in {q} of the plan's year.") for q in m.QUARTERS),
    *(field(m.Action, f) for f in ("progress_to_date", "added")),
    derived(
        "themes",
        "Ids of the action's themes (themes.json): its own, its aim's and its section's.",
        list=True,
    ),
    derived("objective", "The id of the strategy objective the action (or its section) serves."),
    *DELIVERY_COLUMNS,
    *(field(m.Action, f) for f in MORE_ACTION_FIELDS),
)


def _more_action_fields(a: m.Action) -> dict[str, Any]:
    return {f: _cell(getattr(a, f)) for f in MORE_ACTION_FIELDS}


def _cell(value: Any) -> Any:
    """A field's value as one CSV cell: a list's items joined, nothing for none."""
    if isinstance(value, list):
        return _j(value)
    return "" if value is None else value


def _who(x: m.Lead | str) -> str:
    if isinstance(x, str):
        return x
    return x.organisation + (f" ({x.person})" if x.person else "")
