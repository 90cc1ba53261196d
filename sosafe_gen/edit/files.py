"""Writing content files safely: whole-content validation first, then one atomic replace.

Every edit is checked by loading the WHOLE content folder from a temporary copy that holds
the edited file, and only then written: to a temp file in the same folder, renamed over
the old one. A bad value or an interrupted write leaves the file as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..content.check import load_content
from ..content.load import PathT, load_file
from ..content.problems import ContentError, Problem
from ..content.record import Content
from ..content.text import display_path


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write via a temp file in the same folder and os.replace: readers see old or new."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def validated_write(content_dir: Path, target: Path, text: str) -> Content:
    """Load all content with `target` replaced by `text`; write it only if all is valid."""
    content_dir = Path(content_dir)
    rel = Path(target).resolve().relative_to(content_dir.resolve())
    with tempfile.TemporaryDirectory(prefix="sosafe-") as tmp:
        copy = Path(tmp) / content_dir.resolve().name
        shutil.copytree(content_dir, copy)
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_text(text, encoding="utf-8", newline="")
        try:
            content = load_content(copy)
        except ContentError as exc:
            raise ContentError(_relocate(p, copy, content_dir) for p in exc.problems) from None
    atomic_write(target, text)
    content.root = content_dir
    return content


def _relocate(p: Problem, copy: Path, real: Path) -> Problem:
    """Name the real file in a problem found in the temporary copy."""
    try:
        rel = Path(os.path.abspath(p.file)).relative_to(copy.resolve())
    except ValueError:
        return p
    return Problem(display_path(real / rel), p.line, p.column, p.path, p.message, p.hint)


def content_problem(
    path: Path, message: str, hint: str | None = None, where: PathT = ()
) -> ContentError:
    """One problem with a content file, at the value `where` points to (else its start)."""
    line, col = (1, 1)
    if where:
        doc, _ = load_file(path, display_path(path))
        if doc is not None:
            line, col = doc.where(where)
    return ContentError([Problem(display_path(path), line, col, "", message, hint)])


def plan_path(content_dir: Path, plan_id: str) -> Path:
    return Path(content_dir) / "action-plans" / f"{plan_id}.yml"
