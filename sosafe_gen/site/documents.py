"""Planners for the documents: strategies and objectives, action plans, case studies,
meetings and reports, figures, then themes and the reference pages.

Each adds one kind of record's pages and tags them with their themes, so a theme page
can list everything tagged before it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..content import model as m
from ..content.i18n import N_
from ..content.record import (
    action_themes,
    by_start,
    iter_actions,
    latest_progress,
    record_year,
    walk_sections,
)
from .open_data import figure_csv
from .pages import Item, Page, Site, action_anchor


def plan_strategies(site: Site) -> None:
    strategies = by_start(site.content.strategies.values())
    site.add(
        Page("strategies/index.md", "strategies", site._("Strategies"), {"strategies": strategies})
    )
    for s in strategies:
        site.add(
            Page(
                site.strategy_src(s.id),
                "strategy",
                s.title,
                {"strategy": s},
                document=s.source.document,
                themes=_strategy_themes(s),
                description=s.summary,
                file=site.content.file_of(f"strategies:{s.id}"),
            )
        )
        for o in s.objectives:
            site.add(
                Page(
                    site.objective_src(s.id, o.id),
                    "objective",
                    f"{o.title.rstrip('.')} ({s.period.label})",
                    {"strategy": s, "objective": o},
                    document=o.source.document,
                    themes=tuple(o.themes),
                    file=site.content.file_of(f"strategies:{s.id}"),
                )
            )
            _tag(
                site,
                o.themes,
                Item(
                    N_("Strategy objective"),
                    o.title,
                    site.objective_src(s.id, o.id),
                    None,
                    s.period.start,
                    s.period.label,
                    context=s.title,
                ),
            )


def plan_action_plans(site: Site) -> None:
    plans = by_start(site.content.plans.values())
    site.add(Page("action-plans/index.md", "plans", site._("Action plans"), {"plans": plans}))
    for p in plans:
        themes: set[str] = set()
        for sec, aim, a in iter_actions(p):
            ts = action_themes(sec, aim, a)
            themes.update(ts)
            latest = latest_progress(a)
            _tag(
                site,
                ts,
                Item(
                    N_("Action"),
                    _first_line(a.text),
                    site.plan_src(p.id),
                    action_anchor(a),
                    p.period.start,
                    p.period.label,
                    summary=latest[1] if latest else "",
                    summary_label=latest[0] if latest else N_("No progress recorded"),
                    context=p.title,
                ),
            )
        by_objective: dict[str, list[Any]] = defaultdict(list)
        for sec, aim, a in iter_actions(p):
            oid = a.objective or sec.objective
            if oid:
                by_objective[oid].append((sec, aim, a))
        for oid, rows in by_objective.items():
            site.objective_actions.setdefault((p.strategy, oid), []).append((p, rows))
        site.add(
            Page(
                site.plan_src(p.id),
                "plan",
                p.title,
                {"plan": p},
                document=p.source.document,
                themes=tuple(sorted(themes)),
                file=site.content.file_of(f"action-plans:{p.id}"),
            )
        )


def plan_case_studies(site: Site) -> None:
    c = site.content
    site.add(
        Page(
            "case-studies/index.md",
            "case_studies",
            site._("Case studies"),
            {"case_studies": list(c.case_studies.values())},
        )
    )
    for cs in c.case_studies.values():
        s = c.strategies[cs.strategy]
        site.add(
            Page(
                site.case_study_src(cs.id),
                "case_study",
                cs.title,
                {"case_study": cs},
                document=cs.source.document,
                themes=tuple(cs.themes),
                file=c.file_of(f"case-studies:{cs.id}"),
            )
        )
        _tag(
            site,
            cs.themes,
            Item(
                N_("Case study"),
                cs.title,
                site.case_study_src(cs.id),
                None,
                s.period.start,
                s.period.label,
                context=s.title,
            ),
        )


def plan_meetings_and_reports(site: Site) -> None:
    c = site.content
    meetings = sorted(c.meetings.values(), key=lambda mt: mt.date)
    site.add(
        Page(
            "meetings/index.md",
            "meetings",
            site._("Meetings and reports"),
            {"meetings": meetings, "reports": list(c.reports.values())},
        )
    )
    for mt in meetings:
        site.add(
            Page(
                site.meeting_src(mt.id),
                "meeting",
                mt.title,
                {"meeting": mt},
                document=mt.source.document,
                themes=_meeting_themes(mt),
                file=c.file_of(f"meetings:{mt.id}"),
            )
        )
        for item in [*mt.agenda, *mt.minutes]:
            _tag(
                site,
                item.themes,
                Item(
                    N_("Meeting item"),
                    item.title,
                    site.meeting_src(mt.id),
                    None,
                    mt.date.year,
                    str(mt.date.year),
                    context=mt.title,
                ),
            )
    _plan_reports(site)


def _plan_reports(site: Site) -> None:
    c = site.content
    for r in c.reports.values():
        year = r.period.start if r.period else record_year(c.documents.get(r.source.document))
        site.add(
            Page(
                site.report_src(r.id),
                "report",
                r.title,
                {"report": r},
                document=r.source.document,
                themes=_report_themes(r),
                file=c.file_of(f"reports:{r.id}"),
            )
        )
        for sec in walk_sections(r.sections):
            _tag(
                site,
                sec.themes,
                Item(
                    N_("Report section"),
                    sec.title,
                    site.report_src(r.id),
                    None,
                    year,
                    str(year),
                    context=r.title,
                ),
            )


def plan_figures(site: Site) -> None:
    c = site.content
    site.add(
        Page(
            "figures/index.md",
            "figures",
            site._("Figures"),
            {"series": list(c.series.values()), "funding": c.funding},
        )
    )
    for s in c.series.values():
        year = record_year(c.documents.get(s.source.document))
        site.add(
            Page(
                site.figure_src(s.id),
                "figure",
                s.title,
                {"series": s},
                document=s.source.document,
                themes=tuple(s.themes),
                file=c.file_of(f"figures:{s.id}"),
            )
        )
        _tag(
            site,
            s.themes,
            Item(N_("Figure"), s.title, site.figure_src(s.id), None, year, s.period or str(year)),
        )
    for series in c.series.values():
        site.assets[f"figures/{series.id}.csv"] = figure_csv(
            series, site.display_value, site.options.small_count_threshold, site._
        )


def plan_themes(site: Site) -> None:
    """Theme pages last among the records: they list everything tagged before them."""
    c = site.content
    site.add(
        Page("themes/index.md", "themes", site._("Themes"), {"themes": list(c.themes.values())})
    )
    for t in c.themes.values():
        site.by_theme[t.id].sort(key=lambda i: (i.year, i.kind, i.title))
        site.add(
            Page(
                site.theme_src(t.id),
                "theme",
                t.title,
                {"theme": t},
                themes=(t.id,),
                description=t.description,
                file=c.file_of("themes.yml"),
            )
        )


def plan_reference(site: Site) -> None:
    c = site.content
    site.add(
        Page(
            "glossary.md",
            "glossary",
            site._("Glossary"),
            {"terms": c.terms},
            file=c.file_of("glossary.yml"),
        )
    )
    site.add(
        Page(
            "partnership.md",
            "partnership",
            site._("About %(name)s") % {"name": c.partnership.name},
            {"partnership": c.partnership},
            document=c.partnership.source.document if c.partnership.source else None,
            file=c.file_of("partnership.yml"),
        )
    )


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line.lstrip("-* ").strip()


def _tag(site: Site, themes: list[str], item: Item) -> None:
    for t in themes:
        site.by_theme[t].append(item)


def _strategy_themes(s: m.Strategy) -> tuple[str, ...]:
    return tuple(sorted({t for o in s.objectives for t in o.themes}))


def _meeting_themes(mt: m.Meeting) -> tuple[str, ...]:
    return tuple(sorted({t for i in [*mt.agenda, *mt.minutes] for t in i.themes} | set(mt.themes)))


def _report_themes(r: m.Report) -> tuple[str, ...]:
    return tuple(sorted({t for s in walk_sections(r.sections) for t in s.themes} | set(r.themes)))
