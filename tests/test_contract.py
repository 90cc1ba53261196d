"""The content contract itself (tests/contract/): it keeps nothing of one partnership, and
it finds what a site loses. Each case breaks one thing in a copy of the built fixture
partnership and expects the check that guards it, and only that one, to say so."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from contract import Project, breaches

BROKEN: dict[str, tuple[str, Callable[[str], str]]] = {
    # check: (page, what breaks it)
    "every_text_is_on_the_site": (
        "action-plans/2025-26/index.html",
        lambda html: html.replace("Talks given at two schools.", "Talks given."),
    ),
    "officers_names_are_not_published": (
        "action-plans/2025-26/index.html",
        lambda html: html.replace("<dd>Police</dd>", "<dd>Police (Sam Sample)</dd>", 1),
    ),
    "every_document_page_names_its_source": (
        "reports/plan-review-2018/index.html",
        lambda html: html.replace(" (2018).</p>", ".</p>"),
    ),
    "every_figure_value_is_on_its_page": (
        "figures/youth-attendance/index.html",
        lambda html: html.replace(">118<", ">181<"),  # table and chart
    ),
    "counts_agree_with_the_content": (
        "action-plans/2025-26/index.html",
        lambda html: html.replace("All sections</th><td>6</td>", "All sections</th><td>5</td>"),
    ),
    "quick_exit_on_sensitive_pages_only": (
        "themes/domestic-abuse/index.html",
        lambda html: html.replace('rel="nofollow noreferrer"', 'rel="nofollow"'),
    ),
    "every_record_links_to_its_themes": (
        "case-studies/street-meets/index.html",
        lambda html: html.replace('href="../../themes/asb/"', 'href="../../themes/"'),
    ),
    "every_update_is_on_its_page_its_themes_and_the_feed": (
        "themes/drugs/index.html",
        lambda html: html.replace("../../updates/safer-parks-week-2024/", "../../updates/"),
    ),
    "no_page_has_an_empty_section_or_a_doubled_stop": (
        "glossary/index.html",
        lambda html: html.replace("antisocial behaviour", "antisocial behaviour.."),
    ),
}

# A value on a figure's page is in its table, which the chart check reads too.
ALSO = {"every_figure_value_is_on_its_page": ["every_chart_table_and_csv_holds_the_series"]}


@pytest.fixture
def site_copy(build_partnership: Callable[[str], tuple[Path, Path]], tmp_path: Path) -> Project:
    src, site = build_partnership("site")
    shutil.copytree(site, tmp_path / "site")
    return Project(src, tmp_path / "site")


def test_the_fixture_keeps_the_whole_contract(site_copy: Project) -> None:
    assert breaches(site_copy) == {}


@pytest.mark.parametrize("check", sorted(BROKEN))
def test_each_check_finds_what_it_guards(site_copy: Project, check: str) -> None:
    page, breaking = BROKEN[check]
    path = site_copy.site / page
    before = path.read_text(encoding="utf-8")
    after = breaking(before)
    assert after != before, "the case no longer breaks anything: update it"
    path.write_text(after, encoding="utf-8")
    also = ALSO.get(check, [])
    assert sorted(breaches(site_copy)) == sorted([check, *also])


def test_the_contract_names_no_partnership() -> None:
    modules = sorted((ROOT / "tests" / "contract").glob("*.py"))
    assert modules
    for module in modules:
        code = re.sub(r'"""[\s\S]*?"""', "", module.read_text(encoding="utf-8"))
        # Its docstrings may say what it is for; its code names no partnership.
        assert not re.search(r"Stevenage|SoSafe|Testford|Brookvale|Westbury", code), module
