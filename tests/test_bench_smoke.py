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
        "250",
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
    assert pages == "250"  # HTML files counted in the built site
    assert float(cpu) > 0 and float(plain_cpu) > 0 and float(ratio) > 0
    assert float(ms_per_page) > 0 and int(peak) > 0
    assert preview == "nan"  # not asked for
    plain = re.search(
        r"^\| 250 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \| not measured \|$", out.stdout, re.M
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
