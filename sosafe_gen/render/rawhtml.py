"""Keep generated pages' HTML blocks away from Python-Markdown, and put them back after.

Generated pages are mostly HTML blocks (tables, lists, charts) between Markdown headings.
Python-Markdown passes such a block through unchanged, but only after parsing every tag
of it with Python's HTMLParser, twice (its own block finder, and MkDocs' anchor
collector); on a large site that was the biggest cost of the build. So each block that
Python-Markdown would certainly pass through verbatim is swapped for a placeholder
paragraph before conversion and swapped back after, giving the same HTML (the tests
compare it) at a fraction of the cost. Anything less certain is left to Markdown.
"""

from __future__ import annotations

import html
import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

_TOKEN = "SOSAFERAWBLOCK"
_PLACEHOLDER = re.compile(rf"<p>{_TOKEN}(\d+)</p>")
_BARE = re.compile(rf"{_TOKEN}(\d+)")
_BLANK = re.compile(r"(\n[ \t]*\n)")
_FIRST_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_ID = re.compile(r"""<(?:[a-zA-Z][^>]*?\sid|a\s[^>]*?\bname)=(?:"([^"]*)"|'([^']*)')""")
# Raw-text elements, and anything whose blocks Markdown may treat specially, stay with it.
_BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS) - {"pre", "script", "style", "textarea", "math"}


def _verbatim(chunk: str) -> bool:
    """Whether Python-Markdown would copy this blank-line-separated chunk unchanged.

    It must start at the margin with a block-level tag, and that element must close
    exactly at the chunk's end, so no Markdown follows it.
    """
    first = _FIRST_TAG.match(chunk)
    if not first or first.group(1).lower() not in _BLOCK_TAGS:
        return False
    tag = first.group(1)
    if not chunk.endswith(f"</{tag}>"):
        return False
    depth = 0
    for m in re.finditer(rf"<(/?){tag}(?=[\s>])", chunk):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end() + 1 == len(chunk)  # past the closing tag's ">"
    return False


def stash(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with verbatim HTML blocks replaced by placeholders, and the blocks."""
    if any(mark in markdown for mark in (_TOKEN, "```", "~~~", "<!--", "markdown=")):
        return markdown, []  # code fences, comments, md_in_html: leave the page to Markdown
    parts = _BLANK.split(markdown)
    blocks: list[str] = []
    for i in range(0, len(parts), 2):  # odd parts are the blank lines between chunks
        chunk = parts[i].rstrip()
        if _verbatim(chunk):
            parts[i] = f"{_TOKEN}{len(blocks)}" + parts[i][len(chunk) :]
            blocks.append(chunk)
    return "".join(parts), blocks


def restore(page_html: str, blocks: list[str]) -> str:
    """Put the blocks back where Python-Markdown left their placeholder paragraphs."""
    if not blocks:
        return page_html
    out = _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))] + "\n", page_html)
    out = out.rstrip("\n")  # Markdown strips its output; a block may have been last
    # A placeholder inside an enclosing HTML block was copied as it stood, as the block
    # itself would have been.
    return _BARE.sub(lambda m: blocks[int(m.group(1))], out)


def anchor_ids(blocks: list[str]) -> set[str]:
    """Element ids in the blocks: MkDocs checks links to anchors against a page's ids."""
    return {html.unescape(a or b) for block in blocks for a, b in _ID.findall(block)}
