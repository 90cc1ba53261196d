"""What a quarterly return's Check cell holds: a fingerprint of each cell as `sosafe sheet`
wrote it, so the import tells a cell the lead changed from one the plan changed since."""

from __future__ import annotations

import hashlib

from ...content import model as m
from .layout import action_cells, aim_cell, section_cell

CHECKED = ("section", "aim", "action", "lead", "partners", "resources", "expected_outcomes")
"""Besides the optional columns, progress and status, the cells a Check fingerprints (in
this order)."""


def fingerprint(text: str) -> str:
    """Six hex digits of a cell's text (spacing ignored): enough to tell it was changed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:6]


def checked_keys(keys: list[str]) -> list[str]:
    """The keys a row's Check holds a fingerprint for, in order, from the sheet's column
    keys in their order (so a sheet says itself what its Check covers)."""
    skip = {"id", "aim", "action", "check", *CHECKED}
    return [*CHECKED, *(k for k in keys if k not in skip)]


def row_texts(number: int, sec: m.PlanSection, aim: m.PlanAim, a: m.Action) -> dict[str, str]:
    """Every cell of an action's row as written, and its section's and aim's."""
    return {"section": section_cell(number, sec), "aim": aim_cell(aim), **action_cells(a)}


def check_cell(texts: dict[str, str], keys: list[str]) -> str:
    return " ".join(fingerprint(texts[k]) for k in checked_keys(keys))


def title_cell(plan: m.ActionPlan, quarter: str | None) -> str:
    """Row 1: the plan and the quarter, which `import --progress-only` reads back."""
    what = f"return for {quarter}" if quarter else "return of progress to date"
    return f"{plan.title}: {what} (plan {plan.id})"
