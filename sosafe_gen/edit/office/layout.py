"""The columns of an action plan, in any partnership's words, and the header row naming them.

A heading is matched by a list of synonyms (`HEADINGS`, listed in the README), or by the
editor's own `--columns "Owner=lead,By when=timescale"`; a heading that neither knows is
refused with the known ones and the closest, never dropped silently (`--columns
"RAG=skip"` leaves a column out on purpose). The header row is found wherever it is: the
first row naming an Action column and at least one other.

`plan_columns` is the layout `sosafe sheet` writes: the one description both directions
use, so every heading the sheet writes is one the import reads.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...content import model as m
from ...content.delivery import STATUS_LABELS
from ...content.text import closest
from .grid import Grid, cell_text

HEADINGS: dict[str, tuple[str, ...]] = {
    "section": ("priority", "priorities", "priority area", "strategic priority", "section"),
    "aim": ("aim", "aims", "objective", "objectives", "strategic objective", "key objective"),
    "action": (
        "action",
        "actions",
        "activity",
        "activities",
        "task",
        "tasks",
        "what we will do",
        "action description",
    ),
    "lead": (
        "lead",
        "lead officer",
        "lead organisation",
        "lead agency",
        "lead partner",
        "owner",
        "action owner",
        "responsible officer",
        "responsible",
        "responsibility",
        "who",
    ),
    "partners": (
        "partners",
        "partner",
        "partner agencies",
        "partner organisations",
        "key partners",
        "supporting partners",
    ),
    "resources": ("resources", "resource", "resources required", "funding", "budget"),
    "expected_outcomes": (
        "expected outcomes",
        "expected outcome",
        "outcomes",
        "outcome",
        "intended outcomes",
        "desired outcomes",
    ),
    "timescale": (
        "timescale",
        "timescales",
        "timeframe",
        "time frame",
        "target date",
        "by when",
        "when",
        "deadline",
        "due date",
        "completion date",
    ),
    "measures": (
        "success measures",
        "success measure",
        "measures of success",
        "measure of success",
        "measures",
        "kpi",
        "kpis",
        "key performance indicators",
        "performance measures",
        "performance indicators",
        "how we will measure success",
    ),
    "progress_to_date": (
        "progress to date",
        "progress",
        "progress update",
        "update",
        "updates",
        "latest update",
        "comments",
        "comment",
        "commentary",
    ),
    "themes": ("themes", "theme"),
    "id": ("id", "action id"),
    "status": ("status",),
    "check": ("check",),
}
"""Each column's key → the headings (lower case) that name it. Q1–Q4 are read by their own
pattern: `Q1`, `Q1 update`, `Quarter 1`."""

MAIN = {
    "section": "Priority",
    "aim": "Aim",
    "action": "Action",
    "lead": "Lead",
    "partners": "Partners",
    "resources": "Resources",
    "expected_outcomes": "Expected outcomes",
    "timescale": "Timescale",
    "measures": "Success measures",
    "progress_to_date": "Progress to date",
    "themes": "Themes",
    "id": "Id",
    "status": "Status",
}
"""One heading for each column, as messages name them."""
FIELDS = (*MAIN, *m.QUARTERS, "skip")
"""What `--columns` may map a heading to (`skip`: leave the column out)."""
LIST_FIELDS = ("lead", "partners", "resources", "expected_outcomes", "measures")
EXTRA = ("timescale", "measures")
"""Columns `sosafe sheet` writes only for a plan that has them."""
_QUARTER = re.compile(r"^(?:q|quarter\s*)([1-4])\b")
STATUS_WORDS = {label: value for value, label in STATUS_LABELS.items() if value in m.STATUS_VALUES}
"""A status as the sheet offers it ("in progress") → its value in the content."""


@dataclass(frozen=True)
class Column:
    """One column of the plan's sheet: the name the import reads it as, and its heading."""

    key: str
    heading: str
    width: int
    """In characters, for `sosafe sheet` (readable when printed)."""


def plan_columns(progress_mode: str, extra: Iterable[str] = ()) -> list[Column]:
    """The columns of a plan's sheet, in order: what `sosafe sheet` writes and `sosafe
    import` reads. Status only for quarterly plans: a status is recorded in a quarter, and a
    plan without quarters has none to give it. `extra`: Timescale and Success measures,
    for a plan whose actions have them."""
    if progress_mode == "quarterly":
        progress = [Column(q, q, 36) for q in m.QUARTERS] + [Column("status", "Status", 16)]
    else:
        progress = [Column("progress_to_date", "Progress to date", 50)]
    wanted = set(extra)
    return [
        Column("id", "Id", 9),
        Column("aim", "Aim", 26),
        Column("action", "Action", 40),
        Column("lead", "Lead", 20),
        Column("partners", "Partners", 20),
        Column("resources", "Resources", 18),
        Column("expected_outcomes", "Expected outcomes", 28),
        *(Column(k, MAIN[k], 18 if k == "timescale" else 28) for k in EXTRA if k in wanted),
        *progress,
        Column("check", "Check", 12),
    ]


def plan_extras(plan: m.ActionPlan) -> tuple[str, ...]:
    """The optional columns a plan's sheet needs: those any of its actions fills."""
    actions = [a for s in plan.sections for aim in s.aims for a in aim.actions]
    return tuple(k for k in EXTRA if any(getattr(a, k) for a in actions))


def normal(heading: str) -> str:
    """A heading as the synonyms are written: lower case, single spaces, no emphasis, no
    colon or question mark at the end, `(s)` as `s`."""
    t = heading.lower().replace("(s)", "s").replace("&", "and").strip("*_ \n")
    return " ".join(t.rstrip(":?").split())


KNOWN = {h: key for key, names in HEADINGS.items() for h in names}


def column_key(heading: str, mapping: dict[str, str] | None = None) -> str | None:
    """The key a heading names (`--columns` first), or None."""
    t = normal(heading)
    if mapping and t in mapping:
        return mapping[t]
    if q := _QUARTER.match(t):
        return f"Q{q.group(1)}"
    return KNOWN.get(t)


def parse_mapping(text: str) -> dict[str, str]:
    """`--columns "Owner=lead,By when=timescale"` → {normal heading: key}; ValueError with
    the reason for anything it cannot read."""
    out: dict[str, str] = {}
    for item in filter(None, (x.strip() for x in text.split(","))):
        heading, eq, key = item.rpartition("=")
        key = key.strip().lower().replace(" ", "_").replace("-", "_")
        key = key.upper() if re.fullmatch(r"q[1-4]", key) else key
        if not eq or not heading.strip():
            raise ValueError(f"'{item}' is not HEADING=FIELD, e.g. 'By when=timescale'")
        if key not in FIELDS:
            hint = closest(key, FIELDS)
            raise ValueError(
                f"'{key}' is not a field{f' ({hint})' if hint else ''}; fields: {', '.join(FIELDS)}"
            )
        out[normal(heading)] = key
    return out


@dataclass
class Header:
    """The header row: which column each key is in, and the headings it cannot place."""

    row: int
    cols: dict[str, int]
    unknown: list[tuple[int, str]] = field(default_factory=list)
    twice: list[tuple[str, int, int]] = field(default_factory=list)
    """(key, first column, second column): two headings for the same field."""


def find_header(grid: Grid, mapping: dict[str, str] | None = None) -> Header | None:
    """The first row (of the first 50) naming an Action column and at least one other."""
    for r in range(1, min(grid.rows, 50) + 1):
        header = Header(r, {})
        anchors = set()
        for c in range(1, grid.columns + 1):
            if grid.anchor(r, c) in anchors:
                continue  # one heading merged over two columns
            anchors.add(grid.anchor(r, c))
            text = grid.value(r, c)
            if not text:
                continue
            key = column_key(text, mapping)
            if key is None:
                header.unknown.append((c, text))
            elif key == "skip":
                continue
            elif key in header.cols:
                header.twice.append((key, header.cols[key], c))
            else:
                header.cols[key] = c
        known = [k for k in header.cols if k != "skip"]
        if "action" in header.cols and len(known) >= 2:
            if "aim" not in header.cols and "section" in header.cols:
                header.cols["aim"] = header.cols.pop("section")  # a Priority over actions
            grid.headings = {
                c: " ".join(grid.value(r, c).split())
                for c in range(1, grid.columns + 1)
                if grid.value(r, c)
            }
            return header
    return None


def known_list() -> str:
    """The headings the import knows, one for each field, for a message."""
    return ", ".join([*(MAIN[k] for k in MAIN if k != "id"), "Q1–Q4"])


def unknown_hint(heading: str) -> str:
    """The closest known heading, and how to map this one (or leave it out)."""
    h = " ".join(heading.split())
    near = difflib.get_close_matches(normal(heading), list(KNOWN), n=1, cutoff=0.6)
    skip = f'or --columns "{h}=skip" to leave it out'
    if near:
        return f"did you mean '{near[0]}'? Then: --columns \"{h}={KNOWN[near[0]]}\"; {skip}"
    return f'name its field: --columns "{h}=FIELD" (a field: {", ".join(FIELDS[:-1])}); {skip}'


# --- what `sosafe sheet` writes in each cell, read back the same way ---------------------


def who(x: m.Lead | str) -> str:
    """A lead as the council writes one: `Police (Pat Example)`; the import reads it back."""
    if isinstance(x, str):
        return x
    return f"{x.organisation} ({x.person})" if x.person else x.organisation


def section_cell(number: int, sec: m.PlanSection) -> str:
    return f"{sec.number or number}. {sec.title}"


def aim_cell(aim: m.PlanAim) -> str:
    return f"{aim.number} {aim.text}" if aim.number else aim.text


def action_cells(action: m.Action) -> dict[str, str]:
    """An action's cells in the sheet, by column key (not Id, Aim or Check), as the import
    reads them back: what `sosafe sheet` writes and a return is compared with."""
    cells = {
        "action": f"{action.ref} {action.text}" if action.ref else action.text,
        "lead": "\n".join(who(x) for x in action.lead),
        "partners": "\n".join(who(x) for x in action.partners),
        "resources": "\n".join(action.resources),
        "expected_outcomes": "\n".join(action.expected_outcomes),
        "timescale": action.timescale.text if action.timescale else "",
        "measures": "\n".join(action.measures),
        **{q: (action.progress or {}).get(q, "") for q in m.QUARTERS},
        "progress_to_date": action.progress_to_date or "",
        "status": STATUS_LABELS[action.status.value] if action.status else "",
    }
    return {k: cell_text(v) for k, v in cells.items()}
