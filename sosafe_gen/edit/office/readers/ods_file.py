"""LibreOffice spreadsheets (.ods): one grid per sheet, read as the file streams.

An .ods is a zip whose `content.xml` holds every sheet as rows of cells (OpenDocument
1.2+, part 1, section 9). The cells are read with the standard library's streaming
parser, through defusedxml (no DTD, so no entity can expand or name a file), one row at a
time, each row dropped once read: memory follows the cells that hold text, not the file.
LibreOffice writes a sheet's empty tail as one row repeated a million times; a repeated
row or cell is expanded only when it holds something, and never past `limits`.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from ....content.problems import ContentError, Problem, file_problem
from ..grid import Grid, cell_text
from ..limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


def read(path: Path, display: str, problems: list[Problem]) -> list[Grid]:
    from defusedxml.ElementTree import iterparse

    try:
        with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
            return _Sheets(display, problems).read(iterparse(fh, events=("start", "end")))
    except ContentError:
        raise
    except Exception as exc:  # not a zip, no content.xml, bad XML, a DTD (defusedxml)
        raise ContentError(
            [
                file_problem(
                    display,
                    f"cannot read the spreadsheet: {exc}",
                    "open it in LibreOffice and save it again as .ods",
                )
            ]
        ) from None


class _Sheets:
    """The state of one pass over content.xml: the sheet, row and column being read."""

    def __init__(self, display: str, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems
        self.grids: list[Grid] = []
        self.row = 0
        self.col = 1
        self.cells = 0
        self.pending: list[tuple[int, int, str]] = []
        """The row's filled cells (column, span of columns, text), placed at its end."""

    def read(self, events: Any) -> list[Grid]:
        stack: list[Any] = []
        for event, elem in events:
            if event == "start":
                stack.append(elem)
                if elem.tag == f"{_TABLE}table" and len(stack) <= 4:
                    self.grids.append(Grid(self.display, elem.get(f"{_TABLE}name", ""), {}))
                    self.row = 0
                elif elem.tag == f"{_TABLE}table-row":
                    self.col = 1
                    self.pending = []
                continue
            stack.pop()
            if elem.tag in _CELLS and stack and stack[-1].tag == f"{_TABLE}table-row":
                self._cell(elem)
                elem.clear()
            elif elem.tag == f"{_TABLE}table-row" and self.grids:
                self._row(int(elem.get(f"{_TABLE}number-rows-repeated", "1")))
                if stack:
                    stack[-1].remove(elem)  # keep memory to the row being read
        return self.grids

    def _cell(self, elem: Any) -> None:
        grid = self.grids[-1]
        repeat = int(elem.get(f"{_TABLE}number-columns-repeated", "1"))
        text = _value(elem)
        r = self.row + 1
        if text is None:
            formula = elem.get(f"{_TABLE}formula", "")
            self.problems.append(
                grid.problem(
                    r,
                    self.col,
                    f"formula {formula.removeprefix('of:')} has no saved value",
                    "open the file in LibreOffice and save it, or type the value in",
                )
            )
        elif text:
            if self.col + repeat - 1 > MAX_COLUMNS:
                self._too_big()
            span_c = int(elem.get(f"{_TABLE}number-columns-spanned", "1"))
            span_r = int(elem.get(f"{_TABLE}number-rows-spanned", "1"))
            for k in range(repeat):
                self.pending.append((self.col + k, span_c, text))
                if span_c > 1 or span_r > 1:
                    self._merge(r, self.col + k, span_r, span_c)
            self._count(repeat)
        self.col += repeat

    def _merge(self, r: int, c: int, rows: int, cols: int) -> None:
        grid = self.grids[-1]
        if rows * cols > MAX_CELLS:
            self._too_big()
        for rr in range(r, r + rows):
            for cc in range(c, c + cols):
                grid.anchors[(rr, cc)] = (r, c)

    def _row(self, repeat: int) -> None:
        grid = self.grids[-1]
        if self.pending:
            if self.row + repeat > MAX_ROWS:
                self._too_big()
            self._count(len(self.pending) * (repeat - 1))
            for k in range(repeat):
                for c, _, text in self.pending:
                    grid.values[(self.row + 1 + k, c)] = text
            grid.rows = self.row + repeat
            grid.columns = max(grid.columns, max(c for c, _, _ in self.pending))
        self.row += repeat

    def _count(self, n: int) -> None:
        self.cells += n
        if self.cells > MAX_CELLS:
            self._too_big()

    def _too_big(self) -> None:
        raise ContentError(
            [
                file_problem(
                    self.display,
                    f"the spreadsheet fills more than {MAX_CELLS:,} cells, or more than "
                    f"{MAX_ROWS:,} rows or {MAX_COLUMNS} columns; an action plan needs far fewer",
                    "keep the plan on its own sheet, without copies of other data",
                )
            ]
        )


def _value(cell: Any) -> str | None:
    """The cell as text: its saved value for a number, date or truth value, else its
    paragraphs; None for a formula with no saved value."""
    kind = cell.get(f"{_OFFICE}value-type")
    if kind in ("float", "percentage", "currency"):
        return cell_text(float(cell.get(f"{_OFFICE}value", "0")))
    if kind == "date":
        when = cell.get(f"{_OFFICE}date-value", "")
        try:
            return cell_text(dt.datetime.fromisoformat(when))
        except ValueError:
            return cell_text(when)
    if kind == "boolean":
        return cell_text(cell.get(f"{_OFFICE}boolean-value") == "true")
    paragraphs = [_text(p) for p in cell if p.tag in (f"{_TEXT}p", f"{_TEXT}h")]
    if kind is None and cell.get(f"{_TABLE}formula") and not paragraphs:
        return None
    return cell_text("\n".join(paragraphs))


def _text(elem: Any) -> str:
    """A paragraph's text: spans and links as their words, `text:s` as its spaces,
    tabs and line breaks as themselves; notes (annotations) left out."""
    parts = [elem.text or ""]
    for child in elem:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1")))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag not in (f"{_OFFICE}annotation", f"{_TEXT}note"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
