"""An action plan's PDF table (`_plan_table.md.j2`): which columns it has, and how wide.

The columns are the council's (Aim | Action | Lead | Partners | Resources | Expected
outcomes | progress), then the recorded status; an optional column is there only when some
action of the plan fills it. A row is as tall as its fullest cell and is kept whole on a
page, so the widths decide how many pages the plan takes: a fixed share for each would
leave one plan's short partner lists in tall narrow cells and another's long progress
cramped. So each plan's widths are fitted to its own text: an estimate of every cell's
lines at a given width (its paragraphs and list items, in characters), and width given,
a step at a time, where it shortens the rows most. A table-layout `auto` table does a
cruder version of this per page (in a first version of this layout it was measured slower,
and a page longer, on the 2024/25 plan); fixed widths also keep the columns the same on
every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..content import model as m
from ..content.i18n import N_
from ..content.record import Content, action_themes, iter_actions

WIDTH_MM = 277.0
"""The table's width: A4 landscape (297 mm) less the side margins (_pdf.css)."""
CHAR_MM = 1.24
"""A character's mean width at the table's type size (7.5 pt DejaVu Sans), in mm."""
HEADING_CHAR_MM = 1.9
"""The same, bold, for the header row's words (a column is never narrower than its
heading's longest word)."""
WORD_CHAR_MM = 1.45
"""A character's width in a long word (more capitals and wide letters than the mean): a
column is as wide as its longest word, up to WORD_CAP characters (a longer one breaks)."""
WORD_CAP = 11
PAD_MM = 2.6
"""A cell's padding and rules, across."""
PAGE_LINES = 52
"""The lines of the table's type a landscape page holds below the header row."""
WRAP_LOSS = 3.0
"""Characters a line loses, on average, to words that do not fit at its end."""
ITEM_GAP = 0.25
"""Space between a cell's paragraphs, in lines."""
STEP = 0.5
"""The width given at each step of the fitting, in per cent of the table."""
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")

Cells = dict[str, list[str]]


@dataclass(frozen=True)
class Column:
    """A column: its key (the cell the template writes), heading (a catalogue message),
    least width (per cent), and whether every plan has it."""

    key: str
    heading: str
    least: float
    always: bool = False


PLAN_COLUMNS = (
    Column("aim", N_("Aim"), 9, always=True),
    Column("action", N_("Action"), 14, always=True),
    Column("lead", N_("Lead"), 6),
    Column("partners", N_("Partners"), 6),
    Column("resources", N_("Resources"), 6),
    Column("timescale", N_("Timescale"), 6),
    Column("expected_outcomes", N_("Expected outcomes"), 8),
    Column("measures", N_("Success measures"), 8),
    Column("progress", N_("Progress by quarter"), 14, always=True),
    Column("status", N_("Status"), 6),
)
"""In the council's order (as `sosafe import` reads it), then the status: a plan with no
status recorded has no Status column (its delivery status says so once)."""


@dataclass(frozen=True)
class PlanTable:
    """What `_plan_table.md.j2` needs beyond the plan."""

    columns: list[tuple[str, str, float]]
    """Key, heading (a catalogue message) and width in per cent of each column shown."""
    long: frozenset[str]
    """The actions whose row is longer than a page: only these may break across pages
    (any other row that does not fit would leave a page part empty either way)."""
    status_source: m.Source | None
    """The source every status cites, if one: named once, above the table."""


def plan_table(content: Content, plan: m.ActionPlan, words: Callable[[str], str]) -> PlanTable:
    """The plan's table: its columns (headings in `words`' language set the least widths),
    the rows that may break, and the one status source."""
    quarterly = plan.progress_mode == "quarterly"
    rows = [
        _cells(content, sec, aim, a, quarterly, first=a is aim.actions[0])
        for sec, aim, a in iter_actions(plan)
    ]
    shown = [c for c in PLAN_COLUMNS if c.always or any(r.get(c.key) for r in rows)]
    progress = N_("Progress by quarter") if quarterly else N_("Progress to date")
    headings = [progress if c.key == "progress" else c.heading for c in shown]
    cells = [[r.get(c.key, []) for c in shown] for r in rows]
    longest = [
        min(WORD_CAP, max((_longest_word(p) for row in cells for p in row[j]), default=0))
        for j in range(len(shown))
    ]
    least = [
        max(
            c.least,
            100
            * (max(_longest_word(words(h)) * HEADING_CHAR_MM, n * WORD_CHAR_MM) + PAD_MM)
            / WIDTH_MM,
        )
        for c, h, n in zip(shown, headings, longest, strict=True)
    ]
    widths = fit(cells, least)
    actions = [a.id for _, _, a in iter_actions(plan)]
    lines = [max(map(_lines, _lengths(row), widths)) for row in cells]
    return PlanTable(
        [(c.key, h, round(w, 2)) for c, h, w in zip(shown, headings, widths, strict=True)],
        frozenset(a for a, n in zip(actions, lines, strict=True) if n > PAGE_LINES),
        shared_status_source(plan),
    )


def shared_status_source(plan: m.ActionPlan) -> m.Source | None:
    """The source every recorded status of the plan cites, when there are several and all
    cite one (a year's review): the table names it once, above, rather than in each row."""
    statuses = [s for _, _, a in iter_actions(plan) for s in _statuses(a)]
    first = statuses[0].source if statuses else None
    if len(statuses) < 2 or first is None or any(s.source != first for s in statuses):
        return None
    return first


def _statuses(a: m.Action) -> list[m.ActionStatus]:
    return [*a.status_history, *([a.status] if a.status else [])]


def fit(rows: list[list[list[str]]], least: list[float]) -> list[float]:
    """Widths (per cent, summing to 100) for columns whose cells are `rows` (each cell its
    paragraphs), each at least its `least`: the rest given a step at a time to the column
    whose widening shortens the table most (to the widest tallest cells when no one step
    does)."""
    widths = list(least)
    if sum(widths) >= 100:
        return [100 * w / sum(widths) for w in widths]
    lengths = [_lengths(row) for row in rows]
    heights = [[_lines(cell, w) for cell, w in zip(row, widths, strict=True)] for row in lengths]
    while (step := min(STEP, 100 - sum(widths))) > 1e-9:
        best, best_gain, best_heights = None, 0.0, None
        for j, w in enumerate(widths):
            column = [_lines(row[j], w + step) for row in lengths]
            gain = sum(
                max(h) - max(*h[:j], new, *h[j + 1 :])
                for h, new in zip(heights, column, strict=True)
            )
            if gain > best_gain + 1e-9:
                best, best_gain, best_heights = j, gain, column
        if best is None or best_heights is None:  # no one step helps: the tallest cells
            tallest = [max(range(len(h)), key=h.__getitem__) for h in heights if max(h) > 0]
            if not tallest:  # no text at all: the least widths, scaled to the table
                break
            best = max(range(len(widths)), key=lambda j: (tallest.count(j), widths[j]))
            best_heights = [_lines(row[best], widths[best] + step) for row in lengths]
        widths[best] += step
        for h, new in zip(heights, best_heights, strict=True):
            h[best] = new
    return [100 * w / sum(widths) for w in widths]


def _lengths(row: list[list[str]]) -> list[list[int]]:
    return [[len(p) for p in cell] for cell in row]


def _lines(paragraphs: list[int], width: float) -> float:
    """A cell's height in lines: each paragraph at least one line."""
    per_line = max(1.0, (width * WIDTH_MM / 100 - PAD_MM) / CHAR_MM - WRAP_LOSS)
    if not paragraphs:
        return 0.0
    return sum(max(1.0, n / per_line) for n in paragraphs) + ITEM_GAP * (len(paragraphs) - 1)


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def paragraphs(markdown: str) -> list[str]:
    """A Markdown text's paragraphs and list items, each as one line of text."""
    out: list[str] = []
    fresh = True
    for line in markdown.splitlines():
        if not line.strip():
            fresh = True
        elif fresh or _ITEM.match(line):
            out.append(_ITEM.sub("", line).strip())
            fresh = False
        else:
            out[-1] += " " + line.strip()
    return out


def _names(items: Iterable[str | m.Lead]) -> str:
    return ", ".join(i if isinstance(i, str) else i.organisation for i in items)


def _cells(
    content: Content,
    sec: m.PlanSection,
    aim: m.PlanAim,
    a: m.Action,
    quarterly: bool,
    first: bool,
) -> Cells:
    """An action's text in each column, as paragraphs (what the template writes, near
    enough to size the columns by)."""
    themes = ", ".join(content.themes[t].title for t in action_themes(sec, aim, a))
    action = [*([a.added] if a.added else []), *paragraphs(a.text), f"Themes: {themes}"]
    if a.continues:
        action.append(f"Carried over from {a.continues.plan}, action {a.continues.action}.")
    progress = [
        f"{q} {p}" for q, text in (a.progress or {}).items() if text for p in paragraphs(text)
    ]
    progress += paragraphs(a.progress_to_date or "")
    if quarterly and len([t for t in (a.progress or {}).values() if t]) < len(m.QUARTERS):
        progress.append("No update recorded: Q1, Q2.")
    status = [
        p for s in _statuses(a) for p in [f"{s.value} {s.quarter or ''}", *paragraphs(s.note)]
    ]
    return {
        "aim": [
            *([f"{aim.number or ''} {aim.text}"] if first or not aim.number else []),
            f"Action {a.ref or ''} {aim.number or a.id} {a.ref or ''}",
        ],
        "action": action,
        "lead": [_names(a.lead)] if a.lead else [],
        "partners": [_names(a.partners)] if a.partners else [],
        "resources": ["; ".join(a.resources)] if a.resources else [],
        "timescale": [a.timescale.text] if a.timescale else [],
        "expected_outcomes": [p for o in a.expected_outcomes for p in paragraphs(o)],
        "measures": [p for x in a.measures for p in paragraphs(x)],
        "progress": progress,
        "status": status,
    }
