"""Build benchmark: is the build linear in content, and what does the plugin cost?

At each size it writes synthetic content (the real record copied with new ids, see
synth.py) and times a strict `mkdocs build` of it in a fresh subprocess; then it
times plain MkDocs + Material building as many ordinary Markdown pages of the same
lengths, kept out of the nav as the generated detail pages are. Peak memory is the
peak RSS of each build's own process (os.wait4). At each size (and on the real site) it
then starts a real `mkdocs serve`, saves a one-line content edit three times and times
each, from the save to the edited page showing it over HTTP. The synthetic builds make
no PDFs; last, the real site is built without PDFs, with PDFs and an empty PDF cache,
and with PDFs again, nothing changed, several times each in turns.

CPU time (user + system of the build process) is reported first: on a shared machine it
is what other load disturbs least; wall-clock follows.

    .venv/bin/python bench/build_scaling.py [--sizes 250,1000,4000,16000]

Output is Markdown tables on stdout (progress goes to stderr). It exits 1 only when
a build fails; timings are reported, never judged.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from synth import ROOT, Synthetic, iter_html, make_content, write_plain_docs

from sosafe_gen.edit.yaml_rt import dump, yaml_rt

BIN = Path(sys.executable).parent
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


def edit_target(project: Path) -> tuple[Path, str, Any]:
    """A one-line edit an editor makes: the newest strategy's title (in a record without one,
    the first theme's); the file, the page's URL path, and how to reach the title."""
    strategies = sorted((project / "content" / "strategies").glob("*.yml"))
    if strategies:
        return strategies[-1], f"strategies/{strategies[-1].stem}/", lambda data: data
    edited = project / "content" / "themes.yml"
    theme = yaml.safe_load(edited.read_text(encoding="utf-8"))["themes"][0]["id"]
    return edited, f"themes/{theme}/", lambda data: data["themes"][0]


def serve_latency(project: Path, edits: int = 3, timeout: float = 1800) -> list[float]:
    """What an editor waits for: a real `mkdocs serve` of the project, then `edits` times a
    one-line content edit saved and the edited page fetched over HTTP until it shows it (a
    request made while the server rebuilds waits for the rebuild, as a browser's does).
    Seconds from the save to the page, each edit."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [str(BIN / "mkdocs"), "serve", "-f", str(project / "mkdocs.yml")]
    cmd += ["-a", f"127.0.0.1:{port}", "--livereload"]
    edited, path, titled = edit_target(project)
    url = f"http://127.0.0.1:{port}/{path}"
    times: list[float] = []
    with tempfile.TemporaryFile("w+") as err:
        server = subprocess.Popen(cmd, cwd=project, env=env, stdout=err, stderr=err)
        try:
            _fetch_until(url, lambda body: True, timeout, server, err)  # the first build
            for n in range(1, edits + 1):
                data = yaml_rt().load(edited.read_text(encoding="utf-8"))
                titled(data)["title"] += f" (edit {n})"
                start = time.perf_counter()
                edited.write_text(dump(data), encoding="utf-8")
                _fetch_until(url, lambda body, n=n: f"(edit {n})" in body, timeout, server, err)
                times.append(time.perf_counter() - start)
        finally:
            server.terminate()
            server.wait(30)
    return times


def _fetch_until(url: str, done: Any, timeout: float, server: Any, err: Any) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            err.seek(0)
            raise SystemExit(f"mkdocs serve stopped:\n{err.read()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                if done(response.read().decode("utf-8")):
                    return
        except OSError:
            pass  # not serving yet
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show the edit within {timeout:.0f} s")


def copy_real_project(work: Path) -> Path:
    """The repository's site (mkdocs.yml, docs, content) in a folder of its own."""
    project = work / "real"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "content"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name)
        elif src.exists():
            shutil.copy2(src, project / name)
    return project


@dataclass
class PdfCost:
    without: list[float]
    cold: list[float]
    """Builds with PDFs and an empty PDF cache: every PDF laid out."""
    warm: list[float]
    """Builds with PDFs after one that filled the cache, nothing changed: every PDF copied."""
    pdfs: int
    pdf_pages: int
    pdf_bytes: int

    @staticmethod
    def median(values: list[float]) -> float:
        ordered = sorted(values)
        mid = len(ordered) // 2
        return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def pdf_cost(work: Path, repeat: int) -> PdfCost:
    """The real site built strictly `repeat` times each without PDFs, with PDFs and an empty
    cache (cold), and with PDFs again, nothing changed (warm), in turns, so a change of load
    on the machine falls on all alike: what the PDFs cost `make site`, first and after."""
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
    runs: dict[str, list[float]] = {"without": [], "cold": [], "warm": []}
    out = work / "real-pdf-out"
    cache = project / ".cache"
    for _ in range(repeat):
        for kind in ("without", "cold", "warm"):
            for plugin in config["plugins"]:
                if isinstance(plugin, dict) and "sosafe" in plugin:
                    plugin["sosafe"]["pdf"] = kind != "without"
            _write_yaml(project / "mkdocs.yml", config)
            if kind == "cold" and cache.exists():
                shutil.rmtree(cache)
            runs[kind].append(timed_build(project, out).cpu_seconds)
            log(f"  real site, PDFs {kind}: {runs[kind][-1]:.2f} s CPU")
    pdfs = sorted(out.rglob("*.pdf"))
    pages = 0
    for pdf in pdfs:  # the page count the PDF's own link states
        page = pdf.parent / "index.html"
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        found = re.search(r"Download as PDF \(([\d,]+) pages?", text)
        pages += int(found.group(1).replace(",", "")) if found else 0
    return PdfCost(
        runs["without"],
        runs["cold"],
        runs["warm"],
        len(pdfs),
        pages,
        sum(p.stat().st_size for p in pdfs),
    )


def report_pdf_cost(cost: PdfCost) -> None:
    before = PdfCost.median(cost.without)
    cold, warm = PdfCost.median(cost.cold), PdfCost.median(cost.warm)
    print()
    print(
        f"Real site, strict build, CPU seconds (median of {len(cost.without)}): without PDFs "
        f"{before:.1f}; with PDFs, cache empty {cold:.1f} ({cold / before:.2f}x); with PDFs, "
        f"nothing changed {warm:.1f} ({warm / before:.2f}x). {cost.pdfs} PDFs, "
        f"{cost.pdf_pages:,} pages, {cost.pdf_bytes / 1024:,.0f} KB in all."
    )
    for kind, runs in (("without", cost.without), ("cold", cost.cold), ("warm", cost.warm)):
        print(f"Runs {kind}: " + ", ".join(f"{t:.1f}" for t in runs) + " s CPU.")


def median(values: list[float]) -> float:
    return PdfCost.median(values) if values else float("nan")


def report(rows: list[Row], real: list[float] | None, load: str) -> None:
    """Markdown tables: CPU time first (what the machine's other load disturbs least), then
    wall-clock; the preview's latency is wall-clock, as an editor waits for it."""
    print(
        "| pages | sosafe CPU s | plain MkDocs CPU s | CPU ratio | ms per page (CPU) "
        "| peak memory (MiB) | preview after an edit, s (median of 3) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        run, plain = row.run, row.plain
        print(
            f"| {run.pages:,} | {run.cpu_seconds:.1f} | {plain.cpu_seconds:.1f} "
            f"| {run.cpu_seconds / plain.cpu_seconds:.2f} "
            f"| {1000 * run.cpu_seconds / run.pages:.1f} | {run.peak_mib:.0f} "
            f"| {median(row.preview):.2f} |"
        )
    print()
    print("Wall-clock of the same builds (plain MkDocs: as many pages as long, not in the nav):")
    print()
    print("| pages | sosafe s | plain s | ratio | plain peak memory (MiB) | preview runs, s |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        run, plain = row.run, row.plain
        print(
            f"| {run.pages:,} | {run.seconds:.1f} | {plain.seconds:.1f} "
            f"| {run.seconds / plain.seconds:.2f} | {plain.peak_mib:.0f} "
            f"| {', '.join(f'{t:.2f}' for t in row.preview) or 'not measured'} |"
        )
    print()
    print(f"{os.cpu_count()} CPUs; 1-minute load average {load}.")
    if real is not None:
        print()
        print(
            "Real site in `mkdocs serve`, from saving a one-line edit to the page showing it "
            f"over HTTP (median of {len(real)}): {median(real):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in real)} s)"
        )


@dataclass
class Row:
    run: Run
    plain: Run
    preview: list[float]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="250,1000,4000,16000",
        help="comma-separated page counts (default 250,1000,4000,16000; at least ~100)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest counts")
    parser.add_argument("--no-real-rebuild", action="store_true", help="skip the real-site preview")
    parser.add_argument(
        "--preview-sizes",
        default="250,1000,4000,16000",
        help="sizes whose preview latency is measured through mkdocs serve (default: all)",
    )
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
    rows: list[Row] = []
    preview_sizes = {int(x) for x in args.preview_sizes.split(",") if x.strip()}
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
            preview = serve_latency(project) if size in preview_sizes else []
            if preview:
                log(f"  preview after an edit: {', '.join(f'{t:.2f}' for t in preview)} s")
            if not args.keep:  # the largest sizes need a few GB of disk
                shutil.rmtree(project / "content")
                for done in (work / f"out-{size}", work / f"plain-out-{size}", plain_project):
                    shutil.rmtree(done)
            rows.append(Row(run, plain, preview))
        real = None if args.no_real_rebuild else serve_latency(copy_real_project(work))
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
