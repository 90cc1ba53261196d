"""Every page reads right for any partnership: fixture partnerships from rich to empty, each
built strictly, none with an empty section, list or table, a "1 items" count or a sentence
that is false of its content; key pages compared with the expected HTML beside each fixture.

Set SOSAFE_UPDATE_EXPECTED=1 to write the expected HTML afresh (then read the diff).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, PARTNERSHIPS
from honesty import article, site_dishonesty, visible

SITES = PARTNERSHIPS
KEY_PAGES = [
    "index.html",
    "strategies/index.html",
    "action-plans/index.html",
    "themes/index.html",
    "compare/index.html",
    "meetings/index.html",
    "archive/index.html",
    "accessibility/index.html",
]


@pytest.fixture(scope="module")
def built(build_partnership: Callable[[str], tuple[Path, Path]]) -> dict[str, Path]:
    """Each fixture partnership built strictly, and a site fresh from `sosafe init`."""
    return {name: build_partnership(name)[1] for name in SITES}


@pytest.mark.parametrize("name", SITES)
def test_no_page_reads_wrong(built: dict[str, Path], name: str) -> None:
    assert site_dishonesty(built[name]) == {}


def nav_titles(page: Path) -> list[str]:
    """The site navigation's entries (links to pages, not to headings of this page)."""
    links = r'<a href="[^"#]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">(.*?)</span>'
    return [visible(t) for t in re.findall(links, page.read_text(), re.S)]


def test_the_nav_lists_only_sections_with_something_in_them(built: dict[str, Path]) -> None:
    new = nav_titles(built["new"] / "index.html")
    for empty in (
        "Strategies",
        "Action plans",
        "Compare",
        "Figures",
        "Case studies",
        "Meetings and reports",
        "Glossary",
        "Archive",
    ):
        assert empty not in new
    assert {"Themes", "Open data", "About the partnership"} <= set(new)
    one = nav_titles(built["one-of-each"] / "index.html")
    assert {"Strategies", "Action plans", "Archive"} <= set(one)
    assert "Compare" not in one and "Case studies" not in one
    assert "Compare" in nav_titles(built["site"] / "index.html")


@pytest.mark.parametrize(
    ("name", "page", "says"),
    [
        (
            "new",
            "index.html",
            "The partnership has not yet published a community safety strategy on this site.",
        ),
        (
            "new",
            "strategies/index.html",
            "The partnership has not yet published a community safety strategy on this site.",
        ),
        (
            "new",
            "action-plans/index.html",
            "The partnership has not published an action plan on this site yet.",
        ),
        ("new", "case-studies/index.html", "No case studies have been published yet."),
        ("new", "meetings/index.html", "No meetings or reports have been published yet."),
        ("new", "figures/index.html", "No figures have been published yet."),
        ("new", "glossary/index.html", "No terms have been added to the glossary yet."),
        ("new", "archive/index.html", "Nothing has been published yet."),
        (
            "new",
            "themes/domestic-abuse/index.html",
            "Nothing in the published record carries this theme yet.",
        ),
        (
            "strategy-only",
            "compare/index.html",
            "There is nothing to compare yet: a comparison needs two strategies or two action plans, and the partnership has published 1 strategy and no action plan.",
        ),
        ("strategy-only", "themes/fraud/index.html", "1 item from 1 year carries this theme."),
        (
            "one-of-each",
            "index.html",
            "Brookvale Action Plan 2026/27: 1 action and the progress recorded against it.",
        ),
        (
            "one-of-each",
            "accessibility/index.html",
            "This accessibility statement applies to this website, which publishes the strategies and action plans of Safer Brookvale (Brookvale Community Safety Partnership).",
        ),
    ],
)
def test_an_empty_part_says_so_plainly(
    built: dict[str, Path], name: str, page: str, says: str
) -> None:
    assert says in visible(article(built[name] / page))


def normalise(fragment: str) -> str:
    """Article HTML to compare: one tag or text run per line, asset hashes left out."""
    fragment = re.sub(r"\.[0-9a-f]{8}\.min\.", ".min.", fragment)
    return (
        "\n".join(
            line.strip() for line in re.sub(r">\s*<", ">\n<", fragment).splitlines() if line.strip()
        )
        + "\n"
    )


@pytest.mark.parametrize("name", ["site", "one-of-each", "strategy-only"])
def test_key_pages_match_the_expected_html(built: dict[str, Path], name: str) -> None:
    expected_dir = FIXTURES / name / "expected"
    update = os.environ.get("SOSAFE_UPDATE_EXPECTED") == "1"
    for page in KEY_PAGES:
        path = built[name] / page
        if not path.exists():
            continue
        got = normalise(article(path))
        want = expected_dir / page.replace("/index.html", ".html").replace("/", "-")
        if update:
            want.parent.mkdir(parents=True, exist_ok=True)
            want.write_text(got, encoding="utf-8")
        assert want.is_file(), (
            f"no expected HTML for {name}/{page}: run with SOSAFE_UPDATE_EXPECTED=1"
        )
        assert got == want.read_text(encoding="utf-8"), f"{name}/{page} differs from {want}"
