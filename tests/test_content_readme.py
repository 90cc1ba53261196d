"""An editor doing what the README says never breaks the suite.

The README's own example of recording progress (`sosafe progress PLAN ACTION Qn "…"`) is
read from README.md and run, as written, on a copy of the repository's content; the copy
is then built strictly and must keep the whole content contract (tests/contract/).
"""

from __future__ import annotations

import difflib
import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import BIN, ROOT, mkdocs_build, run
from contract import Project, breaches, text_of

from sosafe_gen.content.check import load_content
from sosafe_gen.content.record import iter_actions


def readme_progress_example() -> list[str]:
    """The README's example command, its words as a shell would split them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for span in re.findall(r"`(sosafe progress [^`]+)`", readme):
        words = shlex.split(" ".join(span.split()))  # an example may wrap across lines
        if len(words) == 6 and re.fullmatch(r"Q[1-4]", words[4]):
            return words
    raise AssertionError('README.md has no example `sosafe progress PLAN ACTION Qn "text"`')


def test_the_readme_example_is_a_whole_command() -> None:
    words = readme_progress_example()
    assert words[:2] == ["sosafe", "progress"]
    assert words[5].strip()


def test_the_readmes_progress_example_keeps_the_content_contract(
    tmp_path: Path, real_site: Path
) -> None:
    command = readme_progress_example()
    plan_id, action_id, quarter, words = command[2:]
    content = load_content(ROOT / "content")
    plan = content.plans.get(plan_id)
    if plan is None or action_id not in {a.id for _, _, a in iter_actions(plan)}:
        pytest.skip(
            f"the content has no action {action_id} in a plan {plan_id}, which the README's "
            "example records progress for (another partnership's content)"
        )
    if plan.progress_mode != "quarterly":
        pytest.skip(f"plan {plan_id} records progress to date, not by quarter")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("mkdocs.yml", "content", "docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name)
        elif (ROOT / name).is_file():
            shutil.copy2(ROOT / name, src / name)
    if (ROOT / ".cache").is_dir():  # real_site kept its PDFs: only the edited plan's is made
        shutil.copytree(ROOT / ".cache", src / ".cache")
    before = {f: f.read_text(encoding="utf-8") for f in (src / "content").rglob("*") if f.is_file()}
    out = run(str(BIN / command[0]), *command[1:], cwd=src)
    assert out.returncode == 0, out.stderr
    # As the README promises: that one file changes, by that quarter's line.
    plan_file = src / "content" / str(content.file_of(f"action-plans:{plan_id}"))
    assert [f for f, text in before.items() if f.read_text(encoding="utf-8") != text] == [plan_file]
    diff = [
        line
        for line in difflib.unified_diff(
            before[plan_file].splitlines(), plan_file.read_text().splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    added = [line[1:].strip() for line in diff if line.startswith("+")]
    assert added == [f"{quarter}: {words}"]
    assert len(diff) <= 2  # and the old text of that quarter, if it had one
    built = mkdocs_build(src, tmp_path / "site", pdf=True)  # the contract reads the PDFs
    assert built.returncode == 0, built.stderr
    project = Project(src, tmp_path / "site")
    recorded = next(
        a for _, _, a in iter_actions(project.content.plans[plan_id]) if a.id == action_id
    )
    assert (recorded.progress or {}).get(quarter) == words
    assert words in text_of(project.article(project.plan.plan_src(plan_id)))
    assert breaches(project) == {}


def readme_return_example() -> tuple[list[str], list[list[str]]]:
    """The README's quarterly return: its `sosafe sheet` command and the imports after it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sheet = re.search(r"^\s*(sosafe sheet \S+ -o \S+\.xlsx --quarter Q[1-4])\s*$", readme, re.M)
    imports = re.findall(r"^\s*(sosafe import \S+ --progress-only)\s*$", readme, re.M)
    assert sheet and imports, "README.md has no quarterly return example"
    return shlex.split(sheet.group(1)), [shlex.split(i) for i in imports]


def test_the_readmes_quarterly_return_runs_as_written(tmp_path: Path) -> None:
    """Write the sheet, fill one cell of the first action as a lead would, import each
    returned sheet as the README does (the other one sent back unchanged, as CSV): the plan
    changes by that one cell and the content stays valid."""
    from openpyxl import load_workbook

    sheet_cmd, imports = readme_return_example()
    plan_id, quarter = sheet_cmd[2], sheet_cmd[-1]
    content = load_content(ROOT / "content")
    plan = content.plans.get(plan_id)
    if plan is None or plan.progress_mode != "quarterly":
        pytest.skip(f"the content has no quarterly plan {plan_id} (another partnership's)")
    src = tmp_path / "src"
    shutil.copytree(ROOT / "content", src / "content")
    before = {f: f.read_bytes() for f in (src / "content").rglob("*") if f.is_file()}
    out = run(str(BIN / "sosafe"), *sheet_cmd[1:], cwd=src)
    assert out.returncode == 0, out.stderr
    written = src / sheet_cmd[4]
    _, _, first = next(iter_actions(plan))
    words = "Written for the test of the README's example."
    for cmd in imports:
        returned = src / cmd[2]
        returned.parent.mkdir(parents=True, exist_ok=True)
        if returned.suffix == ".csv":
            csv_cmd = [*sheet_cmd[1:4], str(returned), *sheet_cmd[5:]]
            assert run(str(BIN / "sosafe"), *csv_cmd, cwd=src).returncode == 0
        else:
            wb = load_workbook(written)
            ws = wb["Plan"]
            col = next(c for c in range(1, ws.max_column + 1) if ws.cell(2, c).value == quarter)
            row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == first.id)
            ws.cell(row, col).value = words
            wb.save(returned)
        out = run(str(BIN / cmd[0]), *cmd[1:], cwd=src)
        assert out.returncode == 0, out.stderr
    plan_file = src / "content" / str(content.file_of(f"action-plans:{plan_id}"))
    changed = [f for f, raw in before.items() if f.exists() and f.read_bytes() != raw]
    assert changed == [plan_file]
    diff = [
        line
        for line in difflib.unified_diff(
            before[plan_file].decode().splitlines(),
            plan_file.read_text().splitlines(),
            lineterm="",
            n=0,
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert [line[1:].strip() for line in diff if line.startswith("+")] == [f"{quarter}: {words}"]
    assert len(diff) <= 2  # and the old text of that quarter, if it had one
    check = run(str(BIN / "sosafe"), "check", "content", cwd=src)
    assert check.returncode == 0, check.stderr
