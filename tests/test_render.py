"""Headings in content text: they start below the page heading they sit under."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sosafe_gen.content.base import Period
from sosafe_gen.content.text import display_date
from sosafe_gen.render.markup import markdown_to_html
from sosafe_gen.render.renderer import MemoryBytecodeCache


@pytest.mark.parametrize(
    ("text", "top", "expected"),
    [
        ("### What\n\ntext", 2, "<h2>What</h2>\n<p>text</p>"),
        ("# One\n\n## Two\n\n#### Four", 3, "<h3>One</h3>\n<h4>Two</h4>\n<h6>Four</h6>"),
        ("## A\n\n### B", 2, "<h2>A</h2>\n<h3>B</h3>"),
        ("##### Deep\n\n###### Deeper", 3, "<h3>Deep</h3>\n<h4>Deeper</h4>"),
        ("# Title\n\n###### Six", 3, "<h3>Title</h3>\n<h6>Six</h6>"),
        ("plain", 2, "<p>plain</p>"),
    ],
)
def test_headings_begin_at_the_given_level(text: str, top: int, expected: str) -> None:
    assert markdown_to_html(text, top) == expected


def test_no_h1_ever_comes_from_content() -> None:
    assert "<h1" not in markdown_to_html("# Not a page title\n\n<h1>raw</h1>", 3)


def test_compiled_templates_are_reused_across_processes_until_edited(tmp_path: Path) -> None:
    from jinja2 import Environment, FileSystemLoader

    (tmp_path / "page.j2").write_text("version one")

    def render(cache: MemoryBytecodeCache, compile_allowed: bool = True) -> str:
        env = Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=cache)
        if not compile_allowed:
            env.compile = None  # type: ignore[method-assign,assignment]
        return env.get_template("page.j2").render()

    assert render(MemoryBytecodeCache()) == "version one"
    # A new cache object stands for a new process: the code comes from disk, uncompiled.
    assert render(MemoryBytecodeCache(), compile_allowed=False) == "version one"
    (tmp_path / "page.j2").write_text("version two")
    with pytest.raises(TypeError):  # edited: the cached code is refused, so it must compile
        render(MemoryBytecodeCache(), compile_allowed=False)
    assert render(MemoryBytecodeCache()) == "version two"
    assert render(MemoryBytecodeCache(disk=False)) == "version two"


def test_dates_are_formatted_the_same_on_every_platform() -> None:
    """`%-d` (glibc, macOS) and `%#d` (Windows) each fail or differ elsewhere: dates go
    through `content.text.long_date`, in code and templates alike."""
    package = Path(__file__).resolve().parent.parent / "sosafe_gen"
    found = [
        f"{path.relative_to(package)}:{n}"
        for path in sorted(package.rglob("*"))
        if path.suffix in (".py", ".j2", ".html", ".md")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"%[-#][a-zA-Z]", line) and "not portable" not in line
    ]
    assert found == []


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2018-03-27", "27 March 2018"),
        ("2025-09", "September 2025"),
        ("2015", "2015"),
        ("2024/25", "2024/25"),
        ("2018-02-30", "2018-02-30"),  # not a day: kept as written, never guessed
        ("spring 2019", "spring 2019"),
    ],
)
def test_dates_written_as_text_read_as_people_write_them(written: str, shown: str) -> None:
    assert display_date(written) == shown


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [(2024, 2025, "2024/25"), (2025, 2028, "2025-28"), (2019, 2019, "2019")],
)
def test_a_financial_year_takes_a_slash_and_a_longer_period_its_dash(
    start: int, end: int, label: str
) -> None:
    assert Period(start=start, end=end).slash_label == label
