from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
