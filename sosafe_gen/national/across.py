"""The partnerships put together: each theme across all of them.

Themes are each partnership's own (an id and a title in its themes.json). They are matched
by id: two partnerships' themes are one theme of the index when their ids are the same
(`sosafe init` gives every new site the same nine ids, so most are shared). A theme's title
in the index is the one most of its partnerships use (the first in order on a tie), with its
id after it where another id has the same title; each partnership's own title is shown too.
A theme is sensitive in the index when any partnership marks it so. Nothing is matched by
title: two ids with the same title stay two.

A partnership *prioritises* a theme when an objective of its current strategy carries it;
*since* is the start of the unbroken run of its strategies, back from the current one, whose
objectives carry it; its *actions* are those of its current plan tagged with it (their own
themes, their aim's or their section's). Delivery is the statuses those actions record.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..content import model as m
from ..content.delivery import Tally, tally
from ..content.record import action_themes, by_start, iter_actions
from .read import Published


@dataclass(frozen=True)
class Use:
    """One partnership's use of a theme."""

    published: Published
    title: str
    """The theme's title in this partnership's themes."""
    objectives: tuple[m.Objective, ...]
    """Objectives of its current strategy carrying the theme (none: not prioritised)."""
    strategies: tuple[m.Strategy, ...]
    """Its strategies, oldest first, in the unbroken run up to the current one."""
    actions: tuple[tuple[m.PlanSection, m.PlanAim, m.Action], ...]
    """Actions of its current plan tagged with the theme."""

    @property
    def prioritised(self) -> bool:
        return bool(self.objectives)

    @property
    def since(self) -> int | None:
        return self.strategies[0].period.start if self.strategies else None

    @property
    def tally(self) -> Tally:
        return tally(a for _, _, a in self.actions)


@dataclass
class Across:
    """One theme across every partnership that has it."""

    id: str
    title: str = ""
    sensitive: bool = False
    uses: list[Use] = field(default_factory=list)

    @property
    def prioritising(self) -> list[Use]:
        return [u for u in self.uses if u.prioritised]

    @property
    def with_actions(self) -> list[Use]:
        return [u for u in self.uses if u.actions]

    @property
    def actions(self) -> int:
        return sum(len(u.actions) for u in self.uses)


def themes_across(published: list[Published]) -> dict[str, Across]:
    """Every theme id any partnership has, with each partnership's use of it; by title."""
    found: dict[str, Across] = {}
    titles: dict[str, Counter[str]] = {}
    for p in published:
        for tid, theme in p.themes.items():
            across = found.setdefault(tid, Across(tid))
            titles.setdefault(tid, Counter())[theme.title] += 1
            across.sensitive = across.sensitive or theme.sensitive
            across.uses.append(_use(p, theme))
    for tid, across in found.items():
        across.title = titles[tid].most_common(1)[0][0]
    shared = Counter(a.title for a in found.values())
    for tid, across in found.items():
        if shared[across.title] > 1:  # two ids, one title: the id tells them apart
            across.title = f"{across.title} ({tid})"
    return dict(sorted(found.items(), key=lambda kv: (kv[1].title.lower(), kv[0])))


def _use(p: Published, theme: m.Theme) -> Use:
    current = p.strategy
    objectives = tuple(o for o in current.objectives if theme.id in o.themes) if current else ()
    run: list[m.Strategy] = []
    if objectives and current is not None:
        earlier = [s for s in by_start(p.strategies) if s.period.start <= current.period.start]
        for s in reversed(earlier):
            if not any(theme.id in o.themes for o in s.objectives):
                break
            run.insert(0, s)
    plan = p.plan
    actions = (
        tuple(row for row in iter_actions(plan) if theme.id in action_themes(*row)) if plan else ()
    )
    return Use(p, theme.title, objectives, tuple(run), actions)
