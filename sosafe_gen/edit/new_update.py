"""`sosafe new update "Title"`: a dated draft update from the template (checked with the
whole content and written like every edit)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..content.languages import site_languages
from ..content.load import load_file
from ..content.problems import ContentError, file_problem
from ..content.text import display_path, slugify
from ..content.updates import UPDATES_DIR
from .files import editing

TEMPLATE = Path(__file__).parent / "new_update.md"
TEMPLATE_CY = Path(__file__).parent / "new_update_cy.md"
"""A bilingual site's update: each text in English and Welsh, the Welsh to be written."""


def _peek(path: Path) -> object:
    doc, _ = load_file(path, display_path(path)) if path.is_file() else (None, [])
    return doc.data if doc is not None else None


def new_update(content_dir: Path, title: str, today: dt.date) -> Path:
    """Create `updates/<today>-<slug>.md` from the template, as a draft; return its path."""
    if not content_dir.is_dir():
        raise ContentError(
            [
                file_problem(
                    display_path(content_dir),
                    "content folder not found",
                    "run this in the site's folder, or pass --content",
                )
            ]
        )
    title = " ".join(title.split())
    slug = slugify(title)
    where = display_path(content_dir / UPDATES_DIR)
    if not slug:
        raise ContentError(
            [
                file_problem(
                    where,
                    f"cannot make an address from {title!r}",
                    "use a title with some letters or digits",
                )
            ]
        )
    path = content_dir / UPDATES_DIR / f"{today.isoformat()}-{slug}.md"
    bilingual = len(site_languages(_peek(content_dir / "partnership.yml"))) > 1
    text = (
        (TEMPLATE_CY if bilingual else TEMPLATE)
        .read_text(encoding="utf-8")
        .replace("{title}", json.dumps(title, ensure_ascii=False))
        .replace("{date}", today.isoformat())
    )
    with editing(content_dir) as edit:
        if path.exists():
            raise ContentError(
                [
                    file_problem(
                        display_path(path),
                        "this update already exists",
                        "edit it, or choose another title",
                    )
                ]
            )
        edit.write(path, text)
    return path
