"""End to end: a strict MkDocs build of the fixture site, as a reader would get it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import duplicate_ids, mkdocs_build

Built = Callable[[str], tuple[Path, Path]]

PAGES = [
    "index.html",
    "strategies/index.html",
    "strategies/2015-18/index.html",
    "strategies/2015-18/objectives/asb/index.html",
    "strategies/2015-18/objectives/domestic-abuse/index.html",
    "strategies/2025-28/index.html",
    "strategies/2025-28/objectives/drugs/index.html",
    "strategies/2025-28/objectives/asb/index.html",
    "action-plans/index.html",
    "action-plans/2017-18/index.html",
    "action-plans/2025-26/index.html",
    "case-studies/index.html",
    "case-studies/street-meets/index.html",
    "themes/index.html",
    "themes/asb/index.html",
    "themes/domestic-abuse/index.html",
    "themes/drugs/index.html",
    "themes/fraud/index.html",
    "meetings/index.html",
    "meetings/2018-03-27-committee/index.html",
    "reports/cabinet-2025/index.html",
    "reports/plan-review-2018/index.html",
    "figures/index.html",
    "figures/youth-attendance/index.html",
    "figures/crime-change-2024-25/index.html",
    "glossary/index.html",
    "partnership/index.html",
    "data/index.html",  # open data downloads (issue 7)
    "data/standard/index.html",  # the open data standard, field by field (issue 28)
    "compare/index.html",
    "compare/strategies-2015-18-and-2025-28/index.html",
    "compare/action-plans-2017-18-and-2025-26/index.html",
    "updates/index.html",
    "updates/safer-parks-week-2024/index.html",
    "updates/themes/asb/index.html",
    "updates/themes/drugs/index.html",
    "archive/index.html",  # every document by year (issue 6)
    "404.html",
]


def html_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


def links(page: Path) -> list[str]:
    body = page.read_text()
    body = body[body.index("<article") : body.index("</article>")]
    return [h for h in re.findall(r'href="([^"#]*)(?:#[^"]*)?"', body) if h]


def test_strict_build_generates_every_page(fixture_site: Path, tmp_path: Path) -> None:
    out = mkdocs_build(fixture_site, tmp_path / "out")
    assert out.returncode == 0, out.stderr
    assert "WARNING" not in out.stderr
    # and the browser editor's page (issue 23), which is not a reader's page
    assert html_pages(tmp_path / "out") == sorted([*PAGES, "admin/index.html"])


@pytest.fixture
def site(build_partnership: Built) -> Path:
    """The fixture partnership's shared strict build (tests/conftest.py): read, never changed."""
    return build_partnership("site")[1]


def test_generated_pages_link_to_each_other(site: Path) -> None:
    objective = site / "strategies/2015-18/objectives/asb/index.html"
    assert links(objective) == [
        "../../../2025-28/",  # the superseded banner links to the current strategy
        "../../",
        "../../../../action-plans/2017-18/",
        "../../../../case-studies/street-meets/",
        "../../../../themes/asb/",
    ]
    theme = (site / "themes/asb/index.html").read_text()
    for target in (
        "strategies/2015-18/objectives/asb/",
        "action-plans/2017-18/#action-1-1-a",
        "case-studies/street-meets/",
        "figures/youth-attendance/",
        "meetings/2018-03-27-committee/",
    ):
        assert f'href="../../{target}"' in theme
    for page in PAGES:
        for href in links(site / page):
            if href.startswith(("http", "mailto:", "tel:")) or not href:
                continue
            target = (site / page).parent / href
            assert (target / "index.html").exists() or target.is_file(), f"{page} → {href}"


def test_superseded_banner_links_to_current(site: Path) -> None:
    page = (site / "strategies/2015-18/index.html").read_text()
    assert (
        "<strong>Superseded.</strong> This strategy has been replaced. The current strategy is "
        '<a href="../2025-28/">New Strategy 2025-28</a>.'
    ) in page


def test_officer_names_hidden_by_default(site: Path, fixture_site: Path, tmp_path: Path) -> None:
    page = (site / "action-plans/2017-18/index.html").read_text()
    assert "<dt>Lead</dt><dd>Police</dd>" in page
    assert "Pat Example" not in page
    site = tmp_path / "out"
    cfg = fixture_site / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text().replace("  - sosafe\n", "  - sosafe:\n      show_officer_names: true\n")
    )
    assert mkdocs_build(fixture_site, site).returncode == 0
    assert (
        "<dt>Lead</dt><dd>Police (Pat Example)</dd>"
        in (site / "action-plans/2017-18/index.html").read_text()
    )


def test_abbreviation_takes_the_page_documents_meaning(site: Path) -> None:
    old = (site / "strategies/2015-18/objectives/asb/index.html").read_text()
    new = (site / "reports/cabinet-2025/index.html").read_text()
    assert '<abbr title="Testford Against Domestic Abuse">SADA</abbr>' in old
    assert '<abbr title="Survivors Against Domestic Abuse">SADA</abbr>' in new


def test_small_counts_of_people_are_suppressed(site: Path) -> None:
    page = (site / "figures/youth-attendance/index.html").read_text()
    assert '<th scope="row">Boys</th><td>fewer than 5</td>' in page
    assert '<th scope="row">Girls</th><td>118</td>' in page


def test_content_error_fails_the_build_and_writes_nothing(
    fixture_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "out"
    site.mkdir()
    (site / "keep.html").write_text("previous build")
    plan = fixture_site / "content/action-plans/2017-18.yml"
    plan.write_text(plan.read_text().replace("strategy: 2015-18", "strategy: 2015-81"))
    out = mkdocs_build(fixture_site, site)
    assert out.returncode == 1
    assert (
        "content/action-plans/2017-18.yml:4:11: strategy: unknown strategy '2015-81'\n"
        "  hint: did you mean '2015-18' or '2025-28'?"
    ) in out.stderr
    assert "Traceback" not in out.stderr
    assert [p.name for p in site.iterdir()] == ["keep.html"]


def test_broken_link_in_hand_written_page_fails_strict_build(
    fixture_site: Path, tmp_path: Path
) -> None:
    index = fixture_site / "docs/index.md"
    index.write_text(index.read_text() + "\nSee [a missing page](strategies/1999-00/index.md).\n")
    out = mkdocs_build(fixture_site, tmp_path / "out")
    assert out.returncode == 1
    assert "strategies/1999-00/index.md" in out.stderr


def test_hand_written_page_is_never_silently_replaced(fixture_site: Path, tmp_path: Path) -> None:
    (fixture_site / "docs/glossary.md").write_text("# My glossary\n")
    out = mkdocs_build(fixture_site, tmp_path / "out")
    assert out.returncode == 1
    assert "docs/glossary.md would be replaced by a generated page" in out.stderr


def test_every_id_on_a_page_is_unique(fixture_site: Path, tmp_path: Path) -> None:
    """Ids from content are anchors beside the page's own (`progress-summary`, `aims`,
    `foreword`, `by-theme`, `caption-funding`...): valid content never makes two the same."""
    content = fixture_site / "content"
    plan = content / "action-plans/2017-18.yml"
    plan.write_text(
        plan.read_text().replace(
            "  - id: asb\n    number: 1", "  - id: progress-summary\n    number: 1"
        )
        + "annexes:\n  - {id: aims, title: Aims annex, sections: [{id: about, title: About}]}\n"
    )
    strategy = content / "strategies/2025-28.yml"
    strategy.write_text(
        strategy.read_text()
        + "foreword: {body: Welcome.}\n"
        + "introduction: [{id: foreword, title: Foreword, body: Again.}]\n"
        + "sections: [{id: objectives, title: Objectives}, {id: due-regard, title: Due regard}]\n"
    )
    report = content / "reports/cabinet-2025.yml"
    report.write_text(
        report.read_text().replace('  - number: "1"\n', '  - id: discussed\n    number: "1"\n')
    )
    (content / "funding").mkdir(exist_ok=True)
    (content / "funding/grants.yml").write_text(
        "awards:\n  - {id: caption, amount_text: £1, recipient: Us, purpose: Patrols, "
        "source: {document: old-strategy}}\n"
    )
    (content / "updates").mkdir(exist_ok=True)
    for slug, theme in (("by-theme", "asb"), ("all", "drugs")):
        (content / f"updates/2025-01-01-{slug}.md").write_text(
            f"---\ntitle: News\ndate: 2025-01-01\nthemes: [{theme}]\nsummary: News.\n---\n\nBody.\n"
        )
    out = mkdocs_build(fixture_site, tmp_path / "out")
    assert out.returncode == 0, out.stderr
    assert duplicate_ids(tmp_path / "out") == {}
    page = (tmp_path / "out/action-plans/2017-18/index.html").read_text()
    assert '<a href="#section-progress-summary">1. Antisocial behaviour</a>' in page


def test_the_real_site_has_no_duplicate_id(real_site: Path) -> None:
    assert duplicate_ids(real_site) == {}


def test_officers_contact_details_follow_their_names(
    site: Path, fixture_site: Path, tmp_path: Path
) -> None:
    """An officer's phone or extension identifies them as their name does: both are hidden
    (pages and open data) unless the config shows officers' names."""
    report = (site / "reports/cabinet-2025/index.html").read_text()
    meeting = (site / "meetings/2018-03-27-committee/index.html").read_text()
    assert "<dt>Author</dt><dd>Council officer</dd>" in report
    assert "<dt>Contact</dt><dd>Committee clerk</dd>" in meeting
    data = (p for p in (site / "data").rglob("*") if p.is_file())
    published = [report, meeting, *(p.read_text() for p in data)]
    for secret in ("Sam Officer", "Ext. 2458", "Chris Clerk", "01234 000111"):
        assert [secret in text for text in published] == [False] * len(published), secret
    cfg = fixture_site / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text().replace("  - sosafe\n", "  - sosafe:\n      show_officer_names: true\n")
    )
    site = tmp_path / "out"
    assert mkdocs_build(fixture_site, site).returncode == 0
    report = (site / "reports/cabinet-2025/index.html").read_text()
    meeting = (site / "meetings/2018-03-27-committee/index.html").read_text()
    assert "<dt>Author</dt><dd>Sam Officer (Ext. 2458)</dd>" in report
    assert "<dd>Committee clerk: Chris Clerk, telephone 01234 000111</dd>" in meeting
    assert "Ext. 2458" in (site / "data/reports.json").read_text()


@pytest.mark.parametrize("name", ["site", "bilingual"])
def test_the_nav_kept_for_pages_outside_it_is_materials_own(
    build_partnership: Built, tmp_path: Path, name: str
) -> None:
    """Material's nav is rendered once per distinct set of links (the package's
    partials/nav.html): every page is byte for byte what Material's own nav.html, rendered
    for each page (a custom_dir holding it, which the wrapper then leaves alone), gives."""
    import material

    src, built = build_partnership(name)
    shutil.copytree(src, tmp_path / "src")  # with its PDF cache: no PDF is laid out again
    own = tmp_path / "src" / "overrides" / "partials"
    own.mkdir(parents=True)
    shutil.copy2(Path(material.__file__).parent / "templates/partials/nav.html", own)
    cfg = tmp_path / "src" / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    )
    out = mkdocs_build(tmp_path / "src", tmp_path / "site", pdf=True)
    assert out.returncode == 0, out.stderr
    pages = sorted(p.relative_to(built) for p in built.rglob("*.html"))
    assert pages == sorted(
        p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*.html")
    )
    differ = [
        str(p) for p in pages if (built / p).read_bytes() != (tmp_path / "site" / p).read_bytes()
    ]
    assert differ == []
