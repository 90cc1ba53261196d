"""Cross-references between records: every id a record names must exist.

Each unknown id is a problem at the id's own position, with the closest known ids as the
hint. A record whose reference is broken is still checked for everything else, so one
run shows every problem.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import Any

from pydantic import BaseModel

from . import model as m
from .load import Document, PathT
from .problems import Problem
from .record import Content
from .text import closest

Loaded = dict[str, list[tuple[Document, Any]]]
"""Validated records by kind (a single file's name, or a folder), each with its document."""


KINDS = {
    "theme": "themes.yml",
    "source document": "sources.yml",
    "strategy": "strategies",
    "objective": "strategies",
    "action plan": "action-plans",
    "case study": "case-studies",
    "meeting": "meetings",
    "report": "reports",
}
"""What a reference names → the file or folder those records come from."""


class Refs:
    """Checks ids against the known ones, with the closest known ids as the hint."""

    def __init__(
        self, content: Content, problems: list[Problem], incomplete: Set[str] = frozenset()
    ) -> None:
        self.c = content
        self.problems = problems
        self.incomplete = incomplete
        """Files that did not load (`themes.yml`, `case-studies`, `strategies:2025-28`): an
        id that may be in one of them is not reported as unknown."""

    def need(self, doc: Document, path: PathT, value: str | None, known: Any, what: str) -> bool:
        if value is None or value in known:
            return True
        kind = KINDS.get(what.split(" of ")[0], "")
        if kind in self.incomplete or f"{kind}:{value}" in self.incomplete:
            return False
        hint = closest(value, known) or (
            f"known {what} ids: {', '.join(sorted(known)[:12])}"
            if known
            else f"no {what} is defined yet"
        )
        self.problems.append(doc.problem(path, f"unknown {what} '{value}'", hint))
        return False

    def themes(self, doc: Document, path: PathT, values: list[str]) -> None:
        for i, t in enumerate(values):
            self.need(doc, (*path, i), t, self.c.themes, "theme")

    def source(self, doc: Document, path: PathT, src: m.Source | None) -> None:
        if src is not None:
            self.need(doc, (*path, "document"), src.document, self.c.documents, "source document")

    def tags(self, doc: Document, record: Any) -> None:
        """Every source document and theme a record names, wherever it sits."""
        for path, src in _walk_sources(record, ()):
            self.source(doc, path, src)
        for path, values in _walk_themes(record, ()):
            self.themes(doc, path, values)

    def objective(self, doc: Document, path: PathT, oid: str | None, sid: str) -> None:
        strategy = self.c.strategies.get(sid)
        if strategy is not None:  # an unknown strategy is reported once, where it is named
            known = {o.id for o in strategy.objectives}
            self.need(doc, path, oid, known, f"objective of strategy {sid}:")


def check_references(
    c: Content, loaded: Loaded, problems: list[Problem], incomplete: Set[str] = frozenset()
) -> None:
    refs = Refs(c, problems, incomplete)
    for docs in loaded.values():
        for doc, record in docs:
            refs.tags(doc, record)
    for doc, glossary in loaded.get("glossary.yml", []):
        for i, term in enumerate(glossary.terms):
            for j, meaning in enumerate(term.meanings):
                for k, d in enumerate(meaning.documents):
                    path = ("terms", i, "meanings", j, "documents", k)
                    refs.need(doc, path, d, c.documents, "source document")
    for doc, s in loaded.get("strategies", []):
        _check_strategy(refs, doc, s)
    for doc, p in loaded.get("action-plans", []):
        _check_plan(refs, doc, p)
    for doc, record in loaded.get("case-studies", []):
        for i, cs in enumerate(record.case_studies):
            refs.need(doc, ("case_studies", i, "strategy"), cs.strategy, c.strategies, "strategy")
            refs.objective(doc, ("case_studies", i, "objective"), cs.objective, cs.strategy)
    for doc, mt in loaded.get("meetings", []):
        for i, item in enumerate(mt.agenda):
            refs.need(doc, ("agenda", i, "report"), item.report, c.reports, "report")
            refs.need(doc, ("agenda", i, "minutes_of"), item.minutes_of, c.meetings, "meeting")
    for doc, r in loaded.get("reports", []):
        refs.need(doc, ("meeting",), r.meeting, c.meetings, "meeting")
        for i, s in enumerate(r.strategies):
            refs.need(doc, ("strategies", i), s, c.strategies, "strategy")
        for i, p in enumerate(r.plans):
            refs.need(doc, ("plans", i), p, c.plans, "action plan")


def _check_strategy(refs: Refs, doc: Document, s: m.Strategy) -> None:
    unique_ids(doc, s.objectives, ("objectives",), refs.problems)
    unique_ids(doc, s.aims, ("aims",), refs.problems)
    refs.need(doc, ("report",), s.report, refs.c.reports, "report")
    for i, o in enumerate(s.objectives):
        for j, a in enumerate(o.what_we_have_been_doing):
            path = ("objectives", i, "what_we_have_been_doing", j, "case_study")
            refs.need(doc, path, a.case_study, refs.c.case_studies, "case study")


def _check_plan(refs: Refs, doc: Document, p: m.ActionPlan) -> None:
    problems = refs.problems
    refs.need(doc, ("strategy",), p.strategy, refs.c.strategies, "strategy")
    refs.need(doc, ("report",), p.report, refs.c.reports, "report")
    unique_ids(doc, p.sections, ("sections",), problems)
    seen_actions: set[str] = set()
    for i, sec in enumerate(p.sections):
        refs.objective(doc, ("sections", i, "objective"), sec.objective, p.strategy)
        unique_ids(doc, sec.aims, ("sections", i, "aims"), problems)
        for j, aim in enumerate(sec.aims):
            for k, a in enumerate(aim.actions):
                path = ("sections", i, "aims", j, "actions", k)
                if a.id in seen_actions:
                    problems.append(doc.problem((*path, "id"), f"duplicate action id '{a.id}'"))
                seen_actions.add(a.id)
                refs.objective(doc, (*path, "objective"), a.objective, p.strategy)
                _check_progress(doc, p, a, path, problems)
                if not (a.themes or aim.themes or sec.themes):
                    problems.append(
                        doc.problem(
                            path,
                            "action has no themes",
                            "add themes: to the action, its aim or its section",
                        )
                    )


def unique_ids(doc: Document, items: list[Any], path: PathT, problems: list[Problem]) -> None:
    """Records listed together must each have their own id."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            problems.append(doc.problem((*path, i, "id"), f"duplicate id '{item.id}'"))
        seen.add(item.id)


def _check_progress(
    doc: Document, plan: m.ActionPlan, action: m.Action, path: PathT, problems: list[Problem]
) -> None:
    if plan.progress_mode == "quarterly" and action.progress_to_date is not None:
        problems.append(
            doc.problem(
                (*path, "progress_to_date"),
                "this plan records progress by quarter",
                "use progress: {Q1: ..., Q2: ...} instead",
            )
        )
    if plan.progress_mode == "to_date" and action.progress:
        problems.append(
            doc.problem(
                (*path, "progress"),
                "this plan records one 'progress to date'",
                "use progress_to_date: instead, or set progress_mode: quarterly",
            )
        )


def _walk_sources(obj: Any, path: PathT) -> Iterator[tuple[PathT, m.Source]]:
    """Every Source inside a record, with its path (sources may nest anywhere)."""
    if isinstance(obj, m.Source):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _walk_sources(getattr(obj, name), (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk_sources(item, (*path, i))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk_sources(v, (*path, k))


def _walk_themes(obj: Any, path: PathT) -> Iterator[tuple[PathT, list[str]]]:
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if (
                name == "themes"
                and isinstance(value, list)
                and all(isinstance(v, str) for v in value)
            ):
                yield (*path, name), value
            else:
                yield from _walk_themes(value, (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk_themes(item, (*path, i))
