"""A partnership's whole record once checked, and the questions every stage asks of it.

The rules that more than one stage needs (which strategy is current, an action's themes,
its latest progress, the order of a figure's points) live here, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import model as m
from .text import plural
from .updates import Update

Dated = TypeVar("Dated", m.Strategy, m.ActionPlan)


@dataclass
class Content:
    """Everything a partnership publishes, validated and cross-checked."""

    root: Path
    partnership: m.Partnership
    documents: dict[str, m.SourceDocument]
    themes: dict[str, m.Theme]
    terms: list[m.Term] = field(default_factory=list)
    strategies: dict[str, m.Strategy] = field(default_factory=dict)
    plans: dict[str, m.ActionPlan] = field(default_factory=dict)
    case_studies: dict[str, m.CaseStudy] = field(default_factory=dict)
    series: dict[str, m.Series] = field(default_factory=dict)
    funding: list[m.FundingAward] = field(default_factory=list)
    meetings: dict[str, m.Meeting] = field(default_factory=dict)
    reports: dict[str, m.Report] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    """The file each record came from, relative to `root` (`strategies/2025-28.yml`), keyed
    by the record's kind and id (`strategies:2025-28`, `case-studies:…`, `updates:…`) or,
    for the single files, their name (`themes.yml`)."""
    updates: list[Update] = field(default_factory=list)
    """Published news updates, newest first; drafts are left out."""
    languages: tuple[str, ...] = ("en",)
    """The site's languages (`languages:` in partnership.yml), the first the default."""
    lang: str = "en"
    """The language this record's text is in (a bilingual site loads one record each)."""

    def file_of(self, key: str) -> str | None:
        """The content file behind a record (see `files`), for an editor to open."""
        return self.files.get(key)

    def current_strategy(self) -> m.Strategy | None:
        return current(self.strategies.values())

    def current_plan(self) -> m.ActionPlan | None:
        return current(self.plans.values())

    def counts(self) -> dict[str, int]:
        """Records of each kind, keyed by the kind's name for one record."""
        actions = sum(1 for p in self.plans.values() for _ in iter_actions(p))
        return {
            "strategy": len(self.strategies),
            "objective": sum(len(s.objectives) for s in self.strategies.values()),
            "action plan": len(self.plans),
            "action": actions,
            "case study": len(self.case_studies),
            "theme": len(self.themes),
            "term": len(self.terms),
            "figure": len(self.series),
            "funding award": len(self.funding),
            "meeting": len(self.meetings),
            "report": len(self.reports),
            "update": len(self.updates),
        }

    def summary(self) -> str:
        return ", ".join(f"{n} {plural(k, n)}" for k, n in self.counts().items())


def current(records: Iterable[Dated]) -> Dated | None:
    """The current one of a kind of document: the check allows at most one, and should
    that ever fail, the newest wins rather than a guess."""
    return newest(r for r in records if r.status == "current")


def newest(records: Iterable[Dated]) -> Dated | None:
    return max(records, key=lambda r: (r.period.start, r.period.end), default=None)


def by_start(records: Iterable[Dated]) -> list[Dated]:
    """Documents in the order of their periods, oldest first."""
    return sorted(records, key=lambda r: r.period.start)


def iter_actions(plan: m.ActionPlan) -> Iterator[tuple[m.PlanSection, m.PlanAim, m.Action]]:
    for section in plan.sections:
        for aim in section.aims:
            for action in aim.actions:
                yield section, aim, action


def action_themes(section: m.PlanSection, aim: m.PlanAim, action: m.Action) -> list[str]:
    """An action's themes: its own, else its aim's, else its section's."""
    return action.themes or aim.themes or section.themes


def latest_progress(action: m.Action) -> tuple[str, str] | None:
    """The newest progress entry: (label, text)."""
    if action.progress:
        for q in reversed(m.QUARTERS):
            if action.progress.get(q):
                return q, action.progress[q]
    if action.progress_to_date:
        return "Progress to date", action.progress_to_date
    return None


def walk_sections(sections: list[m.Section]) -> Iterator[m.Section]:
    """A report's sections, each followed by its subsections, depth first."""
    for s in sections:
        yield s
        yield from walk_sections(s.sections)


def record_year(doc: m.SourceDocument | None) -> int:
    """The year a source document is dated, or 0 when it gives none."""
    if doc is None or not doc.date:
        return 0
    return int(doc.date[:4]) if doc.date[:4].isdigit() else 0


def ordered_points(series: m.Series) -> list[m.Point]:
    """Years run in order: time series are sorted by period when every point has one."""
    if series.axis == "time" and all(p.period for p in series.points):
        return sorted(series.points, key=lambda p: p.period or "")
    return list(series.points)
