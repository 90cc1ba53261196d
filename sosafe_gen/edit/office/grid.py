"""The one shape every reader gives: a grid of cells as text, each with its place.

A spreadsheet's sheet is a grid; so is a Word table (a document's tables and the section
headings between them are one grid, row after row). A merged cell is one value that every
cell it covers reads (`anchors`), so the layout and the builder never ask which format the
cells came from. Where a cell is for a person is the reader's to say: `Sheet!C12` in a
spreadsheet, `table 2, row 5, column "Lead"` in a document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ...content.problems import Problem
from ...content.text import number


@dataclass(frozen=True)
class Place:
    """Where a document's grid row is, as a reader finds it."""

    text: str
    """`table 2, row 5`, or `heading "2. Antisocial behaviour"`."""
    cells: bool = True
    """A table row, whose cells are named by their column; a heading has none."""
    table: int = 0
    """The table's number in the document (0 for a heading)."""


@dataclass
class Grid:
    """A sheet as text: `value(r, c)` resolves merged cells to their top-left value."""

    file: str
    sheet: str | None
    """The sheet's name ("" for a CSV); None for a document, whose rows have `places`."""
    values: dict[tuple[int, int], str]
    anchors: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    rows: int = 0
    columns: int = 0
    places: dict[int, Place] = field(default_factory=dict)
    headings: dict[int, str] = field(default_factory=dict)
    """Column → its heading, once the header row is found (a document names columns so)."""
    themes: dict[str, str] = field(default_factory=dict)
    """Theme ids and titles (lower case) → theme id, for a Themes column."""
    orgs: set[str] = field(default_factory=set)
    """Organisation names the content uses (see `build.who`)."""

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        return self.anchors.get((r, c), (r, c))

    def value(self, r: int, c: int) -> str:
        return self.values.get(self.anchor(r, c), "")

    @property
    def where(self) -> str:
        """The grid as a summary line names it: `plan.xlsx:Plan`, `plan.csv`, `plan.docx`."""
        return f"{self.file}:{self.sheet}" if self.sheet else self.file

    def problem(self, r: int, c: int, message: str, hint: str | None = None) -> Problem:
        """A problem at a cell: `file.xlsx:Sheet!C12:` (`file.csv:C12:`), or in a document
        `file.docx: table 2, row 5, column "Lead":`."""
        if self.sheet is not None:
            return Problem(self.file, r, c, "", message, hint, sheet=self.sheet)
        place = self.places.get(r, Place(f"row {r}"))
        text = place.text
        if place.cells:
            heading = self.headings.get(c)
            text += f', column "{heading}"' if heading else f", column {c}"
        return Problem(self.file, r, c, "", message, hint, place=text)


def cell_text(value: Any) -> str:
    """A cell's value as the text the import reads: numbers without grouping, dates as
    year-month-day, line breaks as `\\n`, no space around."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number(value, grouping=False)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
