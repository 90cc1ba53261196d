"""The content model: what a partnership's public record holds, as typed records.

Every record that a reader may want to trace carries a ``source`` (which source
document, which section or page). Cross-references are plain ids; `check.py`
resolves them, so this module stays free of anything but shapes and local rules.
Unknown fields are refused (``extra="forbid"``) so that a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from .base import (
    QUARTERS,
    Id,
    Markdown,
    Period,
    Quarter,
    Record,
    Section,
    Source,
    Status,
    Text,
    WebUrl,
)
from .i18n import N_
from .plan_model import (
    STATUS_VALUES,
    Action,
    ActionPlan,
    ActionStatus,
    Continues,
    Lead,
    PlanAim,
    PlanSection,
    Priority,
    Review,
    StatusValue,
    Timescale,
    Unconfirmed,
)

__all__ = [
    "QUARTERS",
    "STATUS_VALUES",
    "Action",
    "ActionPlan",
    "ActionStatus",
    "Continues",
    "Id",
    "Lead",
    "Markdown",
    "Period",
    "PlanAim",
    "PlanSection",
    "Priority",
    "Quarter",
    "Record",
    "Review",
    "Section",
    "Source",
    "Status",
    "StatusValue",
    "Text",
    "Timescale",
    "Unconfirmed",
    "WebUrl",
]
"""Re-exported: every stage reads the whole model as `model` (`m.Action`, `m.Source`)."""

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
    exit_label: Text = N_("Exit this page")  # GOV.UK's wording; Welsh from the catalogue
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
    languages: list[Literal["en", "cy"]] = ["en"]
    """The site's languages, English first: `[en, cy]` publishes every page in Welsh too."""

    @field_validator("languages")
    @classmethod
    def _english_first(cls, value: list[str]) -> list[str]:
        if value not in (["en"], ["en", "cy"]):
            raise ValueError("languages are [en] or [en, cy]: English first, each once")
        return value


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
    themes: list[Id] = []
    """At least one, except in a draft that an import wrote (the check says so)."""
    unconfirmed: list[Unconfirmed] = []
    """Set by `sosafe import`: that this heading is an objective, or its themes; delete it
    once checked."""
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
