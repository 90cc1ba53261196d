"""`sosafe audit` without a browser: missing programs, the report, its summary, which pages
are sensitive. The audit of real built sites is in test_browser.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, FIXTURE_SITE

from sosafe_gen.adapters.audit import tools
from sosafe_gen.adapters.audit.report import default_report_path, markdown, summary, write_report
from sosafe_gen.adapters.audit.sensitive import sensitive_pages
from sosafe_gen.site.audit_report import (
    CHECKS,
    AuditReport,
    AuditSummary,
    CheckResult,
    Failure,
    ReportError,
    load_report,
    read_report,
)


def sosafe_audit(*args: str, cwd: Path, path: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if path:
        env["PATH"] = path
    return subprocess.run(
        [str(BIN / "sosafe"), "audit", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.fixture
def one_page(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title><h1>x</h1>\n")
    return site


# --- missing programs: one line each, saying how to install it --------------------------------


def test_missing_chromium_java_and_vnu_are_one_line_each(one_page: Path, tmp_path: Path) -> None:
    out = sosafe_audit(
        "--chromium",
        str(tmp_path / "no-chromium"),
        "--vnu",
        str(tmp_path / "no-vnu.jar"),
        str(one_page),
        cwd=tmp_path,
        path=str(tmp_path),  # no java on the PATH
    )
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr == (
        f"sosafe audit: chromium not found at {tmp_path}/no-chromium: install it with "
        "`apt-get install chromium` or give its path with --chromium\n"
        "sosafe audit: java not found: install it with `apt-get install default-jre-headless` "
        "(the Nu Html Checker needs it)\n"
        f"sosafe audit: vnu.jar not found at {tmp_path}/no-vnu.jar: install it with "
        "`npm install --no-save vnu-jar@26.9.27` or give its path with --vnu\n"
    )


def test_vnu_is_looked_for_in_node_modules_of_the_working_folder(
    one_page: Path, tmp_path: Path
) -> None:
    out = sosafe_audit(str(one_page), "--chromium", "/nowhere/chromium", cwd=tmp_path)
    assert out.returncode == 1
    assert "vnu.jar not found at node_modules/vnu-jar/build/dist/vnu.jar" in out.stderr
    assert "Traceback" not in out.stderr


def test_missing_playwright_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = tools.importlib.util.find_spec
    monkeypatch.setattr(
        tools.importlib.util, "find_spec", lambda name: None if name == "playwright" else real(name)
    )
    with pytest.raises(tools.MissingTool) as err:
        tools.find_tools(tmp_path / "chromium", tmp_path / "vnu.jar")
    assert str(err.value).splitlines()[0] == (
        "Python package playwright is missing: install it with `pip install 'sosafe-gen[audit]'`"
    )


def test_a_folder_without_pages_says_to_build_first(tmp_path: Path) -> None:
    out = sosafe_audit(str(tmp_path / "site"), cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr == (
        f"sosafe audit: {tmp_path / 'site'}: no HTML pages here; build the site first "
        "(mkdocs build)\n"
    )


def test_bad_content_is_reported_as_problems(one_page: Path, tmp_path: Path) -> None:
    out = sosafe_audit(str(one_page), "--content", "nowhere", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.splitlines()[0] == "nowhere:1:1: content folder not found"


# --- the report -----------------------------------------------------------------------------


def a_report(failures: dict[str, list[Failure]] | None = None) -> AuditReport:
    failures = failures or {}
    return AuditReport(
        date=dt.date(2026, 11, 24),
        site="site",
        pages=["index.html", "glossary/index.html", "themes/x/index.html"],
        widths=[1280, 320],
        visits={1280: 3, 320: 3},
        tools={"axe-core": "4.12.1", "chromium": "156.0", "vnu": "26.9.27"},
        sensitive={"source": "content", "pages": ["themes/x/index.html"]},
        checks=[CheckResult(c, failures.get(c, [])) for c in CHECKS],
        seconds=12.3,
    )


PLANTED = {
    "axe": [
        Failure("index.html", "Images must have alternative text at img", 1280, "image-alt"),
        Failure("index.html", "Images must have alternative text at img", 320, "image-alt"),
        Failure("glossary/index.html", "Images must have alternative text at p", 320, "image-alt"),
    ],
    "html": [Failure("index.html", "line 9: Duplicate ID “x”.")],
}


def test_report_reads_back_as_written(tmp_path: Path) -> None:
    report = a_report(PLANTED)
    path, md = write_report(report, tmp_path / "audit" / "a.json")
    assert load_report(path) == report
    assert md == tmp_path / "audit" / "a.md"
    data = json.loads(path.read_text())
    assert data["format"] == "sosafe-audit/1"
    assert data["passed"] is False
    assert data["visits"] == {"1280": 3, "320": 3}
    assert [c["id"] for c in data["checks"]] == list(CHECKS)


def test_read_report_is_what_a_statement_cites(tmp_path: Path) -> None:
    path, _ = write_report(a_report(PLANTED), tmp_path / "a.json")
    assert read_report(path) == AuditSummary(
        date=dt.date(2026, 11, 24),
        pages=3,
        widths=(1280, 320),
        passed=False,
        failures=4,
        checks={c: c not in PLANTED for c in CHECKS},
        tools={"axe-core": "4.12.1", "chromium": "156.0", "vnu": "26.9.27"},
    )
    clean, _ = write_report(a_report(), tmp_path / "b.json")
    assert read_report(clean).passed


def test_read_report_refuses_other_files(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"messages": []}')
    with pytest.raises(ReportError, match="not a sosafe-audit/1 report"):
        read_report(other)
    with pytest.raises(ReportError, match="cannot read the audit report"):
        read_report(tmp_path / "missing.json")


def test_summary_names_each_rule_with_its_pages() -> None:
    assert summary(a_report(PLANTED), written=Path("audit/a.json")) == (
        "sosafe audit of site on 2026-11-24 (12 s)\n"
        "pages: 3; visited 3 at 1280 px, 3 at 320 px\n"
        "tools: axe-core 4.12.1, Chromium 156.0, Nu Html Checker 26.9.27\n"
        "sensitive pages: 1 (found from the content)\n"
        "\n"
        "  FAILED  axe-core: WCAG 2.0, 2.1 and 2.2 A and AA rules: 3 findings\n"
        "          image-alt (Images must have alternative text): 2 pages at 1280/320 px: "
        "glossary/index.html, index.html\n"
        "  FAILED  Valid HTML (Nu Html Checker): 1 finding\n"
        "          index.html: line 9: Duplicate ID “x”.\n"
        "  passed  Reflow: no page scrolls sideways\n"
        "  passed  Keyboard: skip link first, every control reached by Tab with a visible focus\n"
        "  passed  Every page reads with JavaScript off\n"
        "  passed  Every request goes to the site itself and succeeds\n"
        "  passed  Quick exit on sensitive pages: second Tab stop, fixed on screen\n"
        "  passed  Content-Security-Policy: nothing on any page is blocked by it\n"
        "\n"
        "result: FAILED, 2 of 8 checks\n"
        "report: audit/a.json\n"
    )


def test_markdown_summary_says_automated_checks_are_not_all() -> None:
    text = markdown(a_report())
    assert text.startswith("# Accessibility audit, 2026-11-24: passed\n")
    assert "a check by hand is still needed" in text
    assert "| Valid HTML (Nu Html Checker) | passed | 0 |" in text


def test_default_report_goes_beside_the_site_dated(tmp_path: Path) -> None:
    assert default_report_path(tmp_path / "site", dt.date(2026, 11, 24)) == (
        tmp_path / "audit" / "accessibility-audit-2026-11-24.json"
    )


# --- which pages are sensitive ----------------------------------------------------------------


def write_pages(site: Path, pages: dict[str, str]) -> list[str]:
    for rel, body in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(f"<!doctype html><html><head>{body}</head></html>\n")
    return sorted(pages)


def test_sensitive_pages_the_site_declares(tmp_path: Path) -> None:
    pages = write_pages(
        tmp_path,
        {
            "a/index.html": '<meta name="sosafe:sensitive" content="true">',
            "b/index.html": '<meta name="sosafe:sensitive" content="false">',
            "c/index.html": '<div class="sosafe-exit" data-sosafe-exit>',  # the meta wins
        },
    )
    found = sensitive_pages(tmp_path, pages, None, None)
    assert (found.source, found.pages, found.known) == ("meta", {"a/index.html"}, True)


def test_sensitive_pages_from_the_exit_control_when_nothing_else_says(tmp_path: Path) -> None:
    pages = write_pages(
        tmp_path,
        {"a/index.html": '<div class="sosafe-exit" data-sosafe-exit>', "b/index.html": ""},
    )
    found = sensitive_pages(tmp_path, pages, None, None)
    assert (found.source, found.pages, found.known) == ("exit control", {"a/index.html"}, False)


def test_sensitive_pages_from_the_content(tmp_path: Path) -> None:
    built = [
        "index.html",
        "reports/cabinet-2025/index.html",
        "strategies/2015-18/index.html",
        "strategies/2015-18/objectives/domestic-abuse/index.html",
        "strategies/2025-28/index.html",
        "themes/domestic-abuse/index.html",
    ]
    pages = write_pages(tmp_path, dict.fromkeys(built, ""))
    found = sensitive_pages(tmp_path, pages, FIXTURE_SITE / "content", FIXTURE_SITE / "mkdocs.yml")
    assert found.source == "content"
    assert found.pages == {
        "reports/cabinet-2025/index.html",
        "strategies/2015-18/index.html",
        "strategies/2015-18/objectives/domestic-abuse/index.html",
        "themes/domestic-abuse/index.html",
    }
