"""What councillors ask of an action plan: each action's recorded status, the reference to
quote for it, the newest quarter anything was recorded in, and which earlier action it
carries over (lineage). Rules only: pages, open data and the check all read them here.

A status is only ever what the content records; nothing here reads progress text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import model as m
from .i18n import N_
from .record import Content, iter_actions

NO_STATUS = "none"
"""The tally key of actions with no status recorded."""

STATUS_LABELS: dict[str, str] = {
    "planned": N_("planned"),
    "in-progress": N_("in progress"),
    "done": N_("done"),
    "not-done": N_("not done"),
    "carried-forward": N_("carried forward"),
    "dropped": N_("dropped"),
    NO_STATUS: N_("no status recorded"),
}
"""Each status in words, in the order pages list them (no status last)."""


def status_key(action: m.Action) -> str:
    """The action's current status value, or NO_STATUS."""
    return action.status.value if action.status else NO_STATUS


def status_label(value: str) -> str:
    return STATUS_LABELS[value]


@dataclass(frozen=True)
class Tally:
    """Actions counted by status: every status with at least one action, in order."""

    counts: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def recorded(self) -> int:
        """Actions with a status recorded."""
        return sum(n for k, n in self.counts if k != NO_STATUS)

    def get(self, key: str) -> int:
        return dict(self.counts).get(key, 0)

    def __bool__(self) -> bool:
        return self.total > 0


def tally(actions: Iterable[m.Action]) -> Tally:
    return _ordered(Counter(status_key(a) for a in actions))


def combined(tallies: Iterable[Tally]) -> Tally:
    """Several tallies added up."""
    found: Counter[str] = Counter()
    for t in tallies:
        found.update(dict(t.counts))
    return _ordered(found)


def _ordered(found: Counter[str]) -> Tally:
    return Tally(tuple((k, found[k]) for k in STATUS_LABELS if found[k]))


# --- references a councillor can quote ------------------------------------------------------


def _letter(aim: m.PlanAim, action: m.Action) -> str | None:
    """The action's letter: the source's label ("a)" → "a"), else the end of its id."""
    if action.ref:
        return action.ref.strip().strip("().").strip() or None
    prefix = f"{aim.id}-"
    return action.id[len(prefix) :] if action.id.startswith(prefix) else None


def references(plan: m.ActionPlan) -> dict[str, str]:
    """Each action's visible reference in the plan ("1.1 a"), by action id.

    Made from the aim's number and the action's letter, as the plan writes them; an action
    whose aim has no number, or whose reference another action of the plan would share,
    is referred to by its id, which is unique in the plan and is also its anchor.
    """
    made: dict[str, str] = {}
    for _, aim, a in iter_actions(plan):
        letter = _letter(aim, a)
        if aim.number:
            made[a.id] = f"{aim.number} {letter}" if letter else aim.number
        else:
            made[a.id] = a.id
    shared = Counter(made.values())
    return {aid: ref if shared[ref] == 1 else aid for aid, ref in made.items()}


# --- quarters -----------------------------------------------------------------------------


def status_quarters(action: m.Action) -> list[m.Quarter]:
    """The quarters a status of the action was recorded in, oldest first."""
    statuses = [*action.status_history, *([action.status] if action.status else [])]
    return [s.quarter for s in statuses if s.quarter]


def latest_quarter(plan: m.ActionPlan) -> m.Quarter | None:
    """The newest quarter in which the plan records progress or a status, if any."""
    found: set[str] = set()
    for _, _, a in iter_actions(plan):
        found.update(q for q, text in (a.progress or {}).items() if text)
        found.update(status_quarters(a))
    return next((q for q in reversed(m.QUARTERS) if q in found), None)


def change_in(action: m.Action, quarter: str) -> tuple[m.ActionStatus | None, m.ActionStatus]:
    """The status recorded in `quarter` (the newest, if several) and the one before it.

    Call only for an action with a status recorded in that quarter (`status_quarters`).
    """
    statuses = [*action.status_history, *([action.status] if action.status else [])]
    i = max(i for i, s in enumerate(statuses) if s.quarter == quarter)
    return (statuses[i - 1] if i else None), statuses[i]


# --- lineage ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """An action where it stands: its plan, section and aim, and its reference there."""

    plan: m.ActionPlan
    section: m.PlanSection
    aim: m.PlanAim
    action: m.Action
    reference: str


@dataclass
class Lineage:
    """Which action continues which, across every plan (`Action.continues`)."""

    placed: dict[tuple[str, str], Placed] = field(default_factory=dict)
    """Every action by (plan id, action id)."""
    origin: dict[tuple[str, str], Placed] = field(default_factory=dict)
    """The earlier action each action carries over, by the later action's key."""
    successors: dict[tuple[str, str], list[Placed]] = field(default_factory=dict)
    """The later actions that carry each action over, by the earlier action's key."""

    def origin_of(self, plan: m.ActionPlan, action: m.Action) -> Placed | None:
        return self.origin.get((plan.id, action.id))

    def successors_of(self, plan: m.ActionPlan, action: m.Action) -> list[Placed]:
        return self.successors.get((plan.id, action.id), [])


def lineage(content: Content) -> Lineage:
    """The lineage of every action (the check has made sure each `continues` resolves)."""
    out = Lineage()
    plans = sorted(content.plans.values(), key=lambda p: (p.period.start, p.id))
    for plan in plans:
        refs = references(plan)
        for sec, aim, a in iter_actions(plan):
            out.placed[(plan.id, a.id)] = Placed(plan, sec, aim, a, refs[a.id])
    for plan in plans:
        for _, _, a in iter_actions(plan):
            if a.continues is None:
                continue
            earlier = out.placed.get((a.continues.plan, a.continues.action))
            if earlier is None:
                continue
            here = out.placed[(plan.id, a.id)]
            out.origin[(plan.id, a.id)] = earlier
            out.successors.setdefault((earlier.plan.id, earlier.action.id), []).append(here)
    return out
