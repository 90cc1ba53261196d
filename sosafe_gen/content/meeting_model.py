"""Meetings and reports as content: agendas, minutes and resolutions, and reports as nested
sections. Re-exported by `model`, which every stage reads."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field

from .base import Id, Markdown, Period, Record, Section, Source, Text


class Resolution(Record):
    number: str | None = None
    text: Markdown


class MinuteItem(Record):
    number: str
    title: Text
    body: Markdown = ""
    resolutions: list[Resolution] = []
    """What the meeting resolved on the item."""
    themes: list[Id] = []


class AgendaItem(Record):
    number: str
    title: Text
    description: Markdown = ""
    pages: str | None = None
    """The pages of the meeting's papers the item is on."""
    report: Id | None = None
    minutes_of: Id | None = None
    """The id of the meeting whose minutes this item approves."""
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
    """The committee or board that met."""
    date: dt.date
    time: str | None = None
    """When the meeting began, as the papers give it."""
    end_time: str | None = None
    """When the meeting ended, as the minutes give it."""
    location: str | None = None
    """Where the meeting was held."""
    members: list[Text] = []
    also_invited: list[Text] = []
    """Others invited to attend."""
    present: list[Text] = []
    """Who attended, as the minutes record them."""
    agenda: list[AgendaItem] = []
    """The agenda items, in order."""
    agenda_published: dt.date | None = None
    """When the agenda was published."""
    minutes: list[MinuteItem] = []
    """The minutes, item by item, with resolutions."""
    minutes_source: Source | None = None
    """Where the minutes come from, when another document holds them."""
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
    """The id of the meeting (meetings.json) it was presented to."""
    strategies: list[Id] = []
    """Ids of the strategies it discusses."""
    plans: list[Id] = []
    """Ids of the action plans it discusses."""
    officers: list[Officer] = []
    """The officers who wrote or presented it (names only where the site shows them)."""
    summary: Markdown = ""
    sections: list[Section] = Field(min_length=1)
    themes: list[Id] = []
    source: Source
