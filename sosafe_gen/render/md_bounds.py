"""Python-Markdown in bounded time and depth: text that is slow to render rather than long.

Python-Markdown 3.x has three costs that grow with the square of a text's length (measured
on 20,000 characters: ``[`` 85 s, ``[(`` 142 s, ``<x `` 21 s), and one crash:

1. **Links.** Its link and reference patterns find where a ``[`` closes by reading on, a
   character at a time, to the matching ``]`` or the end of the text, for every ``[``
   (``LinkInlineProcessor.getText``), and where ``(`` closes the same way (``getLink``).
   :class:`BoundedMarkdown` replaces the six processors with subclasses that find every
   bracket's partner in one pass and keep that table while the text's tail is unchanged.
   What they return is Python-Markdown's own (a property test compares the two), except
   that a link's ``(destination "title")`` must close within :data:`MAX_LINK` characters.
2. **Tags that never close.** Its raw-HTML reader (a copy of the standard library's
   ``html.parser``) reads each ``<x`` that has no ``>`` on to the end of the text.
3. **Deep nesting.** ``1. 1. 1. …`` on one line, or ever deeper indentation, is a list in
   a list in a list; each level is a recursion, and a few hundred raise ``RecursionError``.

For 2 and 3 a preprocessor swaps the character for a private one that means nothing to
Markdown (a ``<`` that does not begin a well-formed tag or an autolink; the marker
that takes a line past :data:`MAX_DEPTH` levels) and a postprocessor swaps it back, as
HTML, where it ends up: the reader sees the same text, in code spans too, read as text.
"""

from __future__ import annotations

import html
import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

__all__ = ["MAX_DEPTH", "MAX_LINK", "BoundedMarkdown"]

MAX_LINK = 2000
"""Characters a link's ``(destination "title")`` may take; a longer one reads as text."""

MAX_DEPTH = 32
"""Levels of lists and quotes a line may open (each marker, and each 4 columns of indent)."""


class _Pairs:
    """Where each opening bracket of a text closes, found in one pass over it.

    Positions are kept as distances from the end of the text, so the table stays right for
    any later text whose tail from the queried place is the same: Python-Markdown replaces
    a match by a placeholder and searches on after it, leaving the tail as it was.
    """

    def __init__(self, opening: str, closing: str) -> None:
        self._brackets = re.compile("[" + re.escape(opening + closing) + "]")
        self._opening = opening
        self._text = ""
        self._closes: dict[int, int] = {}
        self._checked: tuple[str | None, int] = (None, 0)

    def close(self, data: str, at: int) -> int | None:
        """The position in `data` of the bracket that closes the one at `at`, or None."""
        tail = len(data) - at
        seen, upto = self._checked
        if data is not seen or tail > upto:
            known = len(self._text)
            if tail > known or data[at:] != self._text[known - tail :]:
                self._build(data)
                tail = len(data) - at
                self._checked = (data, len(data))
            else:
                self._checked = (data, tail)
        end = self._closes.get(tail)
        return None if end is None else len(data) - end

    def _build(self, data: str) -> None:
        size, stack, closes = len(data), [], {}
        for m in self._brackets.finditer(data):
            if m.group() == self._opening:
                stack.append(size - m.start())
            elif stack:
                closes[stack.pop()] = size - m.start()
        self._text, self._closes = data, closes


class _Bounded(LinkInlineProcessor):
    """getText and getLink of Python-Markdown's link processors, without reading on."""

    def __init__(self, pattern: str, md: Markdown) -> None:
        super().__init__(pattern, md)
        self._square = _Pairs("[", "]")
        self._round = _Pairs("(", ")")

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        if index == 0 or data[index - 1] != "[":
            return super().getText(data, index)
        close = self._square.close(data, index - 1)
        if close is None:
            return "", len(data), False
        return data[index:close], close + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        m = self.RE_LINK.match(data, pos=index)
        if m is None or m.group(1):  # no "(", or a <destination>: the regex is bounded
            return super().getLink(data, index)
        end = min(len(data), index + MAX_LINK)
        close = self._round.close(data, index)
        stop = close if close is not None and close < end else end
        quote = min(
            (q for q in (data.find('"', m.end(), stop), data.find("'", m.end(), stop)) if q >= 0),
            default=-1,
        )
        if quote < 0:  # parentheses alone decide
            stop = close + 1 if close is not None and close < end else -1
        else:
            stop = _quoted_end(data, m.end(), quote, end)
        if stop == -2:  # Python-Markdown's reading runs to the end: it takes the rest
            return super().getLink(data, index)
        if stop < 0:
            return "", None, index, False
        href, title, at, handled = super().getLink(data[index:stop], 0)
        return href, title, index + at, handled


_CLOSING_QUOTE = re.compile(r"""(["']) *\)""")
_PARENTHESIS = re.compile(r"[()]")


def _quoted_end(data: str, start: int, quote: int, end: int) -> int:
    """Where Python-Markdown's getLink stops reading a link whose destination has a quote
    (at `quote`) before its closing parenthesis: one past the end, -1 if it is not a link,
    -2 if its reading takes the rest of the text. Its rules, found without reading on:
    it closes at the first ")" after a quote (spaces between) that is the first quote
    character seen again, or the other quote character seen twice; failing that, at the
    parenthesis that brings it back to the depth it had at the first quote."""
    first, other = data[quote], "'" if data[quote] == '"' else '"'
    other_at = data.find(other, quote + 1, end)
    for m in _CLOSING_QUOTE.finditer(data, quote, end):
        q = m.start()
        if (data[q] == first and q > quote) or (data[q] == other and 0 <= other_at < q):
            return m.end()
    depth = 1 + data.count("(", start, quote) - data.count(")", start, quote)
    for m in _PARENTHESIS.finditer(data, quote + 1, end):
        depth -= 1
        if depth == 0:
            return m.end() if m.group() == ")" else -2
    return -1


def _bounded(base: type[LinkInlineProcessor]) -> type[LinkInlineProcessor]:
    return type("Bounded" + base.__name__, (_Bounded, base), {})


# Python-Markdown's names, patterns and priorities (markdown.inlinepatterns).
_PROCESSORS: list[tuple[str, type[LinkInlineProcessor], str, int]] = [
    ("reference", ReferenceInlineProcessor, REFERENCE_RE, 170),
    ("link", LinkInlineProcessor, LINK_RE, 160),
    ("image_link", ImageInlineProcessor, IMAGE_LINK_RE, 150),
    ("image_reference", ImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 140),
    ("short_reference", ShortReferenceInlineProcessor, REFERENCE_RE, 130),
    ("short_image_ref", ShortImageReferenceInlineProcessor, IMAGE_LINK_RE, 125),
]


# A start tag's `<` the raw-HTML reader takes at once: a complete tag whose quoted values
# hold no `<`, or an autolink (`<https://…>`, `<name@host>`). Its other readings (end tags,
# comments, `<!…>`, `<?…?>`) look for their end with str.find, fast enough.
_TAG_START = re.compile(
    r"""<(?:
        [A-Za-z][A-Za-z0-9-]*
          (?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'<>=`]+))?)*\s*/?>
      | [^<>\s]+>
    )""",
    re.VERBOSE,
)
_READ_AS_HTML = re.compile(r"<[A-Za-z]")
# The markers and indentation a line starts with: each marker, and every 4 columns, is a level.
_LEADING = re.compile(r"[ ]*(?:(?:[*+-]|\d{1,9}[.)])[ ]+|>[ ]*)+")
_ONE = re.compile(r"([ ]*)((?:[*+-]|\d{1,9}[.)])(?=[ ])|>)")


class _Swaps:
    """One conversion's private characters: what each stands for."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.back: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._used: set[str] = set()

    def start(self, text: str) -> None:
        self.reset()
        self._used = set(text)

    def key(self, original: str) -> str:
        if original not in self._keys:
            free = next(c for c in map(chr, range(0xF0000, 0x10FFFE)) if c not in self._used)
            self._used.add(free)
            self._keys[original], self.back[free] = free, html.escape(original, quote=False)
        return self._keys[original]


class _Unread(Preprocessor):
    """Before the raw-HTML reader: a `<` it would read on from, to the end, is text."""

    def __init__(self, md: Markdown, swaps: _Swaps) -> None:
        super().__init__(md)
        self.swaps = swaps

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.swaps.start(text)
        bad = [
            m.start() for m in _READ_AS_HTML.finditer(text) if not _TAG_START.match(text, m.start())
        ]
        if not bad:
            return lines
        key, parts, last = self.swaps.key("<"), [], 0
        for at in bad:
            parts += [text[last:at], key]
            last = at + 1
        parts.append(text[last:])
        return "".join(parts).split("\n")


class _Shallow(Preprocessor):
    """After the raw-HTML reader (which takes comments out from between markers): the
    marker that would take a line past MAX_DEPTH levels is text."""

    def __init__(self, md: Markdown, swaps: _Swaps) -> None:
        super().__init__(md)
        self.swaps = swaps

    def run(self, lines: list[str]) -> list[str]:
        return [self._shallow(line) for line in lines]

    def _shallow(self, line: str) -> str:
        lead = _LEADING.match(line)
        if lead is None or lead.end() <= MAX_DEPTH:  # each level takes a character at least
            return line
        depth, at = 0, 0
        while (m := _ONE.match(line, at)) and m.end() <= lead.end():
            depth += 1 + len(m.group(1)) // 4
            if depth > MAX_DEPTH:
                marker = m.start(2)
                return line[:marker] + self.swaps.key(line[marker]) + line[marker + 1 :]
            at = m.end()
        return line


class _Restore(Postprocessor):
    """Last of all: each private character back as the HTML of what it stood for."""

    def __init__(self, md: Markdown, swaps: _Swaps) -> None:
        super().__init__(md)
        self.swaps = swaps

    def run(self, text: str) -> str:
        back = self.swaps.back
        if not back:
            return text
        return re.sub("[" + "".join(back) + "]", lambda k: back[k.group()], text)


class BoundedMarkdown(Extension):
    """Python-Markdown's link processors in linear time, and the guards of 2 and 3."""

    def extendMarkdown(self, md: Markdown) -> None:
        for name, base, pattern, priority in _PROCESSORS:
            md.inlinePatterns.register(_bounded(base)(pattern, md), name, priority)
        self.swaps = _Swaps()
        md.registerExtension(self)
        # Between normalize_whitespace (30: tabs expanded) and html_block (20), then after it.
        md.preprocessors.register(_Unread(md, self.swaps), "sosafe_unread", 25)
        md.preprocessors.register(_Shallow(md, self.swaps), "sosafe_shallow", 15)
        md.postprocessors.register(_Restore(md, self.swaps), "sosafe_restore", 0)

    def reset(self) -> None:
        self.swaps.reset()
