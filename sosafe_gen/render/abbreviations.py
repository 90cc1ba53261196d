"""Abbreviations: which expansion a page uses, and marking them up as <abbr> in HTML.

A term's meaning can change between documents (an abbreviation for a local service
may stand for one name in an old strategy and another after the service is renamed).
A page takes the meaning of the document it belongs to; a page with no document takes
the newest meaning.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ..content import model as m

_SKIP = {
    "a",
    "abbr",
    "code",
    "pre",
    "script",
    "style",
    "svg",
    "textarea",
    "title",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "button",
    "label",
    "option",
    "kbd",
    "dt",
}
_TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col"})


def normalise(text: str) -> str:
    """Meanings that differ only by case, hyphens or punctuation are the same meaning."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def meaning_changed(term: m.Term) -> bool:
    return len({normalise(mn.text) for mn in term.meanings}) > 1


class Abbreviations:
    def __init__(self, terms: Iterable[m.Term], document_order: list[str]) -> None:
        rank = {d: i for i, d in enumerate(document_order)}
        self._terms = [t for t in terms if t.abbreviation]
        self._default: dict[str, str] = {}
        self._by_doc: dict[str, dict[str, str]] = {}
        for t in self._terms:
            newest = max(t.meanings, key=lambda mn: max(rank.get(d, -1) for d in mn.documents))
            self._default[t.term] = newest.text
            for mn in t.meanings:
                for d in mn.documents:
                    self._by_doc.setdefault(d, {})[t.term] = mn.text
        self._cache: dict[str | None, tuple[re.Pattern[str] | None, dict[str, str]]] = {}

    def for_document(self, document: str | None) -> dict[str, str]:
        return {**self._default, **self._by_doc.get(document or "", {})}

    def _compiled(self, document: str | None) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        if document not in self._cache:
            table = {html.escape(k, quote=False): v for k, v in self.for_document(document).items()}
            if not table:
                self._cache[document] = (None, table)
            else:
                alts = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
                pattern = re.compile(rf"(?<![\w&/.-])({alts})(?![\w-]|\.\w)")
                self._cache[document] = (pattern, table)
        return self._cache[document]

    def mark(self, page_html: str, document: str | None) -> str:
        """Wrap each abbreviation in running text with <abbr title="expansion">."""
        pattern, table = self._compiled(document)
        if pattern is None or pattern.search(page_html) is None:
            return page_html

        def wrap(mt: re.Match[str]) -> str:
            return f'<abbr title="{html.escape(table[mt.group(1)])}">{mt.group(1)}</abbr>'

        # Runs once per page over every tag: locals and precompiled patterns keep it quick.
        sub, name_of = pattern.sub, _NAME.match
        out: list[str] = []
        skip_depth = 0
        stack: list[str] = []
        for part in _TAG.split(page_html):
            if not part:
                continue
            if part[0] == "<":
                out.append(part)
                name = name_of(part)
                if not name or part.startswith("<!--"):
                    continue
                tag = name.group(1).lower()
                if part[1] == "/":
                    if stack and tag in stack:
                        while stack:
                            popped = stack.pop()
                            if popped in _SKIP:
                                skip_depth -= 1
                            if popped == tag:
                                break
                elif tag not in _VOID and not part.endswith("/>"):
                    stack.append(tag)
                    if tag in _SKIP:
                        skip_depth += 1
            elif skip_depth:
                out.append(part)
            else:
                out.append(sub(wrap, part))
        return "".join(out)
