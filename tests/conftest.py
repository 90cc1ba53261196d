from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
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


PARTNERSHIPS = ["site", "one-of-each", "strategy-only", "new"]
"""The fixture partnerships, rich to empty; "new" is a site fresh from `sosafe init`."""


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
