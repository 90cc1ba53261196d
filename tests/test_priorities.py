"""Cross-linked priorities and year-by-year comparison, asserted on the built real site."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

from conftest import ROOT

from sosafe_gen.content.check import load_content
from sosafe_gen.content.record import ordered_points
from sosafe_gen.site.pages import Options
from sosafe_gen.site.planner import plan_site


def article(page: Path) -> str:
    body = page.read_text()
    start = body.index("<article")
    return body[start : body.index("</article>", start)]


def resolves(site: Path, page: Path, href: str) -> bool:
    path, _, anchor = href.partition("#")
    target = (page.parent / path).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return False
    return not anchor or f'id="{anchor}"' in target.read_text()


def test_theme_page_follows_a_priority_across_periods(real_site: Path) -> None:
    page = real_site / "themes/domestic-abuse-vawg/index.html"
    html = article(page)
    years = re.findall(r'<h2 id="year-(\d{4})"', html)
    assert len(years) >= 3 and years == sorted(years)
    kinds = set(re.findall(r'<span class="sosafe-kind">([^<]+)</span>', html))
    assert {"Strategy objective", "Action", "Case study", "Figure", "Report section"} <= kinds
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert len(hrefs) > 20
    broken = [
        h
        for h in hrefs
        if not h.startswith(("http", "mailto:", "tel:")) and not resolves(real_site, page, h)
    ]
    assert broken == []


def test_items_link_back_to_their_themes(real_site: Path) -> None:
    for path in (
        "strategies/2025-28/objectives/cuckooing/index.html",
        "case-studies/break-the-silence/index.html",
        "figures/sada-referrals-2023-24/index.html",
    ):
        assert re.search(r'href="(\.\./)+themes/[a-z-]+/"', article(real_site / path)), path
    plan = article(real_site / "action-plans/2024-25/index.html")
    action = plan[plan.index('id="action-2-2-a"') :]
    action = action[: action.index('class="sosafe-action"')]
    assert '<dt>Themes</dt><dd><a href="../../themes/domestic-abuse-vawg/">' in action


def test_themes_index_is_a_theme_by_year_matrix(real_site: Path) -> None:
    html = article(real_site / "themes/index.html")
    table = html[html.index('<table class="sosafe-table sosafe-matrix">') : html.index("</table>")]
    header = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert header[0] == "Theme" and header[1:] == sorted(header[1:])
    assert {"2015", "2017", "2024", "2025"} <= set(header[1:])
    rows = re.findall(r'<tr><th scope="row">(.*?)</tr>', table)
    assert len(rows) == len(load_content(ROOT / "content").themes)
    cuckooing = next(r for r in rows if ">Cuckooing<" in r)
    assert '<a href="cuckooing/#year-2024">4 actions</a>' in cuckooing


def statuses(html: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'<th scope="row"><a href="[^"]+">([^<]+)</a></th><td><strong>([^<]+)</strong></td>',
            html,
        )
    )


def test_strategy_comparison_marks_continued_new_and_dropped(real_site: Path) -> None:
    html = article(real_site / "compare/strategies-2021-24-and-2025-28/index.html")
    got = statuses(html)
    assert got["Cuckooing"] == "New"
    assert got["Fraud, scams and online crime"] == "New"
    assert got["Domestic abuse and violence against women and girls"] == "Continued"
    assert got["Hate crime and community cohesion"] == "No longer a priority"
    assert "known only from two later documents" in html or "not available" in html
    assert "Also quoted as:" in html


def test_plan_comparison_by_theme(real_site: Path) -> None:
    html = article(real_site / "compare/action-plans-2017-18-and-2024-25/index.html")
    got = statuses(html)
    assert got["Cuckooing"] == "New"
    assert got["Older and vulnerable people"] == "No longer a priority"
    assert got["Antisocial behaviour"] == "Continued"
    assert "the plan's own review: 41 of 42 expected outcomes completed" in html


def test_plan_page_opens_with_progress_summary(real_site: Path) -> None:
    html = article(real_site / "action-plans/2024-25/index.html")
    assert html.index('id="progress-summary"') < html.index('id="about"')
    assert (
        '<tr><th scope="row">All sections</th><td>35</td><td>18</td><td>18</td><td>15</td>'
        "<td>1</td></tr>"
    ) in html
    assert "Added in year: Added August 2024" in html
    old = article(real_site / "action-plans/2017-18/index.html")
    assert "<strong>The plan's own review:</strong> 41 of 42 expected outcomes completed." in old


def test_chart_table_and_csv_hold_the_series_numbers(real_site: Path) -> None:
    content = load_content(ROOT / "content")
    site = plan_site(content, Options())
    for series in content.series.values():
        html = article(real_site / "figures" / series.id / "index.html")
        assert '<svg class="sosafe-chart" role="img"' in html
        assert f'<title id="chart-{series.id}-title">' in html
        rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', html)
        shown = [(plain(label), plain(value).split(" (")[0]) for label, value in rows]
        assert shown == [
            (p.label, site.display_value(series, p.value)) for p in ordered_points(series)
        ]
        data = list(
            csv.DictReader(io.StringIO((real_site / f"figures/{series.id}.csv").read_text()))
        )
        assert [d["label"] for d in data] == [p.label for p in ordered_points(series)]
        for d, p in zip(data, ordered_points(series), strict=True):
            if d["value"].startswith("fewer than"):
                assert series.people and p.value < 5
            else:
                assert float(d["value"]) == p.value


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def test_small_counts_of_people_are_suppressed_in_page_and_csv(real_site: Path) -> None:
    html = article(real_site / "figures/op-perforin-people/index.html")
    assert '<th scope="row">Total safeguarding referrals</th><td>fewer than 5</td>' in html
    assert ">fewer than 5</text>" in html  # the chart says it too
    csv_text = (real_site / "figures/op-perforin-people.csv").read_text()
    assert "Total safeguarding referrals,,fewer than 5,count," in csv_text
    assert ",2,count" not in csv_text


def test_percentage_changes_are_drawn_from_zero(real_site: Path) -> None:
    html = article(real_site / "figures/crime-asb-change-2017-18-q3/index.html")
    assert '<line x1="320.0"' in html
    assert "3 of 7 measures rose and 4 fell" in html


def test_abbreviations_take_the_meaning_of_the_pages_document(real_site: Path) -> None:
    old = article(real_site / "strategies/2015-18/objectives/domestic-abuse/index.html")
    new = article(real_site / "reports/2025-28-cabinet-report/index.html")
    assert '<abbr title="Stevenage Against Domestic Abuse">SADA</abbr>' in old
    assert "Survivors Against Domestic Abuse" not in re.sub(r"<[^>]+>", "", old)
    assert '<abbr title="Survivors Against Domestic Abuse">SADA</abbr>' in new
    assert 'title="Stevenage Against Domestic Abuse"' not in new


def test_glossary_shows_changed_meanings_with_their_documents(real_site: Path) -> None:
    page = article(real_site / "glossary/index.html")
    sada = page[page.index('id="term-sada"') :]
    sada = sada[: sada.index("</dd>")]
    assert "The meaning changed between documents" in sada
    assert sada.index("Stevenage Against Domestic Abuse") < sada.index(
        "Survivors Against Domestic Abuse"
    )
    owl = page[page.index('id="term-owl"') :]
    owl = owl[: owl.index("</dd>")]
    assert "Online Watch Liaison" in owl and "Online Watch Link" in owl
