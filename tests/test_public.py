"""The public face, as built HTML: home, archive, accessibility statement, status banners,
links between documents and meetings, search index, the quick exit and the theme overrides.

The browser suite (test_browser.py) proves how these behave; these tests pin what is built.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, mkdocs_build, site_pages
from contract import Project, quick_exit_on_sensitive_pages_only

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


EMERGENCY = "  emergency: In an emergency, or if a crime is happening now, call [999](tel:999).\n"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture partnership with a generated home page, an accessibility statement and
    emergency wording; its source is the folder `src` beside the built site."""
    src = tmp_path_factory.mktemp("public") / "src"
    shutil.copytree(FIXTURE_SITE, src)
    (src / "docs" / "index.md").unlink()
    partnership = src / "content" / "partnership.yml"
    text = partnership.read_text().replace("safety:\n", "safety:\n" + EMERGENCY)
    partnership.write_text(text + STATEMENT)
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


def test_home_page_shows_latest_updates_and_report_routes(public_site: Path) -> None:
    home = article(public_site / "index.html")
    words = text(home)
    assert "Latest updates" in words
    assert "updates/safer-parks-week-2024/" in hrefs(home)
    # 999 is the partnership's site wording (safety.emergency), not from a source: it comes
    # first under "How to report", before the sourced routes, and carries no source line.
    report = home.split('id="report"')[1]
    emergency, routes = report.split('<ul class="sosafe-routes">')
    assert text(emergency).endswith("In an emergency, or if a crime is happening now, call 999.")
    assert 'href="tel:999"' in emergency and "From " not in text(emergency)
    assert "From Old Strategy 2015-18" in text(routes)
    about = article(public_site / "partnership/index.html")
    assert "call 999" in text(about.split('id="reporting"')[1])
    title = re.search(r"<title>(.*?)</title>", (public_site / "index.html").read_text())
    assert title and title.group(1) == "Testford CSP"  # the site_name of mkdocs.yml


def test_without_emergency_wording_the_engine_adds_none(
    build_partnership: Callable[[str], tuple[Path, Path]],
) -> None:
    src, site = build_partnership("one-of-each")
    assert "emergency" not in (src / "content/partnership.yml").read_text()
    for page in ("index.html", "partnership/index.html"):
        assert "999" not in text(article(site / page)), page


# --- archive --------------------------------------------------------------------------------------


def test_archive_lists_every_document_by_year_newest_first(public_site: Path) -> None:
    page = article(public_site / "archive" / "index.html")
    years = [int(y) for y in re.findall(r'<h2 id="year-(\d{4})"', page)]
    assert years == [2025, 2018, 2017, 2015]
    words = text(page)
    assert "Strategy Old Strategy 2015-18 (2015 to 2018, superseded)" in words
    assert "Action plan Action Plan 2025/26 (2025/26, current)" in words
    assert "Meeting Committee, 27 March 2018 (27 March 2018)" in words
    assert "Report Review of the Action Plan 2017/18 (27 March 2018)" in words
    # Within a year: strategies, plans, meetings, then reports.
    assert words.index("Meeting Committee") < words.index("Report Review of the Action Plan")


# --- status banners, sources, links both ways -----------------------------------------------------


def test_superseded_objective_pages_carry_the_banner_and_current_ones_do_not(
    public_site: Path,
) -> None:
    old = article(public_site / "strategies/2015-18/objectives/asb/index.html")
    assert "sosafe-banner--superseded" in old
    assert 'href="../../../2025-28/"' in old
    new = article(public_site / "strategies/2025-28/objectives/drugs/index.html")
    assert "sosafe-banner" not in new


def test_document_pages_say_their_source_and_when_published(public_site: Path) -> None:
    for rel, line in (
        ("strategies/2015-18/index.html", "Source: Old Strategy 2015-18 (2015)."),
        ("action-plans/2025-26/index.html", "Source: Action Plan 2025/26 (2025)."),
        (
            "meetings/2018-03-27-committee/index.html",
            "Source: Old Strategy 2015-18, section Agenda (2015).",
        ),
        ("reports/plan-review-2018/index.html", "Source: Committee papers, 27 March 2018 (2018)."),
    ):
        source = re.findall(r'<p class="sosafe-source">(.*?)</p>', article(public_site / rel))
        assert line in [text(s) for s in source], rel


def test_plans_strategies_meetings_and_reports_link_both_ways(public_site: Path) -> None:
    plan = hrefs(article(public_site / "action-plans/2017-18/index.html"))
    assert "../../reports/plan-review-2018/" in plan
    assert "../../meetings/2018-03-27-committee/" in plan
    strategy = hrefs(article(public_site / "strategies/2015-18/index.html"))
    assert "../../meetings/2018-03-27-committee/" in strategy
    assert "../../reports/plan-review-2018/" in strategy
    meeting = hrefs(article(public_site / "meetings/2018-03-27-committee/index.html"))
    assert "../../action-plans/2017-18/" in meeting
    assert "../../strategies/2015-18/" in meeting
    assert "../../reports/plan-review-2018/" in meeting
    report = hrefs(article(public_site / "reports/plan-review-2018/index.html"))
    assert {
        "../../meetings/2018-03-27-committee/",
        "../../strategies/2015-18/",
        "../../action-plans/2017-18/",
    } <= set(report)
    # A plan no report discusses says nothing of discussions.
    assert 'id="discussed"' not in article(public_site / "action-plans/2025-26/index.html")


# --- accessibility statement ----------------------------------------------------------------------


def test_accessibility_statement_has_the_regulations_structure(public_site: Path) -> None:
    page = article(public_site / "accessibility/index.html")
    headings = re.findall(r"<h([23])[^>]*>(.*?)</h\1>", page)
    # The model statement's sections, and one of ours on the editor the staff use.
    assert [text(h).rstrip("¶").strip() for _, h in headings] == [
        "How accessible this website is",
        "The editor for the partnership's staff",
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
    assert '<a href="../admin/">/admin/</a>' in page
    assert "partially compliant" in words
    assert words.count("Charts on figure pages have no text alternative.") == 2
    assert 'href="mailto:safety@example.org"' in page and 'href="tel:01234567890"' in page
    assert "Testford Community Safety Partnership is committed" in words
    assert "Equality and Human Rights Commission (EHRC)" in words
    assert "Equality Advisory and Support Service (EASS)" in words
    assert "get back to you in 10 working days" in words
    assert "prepared on 2 November 2026. It was last reviewed on 20 November 2026." in words


def test_statement_is_linked_from_every_page(
    public_site: Path, build_partnership: Callable[[str], tuple[Path, Path]]
) -> None:
    # Tested by machine only, no known issues: no claim of full compliance until someone
    # audits it by hand (one-of-each has a statement with neither issues nor an audit).
    words = text(article(build_partnership("one-of-each")[1] / "accessibility/index.html"))
    assert "This website is partially compliant" in words
    assert "This website is fully compliant" not in words
    assert "has not yet been audited by an accessibility specialist" in words
    for page in site_pages(public_site):
        footer = page.read_text().split('<footer class="md-footer">')[1]
        assert ">Accessibility statement</a>" in footer and ">Archive</a>" in footer, page


# --- quick exit ---------------------------------------------------------------------------------------


def test_quick_exit_on_sensitive_pages_only_straight_after_the_skip_link(
    public_site: Path,
) -> None:
    """Domestic abuse is the fixture's sensitive theme: every page tagged with it, and only
    those, carries the quick exit; a comparison that shows the theme is tagged with it."""
    exits = sorted(
        p.relative_to(public_site).as_posix()
        for p in site_pages(public_site)
        if "data-sosafe-exit" in p.read_text()
    )
    assert exits == [
        "action-plans/2017-18/index.html",
        "compare/action-plans-2017-18-and-2025-26/index.html",
        "compare/index.html",
        "compare/strategies-2015-18-and-2025-28/index.html",
        "reports/cabinet-2025/index.html",
        "strategies/2015-18/index.html",
        "strategies/2015-18/objectives/domestic-abuse/index.html",
        "themes/domestic-abuse/index.html",
    ]
    project = Project(public_site.parent / "src", public_site)
    assert quick_exit_on_sensitive_pages_only(project) == []
    body = (public_site / "themes/domestic-abuse/index.html").read_text()
    assert (
        '<a href="https://www.example.org/weather" class="sosafe-exit__link" '
        'rel="nofollow noreferrer"'
    ) in body
    skip, exit_link = body.index('class="md-skip"'), body.index("data-sosafe-exit-link")
    assert skip < exit_link < body.index("<header")
    assert "Clear your browsing history." in text(body)


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


def test_every_page_links_the_print_stylesheet(public_site: Path) -> None:
    for page in site_pages(public_site):
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
