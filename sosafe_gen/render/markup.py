"""Content text to safe HTML: Markdown from people and spreadsheets, converted and then
sanitised with nh3 to a small allow-list, so no script, event handler or javascript: link
survives. Headings are renumbered to sit under the page's own."""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

from .md_bounds import BoundedMarkdown

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "abbr",
    "sup",
    "sub",
    "del",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_md = markdown.Markdown(extensions=["tables", "sane_lists", BoundedMarkdown()])


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _shift_headings(html: str, top: int) -> str:
    """Renumber headings so the highest one is `top`, keeping their order.

    A field's text sits under a heading of the page, so its own headings must start one
    level below that (WCAG 1.3.1: no skipped levels), whatever level the author typed.
    """
    levels = [int(m.group(2)) for m in _HEADING.finditer(html)]
    if not levels:
        return html
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


@lru_cache(maxsize=16384)
def markdown_to_html(text: str, top: int = 3) -> str:
    """Untrusted Markdown → safe HTML (cached: the same text recurs across pages).

    Headings in the text begin at level `top` (3 for a field under a section heading).
    """
    plain = _plain_paragraphs(text or "")
    raw = plain if plain is not None else _shift_headings(_md.reset().convert(text or ""), top)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


_SPECIAL = re.compile(r"[\\`*_\[\]<>&#|~\t\r]|  \n|^[ ]|\n[ ]|^\d+\.(?:\s|$)|\n\d+\.(?:\s|$)")
_LINE_START = re.compile(r"(?:^|\n)(?![\w\"'(“‘£€$])", re.UNICODE)
_PARAGRAPHS = re.compile(r"\n(?:[ ]*\n)+")


def _plain_paragraphs(text: str) -> str | None:
    """What Python-Markdown makes of prose with no Markdown in it, without running it (most
    content fields are such prose, and converting each was a large part of rendering): each
    paragraph in <p>, lines kept. None for anything else, which Markdown converts: a
    character Markdown or HTML gives meaning to, a line starting other than with a letter,
    digit, quote, bracket or currency sign (a list, heading, rule or code), a list number,
    an indent or a line break (two spaces at a line's end). Tested against Markdown itself."""
    body = text.strip("\n")
    if not body or _SPECIAL.search(body) or _LINE_START.search(body):
        return None
    return "\n".join(f"<p>{para}</p>" for para in _PARAGRAPHS.split(body))


def md(text: str | None, top: int = 3) -> Markup:
    return Markup(markdown_to_html(text or "", top))


def md_inline(text: str | None) -> Markup:
    """Markdown for a phrase: no wrapping paragraph."""
    html = markdown_to_html(text or "")
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def run_in(text: Markup, label: str) -> Markup:
    """Rendered Markdown with a bold label run into its first paragraph ("**Q1** Talks
    given."), or on a line of its own before a text that starts with a list: a label beside
    its text rather than floated, so the text reads in one run when extracted."""
    strong = Markup("<strong>%s</strong>") % label
    if text.startswith("<p>"):
        return Markup("<p>") + strong + Markup(" ") + Markup(text[3:])
    return Markup("<p>") + strong + Markup("</p>") + text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|])")


def heading_text(text: str) -> Markup:
    """Text for a Markdown heading line: HTML-escaped and Markdown-escaped."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))
