"""Validation of whole content folders: exact positions, messages and hints, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_and_build, rename_id

from sosafe_gen.content.check import load_content
from sosafe_gen.content.problems import ContentError


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(content)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_fixture_is_valid(fixture_site: Path) -> None:
    c = load_content(fixture_site / "content")
    assert c.summary() == (
        "2 strategies, 4 objectives, 2 action plans, 8 actions, 1 case study, 4 themes, "
        "2 terms, 2 figures, 1 funding award, 1 meeting, 2 reports, 1 update"
    )


def test_wrong_type(fixture_site: Path) -> None:
    edit(fixture_site / "content/strategies/2015-18.yml", "number: 1", "number: one")
    assert problems(fixture_site / "content") == [
        "content/strategies/2015-18.yml:10:13: objectives[0].number: expected a whole number, "
        "got the text 'one'"
    ]


def test_missing_required_field(fixture_site: Path) -> None:
    edit(
        fixture_site / "content/strategies/2025-28.yml",
        "    title: Highlight the risks of drugs\n",
        "",
    )
    assert problems(fixture_site / "content") == [
        "content/strategies/2025-28.yml:7:5: objectives[0]: required field 'title' is missing\n"
        "  hint: add 'title:' to this record"
    ]


def test_unknown_field_names_the_closest(fixture_site: Path) -> None:
    edit(fixture_site / "content/strategies/2025-28.yml", "    rationale:", "    rationle:")
    assert problems(fixture_site / "content") == [
        "content/strategies/2025-28.yml:11:5: objectives[0].rationle: unknown field\n"
        "  hint: did you mean 'rationale' or 'title'?"
    ]


def test_duplicate_id(fixture_site: Path) -> None:
    edit(fixture_site / "content/strategies/2025-28.yml", "  - id: asb\n", "  - id: drugs\n")
    assert problems(fixture_site / "content") == [
        "content/strategies/2025-28.yml:13:9: objectives[1].id: duplicate id 'drugs'"
    ]


def test_unknown_reference_suggests_known_ids(fixture_site: Path) -> None:
    edit(
        fixture_site / "content/action-plans/2017-18.yml", "strategy: 2015-18", "strategy: 2015-19"
    )
    edit(fixture_site / "content/case-studies/2015-18.yml", "themes: [asb]", "themes: [asbo]")
    assert problems(fixture_site / "content") == [
        "content/action-plans/2017-18.yml:4:11: strategy: unknown strategy '2015-19'\n"
        "  hint: did you mean '2015-18'?",
        "content/case-studies/2015-18.yml:7:14: case_studies[0].themes[0]: unknown theme 'asbo'\n"
        "  hint: did you mean 'asb'?",
    ]


def test_unknown_objective_reference(fixture_site: Path) -> None:
    edit(fixture_site / "content/action-plans/2017-18.yml", "objective: asb", "objective: drugs")
    assert problems(fixture_site / "content") == [
        "content/action-plans/2017-18.yml:12:16: sections[0].objective: unknown objective of "
        "strategy 2015-18: 'drugs'\n  hint: known objective of strategy 2015-18: ids: asb, domestic-abuse"
    ]


def test_period_sanity(fixture_site: Path) -> None:
    edit(
        fixture_site / "content/strategies/2025-28.yml",
        "{start: 2025, end: 2028}",
        "{start: 2028, end: 2025}",
    )
    assert problems(fixture_site / "content") == [
        "content/strategies/2025-28.yml:1:1: period.start must not be after period.end"
    ]


def test_all_problems_in_all_files_at_once(fixture_site: Path) -> None:
    edit(fixture_site / "content/strategies/2015-18.yml", "status: superseded", "status: old")
    edit(fixture_site / "content/themes.yml", "    title: Drugs\n", "")
    (fixture_site / "content/figures/broken.yml").write_bytes(b"series: [\n")
    out = problems(fixture_site / "content")
    assert [line.split(": ")[0] for line in out] == [
        "content/figures/broken.yml:2:1",
        "content/strategies/2015-18.yml:4:9",
        "content/themes.yml:9:5",
    ]
    assert "status: expected 'draft', 'current' or 'superseded', got the text" in out[1]


def test_file_name_must_match_id(fixture_site: Path) -> None:
    (fixture_site / "content/strategies/2025-28.yml").rename(
        fixture_site / "content/strategies/2025-29.yml"
    )
    assert problems(fixture_site / "content") == [
        "content/strategies/2025-29.yml:1:5: id: id '2025-28' does not match the file name\n"
        "  hint: rename the file to 2025-28.yml or set id: 2025-29"
    ]


def test_progress_mode_is_enforced(fixture_site: Path) -> None:
    edit(
        fixture_site / "content/action-plans/2017-18.yml",
        "progress_to_date: Youth meetings re-introduced.",
        "progress: {Q1: Started.}",
    )
    assert problems(fixture_site / "content") == [
        "content/action-plans/2017-18.yml:25:23: sections[0].aims[0].actions[0].progress: this plan "
        "records one 'progress to date'\n"
        "  hint: use progress_to_date: instead, or set progress_mode: quarterly"
    ]


def test_unknown_quarter(fixture_site: Path) -> None:
    edit(
        fixture_site / "content/action-plans/2017-18.yml",
        "progress_mode: to_date",
        "progress_mode: quarterly",
    )
    edit(
        fixture_site / "content/action-plans/2017-18.yml",
        "progress_to_date: Youth meetings re-introduced.",
        "progress: {Q5: Started.}",
    )
    assert problems(fixture_site / "content") == [
        "content/action-plans/2017-18.yml:25:24: sections[0].aims[0].actions[0].progress.Q5: "
        "invalid key: expected 'Q1', 'Q2', 'Q3' or 'Q4', got the text 'Q5'"
    ]


def test_only_one_strategy_may_be_current(fixture_site: Path) -> None:
    edit(fixture_site / "content/strategies/2015-18.yml", "status: superseded", "status: current")
    assert problems(fixture_site / "content") == [
        "content/strategies/2015-18.yml:4:9: status: more than one strategy is current "
        "(2015-18, 2025-28)\n"
        "  hint: set status: superseded on all but the newest (also current: 2025-28)",
        "content/strategies/2025-28.yml:4:9: status: more than one strategy is current "
        "(2015-18, 2025-28)\n"
        "  hint: set status: superseded on all but the newest (also current: 2015-18)",
    ]


def test_a_period_written_as_text_says_the_form_expected(fixture_site: Path) -> None:
    edit(
        fixture_site / "content/strategies/2015-18.yml",
        "period: {start: 2015, end: 2018}",
        "period: 2015-18",
    )
    assert problems(fixture_site / "content") == [
        "content/strategies/2015-18.yml:3:9: period: expected {start: 2023, end: 2024}, "
        "got the text '2015-18'"
    ]


def test_a_comma_inside_brackets_gets_a_hint_to_quote_the_text(fixture_site: Path) -> None:
    plan = fixture_site / "content/action-plans/2017-18.yml"
    text = plan.read_text()
    lead = next(line for line in text.splitlines() if line.strip().startswith("lead:"))
    indent = lead[: len(lead) - len(lead.lstrip())]
    edit(plan, lead, f"{lead}\n{indent}resources: [Grant of £20,000, staff]")
    found = problems(fixture_site / "content")
    assert len(found) == 1
    assert found[0].endswith(
        "resources[1]: expected text, got the number 0\n"
        "  hint: a comma inside [ ] starts a new item: put quotes round text with a comma, "
        "e.g. ['£20,000']"
    )


def test_a_yes_no_word_gets_a_hint_to_quote_it(fixture_site: Path) -> None:
    edit(fixture_site / "content/themes.yml", "title: Drugs", "title: No")
    found = problems(fixture_site / "content")
    assert [line.split(": ", 1)[1] for line in found[0].splitlines()] == [
        "themes[2].title: expected text, got the value false",
        "words like Yes, No, On and Off are read as true or false: put them in quotes",
    ]


def test_every_problem_in_every_file_in_one_run(fixture_site: Path) -> None:
    content = fixture_site / "content"
    edit(content / "strategies/2025-28.yml", "period: {start: 2025", "period: {start: twenty")
    edit(content / "case-studies/2015-18.yml", "themes: [asb]", "themes: [asbo]")
    edit(content / "action-plans/2017-18.yml", "strategy: 2015-18", "strategy: 2015-81")
    edit(content / "action-plans/2017-18.yml", "themes: [asb]", "themes: [asb, drgus]")
    found = [p.splitlines()[0] for p in problems(content)]
    assert [line.split(": ", 1)[1] for line in found] == [
        "strategy: unknown strategy '2015-81'",
        "sections[0].themes[1]: unknown theme 'drgus'",
        "case_studies[0].themes[0]: unknown theme 'asbo'",
        "period.start: expected a whole number, got the text 'twenty'",
    ]


def test_a_reference_into_a_broken_file_is_not_reported_as_unknown(fixture_site: Path) -> None:
    content = fixture_site / "content"
    edit(content / "strategies/2015-18.yml", "number: 1", "number: one")
    found = problems(content)
    assert len(found) == 1 and "objectives[0].number" in found[0]


# --- what the check accepts must build (issue: nothing the check accepts breaks the build) ---


@pytest.mark.parametrize(
    ("old", "expected"),
    [
        (
            "drugs",
            "content/themes.yml:9:9: themes[2].id: 'index' cannot be a theme's id: it is "
            "reserved for the page listing them\n  hint: choose another id",
        ),
        (
            "street-meets",
            "content/case-studies/2015-18.yml:2:9: case_studies[0].id: 'index' cannot be a case "
            "study's id: it is reserved for the page listing them\n  hint: choose another id",
        ),
        (
            "youth-attendance",
            "content/figures/old.yml:2:9: series[0].id: 'index' cannot be a figure's id: it is "
            "reserved for the page listing them\n  hint: choose another id",
        ),
        (
            "2018-03-27-committee",
            "content/meetings/index.yml:1:5: id: 'index' cannot be a meeting's id: it is reserved "
            "for the page listing them\n  hint: choose another id, and rename the file to match",
        ),
        (
            "cabinet-2025",
            "content/reports/index.yml:1:5: id: 'index' cannot be a report's id: it is reserved "
            "for the page listing them\n  hint: choose another id, and rename the file to match",
        ),
    ],
)
def test_index_is_no_id_for_a_page_beside_the_list(
    fixture_site: Path, old: str, expected: str
) -> None:
    rename_id(fixture_site / "content", old, "index")
    assert check_and_build(Path("content")) == ([expected], {})


def test_index_is_no_update_address(fixture_site: Path) -> None:
    updates = fixture_site / "content/updates"
    updates.mkdir(exist_ok=True)
    (updates / "2025-01-01-index.md").write_text(
        "---\ntitle: Index\ndate: 2025-01-01\nthemes: [asb]\nsummary: News.\n---\n\nBody.\n"
    )
    assert check_and_build(Path("content")) == (
        [
            "content/updates/2025-01-01-index.md:1:1: 'index' cannot be an update's address: it "
            "is reserved for the list of updates\n  hint: change this file's name after the date"
        ],
        {},
    )


def test_comparison_pages_cannot_meet(fixture_site: Path) -> None:
    """Strategies a, b-and-c, a-and-b, c would give two pages `strategies-a-and-b-and-c`."""
    strategies = fixture_site / "content/strategies"
    old = (strategies / "2015-18.yml").read_text()
    for start, sid in enumerate(["a", "b-and-c", "a-and-b", "c"]):
        text = old.replace("id: 2015-18", f"id: {sid}").replace(
            "2015, end: 2018", f"{2001 + start * 3}, end: {2003 + start * 3}"
        )
        (strategies / f"{sid}.yml").write_text(text)
    problems, _ = check_and_build(Path("content"))
    assert problems == [
        f"content/strategies/{sid}.yml:1:5: id: a strategy's id cannot contain '-and-': "
        "comparison pages are named <id>-and-<id>\n"
        f"  hint: use another id, e.g. '{sid.replace('-and-', '-')}', and rename the file to match"
        for sid in ["a-and-b", "b-and-c"]
    ]


def test_a_value_with_a_line_break_stays_on_its_line(fixture_site: Path) -> None:
    edit(fixture_site / "content/figures/old.yml", "id: youth-attendance", 'id: "two\\nlines"')
    edit(fixture_site / "content/themes.yml", "title: Drugs", 'title: "Drugs\\u2028and\\ralcohol"')
    edit(
        fixture_site / "content/case-studies/2015-18.yml",
        "themes: [asb]",
        'themes: ["a\\x1b[31mb"]',
    )
    assert problems(fixture_site / "content") == [
        "content/case-studies/2015-18.yml:7:14: case_studies[0].themes[0]: 'a\\x1b[31mb' is not "
        "a valid id\n  hint: use lower-case letters, digits and hyphens, e.g. 'domestic-abuse'",
        "content/figures/old.yml:2:9: series[0].id: 'two\\nlines' is not a valid id\n"
        "  hint: use lower-case letters, digits and hyphens, e.g. 'domestic-abuse'",
    ]


@pytest.mark.parametrize(
    ("value", "got"),
    [
        (".nan", "the number nan"),
        (".NaN", "the number nan"),
        (".inf", "the number inf"),
        ("-.inf", "the number -inf"),
        ("1.0e+400", "the number inf"),
        ("1e400", "the text '1e400'"),  # text to YAML 1.1, a number to pydantic
        ('"nan"', "the text 'nan'"),
    ],
)
def test_numbers_are_finite(fixture_site: Path, value: str, got: str) -> None:
    edit(fixture_site / "content/figures/old.yml", "value: 118", f"value: {value}")
    assert problems(fixture_site / "content") == [
        f"content/figures/old.yml:7:31: series[0].points[0].value: expected a finite number, "
        f"got {got}\n  hint: write it in digits, e.g. 118 or 3.5"
    ]


def test_deep_nesting_is_one_problem(fixture_site: Path) -> None:
    (fixture_site / "content/figures/deep.yml").write_text("series: " + "[" * 20000)
    (fixture_site / "content/figures/deeper.yml").write_text("series:\n" + "- " * 20000 + "x\n")
    assert problems(fixture_site / "content") == [
        "content/figures/deep.yml:1:40: lists and mappings nested more than 32 levels deep\n"
        "  hint: content needs only a few levels: check the brackets and indentation here",
        "content/figures/deeper.yml:2:63: lists and mappings nested more than 32 levels deep\n"
        "  hint: content needs only a few levels: check the brackets and indentation here",
    ]


def test_ids_that_are_anchors_on_one_page_are_unique(fixture_site: Path) -> None:
    content = fixture_site / "content"
    plan = content / "action-plans/2017-18.yml"
    text = plan.read_text()
    section = text[
        text.index("  - id: asb\n") : text.index(
            "source: {document: old-strategy, section: Appendix A}"
        )
    ]
    plan.write_text(
        text.replace(
            "source: {document: old-strategy, section: Appendix A}",
            section.replace("id: asb", "id: asb-2").replace("id: 1-1-", "id: 2-1-")
            + "annexes: [{id: asb-2, title: Annex}]\nsource: {document: old-strategy, section: Appendix A}",
        )
    )
    report = content / "reports/cabinet-2025.yml"
    edit(report, '  - number: "1"\n', '  - id: purpose\n    number: "1"\n')
    edit(
        report,
        "    themes: [domestic-abuse]\n",
        "    themes: [domestic-abuse]\n    sections: [{id: purpose, title: Again}]\n",
    )
    edit(
        content / "partnership.yml",
        "contact:",
        "  - {id: police-101, title: Again, how: Call., source: {document: old-strategy}}\ncontact:",
    )
    assert problems(content) == [
        "content/action-plans/2017-18.yml:42:13: sections[1].aims[0].id: duplicate aim id '1-1' in this plan\n"
        "  hint: each aim of a plan needs its own id; '1-1' is also used at line 15",
        "content/action-plans/2017-18.yml:63:16: annexes[0].id: duplicate section id 'asb-2'\n"
        "  hint: each section of a page needs its own id; 'asb-2' is also used at line 36",
        "content/partnership.yml:12:10: reporting[1].id: duplicate id 'police-101'",
        "content/reports/cabinet-2025.yml:12:21: sections[0].sections[0].id: duplicate section id 'purpose'\n"
        "  hint: each section of a page needs its own id; 'purpose' is also used at line 7",
    ]
