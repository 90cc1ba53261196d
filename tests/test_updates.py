"""Updates: posts with front matter, newest first, by theme, on theme pages, in an Atom feed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import feedparser
from conftest import BIN, mkdocs_build, run

from sosafe_gen.content.check import load_content
from sosafe_gen.site.planner import plan_site


def post(site: Path, name: str, front: str, body: str = "Some news.") -> Path:
    path = site / "content" / "updates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}\n", encoding="utf-8")
    return path


def three_posts(site: Path) -> None:
    post(
        site,
        "2025-03-01-park-patrols.md",
        "title: Park patrols\ndate: 2025-03-01\nthemes: [asb]\nsummary: Patrols in the park.",
        "More on [the theme page](../../themes/asb/#year-2017).",
    )
    post(
        site,
        "2025-06-10-refuge-opens.md",
        "title: Refuge opens\ndate: 2025-06-10\nthemes: [domestic-abuse, asb]\n"
        "summary: A new refuge.",
    )
    post(
        site,
        "2025-07-01-not-yet.md",
        "title: Not yet\ndate: 2025-07-01\nthemes: [fraud]\nsummary: Secret.\ndraft: true",
        "Draft text that must not appear.",
    )


def test_feed_lists_posts_newest_first_and_drafts_nowhere(
    fixture_site: Path, tmp_path: Path
) -> None:
    three_posts(fixture_site)
    out = mkdocs_build(fixture_site, tmp_path / "out")
    assert out.returncode == 0, out.stderr
    site = tmp_path / "out"
    feed = feedparser.parse((site / "updates/feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    # The fixture's own post (November 2024) comes after the three written here.
    assert [e.title for e in feed.entries] == [
        "Refuge opens",
        "Park patrols",
        "Safer Parks Week 2024",
    ]
    assert feed.entries[0].summary == "A new refuge."
    assert [t.term for t in feed.entries[0].tags] == ["domestic-abuse", "asb"]
    # A link in a post works from its page and, rebased, from the feed.
    assert (
        'href="../../themes/asb/#year-2017"'
        in (site / "updates/park-patrols/index.html").read_text()
    )
    assert 'href="../themes/asb/#year-2017"' in feed.entries[1].content[0].value
    for entry in feed.entries:  # every entry links to a page that exists
        assert (site / "updates" / entry.link / "index.html").is_file()
    index = (site / "updates/index.html").read_text()
    assert index.index("Refuge opens") < index.index("Park patrols")
    assert "Not yet" not in index
    assert not (site / "updates/not-yet").exists()
    everything = "".join(p.read_text() for p in site.rglob("*.html"))
    assert "Draft text that must not appear" not in everything
    assert "Not yet" not in everything
    # Pages by theme, and the updates on the theme pages.
    asb = (site / "updates/themes/asb/index.html").read_text()
    assert "Park patrols" in asb and "Refuge opens" in asb
    da = (site / "updates/themes/domestic-abuse/index.html").read_text()
    assert "Refuge opens" in da and "Park patrols" not in da
    assert not (site / "updates/themes/fraud").exists()  # only a draft has the theme
    theme = (site / "themes/domestic-abuse/index.html").read_text()
    assert re.search(
        r'sosafe-kind">Update</span> <a href="../../updates/refuge-opens/">Refuge opens</a>', theme
    )


def test_latest_updates_for_the_home_page(fixture_site: Path) -> None:
    three_posts(fixture_site)
    site = plan_site(load_content(fixture_site / "content"))
    assert [u.title for u in site.latest_updates(1)] == ["Refuge opens"]
    assert [u.id for u in site.latest_updates(5)] == [
        "refuge-opens",
        "park-patrols",
        "safer-parks-week-2024",
    ]
    assert site.update_src("refuge-opens") in site.by_src


def test_feed_links_are_absolute_with_a_site_url(fixture_site: Path, tmp_path: Path) -> None:
    three_posts(fixture_site)
    cfg = fixture_site / "mkdocs.yml"
    cfg.write_text("site_url: https://csp.example.org/\n" + cfg.read_text())
    assert mkdocs_build(fixture_site, tmp_path / "out").returncode == 0
    feed = feedparser.parse((tmp_path / "out/updates/feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[1].link == "https://csp.example.org/updates/park-patrols/"
    assert feed.feed.links[0].href == "https://csp.example.org/updates/feed.xml"


def test_a_post_of_the_fixture_is_in_the_feed_on_its_page_and_its_themes(
    build_partnership: Callable[[str], tuple[Path, Path]],
) -> None:
    site = build_partnership("site")[1]
    feed = feedparser.parse((site / "updates/feed.xml").read_bytes())
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    assert titles == ["Safer Parks Week 2024"]
    entry = feed.entries[0]
    assert entry.published.startswith("2024-11-18")
    assert "Safer Parks Week ran from 11 to 17 November 2024" in entry.content[0].value
    page = (site / "updates/safer-parks-week-2024/index.html").read_text()
    assert "<h2>What happened</h2>" in page  # the body's ### heading, under the page's title
    for theme in ("asb", "drugs"):
        theme_page = (site / f"themes/{theme}/index.html").read_text()
        assert 'href="../../updates/safer-parks-week-2024/">Safer Parks Week 2024</a>' in theme_page
    assert "Safer Parks Week 2024" not in (site / "themes/fraud/index.html").read_text()
    # Every page's head names the feed, with a link relative to that page.
    feed_link = (
        '<link rel="alternate feed" type="application/atom+xml" '
        'title="Testford Community Safety Partnership: updates" href="{}updates/feed.xml">'
    )
    assert feed_link.format("") in (site / "index.html").read_text()
    assert feed_link.format("../../") in (site / "themes/asb/index.html").read_text()


def test_front_matter_problems_name_file_line_and_column(fixture_site: Path) -> None:
    post(
        fixture_site,
        "2025-04-01-colour.md",
        "title: Colour\ndate: 2025-04-01\nthemes: [asb]\nsummary: x\ncolour: red",
    )
    post(fixture_site, "2025-05-01-when.md", "title: When\ndate: 1 May\nthemes: [asb]")
    (fixture_site / "content/updates/notes.md").write_text("# no front matter\n")
    (fixture_site / "content/updates/2025-06-01-bare.md").write_text("# no front matter\n")
    out = run(str(BIN / "sosafe"), "check", "content", cwd=fixture_site)
    assert out.returncode == 1
    assert out.stderr == (
        "content/updates/2025-04-01-colour.md:6:1: colour: unknown field\n"
        "  hint: allowed fields: title, date, updated, themes, summary, draft, source\n"
        "content/updates/2025-05-01-when.md:3:7: date: expected a date written year-month-day, "
        "like 2026-05-01, got the text '1 May'\n"
        "content/updates/2025-06-01-bare.md:1:1: an update starts with front matter between '---' lines\n"
        "  hint: copy the layout of an existing update, or run `sosafe new update`\n"
        "content/updates/notes.md:1:1: update file names are YYYY-MM-DD-slug.md\n"
        f"  hint: for example {dt.date.today()}-notes.md\n"
        "4 problems found; nothing was written.\n"
    )


def test_unknown_theme_and_unfinished_posts_are_errors(fixture_site: Path) -> None:
    post(
        fixture_site,
        "2025-03-01-park-patrols.md",
        "title: Park patrols\ndate: 2025-03-01\nthemes: [asb, dugs]\nsummary: Patrols.",
    )
    post(fixture_site, "2025-05-01-ready.md", "title: Ready\ndate: 2025-05-01")
    post(fixture_site, "2025-05-02-later.md", "title: Later\ndate: 2025-05-02\ndraft: true")
    out = run(str(BIN / "sosafe"), "check", "content", cwd=fixture_site)
    assert out.returncode == 1
    assert out.stderr == (
        "content/updates/2025-03-01-park-patrols.md:4:15: themes[1]: unknown theme 'dugs'\n"
        "  hint: did you mean 'drugs'?\n"
        "content/updates/2025-05-01-ready.md:2:1: summary: a published update needs a summary\n"
        "  hint: add summary: with a sentence or two\n"
        "content/updates/2025-05-01-ready.md:2:1: themes: a published update needs a theme\n"
        "  hint: add themes: [theme-id], or keep draft: true\n"
        "3 problems found; nothing was written.\n"
    )


def test_date_must_match_the_file_name(fixture_site: Path) -> None:
    post(
        fixture_site,
        "2025-04-01-wrong-date.md",
        "title: Wrong\ndate: 2025-04-02\nthemes: [asb]\nsummary: x",
    )
    out = run(str(BIN / "sosafe"), "check", "content", cwd=fixture_site)
    assert out.stderr.splitlines()[:2] == [
        "content/updates/2025-04-01-wrong-date.md:3:7: date: date 2025-04-02 does not match the file name",
        "  hint: rename the file to 2025-04-02-wrong-date.md, or correct the date",
    ]


def test_new_update_creates_a_dated_draft_from_the_template(fixture_site: Path) -> None:
    out = run(str(BIN / "sosafe"), "new", "update", "Safer Streets: what’s next?", cwd=fixture_site)
    assert out.returncode == 0, out.stderr
    today = dt.date.today().isoformat()
    assert out.stdout == f"content/updates/{today}-safer-streets-whats-next.md\n"
    text = (fixture_site / out.stdout.strip()).read_text()
    assert text.startswith(f'---\ntitle: "Safer Streets: what’s next?"\ndate: {today}\n')
    assert "draft: true" in text
    # A fresh draft is valid content (and unpublished) until it is filled in.
    check = run(str(BIN / "sosafe"), "check", "content", cwd=fixture_site)
    assert check.returncode == 0, check.stderr
    assert [u.title for u in load_content(fixture_site / "content").updates] == [
        "Safer Parks Week 2024"  # the fixture's own post only
    ]
    again = run(
        str(BIN / "sosafe"), "new", "update", "Safer Streets: what’s next?", cwd=fixture_site
    )
    assert again.returncode == 1
    assert again.stderr.startswith(
        f"content/updates/{today}-safer-streets-whats-next.md:1:1: this update already exists"
    )


def test_an_edited_update_says_so_in_the_feed(fixture_site: Path, tmp_path: Path) -> None:
    """`updated:` (a date, like `date:`) is the entry's and the feed's `updated`; without
    it an entry was last changed when it was published."""
    three_posts(fixture_site)
    patrols = fixture_site / "content/updates/2025-03-01-park-patrols.md"
    patrols.write_text(
        patrols.read_text().replace("date: 2025-03-01\n", "date: 2025-03-01\nupdated: 2025-07-02\n")
    )
    out = mkdocs_build(fixture_site, tmp_path / "out")
    assert out.returncode == 0, out.stderr
    feed = feedparser.parse((tmp_path / "out/updates/feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.updated == "2025-07-02T00:00:00Z"
    assert [(e.title, e.published, e.updated) for e in feed.entries] == [
        ("Refuge opens", "2025-06-10T00:00:00Z", "2025-06-10T00:00:00Z"),
        ("Park patrols", "2025-03-01T00:00:00Z", "2025-07-02T00:00:00Z"),
        ("Safer Parks Week 2024", "2024-11-18T00:00:00Z", "2024-11-18T00:00:00Z"),
    ]
    page = (tmp_path / "out/updates/park-patrols/index.html").read_text()
    assert 'Updated <time datetime="2025-07-02">2 July 2025</time>.' in page
    patrols.write_text(patrols.read_text().replace("updated: 2025-07-02", "updated: 2025-02-30"))
    post(
        fixture_site,
        "2025-05-01-early.md",
        "title: Early\ndate: 2025-05-01\nupdated: 2025-04-30\ndraft: true",
    )
    check = run(str(BIN / "sosafe"), "check", "content", cwd=fixture_site)
    assert check.returncode == 1
    assert check.stderr.splitlines()[:4] == [
        "content/updates/2025-03-01-park-patrols.md:4:10: updated: expected a date written "
        "year-month-day, like 2026-05-01, got the text '2025-02-30'",
        "content/updates/2025-05-01-early.md:4:10: updated: updated 2025-04-30 is before the "
        "date, 2025-05-01",
        "  hint: give the day the update was last changed, or remove updated:",
        "2 problems found; nothing was written.",
    ]
