"""Cross-linked priorities and year-by-year comparison, on the built fixture partnership.

What must hold for any partnership's content (every theme page's links resolve, every
chart holds its series, one matrix row per theme) is checked on `content/` too, in
test_content_pages.py and test_content_published.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from contract import article, resolves, text_of


@pytest.fixture(scope="module")
def site(build_partnership: Callable[[str], tuple[Path, Path]]) -> Path:
    """The rich fixture partnership, Testford, built strictly (shared: do not change it)."""
    return build_partnership("site")[1]


def test_theme_page_follows_a_priority_across_periods(site: Path) -> None:
    page = site / "themes/asb/index.html"
    html = article(page)
    years = re.findall(r'<h2 id="year-(\d{4})"', html)
    assert years == ["2015", "2017", "2018", "2024", "2025"]
    kinds = set(re.findall(r'<span class="sosafe-kind">([^<]+)</span>', html))
    assert kinds == {
        "Strategy objective",
        "Action",
        "Case study",
        "Figure",
        "Meeting item",
        "Report section",
        "Update",
    }
    assert "12 items from 5 years carry this theme, earliest first." in text_of(html)
    # An action shows its latest progress, or says there is none.
    assert (
        "Patrol the parks on summer evenings. (Action Plan 2025/26) "
        "Latest progress (Q4): Patrols planned for next summer."
    ) in text_of(html)
    assert "Mend the lights on the riverside path. (Action Plan 2025/26) No progress recorded." in (
        text_of(html)
    )
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert "../../action-plans/2025-26/#action-2-1-a" in hrefs
    assert [h for h in hrefs if not h.startswith(("http", "mailto:", "tel:"))] == [
        h for h in hrefs if not h.startswith(("http", "mailto:", "tel:")) and resolves(page, h)
    ]


def test_items_link_back_to_their_themes(site: Path) -> None:
    for path, theme in (
        ("strategies/2025-28/objectives/drugs/index.html", "drugs"),
        ("case-studies/street-meets/index.html", "asb"),
        ("figures/youth-attendance/index.html", "asb"),
        ("updates/safer-parks-week-2024/index.html", "drugs"),
    ):
        assert re.search(rf'href="(\.\./)+themes/{theme}/"', article(site / path)), path
    plan = article(site / "action-plans/2025-26/index.html")
    action = plan[plan.index('id="action-1-1-a"') :]
    action = action[: action.index('class="sosafe-action"')]
    # The action's own themes, not only its section's.
    assert (
        '<dt>Themes</dt><dd><a href="../../themes/drugs/">Drugs</a>, '
        '<a href="../../themes/asb/">Antisocial behaviour</a></dd>'
    ) in action


def test_themes_index_is_a_theme_by_year_matrix(site: Path) -> None:
    html = article(site / "themes/index.html")
    table = html[html.index('<table class="sosafe-table sosafe-matrix">') : html.index("</table>")]
    header = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert header == ["Theme", "2015", "2017", "2018", "2024", "2025"]
    rows = re.findall(r'<tr><th scope="row">(.*?)</tr>', table)
    assert [text_of(r.split("</th>")[0]) for r in rows] == [
        "Antisocial behaviour",
        "Domestic abuse",
        "Drugs",
        "Fraud and scams",
    ]
    drugs = next(r for r in rows if ">Drugs<" in r)
    assert '<a href="drugs/#year-2025">3 actions, 1 strategy objective</a>' in drugs
    assert drugs.count('<span class="sosafe-empty">nothing</span>') == 3
    fraud = next(r for r in rows if ">Fraud and scams<" in r)
    assert '<a href="fraud/#year-2025">1 action</a>' in fraud


def statuses(html: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'<th scope="row"><a href="[^"]+">([^<]+)</a></th><td><strong>([^<]+)</strong></td>',
            html,
        )
    )


def test_strategy_comparison_marks_continued_new_and_dropped(site: Path) -> None:
    html = article(site / "compare/strategies-2015-18-and-2025-28/index.html")
    assert statuses(html) == {
        "Antisocial behaviour": "Continued",
        "Drugs": "New",
        "Domestic abuse": "No longer a priority",
    }
    assert "Continued: 1 theme. New: 1 theme. No longer a priority: 1 theme." in text_of(html)
    # The strategy's own note on where it is known from, and its other published wordings.
    assert (
        "About Old Strategy 2015-18 The strategy's full text is not available; its objectives "
        "are known from the action plan."
    ) in text_of(html)
    assert "Also quoted as: “Steer people away from antisocial behaviour”" in html


def test_plan_comparison_by_theme(site: Path) -> None:
    html = article(site / "compare/action-plans-2017-18-and-2025-26/index.html")
    assert statuses(html) == {
        "Antisocial behaviour": "Continued",
        "Drugs": "New",
        "Fraud and scams": "New",
        "Domestic abuse": "No longer a priority",
    }
    words = text_of(html)
    # Counts agree in number ("1 theme", "2 themes", "1 action").
    assert "Continued: 1 theme. New: 2 themes. No longer a priority: 1 theme." in words
    assert (
        "Action Plan 2017/18: 2 actions; 2 with progress recorded; the plan's own review: "
        "1 of 2 expected outcomes completed."
    ) in words
    assert "Action Plan 2025/26: 6 actions; updates recorded in Q1: 2, Q2: 3, Q3: 3, Q4: 1." in (
        words
    )


def test_plan_page_opens_with_progress_summary(site: Path) -> None:
    html = article(site / "action-plans/2025-26/index.html")
    assert html.index('id="progress-summary"') < html.index('id="about"')
    assert (
        '<tr><th scope="row">All sections</th><td>6</td><td>2</td><td>3</td><td>3</td>'
        "<td>1</td></tr>"
    ) in html
    assert (
        '<tr><th scope="row"><a href="#section-drugs">1. Drugs and their risks</a></th><td>3</td>'
        "<td>1</td><td>1</td><td>2</td><td>0</td></tr>"
    ) in html
    assert "1 action was added during the year" in html
    assert "Added in year: Added October 2025" in html
    old = article(site / "action-plans/2017-18/index.html")
    assert "<strong>The plan's own review:</strong> 1 of 2 expected outcomes completed." in old


def test_small_counts_of_people_are_suppressed_in_page_and_csv(site: Path) -> None:
    html = article(site / "figures/youth-attendance/index.html")
    assert '<th scope="row">Boys</th><td>fewer than 5</td>' in html
    assert ">fewer than 5</text>" in html  # the chart says it too
    assert ">3<" not in html
    csv_text = (site / "figures/youth-attendance.csv").read_text()
    assert csv_text.splitlines() == [
        "label,period,value,unit,note",
        "Girls,,118,count,",
        "Boys,,fewer than 5,count,",
    ]


def test_percentage_changes_are_drawn_from_zero(site: Path) -> None:
    html = article(site / "figures/crime-change-2024-25/index.html")
    (zero,) = re.findall(r'<line x1="([\d.]+)" y1="[\d.]+" x2="\1"', html)
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', html)
    values = [4.5, -8, -12.5, 15]  # as in figures/2025.yml, in order
    assert len(bars) == len(values)
    for (x, width), value in zip(bars, values, strict=True):
        # A rise starts at zero and runs right; a fall ends at zero.
        edge = float(x) if value > 0 else float(x) + float(width)
        assert edge == pytest.approx(float(zero)), value
    # Bar lengths are in proportion to the size of the change.
    per_point = [float(w) / abs(v) for (_, w), v in zip(bars, values, strict=True)]
    assert per_point == pytest.approx([per_point[0]] * len(values), rel=0.01)
    assert "2 of 4 measures rose and 2 fell" in html
    assert '<th scope="row">Antisocial behaviour</th><td>-8%</td>' in html
    assert '<th scope="row">All crime</th><td>+4.5%</td>' in html


def test_abbreviations_take_the_meaning_of_the_pages_document(site: Path) -> None:
    old = article(site / "strategies/2015-18/objectives/asb/index.html")
    new = article(site / "reports/cabinet-2025/index.html")
    assert '<abbr title="Testford Against Domestic Abuse">SADA</abbr>' in old
    assert "Survivors Against Domestic Abuse" not in re.sub(r"<[^>]+>", "", old)
    assert '<abbr title="Survivors Against Domestic Abuse">SADA</abbr>' in new
    assert 'title="Testford Against Domestic Abuse"' not in new


def test_glossary_shows_changed_meanings_with_their_documents(site: Path) -> None:
    page = article(site / "glossary/index.html")
    sada = page[page.index('id="term-sada"') :]
    sada = sada[: sada.index("</dd>")]
    assert "The meaning changed between documents" in sada
    assert sada.index("Testford Against Domestic Abuse") < sada.index(
        "Survivors Against Domestic Abuse"
    )
    assert "(used in Old Strategy 2015-18)" in text_of(sada)
    asb = page[page.index('id="term-asb"') :]
    asb = asb[: asb.index("</dd>")]
    assert "The meaning changed" not in asb  # one meaning, in two documents
    assert "(used in Old Strategy 2015-18; Cabinet report 2025)" in text_of(asb)


def test_search_finds_a_word_in_the_strategy_and_the_plan(site: Path) -> None:
    docs = json.loads((site / "search/search_index.json").read_text())["docs"]
    hits = {d["location"] for d in docs if "nitrous" in (d["title"] + d["text"]).lower()}
    assert any(h.startswith("action-plans/2025-26/") for h in hits), hits
    hits = {d["location"] for d in docs if "risks of drugs" in (d["title"] + d["text"]).lower()}
    assert any(h.startswith("strategies/2025-28/objectives/drugs/") for h in hits), hits
