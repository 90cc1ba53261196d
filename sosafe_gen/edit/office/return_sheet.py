"""`sosafe sheet`: a plan as the quarterly return spreadsheet the lead officers fill in.

The sheet is in the layout `sosafe import` reads (`layout.plan_columns`, one description for
both), one row per action with its id. Each action row also carries a Check cell: a short
fingerprint of every cell as it was written, so the import can tell a cell the lead changed
from one the plan changed since (another lead's return imported first): see
`return_import.py`.

One writer per format (`sheet_xlsx`, `sheet_ods`, and the CSV here), each given the same
rows (`sheet_rows`). In .xlsx and .ods the quarter to fill (and the status) are the only
unlocked cells of a sheet protected without a password, the status offers only the
allowed values, the header row is frozen and the page prints landscape, one page wide. A
CSV holds the same rows and columns but none of that (a CSV has no protection, lists or
widths).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from ...content import model as m
from ...content.check import load_content
from ...content.problems import ContentError, file_problem
from ...content.text import closest, display_path, plural
from ...site.open_data import safe_cell as csv_cell
from ..files import atomic_write
from .fingerprints import title_cell
from .readers import formats
from .sheet_ods import ods
from .sheet_rows import Row, columns_of, default_quarter, rows
from .sheet_xlsx import xlsx

Writer = Callable[[m.ActionPlan, str | None, str, list[Row]], bytes]


def write_return(
    content_dir: Path, plan_id: str, dest: Path, quarter: str | None
) -> tuple[str | None, str]:
    """Write the plan's return sheet to `dest` (.xlsx or .csv); return the quarter and a
    summary line."""
    content = load_content(content_dir)
    plan = content.plans.get(plan_id)
    if plan is None:
        raise ContentError(
            [
                file_problem(
                    display_path(Path(content_dir) / "action-plans"),
                    f"no action plan '{plan_id}'",
                    closest(plan_id, content.plans) or f"plans: {', '.join(content.plans)}",
                )
            ]
        )
    suffix = dest.suffix.lower()
    if suffix not in WRITERS:
        raise ContentError(
            [
                file_problem(
                    display_path(dest),
                    f"sosafe sheet writes {formats(list(WRITERS))} files",
                    "an old Excel (.xls) user can open the .xlsx, or the .ods",
                )
            ]
        )
    if plan.progress_mode == "to_date":
        if quarter is not None:
            raise ContentError(
                [
                    file_problem(
                        display_path(Path(content_dir) / "action-plans" / f"{plan_id}.yml"),
                        f"plan {plan_id} records one 'progress to date', not quarters",
                        "leave out --quarter",
                    )
                ]
            )
        fill: str = "progress_to_date"
    else:
        quarter = quarter or default_quarter(plan)
        fill = quarter
    lines = rows(plan)
    data = WRITERS[suffix](plan, quarter, fill, lines)
    try:
        atomic_write(dest, data)
    except OSError as exc:  # no such folder, no permission, the file open elsewhere
        raise ContentError(
            [
                file_problem(
                    display_path(dest),
                    f"cannot write the sheet: {exc.strerror or exc}",
                    "check the folder exists and the file is not open in another program",
                )
            ]
        ) from None
    n = sum(1 for r in lines if r[0] == "action")
    what = f"{quarter} to fill" if quarter else "progress to date to fill"
    return quarter, (
        f"wrote {n} {plural('action', n)} of plan {plan.id} to {display_path(dest)}, {what}"
    )


def _csv(plan: m.ActionPlan, quarter: str | None, fill: str, rows: list[Row]) -> bytes:
    columns = columns_of(plan)
    buf = io.StringIO(newline="")
    out = csv.writer(buf)
    out.writerow([title_cell(plan, quarter)])
    out.writerow([c.heading for c in columns])
    for _, cells, _ in rows:
        out.writerow([csv_cell(c) for c in cells])  # text that starts "=" stays text
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


WRITERS: dict[str, Writer] = {".xlsx": xlsx, ".ods": ods, ".csv": _csv}
"""The formats `sosafe sheet` writes (an .xls is read, but not written: see the README)."""
