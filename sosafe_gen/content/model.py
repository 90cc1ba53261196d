"""The content model: what a partnership's public record holds, as typed records.

Every record that a reader may want to trace carries a ``source`` (which source
document, which section or page). Cross-references are plain ids; `check.py`
resolves them, so this module stays free of anything but shapes and local rules.
Unknown fields are refused (``extra="forbid"``) so that a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

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
from .meeting_model import AgendaItem, Meeting, MinuteItem, Officer, Report, Resolution
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
    "AgendaItem",
    "Continues",
    "Id",
    "Lead",
    "Markdown",
    "Meeting",
    "MinuteItem",
    "Officer",
    "Period",
    "PlanAim",
    "PlanSection",
    "Priority",
    "Quarter",
    "Record",
    "Report",
    "Resolution",
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
    """Ids of the documents (sources.json) that use the term in this meaning."""


class Term(Record):
    id: Id
    term: Text
    """The term or abbreviation as written."""
    meanings: list[Meaning] = Field(min_length=1)
    """What it means, in each document that uses it."""
    abbreviation: bool = True
    """Mark the term up as `<abbr>` where it stands in running text."""


class GlossaryFile(Record):
    terms: list[Term] = Field(min_length=1)


# --- partnership ------------------------------------------------------------------------


class Organisation(Record):
    name: Text
    note: str | None = None


class MemberList(Record):
    title: Text
    organisations: list[Organisation] = Field(min_length=1)
    """The member organisations, as the document lists them."""
    source: Source


class Principles(Record):
    intro: Markdown = ""
    """The words before the list of principles."""
    items: list[Text] = Field(min_length=1)
    source: Source


class ReportingRoute(Record):
    id: Id
    title: Text
    how: Markdown
    """How to report this way, in Markdown."""
    phone: str | None = None
    url: WebUrl | None = None
    themes: list[Id] = []
    source: Source


class Contact(Record):
    email: str | None = None
    """An email address for the partnership."""
    phone: str | None = None
    address: str | None = None
    """A postal address."""
    url: WebUrl | None = None


class Safety(Record):
    """Words for the quick-exit control on sensitive pages."""

    exit_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s\"<>]+$")] = (
        "https://www.bbc.co.uk/weather"
    )
    """A neutral site (http or https) the quick exit replaces the page with."""
    exit_label: Text = N_("Exit this page")  # GOV.UK's wording; Welsh from the catalogue
    """The quick exit link's words."""
    clear_history: Markdown
    """How to hide a visit to the site, shown on sensitive pages (Markdown)."""
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
    """When the accessibility statement was first prepared."""
    reviewed: dt.date | None = None
    """When the statement was last reviewed."""
    tested: dt.date | None = None
    """When the site was last tested (by the automated audit or by people)."""
    response_days: int | None = Field(default=None, ge=1)
    """Working days to answer a request for another format, if the partnership commits to one."""
    audited: dt.date | None = None
    """When people checked the site by hand (a specialist, or users of assistive technology).

    Automated checks cannot find every failure, so without an audit the statement does not
    claim full compliance.
    """
    known_issues: list[Markdown] = []
    """Content known not to meet WCAG 2.2 AA; the statement lists each one."""


GssCode = Annotated[str, StringConstraints(pattern=r"^[EW][0-9]{8}$")]
"""An ONS GSS code of an area in England or Wales: `E07000243`, `W06000015`."""


class Licence(Record):
    """The licence the open data is published under (its data package says so)."""

    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9.+-]+$")] = "OGL-UK-3.0"
    """The licence's identifier (SPDX where it has one), e.g. `OGL-UK-3.0` or `CC-BY-4.0`."""
    title: Annotated[str, StringConstraints(min_length=1)] = "Open Government Licence v3.0"
    """The licence's name in words (its own name, the same in every language)."""
    url: WebUrl = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    """Where the licence's text is published."""


class Partnership(Record):
    id: Id | None = None
    """The partnership's id: its data package's name and its address in a national index
    (e.g. `testford`); by default made from `name`."""
    area_codes: list[GssCode] = []
    """The ONS GSS codes of the local authority areas the partnership covers (e.g.
    `E07000243`); most partnerships cover one."""
    licence: Licence | None = None
    """The licence the partnership publishes its open data under (most UK public bodies use
    the Open Government Licence v3.0: `licence: {name: OGL-UK-3.0}`); none: the site says
    plainly that no licence has been stated, since only the partnership can grant one."""
    name: Text
    """The name people use, e.g. a short brand name; may be the same as `full_name`."""
    full_name: Text
    """The partnership's full, formal name."""
    area: Text | None = None
    """The area the partnership serves, in words (e.g. the borough)."""
    description: Markdown
    members: list[MemberList] = []
    principles: Principles | None = None
    """The principles the partnership works by."""
    reporting: list[ReportingRoute] = []
    """How to report a crime or a concern, route by route."""
    contact: Contact = Contact()
    safety: Safety
    """The site's wording for the quick exit and for emergencies."""
    accessibility: Accessibility | None = None
    """What the accessibility statement says that only the partnership can."""
    brand: Brand = Brand()
    """The site's colours and logo."""
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
    """Who signed the foreword."""
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
    """The id of the case study (case-studies.json) that tells more of it."""
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
    """What the partnership will do towards the objective."""
    measures: list[Text] = []
    """How progress towards the objective is measured."""
    what_we_have_been_doing: list[Activity] = []
    """What the strategy says was done already."""
    rationale: Markdown = ""
    """Why the objective was chosen, in the source's words."""
    other_wordings: list[Wording] = []
    """The same objective as other documents word it."""
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
    """Whether the strategy's own document is available (false: only other documents quote it)."""
    foreword: Foreword | None = None
    """The foreword, with who signed it."""
    introduction: list[Section] = []
    due_regard: list[Text] = []
    """The duties the strategy has due regard to."""
    aims: list[Aim] = []
    aims_note: Markdown = ""
    """A note on the aims, in the source's words."""
    objectives: list[Objective] = Field(min_length=1)
    """The strategy's objectives (priorities), in order."""
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
    """The heading the source document gives the case study, if any."""
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
    """What the values count: `count`, `percent`, `percent_change` or `gbp` (pounds)."""
    axis: Literal["time", "category"] = "category"
    """`time` when the points run over time (a line), `category` when they compare categories
    (bars)."""
    people: bool = False
    """Counts of people: small values are suppressed when published."""
    rise_is: Literal["good", "bad", "neutral"] = "neutral"
    """Whether a rise is `good`, `bad` or `neutral` news, as the source reads it."""
    rise_note: str | None = None
    """Why a rise reads as it does, in the source's words."""
    period: str | None = None
    points: list[Point] = Field(min_length=1)
    """The values, in the source's order."""
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
    """The amount in pounds, where the source gives a figure."""
    amount_text: Text
    """The amount as the source writes it."""
    recipient: Text
    """Who received the funding."""
    purpose: Markdown
    """What the funding is for (Markdown)."""
    themes: list[Id] = []
    note: Markdown = ""
    source: Source


class FundingFile(Record):
    awards: list[FundingAward] = Field(min_length=1)
