"""The PDF cache (render/pdf_cache.py): a PDF is laid out again exactly when what it is made
of changed, and what a hit gives is the PDF WeasyPrint would make."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, mkdocs_build

from sosafe_gen.content.check import load_content
from sosafe_gen.render import pdf, pdf_cache
from sosafe_gen.render.pdf import pdf_pages, pdfs_for
from sosafe_gen.render.pdf_cache import PdfCache
from sosafe_gen.render.renderer import Renderer
from sosafe_gen.site.planner import plan_site

BILINGUAL = FIXTURES / "bilingual"
PLAN = "content/action-plans/2026-27.yml"
every: dict[str, bytes] = {}
"""All the PDFs of the last `made` call, laid out or copied."""


def made(src: Path, folder: Path) -> dict[str, bytes]:
    """The PDFs laid out (not copied from the cache in `folder`) for every language of the
    content in `src`, by path; `every` then holds all of them."""
    content = load_content(src / "content")
    sites = [plan_site(content, extra_pages=frozenset({"index.md"}))]
    for lang in content.languages[1:]:
        other = load_content(src / "content", lang)
        sites.append(plan_site(other, extra_pages=frozenset({"index.md"}), prefix=f"{lang}/"))
    renderers = [Renderer(s, counterparts=sites) for s in sites]
    cache = PdfCache(folder)
    results = pdfs_for([(r, pdf_pages(r)) for r in renderers], cache)
    every.clear()
    every.update({p.path: p.data for pdfs in results for p in pdfs.values()})
    return {p.path: p.data for pdfs in results for p in pdfs.values() if not p.kept}


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    """The bilingual fixture's sources, a cache folder filled by one build, its PDFs."""
    where = tmp_path_factory.mktemp("pdf-cache")
    shutil.copytree(BILINGUAL, where / "src")
    first = made(where / "src", where / "cache")
    return where / "src", where / "cache", first


def edited(cold: tuple[Path, Path, dict[str, bytes]], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the sources and of the filled cache, to change."""
    src, folder, _ = cold
    shutil.copytree(src, tmp_path / "src")
    shutil.copytree(folder, tmp_path / "cache")
    return tmp_path / "src", tmp_path / "cache"


def test_an_unchanged_build_lays_out_no_pdf_and_gives_the_same_bytes(
    cold: tuple[Path, Path, dict[str, bytes]], tmp_path: Path
) -> None:
    src, folder = edited(cold, tmp_path)
    first = cold[2]
    assert sorted(first) == [
        "action-plans/2026-27/action-plan-2026-27.pdf",
        "cy/action-plans/2026-27/action-plan-2026-27.pdf",
        "cy/strategies/2026-29/strategy-2026-29.pdf",
        "strategies/2026-29/strategy-2026-29.pdf",
    ]
    assert made(src, folder) == {}
    assert every == first


def test_a_progress_edit_lays_out_only_that_plans_pdf_in_each_language(
    cold: tuple[Path, Path, dict[str, bytes]], tmp_path: Path
) -> None:
    src, folder = edited(cold, tmp_path)
    plan = src / PLAN
    text = plan.read_text()
    text = text.replace("New lamps went up in May.", "New lamps went up in June.")
    text = text.replace("ym mis Mai.", "ym mis Mehefin.")
    plan.write_text(text)
    again = made(src, folder)
    assert sorted(again) == [
        "action-plans/2026-27/action-plan-2026-27.pdf",
        "cy/action-plans/2026-27/action-plan-2026-27.pdf",
    ]
    # What was copied is what a build without the cache makes of the edited content.
    through_cache = dict(every)
    assert made(src, tmp_path / "empty") == through_cache
    assert (
        again["action-plans/2026-27/action-plan-2026-27.pdf"]
        != cold[2]["action-plans/2026-27/action-plan-2026-27.pdf"]
    )


def test_an_action_serving_an_objective_remakes_the_strategy_that_lists_it_too(
    cold: tuple[Path, Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """The objective's page, which the strategy's PDF holds, names the actions serving it:
    so that PDF changes as well, and is never copied stale."""
    src, folder = edited(cold, tmp_path)
    plan = src / PLAN
    plan.write_text(plan.read_text().replace("Light the riverside path.", "Light the towpath."))
    assert sorted(made(src, folder)) == [
        "action-plans/2026-27/action-plan-2026-27.pdf",
        "strategies/2026-29/strategy-2026-29.pdf",
    ]


def test_a_changed_pdf_stylesheet_remakes_every_pdf(
    cold: tuple[Path, Path, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, folder = edited(cold, tmp_path)
    styles = tmp_path / "styles"
    for name in pdf.STYLESHEETS:
        (styles / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(pdf.__file__).parent / name, styles / name)
    css = styles / pdf.PDF_CSS
    css.write_text(css.read_text() + "\nh2 { letter-spacing: 0.01em; }\n")
    monkeypatch.setattr(pdf, "_STYLES", styles)
    assert sorted(made(src, folder)) == sorted(cold[2])


def test_another_font_on_the_system_remakes_every_pdf(
    cold: tuple[Path, Path, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, folder = edited(cold, tmp_path)
    fonts = pdf_cache.font_files()
    assert any(re.search(r"DejaVuSans\.ttf$", name) for name, _, _ in fonts)
    monkeypatch.setattr(pdf_cache, "font_files", lambda: [*fonts, ("/new/font.ttf", 1, 1)])
    assert sorted(made(src, folder)) == sorted(cold[2])


def test_a_damaged_entry_is_laid_out_again(
    cold: tuple[Path, Path, dict[str, bytes]], tmp_path: Path
) -> None:
    src, folder = edited(cold, tmp_path)
    (entry,) = [p for p in (folder / "pdf").glob("*.pdf") if p.stat().st_size > 0][:1]
    entry.write_bytes(entry.read_bytes()[:100])  # cut short, as by a full disk
    assert len(made(src, folder)) == 1
    assert every == cold[2]


def test_a_local_file_the_pdf_read_is_checked_on_every_hit(tmp_path: Path) -> None:
    image = tmp_path / "logo.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    html = f'<p>Logo</p><img src="{image.as_uri()}" alt="Logo">'
    cache = PdfCache(tmp_path / "cache")
    job = (html, (), {"pdf_variant": "pdf/ua-1"})
    assert [m.kept for m in cache.make([job])] == [False]
    assert [m.kept for m in cache.make([job])] == [True]
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>')
    assert [m.kept for m in cache.make([job])] == [False]


def test_old_entries_are_pruned(cold: tuple[Path, Path, dict[str, bytes]], tmp_path: Path) -> None:
    _, folder = edited(cold, tmp_path)
    cache = PdfCache(folder)
    assert cache.prune() == 0
    entries = len(list((folder / "pdf").glob("*.json")))
    assert cache.prune(now=pdf_cache.time.time() + (pdf_cache.KEEP_DAYS + 1) * 86400) == entries
    assert list((folder / "pdf").iterdir()) == []


def test_the_build_says_which_pdfs_it_made_and_copies_the_rest(tmp_path: Path) -> None:
    """Through MkDocs: the second build of unchanged content copies every PDF from
    `.cache/plugin/sosafe/` beside mkdocs.yml, byte for byte."""
    src = tmp_path / "src"
    shutil.copytree(BILINGUAL, src)
    first = mkdocs_build(src, tmp_path / "one", pdf=True)
    assert first.returncode == 0, first.stderr
    assert "PDFs: 0 from the cache, 4 made: " in first.stderr
    assert (src / ".cache/plugin/sosafe/pdf").is_dir()
    plan = src / PLAN
    plan.write_text(plan.read_text().replace("ym mis Mai.", "ym mis Mehefin."))
    second = mkdocs_build(src, tmp_path / "two", pdf=True)
    assert second.returncode == 0, second.stderr
    assert (
        "PDFs: 3 from the cache, 1 made: cy/action-plans/2026-27/action-plan-2026-27.pdf\n"
        in second.stderr
    )
    for path in (tmp_path / "one").rglob("*.pdf"):
        rel = path.relative_to(tmp_path / "one")
        same = path.read_bytes() == (tmp_path / "two" / rel).read_bytes()
        assert same == (not str(rel).startswith("cy/action-plans/")), rel
