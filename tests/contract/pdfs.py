"""The contract for PDFs: each strategy's and plan's page links to its PDF with the PDF's
real page count and size, and the PDF is tagged, titled, in the site's language, and holds
every text of its record (an action's text, lead, partners, resources, outcomes and every
quarter's progress; a strategy's objectives). A plan's PDF in the table layout (the
default) is A4 landscape and its tables are tagged as a screen reader reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer

from sosafe_gen.render.markup import markdown_to_html

from .project import Project, text_of
from .records import strings

BLOCK = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|blockquote|pre|table|thead|tbody|tr|th|td|br)\b[^>]*>")

LINK = re.compile(
    r'<a href="([^"]+\.pdf)" type="application/pdf" download>'
    r"Download as PDF \(([\d,]+) pages?, ([\d.]+) (KB|MB)\)</a>"
)
FOOTER_PT = 18 / 25.4 * 72
"""The bottom page margin (18 mm, sosafe-print.css): the footer's page number and title."""


@dataclass
class PdfLink:
    href: str
    pages: int
    size: float
    unit: str


def pdf_links(p: Project, src: str) -> list[PdfLink]:
    return [
        PdfLink(h, int(n.replace(",", "")), float(s), u)
        for h, n, s, u in LINK.findall(p.article(src))
    ]


def pdf_text(path: Path) -> str:
    """The PDF's text without the footers, and without the addresses the print stylesheet
    writes after links (a paper reader's copy of the link), all whitespace removed."""
    parts = [
        el.get_text()
        for page in extract_pages(path)
        for el in page
        if isinstance(el, LTTextContainer) and el.y0 > FOOTER_PT
    ]
    text = "".join("".join(parts).split())
    return re.sub(r"\((?:https?:|mailto:|tel:)[^)]*\)", "", text)


def text_blocks(markdown: str) -> str:
    """A text's paragraphs, list items and cells, a line each: the PDF sets a list item's
    bullet or number between them, as text, so each is looked for on its own."""
    parts = (text_of(b) for b in BLOCK.split(markdown_to_html(markdown)))
    return "\n".join(p for p in parts if p)


def structure_tags(pdf: pikepdf.Pdf) -> set[str]:
    tags: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                tags.add(str(node.S)[1:])
            walk(node.get("/K"))
        elif isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)

    walk(pdf.Root.StructTreeRoot.get("/K"))
    return tags


def elements(pdf: pikepdf.Pdf, tag: str) -> list[pikepdf.Dictionary]:
    """The structure elements of one type, in reading order."""
    found: list[pikepdf.Dictionary] = []

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == f"/{tag}":
                found.append(node)
            walk(node.get("/K"))
        elif isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)

    walk(pdf.Root.StructTreeRoot.get("/K"))
    return found


def kids(node: pikepdf.Dictionary, tag: str) -> list[pikepdf.Dictionary]:
    k = node.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [i for i in items if isinstance(i, pikepdf.Dictionary) and i.get("/S") == f"/{tag}"]


def scope(th: pikepdf.Dictionary) -> str:
    return str(th.get("/A", {}).get("/Scope", ""))


def table_problems(pdf: pikepdf.Pdf) -> list[str]:
    """What a screen reader needs of every table, row by row: Table, TR, TH and TD; each
    header cell's scope (a column's in the head, a row's in the body); the header row on
    every page the table runs on (WeasyPrint tags each page's part as a Table); each data
    cell linked to its column's header, and to its row's where the row has one."""
    wrong = []
    tables = elements(pdf, "Table")
    if not tables:
        return ["no Table in the structure tree"]
    for n, table in enumerate(tables, start=1):
        heads, bodies = kids(table, "THead"), kids(table, "TBody")
        if not heads:
            wrong.append(f"table part {n} has no header row (THead)")
        for group, want in [*((h, "/Column") for h in heads), *((b, "/Row") for b in bodies)]:
            for tr in kids(group, "TR"):
                ths, tds = kids(tr, "TH"), kids(tr, "TD")
                wrong += [
                    f"table part {n}: a header cell's scope is {scope(th) or 'missing'}, not {want}"
                    for th in ths
                    if scope(th) != want
                ]
                row_ids = {str(th.get("/ID")) for th in ths}
                for td in tds:
                    linked = {str(h) for h in td.get("/A", {}).get("/Headers", [])}
                    if not linked - row_ids or (row_ids and not linked & row_ids):
                        wrong.append(f"table part {n}: a data cell is not linked to its headers")
    return sorted(set(wrong))


def pdf_problems(path: Path, title: str) -> list[str]:
    """What PDF/UA asks that the file does not have: tags, title shown, language."""
    wrong = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" not in root:
            wrong.append("not tagged (no structure tree)")
        elif not {"Document", "H1", "P"} <= structure_tags(pdf):
            wrong.append(f"structure tree lacks Document, H1 or P: {structure_tags(pdf)}")
        if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
            wrong.append("MarkInfo Marked is not true")
        if str(root.get("/Lang", "")) != "en-GB":
            wrong.append(f"language is {root.get('/Lang')!r}, not 'en-GB'")
        if str(pdf.docinfo.get("/Title", "")) != title:
            wrong.append(f"title is {pdf.docinfo.get('/Title')!r}, not {title!r}")
        if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
            wrong.append("DisplayDocTitle is not set")
        with pdf.open_metadata() as xmp:
            if xmp.get("pdfuaid:part") != "1":
                wrong.append("no PDF/UA-1 identification in the XMP metadata")
    return wrong


def every_strategy_and_plan_has_its_pdf(p: Project) -> list[str]:
    """With PDFs on (the default), each strategy and plan page links to one PDF, whose link
    states its real pages and size, that is tagged, and that holds every text of the record
    (the same strings every_text_is_on_the_site expects on the site)."""
    if not p.config.plugins["sosafe"].config.pdf:
        return []
    c, wrong = p.content, []
    documents = [(p.plan.strategy_src(s.id), s) for s in c.strategies.values()]
    plans = {p.plan.plan_src(x.id): x for x in c.plans.values()}
    documents += list(plans.items())
    for src, record in documents:
        links = pdf_links(p, src)
        if len(links) != 1:
            wrong.append(f"{src}: {len(links)} links to a PDF, not 1")
            continue
        link = links[0]
        path = p.page(src).parent / link.href
        if not path.is_file():
            wrong.append(f"{src}: links to {link.href}, which is not there")
            continue
        size = path.stat().st_size / (1024 if link.unit == "KB" else 1024 * 1024)
        if abs(size - link.size) > (0.5 if link.unit == "KB" else 0.05) and size >= 1:
            wrong.append(f"{src}: the link says {link.size} {link.unit}, the file is {size:.2f}")
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) != link.pages:
                wrong.append(
                    f"{src}: the link says {link.pages} pages, the PDF has {len(pdf.pages)}"
                )
        wrong += [f"{src}: {w}" for w in pdf_problems(path, text_of(record.title))]
        if src in plans and p.config.plugins["sosafe"].config.pdf_plan_layout == "table":
            wrong += [f"{src}: {w}" for w in landscape_table_problems(path)]
        text = pdf_text(path)
        wrong += [
            f"{src}: {field} not in the PDF: {block[:80]!r}"
            for field, blocks in strings(record, shown=text_blocks)
            for block in blocks.split("\n")
            if "".join(block.split()) not in text
        ]
    return wrong


def landscape_table_problems(path: Path) -> list[str]:
    """A plan's PDF in the table layout: every page A4 landscape, its tables tagged."""
    with pikepdf.open(path) as pdf:
        sizes = {tuple(round(float(x)) for x in page.mediabox[2:]) for page in pdf.pages}
        wrong = [
            f"a page is {w} x {h} pt, not A4 landscape" for w, h in sizes if (w, h) != (842, 595)
        ]
        return wrong + table_problems(pdf)
