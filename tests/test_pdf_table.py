"""An action plan's PDF as the table committees receive (render/pdf_table.py,
_plan_table.md.j2), on fixture partnerships: the columns the plan fills, a row per action
with its reference as the row's header, sections as full-width rows, nothing of the
portrait layout lost, the header row on every page, rows kept whole unless longer than a
page, the portrait layout as an option, and the Welsh table in Welsh. The HTML the PDF is
made from is read in-process (no PDF made); the PDFs' tags and pages are read with pikepdf
and pdfminer."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import BIN, FIXTURES, run
from contract.pdfs import elements, landscape_table_problems
from hypothesis import given
from hypothesis import strategies as st
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer

from sosafe_gen.content import model as m
from sosafe_gen.content.check import load_content
from sosafe_gen.content.delivery import references
from sosafe_gen.content.i18n import translations
from sosafe_gen.content.record import iter_actions
from sosafe_gen.render.pdf import document_html, document_pdf
from sosafe_gen.render.pdf_table import PLAN_COLUMNS, fit
from sosafe_gen.render.renderer import Renderer
from sosafe_gen.site.pages import Options
from sosafe_gen.site.planner import plan_site

HEADING_OF = {c.key: c.heading for c in PLAN_COLUMNS}
FIELDS = ("lead", "partners", "resources", "timescale", "expected_outcomes", "measures")
"""The action's own fields with a column when any action fills them, in the council's order."""


def plan_page(content_dir: Path, plan: str, lang: str | None = None, **options: str):
    content = load_content(content_dir, lang) if lang else load_content(content_dir)
    site = plan_site(content, Options(**options), extra_pages=frozenset({"index.md"}))
    return Renderer(site), site.by_src[site.plan_src(plan)]


def plan_html(content_dir: Path, plan: str, lang: str | None = None, **options: str) -> str:
    return document_html(*plan_page(content_dir, plan, lang, **options))


def plan_pdf(content_dir: Path, plan: str, out: Path, **options: str) -> Path:
    """The plan's PDF as the build makes it (render/pdf.py), in-process."""
    out.write_bytes(document_pdf(*plan_page(content_dir, plan, **options)).data)
    return out


BLOCK = re.compile(r"</?(?:p|li|ul|ol|dl|dt|dd|div|tr|th|td|h[1-6])\b[^>]*>")


def text(fragment: str) -> str:
    """The words as a reader reads them: blocks apart, inline tags gone."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", BLOCK.sub(" ", fragment))).split())


def headings(page: str) -> list[str]:
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", page.split('class="sosafe-pdf-actions"')[1])
    assert head
    return [text(h) for h in re.findall(r'<th scope="col">(.*?)</th>', head.group(1))]


def label(a: m.Action, refs: dict[str, str]) -> str:
    """An action's row header ends so: the source's label and the plan's reference."""
    return f"Action {a.ref} ({refs[a.id]})" if a.ref else f"Action {refs[a.id]}"


def rows(page: str) -> dict[str, str]:
    """Each action row's HTML by its row header's id (the action's anchor)."""
    table = page.split('class="sosafe-pdf-actions"')[1].split("</table>")[0]
    return dict(re.findall(r'<tr[^>]*><th scope="row" id="([^"]+)">(.*?)</tr>', table, re.S))


@pytest.mark.parametrize(("fixture", "plan"), [("site", "2025-26"), ("scrutiny", "2026-27")])
def test_columns_are_the_councils_that_the_plan_fills(fixture: str, plan: str) -> None:
    content = load_content(FIXTURES / fixture / "content")
    record = content.plans[plan]
    actions = [a for _, _, a in iter_actions(record)]
    progress = "Progress by quarter" if record.progress_mode == "quarterly" else "Progress to date"
    expected = ["Aim", "Action"]
    expected += [HEADING_OF[k] for k in FIELDS if any(getattr(a, k) for a in actions)]
    expected += [progress] + (["Status"] if any(a.status for a in actions) else [])
    assert headings(plan_html(FIXTURES / fixture / "content", plan)) == expected


def test_a_row_per_action_headed_by_its_reference_and_sections_as_full_rows() -> None:
    content = load_content(FIXTURES / "scrutiny" / "content")
    record = content.plans["2026-27"]
    page = plan_html(FIXTURES / "scrutiny" / "content", "2026-27")
    found = rows(page)
    refs = references(record)
    columns = len(headings(page))
    assert len(found) == sum(1 for _ in iter_actions(record))
    for _, aim, a in iter_actions(record):
        row = found[f"action-{a.id}"]
        header = text(row.split("</th>")[0])
        assert header.endswith(label(a, refs))
        # The aim once, on its first row, as the council's table gives it.
        assert (aim.text in header) == (a is aim.actions[0])
        assert row.count("<td>") == columns - 1
        assert a.text in text(row)
        if a.status:
            assert "No status recorded." not in text(row)
        else:
            assert text(row).endswith("No status recorded.")
        missing = [q for q in ("Q1", "Q2", "Q3", "Q4") if not (a.progress or {}).get(q)]
        if missing:
            assert f"No update recorded: {', '.join(missing)}." in text(row)
        if a.continues:
            assert "Carried over from:" in text(row)
    for sec in record.sections:
        assert re.search(
            rf'<tbody>\n<tr class="sosafe-pdf-section"><th scope="rowgroup" colspan="{columns}">'
            rf'<h2 id="section-{sec.id}">{sec.number}\. {re.escape(sec.title)}</h2>',
            page,
        )
        # The contents (with page numbers) lists each section row's heading.
        assert f'<li><a href="#section-{sec.id}">' in page


def test_a_status_source_every_status_shares_is_named_once(tmp_path: Path) -> None:
    src = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", src)
    plan = src / "action-plans" / "2025-26.yml"
    status = (
        "            status: {value: done, source: {document: plan-2025-26, section: Review}}\n"
    )
    yaml = plan.read_text().replace(
        "            themes: [drugs, asb]\n", "            themes: [drugs, asb]\n" + status
    )
    yaml = yaml.replace(
        "              - {organisation: Trading Standards}\n",
        "              - {organisation: Trading Standards}\n" + status,
    )
    plan.write_text(yaml)
    page = plan_html(src, "2025-26")
    note = "Every status in this table comes from one document."
    assert page.count(note) == 1 and page.index(note) < page.index('class="sosafe-pdf-actions"')
    table = page.split('class="sosafe-pdf-actions"')[1]
    assert "Source:" not in table.split("</table>")[0]
    assert text(rows(page)["action-3-1-a"]).endswith("Done.")


def test_welsh_table_speaks_welsh() -> None:
    content_dir = FIXTURES / "bilingual" / "content"
    plan = next(iter(load_content(content_dir).plans))
    welsh = translations("cy").gettext
    english = headings(plan_html(content_dir, plan))
    assert headings(plan_html(content_dir, plan, "cy")) == [welsh(h) for h in english]
    assert welsh("Aim") != "Aim"


def test_portrait_is_the_option_of_the_pages_own_layout() -> None:
    page = plan_html(FIXTURES / "site" / "content", "2025-26", pdf_plan_layout="portrait")
    assert "sosafe-pdf-actions" not in page and "sosafe-pdf-landscape" not in page
    assert '<div class="sosafe-action" id="action-1-1-a">' in page
    assert '<h3 id="aim-1-1">' in page


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with a plan long enough to run over pages: eight more ordinary
    actions, each with four quarters' progress, then one action longer than a page."""
    src = tmp_path_factory.mktemp("long") / "site"
    shutil.copytree(FIXTURES / "site" / "content", src / "content")
    plan = src / "content" / "action-plans" / "2025-26.yml"
    extra = "".join(
        f"""          - id: 3-1-{n}
            text: Ordinary action {n} with text long enough to wrap in its cell once or twice.
            lead:
              - {{organisation: Trading Standards}}
            progress:
"""
        + "".join(
            f"              {q}: Progress of action {n} in {q}, a sentence of some length for its cell.\n"
            for q in ("Q1", "Q2", "Q3", "Q4")
        )
        for n in "bcdefghi"
    )
    long_text = "\n\n".join(f"Paragraph {i} of the long action, which runs on." for i in range(60))
    extra += "          - id: 3-1-z\n            text: |-\n" + "".join(
        f"              {line}\n" for line in long_text.splitlines()
    )
    plan.write_text(plan.read_text() + extra)
    return src


def page_texts(path: Path) -> list[str]:
    """Each page's words, in one pass over the file."""
    return [
        " ".join("".join(el.get_text() for el in page if isinstance(el, LTTextContainer)).split())
        for page in extract_pages(path)
    ]


def test_long_plan_repeats_its_header_and_keeps_rows_whole(long_plan: Path, tmp_path: Path) -> None:
    out = plan_pdf(long_plan / "content", "2025-26", tmp_path / "plan.pdf")
    assert landscape_table_problems(out) == []
    pages = page_texts(out)
    record = load_content(long_plan / "content").plans["2025-26"]
    first = next(i for i, t in enumerate(pages) if "a row for each action" in t)
    on = {  # the pages of the table each action's text is on
        a.id: [i for i, t in enumerate(pages) if i >= first and " ".join(a.text.split()) in t]
        for _, _, a in iter_actions(record)
        if a.id != "3-1-z"
    }
    # The row longer than a page starts where the row before it ends, and breaks (its first
    # words are also in the latest quarter's list, so a later paragraph is looked for).
    start = next(i for i, t in enumerate(pages) if "Paragraph 5 of the long action" in t)
    last = next(i for i, t in enumerate(pages) if "Paragraph 59 of the long action" in t)
    assert start == on["3-1-i"][0] and last > start
    assert last > first + 1  # the table runs over pages
    for i in range(first, last + 1):  # the header row on every page of the table
        assert "Aim Action Lead" in pages[i] and "Progress by quarter" in pages[i], i
    for _, _, a in iter_actions(record):
        if a.id == "3-1-z":
            continue
        where = on[a.id]  # every other row whole on one page
        assert len(where) == 1, (a.id, where)
        for q, progress in (a.progress or {}).items():
            assert " ".join(progress.split()) in pages[where[0]], (a.id, q)
    html_page = plan_html(long_plan / "content", "2025-26")
    assert re.findall(r'<tr class="sosafe-pdf-long"><th scope="row" id="([^"]+)"', html_page) == [
        "action-3-1-z"
    ]

    # The portrait option: the page's own layout, A4 upright, aims as headings, more paper.
    upright = plan_pdf(
        long_plan / "content", "2025-26", tmp_path / "p.pdf", pdf_plan_layout="portrait"
    )
    with pikepdf.open(upright) as pdf:
        assert {tuple(round(float(x)) for x in p.mediabox[2:]) for p in pdf.pages} == {(595, 842)}
        assert elements(pdf, "H3")
        assert len(pdf.pages) > len(pages)


def test_a_layout_that_does_not_exist_is_refused(fixture_site: Path) -> None:
    config = fixture_site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - sosafe\n", "  - sosafe:\n      pdf_plan_layout: landscape\n"
        )
    )
    out = run(str(BIN / "sosafe"), "pdf", "action-plans/2025-26", "-o", "x.pdf", cwd=fixture_site)
    assert out.returncode == 1
    assert out.stderr == (
        "mkdocs.yml:7:24: pdf_plan_layout: expected 'table' or 'portrait', "
        "got the text 'landscape'\n1 problem found; nothing was written.\n"
    )
    assert not (fixture_site / "x.pdf").exists()


@given(
    st.lists(
        st.lists(st.lists(st.integers(0, 400), max_size=4), min_size=3, max_size=3),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.floats(3, 45), min_size=3, max_size=3),
)
def test_fitted_widths_fill_the_table_and_keep_their_least(
    cells: list[list[list[int]]], least: list[float]
) -> None:
    rows = [[["x" * n for n in cell] for cell in row] for row in cells]
    widths = fit(rows, least)
    assert abs(sum(widths) - 100) < 1e-6
    scale = min(1.0, 100 / sum(least))
    assert all(w >= lo * scale - 1e-6 for w, lo in zip(widths, least, strict=True))
    written = [any(row[j] for row in cells) for j in range(3)]
    if any(written) and sum(least) < 100:  # a column no action writes in keeps its least
        assert all(
            w <= lo + 1e-6 for w, lo, used in zip(widths, least, written, strict=True) if not used
        )


def test_fitting_widens_the_column_with_the_text() -> None:
    prose = ["x" * 600]
    widths = fit([[[], prose, ["short"]], [["a"], prose, ["short"]]], [10, 10, 10])
    assert widths[1] > 60 and widths[0] < 20 and widths[2] < 20


def test_the_table_is_the_default_layout() -> None:
    assert Options().pdf_plan_layout == "table"
