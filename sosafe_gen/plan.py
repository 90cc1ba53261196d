"""Plan every page before anything is rendered: URL, kind, title and the data it shows.

The plan also builds the indexes that pages share (items by theme, what links to
what), once, so that rendering each page is linear in what that page shows.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import model as m
from .charts import csv_text
from .check import Content, iter_actions
from .problems import plural


@dataclass(frozen=True)
class Options:
    """Publishing choices a partnership makes in its config, not in code."""

    show_officer_names: bool = False
    small_count_threshold: int = 5
    use_directory_urls: bool = True
    site_url: str = ""
    """The published site's address (for the feed's absolute links); may be empty."""


@dataclass
class Page:
    src_uri: str
    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    document: str | None = None
    """The source document this page belongs to: abbreviations expand as it has them."""
    themes: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Item:
    """One thing tagged with a theme, as a theme page or matrix lists it."""

    kind: str
    title: str
    src_uri: str
    anchor: str | None
    year: int
    period: str
    summary: str = ""
    summary_label: str = ""
    context: str = ""


@dataclass
class Site:
    content: Content
    options: Options
    pages: list[Page] = field(default_factory=list)
    by_src: dict[str, Page] = field(default_factory=dict)
    by_theme: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    objective_actions: dict[tuple[str, str], list[tuple[m.ActionPlan, list[Any]]]] = field(
        default_factory=dict
    )

    def add(self, page: Page) -> Page:
        if page.src_uri in self.by_src:
            raise ValueError(f"two pages planned at {page.src_uri}")
        self.pages.append(page)
        self.by_src[page.src_uri] = page
        return page

    # --- URLs ---------------------------------------------------------------------------

    def url(self, src_uri: str) -> str:
        """The site-relative URL MkDocs gives a source path."""
        if not src_uri.endswith(".md"):
            return src_uri
        if not self.options.use_directory_urls:
            return src_uri[:-3] + ".html"
        base = src_uri[:-3]
        if base == "index" or base.endswith("/index"):
            base = base[: -len("index")]
        else:
            base += "/"
        return base

    def link(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """A relative link from one page to another (or to a file), checked against the plan."""
        if to_src.endswith(".md") and to_src not in self.by_src and to_src not in self.extra_pages:
            raise KeyError(f"link from {from_src} to unplanned page {to_src}")
        here = self.url(from_src)
        there = self.url(to_src)
        start = here if here.endswith("/") or here == "" else posixpath.dirname(here)
        rel = _relpath(there, start)
        if there.endswith("/") and not rel.endswith("/"):
            rel += "/"
        if rel == "./" and anchor:
            rel = ""
        return rel + (f"#{anchor}" if anchor else "")

    extra_pages: frozenset[str] = frozenset()
    """Hand-written pages generated pages may link to (set by the adapter)."""
    assets: dict[str, str] = field(default_factory=dict)
    """Generated files that are not pages (CSV downloads), by path."""

    # --- places of records -----------------------------------------------------------------

    @staticmethod
    def strategy_src(sid: str) -> str:
        return f"strategies/{sid}/index.md"

    @staticmethod
    def objective_src(sid: str, oid: str) -> str:
        return f"strategies/{sid}/objectives/{oid}.md"

    @staticmethod
    def plan_src(pid: str) -> str:
        return f"action-plans/{pid}/index.md"

    @staticmethod
    def case_study_src(cid: str) -> str:
        return f"case-studies/{cid}.md"

    @staticmethod
    def theme_src(tid: str) -> str:
        return f"themes/{tid}.md"

    @staticmethod
    def meeting_src(mid: str) -> str:
        return f"meetings/{mid}.md"

    @staticmethod
    def report_src(rid: str) -> str:
        return f"reports/{rid}.md"

    @staticmethod
    def figure_src(fid: str) -> str:
        return f"figures/{fid}.md"

    def person(self, name: str | None) -> str | None:
        return name if self.options.show_officer_names else None

    # --- lookups the templates use ------------------------------------------------------------

    def current_strategy(self) -> m.Strategy | None:
        return _newest(s for s in self.content.strategies.values() if s.status == "current")

    def latest_updates(self, n: int = 3) -> list[Any]:
        """The newest published updates (`updates.Update`; link with `update_src(u.id)`)."""
        return self.content.updates[:n]

    @staticmethod
    def update_src(slug: str) -> str:
        return f"updates/{slug}.md"

    def current_plan(self) -> m.ActionPlan | None:
        return _newest(p for p in self.content.plans.values() if p.status == "current")

    def plans_for(self, sid: str) -> list[m.ActionPlan]:
        return sorted(
            (p for p in self.content.plans.values() if p.strategy == sid),
            key=lambda p: p.period.start,
        )

    def case_studies_for(self, sid: str, oid: str | None = None) -> list[m.CaseStudy]:
        return [
            cs
            for cs in self.content.case_studies.values()
            if cs.strategy == sid and (oid is None or cs.objective == oid)
        ]

    def objective(self, sid: str, oid: str) -> m.Objective:
        return next(o for o in self.content.strategies[sid].objectives if o.id == oid)

    def actions_for_objective(self, sid: str, oid: str) -> list[tuple[m.ActionPlan, list[Any]]]:
        return self.objective_actions.get((sid, oid), [])

    def action_count(self, plan: m.ActionPlan) -> int:
        return sum(1 for _ in iter_actions(plan))

    def plan_summary(self, plan: m.ActionPlan) -> dict[str, Any]:
        rows = []
        for sec in plan.sections:
            actions = [a for aim in sec.aims for a in aim.actions]
            rows.append(
                {
                    "section": sec,
                    "actions": len(actions),
                    "with_progress": sum(1 for a in actions if a.progress_to_date or a.progress),
                    "quarters": {
                        q: sum(1 for a in actions if a.progress and a.progress.get(q))
                        for q in m.QUARTERS
                    },
                }
            )
        return {
            "rows": rows,
            "actions": sum(r["actions"] for r in rows),
            "with_progress": sum(r["with_progress"] for r in rows),
            "quarters": {q: sum(r["quarters"][q] for r in rows) for q in m.QUARTERS},
            "added": sum(1 for _, _, a in iter_actions(plan) if a.added),
        }

    def meetings_approving(self, mid: str) -> list[m.Meeting]:
        return [
            mt
            for mt in self.content.meetings.values()
            if any(i.minutes_of == mid for i in mt.agenda)
        ]

    def reports_for_meeting(self, mid: str) -> list[m.Report]:
        return [r for r in self.content.reports.values() if r.meeting == mid]

    def theme_years(self) -> list[int]:
        """The years any theme has something in: the columns of the theme matrix."""
        return sorted({i.year for items in self.by_theme.values() for i in items if i.year})

    def theme_cells(self, tid: str) -> dict[int, str]:
        """What a theme had in each year, in words: "2 strategy objectives, 5 actions"."""
        counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for i in self.by_theme.get(tid, []):
            counts[i.year][i.kind] += 1
        return {
            y: ", ".join(f"{n} {plural(kind.lower(), n)}" for kind, n in kinds.items())
            for y, kinds in counts.items()
        }

    def meanings_in_order(self, term: m.Term) -> list[m.Meaning]:
        rank = {d: i for i, d in enumerate(self.content.documents)}
        return sorted(term.meanings, key=lambda mn: min(rank.get(d, 0) for d in mn.documents))

    def unit_label(self, series: m.Series) -> str:
        return {
            "count": "Number",
            "percent": "Per cent",
            "percent_change": "Change (%)",
            "gbp": "Amount (£)",
        }[series.unit]

    def display_value(self, series: m.Series, value: float) -> str:
        """A value as published: small counts of people suppressed, units written out."""
        limit = self.options.small_count_threshold
        if series.people and value < limit:
            return f"fewer than {limit}"
        text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
        if series.unit == "percent":
            return f"{text}%"
        if series.unit == "percent_change":
            return f"+{text}%" if value > 0 else f"{text}%"
        if series.unit == "gbp":
            return f"£{text}"
        return text


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for site-relative URLs, without its two os.getcwd() calls per link."""
    to = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    i = 0
    while i < len(to) and i < len(base) and to[i] == base[i]:
        i += 1
    return "/".join([".."] * (len(base) - i) + to[i:]) or "."


def action_anchor(action: m.Action) -> str:
    return f"action-{action.id}"


def action_themes(section: m.PlanSection, aim: m.PlanAim, action: m.Action) -> list[str]:
    """An action's themes: its own, else its aim's, else its section's."""
    return action.themes or aim.themes or section.themes


def record_year(doc: m.SourceDocument | None) -> int:
    if doc is None or not doc.date:
        return 0
    return int(doc.date[:4]) if doc.date[:4].isdigit() else 0


def plan_site(
    content: Content, options: Options | None = None, extra_pages: frozenset[str] = frozenset()
) -> Site:
    """Every page and file of the site, planned before any is rendered.

    Each stage adds one kind of record's pages and tags them with their themes; the
    order matters only where a stage reads what an earlier one planned (themes read
    every tag, comparisons and the public pages read the plan).
    """
    from .compare import plan_compare
    from .export import plan_open_data
    from .public import plan_public  # these build on this module, so imported here
    from .updates import plan_updates

    site = Site(content, options or Options())
    site.extra_pages = extra_pages
    for stage in (
        _plan_strategies,
        _plan_action_plans,
        _plan_case_studies,
        _plan_meetings_and_reports,
        _plan_figures,
        plan_updates,
        plan_open_data,
        _plan_themes,
        _plan_reference,
        plan_compare,
        plan_public,
    ):
        stage(site)
    return site


def _plan_strategies(site: Site) -> None:
    strategies = sorted(site.content.strategies.values(), key=lambda s: s.period.start)
    site.add(Page("strategies/index.md", "strategies", "Strategies", {"strategies": strategies}))
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
                )
            )
            _tag(
                site,
                o.themes,
                Item(
                    "Strategy objective",
                    o.title,
                    site.objective_src(s.id, o.id),
                    None,
                    s.period.start,
                    s.period.label,
                    context=s.title,
                ),
            )


def _plan_action_plans(site: Site) -> None:
    plans = sorted(site.content.plans.values(), key=lambda p: p.period.start)
    site.add(Page("action-plans/index.md", "plans", "Action plans", {"plans": plans}))
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
                    "Action",
                    _first_line(a.text),
                    site.plan_src(p.id),
                    action_anchor(a),
                    p.period.start,
                    p.period.label,
                    summary=latest[1] if latest else "",
                    summary_label=latest[0] if latest else "No progress recorded",
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
            )
        )


def _plan_case_studies(site: Site) -> None:
    c = site.content
    site.add(
        Page(
            "case-studies/index.md",
            "case_studies",
            "Case studies",
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
            )
        )
        _tag(
            site,
            cs.themes,
            Item(
                "Case study",
                cs.title,
                site.case_study_src(cs.id),
                None,
                s.period.start,
                s.period.label,
                context=s.title,
            ),
        )


def _plan_meetings_and_reports(site: Site) -> None:
    c = site.content
    meetings = sorted(c.meetings.values(), key=lambda mt: mt.date)
    site.add(
        Page(
            "meetings/index.md",
            "meetings",
            "Meetings and reports",
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
            )
        )
        for item in [*mt.agenda, *mt.minutes]:
            _tag(
                site,
                item.themes,
                Item(
                    "Meeting item",
                    item.title,
                    site.meeting_src(mt.id),
                    None,
                    mt.date.year,
                    str(mt.date.year),
                    context=mt.title,
                ),
            )
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
            )
        )
        for sec in _walk_sections(r.sections):
            _tag(
                site,
                sec.themes,
                Item(
                    "Report section",
                    sec.title,
                    site.report_src(r.id),
                    None,
                    year,
                    str(year),
                    context=r.title,
                ),
            )


def _plan_figures(site: Site) -> None:
    c = site.content
    site.add(
        Page(
            "figures/index.md",
            "figures",
            "Figures",
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
            )
        )
        _tag(
            site,
            s.themes,
            Item("Figure", s.title, site.figure_src(s.id), None, year, s.period or str(year)),
        )
    for series in c.series.values():
        site.assets[f"figures/{series.id}.csv"] = csv_text(series, site.display_value)


def _plan_themes(site: Site) -> None:
    """Theme pages last among the records: they list everything tagged before them."""
    c = site.content
    site.add(Page("themes/index.md", "themes", "Themes", {"themes": list(c.themes.values())}))
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
            )
        )


def _plan_reference(site: Site) -> None:
    c = site.content
    site.add(Page("glossary.md", "glossary", "Glossary", {"terms": c.terms}))
    site.add(
        Page(
            "partnership.md",
            "partnership",
            f"About {c.partnership.name}",
            {"partnership": c.partnership},
            document=c.partnership.source.document,
        )
    )


def _newest(records: Any) -> Any:
    return max(records, key=lambda r: (r.period.start, r.period.end), default=None)


def latest_progress(action: m.Action) -> tuple[str, str] | None:
    """The newest progress entry: (label, text)."""
    if action.progress:
        for q in reversed(m.QUARTERS):
            if action.progress.get(q):
                return q, action.progress[q]
    if action.progress_to_date:
        return "Progress to date", action.progress_to_date
    return None


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line.lstrip("-* ").strip()


def _tag(site: Site, themes: list[str], item: Item) -> None:
    for t in themes:
        site.by_theme[t].append(item)


def _walk_sections(sections: list[m.Section]) -> list[m.Section]:
    out: list[m.Section] = []
    for s in sections:
        out.append(s)
        out.extend(_walk_sections(s.sections))
    return out


def _strategy_themes(s: m.Strategy) -> tuple[str, ...]:
    return tuple(sorted({t for o in s.objectives for t in o.themes}))


def _meeting_themes(mt: m.Meeting) -> tuple[str, ...]:
    return tuple(sorted({t for i in [*mt.agenda, *mt.minutes] for t in i.themes} | set(mt.themes)))


def _report_themes(r: m.Report) -> tuple[str, ...]:
    return tuple(sorted({t for s in _walk_sections(r.sections) for t in s.themes} | set(r.themes)))
