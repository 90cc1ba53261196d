"""What a scrutiny panel reads: action status (never guessed), roll-ups by status, lineage
from year to year, the latest quarter's movement, citable actions, and all of it in open
data. Engine tests use the fixture partnership in tests/fixtures/scrutiny; tests of the
real content derive what they expect from the content."""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BIN, ROOT, check_and_build, run
from honesty import article, site_dishonesty, visible

from sosafe_gen.content import model as m
from sosafe_gen.content.check import load_content
from sosafe_gen.content.delivery import (
    latest_quarter,
    lineage,
    references,
    status_label,
    tally,
)
from sosafe_gen.content.record import iter_actions, latest_progress
from sosafe_gen.edit.new_plan import new_plan
from sosafe_gen.render.markup import md
from sosafe_gen.render.status import status_chart, status_sentence
from sosafe_gen.site.datasets import datasets
from sosafe_gen.site.pages import Options

FIXTURE = ROOT / "tests" / "fixtures" / "scrutiny"
OLD = "content/action-plans/2025-26.yml"
NEW = "content/action-plans/2026-27.yml"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the scrutiny fixture partnership; the working directory is its root."""
    dest = tmp_path / "harbourside"
    shutil.copytree(FIXTURE, dest)
    monkeypatch.chdir(dest)
    return dest


@pytest.fixture
def built(build_partnership: Callable[[str], tuple[Path, Path]]) -> Path:
    """The fixture partnership built strictly by MkDocs (once a session)."""
    return build_partnership("scrutiny")[1]


def text_of(site: Path, page: str) -> str:
    return visible(article(site / page))


def problems(content_dir: Path) -> list[str]:
    found, _ = check_and_build(content_dir, frozenset())
    return found


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def sosafe(cwd: Path, *args: str):
    return run(str(BIN / "sosafe"), *args, cwd=cwd)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]


# --- the rules ------------------------------------------------------------------------------


def test_statuses_are_counted_as_recorded_and_none_is_counted_too(work: Path) -> None:
    plans = load_content(work / "content").plans
    old = [a for _, _, a in iter_actions(plans["2025-26"])]
    assert tally(old).counts == (("done", 1), ("not-done", 1), ("carried-forward", 1), ("none", 1))
    assert status_sentence(tally(old)) == (
        "1 of the 4 actions is recorded as done, 1 as not done, 1 as carried forward "
        "and 1 has no status recorded."
    )
    assert status_sentence(tally(old[3:])) == "The one action is recorded as carried forward."
    assert status_sentence(tally([old[2]])) == "No status is recorded for the one action."
    unknown = [a.model_copy(update={"status": None}) for a in old]
    assert status_sentence(tally(unknown)) == "No status is recorded for any of the 4 actions."
    done = [a.model_copy(update={"status": old[0].status}) for a in old]
    assert status_sentence(tally(done), "this section's") == (
        "All 4 of this section's actions are recorded as done."
    )
    assert status_sentence(tally([])) == ""


def test_references_are_the_aims_number_and_the_actions_letter_and_never_shared(
    work: Path,
) -> None:
    plan = load_content(work / "content").plans["2025-26"]
    assert references(plan) == {
        "1-1-a": "1.1 a",
        "1-1-b": "1.1 b",
        "1-2-a": "1.2 a",
        "2-1-a": "2.1 a",
    }
    # Two actions that would share a reference are cited by their ids, which are unique.
    aim = plan.sections[0].aims[0]
    clash = aim.model_copy(
        update={"actions": [aim.actions[0], aim.actions[1].model_copy(update={"ref": "a)"})]}
    )
    sec = plan.sections[0].model_copy(update={"aims": [clash]})
    assert references(plan.model_copy(update={"sections": [sec]})) == {
        "1-1-a": "1-1-a",
        "1-1-b": "1-1-b",
    }


def test_the_latest_quarter_is_the_newest_with_progress_or_a_status(work: Path) -> None:
    plans = load_content(work / "content").plans
    assert latest_quarter(plans["2025-26"]) == "Q3"  # progress and a status in Q3
    assert latest_quarter(plans["2026-27"]) == "Q2"


def test_lineage_runs_both_ways(work: Path) -> None:
    c = load_content(work / "content")
    lin = lineage(c)
    new, old = c.plans["2026-27"], c.plans["2025-26"]
    hub = next(a for _, _, a in iter_actions(new) if a.id == "1-1-a")
    origin = lin.origin_of(new, hub)
    assert origin is not None and (origin.plan.id, origin.action.id) == ("2025-26", "1-1-b")
    assert [p.action.id for p in lin.successors_of(old, origin.action)] == ["1-1-a"]
    patrols = next(a for _, _, a in iter_actions(old) if a.id == "1-1-a")
    assert lin.successors_of(old, patrols) == []


# --- the check ------------------------------------------------------------------------------


def test_a_status_says_where_it_comes_from(work: Path) -> None:
    edit(
        work / OLD,
        'status: {value: done, source: {document: harbour-review, section: "2"}}',
        "status: {value: done}",
    )
    edit(work / NEW, "status: {value: in-progress, quarter: Q2}", "status: {value: finished}")
    assert problems(work / "content") == [
        "content/action-plans/2025-26.yml:25:21: sections[0].aims[0].actions[0].status: a status "
        "says where it comes from: add source: {document: …} or the quarter it was recorded in "
        "(quarter: Q1 to Q4)",
        "content/action-plans/2026-27.yml:28:29: sections[0].aims[0].actions[0].status.value: "
        "expected 'planned', 'in-progress', 'done', 'not-done', 'carried-forward' or 'dropped', "
        "got the text 'finished'",
    ]


def test_lineage_is_checked_like_every_other_reference(work: Path) -> None:
    edit(
        work / NEW,
        "continues: {plan: 2025-26, action: 1-1-b}",
        "continues: {plan: 2025-62, action: 1-1-b}",
    )
    edit(
        work / NEW,
        "continues: {plan: 2025-26, action: 2-1-a}",
        "continues: {plan: 2025-26, action: 2-1-z}",
    )
    assert problems(work / "content") == [
        "content/action-plans/2026-27.yml:31:31: sections[0].aims[0].actions[0].continues.plan: "
        "unknown action plan '2025-62'\n  hint: did you mean '2025-26'?",
        "content/action-plans/2026-27.yml:50:48: sections[1].aims[0].actions[0].continues.action: "
        "unknown action of plan 2025-26: '2-1-z'\n  hint: did you mean '2-1-a' or '1-1-b' or '1-1-a'?",
    ]


def test_lineage_points_back_to_an_earlier_plan(work: Path) -> None:
    edit(
        work / NEW,
        "continues: {plan: 2025-26, action: 1-1-b}",
        "continues: {plan: 2026-27, action: 1-1-b}",
    )
    edit(
        work / OLD,
        "          - id: 1-2-a\n",
        "          - id: 1-2-a\n            continues: {plan: 2026-27, action: 1-1-b}\n",
    )
    assert problems(work / "content") == [
        "content/action-plans/2025-26.yml:37:31: sections[0].aims[1].actions[0].continues.plan: "
        "plan 2026-27 (2026/27) is not earlier than this plan (2025/26)\n"
        "  hint: an action carries over an action of an earlier plan",
        "content/action-plans/2026-27.yml:31:31: sections[0].aims[0].actions[0].continues.plan: "
        "an action cannot carry over an action of its own plan\n"
        "  hint: name the earlier plan it was carried over from",
    ]


def test_earlier_statuses_come_first(work: Path) -> None:
    edit(work / NEW, "- {value: planned, quarter: Q1}", "- {value: planned, quarter: Q3}")
    assert problems(work / "content") == [
        "content/action-plans/2026-27.yml:28:51: sections[0].aims[0].actions[0].status.quarter: "
        "a status recorded in Q2 comes after one recorded in Q3 (line 30)\n"
        "  hint: list earlier statuses in status_history, oldest first; the current one is status:",
    ]


# --- the pages ------------------------------------------------------------------------------


def test_every_page_of_the_fixture_reads_right(built: Path) -> None:
    assert site_dishonesty(built) == {}


def test_a_plan_shows_each_actions_status_with_its_source(built: Path) -> None:
    page = text_of(built, "action-plans/2025-26/index.html")
    assert "Delivery status 1 of the 4 actions is recorded as done, 1 as not done, 1 as " in page
    assert (
        "Status Done. Source: Harbourside review of the year 2025/26, section 2 (12 May 2026)."
        in page
    )
    assert "Status Carried forward, recorded in Q3. Recorded before: in progress (Q2)." in page
    assert "Status No status recorded." in page
    assert "How these statuses were recorded: The review of the year judged each action" in page
    # Each section says its own counts.
    assert "1 of this section's 3 actions is recorded as done, 1 as not done and 1 has no " in page
    assert "This section's one action is recorded as carried forward." in page


def test_the_status_chart_is_an_image_with_words_and_a_table(built: Path) -> None:
    html = article(built / "action-plans/2025-26/index.html")
    svg = re.search(r'<svg class="sosafe-chart".*?</svg>', html, re.S)
    assert svg is not None
    chart = svg.group(0)
    assert 'role="img"' in chart and "<title" in chart
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S)
    assert desc is not None and desc.group(1).startswith("1 of the 4 actions is recorded as done")
    bars = re.findall(r">(Done|Not done|Carried forward|No status recorded)<", chart)
    assert bars == ["Done", "Not done", "Carried forward", "No status recorded"]
    table = re.search(
        r'<table class="sosafe-table">\s*<caption id="status-table-plan">.*?</table>', html, re.S
    )
    assert table is not None
    rows = [visible(r) for r in re.findall(r"<tr>.*?</tr>", table.group(0), re.S)]
    assert rows == [
        "Section Done Not done Carried forward No status recorded All actions",
        "1. Antisocial behaviour 1 1 0 1 3",
        "2. Fraud 0 0 1 0 1",
        "All sections 1 1 1 1 4",
    ]


def test_a_chart_draws_every_group_with_its_counts_in_text() -> None:
    class G:
        def __init__(self, label: str, actions: list[m.Action]) -> None:
            self.label, self.tally = label, tally(actions)

    done = m.Action(id="a", text="x", status=m.ActionStatus(value="done", quarter="Q1"))
    none = m.Action(id="b", text="y")
    svg = status_chart([G("Plan A", [done, none]), G("Plan B", [none])], "c", "By plan", "#123456")
    assert re.findall(r">([^<>]+)</text>", svg) == [
        "Plan A",
        "Done",
        "1",
        "No status recorded",
        "1",
        "Plan B",
        "No status recorded",
        "1",
    ]
    assert (
        '<desc id="c-desc">Plan A: 1 of the 2 actions is recorded as done and 1 has no status recorded. Plan B: No status is recorded for the one action.</desc>'
        in svg
    )


def test_a_quarterly_plan_opens_with_its_latest_quarter(built: Path) -> None:
    page = text_of(built, "action-plans/2026-27/index.html")
    start = page.index("Latest quarter: Q2")
    assert start < page.index("Progress summary")
    assert page[start : page.index("Progress summary")].strip() == (
        "Latest quarter: Q2 Q2 is the latest quarter with progress or a status recorded in this "
        "plan. New progress in Q2: 2 actions. 1.1 a: Hub opened in August. 1.1 b: Lights "
        "ordered. Status changes recorded in Q2: 1 action. 1.1 a: from planned (Q1) to in "
        "progress No progress in any quarter: 1 action. 2.1 a: Hold scam-awareness talks at "
        "lunch clubs."
    )
    old = text_of(built, "action-plans/2025-26/index.html")
    assert (
        "Status changes recorded in Q3: 1 action. 2.1 a: from in progress (Q2) to carried forward"
        in old
    )


def test_a_plan_with_nothing_in_any_quarter_says_so(work: Path) -> None:
    text = (work / NEW).read_text()
    for line in ("Q1: Lease signed.", "Q2: Hub opened in August.", "Q2: Lights ordered."):
        text = text.replace(f"              {line}\n", "")
    text = text.replace("            progress:\n", "")
    text = text.replace("            status: {value: in-progress, quarter: Q2}\n", "")
    text = text.replace(
        "            status_history:\n              - {value: planned, quarter: Q1}\n", ""
    )
    (work / NEW).write_text(text)
    found, pages = check_and_build(work / "content", frozenset())
    assert found == []
    page = pages["action-plans/2026-27/index.md"]
    assert "<p>No progress or status has been recorded in any quarter of this plan yet.</p>" in page
    assert "<p>No status is recorded for any of the 3 actions.</p>" in page
    assert "status-chart" not in page  # nothing to draw: the sentence says it all


def test_to_date_plans_have_no_quarter_view(work: Path) -> None:
    edit(work / OLD, "progress_mode: quarterly", "progress_mode: to_date")
    text = (work / OLD).read_text()
    text = re.sub(r"            progress:\n(              Q\d: .*\n)+", "", text)
    text = text.replace(
        "status: {value: carried-forward, quarter: Q3}",
        "status: {value: carried-forward, source: {document: harbour-review}}",
    )
    text = text.replace(
        "            status_history:\n              - {value: in-progress, quarter: Q2}\n", ""
    )
    (work / OLD).write_text(text)
    found, pages = check_and_build(work / "content", frozenset())
    assert found == []
    assert "latest-quarter" not in pages["action-plans/2025-26/index.md"]


def test_a_carried_action_shows_where_it_came_from_and_where_it_went(built: Path) -> None:
    new = article(built / "action-plans/2026-27/index.html")
    assert (
        'Carried over from</dt><dd><p><a href="../2025-26/#action-1-1-b">2025/26, action 1.1 b</a>, '
        "recorded there as not done.</p><p><strong>Last progress there (Q1):</strong></p><p>Site found.</p>"
    ) in new
    old = article(built / "action-plans/2025-26/index.html")
    assert (
        'Carried over to</dt><dd><p><a href="../2026-27/#action-1-1-a">2026/27, action 1.1 a</a>.</p>'
        in old
    )
    # Both ends of every link are anchors on the built pages.
    for href in re.findall(r'href="\.\./(2025-26|2026-27)/#(action-[a-z0-9-]+)"', new + old):
        plan, anchor = href
        assert f'id="{anchor}"' in (built / f"action-plans/{plan}/index.html").read_text()


def test_the_comparison_lists_carried_over_new_and_not_carried_over(built: Path) -> None:
    page = text_of(built, "compare/action-plans-2025-26-and-2026-27/index.html")
    assert (
        "As the actions of Harbourside Action Plan 2026/27 record it: 2 actions carry over an "
        "action of Harbourside Action Plan 2025/26, 1 is new (recording no action of that plan), "
        "and 2 actions of Harbourside Action Plan 2025/26 were not carried over."
    ) in page
    assert (
        "Carried over 2026/27, action 1.1 a carries over 2025/26, action 1.1 b (recorded there "
        "as not done) 2026/27, action 2.1 a carries over 2025/26, action 2.1 a (recorded there as "
        "carried forward)"
    ) in page
    assert "New in 2026/27 2026/27, action 1.1 b: Light the underpass." in page
    assert (
        "Not carried over from 2025/26 2025/26, action 1.1 a: Run evening patrols with the police. (done) 2025/26, action 1.2 a: Clear graffiti within a week of a report. (no status recorded)"
        in page
    )
    assert "Harbourside Action Plan 2026/27: 1 of the 3 actions is recorded as in progress" in page


def test_without_recorded_lineage_the_comparison_does_not_guess(work: Path) -> None:
    text = re.sub(r"            continues: .*\n", "", (work / NEW).read_text())
    (work / NEW).write_text(text)
    _, pages = check_and_build(work / "content", frozenset())
    page = pages["compare/action-plans-2025-26-and-2026-27.md"]
    assert (
        "so this page cannot say which actions were carried over, which are new and which were "
        "not carried over."
    ) in page
    assert "### Carried over" not in page


def test_themes_and_objectives_count_their_actions_by_status_plan_by_plan(built: Path) -> None:
    theme = text_of(built, "themes/antisocial-behaviour/index.html")
    assert (
        "Actions by status Harbourside Action Plan 2025/26: 1 of the 3 actions is recorded as done, "
        "1 as not done and 1 has no status recorded. Harbourside Action Plan 2026/27: 1 of the 2 "
        "actions is recorded as in progress and 1 has no status recorded."
    ) in theme
    # A theme no action carries has no status section at all.
    assert "Actions by status" not in text_of(built, "themes/hate-crime/index.html")
    objective = text_of(built, "strategies/2025-28/objectives/fraud/index.html")
    assert (
        "Harbourside Action Plan 2025/26: The one action is recorded as carried forward."
        in objective
    )
    assert "2.1 a Hold scam-awareness talks at lunch clubs. (carried forward)" in objective
    assert "2.1 a Hold scam-awareness talks at lunch clubs. (no status recorded)" in objective


def test_every_action_has_a_stable_anchor_and_a_visible_reference(built: Path) -> None:
    html = article(built / "action-plans/2025-26/index.html")
    title = '<div class="sosafe-action" id="action-{}">\n<p class="sosafe-action__title">{}'
    # The source's own label ("a)") where it gives one, beside the reference to quote.
    assert (
        title.format(
            "1-1-a",
            '<strong>Action a)</strong> <span class="sosafe-cite">(<a href="#action-1-1-a">1.1 a</a>)',
        )
        in html
    )
    for aid, ref in {"1-2-a": "1.2 a", "2-1-a": "2.1 a"}.items():
        assert (
            title.format(aid, f'<strong>Action <a href="#action-{aid}">{ref}</a></strong>') in html
        )


# --- editing ---------------------------------------------------------------------------------


def test_progress_records_a_status_in_a_quarter_and_keeps_the_one_before(work: Path) -> None:
    before = (work / NEW).read_text()
    out = sosafe(work, "progress", "2026-27", "1-1-b", "Q3", "Lights fitted.", "--status", "done")
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "content/action-plans/2026-27.yml: recorded Q3 for action 1-1-b\n"
        "content/action-plans/2026-27.yml: recorded status done (Q3) for action 1-1-b\n"
    )
    assert changed_lines(before, (work / NEW).read_text()) == [
        "+              Q3: Lights fitted.",
        "+            status: {value: done, quarter: Q3}",
    ]
    before = (work / NEW).read_text()
    out = sosafe(work, "progress", "2026-27", "1-1-a", "Q3", "--status", "In progress")
    assert out.returncode == 0, out.stderr
    out = sosafe(work, "progress", "2026-27", "1-1-a", "Q4", "--status", "done")
    assert out.returncode == 0, out.stderr
    assert changed_lines(before, (work / NEW).read_text()) == [
        "-            status: {value: in-progress, quarter: Q2}",
        "+            status: {value: done, quarter: Q4}",
        "+              - {value: in-progress, quarter: Q2}",
        "+              - {value: in-progress, quarter: Q3}",
    ]
    plan = load_content(work / "content").plans["2026-27"]
    hub = next(a for _, _, a in iter_actions(plan) if a.id == "1-1-a")
    assert [s.value for s in hub.status_history] == ["planned", "in-progress", "in-progress"]


def test_a_status_from_a_document_names_it(work: Path) -> None:
    before = (work / OLD).read_text()
    out = sosafe(
        work, "progress", "2025-26", "1-2-a", "--status", "dropped",
        "--source", "harbour-review", "--section", "3.1",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "content/action-plans/2025-26.yml: recorded status dropped (source harbour-review) "
        "for action 1-2-a\n"
    )
    assert changed_lines(before, (work / OLD).read_text()) == [
        '+            status: {value: dropped, source: {document: harbour-review, section: "3.1"}}'
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["2026-27", "1-1-a", "Q1", "--status", "planned"],
            "content/action-plans/2026-27.yml:28:51: action 1-1-a already has a status recorded "
            "in Q2, after Q1\n  hint: record statuses in order; correct an earlier one in the "
            "file by hand\n",
        ),
        (
            ["2026-27", "1-1-b", "--status", "done", "--source", "harbour-reveiw"],
            "content/sources.yml:1:1: no source document 'harbour-reveiw'\n"
            "  hint: did you mean 'harbour-review' or 'harbour-strategy' or 'harbour-plan'?\n",
        ),
    ],
)
def test_a_bad_status_leaves_the_files_as_they_were(
    work: Path, args: list[str], message: str
) -> None:
    before = {p: p.read_bytes() for p in (work / "content").rglob("*.yml")}
    out = sosafe(work, "progress", *args)
    assert out.returncode == 1
    assert out.stderr == message + "1 problem found; nothing was written.\n"
    assert {p: p.read_bytes() for p in (work / "content").rglob("*.yml")} == before


def test_a_status_without_quarters_needs_its_document(work: Path) -> None:
    edit(work / OLD, "progress_mode: quarterly", "progress_mode: to_date")
    text = re.sub(
        r"            progress:\n(              Q\d: .*\n)+", "", (work / OLD).read_text()
    )
    text = text.replace(
        "status: {value: carried-forward, quarter: Q3}",
        "status: {value: carried-forward, source: {document: harbour-review}}",
    )
    text = text.replace(
        "            status_history:\n              - {value: in-progress, quarter: Q2}\n", ""
    )
    (work / OLD).write_text(text)
    out = sosafe(work, "progress", "2025-26", "1-2-a", "--status", "done")
    assert out.returncode == 1
    assert out.stderr.splitlines()[:2] == [
        "content/action-plans/2025-26.yml:6:16: plan 2025-26 has no quarters, so its status "
        "needs the document it comes from",
        "  hint: add --source DOCUMENT-ID (and --section), naming the document that says it",
    ]


def test_an_unknown_status_is_refused_with_the_list(work: Path) -> None:
    out = sosafe(work, "progress", "2026-27", "1-1-b", "Q2", "--status", "finished")
    assert out.returncode == 2
    assert "invalid choice: 'finished'" in out.stderr and "'carried-forward'" in out.stderr


def test_a_new_plan_records_the_action_each_carries_over(work: Path) -> None:
    path, notes = new_plan(work / "content", "2027-28", "2026-27")
    text = path.read_text()
    assert text.count("continues: {plan: 2026-27, action: ") == 3
    assert "status:" not in text.split("sections:")[1]  # no action's status is carried
    assert notes[-1] == (
        "each action records the action of 2026-27 it continues "
        "(continues: {plan: 2026-27, action: …}), and carries no status"
    )
    found, pages = check_and_build(work / "content", frozenset())
    assert found == []
    new, old = pages["action-plans/2027-28/index.md"], pages["action-plans/2026-27/index.md"]
    for aid in ("1-1-a", "1-1-b", "2-1-a"):
        # The same anchor in both years, each pointing at the other.
        assert f'id="action-{aid}"' in new and f'id="action-{aid}"' in old
        assert f'<a href="../2026-27/#action-{aid}">2026/27, action' in new
        assert f'<a href="../2027-28/#action-{aid}">2027/28, action' in old
    assert "<p><strong>Last progress there (Q2):</strong></p><p>Hub opened in August.</p>" in new
    assert '<p class="sosafe-empty">No progress was recorded there.</p>' in new  # 2-1-a


def test_an_import_keeps_status_and_lineage(work: Path, tmp_path: Path) -> None:
    plan = load_content(work / "content").plans["2026-27"]
    sheet = tmp_path / "2026-27.csv"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["Aim", "Action", "Lead", "Partners", "Resources", "Expected outcomes", *m.QUARTERS]
        )
        for sec in plan.sections:
            w.writerow([f"{sec.number}. {sec.title}"])
            for aim in sec.aims:
                for i, a in enumerate(aim.actions):
                    progress = [(a.progress or {}).get(q, "") for q in m.QUARTERS]
                    w.writerow(
                        [
                            f"{aim.number} {aim.text}" if i == 0 else "",
                            f"{a.ref} {a.text}" if a.ref else a.text,
                            "",
                            "",
                            "",
                            "",
                            *progress,
                        ]
                    )
    before = (work / NEW).read_text()
    out = sosafe(work, "import", str(sheet), "--plan", "2026-27")
    assert out.returncode == 0, out.stderr
    assert (work / NEW).read_text() == before


# --- open data ------------------------------------------------------------------------------


def test_open_data_carries_status_its_source_lineage_and_the_counts(work: Path) -> None:
    out = sosafe(work, "export", "out")
    assert out.returncode == 0, out.stderr
    rows = {
        (r["plan_id"], r["action_id"]): r
        for r in csv.DictReader(
            io.StringIO((work / "out/action-plans.csv").read_text(encoding="utf-8-sig"))
        )
    }
    hub = rows[("2026-27", "1-1-a")]
    assert {
        k: hub[k]
        for k in (
            "reference",
            "action_status",
            "status_quarter",
            "status_source",
            "status_history",
            "continues",
            "continued_in",
        )
    } == {
        "reference": "1.1 a",
        "action_status": "in-progress",
        "status_quarter": "Q2",
        "status_source": "",
        "status_history": "planned (Q1)",
        "continues": "2025-26/1-1-b",
        "continued_in": "",
    }
    old = rows[("2025-26", "1-1-b")]
    assert (old["action_status"], old["status_source"], old["continued_in"]) == (
        "not-done",
        "harbour-review, section 2",
        "2026-27/1-1-a",
    )
    assert rows[("2025-26", "1-2-a")]["action_status"] == ""
    plans = json.loads((work / "out/action-plans.json").read_text())
    first = plans[0]["sections"][0]["aims"][0]["actions"][1]
    assert first["status"] == {
        "value": "not-done",
        "quarter": None,
        "source": {"document": "harbour-review", "section": "2", "page": None},
        "note": "",
    }
    counts = list(
        csv.DictReader(
            io.StringIO((work / "out/action-status.csv").read_text(encoding="utf-8-sig"))
        )
    )
    plan_rows = [(r["plan_id"], r["status"], r["actions"]) for r in counts if r["scope"] == "plan"]
    assert plan_rows == [
        ("2025-26", "done", "1"),
        ("2025-26", "not-done", "1"),
        ("2025-26", "carried-forward", "1"),
        ("2025-26", "none", "1"),
        ("2026-27", "in-progress", "1"),
        ("2026-27", "none", "2"),
    ]
    assert {r["scope"] for r in counts} == {"plan", "section", "theme", "objective"}
    schema = json.loads((work / "out/schema.json").read_text())
    assert {"ActionStatus", "Continues", "StatusCount"} <= set(schema["$defs"])


def test_the_status_counts_add_up_to_the_actions(work: Path) -> None:
    content = load_content(work / "content")
    sets = {d.name: d for d in datasets(content, Options())}
    for plan in content.plans.values():
        n = sum(1 for _ in iter_actions(plan))
        for scope in ("plan", "section"):
            counted = sum(
                r["actions"]
                for r in sets["action-status"].rows
                if r["scope"] == scope and r["plan_id"] == plan.id
            )
            assert counted == n, (plan.id, scope)


# --- the real content: expectations come from the content ---------------------------------


def test_the_real_plans_statuses_agree_with_their_own_reviews() -> None:
    """Every status in the real content names its source; where a plan records statuses
    from its review, the counts are the review's own."""
    content = load_content(ROOT / "content")
    for plan in content.plans.values():
        actions = [a for _, _, a in iter_actions(plan)]
        for a in actions:
            for s in [*a.status_history, *([a.status] if a.status else [])]:
                assert s.source is not None or s.quarter is not None
                if s.source:
                    assert s.source.document in content.documents
        t = tally(actions)
        if plan.review and t.recorded:
            assert t.get("done") == plan.review.outcomes_completed
            assert t.get("not-done") == plan.review.outcomes_total - plan.review.outcomes_completed
            assert t.total == plan.review.outcomes_total


def test_the_real_plan_pages_say_what_the_content_records(real_site: Path) -> None:
    content = load_content(ROOT / "content")
    for plan in content.plans.values():
        page = text_of(real_site, f"action-plans/{plan.id}/index.html")
        t = tally(a for _, _, a in iter_actions(plan))
        assert f"Delivery status {status_sentence(t)}" in page
        for _, _, a in iter_actions(plan):
            if a.status is None:
                continue
            assert status_label(a.status.value).capitalize() in page
        if not t.recorded:
            assert "No status recorded." in page


def test_a_new_plan_from_the_real_current_plan_shows_each_origin_and_where_each_went(
    tmp_path: Path,
) -> None:
    content_dir = tmp_path / "content"
    shutil.copytree(ROOT / "content", content_dir)
    current = load_content(content_dir).current_plan()
    assert current is not None
    start = current.period.start + 1
    year = f"{start}-{str(start + 1)[-2:]}"
    new_plan(content_dir, year, current.id)
    found, pages = check_and_build(content_dir, frozenset())
    assert found == []
    new, old = pages[f"action-plans/{year}/index.md"], pages[f"action-plans/{current.id}/index.md"]
    for _, _, a in iter_actions(current):
        assert (
            f'<a href="../{current.id}/#action-{a.id}">{current.period.slash_label}, action' in new
        )
        assert f'<a href="../{year}/#action-{a.id}">' in old
        last = latest_progress(a)
        if last is not None:
            assert str(md(last[1])) in new
