"""Read a spreadsheet in the council's action-plan layout into sections, aims and actions.

Columns: Aim | Action | Lead | Partners | Resources | Expected outcomes | Progress to date
(or Q1..Q4), optionally Themes; a sheet `sosafe sheet` wrote also has Id, Status and Check
(`plan_columns`, the one description of the layout both directions use). A row like
"1. Antisocial behaviour" starts a section. The sheet is read as a person filling it means
it: a merged cell's value applies to its whole range (one aim over several action rows), a blank
Aim continues the aim above, a blank Action with other cells filled continues the action
above, blank rows are skipped, and a formula gives its saved value (one without a saved
value is an error naming the cell).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import model as m
from ..content.delivery import STATUS_LABELS
from ..content.problems import ContentError, Problem, file_problem
from ..content.text import closest, display_path, number

COLUMNS = {
    "aim": "aim",
    "aims": "aim",
    "action": "action",
    "actions": "action",
    "lead": "lead",
    "lead officer": "lead",
    "lead organisation": "lead",
    "partners": "partners",
    "resources": "resources",
    "expected outcomes": "expected_outcomes",
    "expected outcome": "expected_outcomes",
    "outcomes": "expected_outcomes",
    "progress to date": "progress_to_date",
    "progress": "progress_to_date",
    "themes": "themes",
    "theme": "themes",
    "action id": "id",
}
"""Headings the import knows, lower case → column key (with `plan_columns`' own, below)."""
LIST_FIELDS = ("lead", "partners", "resources", "expected_outcomes")
_SECTION = re.compile(r"^(\d+)[.)]\s+(\S.*)$", re.DOTALL)
AIM = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(\S.*)$", re.DOTALL)
REF = re.compile(r"^([a-z])\)\s+(\S.*)$", re.DOTALL)


@dataclass(frozen=True)
class Column:
    """One column of the plan's sheet: the name the import reads it as, and its heading."""

    key: str
    heading: str
    width: int
    """In characters, for `sosafe sheet` (readable when printed)."""


def plan_columns(progress_mode: str) -> list[Column]:
    """The columns of a plan's sheet, in order: what `sosafe sheet` writes and `sosafe
    import` reads (each heading is one `COLUMNS` knows). Status only for quarterly plans:
    a status is recorded in a quarter, and a plan without quarters has none to give it."""
    if progress_mode == "quarterly":
        progress = [Column(q, q, 36) for q in m.QUARTERS] + [Column("status", "Status", 16)]
    else:
        progress = [Column("progress_to_date", "Progress to date", 50)]
    return [
        Column("id", "Id", 9),
        Column("aim", "Aim", 26),
        Column("action", "Action", 40),
        Column("lead", "Lead", 20),
        Column("partners", "Partners", 20),
        Column("resources", "Resources", 18),
        Column("expected_outcomes", "Expected outcomes", 28),
        *progress,
        Column("check", "Check", 12),
    ]


COLUMNS.update(
    (c.heading.lower(), c.key)
    for mode in ("quarterly", "to_date")
    for c in plan_columns(mode)
    if c.key not in m.QUARTERS  # Q1..Q4 are read by their own pattern
)

STATUS_WORDS = {label: value for value, label in STATUS_LABELS.items() if value in m.STATUS_VALUES}
"""A status as the sheet offers it ("in progress") → its value in the content."""


def _who(x: m.Lead | str) -> str:
    """A lead as the council writes one: `Police (Pat Example)`; `import` reads it back."""
    if isinstance(x, str):
        return x
    return f"{x.organisation} ({x.person})" if x.person else x.organisation


def section_cell(number: int, sec: m.PlanSection) -> str:
    return f"{sec.number or number}. {sec.title}"


def aim_cell(aim: m.PlanAim) -> str:
    return f"{aim.number} {aim.text}" if aim.number else aim.text


def action_cells(action: m.Action) -> dict[str, str]:
    """An action's cells in the sheet, by column key (not Id, Aim or Check), as the import
    reads them back (`_text`): what `sosafe sheet` writes and a return is compared with."""
    cells = {
        "action": f"{action.ref} {action.text}" if action.ref else action.text,
        "lead": "\n".join(_who(x) for x in action.lead),
        "partners": "\n".join(_who(x) for x in action.partners),
        "resources": "\n".join(action.resources),
        "expected_outcomes": "\n".join(action.expected_outcomes),
        **{q: (action.progress or {}).get(q, "") for q in m.QUARTERS},
        "progress_to_date": action.progress_to_date or "",
        "status": STATUS_LABELS[action.status.value] if action.status else "",
    }
    return {k: _text(v) for k, v in cells.items()}


@dataclass
class Grid:
    """A sheet as text: `value(r, c)` resolves merged cells to their top-left value."""

    file: str
    sheet: str
    values: dict[tuple[int, int], str]
    anchors: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    rows: int = 0
    columns: int = 0
    themes: dict[str, str] = field(default_factory=dict)
    """Theme ids and titles (lower case) → theme id, for a Themes column."""
    orgs: set[str] = field(default_factory=set)
    """Organisation names the content uses (see `importer._who`)."""

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        return self.anchors.get((r, c), (r, c))

    def value(self, r: int, c: int) -> str:
        return self.values.get(self.anchor(r, c), "")

    def problem(self, r: int, c: int, message: str, hint: str | None = None) -> Problem:
        """A problem at a cell, printed `file.xlsx:Sheet!C12:` (`file.csv:C12:`)."""
        return Problem(self.file, r, c, "", message, hint, sheet=self.sheet)


def _text(value: Any) -> str:
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


def read_grids(path: Path, problems: list[Problem]) -> list[Grid]:
    display = display_path(path)
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
        grid = Grid(display, "", {})
        # Rows are records, as a spreadsheet numbers them: a quoted cell may hold line breaks.
        try:
            for r, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
                for c, value in enumerate(row, start=1):
                    if value.strip():
                        grid.values[(r, c)] = _text(value)
                grid.rows, grid.columns = r, max(grid.columns, len(row))
        except csv.Error as exc:  # e.g. a cell over the csv module's size limit
            raise ContentError(
                [grid.problem(grid.rows + 1, 1, f"cannot read this row: {exc}")]
            ) from None
        return [grid]
    import openpyxl  # only needed for spreadsheets

    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise ContentError(
            [
                file_problem(
                    display,
                    f"cannot read the spreadsheet: {exc}",
                    "save it from Excel as .xlsx, or as .csv",
                )
            ]
        ) from None
    grids = []
    for ws in values.worksheets:
        fws = formulas[ws.title]
        grid = Grid(display, ws.title, {}, rows=ws.max_row, columns=ws.max_column)
        for rng in ws.merged_cells.ranges:
            top = (rng.min_row, rng.min_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    grid.anchors[(r, c)] = top
        for row in ws.iter_rows():
            for cell in row:
                if (
                    cell.value is None
                    and getattr(fws.cell(cell.row, cell.column), "data_type", "") == "f"
                ):
                    formula = fws.cell(cell.row, cell.column).value
                    problems.append(
                        grid.problem(
                            cell.row,
                            cell.column,
                            f"formula {getattr(formula, 'text', formula)} has no saved value",
                            "open the file in Excel or LibreOffice and save it, "
                            "or type the value in",
                        )
                    )
                elif cell.value is not None and _text(cell.value):
                    grid.values[(cell.row, cell.column)] = _text(cell.value)
        grids.append(grid)
    return grids


@dataclass
class RawAction:
    row: int
    anchor: tuple[int, int]
    fields: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class RawAim:
    row: int
    anchor: tuple[int, int]
    text: str
    actions: list[RawAction] = field(default_factory=list)


@dataclass
class RawSection:
    row: int
    number: int
    title: str
    themes: list[str] = field(default_factory=list)
    aims: list[RawAim] = field(default_factory=list)
    broken: bool = False
    """A row in it was reported already (so "no aims" would only repeat it)."""


def find_header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    for r in range(1, min(grid.rows, 30) + 1):
        cols: dict[str, int] = {}
        for c in range(1, grid.columns + 1):
            name = _column(grid.values.get((r, c), ""))
            if name:
                cols.setdefault(name, c)
        if "aim" in cols and "action" in cols:
            return r, cols
    return None


def _column(title: str) -> str | None:
    t = " ".join(title.lower().replace("(s)", "s").rstrip(":").split())
    q = re.match(r"^q([1-4])\b", t)
    return f"Q{q.group(1)}" if q else COLUMNS.get(t)


def parse(
    grid: Grid, header_row: int, cols: dict[str, int], problems: list[Problem]
) -> list[RawSection]:
    """Rows → sections, aims and actions, with the row each came from."""
    sections: list[RawSection] = []
    aim: RawAim | None = None
    action: RawAction | None = None
    used = sorted(set(cols.values()))
    header = [grid.value(header_row, c) for c in used]
    for r in range(header_row + 1, grid.rows + 1):
        aim_cell = grid.anchor(r, cols["aim"])
        cells = {
            c: grid.value(r, c) for c in used if c != cols["aim"] or aim_cell == (r, cols["aim"])
        }
        if not any(cells.values()) or [grid.value(r, c) for c in used] == header:
            continue  # blank row (or inside a merged aim), or the header repeated
        distinct = {grid.anchor(r, c) for c in used if grid.value(r, c)}
        first = next(grid.value(r, c) for c in used if grid.value(r, c))
        themes = grid.value(r, cols["themes"]) if "themes" in cols else ""
        match = _SECTION.match(first)
        if match and len(distinct) - (1 if themes else 0) == 1:
            sections.append(
                RawSection(
                    r,
                    int(match.group(1)),
                    " ".join(match.group(2).split()),
                    _themes(grid, r, cols, problems),
                )
            )
            aim = action = None
            continue
        if not sections:
            problems.append(
                grid.problem(
                    r,
                    used[0],
                    "this row comes before any section",
                    "add a row like '1. Antisocial behaviour' above it",
                )
            )
            continue
        aim, action = _place_row(grid, r, cols, sections[-1], aim, action, problems)
    return sections


def _place_row(
    grid: Grid,
    r: int,
    cols: dict[str, int],
    section: RawSection,
    aim: RawAim | None,
    action: RawAction | None,
    problems: list[Problem],
) -> tuple[RawAim | None, RawAction | None]:
    """Put one row's cells under the aim and action they belong to; return the new
    current aim and action (a blank Aim or Action cell continues the one above)."""
    aim_cell = grid.anchor(r, cols["aim"])
    aim_text = grid.value(r, cols["aim"])
    if aim_text and (aim is None or (aim_cell != aim.anchor and aim_text != aim.text)):
        aim = RawAim(r, aim_cell, aim_text)
        section.aims.append(aim)
        action = None
    elif aim is None:
        problems.append(
            grid.problem(
                r, cols["aim"], "this action has no aim", "write the aim here or in a row above"
            )
        )
        section.broken = True
        return aim, action
    action_cell = grid.anchor(r, cols["action"])
    if grid.value(r, cols["action"]) and (action is None or action_cell != action.anchor):
        action = RawAction(r, action_cell)
        aim.actions.append(action)
    elif action is None:
        problems.append(
            grid.problem(
                r,
                cols["action"],
                "the action is empty",
                "describe the action, or delete the row",
            )
        )
        section.broken = True
        return aim, action
    _add_cells(grid, r, cols, action, problems)
    return aim, action


def _add_cells(
    grid: Grid, r: int, cols: dict[str, int], action: RawAction, problems: list[Problem]
) -> None:
    for name, c in cols.items():
        if name == "aim" or (c, name) == (cols.get("themes"), "themes"):
            continue
        value = grid.value(r, c)
        if not value or (name == "action" and r != action.row):
            continue
        got = action.fields.setdefault(name, [])
        if grid.anchor(r, c) != (r, c) and r != action.row and value in got:
            continue  # a merged cell seen again on the action's next row
        got.append(value)
    themes = grid.value(r, cols["themes"]) if "themes" in cols else ""
    if themes and r == action.row:
        action.fields["themes"] = _themes(grid, r, cols, problems)


def _themes(grid: Grid, r: int, cols: dict[str, int], problems: list[Problem]) -> list[str]:
    if "themes" not in cols:
        return []
    known = grid.themes
    out = []
    for word in re.split(r"[;,\n]", grid.value(r, cols["themes"])):
        word = word.strip()
        if word and known.get(word.lower()):
            out.append(known[word.lower()])
        elif word:
            problems.append(
                grid.problem(
                    r,
                    cols["themes"],
                    f"unknown theme '{word}'",
                    closest(word.lower(), known) or "use a theme's id or title from themes.yml",
                )
            )
    return out


def cell_items(values: list[str]) -> list[str]:
    out = []
    for v in values:
        for line in re.split(r"[\n;]", v):
            line = re.sub(r"^\s*[-•*]\s+", "", line).strip()
            if line:
                out.append(line)
    return out
