"""The public face, as built HTML: home, archive, accessibility statement, status banners,
links between documents and meetings, search index, the quick exit and the theme overrides.

The browser suite (test_browser.py) proves how these behave; these tests pin what is built.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, ROOT, mkdocs_build

from sosafe_gen.content.check import load_content
from sosafe_gen.content.problems import ContentError
from sosafe_gen.render.theme import theme_extra
from sosafe_gen.site.pages import Options
from sosafe_gen.site.planner import plan_site

STATEMENT = """
accessibility:
  prepared: 2026-11-02
  reviewed: 2026-11-20
  response_days: 10
  known_issues:
    - Charts on figure pages have no text alternative.
"""


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture partnership with a generated home page and an accessibility statement."""
    src = tmp_path_factory.mktemp("public") / "src"
    shutil.copytree(FIXTURE_SITE, src)
    (src / "docs" / "index.md").unlink()
    with (src / "content" / "partnership.yml").open("a") as f:
        f.write(STATEMENT)
    out = mkdocs_build(src, src.parent / "site")
    assert out.returncode == 0, out.stderr
    return src.parent / "site"


def article(page: Path) -> str:
    body = page.read_text()
    return body[body.index("<article") : body.index("</article>")]


INLINE = re.compile(r"</?(?:a|abbr|strong|em|b|i|span|code)\b[^>]*>")


def text(fragment: str) -> str:
    """Visible text: inline tags vanish, block tags separate words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", INLINE.sub("", fragment))).split())


def hrefs(fragment: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', fragment)


# --- home page ----------------------------------------------------------------------------------


def test_home_page_is_generated_from_content(public_site: Path) -> None:
    home = article(public_site / "index.html")
    words = text(home)
    assert words.startswith("Testford Community Safety Partnership")
    assert "A fixture partnership." in words
    # How to report: only the routes the content names, with the number as a phone link.
    assert "Police non-emergency number 101: telephone 101" in words
    assert 'href="tel:101"' in home
    assert "999" not in words  # no emergency wording configured: the engine adds none
    # The current strategy at a glance: each priority links to its own page.
    assert "Our priorities: New Strategy 2025-28" in words
    for link in ("strategies/2025-28/objectives/drugs/", "strategies/2025-28/objectives/asb/"):
        assert link in hrefs(home)
    assert "archive/" in hrefs(home)


def test_a_hand_written_home_page_is_kept() -> None:
    content = load_content(FIXTURE_SITE / "content")
    site = plan_site(content, Options(), extra_pages=frozenset({"index.md"}))
    assert "index.md" not in site.by_src
    assert "archive.md" in site.by_src
    assert "index.md" in plan_site(content, Options()).by_src


def test_real_home_page_shows_latest_updates_and_report_routes(real_site: Path) -> None:
    home = article(real_site / "index.html")
    words = text(home)
    content = load_content(ROOT / "content")
    for route in content.partnership.reporting:
        assert route.title in words
    if content.updates:
        assert "Latest updates" in words
        assert f"updates/{content.updates[0].id}/" in hrefs(home)
    # 999 is the partnership's site wording (safety.emergency), not from a source: it comes
    # first under "How to report", before the sourced routes, and carries no source line.
    report = home.split('id="report"')[1]
    emergency = report.split('<ul class="sosafe-routes">')[0]
    assert "In an emergency, or if a crime is happening now, call 999." in text(emergency)
    assert 'href="tel:999"' in emergency and "From " not in text(emergency)
    about = article(real_site / "partnership/index.html")
    assert "call 999" in text(about.split('id="reporting"')[1])
    title = re.search(r"<title>(.*?)</title>", (real_site / "index.html").read_text())
    assert title and title.group(1) == "SoSafe – Stevenage Community Safety Partnership"


# --- archive --------------------------------------------------------------------------------------


def test_archive_lists_every_document_by_year_newest_first(real_site: Path) -> None:
    page = article(real_site / "archive" / "index.html")
    years = [int(y) for y in re.findall(r'<h2 id="year-(\d{4})"', page)]
    assert years == sorted(years, reverse=True)
    assert {2015, 2017, 2018, 2021, 2024, 2025} <= set(years)
    content = load_content(ROOT / "content")
    targets = set(hrefs(page))
    expected = (
        [f"../strategies/{i}/" for i in content.strategies]
        + [f"../action-plans/{i}/" for i in content.plans]
        + [f"../meetings/{i}/" for i in content.meetings]
        + [f"../reports/{i}/" for i in content.reports]
    )
    assert set(expected) <= targets
    words = text(page)
    assert (
        "Strategy Keeping Stevenage Safe Community Safety Strategy 2015-18 (2015 to 2018, superseded)"
        in words
    )
    assert "Meeting Community Select Committee, 27 March 2018 (27 March 2018)" in words


# --- status banners, sources, links both ways -----------------------------------------------------


def test_superseded_objective_pages_carry_the_banner_and_current_ones_do_not(
    public_site: Path,
) -> None:
    old = article(public_site / "strategies/2015-18/objectives/asb/index.html")
    assert "sosafe-banner--superseded" in old
    assert 'href="../../../2025-28/"' in old
    new = article(public_site / "strategies/2025-28/objectives/drugs/index.html")
    assert "sosafe-banner" not in new


def test_document_pages_say_their_source_and_when_published(real_site: Path) -> None:
    for rel in (
        "strategies/2015-18/index.html",
        "action-plans/2024-25/index.html",
        "meetings/2018-03-27-community-select-committee/index.html",
        "reports/2025-28-cabinet-report/index.html",
    ):
        source = re.search(r'<p class="sosafe-source">(.*?)</p>', article(real_site / rel))
        assert source, rel
        assert re.search(r"(Published|\()\s*\d{4}", text(source.group(1))), rel


def test_plans_strategies_meetings_and_reports_link_both_ways(real_site: Path) -> None:
    plan = hrefs(article(real_site / "action-plans/2017-18/index.html"))
    assert "../../reports/2018-03-27-action-plan-report/" in plan
    assert "../../meetings/2018-03-27-community-select-committee/" in plan
    strategy = hrefs(article(real_site / "strategies/2015-18/index.html"))
    assert "../../meetings/2018-03-27-community-select-committee/" in strategy
    meeting = hrefs(
        article(real_site / "meetings/2018-03-27-community-select-committee/index.html")
    )
    assert "../../action-plans/2017-18/" in meeting
    assert "../../strategies/2015-18/" in meeting
    assert "../../reports/2018-03-27-action-plan-report/" in meeting


# --- accessibility statement ----------------------------------------------------------------------


def test_accessibility_statement_has_the_regulations_structure(public_site: Path) -> None:
    page = article(public_site / "accessibility/index.html")
    headings = re.findall(r"<h([23])[^>]*>(.*?)</h\1>", page)
    assert [text(h).rstrip("¶").strip() for _, h in headings] == [
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "How we tested this website",
        "Preparation of this accessibility statement",
    ]
    words = text(page)
    assert "partially compliant" in words
    assert words.count("Charts on figure pages have no text alternative.") == 2
    assert 'href="mailto:safety@example.org"' in page and 'href="tel:01234567890"' in page
    assert "Testford Community Safety Partnership is committed" in words
    assert "Equality and Human Rights Commission (EHRC)" in words
    assert "Equality Advisory and Support Service (EASS)" in words
    assert "get back to you in 10 working days" in words
    assert "prepared on 2 November 2026. It was last reviewed on 20 November 2026." in words


def test_real_statement_is_built_and_linked_from_every_page(real_site: Path) -> None:
    words = text(article(real_site / "accessibility/index.html"))
    assert "committees@stevenage.gov.uk" in words
    # Tested by machine only: no claim of full compliance until someone audits it by hand.
    assert "This website is partially compliant" in words
    assert "This website is fully compliant" not in words
    assert "has not yet been audited by an accessibility specialist" in words
    for page in real_site.rglob("*.html"):
        footer = page.read_text().split('<footer class="md-footer">')[1]
        assert ">Accessibility statement</a>" in footer and ">Archive</a>" in footer, page


# --- search ------------------------------------------------------------------------------------------


def test_search_index_finds_cuckooing_in_the_strategy_and_the_plan(real_site: Path) -> None:
    docs = json.loads((real_site / "search/search_index.json").read_text())["docs"]
    hits = {d["location"] for d in docs if "cuckooing" in (d["title"] + d["text"]).lower()}
    assert any(h.startswith("strategies/2025-28/objectives/cuckooing/") for h in hits), hits
    assert any(h.startswith("action-plans/2024-25/") for h in hits), hits


# --- quick exit ---------------------------------------------------------------------------------------


def test_quick_exit_on_sensitive_pages_only_straight_after_the_skip_link(real_site: Path) -> None:
    content = load_content(ROOT / "content")
    safety = content.partnership.safety
    site = plan_site(content, Options())
    flagged = {t.id for t in content.themes.values() if t.sensitive}
    exits = 0
    for page in site.pages:
        built = real_site / site.url(page.src_uri) / "index.html"
        if not built.exists():
            continue
        body = built.read_text()
        if flagged & set(page.themes):
            exits += 1
            link = re.search(r'<a href="([^"]+)" class="sosafe-exit__link" rel="([^"]+)"', body)
            assert link and link.groups() == (safety.exit_url, "nofollow noreferrer"), built
            assert body.index('class="md-skip"') < body.index("data-sosafe-exit-link")
            assert body.index("data-sosafe-exit-link") < body.index("<header")
            assert text(html.escape(safety.clear_history)) in text(body)
            assert "assets/sosafe-exit.js" in body
        else:
            assert "data-sosafe-exit" not in body, built
    assert exits >= 5


def test_exit_address_must_be_a_web_address(fixture_site: Path) -> None:
    path = fixture_site / "content/partnership.yml"
    path.write_text(
        path.read_text().replace(
            "exit_url: https://www.example.org/weather", 'exit_url: "javascript:alert(1)"'
        )
    )
    with pytest.raises(ContentError) as info:
        load_content(fixture_site / "content")
    [problem] = [str(p) for p in info.value.problems]
    assert problem.startswith("content/partnership.yml:14:13: safety.exit_url: ")


def test_theme_settings_come_from_the_content() -> None:
    content = load_content(FIXTURE_SITE / "content")
    extra = theme_extra(content)
    assert extra["sensitive_themes"] == [t.id for t in content.themes.values() if t.sensitive]
    assert extra["safety"]["exit_url"] == "https://www.example.org/weather"
    assert extra["safety"]["clear_history_html"] == "<p>Clear your browsing history.</p>"
    assert extra["footer_links"] == [{"title": "Archive", "url": "archive/"}]


def test_every_page_links_the_print_stylesheet(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        assert 'sosafe-print.css" media="print">' in page.read_text(), page


def test_full_compliance_is_claimed_only_after_an_audit_by_hand(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(FIXTURE_SITE, src)
    with (src / "content" / "partnership.yml").open("a") as f:
        f.write("accessibility:\n  prepared: 2026-11-02\n  audited: 2026-11-10\n")
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    words = text(article(tmp_path / "site/accessibility/index.html"))
    assert "This website is fully compliant with the Web Content Accessibility Guidelines" in words
    assert "Non-accessible content" not in words
    assert "It was last audited by hand on 10 November 2026." in words


def _audit_report(folder: Path, day: str, failures: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    checks = ["axe", "html", "reflow", "keyboard", "no-javascript", "requests", "quick-exit"]
    (folder / f"accessibility-audit-{day}.json").write_text(
        json.dumps(
            {
                "format": "sosafe-audit/1",
                "date": day,
                "site": "site",
                "passed": not failures,
                "pages": ["index.html", "themes/index.html"],
                "widths": [1280, 320],
                "visits": {"1280": 2, "320": 2},
                "tools": {"axe-core": "4.12.1"},
                "sensitive": {"source": "test", "pages": []},
                "checks": [
                    {
                        "id": c,
                        "title": c,
                        "passed": not (failures and c == "axe"),
                        "failures": failures if c == "axe" else [],
                    }
                    for c in checks
                ],
            }
        )
    )


def test_the_statement_cites_the_newest_audit_report(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(FIXTURE_SITE, src)
    with (src / "content" / "partnership.yml").open("a") as f:
        f.write("accessibility:\n  prepared: 2026-11-02\n")
    out = mkdocs_build(src, tmp_path / "none")
    assert out.returncode == 0, out.stderr
    assert "The automated checks described below have not yet been run on this website." in text(
        article(tmp_path / "none/accessibility/index.html")
    )
    _audit_report(
        src / "audit",
        "2026-10-01",
        [{"page": "index.html", "message": "x", "width": 320, "rule": "color-contrast"}],
    )
    _audit_report(src / "audit", "2026-11-20", [])
    out = mkdocs_build(src, tmp_path / "passed")
    assert out.returncode == 0, out.stderr
    words = text(article(tmp_path / "passed/accessibility/index.html"))
    assert (
        "The automated audit of 20 November 2026 (2 pages, each at 1280 and 320 pixels wide), "
        "described below, found no failures." in words
    )
    assert "It last ran on 20 November 2026, on 2 pages: every check passed." in words
    assert "partially compliant" in words  # no audit by hand yet
    (src / "audit" / "accessibility-audit-2026-11-20.json").unlink()
    out = mkdocs_build(src, tmp_path / "failed")
    assert out.returncode == 0, out.stderr
    words = text(article(tmp_path / "failed/accessibility/index.html"))
    assert (
        "The automated audit of 1 October 2026 (2 pages, each at 1280 and 320 pixels wide) "
        "found 1 failure, in these checks: axe-core: WCAG 2.0, 2.1 and 2.2 A and AA rules." in words
    )
