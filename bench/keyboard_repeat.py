"""Run the audit's keyboard check on every page of a built site, several times, and count
failures: the evidence that the check is deterministic (run it beside CPU hogs).

    .venv/bin/python bench/keyboard_repeat.py SITE_DIR [--runs 5] [--width 320]
        [--content content --config mkdocs.yml]

Prints one line per run (seconds, pages, failures, second looks and their slowest settle)
and every failure; exit status 1 if any run failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sosafe_gen.adapters.audit import keyboard
from sosafe_gen.adapters.audit.browser import HEIGHT, chromium
from sosafe_gen.adapters.audit.sensitive import sensitive_pages
from sosafe_gen.adapters.audit.server import html_pages, page_url, serve
from sosafe_gen.adapters.audit.tools import CHROMIUM


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--width", type=int, default=320)
    ap.add_argument("--content", type=Path)
    ap.add_argument("--config", type=Path)
    args = ap.parse_args()
    pages = html_pages(args.site)
    sensitive = sensitive_pages(args.site, pages, args.content, args.config)
    failed = 0
    with serve(args.site) as base, chromium(CHROMIUM) as browser:
        for run in range(1, args.runs + 1):
            started, problems, settled = time.monotonic(), [], []
            context = browser.new_context(viewport={"width": args.width, "height": HEIGHT})
            page = context.new_page()
            for rel in pages:
                page.goto(page_url(base, rel))
                expect = keyboard.Expect(rel, exit_control=rel in sensitive.pages)
                found = keyboard.walk(page, expect, settled)
                problems += [f"{rel}: {msg}" for _, msg in found]
            context.close()
            failed += bool(problems)
            print(
                f"run {run}: {time.monotonic() - started:.0f} s, {len(pages)} pages at "
                f"{args.width} px, {len(problems)} failures; {len(settled)} second looks, "
                f"settled in {min(settled, default=0)}-{max(settled, default=0)} ms",
                flush=True,
            )
            for p in problems:
                print(f"  {p}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
