"""The quarterly return: `sosafe sheet` writes a plan as the spreadsheet lead officers fill
in, and `sosafe import --progress-only` merges what they wrote back, cell by cell."""

from __future__ import annotations

import csv
import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BIN, FIXTURES, QUARTERLY, ROOT, run
from openpyxl import Workbook, load_workbook

from sosafe_gen.content.check import load_content
from sosafe_gen.content.delivery import STATUS_LABELS
from sosafe_gen.content.record import iter_actions
from sosafe_gen.edit.office.layout import column_key, plan_columns

SOSAFE = str(BIN / "sosafe")


def _content(tmp_path: Path, fixture: str) -> Path:
    shutil.copytree(FIXTURES / fixture / "content", tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The Testford fixture's content (plan 2025-26: quarterly, Q1 to Q4 partly filled)."""
    return _content(tmp_path, "site")


def _snapshot(content: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(content)): p.read_bytes()
        for p in sorted(content.rglob("*"))
        if p.is_file() and p.name != ".sosafe.lock"
    }


def _diff(before: bytes, after: bytes) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(
            before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def _sheet(content: Path, plan: str, name: str, *extra: str) -> Path:
    out = run(SOSAFE, "sheet", plan, "-o", name, *extra, cwd=content.parent)
    assert out.returncode == 0, out.stderr
    return content.parent / name


def _import(content: Path, sheet: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(SOSAFE, "import", sheet.name, "--progress-only", *extra, cwd=content.parent)


def _fill(path: Path, cells: dict[tuple[str, str], str]) -> None:
    """Type into the Plan sheet as a lead would: (action id, column heading) → text."""
    wb = load_workbook(path)
    ws = wb["Plan"]
    heads = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for (aid, heading), text in cells.items():
        ws.cell(rows[aid], heads[heading]).value = text
    wb.save(path)


def _fill_csv(path: Path, cells: dict[tuple[str, str], str]) -> None:
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    heads = {h: c for c, h in enumerate(rows[1])}
    for (aid, heading), text in cells.items():
        next(r for r in rows if r and r[0] == aid)[heads[heading]] = text
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_the_sheet_is_the_layout_import_reads_protected_with_a_status_list(site: Path) -> None:
    path = _sheet(site, "2025-26", "plan-2025-26-Q4.xlsx", "--quarter", "Q4")
    plan = load_content(site).plans["2025-26"]
    wb = load_workbook(path)
    assert wb.sheetnames == ["Plan", "How to fill this in"]
    ws = wb["Plan"]
    assert ws["A1"].value == "Action Plan 2025/26: return for Q4 (plan 2025-26)"
    headings = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    assert headings == [c.heading for c in plan_columns("quarterly")]
    assert headings[:3] == ["Id", "Aim", "Action"]
    ids = [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)]
    assert [i for i in ids if i and "." not in i] == [a.id for _, _, a in iter_actions(plan)]
    # Protected without a password; the quarter to fill and the status are the only
    # unlocked cells, and only on action rows.
    assert ws.protection.sheet is True
    assert ws.protection.password is None
    col = {h: c for c, h in enumerate(headings, start=1)}
    unlocked = {
        (ws.cell(r, 1).value, headings[c - 1])
        for r in range(1, ws.max_row + 1)
        for c in range(1, ws.max_column + 1)
        if not ws.cell(r, c).protection.locked
    }
    action_ids = [a.id for _, _, a in iter_actions(plan)]
    assert unlocked == {(a, h) for a in action_ids for h in ("Q4", "Status")}
    # Status cells offer only the allowed values.
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"planned,in progress,done,not done,carried forward,dropped"'
    assert validation.showErrorMessage
    status_cells = {str(r) for r in validation.sqref.ranges}
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    assert status_cells == {f"L{rows[a]}" for a in action_ids}
    assert headings[col["Status"] - 1] == "Status" and col["Status"] == 12
    # The header is frozen, printed on every page, one page wide; the Check column hidden.
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["M"].hidden
    assert ws.column_dimensions["K"].width > ws.column_dimensions["J"].width
    assert all(ws.cell(rows[a], col["Q4"]).alignment.wrap_text for a in action_ids)
    how = [c.value for c in wb["How to fill this in"]["A"]]
    assert how[1] == "This return is for Q4 (quarter 4 of 2025/26)."
    assert "2. In the yellow 'Q4' column, write what was done in Q4" in how[3]
    assert wb["How to fill this in"].protection.sheet is True


@pytest.mark.parametrize("name", ["plan-2025-26-Q4.xlsx", "plan-2025-26-Q4.csv"])
def test_an_unchanged_sheet_changes_no_byte(site: Path, name: str) -> None:
    before = _snapshot(site)
    sheet = _sheet(site, "2025-26", name)
    out = _import(site, sheet)
    assert out.returncode == 0, out.stderr
    where = f"{name}:Plan" if name.endswith("xlsx") else name
    assert out.stdout == f"nothing to import from {where}: no cell differs from plan 2025-26\n"
    assert _snapshot(site) == before


def test_filling_cells_of_one_quarter_changes_exactly_those_lines(site: Path) -> None:
    sheet = _sheet(site, "2025-26", "plan-2025-26-Q4.xlsx")  # Q4: after the latest, Q3
    _fill(
        sheet,
        {
            ("1-1-a", "Q4"): "Talks given in four more schools.",
            ("1-1-b", "Q4"): "Campaign ran on the buses.",
            ("3-1-a", "Q4"): "Two more sessions held.",
        },
    )
    plan_file = site / "action-plans/2025-26.yml"
    before = plan_file.read_bytes()
    out = _import(site, sheet)
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "content/action-plans/2025-26.yml: recorded Q4 progress of 3 actions "
        "from plan-2025-26-Q4.xlsx:Plan\n"
    )
    assert _diff(before, plan_file.read_bytes()) == [
        "+              Q4: Talks given in four more schools.",
        "+              Q4: Campaign ran on the buses.",
        "+              Q4: Two more sessions held.",
    ]
    # The same sheet imported again changes nothing more.
    again = plan_file.read_bytes()
    assert _import(site, sheet).returncode == 0
    assert plan_file.read_bytes() == again


def test_a_changed_wording_is_reported_per_cell_and_nothing_is_written(site: Path) -> None:
    sheet = _sheet(site, "2025-26", "plan-2025-26-Q4.xlsx")
    _fill(
        sheet,
        {
            ("1-1-a", "Q4"): "Talks given in four more schools.",
            ("2-1-a", "Action"): "a) Patrol the parks on summer and autumn evenings.",
            ("2-1-b", "Lead"): "Council\nPolice",
        },
    )
    before = _snapshot(site)
    out = _import(site, sheet)
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr == (
        "plan-2025-26-Q4.xlsx:Plan!C8: the action's text differs from the plan; not imported\n"
        "  hint: to take it into the plan, import the sheet again with --accept-changes\n"
        "plan-2025-26-Q4.xlsx:Plan!D9: the lead differs from the plan; not imported\n"
        "  hint: to take it into the plan, import the sheet again with --accept-changes\n"
        "2 problems found; nothing was written.\n"
    )
    assert _snapshot(site) == before

    plan_file = site / "action-plans/2025-26.yml"
    out = _import(site, sheet, "--accept-changes")
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "plan-2025-26-Q4.xlsx:Plan!C8: the action's text differs from the plan; "
        "imported with --accept-changes\n"
        "plan-2025-26-Q4.xlsx:Plan!D9: the lead differs from the plan; "
        "imported with --accept-changes\n"
        "content/action-plans/2025-26.yml: recorded Q4 progress of 1 action, "
        "2 other changes accepted from plan-2025-26-Q4.xlsx:Plan\n"
    )
    assert _diff(before["action-plans/2025-26.yml"], plan_file.read_bytes()) == [
        "+              Q4: Talks given in four more schools.",
        "-            text: Patrol the parks on summer evenings.",
        "+            text: Patrol the parks on summer and autumn evenings.",
        "+              - {organisation: Police}",
    ]


def test_two_returns_that_fill_a_cell_differently_are_a_conflict(site: Path) -> None:
    first = _sheet(site, "2025-26", "police.xlsx")
    second = _sheet(site, "2025-26", "council.xlsx")
    _fill(first, {("1-1-a", "Q4"): "Talks given in four more schools."})
    _fill(
        second,
        {
            ("1-1-a", "Q4"): "No more talks this year.",
            ("1-1-b", "Q4"): "Campaign ran on the buses.",
        },
    )
    plan_file = site / "action-plans/2025-26.yml"
    assert _import(site, first).returncode == 0
    after_first = plan_file.read_bytes()
    out = _import(site, second)
    assert out.returncode == 1
    conflict = (
        "council.xlsx:Plan!K4: Q4 of action 1-1-a was changed in the plan since this sheet "
        "was written, and this sheet changes it too; not imported\n"
        "  hint: the plan has: Talks given in four more schools.; to use this sheet's, "
        'record it with `sosafe progress 2025-26 1-1-a Q4 "…"`\n'
    )
    assert out.stderr == conflict + "1 problem found; nothing was written.\n"
    assert plan_file.read_bytes() == after_first
    # Accepted, the rest of the sheet goes in; the conflicting cell keeps the first return's.
    out = _import(site, second, "--accept-changes")
    assert out.returncode == 0, out.stderr
    assert out.stdout == conflict + (
        "content/action-plans/2025-26.yml: recorded Q4 progress of 1 action "
        "from council.xlsx:Plan\n"
    )
    assert _diff(after_first, plan_file.read_bytes()) == [
        "+              Q4: Campaign ran on the buses."
    ]


def test_a_second_return_leaves_the_first_returns_cells_alone(site: Path) -> None:
    first = _sheet(site, "2025-26", "police.xlsx")
    second = _sheet(site, "2025-26", "council.xlsx")
    _fill(first, {("2-1-a", "Q4"): "Patrols booked for May."})
    _fill(second, {("2-1-b", "Q4"): "Lights mended."})
    plan_file = site / "action-plans/2025-26.yml"
    before = plan_file.read_bytes()
    assert _import(site, first).returncode == 0
    assert _import(site, second).returncode == 0
    assert _diff(before, plan_file.read_bytes()) == [
        "-              Q4: Patrols planned for next summer.",
        "+              Q4: Patrols booked for May.",
        "+            progress:",
        "+              Q4: Lights mended.",
    ]


def test_a_csv_return_works_the_same_way(site: Path) -> None:
    sheet = _sheet(site, "2025-26", "plan-2025-26-Q4.csv", "--quarter", "q4")
    text = sheet.read_text(encoding="utf-8-sig")
    assert text.splitlines()[:2] == [
        "Action Plan 2025/26: return for Q4 (plan 2025-26)",
        ",".join(c.heading for c in plan_columns("quarterly")),
    ]
    _fill_csv(
        sheet,
        {
            ("1-1-c", "Q4"): "Ten youth workers trained.\n\nMore booked for spring.",
            ("1-1-c", "Status"): "In progress",
            ("3-1-a", "Expected outcomes"): "Fewer scams reported.",
        },
    )
    plan_file = site / "action-plans/2025-26.yml"
    before = plan_file.read_bytes()
    out = _import(site, sheet)
    assert out.returncode == 1
    assert out.stderr == (
        "plan-2025-26-Q4.csv:G11: the expected outcomes differ from the plan; not imported\n"
        "  hint: to take it into the plan, import the sheet again with --accept-changes\n"
        "1 problem found; nothing was written.\n"
    )
    _fill_csv(sheet, {("3-1-a", "Expected outcomes"): ""})
    out = _import(site, sheet)
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "content/action-plans/2025-26.yml: recorded Q4 progress of 1 action, "
        "1 status (Q4) from plan-2025-26-Q4.csv\n"
    )
    assert _diff(before, plan_file.read_bytes()) == [
        "+            progress:",
        "+              Q4: |-",
        "+                Ten youth workers trained.",
        "+",
        "+                More booked for spring.",
        "+            status: {value: in-progress, quarter: Q4}",
    ]


def test_a_status_change_is_recorded_in_the_returns_quarter(tmp_path: Path) -> None:
    content = _content(tmp_path, "scrutiny")
    sheet = _sheet(content, "2026-27", "harbour.xlsx")  # Q3: after the latest, Q2
    wb = load_workbook(sheet)
    assert wb["Plan"]["A1"].value.endswith("return for Q3 (plan 2026-27)")
    _fill(
        sheet,
        {
            ("1-1-a", "Status"): STATUS_LABELS["done"],
            ("1-1-a", "Q3"): "Hub busy.",
            ("1-1-b", "Status"): "Planned",  # typed, not chosen: read the same
        },
    )
    plan_file = content / "action-plans/2026-27.yml"
    before = plan_file.read_bytes()
    out = _import(content, sheet)
    assert out.returncode == 0, out.stderr
    assert _diff(before, plan_file.read_bytes()) == [
        "-            status: {value: in-progress, quarter: Q2}",
        "+              Q3: Hub busy.",
        "+            status: {value: done, quarter: Q3}",
        "+              - {value: in-progress, quarter: Q2}",
        "+            status: {value: planned, quarter: Q3}",
    ]
    action = next(
        a for _, _, a in iter_actions(load_content(content).plans["2026-27"]) if a.id == "1-1-a"
    )
    assert [s.value for s in action.status_history] == ["planned", "in-progress"]
    # The same status written another way is no change.
    _fill(sheet, {("1-1-a", "Status"): "Done", ("1-1-b", "Status"): ""})
    after = plan_file.read_bytes()
    out = _import(content, sheet)
    assert out.returncode == 0, out.stderr
    assert plan_file.read_bytes() == after


def test_a_status_not_in_the_list_and_a_bad_check_are_named(site: Path) -> None:
    sheet = _sheet(site, "2025-26", "plan.csv")
    _fill_csv(sheet, {("1-1-a", "Status"): "finished", ("2-1-b", "Check"): "abc"})
    before = _snapshot(site)
    out = _import(site, sheet)
    assert out.returncode == 1
    assert out.stderr == (
        "plan.csv:L4: 'finished' is not a status\n"
        "  hint: choose one of: planned, in progress, done, not done, carried forward, dropped\n"
        "plan.csv:M9: this row's Check cell is not as `sosafe sheet` wrote it\n"
        "  hint: copy the row's Check cell back from the sheet as it was sent\n"
        "2 problems found; nothing was written.\n"
    )
    assert _snapshot(site) == before


def test_a_plan_with_progress_to_date_fills_that_column(site: Path) -> None:
    out = run(SOSAFE, "sheet", "2017-18", "-o", "old.xlsx", "--quarter", "Q4", cwd=site.parent)
    assert out.returncode == 1
    assert out.stderr == (
        "content/action-plans/2017-18.yml:1:1: plan 2017-18 records one 'progress to date', "
        "not quarters\n  hint: leave out --quarter\n1 problem found; nothing was written.\n"
    )
    sheet = _sheet(site, "2017-18", "old.xlsx")
    ws = load_workbook(sheet)["Plan"]
    headings = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    assert headings == [c.heading for c in plan_columns("to_date")]
    assert "Status" not in headings
    _fill(sheet, {("1-1-a", "Progress to date"): "Youth meetings held every month."})
    plan_file = site / "action-plans/2017-18.yml"
    before = plan_file.read_bytes()
    out = _import(site, sheet)
    assert out.returncode == 0, out.stderr
    assert _diff(before, plan_file.read_bytes()) == [
        "-            progress_to_date: Youth meetings re-introduced.",
        "+            progress_to_date: Youth meetings held every month.",
    ]


def test_a_new_row_is_reported_and_added_when_accepted(site: Path) -> None:
    sheet = _sheet(site, "2025-26", "plan.csv")
    rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "2-1-b") + 1
    new = ["", "", "c) Put up signs at the park gates.", "Council", *[""] * 6, "Signs ordered."]
    rows.insert(at, new)
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    before = _snapshot(site)
    out = _import(site, sheet)
    assert out.returncode == 1
    assert out.stderr == (
        f"plan.csv:A{at + 1}: a new row, with no action id; not imported\n"
        "  hint: to take it into the plan, import the sheet again with --accept-changes\n"
        "1 problem found; nothing was written.\n"
    )
    assert _snapshot(site) == before
    out = _import(site, sheet, "--accept-changes")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == (
        f"plan.csv:A{at + 1}: a new row, with no action id; imported with --accept-changes "
        "as action 2-1-c"
    )
    assert _diff(
        before["action-plans/2025-26.yml"], (site / "action-plans/2025-26.yml").read_bytes()
    ) == [
        "+          - id: 2-1-c",
        "+            ref: c)",
        "+            text: Put up signs at the park gates.",
        "+            lead:",
        "+              - {organisation: Council}",
        "+            progress:",
        "+              Q4: Signs ordered.",
    ]


def test_a_full_import_of_a_written_sheet_matches_actions_by_id(site: Path) -> None:
    """Without --progress-only the sheet is the new plan; its Id column keeps a reworded
    action the same action (its themes, status and lineage stay)."""
    sheet = _sheet(site, "2025-26", "plan.xlsx")
    _fill(sheet, {("1-1-a", "Action"): "a) Give the talk on drugs in every secondary school."})
    plan_file = site / "action-plans/2025-26.yml"
    before = plan_file.read_bytes()
    out = run(SOSAFE, "import", "plan.xlsx", "--plan", "2025-26", cwd=site.parent)
    assert out.returncode == 0, out.stderr
    assert _diff(before, plan_file.read_bytes()) == [
        "-            text: Give the talk on drugs and antisocial behaviour in secondary schools.",
        "+            text: Give the talk on drugs in every secondary school.",
    ]


@pytest.mark.parametrize("name", ["plan.xlsx", "plan.csv"])
def test_text_a_spreadsheet_would_run_as_a_formula_stays_text(site: Path, name: str) -> None:
    out = run(SOSAFE, "progress", "2025-26", "1-1-c", "Q4", "=2 sessions booked", cwd=site.parent)
    assert out.returncode == 0, out.stderr
    before = _snapshot(site)
    sheet = _sheet(site, "2025-26", name)
    if name.endswith(".csv"):
        assert "'=2 sessions booked" in sheet.read_text(encoding="utf-8-sig")
    else:
        cell = next(
            c
            for row in load_workbook(sheet)["Plan"]
            for c in row
            if c.value == "=2 sessions booked"
        )
        assert cell.data_type == "s"
    out = _import(site, sheet)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("nothing to import")
    assert _snapshot(site) == before


def test_every_heading_the_sheet_writes_is_one_the_import_reads() -> None:
    for mode in ("quarterly", "to_date"):
        for column in plan_columns(mode, ("timescale", "measures")):
            assert column_key(column.heading) == column.key


def test_a_sheet_not_written_by_sosafe_sheet_is_refused_with_the_reason(site: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action Plan 2025/26: return for Q4 (plan 2025-26)"])
    ws.append(QUARTERLY)
    wb.save(site.parent / "council.xlsx")
    out = _import(site, site.parent / "council.xlsx")
    assert out.returncode == 1
    assert out.stderr == (
        "council.xlsx:Plan!A2: the sheet has no Id, Status or Check column\n"
        "  hint: --progress-only reads a sheet written by `sosafe sheet`; import another "
        "spreadsheet without --progress-only\n"
        "1 problem found; nothing was written.\n"
    )
    sheet = _sheet(site, "2025-26", "plan.xlsx")
    out = _import(site, sheet, "--plan", "2017-18")
    assert out.returncode == 1
    assert out.stderr == (
        "plan.xlsx:Plan!A1: this sheet is for plan 2025-26, not 2017-18\n"
        "  hint: leave out --plan, or import the sheet written for that plan\n"
        "1 problem found; nothing was written.\n"
    )


def test_a_sheet_that_cannot_be_written_is_one_line(site: Path) -> None:
    out = run(SOSAFE, "sheet", "2025-26", "-o", "no-folder/plan.xlsx", cwd=site.parent)
    assert out.returncode == 1
    assert out.stderr == (
        "no-folder/plan.xlsx:1:1: cannot write the sheet: No such file or directory\n"
        "  hint: check the folder exists and the file is not open in another program\n"
        "1 problem found; nothing was written.\n"
    )
    out = run(SOSAFE, "sheet", "2052-53", "-o", "plan.xlsx", cwd=site.parent)
    assert out.returncode == 1
    assert out.stderr.startswith("content/action-plans:1:1: no action plan '2052-53'\n")


def test_the_return_benchmark_runs_at_its_smallest_size(site: Path) -> None:
    """A smoke run of bench/return_round_trip.py (no timing judged)."""
    out = run(
        sys.executable,
        str(ROOT / "bench" / "return_round_trip.py"),
        "--copies",
        "1,2",
        "--content",
        str(site),
        cwd=site.parent,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("| actions | sheet .xlsx (s) |")
    n = sum(1 for _ in iter_actions(load_content(site).plans["2025-26"]))
    rows = [re.match(r"^\| ([\d,]+) \|( [\d.]+ \|){4} (\d+) \|$", line) for line in lines[2:]]
    assert [int(r.group(1)) for r in rows if r] == [n, 2 * n]
    assert _snapshot(site) == _snapshot(FIXTURES / "site" / "content")  # worked on a copy
