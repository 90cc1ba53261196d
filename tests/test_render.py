"""Headings in content text: they start below the page heading they sit under."""

from __future__ import annotations

import pytest

from sosafe_gen.render import markdown_to_html


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
