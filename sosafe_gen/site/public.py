"""Plan the pages people start from: the home page, the archive and the accessibility statement.

Residents arrive at the home page, councillors at the archive; both are built from the
same content as every other page, so they cannot fall out of step with it. This module
also links strategies and plans to the reports and meetings that discussed them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from ..content import model as m
from ..content.i18n import N_, date_in
from ..content.record import Content, record_year
from .pages import Page, Site

HOME = "index.md"
ARCHIVE = "archive.md"
ACCESSIBILITY = "accessibility.md"


@dataclass(frozen=True)
class Entry:
    """One document in the archive, under the year it starts or took place."""

    kind: str
    title: str
    src_uri: str
    year: int
    when: str
    status: str | None = None
    sort: str = ""
    """Orders entries within a year: an ISO date where there is one."""


def plan_public(site: Site) -> None:
    """Add the home page, archive and accessibility statement to the plan.

    A hand-written page at the same path wins: a partnership may write its own home page.
    """
    c = site.content
    _link_discussions(site)
    if HOME not in site.extra_pages:
        strategy = site.current_strategy()
        themes = {t for r in c.partnership.reporting for t in r.themes}
        if strategy:
            themes.update(t for o in strategy.objectives for t in o.themes)
        site.add(
            Page(
                HOME,
                "home",
                c.partnership.full_name,
                {
                    "partnership": c.partnership,
                    "strategy": strategy,
                    "plan": site.current_plan(),
                    "updates": site.latest_updates(5),
                },
                themes=tuple(sorted(themes)),
                description=c.partnership.description,
                file=c.file_of("partnership.yml"),
            )
        )
    site.add(Page(ARCHIVE, "archive", site._("Archive"), {"years": archive_by_year(site)}))
    if c.partnership.accessibility and ACCESSIBILITY not in site.extra_pages:
        site.add(
            Page(
                ACCESSIBILITY,
                "accessibility",
                site._("Accessibility statement"),
                {"partnership": c.partnership, "statement": c.partnership.accessibility},
                file=c.file_of("partnership.yml"),
            )
        )


def archive_by_year(site: Site) -> list[tuple[int, list[Entry]]]:
    """Every strategy, action plan, meeting and report, newest year first."""
    c = site.content
    entries: list[Entry] = []
    for s in c.strategies.values():
        when = f"{s.period.start} to {s.period.end}"
        entries.append(
            Entry(N_("Strategy"), s.title, site.strategy_src(s.id), s.period.start, when, s.status)
        )
    for p in c.plans.values():
        entries.append(
            Entry(
                N_("Action plan"),
                p.title,
                site.plan_src(p.id),
                p.period.start,
                p.period.slash_label,
                p.status,
            )
        )
    for mt in c.meetings.values():
        entries.append(
            Entry(
                N_("Meeting"),
                mt.title,
                site.meeting_src(mt.id),
                mt.date.year,
                site.date(mt.date),
                sort=mt.date.isoformat(),
            )
        )
    for r in c.reports.values():
        year = _report_year(r, c)
        when = (
            _day(r.date, site.lang)
            if r.date
            else (r.period.slash_label if r.period else str(year or ""))
        )
        entries.append(
            Entry(N_("Report"), r.title, site.report_src(r.id), year, when, sort=r.date or "")
        )
    order = {"Strategy": 0, "Action plan": 1, "Meeting": 2, "Report": 3}
    by_year: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        by_year[e.year].append(e)
    return [
        (year, sorted(by_year[year], key=lambda e: (order[e.kind], e.sort, e.title)))
        for year in sorted(by_year, reverse=True)
    ]


def _day(text: str, lang: str = "en") -> str:
    """An ISO date as people write it; anything else as the source gave it."""
    try:
        return date_in(dt.date.fromisoformat(text), lang)
    except ValueError:
        return text


def _report_year(r: m.Report, c: Content) -> int:
    if r.date and r.date[:4].isdigit():
        return int(r.date[:4])
    if r.period:
        return r.period.start
    return record_year(c.documents.get(r.source.document))


def _link_discussions(site: Site) -> None:
    """Give each strategy and plan page the reports (and their meetings) that discuss it.

    Reports name the strategies and plans they discuss; this is the way back.
    """
    c = site.content
    found: dict[str, list[m.Report]] = defaultdict(list)

    def note(src: str, report: m.Report) -> None:
        if report not in found[src]:
            found[src].append(report)

    for r in c.reports.values():
        for sid in r.strategies:
            note(site.strategy_src(sid), r)
        for pid in r.plans:
            note(site.plan_src(pid), r)
    for s in c.strategies.values():
        if s.report:
            note(site.strategy_src(s.id), c.reports[s.report])
    for p in c.plans.values():
        if p.report:
            note(site.plan_src(p.id), c.reports[p.report])
    srcs = [site.strategy_src(s) for s in c.strategies] + [site.plan_src(p) for p in c.plans]
    for src in srcs:
        site.by_src[src].data["discussed_in"] = [
            (r, c.meetings[r.meeting] if r.meeting else None) for r in found[src]
        ]
