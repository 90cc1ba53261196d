"""Render planned pages to Markdown (with HTML blocks) through Jinja templates.

One template per page kind, autoescaped and with StrictUndefined so a template typo
fails loudly. A theme folder can override any template by name. Content text is
Markdown from people and spreadsheets: it is converted and then sanitised with nh3
to a small allow-list, so no script, event handler or javascript: link survives.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
import nh3
from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    pass_context,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from . import model as m
from .charts import chart_svg, ordered_points, summary
from .glossary import meaning_changed
from .plan import Page, Site, action_anchor, action_themes, latest_progress

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

_md = markdown.Markdown(extensions=["tables", "sane_lists"])


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
    raw = _shift_headings(_md.reset().convert(text or ""), top)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def md(text: str | None, top: int = 3) -> Markup:
    return Markup(markdown_to_html(text or "", top))


def md_inline(text: str | None) -> Markup:
    """Markdown for a phrase: no wrapping paragraph."""
    html = markdown_to_html(text or "")
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|])")


def heading_text(text: str) -> Markup:
    """Text for a Markdown heading line: HTML-escaped and Markdown-escaped."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates, kept for the life of the process and in Jinja's disk cache.

    Compiling our templates was most of the fixed cost of a build (about 0.4 s), and
    `mkdocs serve` makes new Jinja environments on every rebuild. So compiled code is
    kept in memory, and on disk in Jinja's own per-user cache folder (in the system temp
    folder, checked to be private to the user), so the next build skips compiling too.
    Jinja keys entries by template file and checks each against its source, so an edited
    template is compiled again; a disk cache that cannot be used is skipped.
    """

    def __init__(self, disk: bool = True) -> None:
        self._code: dict[str, bytes] = {}
        self._disk: FileSystemBytecodeCache | None = None
        if disk:
            try:
                self._disk = FileSystemBytecodeCache()
            except (OSError, RuntimeError):  # no usable temp folder: memory only
                self._disk = None

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
        elif self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)
            except Exception:  # a damaged or foreign cache file: compile instead
                bucket.reset()
            if bucket.code is not None:
                self._code[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            try:
                self._disk.dump_bytecode(bucket)
            except OSError:
                self._disk = None


_COMPILED = MemoryBytecodeCache()


class Renderer:
    def __init__(self, site: Site, overrides: Path | None = None) -> None:
        self.site = site
        loaders: list[Any] = [PackageLoader("sosafe_gen", "templates")]
        if overrides is not None and overrides.is_dir():
            loaders.insert(0, FileSystemLoader(str(overrides)))
        env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # `{#id}` is Markdown's attribute syntax, so comments use {## ##}.
            comment_start_string="{##",
            comment_end_string="##}",
            bytecode_cache=_COMPILED,
        )
        env.filters.update(
            md=md,
            md_inline=md_inline,
            h=heading_text,
            number=number,
            tojson_attr=lambda v: Markup(json.dumps(v, ensure_ascii=False)),
        )
        env.globals.update(
            link=self._link,
            site=site,
            content=site.content,
            options=site.options,
            action_anchor=action_anchor,
            action_themes=action_themes,
            latest_progress=latest_progress,
            meaning_changed=meaning_changed,
            person=site.person,
            quarters=m.QUARTERS,
            ordered_points=ordered_points,
            chart=self._chart,
            chart_summary=self._chart_summary,
        )
        self.env = env

    @staticmethod
    @pass_context
    def _link(ctx: Any, to_src: str, anchor: str | None = None) -> str:
        page: Page = ctx["page"]
        return ctx["site"].link(page.src_uri, to_src, anchor)

    def _chart(self, series: m.Series) -> Markup:
        threshold = self.site.options.small_count_threshold
        svg = chart_svg(series, self.site.display_value, threshold, uid=f"chart-{series.id}")
        return Markup(svg)

    def _chart_summary(self, series: m.Series) -> str:
        return summary(series, self.site.display_value, self.site.options.small_count_threshold)

    def render(self, page: Page) -> str:
        template = self.env.get_template(f"{page.template}.md.j2")
        return template.render(page=page, **page.data)

    def render_all(self) -> dict[str, str]:
        return {p.src_uri: self.render(p) for p in self.site.pages}
