"""PDF benchmark: pages and seconds of each action plan's PDF, table layout against portrait.

For every action plan of the content (the repository's own unless `--root` names another
site), it makes the plan's PDF in both layouts (`pdf_plan_layout: table`, the default, and
`portrait`, the plan's page as the site lays it out) in-process, in turns, `--repeat` times
each, with the function the build calls (render/pdf.py `document_pdf`), and reports the
pages, the size and the median wall and CPU seconds of each. The first PDF made in the
process (fonts and hyphenation patterns loading) is made once before timing and not counted.

    .venv/bin/python bench/pdf_layouts.py [--root DIR] [--repeat 5]

Output is a Markdown table on stdout; timings are reported, never judged. CPU seconds are
given beside wall seconds because the machine is shared: they move less with its load.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

from sosafe_gen.adapters.commands import options_from_config
from sosafe_gen.content.check import load_content
from sosafe_gen.content.text import file_size
from sosafe_gen.render.pdf import LAYOUTS, document_pdf, pdf_pages
from sosafe_gen.render.renderer import Renderer
from sosafe_gen.site.planner import plan_site

ROOT = Path(__file__).resolve().parent.parent


def renderers(root: Path) -> dict[str, Renderer]:
    """A renderer of the site for each layout, as `sosafe pdf` plans it."""
    content = load_content(root / "content")
    docs = root / "docs"
    hand = frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    options = options_from_config(root / "mkdocs.yml")
    return {
        layout: Renderer(
            plan_site(
                content, dataclasses.replace(options, pdf_plan_layout=layout), extra_pages=hand
            )
        )
        for layout in LAYOUTS
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the site (mkdocs.yml, content/)")
    parser.add_argument("--repeat", type=int, default=5, help="PDFs of each plan and layout")
    args = parser.parse_args()
    by_layout = renderers(args.root)
    plans = {
        layout: [p for p in pdf_pages(r) if p.template == "plan"] for layout, r in by_layout.items()
    }
    if not plans[LAYOUTS[0]]:
        print("no action plan in the content", file=sys.stderr)
        return 0
    document_pdf(by_layout[LAYOUTS[0]], plans[LAYOUTS[0]][0])  # warm-up, not counted
    print(f"load average at the start: {os.getloadavg()[0]:.1f}\n")
    print("| plan | layout | pages | size | wall s (median) | CPU s (median) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for i, page in enumerate(plans[LAYOUTS[0]]):
        wall: dict[str, list[float]] = {layout: [] for layout in LAYOUTS}
        cpu: dict[str, list[float]] = {layout: [] for layout in LAYOUTS}
        made = {}
        for _ in range(args.repeat):
            for layout in LAYOUTS:  # in turns, so a busy moment weighs on both
                t, c = time.perf_counter(), time.process_time()
                made[layout] = document_pdf(by_layout[layout], plans[layout][i])
                wall[layout].append(time.perf_counter() - t)
                cpu[layout].append(time.process_time() - c)
        for layout in LAYOUTS:
            pdf = made[layout]
            print(
                f"| {page.title} | {layout} | {pdf.pages} | {file_size(len(pdf.data))} "
                f"| {statistics.median(wall[layout]):.2f} | {statistics.median(cpu[layout]):.2f} |"
            )
        print(f"{page.title}: wall {wall}", file=sys.stderr)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
