"""Text that is slow to render rather than big: the check's limits and Markdown's bounds.

The check refuses a text over MAX_TEXT characters or MAX_LINES lines at its position; any text
it accepts renders in a fraction of a second, however it is made (render/md_bounds.py). The
time bounds are generous (Python-Markdown alone took 5 to 140 s on most of these) and far
below anything a test run waits for; the benchmark, not these, says how fast.
"""

from __future__ import annotations

import time
from pathlib import Path

import markdown
import nh3
import pytest
from conftest import check_and_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sosafe_gen.content.load import MAX_LINES, MAX_TEXT, text_too_long
from sosafe_gen.render import markup
from sosafe_gen.render.md_bounds import MAX_DEPTH, BoundedMarkdown

PLAN = "content/action-plans/2025-26.yml"
CELL = "Q1: Talks given at two schools."


def with_progress(site: Path, text: str) -> None:
    path = site / PLAN
    source = path.read_text()
    assert CELL in source
    path.write_text(source.replace(CELL, f"Q1: {text}", 1))


def cell_position(site: Path) -> tuple[int, int]:
    lines = (site / PLAN).read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.lstrip().startswith("Q1: "))
    return line, lines[line - 1].index("Q1: ") + len("Q1: ") + 1


def test_a_text_over_the_limit_is_refused_at_its_position(fixture_site: Path) -> None:
    with_progress(fixture_site, "a" * (MAX_TEXT + 1))
    line, col = cell_position(fixture_site)
    problems, pages = check_and_build(fixture_site / "content")
    assert problems == [
        f"{PLAN}:{line}:{col}: sections[0].aims[0].actions[0].progress.Q1: text too long: "
        f"{MAX_TEXT + 1:,} characters, at most {MAX_TEXT:,}\n"
        "  hint: split it into shorter parts (sections, items or pages)"
    ]
    assert pages == {}


def test_a_text_of_too_many_lines_is_refused(fixture_site: Path) -> None:
    lines = "\n".join(" " * 16 + "line" for _ in range(MAX_LINES + 1))
    with_progress(fixture_site, "|\n" + lines)
    line, col = cell_position(fixture_site)
    problems, _pages = check_and_build(fixture_site / "content")
    assert problems == [
        f"{PLAN}:{line}:{col}: sections[0].aims[0].actions[0].progress.Q1: text too long: "
        f"{MAX_LINES + 1:,} lines, at most {MAX_LINES:,}\n"
        "  hint: split it into shorter parts (sections, items or pages)"
    ]


def test_an_update_body_over_the_limit_is_refused_where_it_starts(fixture_site: Path) -> None:
    post = next((fixture_site / "content/updates").glob("*.md"))
    source = post.read_text()
    post.write_text(source + "\n" + "b" * MAX_TEXT + "\n")
    first = source.index("---", 3) + 3
    line = source.splitlines().index("---", 1) + 1  # the body begins after this fence
    problems, _pages = check_and_build(fixture_site / "content")
    assert problems == [
        f"content/updates/{post.name}:{line}:1: body: text too long: "
        f"{len((source[first:] + chr(10) + 'b' * MAX_TEXT).strip()):,} characters, "
        f"at most {MAX_TEXT:,}\n"
        "  hint: split it into shorter parts (sections, items or pages)"
    ]


# Each repeated to MAX_TEXT characters. Python-Markdown 3.11 alone, 20,000 characters, on
# the 2-core VM: "[" 85 s, "[(" 142 s, "![" 41 s, "[a][" 41 s, "[](" 25 s, "<x " 21 s,
# "[a](" 10 s, "<a " 8 s, "<span " 6 s, "<http://" 3 s; "1. " and "<!---->- " crash
# (RecursionError); "-\n" and "\n#" lines 13 to 16 s, which the line limit keeps down.
SLOW = ["[", "[(", "![", "[a][", "[](", "<x ", "[a](", "<a ", "<span ", "<http://", "<a href='"]
SLOW += ["1. ", "> ", ">", "<!---->- ", "<!--</b>-->  +", "[[]]", '[]("', "(", "<x"]
LINES = ["-\n", "\n-", "=\n", "\n#", "a\n-\n", "|a|\n"]


def repeated(unit: str, size: int = MAX_TEXT) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def render_seconds(text: str) -> float:
    markup.markdown_to_html.cache_clear()
    started = time.perf_counter()
    markup.markdown_to_html(text)
    return time.perf_counter() - started


@pytest.mark.parametrize("unit", SLOW)
def test_the_slowest_text_of_the_longest_length_renders_quickly(unit: str) -> None:
    assert render_seconds(repeated(unit)) < 2.0


@pytest.mark.parametrize("unit", LINES)
def test_the_most_lines_a_text_may_have_render_quickly(unit: str) -> None:
    text = unit * MAX_LINES
    while text_too_long(text):  # the most of it the check accepts
        text = text[:-1]
    assert text.count("\n") >= MAX_LINES - 1
    assert render_seconds(text) < 2.0


def test_five_thousand_brackets_in_a_progress_cell_are_accepted_and_published(
    fixture_site: Path,
) -> None:
    with_progress(fixture_site, '"' + "[" * 5000 + '"')
    started = time.perf_counter()
    problems, pages = check_and_build(fixture_site / "content")
    assert problems == []
    assert time.perf_counter() - started < 10.0  # 21 s for the render alone before
    assert "[" * 5000 in pages["action-plans/2025-26/index.md"]


def test_markers_nested_on_one_line_stop_nesting_at_the_limit() -> None:
    html = markup.markdown_to_html("1. " * 5000 + "deep")
    assert html.count("<ol>") == MAX_DEPTH
    assert html.rstrip().endswith("</ol>")
    assert "1. 1. 1." in html  # the rest of the line is read as text


def test_a_tag_that_never_closes_reads_as_text_as_before() -> None:
    stock = markdown.Markdown(extensions=["tables", "sane_lists"])
    for text in ["a <x b", "<x <y", "`<x` and <b>bold</b>", "<abbr title='x'>A</abbr> <br>"]:
        assert markup.markdown_to_html(text) == clean(stock.convert(text)), text
    assert markup.markdown_to_html("<x <x <x") == "<p>&lt;x &lt;x &lt;x</p>"


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=markup.ALLOWED_TAGS,
        attributes=markup.ALLOWED_ATTRIBUTES,
        url_schemes=markup.URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


_STOCK = markdown.Markdown(extensions=["tables", "sane_lists"])
_BOUNDED = markdown.Markdown(extensions=["tables", "sane_lists", BoundedMarkdown()])
LINK_SYNTAX = [*"[]()\"' !a\\`\n*:", "](", "[a]", "![", "\n\n[a]: /u\n", "[a](b", '"t"', "> "]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINK_SYNTAX), max_size=30).map("".join))
def test_bounded_links_read_exactly_as_python_markdown(text: str) -> None:
    """Links, images and references: the same HTML as Python-Markdown's own processors."""
    assert _BOUNDED.reset().convert(text) == _STOCK.reset().convert(text)
