"""ProperDocs, the maintained fork of MkDocs 1.x, builds a site with the plugin unchanged."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURE_SITE, mkdocs_build, run, without_pdfs


def pages(site: Path) -> dict[str, str]:
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    return {
        p.relative_to(site).as_posix(): generator.sub("", p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
    }


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    out = run(
        *without_pdfs("properdocs"),
        "build",
        "--strict",
        "-f",
        str(FIXTURE_SITE / "mkdocs.yml"),
        "-d",
        str(tmp_path / "properdocs"),
        cwd=FIXTURE_SITE,
    )
    assert out.returncode == 0, out.stderr
    assert mkdocs_build(FIXTURE_SITE, tmp_path / "mkdocs").returncode == 0
    theirs, ours = pages(tmp_path / "properdocs"), pages(tmp_path / "mkdocs")
    assert len(theirs) > 20 and theirs.keys() == ours.keys()
    assert theirs == ours
    home = (tmp_path / "properdocs" / "index.html").read_text()
    assert 'content="mkdocs-ProperDocs' in home
