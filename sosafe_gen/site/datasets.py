"""The published datasets: records as the site publishes them, and a flat row for each.

Published means what the pages show: officers' names are left out unless the config shows
them, and small counts of people are suppressed (`Site.display_value`'s rule). JSON holds
whole records (they reload into the same models); CSV rows flatten them for spreadsheets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..content import model as m
from ..content.i18n import N_
from ..content.record import Content, by_start, walk_sections
from ..content.updates import Update
from .action_rows import ACTION_COLUMNS, action_rows
from .columns import PERIOD, SOURCE_DOCUMENT, Column, derived, field, fields
from .pages import Options, Site
from .published import PublishedPoint, PublishedSeries, published, published_series
from .status_data import StatusCount, status_count_rows


@dataclass(frozen=True)
class Dataset:
    name: str
    """File stem and schema property: `action-plans` → action-plans.json / .csv."""
    title: str
    holds: str
    row: str
    """What one CSV row is."""
    model: type[BaseModel]
    records: list[BaseModel]
    rows: list[dict[str, Any]]
    columns: tuple[Column, ...]
    """The CSV's columns, in order, as the standard describes them (every row has each)."""

    def words(self, _: Callable[[str], str], threshold: int) -> dict[str, str]:
        """Title, what it holds and what a row is, for the downloads page in its language
        (the English ones go into the schema)."""
        if self.name == "figures":
            holds = _(FIGURES_HOLD) % {"threshold": threshold}
        else:
            holds = _(self.holds)
        return {"title": _(self.title), "holds": holds, "row": _(self.row)}


FIGURES_HOLD = N_(
    "Statistics series as the documents give them. Counts of "
    "people below %(threshold)s are suppressed."
)


def _j(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values)


def _doc(src: m.Source | None) -> str:
    return src.document if src else ""


def datasets(content: Content, options: Options) -> list[Dataset]:
    """Every dataset, in the order the downloads page lists them."""
    pub = _Publisher(content, options)
    return [make(pub) for make in _DATASETS]


class _Publisher:
    """Records as published, with the partnership's options applied."""

    def __init__(self, content: Content, options: Options) -> None:
        self.c = content
        self.options = options
        self.site = Site(content, options)

    def __call__(self, records: Iterable[Any]) -> list[Any]:
        return [published(r, self.options) for r in records]


def _updates(pub: _Publisher) -> Dataset:
    updates = pub.c.updates
    rows = [
        {
            "id": u.id,
            "title": u.title,
            "date": u.date.isoformat(),
            "themes": _j(u.themes),
            "summary": u.summary,
            "body": u.body,
            "source_document": _doc(u.source),
        }
        for u in updates
    ]
    return Dataset(
        "updates",
        N_("Updates"),
        N_("News updates from the partnership, newest first."),
        N_("update"),
        Update,
        list(updates),
        rows,
        (
            *(field(Update, f) for f in ("id", "title", "date", "themes", "summary", "body")),
            SOURCE_DOCUMENT,
        ),
    )


def _strategies(pub: _Publisher) -> Dataset:
    strategies = pub(by_start(pub.c.strategies.values()))
    rows = [
        {
            "strategy_id": s.id,
            "strategy": s.title,
            "period": s.period.label,
            "status": s.status,
            "objective_id": o.id,
            "number": o.number,
            "objective": o.title,
            "themes": _j(o.themes),
            "what_we_will_do": _j(o.what_we_will_do),
            "measures": _j(o.measures),
            "source_document": _doc(o.source),
        }
        for s in strategies
        for o in s.objectives
    ]
    return Dataset(
        "strategies",
        N_("Strategies"),
        N_(
            "Each strategy with its period, status, aims and "
            "objectives (what we will do, measures, what we have been doing)."
        ),
        N_("objective"),
        m.Strategy,
        strategies,
        rows,
        (
            field(m.Strategy, "id", "strategy_id"),
            field(m.Strategy, "title", "strategy"),
            PERIOD,
            field(m.Strategy, "status"),
            field(m.Objective, "id", "objective_id"),
            field(m.Objective, "number"),
            field(m.Objective, "title", "objective"),
            *(field(m.Objective, f) for f in ("themes", "what_we_will_do", "measures")),
            SOURCE_DOCUMENT,
        ),
    )


def _action_plans(pub: _Publisher) -> Dataset:
    plans = pub(by_start(pub.c.plans.values()))
    return Dataset(
        "action-plans",
        N_("Action plans"),
        N_(
            "Each yearly action plan: sections, aims and actions with lead, partners, "
            "resources, expected outcomes, timescale, success measures, progress, status "
            "and lineage."
        ),
        N_("action"),
        m.ActionPlan,
        plans,
        action_rows(pub.c, plans),
        ACTION_COLUMNS,
    )


def _action_status(pub: _Publisher) -> Dataset:
    rows = status_count_rows(pub.c)
    return Dataset(
        "action-status",
        N_("Actions by status"),
        N_(
            "How many actions of each plan, and of each of its sections, themes and objectives, "
            "have each status (none: no status recorded)."
        ),
        N_("count"),
        StatusCount,
        [StatusCount(**r) for r in rows],
        rows,
        fields(StatusCount),
    )


def _case_studies(pub: _Publisher) -> Dataset:
    case_studies = pub.c.case_studies.values()
    rows = [
        {
            "id": cs.id,
            "number": cs.number,
            "title": cs.title,
            "strategy": cs.strategy,
            "objective": cs.objective or "",
            "themes": _j(cs.themes),
            "body": cs.body,
            "source_document": _doc(cs.source),
        }
        for cs in case_studies
    ]
    return Dataset(
        "case-studies",
        N_("Case studies"),
        N_("Case studies, each tied to a strategy objective."),
        N_("case study"),
        m.CaseStudy,
        pub(case_studies),
        rows,
        (
            *(field(m.CaseStudy, f) for f in ("id", "number", "title", "strategy", "objective")),
            *(field(m.CaseStudy, f) for f in ("themes", "body")),
            SOURCE_DOCUMENT,
        ),
    )


def _figures(pub: _Publisher) -> Dataset:
    series = [published_series(s, pub.site) for s in pub.c.series.values()]
    return Dataset(
        "figures",
        N_("Figures"),
        FIGURES_HOLD % {"threshold": pub.options.small_count_threshold},
        N_("value"),
        PublishedSeries,
        series,
        [r for s in series for r in _figure_rows(s)],
        (
            field(m.Series, "id", "series_id"),
            field(m.Series, "title", "series"),
            *(field(m.Series, f) for f in ("unit", "people", "period")),
            field(m.Point, "label"),
            field(m.Point, "period", "point_period"),
            *(field(PublishedPoint, f) for f in ("value", "value_text", "suppressed")),
            field(m.Series, "themes"),
            SOURCE_DOCUMENT,
        ),
    )


def _funding(pub: _Publisher) -> Dataset:
    rows = [
        {
            "id": a.id,
            "date": a.date or "",
            "period": a.period or "",
            "amount": a.amount,
            "amount_text": a.amount_text,
            "recipient": a.recipient,
            "purpose": a.purpose,
            "themes": _j(a.themes),
            "note": a.note,
            "source_document": _doc(a.source),
        }
        for a in pub.c.funding
    ]
    return Dataset(
        "funding",
        N_("Funding awards"),
        N_("Funding awards as the documents record them."),
        N_("award"),
        m.FundingAward,
        pub(pub.c.funding),
        rows,
        (
            *(field(m.FundingAward, f) for f in ("id", "date", "period", "amount", "amount_text")),
            *(field(m.FundingAward, f) for f in ("recipient", "purpose", "themes", "note")),
            SOURCE_DOCUMENT,
        ),
    )


def _meetings(pub: _Publisher) -> Dataset:
    meetings = pub(sorted(pub.c.meetings.values(), key=lambda mt: mt.date))
    rows = [
        {
            "id": mt.id,
            "title": mt.title,
            "committee": mt.committee,
            "date": mt.date.isoformat(),
            "time": mt.time or "",
            "location": mt.location or "",
            "agenda": _j(f"{i.number} {i.title}" for i in mt.agenda),
            "themes": _j(mt.themes),
            "source_document": _doc(mt.source),
        }
        for mt in meetings
    ]
    return Dataset(
        "meetings",
        N_("Meetings"),
        N_("Committee meetings: agenda, minutes and resolutions."),
        N_("meeting"),
        m.Meeting,
        meetings,
        rows,
        (
            *(field(m.Meeting, f) for f in ("id", "title", "committee", "date", "time")),
            field(m.Meeting, "location"),
            derived("agenda", "The agenda items, each as its number and title.", list=True),
            field(m.Meeting, "themes"),
            SOURCE_DOCUMENT,
        ),
    )


def _reports(pub: _Publisher) -> Dataset:
    reports = pub(pub.c.reports.values())
    rows = [
        {
            "report_id": r.id,
            "report": r.title,
            "kind": r.kind,
            "date": r.date or "",
            "number": s.number or "",
            "section": s.title,
            "body": s.body,
            "items": _j(s.items),
            "themes": _j(s.themes),
        }
        for r in reports
        for s in walk_sections(r.sections)
    ]
    return Dataset(
        "reports",
        N_("Reports"),
        N_("Reports and presentations, section by section."),
        N_("report section"),
        m.Report,
        reports,
        rows,
        (
            field(m.Report, "id", "report_id"),
            field(m.Report, "title", "report"),
            *(field(m.Report, f) for f in ("kind", "date")),
            field(m.Section, "number"),
            field(m.Section, "title", "section"),
            *(field(m.Section, f) for f in ("body", "items", "themes")),
        ),
    )


def _themes(pub: _Publisher) -> Dataset:
    themes = list(pub.c.themes.values())
    return Dataset(
        "themes",
        N_("Themes"),
        N_("The cross-cutting priorities every record is tagged with."),
        N_("theme"),
        m.Theme,
        themes,
        [t.model_dump() for t in themes],
        fields(m.Theme),
    )


def _glossary(pub: _Publisher) -> Dataset:
    rows = [
        {
            "term_id": t.id,
            "term": t.term,
            "abbreviation": t.abbreviation,
            "meaning": mn.text,
            "documents": _j(mn.documents),
        }
        for t in pub.c.terms
        for mn in t.meanings
    ]
    return Dataset(
        "glossary",
        N_("Glossary"),
        N_("Terms and abbreviations, with each meaning and the documents that use it."),
        N_("meaning"),
        m.Term,
        list(pub.c.terms),
        rows,
        (
            field(m.Term, "id", "term_id"),
            *(field(m.Term, f) for f in ("term", "abbreviation")),
            field(m.Meaning, "text", "meaning"),
            field(m.Meaning, "documents"),
        ),
    )


def _sources(pub: _Publisher) -> Dataset:
    documents = list(pub.c.documents.values())
    return Dataset(
        "sources",
        N_("Source documents"),
        N_("The published documents every fact comes from."),
        N_("document"),
        m.SourceDocument,
        documents,
        [d.model_dump() for d in documents],
        fields(m.SourceDocument),
    )


def _partnership(pub: _Publisher) -> Dataset:
    p = pub.c.partnership
    rows = [
        {"list": ml.title, "organisation": o.name, "note": o.note or ""}
        for ml in p.members
        for o in ml.organisations
    ]
    return Dataset(
        "partnership",
        N_("The partnership"),
        N_("The partnership: members, principles, reporting routes and contact details."),
        N_("member organisation"),
        m.Partnership,
        pub([p]),
        rows,
        (
            field(m.MemberList, "title", "list"),
            field(m.Organisation, "name", "organisation"),
            field(m.Organisation, "note"),
        ),
    )


_DATASETS: tuple[Callable[[_Publisher], Dataset], ...] = (
    _updates,
    _strategies,
    _action_plans,
    _action_status,
    _case_studies,
    _figures,
    _funding,
    _meetings,
    _reports,
    _themes,
    _glossary,
    _sources,
    _partnership,
)


def _figure_rows(s: PublishedSeries) -> Iterator[dict[str, Any]]:
    for pt in s.points:
        yield {
            "series_id": s.id,
            "series": s.title,
            "unit": s.unit,
            "people": s.people,
            "period": s.period or "",
            "label": pt.label,
            "point_period": pt.period or "",
            "value": pt.value,
            "value_text": pt.value_text,
            "suppressed": pt.suppressed,
            "themes": _j(s.themes),
            "source_document": _doc(s.source),
        }
