"""The contract for PDFs: each strategy's and plan's page links to its PDF with the PDF's
real page count and size, and the PDF is tagged, titled, in the site's language, and holds
every text of its record (an action's text, lead, partners, resources, outcomes and every
quarter's progress; a strategy's objectives)."""

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
    documents += [(p.plan.plan_src(x.id), x) for x in c.plans.values()]
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
        text = pdf_text(path)
        wrong += [
            f"{src}: {field} not in the PDF: {block[:80]!r}"
            for field, blocks in strings(record, shown=text_blocks)
            for block in blocks.split("\n")
            if "".join(block.split()) not in text
        ]
    return wrong
