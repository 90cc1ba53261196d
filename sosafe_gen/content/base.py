"""The building blocks every content record shares: ids, text, quarters, sources, periods
and prose sections. `model` and `plan_model` build the records from these."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .i18n import N_

TRANSLATED = "sosafe:translated"
"""Marks the text types readers see: a bilingual site writes them in every language."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
"""A stable, readable id: lower case letters, digits and hyphens (it becomes a URL)."""

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), TRANSLATED]
"""Plain text: one line or a short paragraph."""

Markdown = Annotated[str, StringConstraints(strip_whitespace=True), TRANSLATED]
"""Markdown with a little HTML; sanitised when rendered."""

WebUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s\"<>]+$")]
"""A link for readers: http(s) only, so no `javascript:` or `data:` URL reaches a page."""

Quarter = Literal["Q1", "Q2", "Q3", "Q4"]
QUARTERS: tuple[Quarter, ...] = ("Q1", "Q2", "Q3", "Q4")
Status = Literal["draft", "current", "superseded"]
STATUS_WORDS = (N_("draft"), N_("current"), N_("superseded"))
"""A document's status as pages show it (translated where shown)."""


class Record(BaseModel):
    # Numbers are finite: `.nan` or `.inf` would print as "nan" on a page and in a chart.
    # A field's docstring is its description in the published schema (data/schema.json and
    # the open data standard's page): the model documents the standard.
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        allow_inf_nan=False,
        use_attribute_docstrings=True,
    )


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
        """`2024/25`, as a financial year is written; a longer period keeps its dash
        (`2025-28`), since `2025/28` reads as no year at all."""
        if self.end - self.start > 1:
            return self.label
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


Section.model_rebuild()
