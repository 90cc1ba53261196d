"""Writing content files safely: whole-content validation first, then one atomic replace.

Every edit is checked by loading the WHOLE content folder from a temporary copy that holds
the edited file, and only then written: to a temp file in the same folder, renamed over
the old one. A bad value or an interrupted write leaves the file as it was.

Every edit command runs as one `Edit`, holding a lock on the content folder from its first
read to its write, so two edits never interleave (each sees the other's change); a file
changed meanwhile by anything else (an editor, a sync) is refused rather than overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..content.check import load_content
from ..content.load import PathT, load_file
from ..content.problems import ContentError, Problem, file_problem
from ..content.record import Content
from ..content.text import display_path

LOCK_FILE = ".sosafe.lock"
"""In the content folder, held by each edit from its first read to its write (git and the
check ignore it)."""
LOCK_WAIT = 60.0
"""Seconds an edit waits for another to finish."""


class Edit:
    """One edit of a content folder: what it read, and the one way it writes."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = Path(content_dir)
        self._read: dict[Path, bytes] = {}

    def read(self, path: Path) -> str:
        """A file's text, remembered as the version this edit changes."""
        raw = Path(path).read_bytes()
        self._read[Path(path).resolve()] = raw
        return raw.decode("utf-8")

    def write(self, path: Path, text: str) -> Content:
        """`text` as the file, if the whole content is valid with it and the file is still
        as this edit read it (a file it never read must still not exist)."""
        return validated_write(self.content_dir, path, text, self._read.get(Path(path).resolve()))


@contextmanager
def editing(content_dir: Path) -> Iterator[Edit]:
    """An edit of `content_dir`, with the folder locked against other edits until it ends."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        load_content(content_dir)  # raises its "content folder not found" problem
    lock = FileLock(content_dir / LOCK_FILE, timeout=LOCK_WAIT)
    try:
        lock.acquire()
    except Timeout:
        raise ContentError(
            [
                file_problem(
                    display_path(content_dir),
                    f"another edit of this folder has not finished in {LOCK_WAIT:.0f} seconds",
                    "run this again when it has",
                )
            ]
        ) from None
    except OSError as exc:  # e.g. a folder the user may not write to
        raise ContentError(
            [
                file_problem(
                    display_path(content_dir / LOCK_FILE),
                    f"cannot lock the content folder for this edit: {exc.strerror or exc}",
                    "check that you may change files in the content folder",
                )
            ]
        ) from None
    try:
        yield Edit(content_dir)
    finally:
        lock.release()


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


def validated_write(content_dir: Path, target: Path, text: str, base: bytes | None) -> Content:
    """Load all content with `target` replaced by `text`; write it only if all is valid and
    the file is still `base` (the bytes the edit read; None: the file must not exist)."""
    content = check_with(content_dir, {Path(target): text})
    _unchanged(Path(target), base)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text)
    content.root = Path(content_dir)
    return content


def check_with(content_dir: Path, changes: dict[Path, str | None]) -> Content:
    """The whole content checked as it would be with each file in `changes` (a path in the
    content folder) replaced by its text, or removed (None); nothing is written. Problems
    name the real files."""
    content_dir = Path(content_dir)
    with tempfile.TemporaryDirectory(prefix="sosafe-") as tmp:
        copy = Path(tmp) / content_dir.resolve().name
        shutil.copytree(content_dir, copy, ignore=shutil.ignore_patterns(LOCK_FILE))
        for target, text in changes.items():
            rel = Path(target).resolve().relative_to(content_dir.resolve())
            if text is None:
                (copy / rel).unlink(missing_ok=True)
                continue
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / rel).write_text(text, encoding="utf-8", newline="")
        try:
            return load_content(copy)
        except ContentError as exc:
            raise ContentError(_relocate(p, copy, content_dir) for p in exc.problems) from None


def _unchanged(path: Path, base: bytes | None) -> None:
    """Refuse to replace a file that is no longer what the edit read (or now exists)."""
    try:
        now: bytes | None = path.read_bytes()
    except FileNotFoundError:
        now = None
    if now == base:
        return
    what = "was created" if base is None else ("was deleted" if now is None else "changed")
    raise ContentError(
        [
            file_problem(
                display_path(path),
                f"the file {what} while this edit was being made, so it was not written",
                "run the command again, to make the change to the file as it is now",
            )
        ]
    )


def _relocate(p: Problem, copy: Path, real: Path) -> Problem:
    """Name the real file in a problem found in the temporary copy (both paths resolved:
    the temporary folder may be reached through a symlink, as /tmp is on macOS)."""
    try:
        rel = Path(p.file).resolve().relative_to(copy.resolve())
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
