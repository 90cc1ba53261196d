"""Index benchmark: is `sosafe index` linear in the number of partnerships?

Synthetic registries of 10, 100 and 300 partnerships are made from the fixture partnerships
(tests/fixtures/: each loaded, checked and exported as its data package, with a new name and
id per copy: `Synthetic Partnership 17`, `synthetic-17`). Each size's index is built by
`sosafe index` in a fresh process, from local folders and then (with `--http`) over http
from a server on 127.0.0.1 (the fetching pool, retries and deadline all in play); wall time
and the process's peak RSS (os.wait4) are reported. Nothing is judged.

    .venv/bin/python bench/index_scaling.py [--sizes 10,100,300] [--repeat 1] [--http]
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sosafe_gen.content.check import load_content
from sosafe_gen.site.datasets import datasets
from sosafe_gen.site.open_data import export_files
from sosafe_gen.site.pages import Options

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIXTURES = ["site", "one-of-each", "strategy-only", "scrutiny", "bilingual"]
LOAD = ""
HEADER = (
    "| partnerships | source | pages | seconds | CPU seconds | ms per partnership (CPU) "
    "| peak memory (MiB) |"
)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def write_packages(where: Path, n: int) -> list[Path]:
    """`n` data packages, the fixtures' records under new names and ids, one folder each."""
    records = [load_content(ROOT / "tests" / "fixtures" / f / "content") for f in FIXTURES]
    folders = []
    for i in range(n):
        content = records[i % len(records)]
        p = content.partnership.model_copy(
            update={
                "id": f"synthetic-{i + 1}",
                "name": f"Synthetic {i + 1}",
                "full_name": f"Synthetic Partnership {i + 1}",
                "area": f"Synthetic area {i + 1}",
            }
        )
        renamed = dataclasses.replace(content, partnership=p)
        files = export_files(datasets(renamed, Options()), p, f"https://synthetic-{i + 1}.example/")
        folder = where / f"synthetic-{i + 1}" / "data"
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        folders.append(folder)
    return folders


def timed_index(registry: Path, out: Path) -> tuple[float, float, float, int]:
    """One `sosafe index` in a fresh process: seconds, CPU seconds, peak RSS in MiB, and
    the pages written (CPU time is what a shared machine's load least disturbs)."""
    if out.exists():
        shutil.rmtree(out)
    shutil.rmtree(registry.parent / ".sosafe-index", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [str(BIN / "sosafe"), "index", str(registry), "-o", str(out)]
    with tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=registry.parent, env=env, stdout=err, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"sosafe index {registry} failed:\n{err.read()[-4000:]}")
    pages = sum(1 for _ in out.rglob("index.html"))
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, pages


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,300")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (the fastest kept)")
    parser.add_argument("--http", action="store_true", help="also fetch each size over http")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    global LOAD
    LOAD = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    with tempfile.TemporaryDirectory(prefix="sosafe-index-bench-") as tmp:
        work = Path(tmp)
        folders = write_packages(work / "packages", max(sizes))
        server, base = serve(work / "packages") if args.http else (None, "")
        try:
            for n in sizes:
                kinds = [("folder", [str(f) for f in folders[:n]])]
                if args.http:
                    urls = [f"{base}{f.parent.name}/data/" for f in folders[:n]]
                    kinds.append(("http", urls))
                for kind, entries in kinds:
                    registry = work / f"registry-{n}-{kind}" / "partnerships.yml"
                    registry.parent.mkdir()
                    registry.write_text(json.dumps({"partnerships": entries}))
                    log(f"indexing {n} partnerships ({kind})")
                    runs = [
                        timed_index(registry, registry.parent / "site") for _ in range(args.repeat)
                    ]
                    seconds, cpu, peak, pages = min(runs)
                    rows.append((n, kind, pages, seconds, cpu, peak))
        finally:
            if server is not None:
                server.shutdown()
    print(HEADER)
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, kind, pages, seconds, cpu, peak in rows:
        per = 1000 * cpu / n
        print(
            f"| {n:,} | {kind} | {pages:,} | {seconds:.1f} | {cpu:.1f} | {per:.0f} | {peak:.0f} |"
        )
    print(f"\nload average at the start: {LOAD}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
