"""Where a build's CPU time goes, phase by phase, for the sosafe site and plain MkDocs.

At each size it writes the same two projects as build_scaling.py (synthetic content, and
plain MkDocs + Material on as many pages of the same lengths), then builds each strictly in
a fresh process, `--repeat` times in turns, with the phases' functions wrapped to count the
process's CPU time spent in each (exclusively: time in a nested phase counts for it, not
for the phase around it). No profiler: the figures are the build's own CPU seconds, plus a
few microseconds per wrapped call. Reports the median of each phase as a Markdown table.

    .venv/bin/python bench/build_phases.py [--sizes 250,1000] [--repeat 3]

Phases: Python and MkDocs' imports; MkDocs loading mkdocs.yml and its plugins; our content
loading (YAML, validation) and checking; planning the site; rendering the pages' Markdown
(Jinja templates, content text through Markdown); MkDocs reading pages (Python-Markdown on
each page), with our HTML-block stash and restore and our <abbr> marking apart; Material's
search indexing; the theme's templates (each page's HTML, the nav within); our fixes after
the theme (policy hashes, post_html); writing the search index; the rest (MkDocs' files,
nav, copying assets, anchors).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

START = time.process_time()

ORDER = [
    "imports",
    "plugin imports",
    "config and plugins",
    "load content",
    "check content",
    "plan",
    "render Markdown",
    "PDFs",
    "read pages (Python-Markdown)",
    "HTML-block stash and restore",
    "abbreviations",
    "search indexing",
    "theme templates",
    "fixes after the theme",
    "search index written",
    "rest",
]


class Phases:
    """CPU seconds by phase, each call charged to the innermost phase running."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack: list[str] = ["rest"]
        self.mark = time.process_time()

    def _switch(self) -> None:
        now = time.process_time()
        self.totals[self.stack[-1]] += now - self.mark
        self.mark = now

    def wrap(self, owner: Any, attr: str, name: str) -> None:
        """Count the time in `owner.attr` (a module's function or a class's method)."""
        original = getattr(owner, attr)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self._switch()
            self.stack.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                self._switch()
                self.stack.pop()

        setattr(owner, attr, counted)


def _instrument(phases: Phases, sosafe: bool) -> None:
    """Wrap the phases' functions; before the config is loaded, so plugins' events (bound
    when MkDocs loads them) are the wrapped ones."""
    from material.plugins.search import plugin as search
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    phases.wrap(Page, "render", "read pages (Python-Markdown)")
    phases.wrap(search.SearchIndex, "add_entry_from_context", "search indexing")
    phases.wrap(search.SearchIndex, "generate_search_index", "search index written")
    phases.wrap(build, "_build_page", "theme templates")
    phases.wrap(build, "_build_theme_template", "theme templates")
    if os.environ.get("SOSAFE_PHASES_DETAIL"):  # finer, to find what "rest" holds
        from mkdocs.structure.files import Files

        phases.wrap(Files, "copy_static_files", "detail: copy static files")
        phases.wrap(build, "get_navigation", "detail: get_navigation")
        phases.wrap(Page, "validate_anchor_links", "detail: anchors")
        phases.wrap(build, "get_files", "detail: get_files")
        phases.wrap(build, "_populate_page", "detail: populate page")
    if not sosafe:
        return
    phases._switch()
    phases.stack.append("plugin imports")
    from sosafe_gen.adapters import plugin
    from sosafe_gen.content import check
    from sosafe_gen.render.renderer import Renderer

    phases._switch()
    phases.stack.pop()
    if os.environ.get("SOSAFE_PHASES_DETAIL"):
        for name in dir(plugin.SosafePlugin):
            if name.startswith("on_") and name not in ("on_post_page", "on_post_template"):
                phases.wrap(plugin.SosafePlugin, name, f"detail: {name}")
    for name in ("_read_files", "read_updates", "_assemble"):
        phases.wrap(check, name, "load content")
    for name in dir(check):
        if name.startswith("check_") or name.startswith("_check_"):
            phases.wrap(check, name, "check content")
    phases.wrap(plugin, "plan_site", "plan")
    phases.wrap(Renderer, "render_all", "render Markdown")
    phases.wrap(Renderer, "render_files", "render Markdown")
    phases.wrap(plugin.SosafePlugin, "_make_pdfs", "PDFs")
    phases.wrap(plugin.rawhtml, "stash", "HTML-block stash and restore")
    phases.wrap(plugin.rawhtml, "restore", "HTML-block stash and restore")
    phases.wrap(plugin.rawhtml, "anchor_ids", "HTML-block stash and restore")
    phases.wrap(plugin.Abbreviations, "mark", "abbreviations")
    phases.wrap(plugin.SosafePlugin, "on_post_page", "fixes after the theme")
    phases.wrap(plugin.SosafePlugin, "on_post_template", "fixes after the theme")


def run_one(project: Path, out: Path) -> dict[str, float]:
    """One strict build in this process, instrumented: CPU seconds by phase."""
    phases = Phases()
    phases.totals["imports"] = 0.0
    phases.stack = ["imports"]
    phases.mark = START
    from mkdocs.commands import build
    from mkdocs.config import load_config

    sosafe = "sosafe" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    _instrument(phases, sosafe)
    phases._switch()
    phases.stack = ["config and plugins"]
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out), strict=True)
    phases._switch()
    phases.stack = ["rest"]
    build.build(config)
    phases._switch()
    return dict(phases.totals)


def child(project: Path, out: Path) -> dict[str, float]:
    """run_one in a fresh process (imports and all), as `mkdocs build` runs."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, __file__, "--run-one", str(project), str(out)]
    with tempfile.TemporaryFile("w+") as err:
        done = subprocess.run(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=err)
        if done.returncode != 0:
            err.seek(0)
            raise SystemExit(f"build of {project} failed:\n{err.read()[-4000:]}")
    return json.loads(done.stdout)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def report(size: int, runs: dict[str, list[dict[str, float]]]) -> None:
    seen = {n for rs in runs.values() for r in rs for n in r}
    names = [n for n in ORDER if n in seen] + sorted(seen - set(ORDER))
    totals = {kind: [sum(r.values()) for r in rs] for kind, rs in runs.items()}
    count = len(runs["sosafe"])
    print(f"\n{size:,} pages, CPU seconds by phase (median of {count}):\n")
    print("| phase | sosafe | plain MkDocs |")
    print("| --- | ---: | ---: |")
    for name in names:
        cells = []
        for kind in ("sosafe", "plain"):
            values = [r.get(name, 0.0) for r in runs[kind]]
            cells.append(f"{median(values):.2f}" if any(values) else "")
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    sosafe, plain = median(totals["sosafe"]), median(totals["plain"])
    print(f"| **total** | **{sosafe:.2f}** | **{plain:.2f}** |")
    ratios = [a / b for a, b in zip(totals["sosafe"], totals["plain"], strict=True)]
    print(f"\nRatio {sosafe / plain:.2f} (pair by pair: {', '.join(f'{r:.2f}' for r in ratios)}).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="250,1000", help="comma-separated page counts")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each, in turns")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--run-one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        print(json.dumps(run_one(*args.run_one)))
        return 0
    from build_scaling import log, write_plain_project, write_sosafe_project

    work = Path(tempfile.mkdtemp(prefix="sosafe-phases-"))
    try:
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            projects = {"sosafe": work / f"sosafe-{size}", "plain": work / f"plain-{size}"}
            for project in projects.values():
                project.mkdir()
            synthetic = write_sosafe_project(projects["sosafe"], size)
            write_plain_project(projects["plain"], synthetic.pages)
            runs: dict[str, list[dict[str, float]]] = {"sosafe": [], "plain": []}
            for n in range(args.repeat):
                for kind, project in projects.items():
                    runs[kind].append(child(project, work / f"out-{kind}-{size}"))
                    log(f"  {size} {kind} run {n + 1}: {sum(runs[kind][-1].values()):.2f} s CPU")
            report(size, runs)
    finally:
        if args.keep:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
