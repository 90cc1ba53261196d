"""An action plan as content: sections, aims and actions, each action's delivery status and
the earlier action it continues.

A status is a judgement someone made, so it always says whose: a published document
(`source`) or the quarter it was recorded in. Nothing here infers one from progress text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from .base import Id, Markdown, Period, Quarter, Record, Section, Source, Status, Text

StatusValue = Literal["planned", "in-progress", "done", "not-done", "carried-forward", "dropped"]
STATUS_VALUES: tuple[StatusValue, ...] = (
    "planned",
    "in-progress",
    "done",
    "not-done",
    "carried-forward",
    "dropped",
)
"""An action's delivery status, in the order pages list them."""


class ActionStatus(Record):
    """Whether an action was delivered, as someone judged it, and where that judgement is."""

    value: StatusValue
    quarter: Quarter | None = None
    """The quarter of the plan's year the status was recorded in."""
    source: Source | None = None
    """The published document that says it (e.g. a review of the year)."""
    note: Markdown = ""

    @model_validator(mode="after")
    def _says_where(self) -> ActionStatus:
        if self.quarter is None and self.source is None:
            raise ValueError(
                "a status says where it comes from: add source: {document: …} "
                "or the quarter it was recorded in (quarter: Q1 to Q4)"
            )
        return self


class Continues(Record):
    """The action of an earlier plan that this action carries over."""

    plan: Id
    action: Id
    """The id of the action in that plan."""


Unconfirmed = Literal["themes", "objective"]
"""What an import proposed and a person has still to confirm: the record's themes (matched
from its title), or that a heading is an objective. A document carrying any stays a draft."""


class Timescale(Record):
    """When an action is due, in the source's words, and the date where the words give one."""

    text: Text
    """The timescale as the source words it ("By March 2026", "Ongoing")."""
    date: dt.date | None = None
    """The day the words name, where they name one."""

    @model_validator(mode="before")
    @classmethod
    def _words_alone(cls, value: Any) -> Any:
        """`timescale: March 2026` is short for `timescale: {text: March 2026}`."""
        return {"text": value} if isinstance(value, str) else value


class Lead(Record):
    organisation: Text
    """The organisation."""
    person: str | None = None
    """An officer's name: shown only where the partnership's config allows it."""


class Action(Record):
    id: Id
    ref: str | None = None
    """The label the source gives, such as "a)"."""
    text: Markdown
    lead: list[Lead] = []
    """The lead organisations (an officer's name only where the site shows names)."""
    partners: list[Text | Lead] = []
    """Organisations; a partner named as a person is written like a lead."""
    resources: list[Text] = []
    """The resources the action uses."""
    expected_outcomes: list[Markdown] = []
    """What the action is expected to achieve."""
    timescale: Timescale | None = None
    """When it is due ("By March 2026", "Ongoing"), as the source words it."""
    measures: list[Markdown] = []
    """How success is measured: the source's success measures or KPIs."""
    progress: dict[Quarter, Markdown] | None = None
    """Progress recorded in each quarter of the plan's year (Q1 to Q4)."""
    progress_to_date: Markdown | None = None
    """Progress to date, for plans that record one text rather than quarters."""
    status: ActionStatus | None = None
    """Delivered or not, as recorded (never inferred); none: no status recorded."""
    status_history: list[ActionStatus] = []
    """Statuses recorded before `status`, oldest first (kept by `sosafe progress --status`)."""
    added: str | None = None
    """When an action was added in year, in the source's words (e.g. "Added August 2024")."""
    incomplete: list[str] = []
    """Fields whose source cell is cut off: shown as incomplete on the page."""
    continues: Continues | None = None
    """Lineage: the action of an earlier plan this one carries over."""
    objective: Id | None = None
    themes: list[Id] = []
    source: Source | None = None


class PlanAim(Record):
    id: Id
    number: str | None = None
    text: Text
    themes: list[Id] = []
    unconfirmed: list[Unconfirmed] = []
    actions: list[Action] = Field(min_length=1)


class PlanSection(Record):
    id: Id
    number: int | None = None
    title: Text
    objective: Id | None = None
    themes: list[Id] = []
    unconfirmed: list[Unconfirmed] = []
    """Set by `sosafe import` on themes it matched from the title: delete it once checked."""
    aims: list[PlanAim] = Field(min_length=1)
    source: Source | None = None


class Priority(Record):
    text: Text
    themes: list[Id] = []


class Review(Record):
    """The plan's own account of delivery, in the source's figures."""

    outcomes_total: int = Field(ge=0)
    """How many outcomes the review counts."""
    outcomes_completed: int = Field(ge=0)
    """How many of them it counts as completed."""
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
    """`quarterly` when progress is recorded by quarter, `to_date` when as one text."""
    introduction: Markdown = ""
    aims: list[Text] = []
    priorities: list[Priority] = []
    """The plan's priorities, each tagged with themes."""
    sections: list[PlanSection] = Field(min_length=1)
    review: Review | None = None
    """The plan's own account of delivery, in the source's figures."""
    status_note: Markdown = ""
    """How the actions' statuses were recorded, said plainly on the page (e.g. how a review's
    count of outcomes maps onto the actions)."""
    annexes: list[Section] = []
    """Annexes to the plan."""
    report: Id | None = None
    source: Source

    @model_validator(mode="after")
    def _period_order(self) -> ActionPlan:
        if self.period.start > self.period.end:
            raise ValueError("period.start must not be after period.end")
        return self
