"""The build benchmark runs end to end at its smallest size (a smoke check: no timings judged),
and makes synthetic content of the size asked from any partnership's record."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PARTNERSHIPS, ROOT, run

from sosafe_gen.content.check import load_content

sys.path.insert(0, str(ROOT / "bench"))
from synth import make_content  # bench/ is not a package

HEADER = (
    "| pages | sosafe CPU s | plain MkDocs CPU s | CPU ratio | ms per page (CPU) "
    "| peak memory (MiB) | preview after an edit, s (median of 3) |"
)
ROW = re.compile(
    r"^\| ([\d,]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \| (nan|[\d.]+) \|$"
)


@pytest.mark.slow
def test_benchmark_builds_the_smallest_size() -> None:
    """`make bench` on the repository's own content, whichever partnership's it is."""
    out = run(
        sys.executable,
        str(ROOT / "bench" / "build_scaling.py"),
        "--sizes",
        "120",
        "--preview-sizes",
        "",
        "--no-real-rebuild",
        "--pdf-repeat",
        "1",
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == HEADER
    rows = [m for line in lines if (m := ROW.match(line))]
    assert len(rows) == 1, out.stdout
    pages, cpu, plain_cpu, ratio, ms_per_page, peak, preview = rows[0].groups()
    assert pages == "120"  # HTML files counted in the built site
    assert float(cpu) > 0 and float(plain_cpu) > 0 and float(ratio) > 0
    assert float(ms_per_page) > 0 and int(peak) > 0
    assert preview == "nan"  # not asked for
    plain = re.search(
        r"^\| 120 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \| not measured \|$", out.stdout, re.M
    )
    assert plain, "plain MkDocs built a different number of pages"
    # The PDFs' cost, apart: one PDF per strategy and plan of the real content.
    cost = re.search(
        r"^Real site, strict build, CPU seconds \(median of 1\): without PDFs [\d.]+; with PDFs, "
        r"cache empty [\d.]+ \([\d.]+x\); with PDFs, nothing changed [\d.]+ \(([\d.]+)x\)\. "
        r"(\d+) PDFs, ([\d,]+) pages, [\d,]+ KB in all\.$",
        out.stdout,
        re.M,
    )
    assert cost, out.stdout
    content = load_content(ROOT / "content")
    assert int(cost.group(2)) == len(content.strategies) + len(content.plans)
    assert int(cost.group(3).replace(",", "")) >= int(cost.group(2))


@pytest.mark.parametrize("name", PARTNERSHIPS)
def test_synthetic_content_has_the_pages_asked_whatever_the_record_holds(
    build_partnership: Callable[[str], tuple[Path, Path]], tmp_path: Path, name: str
) -> None:
    """From a rich record, one with a strategy only, or a site fresh from `sosafe init`
    (nothing but themes): valid content planning exactly the pages asked for."""
    src, _ = build_partnership(name)
    size = 151
    made = make_content(size, tmp_path / "content", [], fixed_html=1, src=src / "content")
    assert len(made.pages) == size - 1  # and 404.html
    assert made.copies >= 1
    load_content(tmp_path / "content")  # valid: raises with every problem otherwise


INDEX_ROW = re.compile(
    r"^\| (\d+) \| (folder|http) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \| (\d+) \|$"
)


@pytest.mark.slow
def test_index_benchmark_runs_at_a_small_size() -> None:
    """`bench/index_scaling.py` end to end at two partnerships, from folders and over http."""
    out = run(
        sys.executable, str(ROOT / "bench" / "index_scaling.py"), "--sizes", "2", "--http", cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    rows = [m.groups() for line in out.stdout.splitlines() if (m := INDEX_ROW.match(line))]
    # Two partnerships: a page each, the themes they have and the four section pages.
    assert [(r[0], r[1]) for r in rows] == [("2", "folder"), ("2", "http")]
    assert rows[0][2] == rows[1][2]


@pytest.mark.slow
def test_pdf_layouts_benchmark_reports_each_plan_in_both_layouts() -> None:
    """`bench/pdf_layouts.py` on a fixture partnership: a row per plan and layout, whose
    pages are the PDF's (smoke check: no timing judged)."""
    site = ROOT / "tests" / "fixtures" / "one-of-each"
    out = run(
        sys.executable, str(ROOT / "bench" / "pdf_layouts.py"), "--root", str(site), "--repeat", "1"
    )
    assert out.returncode == 0, out.stderr
    plans = load_content(site / "content").plans.values()
    found = re.findall(
        r"^\| (.+) \| (table|portrait) \| (\d+) \| [\d.]+ KB \| [\d.]+ \| [\d.]+ \|$",
        out.stdout,
        re.M,
    )
    assert [(t, layout) for t, layout, _ in found] == [
        (str(p.title), layout) for p in plans for layout in ("table", "portrait")
    ]
    assert all(int(n) >= 3 for _, _, n in found)  # title page, contents, the plan
