"""A bilingual site (Welsh Language Standards): every page in English and Welsh, each linked
to its counterpart, the Welsh pages wholly Welsh in the generator's own words, and a missing
Welsh text refused by the check at its position.

Built on the Afonwy fixture (tests/fixtures/bilingual), whose short texts were written for
these tests in both languages.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import read_po
from conftest import BIN, FIXTURES, mkdocs_build, run
from honesty import site_dishonesty
from pdfminer.high_level import extract_text

from sosafe_gen.content.check import load_content
from sosafe_gen.content.i18n import catalogue_path, translations

SKIP = ("assets/", "search/", "404.html", "admin/")  # one editor for both languages


@pytest.fixture(scope="module")
def built(build_partnership: Callable[[str], tuple[Path, Path]]) -> Path:
    return build_partnership("bilingual")[1]


def pages(site: Path) -> set[str]:
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(SKIP)
    }


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def visible_text(page: str) -> str:
    """What a reader sees (and a screen reader hears): text, chart titles and labels."""
    page = re.sub(r"(?s)<script\b.*?</script>|<style\b.*?</style>", " ", page)
    page = re.sub(r"(?s)<head>.*?</head>", " ", page)
    labels = " ".join(re.findall(r'(?:aria-label|title|alt)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + labels)


def test_every_page_has_its_counterpart_in_the_other_language(built: Path) -> None:
    all_pages = pages(built)
    welsh = {p.removeprefix("cy/") for p in all_pages if p.startswith("cy/")}
    english = {p for p in all_pages if not p.startswith("cy/")}
    assert len(english) > 20
    assert english == welsh


def test_no_page_in_either_language_reads_wrong(built: Path) -> None:
    assert site_dishonesty(built) == {}


def _language_link(page: str) -> tuple[str, str, str]:
    match = re.search(
        r'<p class="sosafe-language"><a href="([^"]+)" hreflang="(\w+)" lang="(\w+)">', page
    )
    assert match, "no link to the page in the other language"
    return match.group(1), match.group(2), match.group(3)


def test_each_page_links_to_its_own_counterpart_with_hreflang(built: Path) -> None:
    for rel in pages(built):
        welsh = rel.startswith("cy/")
        page = read(built, rel)
        href, hreflang, lang = _language_link(page)
        other = "en" if welsh else "cy"
        assert hreflang == lang == other, rel
        target = (built / rel).parent.joinpath(href).resolve() / "index.html"
        counterpart = rel.removeprefix("cy/") if welsh else f"cy/{rel}"
        assert target == (built / counterpart).resolve(), (rel, href)
        assert f'<html lang="{"cy" if welsh else "en-GB"}"' in page, rel


def test_no_english_template_string_appears_on_a_welsh_page(built: Path) -> None:
    """Every message the generator has in English, where its Welsh differs, is absent from
    the Welsh pages (each message's fixed words, between its placeholders)."""
    with catalogue_path("cy").open("rb") as f:
        cat = read_po(f, locale="cy")
    english: set[str] = set()
    for m in cat:
        if not m.id:
            continue
        welsh = m.string if isinstance(m.string, str) else m.string[0]
        for msgid in [m.id] if isinstance(m.id, str) else m.id:
            if msgid == welsh:
                continue  # the same in both ("CSV", "JSON")
            for part in re.split(r"%\(\w+\)s", msgid.replace("%%", "%")):
                words = re.sub(r"^[\W\d]+|[\W\d]+$", "", part)
                if len(words) >= 4 or " " in words:  # a word, not a stray "is" or "of"
                    english.add(words)
    assert "Exit this page" in english and "No update recorded" in english
    found = {}
    for rel in pages(built):
        if rel.startswith("cy/"):
            # Marked English (the standard's descriptions, the link to the English page: its
            # name in its own language), and names in code: no Welsh words.
            html = re.sub(
                r'<(td|a)\b[^>]*\blang="en"[^>]*>.*?</\1>', "", read(built, rel), flags=re.S
            )
            html = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
            # Links to the standard's records (`Action`), the table of contents' too: names.
            html = re.sub(r'<a href="#record-[^"]*"[^>]*>.*?</a>', "", html, flags=re.S)
            text = " ".join(visible_text(html).split())
            text = re.sub(r"[\w-]+\.(?:json|csv)\b", "", text)  # data files: one name in both
            hits = [w for w in english if re.search(rf"(?<![\w’']){re.escape(w)}(?![\w’'])", text)]
            if hits:
                found[rel] = sorted(hits)
    assert found == {}


def test_welsh_pages_are_in_welsh_from_the_content_and_the_catalogue(built: Path) -> None:
    plan = visible_text(read(built, "cy/action-plans/2026-27/index.html"))
    assert "Goleuo llwybr glan yr afon." in plan  # the content's Welsh
    assert "Cynnydd fesul chwarter" in plan  # the catalogue's Welsh
    assert "Ch1" in plan and "Q1" not in plan  # CLDR's Welsh quarter names
    assert "Dim diweddariad wedi’i gofnodi." in plan
    update = visible_text(read(built, "cy/updates/riverside-lights/index.html"))
    assert "14 Medi 2026" in update  # CLDR's Welsh month names
    assert "Cynheuodd y cyngor y lampau newydd" in update
    english = visible_text(read(built, "updates/riverside-lights/index.html"))
    assert "14 September 2026" in english and "The council switched on" in english


def test_welsh_sensitive_pages_carry_the_quick_exit_in_welsh(built: Path) -> None:
    exit_link = re.compile(r"data-sosafe-exit-link>([^<]*)</a>")
    welsh = read(built, "cy/themes/domestic-abuse/index.html")
    english = read(built, "themes/domestic-abuse/index.html")
    assert exit_link.findall(welsh) == ["Gadael y dudalen hon"]
    assert exit_link.findall(english) == ["Exit this page"]
    assert "Cliriwch eich hanes pori" in welsh  # the partnership's own Welsh wording
    # What the control says while Shift is pressed (sosafe-exit.js reads these).
    assert 'data-sosafe-press-one="Shift, pwyswch unwaith eto i adael."' in welsh
    assert 'data-sosafe-press-many="Shift, pwyswch %(n)s gwaith eto i adael."' in welsh


def test_each_language_has_its_own_nav_and_site_name(built: Path) -> None:
    welsh = read(built, "cy/strategies/index.html")
    nav = re.search(r'(?s)<nav class="md-nav md-nav--primary".*?</nav>', welsh)
    assert nav is not None
    words = visible_text(nav.group(0))
    assert "Strategaethau" in words and "Hafan" in words
    assert "Strategies" not in words and "Afonwy Community Safety Partnership" not in words
    assert "<title>Strategaethau - Partneriaeth Diogelwch Cymunedol Afonwy</title>" in welsh
    skip = re.search(r'class="md-skip">\s*([^<]*?)\s*</a>', welsh)
    assert skip is not None and skip.group(1) == "Neidio i’r prif gynnwys"  # GOV.UK's Welsh
    english = read(built, "strategies/index.html")
    assert "Strategaethau" not in visible_text(english)


def test_the_welsh_feed_is_in_welsh_and_links_to_welsh_pages(built: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built / "cy" / "updates" / "feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
    assert feed.findtext(f"{atom}title") == "Partneriaeth Diogelwch Cymunedol Afonwy: diweddariadau"
    entry = feed.find(f"{atom}entry")
    assert entry is not None
    link = entry.find(f"{atom}link")
    assert link is not None
    assert link.get("href") == "https://safer.afonwy.example/cy/updates/riverside-lights/"
    home = read(built, "cy/index.html")
    assert 'type="application/atom+xml" title="Partneriaeth Diogelwch Cymunedol Afonwy: ' in home
    english = ET.parse(built / "updates" / "feed.xml").getroot()
    assert english.findtext(f"{atom}title") == "Afonwy Community Safety Partnership: updates"


def test_search_finds_welsh_words_on_welsh_pages(built: Path) -> None:
    index = json.loads(read(built, "search/search_index.json"))
    where = {d["location"] for d in index["docs"] if "llwybr glan yr afon" in d["text"]}
    assert where and all(loc.startswith("cy/") for loc in where)


def test_welsh_open_data_and_figure_downloads(built: Path) -> None:
    data = visible_text(read(built, "cy/data/index.html"))
    assert "Setiau data" in data or "Set ddata" in data
    assert (built / "cy" / "data" / "themes.csv").read_text().count("Cam-drin domestig") == 1
    assert "Domestic abuse" in (built / "data" / "themes.csv").read_text()
    figure = visible_text(read(built, "cy/figures/asb-reports/index.html"))
    assert "Ebrill i Fehefin 2026" in figure and "1,045" in figure
    assert "llai na 5" in figure  # a small count of people, suppressed in Welsh words
    assert "adran Perfformiad" in figure  # a source's section, written in both languages
    rows = (built / "cy" / "figures" / "asb-reports.csv").read_text().splitlines()
    assert rows[0] == "label,cyfnod,gwerth,uned,nodyn"
    assert rows[1:] == [
        "Ebrill i Fehefin 2026,,120,count,",
        "Gorffennaf i Fedi 2026,,1045,count,",
        "Hydref i Ragfyr 2026,,llai na 5,count,",
    ]
    english = (built / "figures" / "asb-reports.csv").read_text().splitlines()
    assert english[0] == "label,period,value,unit,note"
    assert english[3] == "October to December 2026,,fewer than 5,count,"


def test_a_missing_welsh_text_fails_the_check_at_its_position(tmp_path: Path) -> None:
    src = tmp_path / "content"
    shutil.copytree(FIXTURES / "bilingual" / "content", src)
    plan = src / "action-plans" / "2026-27.yml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "Light the riverside path." in line)
    lines[at] = "            text: {en: Light the riverside path.}\n"
    title = next(i for i, line in enumerate(lines) if "title: {en: Antisocial" in line)
    lines[title] = "    title: Antisocial behaviour\n"
    plan.write_text("".join(lines), encoding="utf-8")
    out = run(str(BIN / "sosafe"), "check", "content", cwd=tmp_path)
    assert out.returncode == 1
    col = lines[at].index("{") + 1
    assert out.stderr.splitlines() == [
        f"content/action-plans/2026-27.yml:{title + 1}:12: sections[0].title: no Welsh text (cy)",
        "  hint: write this field in every language of the site: {en: …, cy: …}",
        f"content/action-plans/2026-27.yml:{at + 1}:{col}: "
        "sections[0].aims[0].actions[0].text: no Welsh text (cy)",
        "  hint: write this field in every language of the site: {en: …, cy: …}",
        "2 problems found; nothing was written.",
    ]
    assert out.stdout == ""


def test_progress_in_one_language_is_a_missing_translation(tmp_path: Path) -> None:
    """Progress by quarter is text like any other: a quarter written in English alone (as a
    spreadsheet return writes it) is reported, not published half-translated."""
    src = tmp_path / "content"
    shutil.copytree(FIXTURES / "bilingual" / "content", src)
    plan = src / "action-plans" / "2026-27.yml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Q2:"))
    lines.insert(at + 1, "              Q3: New lamps by the bridge.\n")
    plan.write_text("".join(lines), encoding="utf-8")
    out = run(str(BIN / "sosafe"), "check", "content", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        f"content/action-plans/2026-27.yml:{at + 2}:19: "
        "sections[0].aims[0].actions[0].progress.Q3: no Welsh text (cy)",
        "  hint: write this field in every language of the site: {en: …, cy: …}",
        "1 problem found; nothing was written.",
    ]


def test_an_update_without_its_welsh_body_fails_the_check(tmp_path: Path) -> None:
    src = tmp_path / "content"
    shutil.copytree(FIXTURES / "bilingual" / "content", src)
    post = src / "updates" / "2026-09-14-riverside-lights.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text[: text.index("<!-- cy -->")], encoding="utf-8")
    fence = text.split("\n").index("---", 1) + 1
    out = run(str(BIN / "sosafe"), "check", "content", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.splitlines()[0] == (
        f"content/updates/2026-09-14-riverside-lights.md:{fence}:1: body: no Welsh text (cy)"
    )


def test_a_one_language_site_is_read_as_before() -> None:
    content = load_content(FIXTURES / "site" / "content")
    assert content.languages == ("en",) and content.lang == "en"
    assert isinstance(content.partnership.name, str)


def test_init_with_welsh_gives_a_bilingual_site_that_builds(tmp_path: Path) -> None:
    made = run(
        str(BIN / "sosafe"),
        "init",
        "northwick",
        "--name",
        "Northwick Safer Communities Partnership",
        "--name-cy",
        "Partneriaeth Cymunedau Mwy Diogel Northwick",
        "--languages",
        "en,cy",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    src = tmp_path / "northwick"
    checked = run(str(BIN / "sosafe"), "check", "content", cwd=src)
    assert checked.returncode == 0, checked.stdout
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    site = tmp_path / "site"
    assert pages(site) == {f"cy/{p}" for p in pages(site) if not p.startswith("cy/")} | {
        p for p in pages(site) if not p.startswith("cy/")
    }
    home = read(site, "cy/index.html")
    assert "<title>Partneriaeth Cymunedau Mwy Diogel Northwick</title>" in home
    assert "Ymddygiad gwrthgymdeithasol" in read(site, "cy/themes/index.html")


def test_progress_on_a_bilingual_site_is_written_in_both_languages(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "bilingual" / "content", tmp_path / "content")
    plan = tmp_path / "content" / "action-plans" / "2026-27.yml"
    before = plan.read_text(encoding="utf-8")
    sosafe = str(BIN / "sosafe")
    refused = run(sosafe, "progress", "2026-27", "1-1-a", "Q3", "Lamps checked.", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[:2] == [
        "content/action-plans/2026-27.yml:1:1: this site is in English and Welsh: "
        "the progress needs its Welsh text too",
        '  hint: add --welsh "…"',
    ]
    assert plan.read_text(encoding="utf-8") == before
    done = run(
        sosafe,
        "progress",
        "2026-27",
        "1-1-a",
        "Q3",
        "Lamps checked.",
        "--welsh",
        "Gwiriwyd y lampau.",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    added = "              Q3:\n                en: Lamps checked.\n                cy: Gwiriwyd y lampau.\n"
    assert plan.read_text(encoding="utf-8") == before.replace(
        "source: {document: afonwy-plan}\n", added + "source: {document: afonwy-plan}\n"
    )
    welsh = load_content(tmp_path / "content", "cy").plans["2026-27"]
    assert welsh.sections[0].aims[0].actions[0].progress["Q3"] == "Gwiriwyd y lampau."


def test_welsh_progress_on_a_one_language_site_is_refused(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "one-of-each" / "content", tmp_path / "content")
    out = run(
        str(BIN / "sosafe"),
        "progress",
        "2026-27",
        "1-1-a",
        "Q2",
        "More patrols.",
        "--welsh",
        "Rhagor o batrolau.",
        cwd=tmp_path,
    )
    assert out.returncode == 1
    assert "this site is in English only" in out.stderr.splitlines()[0]


def test_a_hand_written_welsh_page_replaces_the_generated_one(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(FIXTURES / "bilingual", src)
    (src / "docs" / "cy").mkdir()
    (src / "docs" / "cy" / "index.md").write_text("# Croeso\n\nTudalen gartref Afonwy.\n")
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    site = tmp_path / "site"
    assert "Tudalen gartref Afonwy." in read(site, "cy/index.html")
    assert _language_link(read(site, "index.html"))[:2] == ("cy/", "cy")
    assert "Our priorities" in visible_text(read(site, "index.html"))  # the English generated


def test_a_new_update_on_a_bilingual_site_asks_for_its_welsh_once_published(
    tmp_path: Path,
) -> None:
    shutil.copytree(FIXTURES / "bilingual" / "content", tmp_path / "content")
    sosafe = str(BIN / "sosafe")
    made = run(sosafe, "new", "update", "Park watch starts", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    post = tmp_path / made.stdout.strip()
    text = post.read_text(encoding="utf-8")
    assert 'title: {en: "Park watch starts", cy: ""}' in text and "<!-- cy -->" in text
    draft = run(sosafe, "check", "content", cwd=tmp_path)
    assert draft.returncode == 0, draft.stderr  # a draft may wait for its Welsh
    post.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    ready = run(sosafe, "check", "content", cwd=tmp_path)
    assert ready.returncode == 1
    line = text.splitlines().index('title: {en: "Park watch starts", cy: ""}') + 1
    assert f"{made.stdout.strip()}:{line}:8: title: no Welsh text (cy)" in ready.stderr


TABLE_CAPTION = "The plan's actions by section, a row for each action"


def test_each_language_publishes_its_own_pdfs(built: Path) -> None:
    """A Welsh strategy or plan page links to the Welsh PDF, which declares Welsh, has the
    Welsh title and the PDF's own words in Welsh; its links into the site stay Welsh."""
    content = load_content(FIXTURES / "bilingual" / "content")
    docs = [f"strategies/{s}/" for s in content.strategies] + [
        f"action-plans/{p}/" for p in content.plans
    ]
    assert docs
    for doc in docs:
        for prefix, lang in (("", "en-GB"), ("cy/", "cy")):
            page = read(built, f"{prefix}{doc}index.html")
            href = re.search(r'<a href="([^"]+\.pdf)" type="application/pdf"', page)
            assert href, f"{prefix}{doc}"
            pdf = (built / prefix / doc / href.group(1)).resolve()
            assert pdf.is_relative_to((built / prefix).resolve()), href.group(1)
            with pikepdf.open(pdf) as opened:
                assert str(opened.Root.Lang) == lang
                title = str(opened.open_metadata().get("dc:title"))
            heading = re.search(r"<h1[^>]*>(.*?)<", page)
            assert heading and html.unescape(heading.group(1)).strip() == title
            text = extract_text(pdf)
            if prefix:
                assert "Cynnwys" in text and "Tudalen 1 o" in text
                assert "/strategies/" not in text.replace("/cy/strategies/", "")
            else:
                assert "Contents" in text and "Page 1 of" in text
            if doc.startswith("action-plans/"):  # the plan's table, captioned in its language
                caption = translations(lang[:2]).gettext(TABLE_CAPTION)
                assert caption in " ".join(text.split()), (prefix, caption)
