"""A grid's rows as the sections, aims and actions a person reading the plan sees.

A row that holds one value like "1. Antisocial behaviour" (or "Priority 1: …") starts a
section, or a Priority column does; a row like "1.1 Reduce ASB" alone starts an aim, or
the Aim column does. A merged cell applies to every row it covers (one aim over several
actions), a blank Aim continues the aim above, a blank Action with other cells filled
continues the action above, blank rows and a repeated header row are skipped. Any grid
reads the same: the rows of a sheet, or of a Word document's tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...content.problems import Problem
from ...content.text import closest
from .grid import Grid

SECTION = re.compile(
    r"^(?:(?:strategic\s+)?(?:priority|section|theme)(?:\s+area)?\s+(?=\d)|(?=\d+[.)]))"
    r"(\d+)\s*[.):\u2013-]?\s+(\S.*)$",
    re.DOTALL | re.IGNORECASE,
)
"""`1. Antisocial behaviour`, `Priority 2: Domestic abuse`: its number and title."""
AIM = re.compile(
    r"^(?:(?:objective|aim)\s+)?(\d+(?:\.\d+)+)\s*[.):\u2013-]?\s+(\S.*)$",
    re.DOTALL | re.IGNORECASE,
)
"""`1.1 Reduce ASB`, `Objective 1.2: …`: its number and text."""
REF = re.compile(r"^(\(?[a-z]\)|[a-z]\.)\s+(\S.*)$", re.DOTALL)
"""`a) Joint patrols`, `(b) …`, `c. …`: the action's label as written, and its text."""


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
    anchor: tuple[int, int] | None = None
    """The Priority cell it came from, where the plan has that column (and its text)."""
    cell: str = ""


@dataclass
class _State:
    sections: list[RawSection] = field(default_factory=list)
    aim: RawAim | None = None
    action: RawAction | None = None


def parse(
    grid: Grid, header_row: int, cols: dict[str, int], problems: list[Problem]
) -> list[RawSection]:
    """Rows → sections, aims and actions, with the row each came from."""
    state = _State()
    used = sorted(set(cols.values()))
    header = [grid.value(header_row, c) for c in used]
    above = _heading_above(grid, header_row)
    if above:
        _one_value_row(grid, above, cols, _fresh(grid, above, cols)[0], state, problems)
    for r in range(header_row + 1, grid.rows + 1):
        fresh = _fresh(grid, r, cols)
        continuing = {c for c in ("aim", "section") if c in cols and grid.anchor(r, cols[c])[0] < r}
        cells = [grid.value(r, cols[k]) for k in cols if k not in continuing]
        if not fresh or (not any(cells) and len(fresh) != 1):
            continue  # blank row (or inside a merged aim)
        if [grid.value(r, c) for c in used] == header:
            continue  # the header repeated (a table on each page, or per section)
        if len(fresh) == 1 and _one_value_row(grid, r, cols, fresh[0], state, problems):
            continue
        if "section" in cols and not _section_cell(grid, r, cols, state, problems):
            continue
        if not state.sections:
            problems.append(
                grid.problem(
                    r,
                    used[0],
                    "this row comes before any section",
                    "add a row like '1. Antisocial behaviour' above it",
                )
            )
            continue
        state.aim, state.action = _place_row(
            grid, r, cols, state.sections[-1], state.aim, state.action, problems
        )
    return state.sections


def _heading_above(grid: Grid, header_row: int) -> int | None:
    """A document's section heading just above the table the header row is in ("Priority
    1: Drugs" over a table per section), which the rows after the header continue."""
    place = grid.places.get(header_row)
    if place is None:
        return None
    r = header_row - 1
    while r >= 1 and (p := grid.places.get(r)) is not None and p.table == place.table:
        r -= 1
    p = grid.places.get(r)
    if r >= 1 and p is not None and not p.cells and SECTION.match(grid.value(r, 1)):
        return r
    return None


def _fresh(grid: Grid, r: int, cols: dict[str, int]) -> list[tuple[int, int, str]]:
    """The values that start in this row (not a merged cell from above), but Themes: each
    with the column it starts in and how many columns it covers."""
    themes = grid.anchor(r, cols["themes"]) if "themes" in cols else None
    seen: dict[tuple[int, int], list[Any]] = {}
    for c in range(1, grid.columns + 1):
        a = grid.anchor(r, c)
        if a[0] == r and a != themes and grid.value(r, c):
            seen.setdefault(a, [a[1], 0, grid.value(r, c)])[1] += 1
    return [(c, span, text) for c, span, text in seen.values()]


def _one_value_row(
    grid: Grid,
    r: int,
    cols: dict[str, int],
    value: tuple[int, int, str],
    state: _State,
    problems: list[Problem],
) -> bool:
    """A row holding only a section's or an aim's heading: start it (True). A document's
    heading between its tables starts a section, numbered or not. An action alone in its
    row ("1. Run patrols" under a merged aim) is no heading, unless merged across."""
    c, span, text = value
    heading = r in grid.places and not grid.places[r].cells
    if c == cols["action"] and span == 1 and not heading:
        return False
    match = SECTION.match(text)
    if (match or heading) and not AIM.match(text):
        number, title = (
            (int(match.group(1)), match.group(2)) if match else (len(state.sections) + 1, text)
        )
        title = " ".join(title.split())
        state.sections.append(RawSection(r, number, title, _themes(grid, r, cols, problems)))
        state.aim = state.action = None
        return True
    if AIM.match(text) and state.sections:
        state.aim = RawAim(r, (r, 0), " ".join(text.split()))
        state.sections[-1].aims.append(state.aim)
        state.action = None
        return True
    return False


def _section_cell(
    grid: Grid, r: int, cols: dict[str, int], state: _State, problems: list[Problem]
) -> bool:
    """A Priority column: a new value starts a section. False when the row has none."""
    anchor = grid.anchor(r, cols["section"])
    text = grid.value(r, cols["section"])
    last = state.sections[-1] if state.sections else None
    if not text:
        if last is None:
            problems.append(
                grid.problem(r, cols["section"], "this row has no priority", "write it here")
            )
            return False
        return True
    if last is not None and (anchor == last.anchor or text == last.cell):
        return True
    match = SECTION.match(text)
    number, title = (
        (int(match.group(1)), match.group(2)) if match else (len(state.sections) + 1, text)
    )
    title = " ".join(title.split())
    themes = _themes(grid, r, cols, problems)
    state.sections.append(RawSection(r, number, title, themes, anchor=anchor, cell=text))
    state.aim = state.action = None
    return True


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
    aim_cell = grid.anchor(r, cols["aim"]) if "aim" in cols else (r, 0)
    aim_text = grid.value(r, cols["aim"]) if "aim" in cols else ""
    if aim_text and (aim is None or (aim_cell != aim.anchor and aim_text != aim.text)):
        aim = RawAim(r, aim_cell, aim_text)
        section.aims.append(aim)
        action = None
    elif aim is None:
        problems.append(
            grid.problem(
                r,
                cols.get("aim", cols["action"]),
                "this action has no aim",
                "write the aim here or in a row above",
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
        if name in ("aim", "section") or (c, name) == (cols.get("themes"), "themes"):
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
        word = word.strip().removeprefix("- ").strip()
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
    """A list cell's items: one a line (or between semicolons), bullets taken off."""
    out = []
    for v in values:
        for line in re.split(r"[\n;]", v):
            line = re.sub(r"^\s*[-•*]\s+", "", line).strip()
            if line:
                out.append(line)
    return out
