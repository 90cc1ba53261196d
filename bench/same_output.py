"""Does this checkout build the same site as another commit? Byte for byte, every file.

A speed-up must not change what is published. This builds the same projects strictly with
the package as it is in another commit (`--ref`, default `main`: its sosafe_gen/ exported
with `git archive` and put first on PYTHONPATH, so the same installed MkDocs, Material and
Markdown run it) and with this checkout's, then compares every file of the two sites:
pages, search/search_index.json, sitemap, feed, open data, the editor's files.

Projects: the repository's own site, each fixture partnership under tests/fixtures whose
mkdocs.yml builds on its own, and synthetic content of each `--sizes` (bench/synth.py).
PDFs are left out (`pdf: false`): they are compared by their own tests.

    .venv/bin/python bench/same_output.py [--ref main] [--sizes 250]

Prints each project's verdict; exits 1 when any file differs or is missing on one side.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import yaml
from build_scaling import _write_yaml, log, write_sosafe_project

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def export_ref(ref: str, dest: Path) -> Path:
    """sosafe_gen/ as it is in `ref`, with the editor's built scripts (not in git) copied."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / "ref.tar"
    with archive.open("wb") as out:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "sosafe_gen"], stdout=out, check=True
        )
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    dist = ROOT / "sosafe_gen" / "render" / "admin" / "dist"
    if dist.is_dir():
        shutil.copytree(dist, dest / "sosafe_gen" / "render" / "admin" / "dist", dirs_exist_ok=True)
    return dest


def without_pdfs(project: Path) -> None:
    config_file = project / "mkdocs.yml"
    config: dict[str, Any] = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "sosafe" in plugin:
            plugin["sosafe"] = {**(plugin["sosafe"] or {}), "pdf": False}
    _write_yaml(config_file, config)


PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "content", "templates", "audit")
"""What a project's build reads: the rest of a checkout (.venv, tests, site/) is left."""


def copy_project(src: Path, dest: Path) -> Path:
    dest.mkdir()
    for name in PROJECT_PARTS:
        if (src / name).is_dir():
            shutil.copytree(src / name, dest / name)
        elif (src / name).is_file():
            shutil.copy2(src / name, dest / name)
    without_pdfs(dest)
    return dest


def build(project: Path, out: Path, pythonpath: Path | None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    cmd = [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml")]
    with tempfile.TemporaryFile("w+") as err:
        done = subprocess.run([*cmd, "-d", str(out)], cwd=project, env=env, stderr=err)
        if done.returncode != 0:
            err.seek(0)
            raise SystemExit(f"build of {project} failed:\n{err.read()[-4000:]}")


def differences(a: Path, b: Path) -> list[str]:
    """Paths that differ between two sites, or are in one only."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = [f"only in the reference: {p}" for p in sorted(files_a - files_b)]
    out += [f"only in this checkout: {p}" for p in sorted(files_b - files_a)]
    out += [
        f"differs: {p}"
        for p in sorted(files_a & files_b)
        if not filecmp.cmp(a / p, b / p, shallow=False)
    ]
    return out


def projects(work: Path, sizes: list[int]) -> list[Path]:
    found = [copy_project(ROOT, work / "real")] if (ROOT / "mkdocs.yml").is_file() else []
    for fixture in sorted((ROOT / "tests" / "fixtures").glob("*/mkdocs.yml")):
        found.append(copy_project(fixture.parent, work / f"fixture-{fixture.parent.name}"))
    for size in sizes:
        project = work / f"synthetic-{size}"
        project.mkdir()
        write_sosafe_project(project, size)
        found.append(project)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main", help="the commit to compare with")
    parser.add_argument("--sizes", default="250", help="synthetic sizes, comma-separated")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="sosafe-same-"))
    failed = False
    try:
        ref = export_ref(args.ref, work / "ref")
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        for project in projects(work, sizes):
            before, after = (
                project.parent / f"{project.name}-ref",
                project.parent / f"{project.name}-new",
            )
            build(project, before, ref)
            build(project, after, None)
            diff = differences(before, after)
            files = sum(1 for p in after.rglob("*") if p.is_file())
            verdict = "same" if not diff else f"{len(diff)} differences"
            print(f"{project.name}: {files} files, {verdict}")
            for line in diff[:20]:
                print(f"  {line}")
            failed = failed or bool(diff)
    finally:
        if args.keep:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
