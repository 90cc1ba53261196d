"""Render planned pages to Markdown (with HTML blocks) through Jinja templates.

One template per page kind, autoescaped and with StrictUndefined so a template typo
fails loudly. A theme folder can override any template by name. Content text goes
through `markdown.md` (converted, then sanitised).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

from ..content import model as m
from ..content.delivery import status_label
from ..content.i18n import LANGUAGE_NAMES, quarter_name, translations
from ..content.record import action_themes, latest_progress, ordered_points
from ..content.text import display_date, file_size, number
from ..site.pages import Page, Site, action_anchor
from .abbreviations import meaning_changed
from .charts import chart_svg, summary
from .feed import atom_feed
from .markup import heading_text, md, md_inline, run_in
from .status import review_note, status_chart, status_sentence


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


@dataclass(frozen=True)
class PdfFile:
    """A page's document as a PDF (render/pdf.py): where it is published, and what its link
    says of it (pages, size), so the link states the file's real numbers."""

    path: str
    """Path in the whole build, e.g. `action-plans/2024-25/action-plan-2024-25.pdf`
    (`cy/action-plans/…` for the Welsh page's)."""
    data: bytes
    pages: int
    kept: bool = False
    """Copied from the PDF cache (render/pdf_cache.py) rather than laid out again."""

    @property
    def size(self) -> str:
        return file_size(len(self.data))


def fast_gettext(gettext: Any) -> Any:
    """Jinja's newstyle `_()` without its per-call context lookup: the same result (the
    translation is markup, the values are escaped into it, `%%` is a per cent sign), at a
    fraction of the cost, since a page calls it hundreds of times."""

    def _(message: str, **values: Any) -> Markup:
        text = Markup(gettext(message))
        return text % values if values or "%" in text else text

    return _


class Renderer:
    def __init__(
        self, site: Site, overrides: Path | None = None, counterparts: list[Site] | None = None
    ) -> None:
        self.site = site
        self.pdfs: dict[str, PdfFile] = {}
        """PDFs by the src_uri of the page they come from, built before the pages so their
        links can state each PDF's pages and size (render/pdf.py)."""
        self.counterparts = [s for s in counterparts or [] if s is not site]
        """The same site in its other languages: each page links to its own counterpart."""
        loaders: list[Any] = [PackageLoader("sosafe_gen.render", "templates")]
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
            extensions=["jinja2.ext.i18n"],
        )
        # The generator's words in the page's language; newstyle: `_("… %(n)s", n=x)`,
        # the translation trusted and the values escaped.
        words = translations(site.lang)
        env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
        env.globals.update(_=fast_gettext(words.gettext), gettext=fast_gettext(words.gettext))
        env.filters.update(
            md=md,
            md_inline=md_inline,
            run_in=run_in,
            h=heading_text,
            number=number,
            long_date=site.date,
            display_date=lambda text: display_date(text, site.date, site.month),
            document_date=self._document_date,
            counted=site.counted,
            tojson_attr=lambda v: Markup(json.dumps(v, ensure_ascii=False)),
        )
        env.globals.update(
            link=self._link,
            lang=site.lang,
            language_names=LANGUAGE_NAMES,
            site=site,
            content=site.content,
            options=site.options,
            action_anchor=action_anchor,
            action_themes=action_themes,
            latest_progress=latest_progress,
            meaning_changed=meaning_changed,
            person=site.person,
            quarters=m.QUARTERS,
            quarter=lambda q: quarter_name(q, site.lang),
            ordered_points=ordered_points,
            chart=self._chart,
            chart_summary=self._chart_summary,
            status_chart=self._status_chart,
            pdf_of=lambda page: self.pdfs.get(page.src_uri),
            status_sentence=lambda t, of="the": status_sentence(t, of, self._words),
            status_label=lambda value: site._(status_label(value)),
            review_note=lambda plan: review_note(plan, self._words),
        )
        self.env = env

    @staticmethod
    @pass_context
    def _link(ctx: Any, to_src: str, anchor: str | None = None) -> str:
        page: Page = ctx["page"]
        return ctx["site"].link(page.src_uri, to_src, anchor)

    def _chart(self, series: m.Series) -> Markup:
        threshold = self.site.options.small_count_threshold
        colour = self.site.content.partnership.brand.colour
        svg = chart_svg(
            series, self.site.display_value, threshold, f"chart-{series.id}", colour, self._words
        )
        return Markup(svg)

    def _chart_summary(self, series: m.Series) -> str:
        threshold = self.site.options.small_count_threshold
        return summary(series, self.site.display_value, threshold, self._words)

    def _status_chart(self, groups: list[Any], uid: str, title: str) -> Markup:
        colour = self.site.content.partnership.brand.colour
        return Markup(status_chart(groups, uid, title, colour, self._words))

    def _document_date(self, doc: m.SourceDocument) -> str:
        """A source document's date as shown after its title; nothing when it has none, or
        when the title already gives that full date in the same words."""
        if not doc.date:
            return ""
        shown = display_date(doc.date, self.site.date, self.site.month)
        return "" if shown != doc.date and shown in doc.title else shown

    def _words(self, message: str) -> str:
        return self.site._(message)

    def render(self, page: Page, template: str | None = None, **extra: Any) -> str:
        """The page's Markdown from its kind's template, or from `template` (the PDF's
        table of a plan) with `extra` values."""
        name = template or page.template
        jinja = self.env.get_template(f"{name}.md.j2")
        return jinja.render(page=page, alternates=self.alternates(page), **page.data, **extra)

    def alternates(self, page: Page) -> list[dict[str, str]]:
        """The page in the site's other languages: language, name and site-root URL."""
        return [
            {
                "lang": other.lang,
                "name": LANGUAGE_NAMES[other.lang],
                "url": other.url(other.placed(page.src_uri)),
            }
            for other in self.counterparts
            if page.src_uri in other.by_src or page.src_uri in other.extra_pages
        ]

    def render_all(self) -> dict[str, str]:
        return {p.src_uri: self.render(p) for p in self.site.pages}

    def render_files(self) -> dict[str, str]:
        """Generated files that are not pages: the planned ones, and the feed."""
        files = dict(self.site.assets)
        if self.site.feed:
            files[self.site.feed] = atom_feed(self.site)
        return files
