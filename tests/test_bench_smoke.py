"""The build benchmark runs end to end at its smallest size (a smoke check: no timings judged)."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import ROOT, run

HEADER = "| pages | seconds | ms per page | ratio to plain MkDocs | peak memory (MiB) |"
ROW = re.compile(r"^\| ([\d,]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \|$")


@pytest.mark.slow
def test_benchmark_builds_the_smallest_size() -> None:
    out = run(
        sys.executable,
        str(ROOT / "bench" / "build_scaling.py"),
        "--sizes",
        "250",
        "--no-real-rebuild",
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == HEADER
    rows = [m for line in lines if (m := ROW.match(line))]
    # One row for the sosafe build; the plain MkDocs table has its own columns.
    assert len(rows) == 1, out.stdout
    pages, seconds, ms_per_page, ratio, peak = rows[0].groups()
    assert pages == "250"  # HTML files counted in the built site
    assert float(seconds) > 0 and float(ms_per_page) > 0 and float(ratio) > 0
    assert int(peak) > 0
    plain = re.search(r"^\| 250 \| [\d.]+ \| [\d.]+ \| \d+ \|$", out.stdout, re.M)
    assert plain, "plain MkDocs built a different number of pages"
