"""`sosafe progress` and `sosafe new plan` on a temp copy of the fixture partnership's content."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from conftest import BIN, FIXTURE_SITE, FIXTURES, run

from sosafe_gen.content.check import load_content
from sosafe_gen.content.problems import ContentError
from sosafe_gen.content.record import iter_actions
from sosafe_gen.edit.files import validated_write
from sosafe_gen.edit.progress import record_progress
from sosafe_gen.edit.yaml_rt import dump, yaml_rt

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
    files = {p: p.read_bytes() for p in (work / "content").rglob("*") if p.is_file()}
    out = sosafe(work, "progress", *args)
    assert out.returncode == 1
    assert out.stderr == message + "1 problem found; nothing was written.\n"
    assert {p: p.read_bytes() for p in (work / "content").rglob("*") if p.is_file()} == files


def test_the_whole_content_is_validated_before_the_file_is_replaced(work: Path) -> None:
    path = work / PLAN
    before = path.read_bytes()
    broken = before.decode().replace("strategy: 2025-28", "strategy: 2025-82")
    with pytest.raises(ContentError) as exc:
        validated_write(work / "content", path, broken)
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
