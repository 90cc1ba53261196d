from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from contract import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_SITE = FIXTURES / "site"
BIN = Path(sys.executable).parent


@pytest.fixture
def fixture_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture site; the working directory is its root."""
    dest = tmp_path / "site-src"
    shutil.copytree(FIXTURE_SITE, dest)
    monkeypatch.chdir(dest)
    return dest


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False)


def mkdocs_build(src: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    """A strict build; never with -q, which hides warnings from --strict in MkDocs 1.6."""
    return run(
        str(BIN / "mkdocs"),
        "build",
        "--strict",
        "-f",
        str(src / "mkdocs.yml"),
        "-d",
        str(dest),
        cwd=src,
    )


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built once per test session with a strict build."""
    dest = tmp_path_factory.mktemp("real") / "site"
    out = mkdocs_build(ROOT, dest)
    assert out.returncode == 0, out.stderr
    return dest


PARTNERSHIPS = ["site", "one-of-each", "strategy-only", "new", "scrutiny"]
"""The fixture partnerships, rich to empty; "new" is a site fresh from `sosafe init`;
"scrutiny" has two quarterly plans with statuses and lineage (tests/test_scrutiny.py)."""


@pytest.fixture(scope="session")
def build_partnership(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], tuple[Path, Path]]:
    """Copy a fixture partnership (or make the "new" one) and build it strictly, once a
    session: its source folder and its built site. Tests must not change either."""
    where = tmp_path_factory.mktemp("partnerships")
    built: dict[str, tuple[Path, Path]] = {}

    def build(name: str) -> tuple[Path, Path]:
        if name not in built:
            src = where / f"{name}-src"
            if name == "new":
                made = run(
                    str(BIN / "sosafe"),
                    "init",
                    str(src),
                    "--name",
                    "Westbury Community Safety Partnership",
                    cwd=where,
                )
                assert made.returncode == 0, made.stderr
            else:
                shutil.copytree(FIXTURES / name, src, ignore=shutil.ignore_patterns("expected"))
            out = mkdocs_build(src, where / name)
            assert out.returncode == 0, out.stderr
            built[name] = (src, where / name)
        return built[name]

    return build


@pytest.fixture(
    scope="session",
    params=["content", *PARTNERSHIPS],
    ids=["content", *(f"fixture-{name}" for name in PARTNERSHIPS)],
)
def project(request: pytest.FixtureRequest, build_partnership: Callable) -> Project:
    """For the content contract (tests/test_content_*.py): the repository's own content
    (`content/`, whichever partnership's it is) built as `make site` builds it, then each
    fixture partnership, which shows the checks take nothing from any one partnership."""
    if request.param == "content":
        return Project(ROOT, request.getfixturevalue("real_site"))
    return Project(*build_partnership(request.param))


# Column headings of the council's action-plan spreadsheets (sosafe import).
QUARTERLY = [
    "Aim",
    "Action",
    "Lead",
    "Partners",
    "Resources",
    "Expected outcomes",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
]
TO_DATE = [*QUARTERLY[:6], "Progress to date"]


def check_and_build(content_dir: Path, extra_pages: frozenset[str] = frozenset({"index.md"})):
    """In-process: the check's problem lines, or (when it accepts) every page and file built
    from the content, as the plugin builds them (the fixture site has its own home page)."""
    from sosafe_gen.content.check import load_content
    from sosafe_gen.content.problems import ContentError
    from sosafe_gen.render.renderer import Renderer
    from sosafe_gen.site.planner import plan_site

    try:
        content = load_content(content_dir)
    except ContentError as exc:
        return [str(p) for p in exc.problems], {}
    renderer = Renderer(plan_site(content, extra_pages=extra_pages))
    return [], {**renderer.render_all(), **renderer.render_files()}


def rename_id(content_dir: Path, old: str, new: str) -> None:
    """Give a record a new id everywhere it is named (its file too, if named after it)."""
    for path in sorted(content_dir.rglob("*.*")):
        text = path.read_text()
        path.write_text(re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, text))
        if path.stem == old:
            path.rename(path.with_name(new + path.suffix))


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v is not None]


def duplicate_ids(site: Path) -> dict[str, list[str]]:
    """Each page's ids that more than one element has."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Ids()
        parser.feed(page.read_text())
        twice = sorted(i for i, n in Counter(parser.ids).items() if n > 1)
        if twice:
            out[str(page.relative_to(site))] = twice
    return out


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., list[Path]]:
    """LibreOffice, headless, as a converter: `convert(files, "ods", outdir)` → the files
    it wrote. One user profile for the session (LibreOffice's first start is the slow
    part); tests skip where it is not installed (`make office` installs it)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (make office installs libreoffice-*-nogui)")
    profile = tmp_path_factory.mktemp("soffice-profile")

    def convert(files: list[Path], fmt: str, outdir: Path) -> list[Path]:
        outdir.mkdir(parents=True, exist_ok=True)
        out = run(
            str(soffice),
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, files),
        )
        ext = fmt.split(":")[0]
        made = [outdir / f"{f.stem}.{ext}" for f in files]
        assert all(p.is_file() for p in made), out.stdout + out.stderr
        return made

    return convert
