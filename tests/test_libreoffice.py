"""The quarterly return through LibreOffice: a sheet saved as .ods or .xls imports with
exactly the diff the .xlsx gives, at the same cell positions; `sosafe sheet -o .ods`
writes one LibreOffice opens protected, with the status list and the Check column hidden."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import BIN, FIXTURE_SITE, run
from openpyxl import load_workbook

SOSAFE = str(BIN / "sosafe")
FILLED = {
    ("1-1-a", "Q4"): "Talks given in four more schools.",
    ("1-1-c", "Status"): "in progress",
    ("3-1-a", "Q4"): "Two more sessions held.\n\nA third booked for May.",
}


def _content(where: Path) -> Path:
    shutil.copytree(FIXTURE_SITE / "content", where / "content")
    return where / "content"


def _fill(path: Path, cells: dict[tuple[str, str], str], dest: Path) -> Path:
    """Type into the Plan sheet as a lead would: (action id, column heading) → text."""
    wb = load_workbook(path)
    ws = wb["Plan"]
    heads = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for (aid, heading), text in cells.items():
        ws.cell(rows[aid], heads[heading]).value = text
    wb.save(dest)
    return dest


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory, libreoffice: Any) -> dict[str, Path]:
    """The return as `sosafe sheet` writes it (.xlsx and .ods), filled in, and saved by
    LibreOffice as .ods and .xls; and LibreOffice's .xlsx of the written .ods, filled in
    and saved back as .ods. Converted once for the module: each conversion takes seconds."""
    where = tmp_path_factory.mktemp("returns")
    content = _content(where)
    for name in ("plan.xlsx", "written.ods"):
        out = run(SOSAFE, "sheet", "2025-26", "-o", name, "--quarter", "Q4", cwd=content.parent)
        assert out.returncode == 0, out.stderr
    filled = _fill(where / "plan.xlsx", FILLED, where / "filled.xlsx")
    changed = {("2-1-a", "Action"): "a) Patrol the parks on summer and autumn evenings."}
    wording = _fill(where / "plan.xlsx", changed, where / "wording.xlsx")
    ods, wording_ods = libreoffice([filled, wording], "ods", where / "lo")
    (xls,) = libreoffice([filled], "xls", where / "lo")
    (back,) = libreoffice([where / "written.ods"], "xlsx", where / "lo")
    (round_trip,) = libreoffice(
        [_fill(back, FILLED, where / "round-trip.xlsx")], "ods", where / "lo2"
    )
    return {
        "xlsx": filled,
        "ods": ods,
        "xls": xls,
        "written.ods": where / "written.ods",
        "written.ods as xlsx": back,
        "round-trip.ods": round_trip,
        "wording.xlsx": wording,
        "wording.ods": wording_ods,
    }


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def _import(tmp_path: Path, sheet: Path, name: str) -> tuple[Any, list[str]]:
    content = _content(tmp_path / name.replace(" ", "-"))
    shutil.copy(sheet, content.parent / sheet.name)
    plan = content / "action-plans/2025-26.yml"
    before = plan.read_text()
    out = run(SOSAFE, "import", sheet.name, "--progress-only", cwd=content.parent)
    return out, _diff(before, plan.read_text())


def test_a_return_saved_by_libreoffice_imports_with_the_xlsx_diff(
    tmp_path: Path, sheets: dict[str, Path]
) -> None:
    results = {n: _import(tmp_path, sheets[n], n) for n in ("xlsx", "ods", "xls", "round-trip.ods")}
    out, diff = results["xlsx"]
    assert out.returncode == 0, out.stderr
    assert diff == [
        "+              Q4: Talks given in four more schools.",
        "+            status: {value: in-progress, quarter: Q4}",
        "+              Q4: |-",
        "+                Two more sessions held.",
        "+",
        "+                A third booked for May.",
    ]
    for name in ("ods", "xls", "round-trip.ods"):
        got, got_diff = results[name]
        assert got.returncode == 0, got.stderr
        assert got_diff == diff, name
        assert got.stdout == out.stdout.replace("filled.xlsx", sheets[name].name)


def test_a_changed_wording_in_an_ods_is_named_at_the_same_cell(
    tmp_path: Path, sheets: dict[str, Path]
) -> None:
    message = (
        "{}:Plan!C8: the action's text differs from the plan; not imported\n"
        "  hint: to take it into the plan, import the sheet again with --accept-changes\n"
        "1 problem found; nothing was written.\n"
    )
    for name in ("wording.xlsx", "wording.ods"):
        out, diff = _import(tmp_path, sheets[name], name)
        assert (out.returncode, out.stderr, diff) == (1, message.format(name), [])


def test_the_ods_sosafe_sheet_writes_is_protected_with_the_status_list(
    tmp_path: Path, sheets: dict[str, Path]
) -> None:
    out, diff = _import(tmp_path, sheets["written.ods"], "written.ods")
    assert out.returncode == 0, out.stderr
    assert (
        out.stdout == "nothing to import from written.ods:Plan: no cell differs from plan 2025-26\n"
    )
    assert diff == []
    # As LibreOffice reads it (and saves it for Excel):
    wb = load_workbook(sheets["written.ods as xlsx"])
    assert wb.sheetnames == ["Plan", "How to fill this in"]
    ws = wb["Plan"]
    assert ws["A1"].value == "Action Plan 2025/26: return for Q4 (plan 2025-26)"
    assert ws.protection.sheet is True
    headings = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    unlocked = {
        (ws.cell(r, 1).value, headings[c - 1])
        for r in range(3, ws.max_row + 1)
        for c in range(1, ws.max_column + 1)
        if not ws.cell(r, c).protection.locked
    }
    ids = ["1-1-a", "1-1-b", "1-1-c", "2-1-a", "2-1-b", "3-1-a"]
    assert unlocked == {(a, h) for a in ids for h in ("Q4", "Status")}
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"planned,in progress,done,not done,carried forward,dropped"'
    assert validation.showErrorMessage
    assert str(validation.sqref) == "L4:L6 L8:L9 L11"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.column_dimensions["M"].hidden
    assert {str(r) for r in ws.merged_cells.ranges} == {
        "A3:M3",
        "B4:B6",
        "A7:M7",
        "B8:B9",
        "A10:M10",
    }
    assert wb["How to fill this in"].protection.sheet is True
