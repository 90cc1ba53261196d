"""News updates: Markdown posts with YAML front matter in `content/updates/`, read and checked.

Updates live in the core (not Material's blog plugin) because they are content like any
other: their front matter is validated with the same `file:line:col` problems, their
themes put them on theme pages, their text is sanitised by the same renderer, and the
home page can ask the plan for the latest ones. The README's design notes say more.

A post is `updates/YYYY-MM-DD-slug.md`; the slug is its URL (`/updates/slug/`), so the
date in the name and in the front matter must agree. Drafts are validated, never published.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, PrivateAttr

from . import model as m
from .base import TRANSLATED
from .i18n import date_in
from .languages import NAMES, missing_translations, project
from .load import Document, decode, load_bytes, text_too_long, too_big
from .problems import Problem, file_problem
from .text import display_path, slugify
from .validate import validate

UPDATES_DIR = "updates"
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
_FENCE = re.compile(rb"^---[ \t]*\r?$", re.MULTILINE)
_LANGUAGE_BREAK = re.compile(r"^<!-- *(en|cy) *-->[ \t]*\r?$", re.MULTILINE)
"""In a bilingual site an update's body is in each language, each part after `<!-- cy -->`
(the first part, with or without `<!-- en -->`, is English)."""


class UpdateMeta(m.Record):
    """An update's front matter, as the comms team writes it."""

    title: m.Text
    date: dt.date
    updated: dt.date | None = None
    """When a published update was last changed (the feed tells readers); none: never."""
    themes: list[m.Id] = Field(default_factory=list)
    summary: Annotated[str, TRANSLATED] = ""
    """One or two sentences for the list of updates, the home page and the feed."""
    draft: bool = False
    """A draft is checked but not published (published data holds none)."""
    source: m.Source | None = None


class Update(UpdateMeta):
    """A loaded update: front matter, its slug (from the file name) and Markdown body."""

    id: m.Id
    body: m.Markdown = ""
    _lang: str = PrivateAttr(default="en")
    """The language the update was read in (its dates are written in it); not data."""

    @property
    def date_label(self) -> str:
        return date_in(self.date, self._lang)

    @property
    def last_changed(self) -> dt.date:
        return self.updated or self.date


# --- loading ---------------------------------------------------------------------------------


def read_updates(
    root: Path,
    problems: list[Problem],
    languages: tuple[str, ...] = ("en",),
    lang: str = "en",
) -> list[tuple[Document, Update]]:
    """Parse and validate every post in `root/updates/` (drafts too); collect problems."""
    base = root / UPDATES_DIR
    if not base.is_dir():
        return []
    out: list[tuple[Document, Update]] = []
    seen: dict[str, str] = {}
    for path in sorted(base.iterdir()):
        if path.name.startswith("."):
            continue
        display = display_path(path)
        if path.is_dir() or path.suffix != ".md":
            problems.append(
                file_problem(
                    display,
                    "updates are Markdown files ending in .md",
                    "move anything else out of the updates folder",
                )
            )
            continue
        match = _NAME.match(path.name)
        if not match:
            problems.append(
                file_problem(
                    display,
                    "update file names are YYYY-MM-DD-slug.md",
                    f"for example {dt.date.today()}-{slugify(path.stem) or 'news'}.md",
                )
            )
            continue
        loaded = _read_post(path, display, problems, languages, lang)
        if loaded is None:
            continue
        doc, meta, body = loaded
        slug = match.group(2)
        if str(meta.date) != match.group(1):
            problems.append(
                doc.problem(
                    ("date",),
                    f"date {meta.date} does not match the file name",
                    f"rename the file to {meta.date}-{slug}.md, or correct the date",
                )
            )
        if meta.updated is not None and meta.updated < meta.date:
            problems.append(
                doc.problem(
                    ("updated",),
                    f"updated {meta.updated} is before the date, {meta.date}",
                    "give the day the update was last changed, or remove updated:",
                )
            )
        if slug == "index":
            problems.append(
                file_problem(
                    display,
                    "'index' cannot be an update's address: it is reserved for the list of updates",
                    "change this file's name after the date",
                )
            )
            continue
        if slug in seen:
            problems.append(
                file_problem(
                    display,
                    f"another update already uses the address '{slug}'",
                    f"see {seen[slug]}; change this file's name after the date",
                )
            )
            continue
        seen[slug] = display
        update = Update(**dict(meta), id=slug, body=body)
        update._lang = lang
        out.append((doc, update))
    return out


def _read_post(
    path: Path,
    display: str,
    problems: list[Problem],
    languages: tuple[str, ...] = ("en",),
    lang: str = "en",
) -> tuple[Document, UpdateMeta, str] | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(file_problem(display, f"cannot read file: {exc.strerror}"))
        return None
    big = too_big(raw, display)
    if big:
        problems.extend(big)
        return None
    fences = list(_FENCE.finditer(raw))
    if not fences or fences[0].start() != 0 or len(fences) < 2:
        problems.append(
            file_problem(
                display,
                "an update starts with front matter between '---' lines",
                "copy the layout of an existing update, or run `sosafe new update`",
            )
        )
        return None
    first, close = fences[0], fences[1]
    # The opening fence becomes an empty line, so YAML positions are the file's own.
    front = b"\n" + raw[first.end() + 1 : close.start()]
    doc, found = load_bytes(front, display)
    if doc is not None:
        doc.path = path
    problems.extend(found)
    if doc is None or found:
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "front matter must be fields (title:, date:, themes: ...)"))
        return None
    translated = project(doc, lang, languages)
    meta = validate(doc, UpdateMeta, problems)
    start = raw[: close.end()].count(b"\n")
    body, bad = decode(raw[close.end() :], display, start)
    if body is None:
        problems.extend(bad)
        return None
    if not isinstance(meta, UpdateMeta):
        return None
    if len(languages) > 1:
        parts = _body_parts(body)
        if lang == languages[0] and not meta.draft:  # a draft may wait for its Welsh
            problems.extend(missing_translations(doc, meta, translated, languages))
            for code in languages:
                if not parts.get(code, "").strip():
                    problems.append(
                        Problem(
                            display,
                            start + 1,
                            1,
                            "body",
                            f"no {NAMES[code]} text ({code})",
                            f"write the update in every language, the {NAMES[code]} "
                            f"after a line '<!-- {code} -->'",
                        )
                    )
        body = parts.get(lang) or parts.get(languages[0], "")
    body = body.strip()
    too_long = text_too_long(body)
    if too_long:
        problems.append(Problem(display, start + 1, 1, "body", *too_long))
        return None
    return doc, meta, body


def _body_parts(body: str) -> dict[str, str]:
    """A bilingual body by language: English first, each other after `<!-- code -->`."""
    parts: dict[str, str] = {}
    lang, start = "en", 0
    for match in _LANGUAGE_BREAK.finditer(body):
        parts[lang] = parts.get(lang, "") + body[start : match.start()]
        lang, start = match.group(1), match.end()
    parts[lang] = parts.get(lang, "") + body[start:]
    return parts
