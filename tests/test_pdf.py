"""Committee papers: each strategy and action plan as a tagged PDF (render/pdf.py), on the
fixture partnership. The content contract (tests/contract/pdfs.py) checks every PDF's text
and tags on every partnership; these check what the engine does: the title page, contents
with right page numbers, footers, links a PDF can follow, `sosafe pdf`, and no PDFs while
previewing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import BIN, run
from pdfminer.high_level import extract_text

from sosafe_gen.content.check import load_content
from sosafe_gen.content.text import file_size

Built = Callable[[str], tuple[Path, Path]]
PLAN = "action-plans/2025-26"
PLAN_PDF = f"{PLAN}/action-plan-2025-26.pdf"


@pytest.fixture(scope="module")
def site(build_partnership: Built) -> tuple[Path, Path]:
    return build_partnership("site")


def page_texts(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        n = len(pdf.pages)
    return [" ".join(extract_text(path, page_numbers=[i]).split()) for i in range(n)]


def tag_counts(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                counts[str(node.S)[1:]] += 1
            walk(node.get("/K"))
        elif isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot.get("/K"))
    return counts


def link_targets(path: Path) -> list[str]:
    """Each link annotation's target: its address, or `#` for a place in the PDF."""
    out = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                action = annot.get("/A")
                out.append(str(action.URI) if action is not None and "/URI" in action else "#")
    return out


def test_plan_pdf_is_tagged_as_its_page_is_marked_up(site: tuple[Path, Path]) -> None:
    tags = tag_counts(site[1] / PLAN_PDF)
    assert tags["H1"] == 1  # the title; sections are H2 (the table's section rows)
    assert tags["H2"] >= 1
    for tag in ("Document", "P", "L", "LI", "LBody", "Table", "Caption", "TR", "TH", "TD", "Link"):
        assert tags[tag] >= 1, f"no {tag} in {dict(tags)}"


def test_title_page_contents_and_footers(site: tuple[Path, Path]) -> None:
    src, built = site
    content = load_content(src / "content")
    plan = content.plans["2025-26"]
    pages = page_texts(built / PLAN_PDF)
    title_page = pages[0]
    assert title_page.startswith(f"{content.partnership.name} Action plan {plan.title} ")
    assert f"Year: {plan.period.slash_label} Status: {plan.status}" in title_page
    assert pages[1].startswith("Contents ")
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in text
    # Each section in the contents, with the page it starts on.
    for sec in plan.sections:
        heading = f"{sec.number}. {sec.title}" if sec.number else sec.title
        listed = re.search(re.escape(heading) + r"(?: \.)+ (\d+)", pages[1])
        assert listed, f"{heading!r} not in the contents: {pages[1]!r}"
        assert heading in pages[int(listed.group(1)) - 1]


def test_superseded_strategy_says_so_on_its_title_page(site: tuple[Path, Path]) -> None:
    src, built = site
    content = load_content(src / "content")
    old = next(s for s in content.strategies.values() if s.status == "superseded")
    current = next(s for s in content.strategies.values() if s.status == "current")
    pages = page_texts(built / f"strategies/{old.id}/strategy-{old.id}.pdf")
    title_page = pages[0]
    assert " ".join(pages).count("Superseded.") == 1  # not again on each objective
    assert "Status: superseded" in title_page
    assert (
        f"Superseded. This strategy has been replaced. The current strategy is {current.title}."
        in (title_page)
    )


def test_strategy_pdf_holds_each_objective_as_a_section(site: tuple[Path, Path]) -> None:
    src, built = site
    content = load_content(src / "content")
    strategy = next(s for s in content.strategies.values() if s.status == "current")
    path = built / f"strategies/{strategy.id}/strategy-{strategy.id}.pdf"
    contents = page_texts(path)[1]
    for o in strategy.objectives:
        assert o.title.rstrip(".") in contents
    # The objectives' links to the strategy and each other stay inside the PDF.
    assert "#" in link_targets(path)


def test_links_leave_no_address_that_leads_nowhere(site: tuple[Path, Path]) -> None:
    """Without site_url, links to other pages are text; every link goes somewhere real."""
    for pdf in site[1].rglob("*.pdf"):
        for target in link_targets(pdf):
            assert target == "#" or re.match(r"(https?|mailto|tel):", target), (pdf, target)


def test_sosafe_pdf_writes_the_pdf_the_site_publishes(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    src, built = site
    out = run(str(BIN / "sosafe"), "pdf", PLAN, "-o", str(tmp_path / "plan.pdf"), cwd=src)
    assert out.returncode == 0, out.stderr
    data = (tmp_path / "plan.pdf").read_bytes()
    assert data == (built / PLAN_PDF).read_bytes()
    with pikepdf.open(tmp_path / "plan.pdf") as pdf:
        pages = len(pdf.pages)
    assert out.stdout.endswith(f" ({pages} pages, {file_size(len(data))})\n")
    assert (
        f"Download as PDF ({pages} pages, {file_size(len(data))})"
        in (built / PLAN / "index.html").read_text()
    )


def test_sosafe_pdf_links_to_the_published_site(fixture_site: Path) -> None:
    config = fixture_site / "mkdocs.yml"
    config.write_text("site_url: https://safety.example.org/\n" + config.read_text())
    out = run(str(BIN / "sosafe"), "pdf", PLAN + "/", cwd=fixture_site)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("wrote action-plan-2025-26.pdf (")
    targets = link_targets(fixture_site / "action-plan-2025-26.pdf")
    assert "https://safety.example.org/strategies/2025-28/" in targets
    assert any(t.startswith("https://safety.example.org/themes/") for t in targets)


def test_sosafe_pdf_unknown_page(fixture_site: Path) -> None:
    out = run(str(BIN / "sosafe"), "pdf", "action-plans/2025-27", "-o", "x.pdf", cwd=fixture_site)
    assert out.returncode == 1
    assert out.stderr == (
        "sosafe pdf: no strategy or action plan at 'action-plans/2025-27'; "
        "did you mean 'action-plans/2025-26' or 'action-plans/2017-18'?\n"
    )
    assert not (fixture_site / "x.pdf").exists()


def test_preview_makes_no_pdfs_and_links_none(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make serve` (mkdocs serve) skips the PDFs unless pdf_serve is set: no file, no link."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(fixture_site / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    assert (tmp_path / "out" / PLAN / "index.html").is_file()
    assert list((tmp_path / "out").rglob("*.pdf")) == []
    assert "Download as PDF" not in (tmp_path / "out" / PLAN / "index.html").read_text()


@pytest.mark.parametrize(
    ("size", "words"),
    [(1, "1 KB"), (317_440, "310 KB"), (1024 * 1023, "1023 KB"), (1_300_000, "1.2 MB")],
)
def test_file_size_in_words(size: int, words: str) -> None:
    assert file_size(size) == words


def test_sosafe_pdf_uses_the_sites_own_templates(fixture_site: Path, tmp_path: Path) -> None:
    """A partnership's templates_dir replaces the PDF's wrapper as it does for the site."""
    packaged = Path(__file__).parent.parent / "sosafe_gen/render/templates/_pdf.html.j2"
    (fixture_site / "overrides").mkdir()
    (fixture_site / "overrides/_pdf.html.j2").write_text(
        packaged.read_text()
        .replace("Title page", "Cover")
        .replace('"Action plan"', '"Action plan for the committee"')
    )
    config = fixture_site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - sosafe\n", "  - sosafe:\n      templates_dir: overrides\n")
    )
    out = run(str(BIN / "sosafe"), "pdf", PLAN, "-o", str(tmp_path / "p.pdf"), cwd=fixture_site)
    assert out.returncode == 0, out.stderr
    assert "Action plan for the committee" in page_texts(tmp_path / "p.pdf")[0]
