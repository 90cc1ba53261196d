"""The planned site: pages (URL, kind, title, the data each shows), files and shared indexes.

The plan also builds the indexes that pages share (items by theme, what links to
what), once, so that rendering each page is linear in what that page shows.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import model as m
from ..content.i18n import N_, date_in, month_in, translations
from ..content.problems import ContentError, file_problem
from ..content.record import Content, iter_actions
from ..content.text import display_path, number, plural
from .audit_report import AuditSummary, ReportError, read_report


@dataclass(frozen=True)
class Options:
    """Publishing choices a partnership makes in its config, not in code."""

    show_officer_names: bool = False
    small_count_threshold: int = 5
    use_directory_urls: bool = True
    site_url: str = ""
    """The published site's address (for the feed's absolute links); may be empty."""
    audit: AuditSummary | None = None
    """The newest `sosafe audit` of the built site, which the accessibility statement cites."""
    pdf_plan_layout: str = "table"
    """An action plan's PDF: "table" (A4 landscape, a row per action) or "portrait" (the
    plan's page as the site lays it out); see render/pdf.py."""
    editor: bool = False
    """The site has the browser editor at /admin/: the statement says how accessible it is."""


AUDIT_GLOB = "accessibility-audit-*.json"


def newest_audit(folder: Path) -> AuditSummary | None:
    """The newest audit report in a folder (their names carry the date), or None."""
    reports = sorted(folder.glob(AUDIT_GLOB)) if folder.is_dir() else []
    if not reports:
        return None
    try:
        return read_report(reports[-1])
    except ReportError as exc:
        message = str(exc).split(": ", 1)[-1]
        raise ContentError([file_problem(display_path(reports[-1]), message)]) from None


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
    file: str | None = None
    """The content file the page shows, inside the content folder: its edit link opens it."""


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

    prefix: str = ""
    """Where this language's pages go: "" for the first language, "cy/" for Welsh."""

    @property
    def lang(self) -> str:
        return self.content.lang

    def _(self, message: str) -> str:
        """The generator's own words in the site's language (see content/i18n.py)."""
        return translations(self.content.lang).gettext(message)

    def ngettext(self, singular: str, plural_: str, n: int) -> str:
        return translations(self.content.lang).ngettext(singular, plural_, n)

    def counted(self, n: int, word: str) -> str:
        """`3 actions`, `3 cham gweithredu`: the count and the word in the site's language."""
        text = self.ngettext(f"%(num)s {word}", f"%(num)s {plural(word, 2)}", n)
        return text % {"num": number(n)}

    def date(self, day: dt.date, weekday: bool = False) -> str:
        return date_in(day, self.content.lang, weekday)

    def month(self, day: dt.date) -> str:
        return month_in(day, self.content.lang)

    def placed(self, src: str) -> str:
        """Where a planned page or file goes in the whole build (Welsh ones under cy/, with
        the hand-written pages in docs/cy/, which are the Welsh site's `extra_pages`);
        documents' downloads are shared by both languages."""
        if not self.prefix:
            return src
        planned = src in self.by_src or src in self.assets or src == self.feed
        return self.prefix + src if planned or src in self.extra_pages else src

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
        here = self.url(self.placed(from_src))
        there = self.url(self.placed(to_src))
        start = here if here.endswith("/") or here == "" else posixpath.dirname(here)
        rel = relpath(there, start)
        if there.endswith("/") and not rel.endswith("/"):
            rel += "/"
        if rel == "./" and anchor:
            rel = ""
        return rel + (f"#{anchor}" if anchor else "")

    extra_pages: frozenset[str] = frozenset()
    """Hand-written pages generated pages may link to (set by the adapter)."""
    assets: dict[str, str] = field(default_factory=dict)
    """Generated files that are not pages (CSV downloads), by path."""
    feed: str | None = None
    """Where the updates' feed goes, when there are updates (rendered with the pages)."""

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

    def published_kinds(self, singular: bool = False) -> str:
        """What the archive holds, in words: "strategies, action plans and meetings"."""
        c = self.content
        kinds = [
            (one, many)
            for one, many, records in (
                (N_("strategy"), N_("strategies"), c.strategies),
                (N_("action plan"), N_("action plans"), c.plans),
                (N_("meeting"), N_("meetings"), c.meetings),
                (N_("report"), N_("reports"), c.reports),
            )
            if records
        ]
        words = [self._(one if singular else many) for one, many in kinds]
        if len(words) < 2:
            return "".join(words)
        return self._("%(list)s and %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}

    def strategy_sources(self, s: m.Strategy) -> list[m.SourceDocument]:
        """The documents a strategy's page is taken from, in the order they are first used."""
        ids = [s.source.document]
        for o in s.objectives:
            ids.append(o.source.document)
            ids.extend(w.source.document for w in o.other_wordings)
        return [self.content.documents[d] for d in dict.fromkeys(ids)]

    def person(self, name: str | None) -> str | None:
        """An officer's name, or their own phone or extension: None unless names are shown."""
        return name if self.options.show_officer_names else None

    # --- lookups the templates use ------------------------------------------------------------

    def current_strategy(self) -> m.Strategy | None:
        return self.content.current_strategy()

    def latest_updates(self, n: int = 3) -> list[Any]:
        """The newest published updates (`updates.Update`; link with `update_src(u.id)`)."""
        return self.content.updates[:n]

    @staticmethod
    def update_src(slug: str) -> str:
        return f"updates/{slug}.md"

    @staticmethod
    def theme_updates_src(theme_id: str) -> str:
        return f"updates/themes/{theme_id}.md"

    def current_plan(self) -> m.ActionPlan | None:
        return self.content.current_plan()

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
            y: ", ".join(self.counted(n, kind.lower()) for kind, n in kinds.items())
            for y, kinds in counts.items()
        }

    def meanings_in_order(self, term: m.Term) -> list[m.Meaning]:
        rank = {d: i for i, d in enumerate(self.content.documents)}
        return sorted(term.meanings, key=lambda mn: min(rank.get(d, 0) for d in mn.documents))

    def unit_label(self, series: m.Series) -> str:
        return self._(UNIT_LABELS[series.unit])

    def display_value(self, series: m.Series, value: float) -> str:
        """A value as published: small counts of people suppressed, units written out."""
        limit = self.options.small_count_threshold
        if series.people and value < limit:
            return self._("fewer than %(limit)s") % {"limit": limit}
        text = number(value)
        if series.unit == "percent":
            return f"{text}%"
        if series.unit == "percent_change":
            return f"+{text}%" if value > 0 else f"{text}%"
        if series.unit == "gbp":
            return f"£{text}"
        return text


UNIT_LABELS = {
    "count": N_("Number"),
    "percent": N_("Per cent"),
    "percent_change": N_("Change (%)"),
    "gbp": N_("Amount (£)"),
}


def relpath(path: str, start: str) -> str:
    """posixpath.relpath for site-relative URLs, without its two os.getcwd() calls per link."""
    to = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    i = 0
    while i < len(to) and i < len(base) and to[i] == base[i]:
        i += 1
    return "/".join([".."] * (len(base) - i) + to[i:]) or "."


def action_anchor(action: m.Action) -> str:
    return f"action-{action.id}"
