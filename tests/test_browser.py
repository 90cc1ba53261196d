"""The built sites in a real browser, as residents and councillors meet them.

`sosafe audit` (sosafe_gen/adapters/audit) runs once per built site, as a partnership runs
it: every page at 1280 and 320 CSS px in Debian's chromium (axe-core, reflow, keyboard,
quick exit, no JavaScript, no other hosts) and the Nu Html Checker. The tests read its exit
status, its summary and its JSON report, so a failure names its check and pages. The sites:
the real content, the fixture partnership, and the fixture with failures planted in it.
The quick exit's behaviour, search, print and the phone menu are tested here with the
audit's server and browser.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from conftest import BIN, ROOT, built_once, run, shared_dir
from playwright.sync_api import Browser, BrowserContext, Route

from sosafe_gen.adapters.audit import keyboard_js
from sosafe_gen.adapters.audit.browser import chromium
from sosafe_gen.adapters.audit.scripts import CSP_FOUND, CSP_LISTEN
from sosafe_gen.adapters.audit.sensitive import sensitive_pages
from sosafe_gen.adapters.audit.server import html_pages, page_url, serve
from sosafe_gen.adapters.audit.tools import CHROMIUM
from sosafe_gen.content.check import load_content
from sosafe_gen.site.audit_report import CHECKS, read_report
from sosafe_gen.site.planner import plan_site

pytestmark = pytest.mark.browser
# Tests that read one audit share an xdist group, so `make test` (pytest -n, --dist
# loadgroup) runs each audit once, on one worker, while other workers take other tests.

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass
class Audit:
    """One run of `sosafe audit`: what it printed and the report it wrote."""

    out: subprocess.CompletedProcess[str]
    path: Path
    report: dict[str, Any]

    def failures(self, check: str) -> list[dict[str, Any]]:
        return next(c["failures"] for c in self.report["checks"] if c["id"] == check)


def audit(site: Path, report: Path, src: Path) -> Audit:
    out = run(
        str(BIN / "sosafe"),
        "audit",
        str(site),
        "--report",
        str(report),
        "--vnu",
        str(VNU),
        "--content",
        str(src / "content"),
        "--config",
        str(src / "mkdocs.yml"),
        cwd=ROOT,
    )
    assert "Traceback" not in out.stdout + out.stderr, out.stderr
    assert report.is_file(), out.stderr  # a missing program is named on stderr
    return Audit(out, report, json.loads(report.read_text()))


def audit_once(tmp_path_factory: pytest.TempPathFactory, name: str, site: Path, src: Path) -> Audit:
    """A shared build's audit, run once per test run whichever xdist worker asks first (the
    others wait for it and read its report and output), as the builds are."""
    where = shared_dir(tmp_path_factory, f"audit-{name}")
    report, printed = where / f"{name}.json", where / "printed.json"

    def make() -> None:
        done = audit(site, report, src).out
        printed.write_text(json.dumps([done.returncode, done.stdout, done.stderr]))

    built_once(where, make)
    code, stdout, stderr = json.loads(printed.read_text())
    out = subprocess.CompletedProcess(["sosafe", "audit"], code, stdout, stderr)
    return Audit(out, report, json.loads(report.read_text()))


# --- the real site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_audit(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Audit:
    return audit_once(tmp_path_factory, "real", real_site, ROOT)


@pytest.mark.xdist_group("real-audit")
def test_audit_passes_on_the_real_site(real_audit: Audit) -> None:
    assert real_audit.out.returncode == 0, real_audit.out.stdout
    assert real_audit.out.stdout.endswith(
        f"result: passed, all {len(CHECKS)} checks\nreport: {real_audit.path}\n"
    )


@pytest.mark.xdist_group("real-audit")
@pytest.mark.parametrize("check", list(CHECKS))
def test_real_site_passes_each_check(real_audit: Audit, check: str) -> None:
    assert real_audit.failures(check) == []


@pytest.mark.xdist_group("real-audit")
def test_every_built_page_is_visited_at_both_widths(real_audit: Audit, real_site: Path) -> None:
    built = html_pages(real_site)
    assert len(built) > 50
    assert real_audit.report["pages"] == built
    assert real_audit.report["widths"] == [1280, 320]
    assert real_audit.report["visits"] == {"1280": len(built), "320": len(built)}


@pytest.mark.xdist_group("real-audit")
def test_sensitive_pages_are_those_the_content_says_and_carry_the_exit(
    real_audit: Audit, real_site: Path
) -> None:
    sensitive = real_audit.report["sensitive"]
    assert sensitive["source"] == "content"
    assert len(sensitive["pages"]) >= 5
    with_exit = [
        rel for rel in html_pages(real_site) if "data-sosafe-exit" in (real_site / rel).read_text()
    ]
    assert sensitive["pages"] == with_exit


@pytest.mark.xdist_group("real-audit")
def test_report_names_its_tools_and_reads_as_a_summary(real_audit: Audit) -> None:
    axe = re.search(r"axe v([\d.]+)", AXE_FILE_PATH.read_text()[:200])
    tools = real_audit.report["tools"]
    assert axe and tools["axe-core"] == axe.group(1)
    assert re.fullmatch(r"\d+(\.\d+)+", tools["chromium"])
    assert tools["vnu"].startswith("26.9.27")
    summary = read_report(real_audit.path)
    assert (summary.date, summary.passed, summary.failures) == (dt.date.today(), True, 0)
    assert summary.pages == len(real_audit.report["pages"])
    markdown = real_audit.path.with_suffix(".md").read_text()
    assert markdown.startswith(f"# Accessibility audit, {dt.date.today().isoformat()}: passed\n")


# --- the fixture partnership, clean and with failures planted ------------------------------------


@pytest.fixture(scope="module")
def fixture_src(build_partnership: Callable[[str], tuple[Path, Path]]) -> Path:
    """The fixture partnership's sources, as the shared build (tests/conftest.py) has them."""
    return build_partnership("site")[0]


@pytest.fixture(scope="module")
def fixture_built(build_partnership: Callable[[str], tuple[Path, Path]]) -> Path:
    return build_partnership("site")[1]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this module's audits write their reports (never beside a shared build)."""
    return tmp_path_factory.mktemp("reports")


def test_audit_passes_on_the_fixture_site(
    fixture_built: Path, fixture_src: Path, reports: Path
) -> None:
    result = audit(fixture_built, reports / "fixture.json", fixture_src)
    assert result.out.returncode == 0, result.out.stdout
    assert result.report["sensitive"]["source"] == "content"
    content = load_content(fixture_src / "content")
    themes = {t.id for t in content.themes.values() if t.sensitive}
    site = plan_site(content, extra_pages=frozenset({"index.md"}))
    expected = {p.src_uri for p in site.pages if themes & set(p.themes)}
    assert len(result.report["sensitive"]["pages"]) == len(expected) > 0


# --- bilingual sites: the audit covers both languages ----------------------------------------


@pytest.fixture(scope="module")
def bilingual_audit(
    build_partnership: Callable[[str], tuple[Path, Path]],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Audit, Path]:
    """The bilingual fixture (Afonwy), its shared strict build audited: every page, both
    languages."""
    src, site = build_partnership("bilingual")
    return audit_once(tmp_path_factory, "bilingual", site, src), site


@pytest.mark.xdist_group("bilingual-audit")
def test_audit_passes_on_both_languages_of_a_bilingual_site(
    bilingual_audit: tuple[Audit, Path],
) -> None:
    result, _site = bilingual_audit
    assert result.out.returncode == 0, result.out.stdout
    visited = set(result.report["pages"])
    assert any(p.startswith("cy/") for p in visited)
    assert {p.removeprefix("cy/") for p in visited if p.startswith("cy/")} == {
        p for p in visited if not p.startswith("cy/") and p != "404.html"
    }


@pytest.mark.xdist_group("bilingual-audit")
def test_welsh_sensitive_pages_carry_the_welsh_quick_exit(
    bilingual_audit: tuple[Audit, Path],
) -> None:
    result, site = bilingual_audit
    sensitive = result.report["sensitive"]
    assert sensitive["source"] == "content"
    welsh = [p for p in sensitive["pages"] if p.startswith("cy/")]
    english = [p for p in sensitive["pages"] if not p.startswith("cy/")]
    assert welsh and sorted(p.removeprefix("cy/") for p in welsh) == sorted(english)
    assert result.failures("quick-exit") == []
    for page in welsh:
        text = (site / page).read_text(encoding="utf-8")
        assert re.search(r"data-sosafe-exit-link>Gadael y dudalen hon</a>", text), page


@pytest.mark.xdist_group("bilingual-audit")
def test_the_welsh_quick_exit_speaks_welsh_while_shift_is_pressed(
    bilingual_audit: tuple[Audit, Path], browser: Browser
) -> None:
    _result, site = bilingual_audit
    with serve(site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(page_url(url, "cy/themes/domestic-abuse/index.html"))
        status = page.locator("[data-sosafe-exit-status]")
        page.keyboard.press("Shift")
        assert status.inner_text() == "Shift, pwyswch 2 gwaith eto i adael."
        page.keyboard.press("Shift")
        assert status.inner_text() == "Shift, pwyswch unwaith eto i adael."
        page.goto(page_url(url, "themes/domestic-abuse/index.html"))
        page.keyboard.press("Shift")
        assert status.inner_text() == "Shift, press 2 more times to exit."
        context.close()


def test_the_language_link_leads_to_the_same_page_in_welsh_with_nothing_blocked(
    bilingual_audit: tuple[Audit, Path], browser: Browser
) -> None:
    result, site = bilingual_audit
    assert result.failures("csp") == []  # every page of both languages, as audited
    rel = next(p for p in result.report["pages"] if p.startswith("themes/") and p != "404.html")
    with serve(site) as url:
        context = browser.new_context()
        context.add_init_script(CSP_LISTEN)
        page = context.new_page()
        page.goto(page_url(url, rel))
        with page.expect_navigation():
            page.locator('.sosafe-language a[hreflang="cy"]').click()
        assert page.url == page_url(url, "cy/" + rel)
        assert page.locator("html").get_attribute("lang") == "cy"
        assert page.evaluate(CSP_FOUND) == []
        context.close()


# Failures planted in a copy of the built fixture, on a few pages so the audit stays quick:
# page -> [(what to put after the page's <h1>, the checks that must find it)]. Styles and
# scripts come from files (PLANTED_FILES): the pages' Content-Security-Policy blocks inline
# ones, and requests to other hosts, which is what the csp plants show. The home page has
# its policy taken away (as a hand-edited theme might), so its request to another host is
# made, and found by the requests check.
PLANTS: dict[str, list[tuple[str, set[str]]]] = {
    "index.html": [
        ('<img src="planted.png">', {"axe", "html", "requests"}),  # no alt, no such file
        ('<span id="planted"></span><span id="planted"></span>', {"html"}),
        ('<img src="http://example.org/planted.png" alt="">', {"requests"}),
    ],
    "glossary/index.html": [
        ('<link rel="stylesheet" href="../planted.css">', set()),
        ('<p class="planted-pale">Planted pale words</p>', {"axe"}),
        ('<img src="http://example.org/planted.png" alt="">', {"csp"}),
        ('<div class="planted-wide">Planted wide box</div>', {"reflow"}),
        ('<span tabindex="0" class="planted-unringed">Planted control</span>', {"keyboard"}),
        ('<script>document.title = "planted"</script>', {"csp"}),
        ('<img src="planted-too.png" alt="" onerror="document.title = 1">', {"csp", "requests"}),
    ],
    # The article is hidden until a script shows it (it gets the class planted-hidden).
    "strategies/index.html": [
        ('<link rel="stylesheet" href="../planted.css">', set()),
        ('<script src="../planted.js"></script>', {"no-javascript"}),
    ],
    "themes/domestic-abuse/index.html": [],  # sensitive: its quick exit is taken away
}
PLANTED_FILES = {
    "planted.css": (
        ".planted-pale { color: #bbbbbb; background: #ffffff; }\n"
        ".planted-wide { width: 2000px; background: #eee; }\n"
        ".planted-unringed:focus { outline: none !important; box-shadow: none !important; }\n"
        ".planted-hidden { visibility: hidden; }\n"
    ),
    "planted.js": 'document.querySelector("article").classList.remove("planted-hidden");\n',
}
EXIT_CONTROL = re.compile(r'<div class="sosafe-exit" data-sosafe-exit>.*?</div>', re.S)
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


@pytest.fixture(scope="module")
def planted(fixture_built: Path, fixture_src: Path, reports: Path) -> Audit:
    site = reports / "planted"
    shutil.copytree(fixture_built, site)
    for rel in html_pages(site):
        if rel not in PLANTS:
            (site / rel).unlink()
    for name, text in PLANTED_FILES.items():
        (site / name).write_text(text)
    (site / "_headers").unlink()  # the pages' own policies only
    for rel, plants in PLANTS.items():
        html = (site / rel).read_text()
        html = html.replace("</h1>", "</h1>" + "".join(p for p, _ in plants), 1)
        if any("no-javascript" in checks for _, checks in plants):
            html = html.replace('<article class="', '<article class="planted-hidden ', 1)
        if rel == "index.html":
            html = POLICY.sub("", html, count=1)
        (site / rel).write_text(EXIT_CONTROL.sub("", html))
    return audit(site, reports / "planted.json", fixture_src)


@pytest.mark.xdist_group("planted-audit")
def test_planted_failures_fail_the_audit_and_are_named(planted: Audit) -> None:
    assert planted.out.returncode == 1
    stdout = planted.out.stdout
    assert (
        "image-alt (Images must have alternative text): 1 page at 1280/320 px: index.html" in stdout
    )
    assert "color-contrast (Elements must meet minimum color contrast ratio thresholds)" in stdout
    assert stdout.endswith(
        f"result: FAILED, {len(CHECKS)} of {len(CHECKS)} checks\nreport: {planted.path}\n"
    )
    assert read_report(planted.path).passed is False


@pytest.mark.xdist_group("planted-audit")
@pytest.mark.parametrize("check", list(CHECKS))
def test_each_planted_failure_is_found_on_its_page(planted: Audit, check: str) -> None:
    expected = {rel for rel, plants in PLANTS.items() if any(check in c for _, c in plants)}
    if check == "quick-exit":
        expected = {"themes/domestic-abuse/index.html"}
    found = {f["page"] for f in planted.failures(check)}
    assert found == expected, planted.failures(check)


@pytest.mark.xdist_group("planted-audit")
def test_planted_failures_say_what_is_wrong(planted: Audit) -> None:
    messages = {c: " | ".join(f["message"] for f in planted.failures(c)) for c in CHECKS}
    assert {f["rule"] for f in planted.failures("axe")} == {"image-alt", "color-contrast"}
    assert "Duplicate ID “planted”" in messages["html"]
    assert "request to another host: http://example.org/planted.png" in messages["requests"]
    assert "404 for planted.png" in messages["requests"]
    assert "no visible focus on span" in messages["keyboard"]
    assert "quick exit missing" in messages["quick-exit"]
    assert "second Tab reaches" in messages["quick-exit"]
    assert (
        "script-src-elem blocked an inline script: 'document.title = \"planted\"'"
        in messages["csp"]
    )
    assert (
        "script-src-attr blocked an event handler attribute: 'document.title = 1'"
        in (messages["csp"])
    )
    assert "img-src blocked http://example.org/planted.png" in messages["csp"]
    assert {f["rule"] for f in planted.failures("csp")} == {
        "script-src-elem",
        "script-src-attr",
        "img-src",
    }


# --- the quick exit, search, print, the phone menu ------------------------------------------------


@pytest.fixture(scope="module")
def base_url(real_site: Path) -> Iterator[str]:
    with serve(real_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(CHROMIUM) as b:
        yield b


@pytest.fixture(scope="module")
def sensitive(real_site: Path) -> list[str]:
    pages = html_pages(real_site)
    found = sensitive_pages(real_site, pages, ROOT / "content", ROOT / "mkdocs.yml").pages
    return sorted(found)


@pytest.fixture(scope="module")
def plain_page(real_site: Path, sensitive: list[str]) -> str:
    return next(p for p in html_pages(real_site) if p not in sensitive and p != "404.html")


@pytest.fixture(scope="module")
def exit_url() -> str:
    return load_content(ROOT / "content").partnership.safety.exit_url


def fake_neutral_site(context: BrowserContext, exit_url: str) -> None:
    """The exit's target answers locally: the tests never reach the real internet."""
    host = urlsplit(exit_url).netloc

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title>")

    context.route(lambda url: urlsplit(url).netloc == host, answer)


@pytest.mark.parametrize("how", ["click", "shift three times"])
def test_quick_exit_replaces_the_page_without_a_back_entry(
    browser: Browser, base_url: str, sensitive: list[str], plain_page: str, exit_url: str, how: str
) -> None:
    context = browser.new_context()
    fake_neutral_site(context, exit_url)
    page = context.new_page()
    page.goto(page_url(base_url, plain_page))
    page.goto(page_url(base_url, sensitive[0]))
    link = page.locator("[data-sosafe-exit-link]")
    assert link.get_attribute("href") == exit_url
    assert set((link.get_attribute("rel") or "").split()) == {"nofollow", "noreferrer"}
    with page.expect_navigation():
        if how == "click":
            link.click()
        else:
            for _ in range(3):
                page.keyboard.press("Shift")
    assert page.url == exit_url
    page.go_back()
    assert page.url == page_url(base_url, plain_page)  # the sensitive page left no entry
    context.close()


def test_shift_with_other_keys_does_not_exit(
    browser: Browser, base_url: str, sensitive: list[str]
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(page_url(base_url, sensitive[0]))
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    assert page.url == page_url(base_url, sensitive[0])
    # Shift+A broke the count: only the last Shift counts.
    assert "2 more times" in page.locator("[data-sosafe-exit-status]").inner_text()
    context.close()


def test_quick_exit_works_as_a_plain_link_without_javascript(
    browser: Browser, base_url: str, sensitive: list[str], exit_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    fake_neutral_site(context, exit_url)
    page = context.new_page()
    page.goto(page_url(base_url, sensitive[0]))
    with page.expect_navigation():
        page.locator("[data-sosafe-exit-link]").click()
    assert page.url == exit_url
    context.close()


def test_navigation_menu_opens_from_the_keyboard_on_a_phone(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(base_url + "glossary/")
    page.evaluate(keyboard_js.MARK)
    page.locator('label.md-header__button[for="__drawer"]').focus()
    page.keyboard.press("Enter")
    assert page.locator("#__drawer").is_checked()
    in_drawer = None
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            # The drawer slides in: look once it has settled, as the audit does.
            look = page.evaluate("async () => __sosafeKbd.settle(document.activeElement, 50, 3000)")
            in_drawer = look["seen"] and look["settled"]
            break
    context.close()
    assert in_drawer


def test_search_finds_cuckooing_in_the_strategy_and_the_plan(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url)
    page.locator(".md-search__input").fill("cuckooing")
    results = page.locator(".md-search-result__link")
    # lunr builds the index in a worker: on a loaded machine that took over Playwright's 30 s.
    results.first.wait_for(timeout=180_000)
    hrefs = [h for h in results.evaluate_all("els => els.map(a => a.href)")]
    assert any("strategies/2025-28/objectives/cuckooing/" in h for h in hrefs), hrefs
    assert any("action-plans/2024-25/" in h for h in hrefs), hrefs
    context.close()


PRINTED = """() => {
  const shown = sel => [...document.querySelectorAll(sel)].some(el => el.checkVisibility());
  const article = document.querySelector('article').getBoundingClientRect();
  const cut = [...document.querySelectorAll('article table')].filter(t => {
    const r = t.getBoundingClientRect();
    let clipped = r.right > article.right + 1;
    for (let p = t.parentElement; p && p !== document.body; p = p.parentElement) {
      if (p.scrollWidth > p.clientWidth + 1 && getComputedStyle(p).overflowX !== 'visible') clipped = true;
    }
    return clipped;
  }).length;
  const external = [...document.querySelectorAll('article a[href^="http"]')];
  return {
    chrome: ['.md-header', '.md-sidebar', '.md-footer', '.md-search', '.sosafe-exit'].filter(shown),
    banner: shown('.sosafe-banner'),
    download: shown('.sosafe-download'),
    cut,
    targets: external.filter(a => getComputedStyle(a, '::after').content.includes(a.href)).length,
    external: external.length,
  };
}"""


@pytest.mark.parametrize(
    "rel",
    [
        "strategies/2015-18/index.html",
        "action-plans/2024-25/index.html",
        "meetings/2018-03-27-community-select-committee/index.html",
    ],
)
def test_documents_print_cleanly(browser: Browser, base_url: str, rel: str) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 1100})
    page = context.new_page()
    page.goto(page_url(base_url, rel))
    on_screen = page.evaluate(PRINTED)
    page.emulate_media(media="print")
    printed = page.evaluate(PRINTED)
    context.close()
    assert len(on_screen["chrome"]) >= 3
    assert printed["chrome"] == []
    assert printed["banner"] == on_screen["banner"]
    # The PDF's link on screen, where it can be followed; not on paper.
    if not rel.startswith("meetings/"):
        assert on_screen["download"] and not printed["download"]
    assert printed["cut"] == 0
    assert printed["targets"] == printed["external"]
