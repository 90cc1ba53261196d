"""`sosafe init DIR --name "…"`: a new partnership's site that builds strictly at once.

It writes `mkdocs.yml`, a `content/` starter (the partnership, an empty list of source
documents, themes common to Community Safety Partnerships with the abuse themes marked
sensitive; no strategy is invented), a guide for editors, `.gitignore` and publishing
workflows for GitHub Pages and GitLab Pages. The starter is checked like any content, and
the folder appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .. import __version__
from ..content.check import load_content
from ..content.problems import ContentError, Problem, file_problem
from ..content.text import display_path
from . import signin

STARTER = Path(__file__).parent / "starter"
STARTER_CY = Path(__file__).parent / "starter_cy"
"""The bilingual starter's content files, written over the English ones."""
QUOTED = ("{name}", "{name_cy}", "{short}", "{short_cy}")
"""Values written into YAML as quoted strings (a name may hold a colon)."""
RENAMES = {
    "gitignore": ".gitignore",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "github": ".github",
}
"""Starter files whose real names start with a dot (packaging leaves dotfiles out)."""


def init_site(
    dest: Path,
    name: str,
    short_name: str | None,
    today: dt.date,
    languages: tuple[str, ...] = ("en",),
    name_cy: str | None = None,
    editor: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write a new site into `dest` (absent or empty); return the files written.

    With `languages=("en", "cy")` the partnership and themes are written in English and
    Welsh (`starter_cy/`), so the site publishes every page in both; the Welsh name is
    `name_cy`, or the English one until the partnership gives it. `editor` (from
    `signin.from_options`) is how editors will sign in, recorded in mkdocs.yml."""
    display = display_path(dest)
    name = " ".join(name.split())
    short = " ".join((short_name or name).split())
    problems = _check_args(display, dest, name, short)
    if languages not in (("en",), ("en", "cy")):
        problems.append(
            file_problem(display, "languages are en, or en,cy", "give --languages en,cy")
        )
    problems += signin.problems(editor or {}, display, options=True)
    if problems:
        raise ContentError(problems)
    welsh = " ".join((name_cy or name).split())
    values = {
        "{name}": name,
        "{name_cy}": welsh,
        "{short}": short,
        "{short_cy}": welsh if name_cy else short,
        "{plain_name_cy}": welsh,
        "{plain_name}": name,
        "{version}": __version__,
        "{today}": today.isoformat(),
        "{editor}": signin.plugin_options(editor or {}),
        "{branch}": (editor or {}).get("branch", "main"),
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    mask = os.umask(0)
    os.umask(mask)
    tmp.chmod(0o777 & ~mask)  # mkdtemp makes it private; the site folder is not
    try:
        written = [_write(src, tmp, values, short) for src in sorted(STARTER.rglob("*"))]
        if "cy" in languages:  # the bilingual partnership and themes replace the English
            for src in sorted(STARTER_CY.rglob("*")):
                _write(src, tmp, values, short, STARTER_CY)
        (tmp / "docs").mkdir()
        (tmp / "docs" / ".gitkeep").write_text("")
        load_content(tmp / "content")  # the starter must pass the check it ships with
        if dest.exists():
            dest.rmdir()  # empty, as checked
        os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(dest / p.relative_to(tmp) for p in written if p is not None)


def _check_args(display: str, dest: Path, name: str, short: str) -> list[Problem]:
    problems = []
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        problems.append(
            file_problem(
                display,
                "the folder is not empty" if dest.is_dir() else "a file of that name exists",
                "give the name of a new folder; nothing was written",
            )
        )
    if not name:
        problems.append(
            file_problem(display, "the partnership needs a name", 'give --name "Its Full Name"')
        )
    if not short:
        problems.append(file_problem(display, "the short name is empty", "leave out --short-name"))
    return problems


def _write(
    src: Path, tmp: Path, values: dict[str, str], short: str, base: Path = STARTER
) -> Path | None:
    rel = src.relative_to(base)
    parts = [RENAMES.get(p, p) for p in rel.parts]
    target = tmp.joinpath(*parts)
    if src.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return None
    text = src.read_text(encoding="utf-8")
    yaml = src.suffix == ".yml"
    for key, value in values.items():
        quoted = json.dumps(value, ensure_ascii=False) if yaml and key in QUOTED else value
        text = text.replace(key, quoted)
    if yaml and src.name == "partnership.yml":
        text = text.replace(
            f"name: {json.dumps(values['{name}'], ensure_ascii=False)}\nfull_name",
            f"name: {json.dumps(short, ensure_ascii=False)}\nfull_name",
            1,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
