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
from .colour import TEXT_CONTRAST, WHITE, contrast
from .delivery_check import check_delivery
from .languages import missing_translations, project, site_languages
from .load import Document, PathT, load_file
from .problems import ContentError, Problem, file_problem
from .record import Content
from .references import Loaded, Refs, check_references
from .text import closest, display_path, slugify
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


def load_content(root: Path | str, lang: str | None = None) -> Content:
    """The checked record in `lang` (default: the site's first language). Translations
    are checked when the default is loaded, so `sosafe check` reports every gap."""
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
    incomplete: set[str] = set()
    peeked = _peek(root / "partnership.yml")
    languages = site_languages(peeked)
    lang = lang or languages[0]
    loaded = _read_files(root, problems, incomplete, languages, lang)
    posts = read_updates(root, problems, languages, lang)
    # Problems in one file never hide those in another: what loaded is still cross-checked,
    # leaving out references into a kind of record whose files did not all load.
    content = _assemble(root, loaded, problems)
    content.languages, content.lang = languages, lang
    check_references(content, loaded, problems, incomplete)
    check_delivery(content, loaded, problems, incomplete)
    check_addresses(loaded, problems)
    _check_one_current(loaded, problems)
    _check_confirmed(loaded, problems)
    _check_partnership(loaded, problems)
    _check_updates(content, posts, problems, incomplete)
    if problems:
        raise ContentError(problems)
    if content.partnership.id is None:
        p = content.partnership
        content.partnership = p.model_copy(update={"id": _default_id(peeked, languages[0], p)})
    return content


def _default_id(peeked: Any, first: str, p: m.Partnership) -> str:
    """A partnership without an `id` gets one from its name in the site's first language,
    so every language's data package names it the same (`SoSafe` → `sosafe`)."""
    name = peeked.get("name") if isinstance(peeked, dict) else None
    if isinstance(name, dict):
        name = name.get(first)
    return slugify(name if isinstance(name, str) and name.strip() else p.name) or "partnership"


def _peek(path: Path) -> Any:
    """partnership.yml's data before it is checked (problems come when it is read)."""
    doc, _ = load_file(path, display_path(path)) if path.is_file() else (None, [])
    return doc.data if doc is not None else None


def _read_files(
    root: Path,
    problems: list[Problem],
    incomplete: set[str],
    languages: tuple[str, ...] = ("en",),
    lang: str = "en",
) -> Loaded:
    """Every content file loaded and validated against its model; problems collected, and
    the kinds of record (file or folder names) of which some file did not load."""
    loaded: Loaded = {}

    def take(path: Path, kind: str, cls: type[BaseModel]) -> None:
        doc, found = load_file(path, display_path(path))
        problems.extend(found)
        translated = project(doc, lang, languages) if doc is not None and not found else set()
        record = validate(doc, cls, problems) if doc is not None and not found else None
        if record is not None and len(languages) > 1 and lang == languages[0]:
            problems.extend(missing_translations(doc, record, translated, languages))
        if record is None:  # one-record files are named by their id, so only it is unsure
            incomplete.add(f"{kind}:{path.stem}" if kind in ONE_RECORD_PER_FILE else kind)
        else:
            loaded.setdefault(kind, []).append((doc, record))

    for name, cls in SINGLE_FILES.items():
        path = root / name
        if path.exists():
            take(path, name, cls)
        elif name in REQUIRED_FILES:
            incomplete.add(name)
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
    partnership = next((p for _, p in loaded.get("partnership.yml", [])), None)
    # Without partnership.yml the content cannot publish (a problem says so); the rest is
    # still checked against a stand-in.
    stand_in = partnership or m.Partnership.model_construct()
    c = Content(root=root, partnership=stand_in, documents={}, themes={})
    for name in SINGLE_FILES:
        if name in loaded:
            c.files[name] = name
    for sdoc, sources in loaded.get("sources.yml", []):
        _index(c.documents, sources.documents, ("documents",), sdoc, problems)
    for tdoc, themes in loaded.get("themes.yml", []):
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
        for cs in record.case_studies:
            c.files.setdefault(f"case-studies:{cs.id}", _rel(root, doc))
    for doc, record in loaded.get("figures", []):
        _index(c.series, record.series, ("series",), doc, problems)
        for x in record.series:
            c.files.setdefault(f"figures:{x.id}", _rel(root, doc))
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
                f"already used in {display_path(c.root / c.files[folder + ':' + record.id])}",
            )
        )
        return
    target[record.id] = record
    c.files[f"{folder}:{record.id}"] = _rel(c.root, doc)


def _rel(root: Path, doc: Document) -> str:
    """A file's path inside the content folder, as a URL-style path."""
    return doc.path.relative_to(root).as_posix() if doc.path else doc.file


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


def _check_partnership(loaded: Loaded, problems: list[Problem]) -> None:
    """The accessibility statement needs a way to reach the partnership, and the colours must
    be readable: white text on the header colour, and both colours as link text on white
    (WCAG 2.2 1.4.3, at least 4.5:1)."""
    for doc, partnership in loaded.get("partnership.yml", []):
        contact = partnership.contact
        if partnership.accessibility and not any(dict(contact).values()):
            problems.append(
                doc.problem(
                    ("accessibility",),
                    "the accessibility statement needs a way to contact the partnership",
                    "add contact: with an email, phone, address or url",
                    key=True,
                )
            )
        brand = partnership.brand
        for name in ("colour", "accent"):
            value = getattr(brand, name)
            if value is None:
                continue
            ratio = contrast(value, WHITE)
            if ratio < TEXT_CONTRAST:
                problems.append(
                    doc.problem(
                        ("brand", name),
                        f"{value} has a contrast of {ratio:.1f}:1 with white; "
                        f"text needs at least {TEXT_CONTRAST}:1",
                        "choose a darker shade of the colour",
                    )
                )


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


def _check_confirmed(loaded: Loaded, problems: list[Problem]) -> None:
    """What an import proposed (`unconfirmed:`) keeps its document a draft until a person
    has checked it; and a strategy published as current or superseded names each
    objective's themes (a draft from an import may not have them yet)."""
    for folder in ("strategies", "action-plans"):
        for doc, record in loaded.get(folder, []):
            if record.status == "draft":
                continue
            for path, item in _proposed(record):
                if item.unconfirmed:
                    what = " and ".join(
                        "that this heading is an objective" if u == "objective" else "its themes"
                        for u in item.unconfirmed
                    )
                    problems.append(
                        doc.problem(
                            (*path, "unconfirmed"),
                            f"an import proposed {what}, and no one has confirmed it",
                            "check it, then delete this line (or keep status: draft)",
                        )
                    )
                if folder == "strategies" and not item.themes:
                    problems.append(
                        doc.problem(
                            (*path, "themes") if "themes" in item.model_fields_set else path,
                            f"objective '{item.id}' has no themes",
                            "name its themes (ids from themes.yml), e.g. themes: [asb]",
                        )
                    )


def _proposed(record: Any) -> list[tuple[tuple[str | int, ...], Any]]:
    """The records of a strategy or plan that an import can mark `unconfirmed`."""
    if isinstance(record, m.Strategy):
        return [(("objectives", i), o) for i, o in enumerate(record.objectives)]
    out: list[tuple[tuple[str | int, ...], Any]] = []
    for i, sec in enumerate(record.sections):
        out.append((("sections", i), sec))
        out += [(("sections", i, "aims", j), aim) for j, aim in enumerate(sec.aims)]
    return out


def _check_updates(
    content: Content,
    loaded: list[tuple[Document, Update]],
    problems: list[Problem],
    incomplete: set[str],
) -> None:
    """Resolve themes and sources; publish the non-drafts, newest first."""
    refs = Refs(content, problems, incomplete)
    for doc, u in loaded:
        refs.tags(doc, u)
        content.files[f"updates:{u.id}"] = _rel(content.root, doc)
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
