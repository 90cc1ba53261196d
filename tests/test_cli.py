"""The `sosafe` command: exit codes and output a person sees."""

from __future__ import annotations

from pathlib import Path

from conftest import BIN, run


def test_check_clean_content(fixture_site: Path) -> None:
    out = run(str(BIN / "sosafe"), "check", "content", cwd=fixture_site)
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "content is valid: 2 strategies, 4 objectives, 2 action plans, 8 actions, 1 case study, "
        "4 themes, 2 terms, 2 figures, 1 funding award, 1 meeting, 2 reports, 1 update\n"
    )


def test_check_bad_content_lists_every_problem(fixture_site: Path) -> None:
    themes = fixture_site / "content/themes.yml"
    themes.write_text(themes.read_text().replace("sensitive: true", "sensitive: maybe"))
    (fixture_site / "content/strategies/extra.yml").write_bytes(b"\xff\xfe")
    out = run(str(BIN / "sosafe"), "check", "content", cwd=fixture_site)
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr == (
        "content/strategies/extra.yml:1:1: not valid UTF-8 (byte 0xff)\n"
        "  hint: save the file as UTF-8 in your editor\n"
        "content/themes.yml:8:16: themes[1].sensitive: expected true or false, "
        "got the text 'maybe'\n"
        "2 problems found; nothing was written.\n"
    )
    assert "Traceback" not in out.stderr


def test_check_missing_folder(tmp_path: Path) -> None:
    out = run(str(BIN / "sosafe"), "check", "nowhere", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.splitlines()[0] == "nowhere:1:1: content folder not found"


def test_export_with_a_bad_option_in_mkdocs_yml_is_one_line(fixture_site: Path) -> None:
    cfg = fixture_site / "mkdocs.yml"
    text = cfg.read_text()
    cfg.write_text(text.replace("  - sosafe\n", "  - sosafe:\n      small_count_threshold: five\n"))
    line = text[: text.index("  - sosafe\n")].count("\n") + 2  # the option's own line
    out = run(str(BIN / "sosafe"), "export", "out", cwd=fixture_site)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert out.stderr == (
        f"mkdocs.yml:{line}:30: small_count_threshold: expected a whole number, "
        "got the text 'five'\n"
        "1 problem found; nothing was written.\n"
    )
    assert not (fixture_site / "out").exists()
