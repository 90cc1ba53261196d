"""`sosafe import`: a spreadsheet in the council's layout becomes a plan's YAML, or nothing."""

from __future__ import annotations

import csv
import difflib
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import BIN, FIXTURE_SITE, QUARTERLY, TO_DATE, run
from openpyxl import Workbook

from sosafe_gen.content import model as m
from sosafe_gen.content.check import load_content


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE_SITE / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def _who(x: m.Lead | str) -> str:
    """As the council writes a lead: `Police (Pat Example)`."""
    if isinstance(x, str):
        return x
    return f"{x.organisation} ({x.person})" if x.person else x.organisation


EXTRA_HEADINGS = {"timescale": "Timescale", "measures": "Success measures"}


def _actions(plan: m.ActionPlan) -> list[m.Action]:
    return [a for s in plan.sections for aim in s.aims for a in aim.actions]


def write_sheet(plan: m.ActionPlan, path: Path, title: str = "Action plan") -> Path:
    """The plan as the council lays it out: a title row, the header, a numbered row per
    section, the aim merged down its actions, a blank row between sections."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    quarterly = plan.progress_mode == "quarterly"
    header = QUARTERLY if quarterly else TO_DATE
    extras = [k for k in ("timescale", "measures") if any(getattr(a, k) for a in _actions(plan))]
    header = [*header[:6], *(EXTRA_HEADINGS[k] for k in extras), *header[6:]]
    ws.append([plan.title])
    ws.append(header)
    for sec in plan.sections:
        ws.append([f"{sec.number}. {sec.title}"])
        ws.merge_cells(
            start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header)
        )
        for aim in sec.aims:
            first = ws.max_row + 1
            for i, a in enumerate(aim.actions):
                progress = (
                    [(a.progress or {}).get(q, "") for q in m.QUARTERS]
                    if quarterly
                    else [a.progress_to_date or ""]
                )
                ws.append(
                    [
                        f"{aim.number} {aim.text}" if i == 0 else None,
                        f"{a.ref} {a.text}" if a.ref else a.text,
                        "\n".join(_who(x) for x in a.lead),
                        "\n".join(_who(x) for x in a.partners),
                        "\n".join(a.resources),
                        "\n".join(a.expected_outcomes),
                        *(
                            (a.timescale.text if a.timescale else "")
                            if k == "timescale"
                            else "\n".join(a.measures)
                            for k in extras
                        ),
                        *progress,
                    ]
                )
            if ws.max_row > first:
                ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
        ws.append([])
    wb.save(path)
    return path


@pytest.mark.parametrize("plan_id", ["2025-26", "2017-18"])
def test_import_of_the_plans_sheet_reproduces_the_plan(
    content: Path, tmp_path: Path, plan_id: str
) -> None:
    original = load_content(content).plans[plan_id]
    sheet = write_sheet(original, tmp_path / f"{plan_id}.xlsx")
    before = (content / f"action-plans/{plan_id}.yml").read_text()
    out = run(str(BIN / "sosafe"), "import", str(sheet), "--plan", plan_id, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    n = sum(len(a.actions) for s in original.sections for a in s.aims)
    assert out.stdout.startswith(f"imported {len(original.sections)} sections, ")
    assert f"and {n} actions from " in out.stdout
    assert load_content(content).plans[plan_id] == original
    # Nothing changed in the sheet, so nothing changes in the file: comments, layout and all.
    assert (content / f"action-plans/{plan_id}.yml").read_text() == before


def test_import_reads_changed_cells_into_the_plan(content: Path, tmp_path: Path) -> None:
    original = load_content(content).plans["2025-26"]
    path = write_sheet(original, tmp_path / "plan.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    row = next(
        r
        for r in range(1, ws.max_row + 1)
        if str(ws.cell(r, 2).value or "").startswith("a) Give the talk on drugs")
    )
    ws.cell(row, 10).value = "Talks given in four more schools."
    ws.cell(row, 4).value = "Youth Service\nNew Partner"
    wb.save(path)
    before = (content / "action-plans/2025-26.yml").read_text()
    out = run(str(BIN / "sosafe"), "import", str(path), "--plan", "2025-26", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    after = (content / "action-plans/2025-26.yml").read_text()
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "-              - {organisation: Schools, person: Lee Placeholder}",
        "+              - New Partner",
        "+              Q4: Talks given in four more schools.",
    ]
    action = next(
        a
        for s in load_content(content).plans["2025-26"].sections
        for aim in s.aims
        for a in aim.actions
        if a.id == "1-1-a"
    )
    assert action.progress == {
        "Q1": "Talks given at two schools.",
        "Q2": "A third school booked the talk.",
        "Q3": "Pupils wrote a leaflet on nitrous oxide.",
        "Q4": "Talks given in four more schools.",
    }
    assert action.partners == ["Youth Service", "New Partner"]
    assert action.themes == ["drugs", "asb"]  # kept from the plan: the sheet has no Themes column


def _bad_sheet(path: Path) -> Path:
    """A new plan with a Themes column, a formula with a saved value, merged aims, blank rows
    and three bad rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan 2025"
    ws.append([*TO_DATE, "Themes"])
    ws.append(["1. Antisocial behaviour", None, None, None, None, None, None, "asb"])  # 2
    ws.append(
        [
            "1.1 Reduce ASB in the town centre",
            "a) Joint patrols",
            "Police",
            "SBC",
            "Staff",
            "Fewer reports",
            "=1+1",
            None,
        ]
    )  # 3
    ws.append(
        [None, "b) Youth diversion", "SBC", "Police", "Staff", "More sessions", None, None]
    )  # 4
    ws.merge_cells("A3:A4")
    ws.append([])  # 5
    ws.append(
        ["2. Fraud", None, None, None, None, None, None, "fraud; Frauds"]
    )  # 6: one unknown theme
    ws.append(
        ["2.1 Help people spot scams", None, "Police", None, None, None, None, None]
    )  # 7: no action
    ws.append(
        ["2.2 Talk at events", "Stalls at events", "Police", None, None, None, "=A1&A2", None]
    )  # 8: formula, no value
    wb.save(path)
    return path


def _cache_formula_value(path: Path, cell: str, value: str) -> None:
    """Give one formula a saved value, as Excel does when it saves the file."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                xml, n = re.subn(
                    rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v\s*/?>(</v>)?',
                    rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>',
                    xml,
                )
                assert n == 1, xml
                data = xml.encode()
            zout.writestr(item, data)
    tmp.replace(path)


def _import_with_source(sheet: Path, cwd: Path) -> Any:
    """`sosafe import SHEET` for a new plan, sourced to the fixture's cabinet report."""
    return run(str(BIN / "sosafe"), "import", str(sheet), "--source", "new-report", cwd=cwd)


def test_bad_rows_are_named_all_at_once_and_nothing_is_written(
    content: Path, tmp_path: Path
) -> None:
    sheet = _bad_sheet(tmp_path / "2026-27.xlsx")
    _cache_formula_value(sheet, "G3", "Two patrols a week")
    before = sorted(p.name for p in (content / "action-plans").iterdir())
    out = _import_with_source(sheet, tmp_path)
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr == (
        "2026-27.xlsx:Plan 2025!H6: unknown theme 'Frauds'\n"
        "  hint: did you mean 'fraud'?\n"
        "2026-27.xlsx:Plan 2025!B7: the action is empty\n"
        "  hint: describe the action, or delete the row\n"
        "2026-27.xlsx:Plan 2025!G8: formula =A1&A2 has no saved value\n"
        "  hint: open the file in Excel or LibreOffice and save it, or type the value in\n"
        "3 problems found; nothing was written.\n"
    )
    assert sorted(p.name for p in (content / "action-plans").iterdir()) == before


def test_good_rows_of_a_new_plan_import_with_merged_aims_and_cached_formulas(
    content: Path, tmp_path: Path
) -> None:
    sheet = _bad_sheet(tmp_path / "2026-27.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(sheet)
    ws = wb.active
    ws.delete_rows(6, 3)
    wb.save(sheet)
    _cache_formula_value(sheet, "G3", "Two patrols a week")
    out = _import_with_source(sheet, tmp_path)
    assert out.returncode == 0, out.stderr
    plan = load_content(content).plans["2026-27"]
    assert (plan.status, plan.progress_mode, plan.strategy) == ("draft", "to_date", "2025-28")
    (sec,) = plan.sections
    assert (sec.number, sec.title, sec.themes) == (
        1,
        "Antisocial behaviour",
        ["asb"],
    )
    (aim,) = sec.aims  # the merged aim covers both actions
    assert (aim.id, aim.number, aim.text) == ("1-1", "1.1", "Reduce ASB in the town centre")
    assert [(a.id, a.ref, a.text) for a in aim.actions] == [
        ("1-1-a", "a)", "Joint patrols"),
        ("1-1-b", "b)", "Youth diversion"),
    ]
    assert aim.actions[0].progress_to_date == "Two patrols a week"
    assert aim.actions[1].progress_to_date is None


def test_csv_with_a_bad_row_names_the_cell(content: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "2017-18.csv"
    csv_file.write_text(
        "Aim,Action,Lead,Partners,Resources,Expected outcomes,Progress to date\n"
        "1. Antisocial behaviour,,,,,,\n"
        ",Patrols,Police,,,,\n",
        encoding="utf-8",
    )
    before = (content / "action-plans/2017-18.yml").read_bytes()
    out = run(str(BIN / "sosafe"), "import", str(csv_file), cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.splitlines()[0] == "2017-18.csv:A3: this action has no aim"
    assert (content / "action-plans/2017-18.yml").read_bytes() == before


def test_csv_cells_may_hold_line_breaks(content: Path, tmp_path: Path) -> None:
    """A quoted cell with line breaks is one cell (one item per line), and rows are counted
    as a spreadsheet counts them, so a problem below it names the right row."""
    csv_file = tmp_path / "2027-28.csv"
    with csv_file.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [
                [*TO_DATE, "Themes"],
                ["1. Antisocial behaviour", "", "", "", "", "", "", "asb"],
                ["1.1 Reduce ASB", "a) Patrols", "Police\nCouncil", "", "", "", "Yes"],
                ["", "b) Youth work", "Police\r\nYMCA", "", "", "", "No"],
            ]
        )
    out = _import_with_source(csv_file, tmp_path)
    assert out.returncode == 0, out.stderr
    (sec,) = load_content(content).plans["2027-28"].sections
    a, b = sec.aims[0].actions
    assert [x.organisation for x in a.lead] == ["Police", "Council"]
    assert [x.organisation for x in b.lead] == ["Police", "YMCA"]
    assert (a.progress_to_date, b.progress_to_date) == ("Yes", "No")
    with csv_file.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(["1.2 Reduce begging", "", "Police", "", "", "", ""])
    out = _import_with_source(csv_file, tmp_path)
    assert out.returncode == 1
    assert out.stderr.splitlines()[:2] == [
        "2027-28.csv:B5: the action is empty",
        "  hint: describe the action, or delete the row",
    ]
