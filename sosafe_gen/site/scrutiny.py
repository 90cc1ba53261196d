"""Plan what a scrutiny panel reads: counts of actions by status, the latest quarter's
movement, and where each carried-over action came from and went.

Runs after every page is planned and adds its data to the pages that show it: plans
(roll-up, each section's counts, the quarter's movement, lineage), themes and objectives
(counts by plan), and plan comparisons (both plans' counts; carried over, new, not
carried over).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import model as m
from ..content.delivery import (
    STATUS_LABELS,
    Lineage,
    Placed,
    Tally,
    change_in,
    combined,
    latest_quarter,
    lineage,
    status_quarters,
    tally,
)
from ..content.record import action_themes, by_start, iter_actions
from .pages import Site


@dataclass(frozen=True)
class Group:
    """One row of a roll-up: what it counts (a plan, a section), where that is, its tally."""

    label: str
    tally: Tally
    src_uri: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Rollup:
    """Actions counted by status, row by row, for words, a chart and its table."""

    uid: str
    """Makes the chart's and table's ids unique on the page."""
    title: str
    groups: list[Group]
    whole: Tally
    chart: list[Group]
    """The groups the chart draws: the rows, or the whole for a plan."""

    @property
    def statuses(self) -> list[tuple[str, str]]:
        """(key, words) of every status counted in any row, in order."""
        present = {k for g in self.groups for k, _ in g.tally.counts}
        return [(k, label) for k, label in STATUS_LABELS.items() if k in present]


@dataclass(frozen=True)
class Change:
    placed: Placed
    before: m.ActionStatus | None
    after: m.ActionStatus


@dataclass(frozen=True)
class Movement:
    """The newest quarter with anything recorded, and what moved in it."""

    quarter: m.Quarter | None
    progress: list[Placed]
    changes: list[Change]
    no_progress: list[Placed]
    total: int


@dataclass(frozen=True)
class Carried:
    """Two plans' actions by lineage: carried over into the later one, new, not carried."""

    recorded: bool
    """Whether any action of the later plan records an action of the earlier one."""
    carried: list[tuple[Placed, Placed]] = field(default_factory=list)
    new: list[Placed] = field(default_factory=list)
    not_carried: list[Placed] = field(default_factory=list)


def plan_scrutiny(site: Site) -> None:
    """Add delivery data to the pages planned so far (run after them all)."""
    lin = lineage(site.content)
    for page in site.pages:
        data = page.data
        if page.template == "plan":
            plan = data["plan"]
            data.update(delivery=lin, rollup=plan_rollup(site, plan), movement=movement(plan, lin))
        elif page.template == "theme":
            data.update(delivery=lin, rollup=theme_rollup(site, data["theme"].id))
        elif page.template == "objective":
            sid, oid = data["strategy"].id, data["objective"].id
            data.update(delivery=lin, rollup=objective_rollup(site, sid, oid))
        elif page.template == "compare_plans":
            a, b = data["a"], data["b"]
            data.update(
                delivery=lin,
                rollup=_rollup(
                    "compare",
                    site._("Actions by status in each plan"),
                    [_plan_group(site, p, [x for _, _, x in iter_actions(p)]) for p in (a, b)],
                ),
                carried=carried(lin, a, b),
            )


def _rollup(uid: str, title: str, groups: list[Group], chart: list[Group] | None = None) -> Rollup:
    whole = combined(g.tally for g in groups)
    return Rollup(uid, title, groups, whole, chart if chart is not None else groups)


def _plan_group(site: Site, plan: m.ActionPlan, actions: list[m.Action]) -> Group:
    return Group(plan.title, tally(actions), site.plan_src(plan.id), "status")


def plan_rollup(site: Site, plan: m.ActionPlan) -> Rollup:
    """A plan's actions by status, section by section; the chart shows the whole plan."""
    groups = [
        Group(
            (f"{sec.number}. {sec.title}" if sec.number else sec.title).rstrip("."),
            tally(a for aim in sec.aims for a in aim.actions),
            None,
            f"section-{sec.id}",
        )
        for sec in plan.sections
    ]
    whole = combined(g.tally for g in groups)
    return Rollup("plan", site._("Actions by status"), groups, whole, [Group(plan.title, whole)])


def theme_rollup(site: Site, theme_id: str) -> Rollup | None:
    """The theme's actions by status, plan by plan (None when no action carries it)."""
    groups = []
    for plan in by_start(site.content.plans.values()):
        actions = [a for s, aim, a in iter_actions(plan) if theme_id in action_themes(s, aim, a)]
        if actions:
            groups.append(_plan_group(site, plan, actions))
    return _rollup("theme", site._("Actions with this theme by status"), groups) if groups else None


def objective_rollup(site: Site, sid: str, oid: str) -> Rollup | None:
    """The actions that served an objective by status, plan by plan."""
    served = site.actions_for_objective(sid, oid)
    groups = [_plan_group(site, plan, [a for _, _, a in rows]) for plan, rows in served]
    return (
        _rollup("objective", site._("Actions for this objective by status"), groups)
        if groups
        else None
    )


def movement(plan: m.ActionPlan, lin: Lineage) -> Movement | None:
    """A quarterly plan's latest quarter: new progress in it, status changes recorded in it,
    and the actions with no progress in any quarter. None for plans without quarters."""
    if plan.progress_mode != "quarterly":
        return None
    placed = [lin.placed[(plan.id, a.id)] for _, _, a in iter_actions(plan)]
    q = latest_quarter(plan)
    if q is None:
        return Movement(None, [], [], placed, len(placed))
    progress = [p for p in placed if (p.action.progress or {}).get(q)]
    changes = [Change(p, *change_in(p.action, q)) for p in placed if q in status_quarters(p.action)]
    none = [p for p in placed if not any((p.action.progress or {}).values())]
    return Movement(q, progress, changes, none, len(placed))


def carried(lin: Lineage, a: m.ActionPlan, b: m.ActionPlan) -> Carried:
    """What the later plan `b` carried over from `a`, as its actions record it."""
    later = [lin.placed[(b.id, x.id)] for _, _, x in iter_actions(b)]
    pairs = [(p, o) for p in later if (o := lin.origin_of(b, p.action)) and o.plan.id == a.id]
    if not pairs:
        return Carried(False)
    continued = {o.action.id for _, o in pairs}
    return Carried(
        True,
        pairs,
        [p for p in later if not (o := lin.origin_of(b, p.action)) or o.plan.id != a.id],
        [lin.placed[(a.id, x.id)] for _, _, x in iter_actions(a) if x.id not in continued],
    )
