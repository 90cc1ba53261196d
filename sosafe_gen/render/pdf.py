"""Committee papers: each strategy and action plan as a tagged PDF (PDF/UA-1).

A councillor's papers are PDFs, so each strategy and plan page is also published as one,
made from the same templates as its page (the page's Markdown, converted as MkDocs
converts it), laid out with the print stylesheet and a PDF stylesheet (title page,
contents with page numbers, page numbers in the footer). A strategy's PDF holds each of
its objectives in full, as their pages show them. An action plan's PDF is, by default, the
table a committee receives (A4 landscape, a row per action, in the columns the council
keeps: `_plan_table.md.j2`); `pdf_plan_layout: portrait` gives the page's own layout
instead. WeasyPrint writes the PDF: it tags headings, lists, tables (TH, TD), links and the
reading order, and sets the title and the language, which is what the accessibility duty
asks of a document (pdf_tags.py adds each header cell's scope); nothing is an image of
text. It needs Pango (a system library), so it is imported only when a PDF is wanted.

Links to other pages of the site become absolute addresses when the site's address
(`site_url`) is known, and plain text otherwise: a relative link in a file that has left
the site would lead nowhere.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from importlib.resources import files
from typing import Any

import markdown
from markupsafe import Markup

from ..content.i18n import N_
from ..site.pages import Page
from . import rawhtml
from .pdf_cache import PdfCache
from .pdf_table import plan_table
from .renderer import PdfFile, Renderer

LANGUAGE = {"en": "en-GB"}
"""The language each PDF declares, as the site's pages declare theirs (British English;
other languages by their own code)."""

KINDS = {"strategy": "strategy", "plan": "action-plan"}
"""Page templates that have a PDF, and the word that starts its file name."""

_STYLES = files("sosafe_gen.render")
PRINT_CSS = "material/assets/sosafe-print.css"
PDF_CSS = "templates/_pdf.css"
STYLESHEETS = (PRINT_CSS, PDF_CSS)
"""The print stylesheet the site's pages print with, then the PDF's own."""

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>\s*", re.S)
_BANNER = re.compile(r'<div class="sosafe-banner\b.*?</div>\s*', re.S)
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)

LAYOUTS = ("table", "portrait")
"""How an action plan's PDF is laid out (the plugin's `pdf_plan_layout`). The table is the
default: it is the layout committees receive the plan in, and a third of the paper or less.
Portrait is the plan's page as the site shows it, an action after another with its fields
named; a strategy's PDF is always portrait prose."""
TABLE_TEMPLATE = "_plan_table"
_TABLE_START = '<div class="sosafe-pdf-table">'
_TABLE_TAG = re.compile(r"<(/?)table\b")
_COLUMNS = '<div class="sosafe-pdf-columns">{}</div>'


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here: its message says what to install."""


def has_pdf(page: Page) -> bool:
    return page.template in KINDS


def pdf_path(page: Page) -> str:
    """Beside the page's own file: `action-plans/2024-25/action-plan-2024-25.pdf`."""
    folder = posixpath.dirname(page.src_uri)
    return f"{folder}/{KINDS[page.template]}-{posixpath.basename(folder)}.pdf"


def pdf_pages(renderer: Renderer) -> list[Page]:
    """The pages that have a PDF: every strategy and action plan."""
    return [p for p in renderer.site.pages if has_pdf(p)]


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
"""What WeasyPrint writes: tagged PDF/UA-1."""


def build_pdfs(
    renderer: Renderer, pages: Iterable[Page] | None = None, cache: PdfCache | None = None
) -> dict[str, PdfFile]:
    """Each page's PDF by the page's src_uri, for `renderer.pdfs` (then its link says the
    PDF's pages and size). Built before the pages are rendered for the site; the PDF's own
    copy of the page has no link to itself. With a cache, only PDFs whose input changed
    are laid out again (render/pdf_cache.py)."""
    return pdfs_for([(renderer, list(pages or pdf_pages(renderer)))], cache)[0]


def pdfs_for(
    wanted: list[tuple[Renderer, list[Page]]], cache: PdfCache | None = None
) -> list[dict[str, PdfFile]]:
    """The PDFs of several renderers' pages (a bilingual site's languages) in one batch, so
    the ones to lay out are shared among the processors."""
    styles = tuple((_STYLES / name).read_text(encoding="utf-8") for name in STYLESHEETS)
    jobs = [(document_html(r, p), styles, PDF_OPTIONS) for r, pages in wanted for p in pages]
    made = iter((cache or PdfCache(None)).make(jobs, prepare=_need_weasyprint))
    return [
        {
            p.src_uri: PdfFile(r.site.prefix + pdf_path(p), m.data, m.pages, m.kept)
            for p, m in zip(pages, made, strict=False)  # `made` runs on across them
        }
        for r, pages in wanted
    ]


def document_pdf(renderer: Renderer, page: Page, cache: PdfCache | None = None) -> PdfFile:
    """One strategy's or plan's PDF: tagged, PDF/UA-1, with its title and language."""
    return build_pdfs(renderer, [page], cache)[page.src_uri]


def _need_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401  # needs Pango: only when a PDF is wanted
    except OSError as exc:  # cffi cannot find a system library
        raise PdfUnavailable(
            f"cannot make PDFs: WeasyPrint needs Pango ({' '.join(str(exc).split())[:120]}); "
            "install libpango-1.0-0 and libpangoft2-1.0-0 (make does), or set pdf: false "
            "under the sosafe plugin in mkdocs.yml"
        ) from None


def document_html(renderer: Renderer, page: Page) -> str:
    """The PDF's HTML: title page, contents, then the page's text (and, for a strategy,
    each objective's page), from the same templates as the site."""
    site = renderer.site

    def url(src: str) -> str:  # where the page is in the whole build (cy/… for Welsh)
        return site.url(site.placed(src))

    table = page.template == "plan" and site.options.pdf_plan_layout == "table"
    body = _plan_as_table(renderer, page) if table else page_html(renderer, page, prefix="")
    included = {url(page.src_uri): ""}
    parts: list[str] = []
    if page.template == "strategy":
        strategy = page.data["strategy"]
        objective_pages = [
            site.by_src[site.objective_src(strategy.id, o.id)] for o in strategy.objectives
        ]
        for o, op in zip(strategy.objectives, objective_pages, strict=True):
            included[url(op.src_uri)] = f"objective-{o.id}"
        body = _resolve_links(body, page, included, url, site.options.site_url)
        for o, op in zip(strategy.objectives, objective_pages, strict=True):
            text = page_html(renderer, op, prefix=f"objective-{o.id}-")
            text = _BANNER.sub("", text, count=1)  # the title page says it once
            text = _resolve_links(text, op, included, url, site.options.site_url)
            text = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 1)}", text)
            text = re.sub(r"<h2\b[^>]*>", f'<h2 id="objective-{o.id}">', text, count=1)
            parts.append(f'<section class="sosafe-pdf-objective">{text}</section>')
    else:
        body = _resolve_links(body, page, included, url, site.options.site_url)
    title_match = _H1.search(body)
    title = title_match.group(1) if title_match else html.escape(page.title)
    body = _H1.sub("", body, count=1)
    banner_match = _BANNER.search(body)
    banner = banner_match.group(0) if banner_match else ""
    body = _BANNER.sub("", body, count=1)
    main = _around_table(body) if table else body + "".join(parts)
    template = renderer.env.get_template("_pdf.html.j2")
    return template.render(
        page=page,
        kind=page.template,
        landscape=table,
        record=page.data.get("strategy") or page.data.get("plan"),
        title=title,
        plain_title=_plain(title),
        banner=banner,
        contents=[(anchor, _plain(text)) for anchor, text in _H2.findall(main)],
        main=main,
        language=LANGUAGE.get(site.lang, site.lang),
        footer_css=_footer_css(site._),
        partnership=site.content.partnership,
    )


def _plan_as_table(renderer: Renderer, page: Page) -> str:
    """A plan's page with its actions as the committee's table (_plan_table.md.j2)."""
    site = renderer.site
    table = plan_table(site.content, page.data["plan"], site._)
    return page_html(renderer, page, prefix="", template=TABLE_TEMPLATE, table=table)


def _around_table(main: str) -> str:
    """The plan's text before and after its table in two columns, the table (and its note)
    across the page: a multi-column box cannot hold a table that runs over pages."""
    start = main.find(_TABLE_START)
    if start < 0:
        return _COLUMNS.format(main)
    depth, end = 0, len(main)
    for m in _TABLE_TAG.finditer(main, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = main.index("</div>", m.end()) + len("</div>")
            break
    before, after = (_COLUMNS.format(t) if t.strip() else "" for t in (main[:start], main[end:]))
    return before + main[start:end] + after


def _footer_css(words: Callable[[str], str]) -> Markup:
    """The footer's `Page 3 of 43` in the page's language (CSS counters fill the numbers)."""
    page, of = (words(w).replace('"', "") for w in (N_("Page"), N_("of")))
    return Markup(
        f'@page {{ @bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages); }} }}'
    )


def page_html(
    renderer: Renderer, page: Page, prefix: str, template: str | None = None, **extra: Any
) -> str:
    """A page's HTML as the site has it, from its Markdown, with Python-Markdown and the
    extensions the plugin sets (see adapters/plugin.py); or from another `template` of the
    page's data, given `extra` values (the plan's table). Ids get `prefix`, so pages joined
    in one PDF keep their anchors apart. Charts are left out: each one's table, beside it,
    holds the same numbers as text."""
    text = _FRONT_MATTER.sub("", renderer.render(page, template, **extra), count=1)
    stashed, blocks = rawhtml.stash(text)
    converter = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc"])
    out = rawhtml.restore(converter.convert(stashed), blocks)
    out = _SVG.sub("", out)
    if prefix:
        out = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', out)
        out = out.replace('href="#', f'href="#{prefix}')
    return out


def _resolve_links(
    text: str, page: Page, included: dict[str, str], url: Callable[[str], str], site_url: str
) -> str:
    """Relative links as the PDF can follow them: into the PDF where the page is in it, to
    the published site when its address is known, else the link's text alone."""
    here = url(page.src_uri)
    start = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"

    def one(m: re.Match[str]) -> str:
        href, attrs, inner = m.groups()
        if href.startswith(("#", "http://", "https://", "mailto:", "tel:")):
            return m.group(0)
        target, _, anchor = href.partition("#")
        path = posixpath.normpath(posixpath.join(start, target)) if target else here
        if target.endswith("/") or not target:
            path = path.rstrip("/") + "/" if path not in (".", "") else ""
        if path in included:
            into = included[path]
            inside = f"{into}-{anchor}" if into and anchor else (anchor or into)
            if inside:
                return f'<a href="#{inside}"{attrs}>{inner}</a>'
            return inner
        if site_url:
            there = f"{site_url.rstrip('/')}/{path}" + (f"#{anchor}" if anchor else "")
            return f'<a href="{there}"{attrs}>{inner}</a>'
        return inner

    return _LINK.sub(one, text)


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()
