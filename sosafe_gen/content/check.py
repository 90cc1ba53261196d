"""Load a whole content folder, validate it, and resolve every cross-reference.

`load_content` either returns a complete :class:`Content` or raises one
:class:`ContentError` holding every problem in every file, so the comms team sees
the full list at once. Nothing here writes anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model as m
from .addresses import check_addresses
from .load import Document, PathT, load_file
from .problems import ContentError, Problem, file_problem
from .record import Content
from .references import Loaded, Refs, check_references
from .text import closest, display_path
from .updates import Update, read_updates
from .validate import validate

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


def load_content(root: Path | str) -> Content:
    root = Path(root)
    if not root.is_dir():
        raise ContentError(
            [
                file_problem(
                    display_path(root),
                    "content folder not found",
                    "set `content_dir` in mkdocs.yml, or pass the folder",
                )
            ]
        )
    problems: list[Problem] = []
    loaded = _read_files(root, problems)
    posts = read_updates(root, problems)
    if problems or not all(k in loaded for k in REQUIRED_FILES):
        raise ContentError(problems)
    content = _assemble(root, loaded, problems)
    check_references(content, loaded, problems)
    check_addresses(loaded, problems)
    _check_one_current(loaded, problems)
    _check_updates(content, posts, problems)
    if problems:
        raise ContentError(problems)
    return content


def _read_files(root: Path, problems: list[Problem]) -> Loaded:
    """Every content file loaded and validated against its model; problems collected."""
    loaded: Loaded = {}

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
                file_problem(
                    display_path(path),
                    "required file is missing",
                    f"create {name}; see the README's content model",
                )
            )
    for entry in sorted(root.iterdir()):
        if entry.is_file() and entry.suffix in (".yml", ".yaml") and entry.name not in SINGLE_FILES:
            hint = closest(entry.name, [*SINGLE_FILES, *(f"{f}/" for f in FOLDERS)])
            problems.append(file_problem(display_path(entry), "unknown content file", hint))
    for folder, cls in FOLDERS.items():
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if path.suffix == ".yaml":
                problems.append(
                    file_problem(
                        display_path(path),
                        "content files end in .yml",
                        f"rename it to {path.stem}.yml",
                    )
                )
            elif path.suffix == ".yml":
                take(path, folder, cls)
    return loaded


def _assemble(root: Path, loaded: Loaded, problems: list[Problem]) -> Content:
    ((_, partnership),) = loaded["partnership.yml"]
    ((sdoc, sources),) = loaded["sources.yml"]
    ((tdoc, themes),) = loaded["themes.yml"]
    c = Content(root=root, partnership=partnership, documents={}, themes={})
    _index(c.documents, sources.documents, ("documents",), sdoc, problems)
    _index(c.themes, themes.themes, ("themes",), tdoc, problems)
    for gdoc, glossary in loaded.get("glossary.yml", []):
        _index({}, glossary.terms, ("terms",), gdoc, problems)
        c.terms = list(glossary.terms)
    seen_awards: dict[str, m.FundingAward] = {}
    for fdoc, funding in loaded.get("funding", []):
        _index(seen_awards, funding.awards, ("awards",), fdoc, problems)
        c.funding.extend(funding.awards)
    singles = {
        "strategies": c.strategies,
        "action-plans": c.plans,
        "meetings": c.meetings,
        "reports": c.reports,
    }
    for folder, target in singles.items():
        for doc, record in loaded.get(folder, []):
            _take_document(c, folder, target, doc, record, problems)
    for doc, record in loaded.get("case-studies", []):
        _index(c.case_studies, record.case_studies, ("case_studies",), doc, problems)
    for doc, record in loaded.get("figures", []):
        _index(c.series, record.series, ("series",), doc, problems)
    return c


def _take_document(
    c: Content,
    folder: str,
    target: dict[str, Any],
    doc: Document,
    record: Any,
    problems: list[Problem],
) -> None:
    """A one-record file: its id is its file name, and no other file may use it."""
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
        return
    target[record.id] = record
    c.files[f"{folder}:{record.id}"] = Path(doc.file)


def _index(
    target: dict[str, Any],
    records: list[Any],
    path: PathT,
    doc: Document,
    problems: list[Problem],
) -> None:
    """Add records to an index by id; an id already there is a problem at this record."""
    for i, record in enumerate(records):
        if record.id in target:
            problems.append(doc.problem((*path, i, "id"), f"duplicate id '{record.id}'"))
        else:
            target[record.id] = record


def _check_one_current(loaded: Loaded, problems: list[Problem]) -> None:
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


def _check_updates(
    content: Content, loaded: list[tuple[Document, Update]], problems: list[Problem]
) -> None:
    """Resolve themes and sources; publish the non-drafts, newest first."""
    refs = Refs(content, problems)
    for doc, u in loaded:
        refs.tags(doc, u)
        if not u.draft:
            if not u.themes:
                problems.append(
                    doc.problem(
                        ("themes",),
                        "a published update needs a theme",
                        "add themes: [theme-id], or keep draft: true",
                    )
                )
            if not u.summary:
                problems.append(
                    doc.problem(
                        ("summary",),
                        "a published update needs a summary",
                        "add summary: with a sentence or two",
                    )
                )
    published = [u for _, u in loaded if not u.draft]
    content.updates = sorted(published, key=lambda u: (u.date, u.title), reverse=True)
