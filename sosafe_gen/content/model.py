"""The content model: what a partnership's public record holds, as typed records.

Every record that a reader may want to trace carries a ``source`` (which source
document, which section or page). Cross-references are plain ids; `check.py`
resolves them, so this module stays free of anything but shapes and local rules.
Unknown fields are refused (``extra="forbid"``) so that a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
"""A stable, readable id: lower case letters, digits and hyphens (it becomes a URL)."""

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""Plain text: one line or a short paragraph."""

Markdown = Annotated[str, StringConstraints(strip_whitespace=True)]
"""Markdown with a little HTML; sanitised when rendered."""

WebUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s\"<>]+$")]
"""A link for readers: http(s) only, so no `javascript:` or `data:` URL reaches a page."""

Quarter = Literal["Q1", "Q2", "Q3", "Q4"]
QUARTERS: tuple[Quarter, ...] = ("Q1", "Q2", "Q3", "Q4")
Status = Literal["draft", "current", "superseded"]


class Record(BaseModel):
    # Numbers are finite: `.nan` or `.inf` would print as "nan" on a page and in a chart.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class Source(Record):
    """Where a record comes from: a document id from ``sources.yml`` and a place in it."""

    document: Id
    section: str | None = None
    page: str | None = None


class Period(Record):
    start: int = Field(ge=1990, le=2100)
    end: int = Field(ge=1990, le=2100)

    @property
    def label(self) -> str:
        return f"{self.start}-{str(self.end)[-2:]}" if self.end != self.start else str(self.start)

    @property
    def slash_label(self) -> str:
        return f"{self.start}/{str(self.end)[-2:]}" if self.end != self.start else str(self.start)


class Section(Record):
    """Prose that has no richer shape: a heading, Markdown, an optional list, subsections."""

    id: Id | None = None
    number: str | None = None
    title: Text
    body: Markdown = ""
    items: list[Markdown] = []
    themes: list[Id] = []
    source: Source | None = None
    sections: list[Section] = []


# --- registry records -----------------------------------------------------------------


class SourceDocument(Record):
    """One published document that facts on the site come from."""

    id: Id
    title: Text
    kind: Text
    file: str | None = None
    """The file the record was transcribed from (for the editors; not published)."""
    date: str | None = None
    published: str | None = None
    description: Markdown = ""
    url: WebUrl | None = None
    """The original, online (http or https): every "Source:" line links to it."""
    download: str | None = None
    """A copy published with the site: a file in the docs folder, e.g. `documents/plan.pdf`."""


class SourcesFile(Record):
    documents: list[SourceDocument] = []
    """Empty until the partnership publishes its first document."""


class Theme(Record):
    """A cross-cutting priority followed through every document."""

    id: Id
    title: Text
    description: Text
    sensitive: bool = False
    """Pages tagged with a sensitive theme carry the quick-exit control."""


class ThemesFile(Record):
    themes: list[Theme] = Field(min_length=1)


class Meaning(Record):
    text: Text
    documents: list[Id] = Field(min_length=1)


class Term(Record):
    id: Id
    term: Text
    meanings: list[Meaning] = Field(min_length=1)
    abbreviation: bool = True
    """Mark the term up as <abbr> where it stands in running text."""


class GlossaryFile(Record):
    terms: list[Term] = Field(min_length=1)


# --- partnership ------------------------------------------------------------------------


class Organisation(Record):
    name: Text
    note: str | None = None


class MemberList(Record):
    title: Text
    organisations: list[Organisation] = Field(min_length=1)
    source: Source


class Principles(Record):
    intro: Markdown = ""
    items: list[Text] = Field(min_length=1)
    source: Source


class ReportingRoute(Record):
    id: Id
    title: Text
    how: Markdown
    phone: str | None = None
    url: WebUrl | None = None
    themes: list[Id] = []
    source: Source


class Contact(Record):
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    url: WebUrl | None = None


class Safety(Record):
    """Words for the quick-exit control on sensitive pages."""

    exit_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s\"<>]+$")] = (
        "https://www.bbc.co.uk/weather"
    )
    """A neutral site (http or https) the quick exit replaces the page with."""
    exit_label: Text = "Exit this page"
    clear_history: Markdown
    emergency: Markdown | None = None
    """What to do in an emergency, shown first wherever the site says how to report.

    Site wording, like `clear_history`, not a fact from a source document, so it is shown
    without a source line; the site says nothing of emergencies unless it is set.
    """


HexColour = Annotated[str, StringConstraints(pattern=r"^#(?:[0-9a-fA-F]{3}){1,2}$")]
"""A colour as web pages write it: `#00543c` or `#054`."""


class Brand(Record):
    """The partnership's colours and logo. The check holds both colours to WCAG contrast
    with white: the header's text is white on `colour`, links are `colour` on white."""

    colour: HexColour = "#1d4f91"
    """The header, link and chart colour."""
    accent: HexColour | None = None
    """Links under the pointer; the main colour when not set."""
    logo: str | None = None
    """An image in the site's docs folder, e.g. `assets/logo.svg`, shown in the header."""


class Accessibility(Record):
    """What only the partnership can say in its accessibility statement: dates and known gaps."""

    prepared: dt.date
    reviewed: dt.date | None = None
    tested: dt.date | None = None
    response_days: int | None = Field(default=None, ge=1)
    """Working days to answer a request for another format, if the partnership commits to one."""
    audited: dt.date | None = None
    """When people checked the site by hand (a specialist, or users of assistive technology).

    Automated checks cannot find every failure, so without an audit the statement does not
    claim full compliance.
    """
    known_issues: list[Markdown] = []
    """Content known not to meet WCAG 2.2 AA; the statement lists each one."""


class Partnership(Record):
    name: Text
    """The name people use, e.g. a short brand name; may be the same as `full_name`."""
    full_name: Text
    area: Text | None = None
    description: Markdown
    members: list[MemberList] = []
    principles: Principles | None = None
    reporting: list[ReportingRoute] = []
    contact: Contact = Contact()
    safety: Safety
    accessibility: Accessibility | None = None
    brand: Brand = Brand()
    source: Source | None = None
    """Where the description comes from; none when it is the partnership's own site wording."""


# --- strategies ------------------------------------------------------------------------


class Signatory(Record):
    name: Text
    role: Text


class Foreword(Record):
    body: Markdown
    signatory: Signatory | None = None
    source: Source | None = None


class Aim(Record):
    id: Id
    text: Text
    themes: list[Id] = []
    source: Source | None = None


class Activity(Record):
    """Something a strategy says was done ("What have we been doing?")."""

    title: Text
    body: Markdown
    case_study: Id | None = None
    themes: list[Id] = []


class Wording(Record):
    """Another published wording of the same objective."""

    text: Text
    source: Source
    note: str | None = None


class Objective(Record):
    id: Id
    number: int | None = None
    title: Text
    themes: list[Id] = Field(min_length=1)
    what_we_will_do: list[Markdown] = []
    measures: list[Text] = []
    what_we_have_been_doing: list[Activity] = []
    rationale: Markdown = ""
    other_wordings: list[Wording] = []
    source: Source


class Strategy(Record):
    id: Id
    title: Text
    period: Period
    status: Status
    published: str | None = None
    summary: Markdown = ""
    note: Markdown = ""
    """Said plainly on the page: e.g. that the document itself is not available."""
    document_available: bool = True
    foreword: Foreword | None = None
    introduction: list[Section] = []
    due_regard: list[Text] = []
    aims: list[Aim] = []
    aims_note: Markdown = ""
    objectives: list[Objective] = Field(min_length=1)
    sections: list[Section] = []
    report: Id | None = None
    """A report that presented this strategy (for example a cabinet report)."""
    source: Source

    @model_validator(mode="after")
    def _period_order(self) -> Strategy:
        if self.period.start > self.period.end:
            raise ValueError("period.start must not be after period.end")
        return self


# --- action plans -----------------------------------------------------------------------


class Lead(Record):
    organisation: Text
    person: str | None = None
    """An officer's name: shown only where the partnership's config allows it."""


class Action(Record):
    id: Id
    ref: str | None = None
    """The label the source gives, such as "a)"."""
    text: Markdown
    lead: list[Lead] = []
    partners: list[Text | Lead] = []
    """Organisations; a partner named as a person is written like a lead."""
    resources: list[Text] = []
    expected_outcomes: list[Markdown] = []
    progress: dict[Quarter, Markdown] | None = None
    progress_to_date: Markdown | None = None
    added: str | None = None
    """When an action was added in year, in the source's words (e.g. "Added August 2024")."""
    incomplete: list[str] = []
    """Fields whose source cell is cut off: shown as incomplete on the page."""
    objective: Id | None = None
    themes: list[Id] = []
    source: Source | None = None


class PlanAim(Record):
    id: Id
    number: str | None = None
    text: Text
    themes: list[Id] = []
    actions: list[Action] = Field(min_length=1)


class PlanSection(Record):
    id: Id
    number: int | None = None
    title: Text
    objective: Id | None = None
    themes: list[Id] = []
    aims: list[PlanAim] = Field(min_length=1)
    source: Source | None = None


class Priority(Record):
    text: Text
    themes: list[Id] = []


class Review(Record):
    """The plan's own account of delivery, in the source's figures."""

    outcomes_total: int = Field(ge=0)
    outcomes_completed: int = Field(ge=0)
    text: Markdown = ""
    source: Source

    @model_validator(mode="after")
    def _not_more_than_total(self) -> Review:
        if self.outcomes_completed > self.outcomes_total:
            raise ValueError("outcomes_completed must not exceed outcomes_total")
        return self


class ActionPlan(Record):
    id: Id
    title: Text
    period: Period
    strategy: Id
    status: Status
    published: str | None = None
    progress_mode: Literal["quarterly", "to_date"]
    introduction: Markdown = ""
    aims: list[Text] = []
    priorities: list[Priority] = []
    sections: list[PlanSection] = Field(min_length=1)
    review: Review | None = None
    annexes: list[Section] = []
    report: Id | None = None
    source: Source

    @model_validator(mode="after")
    def _period_order(self) -> ActionPlan:
        if self.period.start > self.period.end:
            raise ValueError("period.start must not be after period.end")
        return self


# --- case studies, figures, funding ------------------------------------------------------


class CaseStudy(Record):
    id: Id
    number: int | None = None
    title: Text
    strategy: Id
    objective: Id | None = None
    heading: str | None = None
    themes: list[Id] = Field(min_length=1)
    body: Markdown
    source: Source


class CaseStudiesFile(Record):
    case_studies: list[CaseStudy] = Field(min_length=1)


class Point(Record):
    label: Text
    value: float
    period: str | None = None
    note: str | None = None


class Series(Record):
    """One statistic over time or across categories, as the source gives it."""

    id: Id
    title: Text
    description: Markdown = ""
    unit: Literal["count", "percent", "percent_change", "gbp"]
    axis: Literal["time", "category"] = "category"
    people: bool = False
    """Counts of people: small values are suppressed when published."""
    rise_is: Literal["good", "bad", "neutral"] = "neutral"
    rise_note: str | None = None
    """Why a rise reads as it does, in the source's words."""
    period: str | None = None
    points: list[Point] = Field(min_length=1)
    themes: list[Id] = Field(min_length=1)
    note: Markdown = ""
    source: Source


class FiguresFile(Record):
    series: list[Series] = Field(min_length=1)


class FundingAward(Record):
    id: Id
    date: str | None = None
    period: str | None = None
    amount: float | None = None
    amount_text: Text
    recipient: Text
    purpose: Markdown
    themes: list[Id] = []
    note: Markdown = ""
    source: Source


class FundingFile(Record):
    awards: list[FundingAward] = Field(min_length=1)


# --- meetings and reports ----------------------------------------------------------------


class Resolution(Record):
    number: str | None = None
    text: Markdown


class MinuteItem(Record):
    number: str
    title: Text
    body: Markdown = ""
    resolutions: list[Resolution] = []
    themes: list[Id] = []


class AgendaItem(Record):
    number: str
    title: Text
    description: Markdown = ""
    pages: str | None = None
    report: Id | None = None
    minutes_of: Id | None = None
    themes: list[Id] = []


class Officer(Record):
    role: Text
    name: str | None = None
    """Shown only where the partnership's config allows officers' names."""
    phone: str | None = None
    """The officer's own line or extension: shown, like the name, only where names are."""

    PERSONAL: ClassVar[tuple[str, ...]] = ("name", "phone")
    """Fields that identify or reach the officer: all follow `show_officer_names`."""


class Meeting(Record):
    id: Id
    title: Text
    committee: Text
    date: dt.date
    time: str | None = None
    end_time: str | None = None
    location: str | None = None
    members: list[Text] = []
    also_invited: list[Text] = []
    present: list[Text] = []
    agenda: list[AgendaItem] = []
    agenda_published: dt.date | None = None
    minutes: list[MinuteItem] = []
    minutes_source: Source | None = None
    contact: Officer | None = None
    themes: list[Id] = []
    source: Source


class Report(Record):
    id: Id
    title: Text
    kind: Text
    date: str | None = None
    period: Period | None = None
    meeting: Id | None = None
    strategies: list[Id] = []
    plans: list[Id] = []
    officers: list[Officer] = []
    summary: Markdown = ""
    sections: list[Section] = Field(min_length=1)
    themes: list[Id] = []
    source: Source


Section.model_rebuild()
