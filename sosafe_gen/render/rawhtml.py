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


def _verbatim(chunk: str) -> bool | None:
    """Whether Python-Markdown would copy this text (blank-line-separated chunks) unchanged:
    True, False, or None when its last element is still open (it may close in a later
    chunk, since Markdown's raw HTML block runs on over blank lines to its closing tag).

    It must be a run of block-level elements, each starting at the margin of a line and
    closing exactly at the end of a line (the last at the text's end), so no Markdown is
    between or after them: Python-Markdown takes each such element as a raw block.
    """
    if not chunk:
        return False
    start = 0
    while start < len(chunk):
        end = _element_end(chunk, start)
        if end is None or end is False:
            return end
        if end < len(chunk) and chunk[end] != "\n":
            return False
        start = end + 1
    return True


def _element_end(chunk: str, start: int) -> int | bool | None:
    """Where the block-level element starting at `start` ends (past its closing tag's ">"),
    False when the text there is not one, None when it does not close in `chunk`."""
    first = _FIRST_TAG.match(chunk, start)
    if not first or first.group(1).lower() not in _BLOCK_TAGS:
        return False
    tag = first.group(1)
    depth = 0
    for m in re.finditer(rf"<(/?){tag}(?=[\s>])", chunk[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            close = chunk.find(">", start + m.end())
            return False if close < 0 else close + 1
    return None


MAX_CHUNKS = 64
"""Blank-line-separated chunks one raw element may span and still be stashed whole."""


def stash(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with verbatim HTML blocks replaced by placeholders, and the blocks."""
    if any(mark in markdown for mark in (_TOKEN, "```", "~~~", "<!--", "markdown=")):
        return markdown, []  # code fences, comments, md_in_html: leave the page to Markdown
    parts = _BLANK.split(markdown)  # odd parts are the blank lines between chunks
    out: list[str] = []
    blocks: list[str] = []
    i = 0
    while i < len(parts):
        j, found = i, _verbatim(parts[i].rstrip())
        while found is None and j + 2 < len(parts) and j - i < 2 * MAX_CHUNKS:
            j += 2  # an element open over blank lines: take the next chunk with it
            found = _verbatim("".join(parts[i : j + 1]).rstrip())
        if found:
            text = "".join(parts[i : j + 1])
            chunk = text.rstrip()
            out.append(f"{_TOKEN}{len(blocks)}" + text[len(chunk) :])
            blocks.append(chunk)
        else:
            j = i
            out.append(parts[i])
        if j + 1 < len(parts):
            out.append(parts[j + 1])
        i = j + 2
    return "".join(out), blocks


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
