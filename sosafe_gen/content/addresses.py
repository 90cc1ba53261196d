"""Ids become addresses: of pages (`/themes/<id>/`) and of places on a page (`#aim-<id>`).

The site's scheme gives distinct records distinct addresses as long as ids keep the rules
checked here: `index` names no page beside the page listing them all, a strategy's or
plan's id holds no `-and-` (comparison pages are named `<id>-and-<id>`), and ids that
become anchors on one page are unique on it (anchors carry a prefix for their kind,
`section-`, `aim-`, `action-`, so they cannot meet the page's own headings).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from . import model as m
from .load import Document, PathT
from .problems import Problem
from .references import Loaded, unique_ids

RESERVED_ID = "index"
"""Ids name pages (`/themes/<id>/`), and `index` is the page listing them all."""

_PAGE_IDS: dict[str, tuple[str, str | None]] = {
    "strategies": ("strategy", None),
    "action-plans": ("action plan", None),
    "meetings": ("meeting", None),
    "reports": ("report", None),
    "themes.yml": ("theme", "themes"),
    "case-studies": ("case study", "case_studies"),
    "figures": ("figure", "series"),
}
"""Records whose ids name pages: a one-record file's kind, or the list a file holds them in."""

_OWN_FOLDER = ("strategy", "action plan")
"""Kinds whose pages are folders (`/strategies/<id>/`), so `index` is no clash for them."""


def check_addresses(loaded: Loaded, problems: list[Problem]) -> None:
    """Every id that would give two pages, or two places on a page, one address."""
    _check_page_names(loaded, problems)
    for kind in ("strategies", "action-plans", "reports"):
        for doc, record in loaded.get(kind, []):
            _check_sections(doc, record, problems)
    for doc, plan in loaded.get("action-plans", []):
        _check_aims(doc, plan, problems)
    for doc, partnership in loaded.get("partnership.yml", []):
        unique_ids(doc, partnership.reporting, ("reporting",), problems)


def _page_ids(loaded: Loaded) -> Iterator[tuple[Document, PathT, str, str]]:
    """Every id that names a page: its document, path, the id and the kind of record."""
    for kind, (what, listed) in _PAGE_IDS.items():
        for doc, record in loaded.get(kind, []):
            if listed:
                for i, r in enumerate(getattr(record, listed)):
                    yield doc, (listed, i, "id"), r.id, what
            else:
                yield doc, ("id",), record.id, what


def _check_page_names(loaded: Loaded, problems: list[Problem]) -> None:
    """`index` beside the page listing them all; `-and-` in a strategy's or plan's id
    (strategies `a-and-b`, `c` and `a`, `b-and-c` would both be compared on one page)."""
    for doc, path, rid, what in _page_ids(loaded):
        rename = ", and rename the file to match" if path == ("id",) else ""
        a = "an" if what[0] in "aeio" else "a"
        if rid == RESERVED_ID and what not in _OWN_FOLDER:
            message = f"'{rid}' cannot be {a} {what}'s id: it is reserved for the page listing them"
            problems.append(doc.problem(path, message, f"choose another id{rename}"))
        elif "-and-" in rid and what in _OWN_FOLDER:
            message = (
                f"{a} {what}'s id cannot contain '-and-': comparison pages are named <id>-and-<id>"
            )
            hint = f"use another id, e.g. '{rid.replace('-and-', '-')}'{rename}"
            problems.append(doc.problem(path, message, hint))


def _sections(obj: Any, path: PathT) -> Iterator[tuple[PathT, m.Section | m.PlanSection]]:
    """Every section with an id in a record, however deep (its page anchors each one)."""
    if isinstance(obj, m.Section | m.PlanSection) and obj.id is not None:
        yield path, obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if isinstance(value, list | BaseModel):
                yield from _sections(value, (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _sections(item, (*path, i))


def _check_sections(doc: Document, record: BaseModel, problems: list[Problem]) -> None:
    """A document's sections (a plan's, and those of its annexes) are `#section-<id>`."""
    first: dict[str, tuple[PathT, Any]] = {}
    for path, sec in _sections(record, ()):
        assert sec.id is not None
        if sec.id not in first:
            first[sec.id] = (path, sec)
            continue
        other_path, other = first[sec.id]
        if isinstance(sec, m.PlanSection) and isinstance(other, m.PlanSection):
            continue  # a plan's own sections: references.unique_ids reports it
        line = doc.where((*other_path, "id"))[0]
        problems.append(
            doc.problem(
                (*path, "id"),
                f"duplicate section id '{sec.id}'",
                f"each section of a page needs its own id; '{sec.id}' is also used at line {line}",
            )
        )


def _check_aims(doc: Document, plan: m.ActionPlan, problems: list[Problem]) -> None:
    """Aims are `#aim-<id>` on the plan's page, so unique in the plan (not just a section)."""
    first: dict[str, tuple[int, int]] = {}
    for i, sec in enumerate(plan.sections):
        for j, aim in enumerate(sec.aims):
            if aim.id not in first:
                first[aim.id] = (i, j)
                continue
            fi, fj = first[aim.id]
            if fi == i:
                continue  # within one section: references.unique_ids reports it
            line = doc.where(("sections", fi, "aims", fj, "id"))[0]
            problems.append(
                doc.problem(
                    ("sections", i, "aims", j, "id"),
                    f"duplicate aim id '{aim.id}' in this plan",
                    f"each aim of a plan needs its own id; '{aim.id}' is also used at line {line}",
                )
            )
