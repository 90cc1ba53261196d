"""The sosafe plugin's options in mkdocs.yml: a bad one is a problem at its own line and column,
in the content check's words, from `sosafe` and from `mkdocs build` alike, all at once."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, mkdocs_build, run

from sosafe_gen.adapters.options import PluginOptions
from sosafe_gen.adapters.plugin import SosafeConfig

BAD = """\
  - sosafe:
      small_count_threshold: five
      pdf: maybe
      audit_dir: 3
      templates_dir: [a]
      small_count: 5
      show_officer_names: 'yes'
"""
PROBLEMS = [
    "mkdocs.yml:{n}:30: small_count_threshold: expected a whole number, got the text 'five'",
    "mkdocs.yml:{n1}:12: pdf: expected true or false, got the text 'maybe'",
    "mkdocs.yml:{n2}:18: audit_dir: expected text, got the number 3",
    "mkdocs.yml:{n3}:22: templates_dir: expected text, got a list",
    "mkdocs.yml:{n4}:7: small_count: unknown field",
    "  hint: did you mean 'small_count_threshold'?",
    "mkdocs.yml:{n5}:27: show_officer_names: expected true or false, got the text 'yes'",
]


def with_options(site: Path, entry: str) -> int:
    """mkdocs.yml with `entry` as its sosafe plugin; the line its first option is on."""
    config = site / "mkdocs.yml"
    text = config.read_text()
    assert "  - sosafe\n" in text
    config.write_text(text.replace("  - sosafe\n", entry, 1))
    return text[: text.index("  - sosafe\n")].count("\n") + 2


def expected(first: int) -> str:
    lines = {"n": first, **{f"n{i}": first + i for i in range(1, 6)}}
    return "\n".join(line.format(**lines) for line in PROBLEMS)


@pytest.mark.parametrize("command", [["check", "content"], ["export", "out"]])
def test_the_command_names_every_bad_option_at_its_place(
    fixture_site: Path, command: list[str]
) -> None:
    first = with_options(fixture_site, BAD)
    out = run(str(BIN / "sosafe"), *command, cwd=fixture_site)
    assert out.returncode == 1
    assert out.stderr == expected(first) + "\n6 problems found; nothing was written.\n"
    assert not (fixture_site / "out").exists()


def test_the_build_names_every_bad_option_at_its_place_and_writes_nothing(
    fixture_site: Path, tmp_path: Path
) -> None:
    first = with_options(fixture_site, BAD)
    out = mkdocs_build(fixture_site, tmp_path / "site")
    assert out.returncode == 1
    errors = [line.removeprefix("ERROR   -  ") for line in out.stderr.splitlines()]
    at = errors.index(PROBLEMS[0].format(n=first))
    assert "\n".join(errors[at : at + len(PROBLEMS)]) == expected(first)
    assert "Expected type" not in out.stderr
    assert "Aborted with a configuration error!" in out.stdout
    assert not (tmp_path / "site").exists()


def test_options_written_as_a_mapping_and_from_the_environment(fixture_site: Path) -> None:
    config = fixture_site / "mkdocs.yml"
    text = config.read_text().replace(
        "plugins:\n  - search\n  - sosafe\n",
        "plugins:\n  search: {}\n  sosafe:\n    small_count_threshold: !ENV [THRESHOLD, 5]\n",
    )
    config.write_text(text)
    line = text[: text.index("small_count_threshold")].count("\n") + 1
    out = check_with(fixture_site, THRESHOLD="five")
    assert out.stderr.splitlines()[0] == (
        f"mkdocs.yml:{line}:28: small_count_threshold: expected a whole number, got the text 'five'"
    )
    assert check_with(fixture_site, THRESHOLD="3").returncode == 0


def check_with(site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(
        [str(BIN / "sosafe"), "check"], cwd=site, env=environment, capture_output=True, text=True
    )


def test_good_options_pass_the_check_and_the_build_as_before(fixture_site: Path) -> None:
    with_options(fixture_site, "  - sosafe:\n      small_count_threshold: 3\n      pdf: false\n")
    out = run(str(BIN / "sosafe"), "check", cwd=fixture_site)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("content is valid: ")


def test_the_check_and_mkdocs_know_the_same_options_and_defaults() -> None:
    ours = {name: field.default for name, field in PluginOptions.model_fields.items()}
    theirs = {name: option.default for name, option in SosafeConfig._schema}
    assert ours == theirs
