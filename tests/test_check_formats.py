"""`sosafe check --format github|gitlab|json`: the check's problems where a review request
shows them, each at the text form's position, with its field path, message and hint."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import BIN, run

from sosafe_gen.content.problems import Problem, code_quality, report

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "gitlab-code-quality.schema.json").read_text()
)
TEXT = (
    "content/strategies/2025-28.yml:11:5: objectives[0].rational: unknown field\n"
    "  hint: did you mean 'rationale'?\n"
    "content/themes.yml:8:16: themes[1].sensitive: expected true or false, "
    "got the text '50%, yes: no'\n"
    "content/themes.yml:10:12: themes[2].title: expected text, got a list\n"
    "3 problems found; nothing was written.\n"
)


def sosafe(cwd: Path, *args: str):  # type: ignore[no-untyped-def]
    return run(str(BIN / "sosafe"), *args, cwd=cwd)


@pytest.fixture
def broken(fixture_site: Path) -> Path:
    """The fixture partnership with three problems in two files, one with a hint, one whose
    value holds the characters an annotation must escape."""
    themes = fixture_site / "content/themes.yml"
    text = themes.read_text().replace("sensitive: true", 'sensitive: "50%, yes: no"')
    themes.write_text(text.replace("    title: Drugs", "    title: [Drugs]"))
    strategy = fixture_site / "content/strategies/2025-28.yml"
    strategy.write_text(
        strategy.read_text().replace("    rationale: Residents", "    rational: Residents")
    )
    return fixture_site


def positions(text: str) -> list[tuple[str, int, int]]:
    return [
        (m[1], int(m[2]), int(m[3])) for m in re.finditer(r"^([^\s:]+):(\d+):(\d+): ", text, re.M)
    ]


def test_the_text_form_stays_the_default(broken: Path) -> None:
    out = sosafe(broken, "check", "content")
    assert (out.returncode, out.stdout, out.stderr) == (1, "", TEXT)


def test_github_annotations_one_per_problem_at_the_text_forms_positions(broken: Path) -> None:
    out = sosafe(broken, "check", "content", "--format", "github")
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "::error file=content/strategies/2025-28.yml,line=11,col=5,"
        "title=objectives[0].rational::objectives[0].rational: unknown field"
        "%0Ahint: did you mean 'rationale'?",
        "::error file=content/themes.yml,line=8,col=16,title=themes[1].sensitive::"
        "themes[1].sensitive: expected true or false, got the text '50%25, yes: no'",
        "::error file=content/themes.yml,line=10,col=12,title=themes[2].title::"
        "themes[2].title: expected text, got a list",
    ]
    found = [
        (m[1], int(m[2]), int(m[3]))
        for m in re.finditer(r"^::error file=([^,]+),line=(\d+),col=(\d+),", out.stdout, re.M)
    ]
    assert found == positions(TEXT)
    assert out.stderr == TEXT  # the log still reads in plain words, past GitHub's 10 a step


def test_gitlab_code_quality_report_validates_and_keeps_the_positions(broken: Path) -> None:
    out = sosafe(broken, "check", "content", "--format", "gitlab", "--output", "gl-cq.json")
    assert (out.returncode, out.stdout, out.stderr) == (1, "", TEXT)
    issues = json.loads((broken / "gl-cq.json").read_text())
    jsonschema.validate(issues, SCHEMA)
    assert len({i["fingerprint"] for i in issues}) == len(issues) == 3
    assert [i["description"] for i in issues] == [
        "objectives[0].rational: unknown field (hint: did you mean 'rationale'?)",
        "themes[1].sensitive: expected true or false, got the text '50%, yes: no'",
        "themes[2].title: expected text, got a list",
    ]
    assert {(i["severity"], i["check_name"]) for i in issues} == {("blocker", "sosafe-check")}
    found = [
        (
            i["location"]["path"],
            i["location"]["positions"]["begin"]["line"],
            i["location"]["positions"]["begin"]["column"],
        )
        for i in issues
    ]
    assert found == positions(TEXT)
    assert [i["location"]["lines"]["begin"] for i in issues] == [p[1] for p in found]


def test_gitlab_fingerprints_survive_lines_moving_above_a_problem(broken: Path) -> None:
    def fingerprints() -> list[str]:
        out = sosafe(broken, "check", "content", "--format", "gitlab")
        assert out.returncode == 1
        return [i["fingerprint"] for i in json.loads(out.stdout)]

    before = fingerprints()
    themes = broken / "content/themes.yml"
    themes.write_text("# The partnership's themes.\n" + themes.read_text())
    assert fingerprints() == before


def test_json_is_the_plain_list(broken: Path) -> None:
    out = sosafe(broken, "check", "content", "--format", "json")
    assert (out.returncode, out.stderr) == (1, TEXT)
    assert json.loads(out.stdout) == [
        {
            "file": "content/strategies/2025-28.yml",
            "line": 11,
            "column": 5,
            "cell": None,
            "path": "objectives[0].rational",
            "message": "unknown field",
            "hint": "did you mean 'rationale'?",
        },
        {
            "file": "content/themes.yml",
            "line": 8,
            "column": 16,
            "cell": None,
            "path": "themes[1].sensitive",
            "message": "expected true or false, got the text '50%, yes: no'",
            "hint": None,
        },
        {
            "file": "content/themes.yml",
            "line": 10,
            "column": 12,
            "cell": None,
            "path": "themes[2].title",
            "message": "expected text, got a list",
            "hint": None,
        },
    ]


def test_valid_content_gives_empty_reports_and_says_so(fixture_site: Path) -> None:
    out = sosafe(fixture_site, "check", "content", "--format", "gitlab", "-o", "gl-cq.json")
    assert (out.returncode, out.stdout) == (0, "")
    assert out.stderr.startswith("content is valid: 2 strategies, ")
    assert (fixture_site / "gl-cq.json").read_text() == "[]\n"
    jsonschema.validate([], SCHEMA)
    out = sosafe(fixture_site, "check", "content", "--format", "json")
    assert (out.returncode, out.stdout) == (0, "[]\n")
    out = sosafe(fixture_site, "check", "content", "--format", "github")
    assert (out.returncode, out.stdout) == (0, "")


def test_output_is_for_a_report_and_an_unwritable_one_is_one_line(fixture_site: Path) -> None:
    out = sosafe(fixture_site, "check", "content", "--output", "x.txt")
    assert (out.returncode, out.stderr) == (
        1,
        "sosafe check: --output goes with --format github, gitlab or json\n",
    )
    out = sosafe(fixture_site, "check", "content", "--format", "json", "-o", "no/such/r.json")
    assert (out.returncode, out.stderr) == (
        1,
        "sosafe check: cannot write no/such/r.json: No such file or directory\n",
    )


# --- each form's rules, on problems no content folder gives ------------------------------


def test_annotations_escape_what_would_end_or_split_them() -> None:
    p = Problem("content/updates/a,b:c.md", 3, 7, "progress.Q1", "100%\r\ndone", "say: less")
    assert report([p], "github") == (
        "::error file=content/updates/a%2Cb%3Ac.md,line=3,col=7,title=progress.Q1::"
        "progress.Q1: 100%25\\r\\ndone%0Ahint: say: less\n"
    )


def test_a_spreadsheet_cell_has_no_line_so_it_is_named_in_each_form() -> None:
    cell = Problem("returns/police.xlsx", 14, 3, "", "the text differs", "re-import", sheet="Plan")
    csv = Problem("returns/council.csv", 5, 28, "", "not a status", None, sheet="")
    assert str(cell) == "returns/police.xlsx:Plan!C14: the text differs\n  hint: re-import"
    assert report([cell, csv], "github").splitlines() == [
        "::error file=returns/police.xlsx,title=Plan!C14::Plan!C14: the text differs"
        "%0Ahint: re-import",
        "::error file=returns/council.csv,title=AB5::AB5: not a status",
    ]
    issues = code_quality([cell, csv])
    jsonschema.validate(issues, SCHEMA)
    assert [(i["description"], i["location"]) for i in issues] == [
        (
            "Plan!C14: the text differs (hint: re-import)",
            {"path": "returns/police.xlsx", "lines": {"begin": 1}},
        ),
        ("AB5: not a status", {"path": "returns/council.csv", "lines": {"begin": 1}}),
    ]
    assert [
        (r["line"], r["column"], r["cell"]) for r in json.loads(report([cell, csv], "json"))
    ] == [(None, None, "Plan!C14"), (None, None, "AB5")]


def test_problems_alike_but_for_their_place_get_fingerprints_of_their_own() -> None:
    same = [Problem("content/x.yml", n, 1, "", "duplicate key 'id'") for n in (2, 9)]
    assert len({i["fingerprint"] for i in code_quality(same)}) == 2
