"""`sosafe progress` and `sosafe new plan` on a temp copy of the fixture partnership's content."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import BIN, FIXTURE_SITE, FIXTURES, ROOT, run
from hypothesis import given, settings
from hypothesis import strategies as st

from sosafe_gen.adapters.cli import main
from sosafe_gen.content.check import load_content
from sosafe_gen.content.load import load_bytes
from sosafe_gen.content.problems import ContentError
from sosafe_gen.content.record import iter_actions
from sosafe_gen.edit import files as edit_files
from sosafe_gen.edit.files import LOCK_FILE, validated_write
from sosafe_gen.edit.progress import record_progress
from sosafe_gen.edit.yaml_rt import dump, flow, text_value, yaml_rt

PLAN = "content/action-plans/2025-26.yml"
OLD_PLAN = "content/action-plans/2017-18.yml"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE_SITE / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sosafe(work: Path, *args: str):
    return run(str(BIN / "sosafe"), *args, cwd=work)


def diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("name", ["site", "one-of-each", "strategy-only", "new"])
def test_every_content_file_is_written_back_byte_for_byte(name: str, tmp_path: Path) -> None:
    """An edit rewrites a whole file: whatever it did not change must come back as it was."""
    if name == "new":
        made = sosafe(tmp_path, "init", "new", "--name", "Westbury Community Safety Partnership")
        assert made.returncode == 0, made.stderr
        content = tmp_path / "new" / "content"
    else:
        content = FIXTURES / name / "content"
    files = sorted(content.rglob("*.yml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert dump(yaml_rt().load(text)) == text, path


def test_progress_adds_one_quarter_and_changes_nothing_else(work: Path) -> None:
    before = (work / PLAN).read_text()
    out = sosafe(work, "progress", "2025-26", "1-1-a", "Q4", "Talks given at two more schools.")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "content/action-plans/2025-26.yml: recorded Q4 for action 1-1-a\n"
    assert diff(before, (work / PLAN).read_text()) == [
        "+              Q4: Talks given at two more schools."
    ]
    action = next(
        a for _, _, a in iter_actions(load_content("content").plans["2025-26"]) if a.id == "1-1-a"
    )
    assert action.progress["Q4"] == "Talks given at two more schools."


def test_progress_on_an_action_without_any_goes_where_the_model_puts_it(work: Path) -> None:
    before = (work / PLAN).read_text()
    out = sosafe(
        work, "progress", "2025-26", "1-1-c", "q2", "Planning group met twice.\n\n- Leaflets: 200"
    )
    assert out.returncode == 0, out.stderr
    after = (work / PLAN).read_text()
    assert diff(before, after) == [
        "+            progress:",
        "+              Q2: |-",
        "+                Planning group met twice.",
        "+",
        "+                - Leaflets: 200",
    ]
    # Inserted after expected_outcomes, before objective; the comments below are kept.
    assert (
        "              - Youth workers feel confident to start the conversation.\n            progress:\n"
        in after
    )
    assert after.count(
        "# ---------------------------------------------------------------------------------------"
    ) == before.count(
        "# ---------------------------------------------------------------------------------------"
    )


def test_progress_to_date_replaces_the_old_text(work: Path) -> None:
    before = (work / OLD_PLAN).read_text()
    out = sosafe(work, "progress", "2017-18", "1-1-b", "--to-date", "Youth provision reviewed.")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "content/action-plans/2017-18.yml: recorded progress to date for action 1-1-b",
        "  (it replaced: Referral cards printed....)",
    ]
    # Only the text changes: the one-key flow mapping above it (`[{organisation: Council}]`)
    # is written back as it was.
    assert diff(before, (work / OLD_PLAN).read_text()) == [
        "-              Referral cards printed.",
        "-",
        "-              Staff at the youth club trained to use them.",
        "+              Youth provision reviewed.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["2017-18", "1-1-b", "Q2", "text"],
            "content/action-plans/2017-18.yml:6:16: plan 2017-18 records one 'progress to date', not quarters\n"
            "  hint: use --to-date instead of Q2\n",
        ),
        (
            ["2025-26", "1-1-a", "--to-date", "text"],
            "content/action-plans/2025-26.yml:8:16: plan 2025-26 records progress by quarter\n"
            "  hint: give the quarter: Q1, Q2, Q3 or Q4 (not --to-date)\n",
        ),
        (
            ["2025-26", "1-1-x", "Q1", "text"],
            "content/action-plans/2025-26.yml:1:1: no action '1-1-x' in plan 2025-26\n"
            "  hint: did you mean '1-1-c' or '1-1-b' or '1-1-a'?\n",
        ),
        (
            ["2025-26", "1-1-a", "Q1", "   "],
            "content/action-plans/2025-26.yml:1:1: the progress text is empty\n"
            "  hint: write what was done\n",
        ),
        (
            ["2042-43", "1-1-a", "Q1", "text"],
            "content/action-plans/2042-43.yml:1:1: no action plan '2042-43'\n"
            "  hint: plans: 2017-18, 2025-26\n",
        ),
    ],
)
def test_bad_values_leave_every_file_byte_identical(
    work: Path, args: list[str], message: str
) -> None:
    def content() -> dict[Path, bytes]:  # every file but the edits' lock
        files = (work / "content").rglob("*")
        return {p: p.read_bytes() for p in files if p.is_file() and p.name != LOCK_FILE}

    files = content()
    out = sosafe(work, "progress", *args)
    assert out.returncode == 1
    assert out.stderr == message + "1 problem found; nothing was written.\n"
    assert content() == files


def test_the_whole_content_is_validated_before_the_file_is_replaced(work: Path) -> None:
    path = work / PLAN
    before = path.read_bytes()
    broken = before.decode().replace("strategy: 2025-28", "strategy: 2025-82")
    with pytest.raises(ContentError) as exc:
        validated_write(work / "content", path, broken, before)
    assert str(exc.value.problems[0]).splitlines() == [
        "content/action-plans/2025-26.yml:6:11: strategy: unknown strategy '2025-82'",
        "  hint: did you mean '2025-28' or '2015-18'?",
    ]
    assert path.read_bytes() == before


def test_an_interrupted_write_leaves_the_old_file(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = work / PLAN
    before = path.read_bytes()

    def power_cut(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(KeyboardInterrupt):
        record_progress(work / "content", "2025-26", "1-1-a", "Q4", "text")
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["2017-18.yml", "2025-26.yml"]


def test_new_plan_carries_over_the_plan_without_progress(work: Path) -> None:
    actions = sum(1 for _ in iter_actions(load_content("content").plans["2025-26"]))
    out = sosafe(work, "new", "plan", "2026-27", "--from", "2025-26")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "content/action-plans/2026-27.yml",
        f"  carried over {actions} actions from 2025-26, with no progress; serves strategy "
        "2025-28; status: draft",
        "  each action records the action of 2025-26 it continues "
        "(continues: {plan: 2025-26, action: …}), and carries no status",
    ]  # every objective link is to the current strategy: none dropped
    check = sosafe(work, "check", "content")
    assert check.returncode == 0, check.stderr
    content = load_content("content")
    new, old = content.plans["2026-27"], content.plans["2025-26"]
    assert (new.title, new.status, new.strategy, new.progress_mode) == (
        "Action Plan 2026/27",
        "draft",
        "2025-28",
        "quarterly",
    )
    assert (new.period.start, new.period.end) == (2026, 2027)
    assert [s.id for s in new.sections] == [s.id for s in old.sections]
    pairs = list(zip(iter_actions(new), iter_actions(old), strict=True))
    for (_, _, a), (_, _, b) in pairs:
        assert (a.id, a.text, a.lead, a.partners, a.expected_outcomes, a.themes) == (
            b.id,
            b.text,
            b.lead,
            b.partners,
            b.expected_outcomes,
            b.themes,
        )
        assert a.progress is None and a.progress_to_date is None and a.added is None
    assert (
        (work / "content/action-plans/2026-27.yml")
        .read_text()
        .startswith(
            "# Draft action plan 2026/27, made by `sosafe new plan 2026-27 --from 2025-26`:"
        )
    )
    again = sosafe(work, "new", "plan", "2026-27", "--from", "2025-26")
    assert again.returncode == 1
    assert again.stderr.startswith(
        "content/action-plans/2026-27.yml:1:1: plan 2026-27 already exists"
    )


def test_new_plan_drops_links_to_objectives_the_current_strategy_lacks(work: Path) -> None:
    out = sosafe(work, "new", "plan", "2018-19", "--from", "2017-18")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1:] == [
        "  carried over 2 actions from 2017-18, with no progress; serves strategy 2025-28; "
        "status: draft",
        "  dropped objective links not in strategy 2025-28: domestic-abuse (1); link sections "
        "to its objectives (asb, drugs)",
        "  each action records the action of 2017-18 it continues "
        "(continues: {plan: 2017-18, action: …}), and carries no status",
    ]
    assert "Objective links dropped (not objectives of strategy 2025-28):" in (
        (work / "content/action-plans/2018-19.yml").read_text()
    )
    check = sosafe(work, "check", "content")
    assert check.returncode == 0, check.stderr
    new = load_content("content").plans["2018-19"]
    assert [a.objective for _, _, a in iter_actions(new)] == [None, None]
    assert [s.objective for s in new.sections] == ["asb"]  # an objective of 2025-28 too


def test_new_plan_refuses_a_bad_year(work: Path) -> None:
    out = sosafe(work, "new", "plan", "2025-27", "--from", "2025-26")
    assert out.returncode == 1
    assert out.stderr.splitlines()[:2] == [
        "content/action-plans/2025-27.yml:1:1: '2025-27' is not a plan year",
        "  hint: write the year like 2025-26",
    ]
    assert not (work / "content/action-plans/2025-27.yml").exists()


def test_preview_keeps_the_last_good_content_after_a_content_error(
    fixture_site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`mkdocs serve` keeps the plugin between rebuilds (it has on_startup): a content error
    is logged in file:line:col form and the last good content is built instead."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    def plugin_config():
        return load_config(str(fixture_site / "mkdocs.yml"))

    config = plugin_config()
    plugin = config.plugins["sosafe"]
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    good = plugin.content
    themes = fixture_site / "content/themes.yml"
    themes.write_text(themes.read_text().replace("sensitive: true", "sensitive: maybe"))
    plugin.on_config(plugin_config())
    assert plugin.content is good
    assert "content/themes.yml:8:16: themes[1].sensitive: expected true or false" in caplog.text
    assert "The preview shows the last good content until these are fixed." in caplog.text
    # A build (not serve) still fails on the same error.
    builder = plugin_config().plugins["sosafe"]
    builder.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError, match=r"themes\.yml:8:16"):
        builder.on_config(plugin_config())


@pytest.mark.parametrize("text", ["No", "yes", "off", "On", "null", "~", "1e3", "12:30", "1_000"])
def test_progress_words_yaml_1_1_reads_otherwise_stay_text(
    work: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The writer (ruamel, YAML 1.2) quotes what the reader (PyYAML, YAML 1.1) would read as
    a boolean, nothing or a number."""
    assert main(["progress", "2017-18", "1-1-b", "--to-date", text]) == 0, capsys.readouterr()
    assert main(["progress", "2025-26", "1-1-a", "Q4", text]) == 0, capsys.readouterr()
    plans = load_content("content").plans
    actions = {
        pid: {a.id: a for _, _, a in iter_actions(plans[pid])} for pid in ("2017-18", "2025-26")
    }
    assert actions["2017-18"]["1-1-b"].progress_to_date == text
    assert actions["2025-26"]["1-1-a"].progress["Q4"] == text
    assert re.search(rf"Q4: (['\"]){re.escape(text)}\1\n", (work / PLAN).read_text())


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
@settings(derandomize=True, max_examples=300, deadline=None)
def test_whatever_the_writer_writes_the_reader_reads_back(text: str) -> None:
    doc, problems = load_bytes(dump({"text": text_value(text), "flow": flow([text])}).encode(), "x")
    assert problems == [] and doc is not None
    assert doc.data == {"text": text_value(text), "flow": [text]}


def _two_actions(site: Path) -> None:
    """The fixture plan with a second action, for two edits of one file at once."""
    plan = site / "content/action-plans/2017-18.yml"
    if "id: 1-1-b" in plan.read_text():  # the fixture has one already
        return
    plan.write_text(
        plan.read_text().replace(
            "source: {document: old-strategy, section: Appendix A}",
            "          - {id: 1-1-b, text: Run youth clubs.}\n"
            "source: {document: old-strategy, section: Appendix A}",
        )
    )


def test_two_edits_at_once_both_land(fixture_site: Path) -> None:
    """Edits of one plan started together: the lock on the content folder serialises them,
    so neither overwrites the other (without it, one was lost nearly every time)."""
    _two_actions(fixture_site)
    rounds = 6  # one edit was lost in nearly every round without the lock
    for n in range(rounds):
        procs = {
            action: subprocess.Popen(
                [str(BIN / "sosafe"), "progress", "2017-18", action, "--to-date", f"{n}{action}"],
                cwd=fixture_site,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for action in ("1-1-a", "1-1-b")
        }
        for action, proc in procs.items():
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, (n, action, err)
        plan = load_content(fixture_site / "content").plans["2017-18"]
        assert [a.progress_to_date for _, _, a in iter_actions(plan)] == [f"{n}1-1-a", f"{n}1-1-b"]
    # The lock file stays in the content folder, where the check and git ignore it.
    assert (fixture_site / "content/.sosafe.lock").exists()
    assert ".sosafe.lock" in (ROOT / ".gitignore").read_text().split()
    assert sosafe(fixture_site, "check", "content").returncode == 0


def test_a_file_changed_during_an_edit_is_not_overwritten(
    fixture_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change made by anything else between an edit's read and its write is kept, and
    the edit is refused with one line: never a blind overwrite."""
    _two_actions(fixture_site)
    plan = fixture_site / "content/action-plans/2017-18.yml"
    check = edit_files.load_content

    def meanwhile(root: Path) -> Any:  # someone saves the plan while the edit validates
        plan.write_text(plan.read_text().replace("to the helpline.", "to the helpline, twice."))
        return check(root)

    monkeypatch.setattr(edit_files, "load_content", meanwhile)
    with pytest.raises(ContentError) as exc:
        record_progress(Path("content"), "2017-18", "1-1-a", None, "Lost?")
    assert exc.value.report().splitlines() == [
        "content/action-plans/2017-18.yml:1:1: the file changed while this edit was being made, "
        "so it was not written",
        "  hint: run the command again, to make the change to the file as it is now",
        "1 problem found; nothing was written.",
    ]
    plan_now = load_content(fixture_site / "content").plans["2017-18"]
    assert [(a.text, a.progress_to_date) for _, _, a in iter_actions(plan_now)] == [
        ("Identify young people at risk.", "Youth meetings re-introduced."),
        (
            "Refer families worried about abuse at home to the helpline, twice.",
            "Referral cards printed.\n\nStaff at the youth club trained to use them.",
        ),
    ]


def test_a_new_file_made_during_an_edit_is_not_overwritten(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = work / "content/action-plans/2026-27.yml"
    check = edit_files.load_content

    def meanwhile(root: Path) -> Any:
        if not target.exists():
            target.write_text("# someone else's plan\n")
        return check(root)

    monkeypatch.setattr(edit_files, "load_content", meanwhile)
    out = main(["new", "plan", "2026-27", "--from", "2025-26"])
    assert out == 1
    assert target.read_text() == "# someone else's plan\n"


def test_problems_name_the_real_file_when_temp_is_a_symlink(
    work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On macOS the temporary folder is reached through a symlink (/tmp → /private/tmp):
    a problem found in the temporary copy still names the file in content/."""
    (tmp_path / "real-tmp").mkdir()
    (tmp_path / "tmp-link").symlink_to(tmp_path / "real-tmp")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp-link"))
    path = work / PLAN
    before = path.read_bytes()
    broken = before.decode().replace("strategy: 2025-28", "strategy: 2025-82")
    with pytest.raises(ContentError) as exc:
        validated_write(work / "content", path, broken, before)
    assert [p.file for p in exc.value.problems] == ["content/action-plans/2025-26.yml"]
