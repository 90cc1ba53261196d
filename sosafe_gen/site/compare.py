"""Year-by-year comparison: strategies and plans side by side, matched by theme.

Two objectives are never declared "the same": they are set side by side because
they share a theme, and the page says that is all the match means. A theme found
only in the later document is new; only in the earlier, no longer a priority.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from ..content import model as m
from ..content.i18n import N_
from ..content.record import action_themes, by_start, iter_actions
from .pages import Page, Site

CONTINUED = N_("continued")
NEW = N_("new")
DROPPED = N_("no longer a priority")


@dataclass
class Row:
    theme: m.Theme
    left: list[Any] = field(default_factory=list)
    right: list[Any] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.left and self.right:
            return CONTINUED
        return NEW if self.right else DROPPED


def _rows(
    themes: dict[str, m.Theme],
    left: list[tuple[list[str], Any]],
    right: list[tuple[list[str], Any]],
) -> list[Row]:
    rows: dict[str, Row] = {}
    for side, items in (("left", left), ("right", right)):
        for tags, item in items:
            for t in tags:
                row = rows.setdefault(t, Row(themes[t]))
                getattr(row, side).append(item)
    order = {CONTINUED: 0, NEW: 1, DROPPED: 2}
    return sorted(rows.values(), key=lambda r: (order[r.status], r.theme.title))


def unmatched(rows: list[Row], side: str) -> list[Any]:
    """Items on one side that share no theme with anything on the other side."""
    matched = {id(i) for r in rows if r.status == CONTINUED for i in getattr(r, side)}
    seen: dict[int, Any] = {}
    for r in rows:
        for i in getattr(r, side):
            if id(i) not in matched:
                seen.setdefault(id(i), i)
    return list(seen.values())


def compare_strategies(themes: dict[str, m.Theme], a: m.Strategy, b: m.Strategy) -> list[Row]:
    return _rows(
        themes, [(o.themes, o) for o in a.objectives], [(o.themes, o) for o in b.objectives]
    )


def compare_plans(themes: dict[str, m.Theme], a: m.ActionPlan, b: m.ActionPlan) -> list[Row]:
    def items(p: m.ActionPlan) -> list[tuple[list[str], Any]]:
        return [(action_themes(s, aim, act), (s, aim, act)) for s, aim, act in iter_actions(p)]

    return _rows(themes, items(a), items(b))


def strategy_src(a: m.Strategy, b: m.Strategy) -> str:
    return f"compare/strategies-{a.id}-and-{b.id}.md"


def plans_src(a: m.ActionPlan, b: m.ActionPlan) -> str:
    return f"compare/action-plans-{a.id}-and-{b.id}.md"


def gaps(strategies: list[m.Strategy]) -> list[tuple[int, int]]:
    """Years between consecutive strategies that no published strategy covers."""
    return [
        (a.period.end, b.period.start)
        for a, b in itertools.pairwise(strategies)
        if b.period.start > a.period.end
    ]


def plan_compare(site: Site) -> None:
    """Add the compare pages: an overview, then each consecutive pair."""
    c = site.content
    strategies = by_start(c.strategies.values())
    plans = by_start(c.plans.values())
    pairs = list(itertools.pairwise(strategies))
    plan_pairs = list(itertools.pairwise(plans))
    overview = {
        t.id: [[o for o in s.objectives if t.id in o.themes] for s in strategies]
        for t in c.themes.values()
    }
    site.add(
        Page(
            "compare/index.md",
            "compare_index",
            site._("Compare strategies and plans"),
            {
                "strategies": strategies,
                "pairs": pairs,
                "plan_pairs": plan_pairs,
                "plan_count": len(plans),
                "overview": overview,
                "gaps": gaps(strategies),
                "strategy_src": strategy_src,
                "plans_src": plans_src,
            },
            # Themes the page shows, so a sensitive one brings the quick exit.
            themes=tuple(t for t, cols in overview.items() if any(cols)),
        )
    )
    for a, b in pairs:
        rows = compare_strategies(c.themes, a, b)
        site.add(
            Page(
                strategy_src(a, b),
                "compare_strategies",
                site._("Strategies compared: %(a)s and %(b)s")
                % {"a": a.period.label, "b": b.period.label},
                {
                    "a": a,
                    "b": b,
                    "rows": rows,
                    "left_only": unmatched(rows, "left"),
                    "right_only": unmatched(rows, "right"),
                    "statuses": (CONTINUED, NEW, DROPPED),
                },
                themes=tuple(r.theme.id for r in rows),
            )
        )
    for a, b in plan_pairs:
        rows = compare_plans(c.themes, a, b)
        site.add(
            Page(
                plans_src(a, b),
                "compare_plans",
                site._("Action plans compared: %(a)s and %(b)s")
                % {"a": a.period.slash_label, "b": b.period.slash_label},
                {"a": a, "b": b, "rows": rows, "statuses": (CONTINUED, NEW, DROPPED)},
                themes=tuple(r.theme.id for r in rows),
            )
        )
