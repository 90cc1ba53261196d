"""Any partnership's site: the packaged theme, its colours, `sosafe init`, source links and
edit links, on fixture partnerships (never the real content)."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BIN, FIXTURE_SITE, ROOT, mkdocs_build, run

from sosafe_gen.content.colour import WHITE, contrast

NAME = "Northwick Safer Communities Partnership"
OTHERS = re.compile(r"Stevenage|SoSafe|Testford|TestSafe")


def sosafe(cwd: Path, *args: str):  # type: ignore[no-untyped-def]
    return run(str(BIN / "sosafe"), *args, cwd=cwd)


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def copy_fixture(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(FIXTURE_SITE, src)
    return src


def all_text(site: Path) -> str:
    """Every file a reader or a program could fetch: pages, search index, feed, open data."""
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".csv", ".css", ".js")
    )


# --- sosafe init ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site made by `sosafe init` in a folder outside this repository, built strictly."""
    where = tmp_path_factory.mktemp("outside")
    out = sosafe(where, "init", "northwick", "--name", NAME)
    assert out.returncode == 0, out.stderr
    built = mkdocs_build(where / "northwick", where / "northwick" / "site")
    assert built.returncode == 0, built.stderr
    return where / "northwick"


def test_init_writes_a_site_that_builds_strictly_at_once(new_site: Path) -> None:
    files = sorted(
        p.relative_to(new_site).as_posix()
        for p in new_site.rglob("*")
        if p.is_file() and "site" not in p.relative_to(new_site).parts[:1]
    )
    assert files == [
        ".github/workflows/publish.yml",
        ".gitignore",
        ".gitlab-ci.yml",
        "EDITING.md",
        "content/partnership.yml",
        "content/sources.yml",
        "content/themes.yml",
        "docs/.gitkeep",
        "mkdocs.yml",
        "package.json",
        "requirements.txt",
    ]
    config = (new_site / "mkdocs.yml").read_text()
    assert f'site_name: "{NAME}"' in config
    assert "custom_dir" not in config and "extra_css" not in config
    assert re.search(
        r"^theme:\n  name: material\n\nplugins:\n  - search\n  - sosafe\n", config, re.M
    )


def test_init_names_no_other_partnership_and_invents_no_strategy(new_site: Path) -> None:
    site = new_site / "site"
    assert not OTHERS.search(all_text(site))
    home = (site / "index.html").read_text()
    assert NAME in home
    assert "The partnership has not yet published a community safety strategy on this site." in home
    assert not (site / "strategies" / "2025-28").exists()


def test_init_marks_the_abuse_themes_sensitive(new_site: Path) -> None:
    site = new_site / "site"
    themes = (new_site / "content" / "themes.yml").read_text()
    sensitive = re.findall(r"- id: ([a-z-]+)\n(?:    .*\n)*?    sensitive: true", themes)
    assert {"domestic-abuse", "violence-against-women-and-girls"} <= set(sensitive)
    for tid in sensitive:
        assert "data-sosafe-exit" in (site / "themes" / tid / "index.html").read_text()
    assert "data-sosafe-exit" not in (site / "themes" / "fraud-scams" / "index.html").read_text()


def test_the_publishing_workflows_check_build_test_and_deploy(new_site: Path) -> None:
    github = (new_site / ".github/workflows/publish.yml").read_text()
    steps = [
        "sosafe check content",
        "mkdocs build --strict",
        "sosafe audit site",
        "actions/deploy-pages",
    ]
    assert [github.index(s) for s in steps] == sorted(github.index(s) for s in steps)
    gitlab = (new_site / ".gitlab-ci.yml").read_text()
    assert "sosafe audit site" in gitlab and "pages:" in gitlab and "public" in gitlab


def test_another_partnerships_content_in_a_new_site_names_only_it(tmp_path: Path) -> None:
    out = sosafe(tmp_path, "init", "testford", "--name", "Testford Community Safety Partnership")
    assert out.returncode == 0, out.stderr
    shutil.rmtree(tmp_path / "testford" / "content")
    shutil.copytree(FIXTURE_SITE / "content", tmp_path / "testford" / "content")
    built = mkdocs_build(tmp_path / "testford", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    text = all_text(tmp_path / "out")
    assert "Testford" in text
    assert not re.search(r"Stevenage|SoSafe|Northwick", text)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    out = sosafe(tmp_path, "init", "taken", "--name", NAME)
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        "taken:1:1: the folder is not empty",
        "  hint: give the name of a new folder; nothing was written",
        "1 problem found; nothing was written.",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_init_into_an_empty_folder_and_a_short_name(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = sosafe(tmp_path, "init", "empty", "--name", NAME, "--short-name", "Safer Northwick")
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "empty" / "content" / "partnership.yml").read_text()
    assert f'name: "Safer Northwick"\nfull_name: "{NAME}"' in text


# --- the packaged theme and the partnership's colours --------------------------------------


@pytest.fixture(scope="module")
def fixture_built(build_partnership: Callable[[str], tuple[Path, Path]]) -> Path:
    return build_partnership("site")[1]


def test_the_package_brings_the_theme_with_only_theme_material_in_the_config(
    fixture_built: Path,
) -> None:
    page = (fixture_built / "strategies" / "2015-18" / "index.html").read_text()
    assert '<html lang="en-GB"' in page
    assert 'href="../../assets/sosafe-partnership.css"' in page
    assert 'href="../../assets/sosafe.css"' in page
    assert 'sosafe-print.css" media="print">' in page
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page
    for asset in ("sosafe.css", "sosafe-print.css", "sosafe-exit.js", "sosafe-partnership.css"):
        assert (fixture_built / "assets" / asset).is_file(), asset


def test_the_brand_colour_reaches_the_styles_and_the_charts(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    append(src / "content/partnership.yml", 'brand: {colour: "#5b2a86", accent: "#8a3a00"}\n')
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    css = (tmp_path / "site/assets/sosafe-partnership.css").read_text()
    assert "--md-primary-fg-color: #5b2a86;" in css
    assert "--md-accent-fg-color: #8a3a00;" in css
    light = re.search(r"--md-primary-fg-color--light: (#[0-9a-f]{6});", css)
    assert light and contrast(light.group(1), WHITE) >= 4.5
    charts = [p.read_text() for p in (tmp_path / "site/figures").rglob("index.html")]
    assert any('fill="#5b2a86"' in c for c in charts)
    assert not any('fill="#00543c"' in c for c in charts)


def test_a_colour_without_enough_contrast_is_refused_with_its_ratio(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    lines = (src / "content/partnership.yml").read_text().count("\n")
    append(src / "content/partnership.yml", 'brand:\n  colour: "#00543c"\n  accent: "#7fbfff"\n')
    out = sosafe(src, "check", "content")
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        f"content/partnership.yml:{lines + 3}:11: brand.accent: #7fbfff has a contrast of "
        "1.9:1 with white; text needs at least 4.5:1",
        "  hint: choose a darker shade of the colour",
        "1 problem found; nothing was written.",
    ]


def test_a_colour_that_is_not_a_colour_is_refused(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    lines = (src / "content/partnership.yml").read_text().count("\n")
    append(src / "content/partnership.yml", "brand: {colour: green}\n")
    out = sosafe(src, "check", "content")
    assert out.returncode == 1
    assert out.stderr.splitlines()[:2] == [
        f"content/partnership.yml:{lines + 1}:17: brand.colour: 'green' is not a colour",
        "  hint: write it as #rrggbb, e.g. '#1d4f91'",
    ]


def test_a_partnerships_own_custom_dir_still_wins(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    (src / "mine" / "partials").mkdir(parents=True)
    (src / "mine" / "partials" / "copyright.html").write_text(
        '<div class="md-copyright">Our own footer</div>\n'
    )
    text = (src / "mkdocs.yml").read_text()
    (src / "mkdocs.yml").write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: mine\n")
    )
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    page = (tmp_path / "site" / "index.html").read_text()
    assert "Our own footer" in page
    assert "sosafe-print.css" in page  # the package's main.html still applies


def test_a_logo_from_the_content_is_shown_in_the_header(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    (src / "docs" / "assets").mkdir()
    (src / "docs" / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
    )
    append(src / "content/partnership.yml", "brand: {logo: assets/logo.svg}\n")
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    assert 'src="assets/logo.svg"' in (tmp_path / "site" / "index.html").read_text()


# --- sources link to the originals; pages link to their content file -------------------------


def test_source_lines_link_to_the_original_or_the_published_copy(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    sources = src / "content/sources.yml"
    text = sources.read_text()
    text = text.replace(
        "    title: Old Strategy 2015-18\n",
        "    title: Old Strategy 2015-18\n    url: https://www.example.org/old-strategy.pdf\n",
    ).replace(
        "    title: Cabinet report 2025\n",
        "    title: Cabinet report 2025\n    download: documents/cabinet-2025.pdf\n",
    )
    sources.write_text(text)
    (src / "docs" / "documents").mkdir()
    (src / "docs" / "documents" / "cabinet-2025.pdf").write_bytes(b"%PDF-1.4\n")
    (src / "docs" / "index.md").unlink()  # the generated home page, with its reporting routes
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    strategy = (tmp_path / "site/strategies/2015-18/index.html").read_text()
    assert (
        '<strong>Source:</strong> <a href="https://www.example.org/old-strategy.pdf">Old Strategy 2015-18</a>'
        in strategy
    )
    report = (tmp_path / "site/reports/cabinet-2025/index.html").read_text()
    assert '<a href="../../documents/cabinet-2025.pdf">Cabinet report 2025</a>' in report
    assert (tmp_path / "site/documents/cabinet-2025.pdf").is_file()
    home = (tmp_path / "site/index.html").read_text()
    assert (
        'From <a href="https://www.example.org/old-strategy.pdf">Old Strategy 2015-18</a>' in home
    )


def test_a_download_that_is_not_in_docs_fails_the_build_saying_where(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    sources = src / "content/sources.yml"
    sources.write_text(
        sources.read_text().replace(
            "    title: Cabinet report 2025\n",
            "    title: Cabinet report 2025\n    download: documents/missing.pdf\n",
        )
    )
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode != 0
    assert (
        "content/sources.yml: documents 'new-report': download: no file "
        "'documents/missing.pdf' in docs/"
    ) in out.stderr
    assert "Traceback" not in out.stderr


def test_a_web_address_for_a_source_must_be_http(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    sources = src / "content/sources.yml"
    sources.write_text(
        sources.read_text().replace(
            "    title: Cabinet report 2025\n",
            '    title: Cabinet report 2025\n    url: "javascript:alert(1)"\n',
        )
    )
    out = sosafe(src, "check", "content")
    assert out.returncode == 1
    assert "documents[1].url: 'javascript:alert(1)' is not a web address" in out.stderr


def test_each_generated_page_edits_the_content_file_it_comes_from(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path)
    append(
        src / "mkdocs.yml",
        "repo_url: https://git.example.org/csp/site\nedit_uri: edit/main/docs/\n",
    )
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    base = "https://git.example.org/csp/site/edit/main/"

    def edit_link(rel: str) -> str | None:
        """The page's edit button (Material writes it a little differently across 9.x)."""
        found = re.search(
            rf'<a href="({re.escape(base)}[^"]*)"', (tmp_path / "site" / rel).read_text()
        )
        return found.group(1) if found else None

    assert edit_link("strategies/2015-18/index.html") == base + "content/strategies/2015-18.yml"
    assert edit_link("action-plans/2017-18/index.html") == base + "content/action-plans/2017-18.yml"
    assert edit_link("glossary/index.html") == base + "content/glossary.yml"
    assert edit_link("index.html") == base + "docs/index.md"  # hand-written in the fixture
    assert edit_link("compare/index.html") is None  # made from many files: no single one


def test_the_installed_package_alone_starts_and_builds_a_site(tmp_path: Path) -> None:
    """A wheel in a fresh environment outside this repository: everything the site needs
    (templates, theme, starter) ships inside the package."""
    uv = ROOT / ".tools" / "bin" / "uv"
    if not uv.exists():
        pytest.skip("uv is installed by `make` into .tools/")
    built = run(str(uv), "build", "--wheel", "-q", "-o", str(tmp_path / "dist"), str(ROOT))
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    venv = tmp_path / "venv"
    assert run(str(uv), "venv", "-q", "-p", sys.executable, str(venv)).returncode == 0
    made = run(str(uv), "pip", "install", "-q", "-p", str(venv / "bin" / "python"), str(wheel))
    assert made.returncode == 0, made.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out = run(str(venv / "bin" / "sosafe"), "init", "site", "--name", NAME, cwd=outside)
    assert out.returncode == 0, out.stderr
    build = run(str(venv / "bin" / "mkdocs"), "build", "--strict", cwd=outside / "site")
    assert build.returncode == 0, build.stderr
    home = (outside / "site" / "site" / "index.html").read_text()
    assert NAME in home and "sosafe-partnership.css" in home
    # The editor's scripts (Decap's build and ours, made by `make editor`) ship in the wheel.
    for script in ("decap-cms.js", "sosafe-cms.js"):
        assert (outside / "site" / "site" / "admin" / script).is_file()
