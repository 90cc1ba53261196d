"""Checks of what councillors read about delivery: lineage resolves, statuses are in order.

`continues: {plan, action}` is a reference like any other: an unknown plan or action is a
problem at its own position, with the closest known ids as the hint, and the plan must be
an earlier one. A status history runs oldest first, so its quarters never go back.
"""

from __future__ import annotations

from collections.abc import Set

from . import model as m
from .load import Document, PathT
from .problems import Problem
from .record import Content, iter_actions
from .references import Loaded, Refs


def check_delivery(
    content: Content, loaded: Loaded, problems: list[Problem], incomplete: Set[str] = frozenset()
) -> None:
    refs = Refs(content, problems, incomplete)
    for doc, plan in loaded.get("action-plans", []):
        for path, action in _actions(plan):
            if action.continues is not None:
                _check_continues(refs, doc, plan, action.continues, (*path, "continues"))
            _check_status_order(doc, action, path, problems)


def _actions(plan: m.ActionPlan) -> list[tuple[PathT, m.Action]]:
    return [
        (("sections", i, "aims", j, "actions", k), a)
        for i, sec in enumerate(plan.sections)
        for j, aim in enumerate(sec.aims)
        for k, a in enumerate(aim.actions)
    ]


def _check_continues(
    refs: Refs, doc: Document, plan: m.ActionPlan, link: m.Continues, path: PathT
) -> None:
    plans = refs.c.plans
    if link.plan == plan.id:
        refs.problems.append(
            doc.problem(
                (*path, "plan"),
                "an action cannot carry over an action of its own plan",
                "name the earlier plan it was carried over from",
            )
        )
        return
    if link.plan not in plans:  # the hint names only plans an action can carry over from
        before = {pid for pid, p in plans.items() if p.period.start < plan.period.start}
        refs.need(doc, (*path, "plan"), link.plan, before or plans, "action plan")
        return
    earlier = plans[link.plan]
    if earlier.period.start >= plan.period.start:
        refs.problems.append(
            doc.problem(
                (*path, "plan"),
                f"plan {link.plan} ({earlier.period.slash_label}) is not earlier than this plan "
                f"({plan.period.slash_label})",
                "an action carries over an action of an earlier plan",
            )
        )
        return
    known = [a.id for _, _, a in iter_actions(earlier)]
    refs.need(doc, (*path, "action"), link.action, known, f"action of plan {link.plan}:")


def _check_status_order(
    doc: Document, action: m.Action, path: PathT, problems: list[Problem]
) -> None:
    """Earlier statuses come first: a quarter is never before one listed above it."""
    entries: list[tuple[PathT, m.ActionStatus]] = [
        ((*path, "status_history", n), s) for n, s in enumerate(action.status_history)
    ]
    if action.status is not None:
        entries.append(((*path, "status"), action.status))
    newest: tuple[str, PathT] | None = None
    for where, s in entries:
        if s.quarter is None:
            continue
        if newest is not None and s.quarter < newest[0]:
            line = doc.where(newest[1])[0]
            problems.append(
                doc.problem(
                    (*where, "quarter"),
                    f"a status recorded in {s.quarter} comes after one recorded in "
                    f"{newest[0]} (line {line})",
                    "list earlier statuses in status_history, oldest first; the current one "
                    "is status:",
                )
            )
        newest = (s.quarter, (*where, "quarter"))
