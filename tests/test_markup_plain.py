"""Prose with no Markdown in it skips Python-Markdown (render/markup.py) and comes out as
Markdown would have made it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from sosafe_gen.render.markup import _md, _plain_paragraphs

PROSE = st.text(alphabet="ab XY09.,;:'\"()£?!-–’\n =+)", max_size=40)


def markdown(text: str) -> str:
    return _md.reset().convert(text)


@given(PROSE)
@settings(max_examples=3000, derandomize=True, deadline=None)
def test_plain_prose_converts_as_markdown_does(text: str) -> None:
    fast = _plain_paragraphs(text)
    if fast is not None:
        assert fast == markdown(text)


@pytest.mark.parametrize(
    "text", ["- a list", "1. first", "# Heading", "a  \nb", "    code", "AT&T", "a *b*", "x\n---"]
)
def test_markdown_is_left_to_markdown(text: str) -> None:
    assert _plain_paragraphs(text) is None


@pytest.mark.parametrize(
    "content", [ROOT / "content", *sorted(FIXTURES.glob("*/content"))], ids=str
)
def test_every_text_of_the_content_converts_as_markdown_does(content: Path) -> None:
    """Every quoted or block string in the content files, the real record's and each
    fixture's: the fast way, where it applies, gives Markdown's own HTML."""
    texts = set()
    for path in content.rglob("*.yml"):
        for m in re.finditer(
            r":\s+(?:\||>)-?\n((?:[ ]{2,}.*\n?)+)|:\s+(\S[^\n]*)", path.read_text()
        ):
            block, line = m.groups()
            if block:
                indent = len(block) - len(block.lstrip(" "))
                texts.add("\n".join(x[indent:] for x in block.splitlines()))
            elif line:
                texts.add(line.strip().strip("\"'"))
    fast = [t for t in texts if _plain_paragraphs(t) is not None]
    assert fast  # most prose takes the fast way
    assert [t for t in fast if _plain_paragraphs(t) != markdown(t)] == []
