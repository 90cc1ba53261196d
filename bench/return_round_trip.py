"""Quarterly return benchmark: how long `sosafe sheet` and `sosafe import --progress-only`
take as a plan grows.

The largest quarterly plan of the content is made `k` times longer (its sections repeated
with new ids) in a temporary copy; at each size it times, in-process, writing the sheet
(.xlsx and .csv), importing it unchanged (nothing written), and importing it with one
cell filled in every tenth action (one validated write).

    .venv/bin/python bench/return_round_trip.py [--copies 1,4,16] [--content content]

Output is a Markdown table on stdout; timings are reported, never judged.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from sosafe_gen.content.check import load_content
from sosafe_gen.content.record import iter_actions
from sosafe_gen.edit.office.return_import import import_return
from sosafe_gen.edit.office.return_sheet import write_return
from sosafe_gen.edit.yaml_rt import dump, yaml_rt


def _longer(plan_file: Path, copies: int) -> None:
    """Repeat the plan's sections `copies` times, each copy's ids and numbers made new."""
    data = yaml_rt().load(plan_file.read_text(encoding="utf-8"))
    sections = list(data["sections"])
    for k in range(2, copies + 1):
        for sec in sections:
            copy: Any = yaml_rt().load(dump(sec))
            copy["id"] = f"{sec['id']}-copy-{k}"
            if "number" in copy:
                copy["number"] = int(copy["number"]) + 100 * k
            for aim in copy["aims"]:
                aim["id"] = f"{aim['id']}-copy-{k}"
                aim.pop("number", None)
                for action in aim["actions"]:
                    action["id"] = f"{action['id']}-copy-{k}"
                    action.pop("continues", None)
            data["sections"].append(copy)
    plan_file.write_text(dump(data), encoding="utf-8")


def _timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _measure(src: Path, plan_id: str) -> str:
    """One row of the table, for the plan in `src`."""
    n = sum(1 for _ in iter_actions(load_content(src).plans[plan_id]))
    xlsx, csv_file = src.parent / "return.xlsx", src.parent / "return.csv"
    t_xlsx = _timed(lambda: write_return(src, plan_id, xlsx, "Q4"))
    t_csv = _timed(lambda: write_return(src, plan_id, csv_file, "Q4"))
    t_same = _timed(lambda: import_return(xlsx, src))
    wb = load_workbook(xlsx)
    ws = wb["Plan"]
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(2, c).value == "Q4")
    rows = [r for r in range(3, ws.max_row + 1) if ws.cell(r, col).protection.locked is False]
    for r in rows[::10]:
        ws.cell(r, col).value = f"Benchmark progress for row {r}."
    wb.save(xlsx)
    t_fill = _timed(lambda: import_return(xlsx, src))
    return (
        f"| {n:,} | {t_xlsx:.2f} | {t_csv:.2f} | {t_same:.2f} | {t_fill:.2f} | {len(rows[::10])} |"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", default="1,4,16")
    ap.add_argument("--content", type=Path, default=Path("content"))
    args = ap.parse_args()
    content = load_content(args.content)
    plans = [p for p in content.plans.values() if p.progress_mode == "quarterly"]
    if not plans:
        print("the content has no quarterly plan", file=sys.stderr)
        return 1
    plan = max(plans, key=lambda p: sum(1 for _ in iter_actions(p)))
    print(
        "| actions | sheet .xlsx (s) | sheet .csv (s) | unchanged import (s) "
        "| filled import (s) | cells filled |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for copies in (int(c) for c in args.copies.split(",")):
        with tempfile.TemporaryDirectory(prefix="sosafe-bench-") as tmp:
            src = Path(tmp) / "content"
            shutil.copytree(args.content, src)
            _longer(src / str(content.file_of(f"action-plans:{plan.id}")), copies)
            print(_measure(src, plan.id))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
