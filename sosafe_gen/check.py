"""Load a whole content folder, validate it, and resolve every cross-reference.

`load_content` either returns a complete :class:`Content` or raises one
:class:`ContentError` holding every problem in every file, so the comms team sees
the full list at once. Nothing here writes anything.
"""

from __future__ import annotations

import difflib
import os
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model as m
from .load import Document, PathT, load_file
from .problems import ContentError, Problem, plural

SINGLE_FILES: dict[str, type[BaseModel]] = {
    "partnership.yml": m.Partnership,
    "sources.yml": m.SourcesFile,
    "themes.yml": m.ThemesFile,
    "glossary.yml": m.GlossaryFile,
}
REQUIRED_FILES = ("partnership.yml", "sources.yml", "themes.yml")
FOLDERS: dict[str, type[BaseModel]] = {
    "strategies": m.Strategy,
    "action-plans": m.ActionPlan,
    "case-studies": m.CaseStudiesFile,
    "figures": m.FiguresFile,
    "funding": m.FundingFile,
    "meetings": m.Meeting,
    "reports": m.Report,
}
ONE_RECORD_PER_FILE = {"strategies", "action-plans", "meetings", "reports"}


@dataclass
class Content:
    """Everything a partnership publishes, validated and cross-checked."""

    root: Path
    partnership: m.Partnership
    documents: dict[str, m.SourceDocument]
    themes: dict[str, m.Theme]
    terms: list[m.Term] = field(default_factory=list)
    strategies: dict[str, m.Strategy] = field(default_factory=dict)
    plans: dict[str, m.ActionPlan] = field(default_factory=dict)
    case_studies: dict[str, m.CaseStudy] = field(default_factory=dict)
    series: dict[str, m.Series] = field(default_factory=dict)
    funding: list[m.FundingAward] = field(default_factory=list)
    meetings: dict[str, m.Meeting] = field(default_factory=dict)
    reports: dict[str, m.Report] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    """Which file each document-sized record came from, keyed `kind:id`."""
    updates: list[Any] = field(default_factory=list)
    """Published news updates (`updates.Update`), newest first; drafts are left out."""

    def counts(self) -> dict[str, int]:
        """Records of each kind, keyed by the kind's name for one record."""
        actions = sum(1 for p in self.plans.values() for _ in iter_actions(p))
        return {
            "strategy": len(self.strategies),
            "objective": sum(len(s.objectives) for s in self.strategies.values()),
            "action plan": len(self.plans),
            "action": actions,
            "case study": len(self.case_studies),
            "theme": len(self.themes),
            "term": len(self.terms),
            "figure": len(self.series),
            "funding award": len(self.funding),
            "meeting": len(self.meetings),
            "report": len(self.reports),
            "update": len(self.updates),
        }

    def summary(self) -> str:
        return ", ".join(f"{n} {plural(k, n)}" for k, n in self.counts().items())


def iter_actions(plan: m.ActionPlan) -> Iterator[tuple[m.PlanSection, m.PlanAim, m.Action]]:
    for section in plan.sections:
        for aim in section.aims:
            for action in aim.actions:
                yield section, aim, action


def display_path(path: Path) -> str:
    """Paths as the user typed them: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def load_content(root: Path | str) -> Content:
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError(
            [
                Problem(
                    display_path(root),
                    1,
                    1,
                    "",
                    "content folder not found",
                    "set `content_dir` in mkdocs.yml, or pass the folder",
                )
            ]
        )
    loaded: dict[str, list[tuple[Document, BaseModel]]] = {}

    def take(path: Path, kind: str, cls: type[BaseModel]) -> None:
        doc, found = load_file(path, display_path(path))
        problems.extend(found)
        if doc is None or found:
            return
        record = validate(doc, cls, problems)
        if record is not None:
            loaded.setdefault(kind, []).append((doc, record))

    for name, cls in SINGLE_FILES.items():
        path = root / name
        if path.exists():
            take(path, name, cls)
        elif name in REQUIRED_FILES:
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    "",
                    "required file is missing",
                    f"create {name}; see the README's content model",
                )
            )
    for entry in sorted(root.iterdir()):
        if entry.is_file() and entry.suffix in (".yml", ".yaml") and entry.name not in SINGLE_FILES:
            hint = _closest(entry.name, [*SINGLE_FILES, *(f"{f}/" for f in FOLDERS)])
            problems.append(Problem(display_path(entry), 1, 1, "", "unknown content file", hint))
    for folder, cls in FOLDERS.items():
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if path.suffix == ".yaml":
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        1,
                        "",
                        "content files end in .yml",
                        f"rename it to {path.stem}.yml",
                    )
                )
            elif path.suffix == ".yml":
                take(path, folder, cls)

    from .updates import check_updates, read_updates  # updates builds on this module

    posts = read_updates(root, problems)
    if problems or not all(k in loaded for k in REQUIRED_FILES):
        raise ContentError(problems)
    content = _assemble(root, loaded, problems)
    _check_references(content, loaded, problems)
    _check_one_current(loaded, problems)
    check_updates(content, posts, problems)
    if problems:
        raise ContentError(problems)
    return content


# --- pydantic errors → problems ------------------------------------------------------------


def validate(doc: Document, cls: type[BaseModel], problems: list[Problem]) -> BaseModel | None:
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(_from_pydantic(doc, cls, err))
        return None


def _from_pydantic(doc: Document, cls: type[BaseModel], err: Any) -> Problem:
    loc: PathT = tuple(p for p in err["loc"] if p != "[key]")
    kind = err["type"]
    if kind == "missing":
        name = loc[-1]
        return doc.problem(
            loc[:-1], f"required field '{name}' is missing", f"add '{name}:' to this record"
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(cls, loc[:-1])
        hint = _closest(str(loc[-1]), allowed) or (
            f"allowed fields: {', '.join(allowed)}" if allowed else None
        )
        return doc.problem(loc, "unknown field", hint, key=True)
    if err["loc"] and err["loc"][-1] == "[key]":
        return doc.problem(loc, f"invalid key: {err['msg'][0].lower()}{err['msg'][1:]}", key=True)
    if kind == "string_pattern_mismatch" and "https?" in err.get("ctx", {}).get("pattern", ""):
        return doc.problem(loc, f"'{err['input']}' is not a web address", "start it with https://")
    if kind == "string_pattern_mismatch":
        return doc.problem(
            loc,
            f"'{err['input']}' is not a valid id",
            "use lower-case letters, digits and hyphens, e.g. 'domestic-abuse'",
        )
    msg = err["msg"]
    if kind.startswith("value_error"):
        msg = msg.removeprefix("Value error, ")
    else:
        msg = msg[0].lower() + msg[1:]
    if kind in (
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "list_type",
        "model_type",
        "dict_type",
        "int_parsing",
        "float_parsing",
        "bool_parsing",
        "date_from_datetime_parsing",
        "date_parsing",
    ):
        msg += f" (got {_describe(err.get('input'))})"
    return doc.problem(loc, msg)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated/list/dict wrappers down to a model class, if any."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else None
        elif origin in (list, dict):
            tp = typing.get_args(tp)[-1]
        else:
            return tp


def _fields_at(cls: type[BaseModel], loc: PathT) -> list[str]:
    tp: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)) or part not in tp.model_fields:
            return []
        tp = _unwrap(tp.model_fields[part].annotation)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _closest(word: str, candidates: list[str] | set[str] | Any) -> str | None:
    near = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(repr(n) for n in near)}?" if near else None


# --- assembly and cross-references ------------------------------------------------------------


def _assemble(
    root: Path, loaded: dict[str, list[tuple[Document, Any]]], problems: list[Problem]
) -> Content:
    ((_, partnership),) = loaded["partnership.yml"]
    ((sdoc, sources),) = loaded["sources.yml"]
    ((tdoc, themes),) = loaded["themes.yml"]
    c = Content(root=root, partnership=partnership, documents={}, themes={})
    _unique(
        c.documents,
        [((("documents", i),), d) for i, d in enumerate(sources.documents)],
        sdoc,
        problems,
    )
    _unique(c.themes, [((("themes", i),), t) for i, t in enumerate(themes.themes)], tdoc, problems)
    for gdoc, glossary in loaded.get("glossary.yml", []):
        seen: dict[str, m.Term] = {}
        _unique(seen, [((("terms", i),), t) for i, t in enumerate(glossary.terms)], gdoc, problems)
        c.terms = list(glossary.terms)
    seen_awards: dict[str, m.FundingAward] = {}
    for fdoc, funding in loaded.get("funding", []):
        _unique(
            seen_awards,
            [((("awards", i),), a) for i, a in enumerate(funding.awards)],
            fdoc,
            problems,
        )
        c.funding.extend(funding.awards)
    singles = {
        "strategies": c.strategies,
        "action-plans": c.plans,
        "meetings": c.meetings,
        "reports": c.reports,
    }
    for folder, target in singles.items():
        for doc, record in loaded.get(folder, []):
            stem = Path(doc.file).stem
            if record.id != stem:
                problems.append(
                    doc.problem(
                        ("id",),
                        f"id '{record.id}' does not match the file name",
                        f"rename the file to {record.id}.yml or set id: {stem}",
                    )
                )
            if record.id in target:
                problems.append(
                    doc.problem(
                        ("id",),
                        f"duplicate id '{record.id}'",
                        f"already used in {display_path(c.files[folder + ':' + record.id])}",
                    )
                )
                continue
            target[record.id] = record
            c.files[f"{folder}:{record.id}"] = Path(doc.file)
    for doc, record in loaded.get("case-studies", []):
        for i, cs in enumerate(record.case_studies):
            if cs.id in c.case_studies:
                problems.append(doc.problem(("case_studies", i, "id"), f"duplicate id '{cs.id}'"))
            c.case_studies.setdefault(cs.id, cs)
    for doc, record in loaded.get("figures", []):
        for i, s in enumerate(record.series):
            if s.id in c.series:
                problems.append(doc.problem(("series", i, "id"), f"duplicate id '{s.id}'"))
            c.series.setdefault(s.id, s)
    return c


def _check_one_current(
    loaded: dict[str, list[tuple[Document, Any]]], problems: list[Problem]
) -> None:
    """At most one strategy and one plan may be current: the home page and every
    superseded document's banner point to it, and two would be a guess."""
    for folder, kind in (("strategies", "strategy"), ("action-plans", "action plan")):
        current = [(doc, r) for doc, r in loaded.get(folder, []) if r.status == "current"]
        if len(current) < 2:
            continue
        ids = ", ".join(r.id for _, r in current)
        for doc, record in current:
            others = ", ".join(r.id for _, r in current if r is not record)
            problems.append(
                doc.problem(
                    ("status",),
                    f"more than one {kind} is current ({ids})",
                    f"set status: superseded on all but the newest (also current: {others})",
                )
            )


def _unique(
    target: dict[str, Any],
    items: list[tuple[tuple[PathT], Any]],
    doc: Document,
    problems: list[Problem],
) -> None:
    for (path,), record in items:
        if record.id in target:
            problems.append(doc.problem((*path, "id"), f"duplicate id '{record.id}'"))
        else:
            target[record.id] = record


class _Refs:
    """Checks ids against the known ones, with the closest known ids as the hint."""

    def __init__(self, content: Content, problems: list[Problem]) -> None:
        self.c = content
        self.problems = problems

    def need(self, doc: Document, path: PathT, value: str | None, known: Any, what: str) -> bool:
        if value is None or value in known:
            return True
        hint = _closest(value, known) or (
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


def _check_references(
    c: Content, loaded: dict[str, list[tuple[Document, Any]]], problems: list[Problem]
) -> None:
    refs = _Refs(c, problems)
    for docs in loaded.values():
        for doc, record in docs:
            for path, src in _walk_sources(record, ()):
                refs.source(doc, path, src)
            for path, values in _walk_themes(record, ()):
                refs.themes(doc, path, values)
    for doc, glossary in loaded.get("glossary.yml", []):
        for i, term in enumerate(glossary.terms):
            for j, meaning in enumerate(term.meanings):
                for k, d in enumerate(meaning.documents):
                    refs.need(
                        doc,
                        ("terms", i, "meanings", j, "documents", k),
                        d,
                        c.documents,
                        "source document",
                    )
    for doc, s in loaded.get("strategies", []):
        _unique_list(doc, s.objectives, ("objectives",), problems)
        _unique_list(doc, s.aims, ("aims",), problems)
        refs.need(doc, ("report",), s.report, c.reports, "report")
        for i, o in enumerate(s.objectives):
            for j, a in enumerate(o.what_we_have_been_doing):
                refs.need(
                    doc,
                    ("objectives", i, "what_we_have_been_doing", j, "case_study"),
                    a.case_study,
                    c.case_studies,
                    "case study",
                )
    for doc, p in loaded.get("action-plans", []):
        if not refs.need(doc, ("strategy",), p.strategy, c.strategies, "strategy"):
            continue
        objectives = {o.id for o in c.strategies[p.strategy].objectives}
        refs.need(doc, ("report",), p.report, c.reports, "report")
        _unique_list(doc, p.sections, ("sections",), problems)
        seen_actions: dict[str, PathT] = {}
        for i, sec in enumerate(p.sections):
            refs.need(
                doc,
                ("sections", i, "objective"),
                sec.objective,
                objectives,
                f"objective of strategy {p.strategy}:",
            )
            _unique_list(doc, sec.aims, ("sections", i, "aims"), problems)
            for j, aim in enumerate(sec.aims):
                for k, a in enumerate(aim.actions):
                    path = ("sections", i, "aims", j, "actions", k)
                    if a.id in seen_actions:
                        problems.append(doc.problem((*path, "id"), f"duplicate action id '{a.id}'"))
                    seen_actions[a.id] = path
                    refs.need(
                        doc,
                        (*path, "objective"),
                        a.objective,
                        objectives,
                        f"objective of strategy {p.strategy}:",
                    )
                    _check_progress(doc, p, a, path, problems)
                    if not (a.themes or aim.themes or sec.themes):
                        problems.append(
                            doc.problem(
                                path,
                                "action has no themes",
                                "add themes: to the action, its aim or its section",
                            )
                        )
    for doc, record in loaded.get("case-studies", []):
        for i, cs in enumerate(record.case_studies):
            if refs.need(
                doc, ("case_studies", i, "strategy"), cs.strategy, c.strategies, "strategy"
            ):
                objectives = {o.id for o in c.strategies[cs.strategy].objectives}
                refs.need(
                    doc,
                    ("case_studies", i, "objective"),
                    cs.objective,
                    objectives,
                    f"objective of strategy {cs.strategy}:",
                )
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


def _unique_list(doc: Document, items: list[Any], path: PathT, problems: list[Problem]) -> None:
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
