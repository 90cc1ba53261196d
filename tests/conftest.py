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
from filelock import FileLock

from sosafe_gen.site.editor import ADMIN_DIR

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests first: their audits are the longest, so under pytest-xdist they
    start at once on one worker while the others share the rest (a stable sort, the same
    order in every worker, as xdist requires)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False)


def without_pdfs(cli: str = "mkdocs") -> list[str]:
    """The `mkdocs` (or `properdocs`) command itself, with the plugin's `pdf` option
    defaulting to off; a mkdocs.yml that sets `pdf:` still wins. PDFs cost about four times
    the rest of a build, so tests that do not read them build without."""
    code = (  # the command first: properdocs stands in for mkdocs as it is imported
        f"from {cli}.__main__ import cli; "
        "from sosafe_gen.adapters.plugin import SosafeConfig; SosafeConfig.pdf.default = False; "
        "cli()"
    )
    return [sys.executable, "-c", code]


def site_pages(site: Path) -> list[Path]:
    """The pages a reader reads: every HTML file of a built site but the editor's page at
    /admin/ (a page of its own kind, without the site's theme: tests/test_editor*.py)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != ADMIN_DIR)


def mkdocs_build(src: Path, dest: Path, pdf: bool = False) -> subprocess.CompletedProcess[str]:
    """A strict build (never with -q, which hides warnings from --strict in MkDocs 1.6),
    without PDFs unless `pdf` (or the site's mkdocs.yml sets `pdf: true`)."""
    command = [str(BIN / "mkdocs")] if pdf else without_pdfs()
    return run(
        *command,
        "build",
        "--strict",
        "-f",
        str(src / "mkdocs.yml"),
        "-d",
        str(dest),
        cwd=src,
    )


def shared_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder for the whole test run, shared by pytest-xdist's workers (each has its own
    base temp folder inside the run's), so a site is built once whichever worker asks."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    where = base / name
    where.mkdir(parents=True, exist_ok=True)
    return where


def built_once(where: Path, make: Callable[[], None]) -> None:
    """Run `make` unless another worker of this run already did (or is doing: wait for it)."""
    with FileLock(str(where) + ".lock"):
        done = Path(str(where) + ".done")
        if not done.exists():
            make()
            done.touch()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built once per test run with a strict build, PDFs included."""
    where = shared_dir(tmp_path_factory, "real")
    dest = where / "site"

    def make() -> None:
        out = mkdocs_build(ROOT, dest, pdf=True)
        assert out.returncode == 0, out.stderr

    built_once(where, make)
    return dest


PARTNERSHIPS = ["site", "one-of-each", "strategy-only", "new", "scrutiny"]
"""The fixture partnerships, rich to empty; "new" is a site fresh from `sosafe init`;
"scrutiny" has two quarterly plans with statuses and lineage (tests/test_scrutiny.py)."""


@pytest.fixture(scope="session")
def build_partnership(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], tuple[Path, Path]]:
    """Copy a fixture partnership (or make the "new" one) and build it strictly, PDFs
    included, once a test run (whichever xdist worker asks first builds it; the others wait
    and read it): its source folder and its built site. Tests must not change either."""
    where = shared_dir(tmp_path_factory, "partnerships")

    def build(name: str) -> tuple[Path, Path]:
        src, dest = where / f"{name}-src", where / name

        def make() -> None:
            if src.exists():  # a build that failed half-way in another worker
                shutil.rmtree(src)
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
            out = mkdocs_build(src, dest, pdf=True)
            assert out.returncode == 0, out.stderr

        built_once(where / name, make)
        return src, dest

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
