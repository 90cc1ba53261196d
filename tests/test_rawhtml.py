"""HTML blocks that skip Python-Markdown come back exactly as Markdown would have left them."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURE_SITE, ROOT
from mkdocs.utils.meta import get_data

from sosafe_gen.content.check import load_content
from sosafe_gen.render import rawhtml
from sosafe_gen.render.renderer import Renderer
from sosafe_gen.site.planner import plan_site

EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]
CONFIGS = {"toc": {"permalink": True, "permalink_title": "Link to this section"}}


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(text)


def via_stash(text: str) -> tuple[str, list[str]]:
    stashed, blocks = rawhtml.stash(text)
    return rawhtml.restore(convert(stashed), blocks), blocks


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if v is not None and (k == "id" or (k == "name" and tag == "a")):
                self.ids.add(v)


@pytest.mark.parametrize("content", [ROOT / "content", FIXTURE_SITE / "content"], ids=str)
def test_every_generated_page_converts_to_the_same_html(content: Path) -> None:
    pages = Renderer(plan_site(load_content(content))).render_all()
    stashed_pages = 0
    for src, page in pages.items():
        if not src.endswith(".md"):
            continue
        body, _ = get_data(page)
        html, blocks = via_stash(body)
        assert html == convert(body), src
        ids = _Ids()
        ids.feed("\n".join(blocks))
        assert rawhtml.anchor_ids(blocks) == ids.ids, src
        stashed_pages += bool(blocks)
    assert stashed_pages > len(pages) // 2  # the point: most pages skip the HTML parser


@pytest.mark.parametrize(
    "text",
    [
        "<p>one</p>\n**two**",  # Markdown right after the element: not verbatim
        "<p>one</p> tail",
        "  <div>indented</div>",
        "<span>inline</span>",
        "<div><div>a</div>\n</div>\n<p>b</p> tail",
        "<div>a</div>\n\t<p>b</p>",
        "<div>a</div>\n*b*",
        '<div markdown="1">\n\n<p>*md*</p>\n\n</div>',
        "```\n<div>code</div>\n```",
        "<!--\n\n<div>x</div>\n\n-->",
    ],
)
def test_uncertain_blocks_are_left_to_markdown(text: str) -> None:
    stashed, blocks = rawhtml.stash(text)
    assert (stashed, blocks) == (text, [])


@pytest.mark.parametrize(
    "text",
    [
        "<pre>\n\n<div>x</div>\n\n</pre>",
        "<div>\n\n<div>x</div>\n\n</div>\n\n<p>after</p>",
        "<section>\n\n<table><tr><td>1</td></tr></table>\n\n</section>",
    ],
)
def test_blocks_inside_an_open_html_block_come_back_verbatim(text: str) -> None:
    html, blocks = via_stash(text)
    assert blocks  # stashed, and still the same HTML
    assert html == convert(text)


@pytest.mark.parametrize(
    "text",
    [
        '<p>All 3 actions are done.</p>\n<div class="sosafe-figure">\n<svg><title>t</title></svg>\n</div>',
        '<div class="sosafe-text"><p>x</p></div>\n<p>Read: <a href="y">z</a>.</p>',
        "<h3>Plan</h3>\n<ul>\n<li>a</li>\n</ul>\n<p>b</p>",
    ],
)
def test_a_run_of_elements_line_by_line_is_one_verbatim_block(text: str) -> None:
    """Python-Markdown takes each element that starts and ends a line as a raw block."""
    html, blocks = via_stash(text)
    assert blocks == [text]
    assert html == convert(text) == text


def test_blocks_between_markdown_keep_their_place() -> None:
    text = '# Title\n\n<div class="a" id="x"><p>1 &lt; 2</p></div>\n\nSome *text*.\n\n<ul>\n<li>i</li>\n</ul>\n'
    html, blocks = via_stash(text)
    assert len(blocks) == 2
    assert html == convert(text)
    assert rawhtml.anchor_ids(blocks) == {"x"}
