"""Build benchmark: is the build linear in content, and what does the plugin cost?

At each size it writes synthetic content (the real record copied with new ids, see
synth.py) and times a strict `mkdocs build` of it in a fresh subprocess; then it
times plain MkDocs + Material building as many ordinary Markdown pages of the same
lengths, kept out of the nav as the generated detail pages are. Peak memory is the
peak RSS of each build's own process (os.wait4). Then it times what `make serve`
does after a one-line content edit: a full in-process rebuild of the real site. The
synthetic builds make no PDFs; last, the real site is built without and with its PDFs
(strategies' and plans'), several times each, and their cost is reported on its own.

    .venv/bin/python bench/build_scaling.py [--sizes 250,1000,4000,16000]

Output is Markdown tables on stdout (progress goes to stderr). It exits 1 only when
a build fails; timings are reported, never judged.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from synth import ROOT, Synthetic, iter_html, make_content, write_plain_docs

from sosafe_gen.edit.yaml_rt import dump, yaml_rt

BIN = Path(sys.executable).parent
HEADER = "| pages | seconds | ms per page | ratio to plain MkDocs | peak memory (MiB) |"
INDEX_MD = "# Benchmark\n\nSynthetic content for the build benchmark.\n"


@dataclass
class Run:
    pages: int
    seconds: float
    cpu_seconds: float
    peak_mib: float


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def timed_build(project: Path, out: Path) -> Run:
    """One strict build in a fresh process: wall time, HTML pages written, peak RSS."""
    if out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml")]
    cmd += ["-d", str(out)]
    with tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=err, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"build of {project} failed:\n{err.read()[-4000:]}")
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return Run(sum(1 for _ in iter_html(out)), seconds, cpu, peak)


def best(project: Path, out: Path, repeat: int) -> Run:
    runs = [timed_build(project, out) for _ in range(repeat)]
    return min(runs, key=lambda r: r.seconds)


def base_config() -> dict[str, Any]:
    """The repo's mkdocs.yml, so both benchmark sites use the real theme and extensions."""
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def copy_site_files(config: dict[str, Any], project: Path) -> list[str]:
    """The real docs folder (CSS, hand-written pages) and theme overrides; the pages' paths."""
    docs = ROOT / config.get("docs_dir", "docs")
    shutil.copytree(docs, project / "docs")
    custom = config.get("theme", {}).get("custom_dir")
    if custom:
        shutil.copytree(ROOT / custom, project / "overrides")
        config["theme"]["custom_dir"] = "overrides"
    config["docs_dir"] = "docs"
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def _is_sosafe(plugin: Any) -> bool:
    return plugin == "sosafe" or (isinstance(plugin, dict) and "sosafe" in plugin)


def write_sosafe_project(project: Path, size: int) -> Synthetic:
    """The synthetic site: the repo's mkdocs.yml (nav with `sosafe-generated`), new content."""
    config = base_config()
    hand = copy_site_files(config, project)
    record = ROOT / "content"
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "sosafe" in plugin:
            options = plugin["sosafe"] = plugin["sosafe"] or {}
            record = ROOT / options.get("content_dir", "content")
            options["content_dir"] = "content"
            options["pdf"] = False  # PDFs are costed apart, on the real site (pdf_cost)
            if options.get("templates_dir"):
                shutil.copytree(ROOT / options["templates_dir"], project / "templates")
                options["templates_dir"] = "templates"
    _write_yaml(project / "mkdocs.yml", config)
    # Pages not made from content: the hand-written ones and 404.html.
    synthetic = make_content(size, project / "content", hand, len(hand) + 1, record)
    log(
        f"  {synthetic.copies} copies of the record + {synthetic.extra_figures} extra figures: "
        f"{len(synthetic.pages)} generated pages"
    )
    return synthetic


def write_plain_project(project: Path, pages: dict[str, str]) -> None:
    """Plain MkDocs + Material: ordinary pages of the same lengths, none of them in the nav."""
    config = base_config()
    hand = copy_site_files(config, project)
    config["plugins"] = [p for p in config["plugins"] if not _is_sosafe(p)]
    write_plain_docs(pages, project / "docs")
    if not (project / "docs" / "index.md").exists():
        (project / "docs" / "index.md").write_text(INDEX_MD, encoding="utf-8")
    config["nav"] = sorted({"index.md", *hand})
    config["not_in_nav"] = "/**\n"
    _write_yaml(project / "mkdocs.yml", config)


def _write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def real_rebuild_seconds(work: Path, edits: int = 3) -> tuple[float, int]:
    """What `make serve` does after an edit: rebuild the real site in-process from its config.

    A copy of the project is built once (the server's first build: imports and
    templates warm), then one line of content is edited and the site rebuilt, `edits`
    times; the median rebuild is returned, with the number of pages.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = work / "real"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "content"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name)
        elif src.exists():
            shutil.copy2(src, project / name)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    site = work / "real-site"
    serve_url = "http://127.0.0.1:8000/"

    def rebuild() -> float:
        start = time.perf_counter()
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        # Each load makes new plugin objects, so each is told it serves (no PDFs), as
        # the server's own plugins know from its start.
        config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = serve_url
        build(config, serve_url=serve_url)
        return time.perf_counter() - start

    # The newest strategy's title; in a record without one, the first theme's title.
    strategies = sorted((project / "content" / "strategies").glob("*.yml"))
    if strategies:
        edited, page = strategies[-1], site / "strategies" / strategies[-1].stem / "index.html"

        def titled(data: Any) -> Any:
            return data
    else:
        edited = project / "content" / "themes.yml"
        theme = yaml.safe_load(edited.read_text(encoding="utf-8"))["themes"][0]["id"]
        page = site / "themes" / theme / "index.html"

        def titled(data: Any) -> Any:
            return data["themes"][0]

    times = []
    cwd = Path.cwd()
    os.chdir(project)
    try:
        rebuild()  # the first build: imports and templates warm
        for n in range(1, edits + 1):
            data = yaml_rt().load(edited.read_text(encoding="utf-8"))  # a one-line change
            titled(data)["title"] += f" (edit {n})"
            edited.write_text(dump(data), encoding="utf-8")
            times.append(rebuild())
            if f"(edit {n})" not in page.read_text(encoding="utf-8"):
                raise SystemExit(f"the edit to {edited.name} is not on {page}")
    finally:
        os.chdir(cwd)
    log(f"real site rebuilds: {', '.join(f'{t:.2f}' for t in times)} s")
    return sorted(times)[len(times) // 2], sum(1 for _ in iter_html(site))


@dataclass
class PdfCost:
    without: list[float]
    with_pdfs: list[float]
    pdfs: int
    pdf_pages: int
    pdf_bytes: int

    @staticmethod
    def median(values: list[float]) -> float:
        ordered = sorted(values)
        mid = len(ordered) // 2
        return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def pdf_cost(work: Path, repeat: int) -> PdfCost:
    """The real site built strictly `repeat` times without PDFs and with them, in turns, so
    a change of load on the machine falls on both alike: what the PDFs cost `make site`."""
    config = base_config()
    project = work / "real-pdf"
    project.mkdir()
    copy_site_files(config, project)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "sosafe" in plugin:
            options = plugin["sosafe"] = plugin["sosafe"] or {}
            shutil.copytree(ROOT / options.get("content_dir", "content"), project / "content")
            options["content_dir"] = "content"
            if options.get("templates_dir"):
                shutil.copytree(ROOT / options["templates_dir"], project / "templates")
                options["templates_dir"] = "templates"
    without: list[float] = []
    with_pdfs: list[float] = []
    out = work / "real-pdf-out"
    for _ in range(repeat):
        for on, times in ((False, without), (True, with_pdfs)):
            for plugin in config["plugins"]:
                if isinstance(plugin, dict) and "sosafe" in plugin:
                    plugin["sosafe"]["pdf"] = on
            _write_yaml(project / "mkdocs.yml", config)
            times.append(timed_build(project, out).seconds)
            log(f"  real site {'with' if on else 'without'} PDFs: {times[-1]:.2f} s")
    pdfs = sorted(out.rglob("*.pdf"))
    pages = 0
    for pdf in pdfs:  # the page count the PDF's own link states
        page = pdf.parent / "index.html"
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        found = re.search(r"Download as PDF \(([\d,]+) pages?", text)
        pages += int(found.group(1).replace(",", "")) if found else 0
    return PdfCost(without, with_pdfs, len(pdfs), pages, sum(p.stat().st_size for p in pdfs))


def report_pdf_cost(cost: PdfCost) -> None:
    before, after = PdfCost.median(cost.without), PdfCost.median(cost.with_pdfs)
    runs = len(cost.without)
    print()
    print(
        f"Real site, strict build without and with PDFs (median of {runs}): "
        f"{before:.1f} s and {after:.1f} s; the PDFs cost {after - before:.1f} s "
        f"({cost.pdfs} PDFs, {cost.pdf_pages:,} pages, {cost.pdf_bytes / 1024:,.0f} KB in all)."
    )
    print(
        "Runs without PDFs: "
        + ", ".join(f"{t:.1f}" for t in cost.without)
        + " s; with PDFs: "
        + ", ".join(f"{t:.1f}" for t in cost.with_pdfs)
        + " s."
    )


def report(rows: list[tuple[Run, Run]], real: tuple[float, int] | None, load: str) -> None:
    """Markdown tables: wall-clock as asked, then CPU time, which other load disturbs less."""
    print(HEADER)
    print("| ---: | ---: | ---: | ---: | ---: |")
    for run, plain in rows:
        print(
            f"| {run.pages:,} | {run.seconds:.1f} | {1000 * run.seconds / run.pages:.1f} "
            f"| {run.seconds / plain.seconds:.2f} | {run.peak_mib:.0f} |"
        )
    print()
    print("Plain MkDocs + Material, same page count and lengths, pages not in the nav:")
    print()
    print("| pages | seconds | ms per page | peak memory (MiB) |")
    print("| ---: | ---: | ---: | ---: |")
    for _, plain in rows:
        print(
            f"| {plain.pages:,} | {plain.seconds:.1f} | {1000 * plain.seconds / plain.pages:.1f} "
            f"| {plain.peak_mib:.0f} |"
        )
    print()
    print("CPU time (user + system) of the same builds:")
    print()
    print("| pages | sosafe CPU s | ms per page | plain CPU s | CPU ratio |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for run, plain in rows:
        print(
            f"| {run.pages:,} | {run.cpu_seconds:.1f} | {1000 * run.cpu_seconds / run.pages:.1f} "
            f"| {plain.cpu_seconds:.1f} | {run.cpu_seconds / plain.cpu_seconds:.2f} |"
        )
    print()
    print(f"{os.cpu_count()} CPUs; 1-minute load average {load}.")
    if real is not None:
        seconds, pages = real
        print()
        print(
            f"Real site rebuild after a one-line content edit (in-process, as `make serve`; "
            f"median of 3): {seconds:.2f} s ({pages} pages)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="250,1000,4000,16000",
        help="comma-separated page counts (default 250,1000,4000,16000; at least ~100)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest counts")
    parser.add_argument("--no-real-rebuild", action="store_true", help="skip the real-site rebuild")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--pdf-repeat",
        type=int,
        default=3,
        help="real-site builds without and with PDFs, each (default 3; 0 skips)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="sosafe-bench-"))
    rows: list[tuple[Run, Run]] = []
    try:
        for size in sizes:
            log(f"size {size}:")
            project = work / f"sosafe-{size}"
            project.mkdir()
            synthetic = write_sosafe_project(project, size)
            run = best(project, work / f"out-{size}", args.repeat)
            log(f"  sosafe: {run.pages} pages in {run.seconds:.2f} s ({run.cpu_seconds:.2f} s CPU)")
            plain_project = work / f"plain-{size}"
            plain_project.mkdir()
            write_plain_project(plain_project, synthetic.pages)
            plain = best(plain_project, work / f"plain-out-{size}", args.repeat)
            cpu = plain.cpu_seconds
            log(f"  plain: {plain.pages} pages in {plain.seconds:.2f} s ({cpu:.2f} s CPU)")
            if plain.pages != run.pages:
                log(f"  note: plain site has {plain.pages} pages, sosafe {run.pages}")
            if not args.keep:  # the largest sizes need a few GB of disk
                shutil.rmtree(project / "content")
                for done in (work / f"out-{size}", work / f"plain-out-{size}", plain_project):
                    shutil.rmtree(done)
            rows.append((run, plain))
        real = None if args.no_real_rebuild else real_rebuild_seconds(work)
        cost = pdf_cost(work, args.pdf_repeat) if args.pdf_repeat > 0 else None
    finally:
        if args.keep:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    report(rows, real, f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    if cost is not None:
        report_pdf_cost(cost)
    return 0


if __name__ == "__main__":
    sys.exit(main())
