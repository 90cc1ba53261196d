"""The Content-Security-Policy in Debian's chromium: what slips past the sanitiser does not run,
and everything the site's own pages do still works.

A script and an event handler are put into a built page after the build, as a payload that
got past nh3 would be; the browser must refuse both (a securitypolicyviolation event each)
and neither may have any effect. The audit (test_browser.py) already visits every page of
the real site, the fixture and the bilingual fixtures with the same listener (its csp check);
the other fixture partnerships are loaded here once each, with nothing else checked.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BIN, FIXTURE_SITE
from playwright.sync_api import Browser, Page

from sosafe_gen.adapters.audit.browser import chromium
from sosafe_gen.adapters.audit.scripts import CSP_FOUND, CSP_LISTEN
from sosafe_gen.adapters.audit.server import html_pages, page_url, serve
from sosafe_gen.adapters.audit.tools import CHROMIUM

pytestmark = pytest.mark.browser

PAYLOAD = (
    '<script>window.sosafePlanted = "script"; document.title = "planted"</script>'
    '<img src="no-such-image.png" alt="" onerror="window.sosafePlanted = \'handler\'">'
)
# Material's content tabs, as pymdownx.tabbed writes them: the tab the address names is
# checked (by Material's inline script, hashed in the policy, and its bundle).
TABS = (
    '<div class="tabbed-set" data-tabs="1:2">'
    '<input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio">'
    '<input id="__tabbed_1_2" name="__tabbed_1" type="radio">'
    '<div class="tabbed-labels"><label for="__tabbed_1_1">One</label>'
    '<label for="__tabbed_1_2">Two</label></div></div>'
)
PAGE = "glossary/index.html"
BARE = "glossary-bare/index.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(CHROMIUM) as b:
        yield b


def visit(browser: Browser, url: str) -> tuple[Page, Callable[[], None]]:
    context = browser.new_context()
    context.add_init_script(CSP_LISTEN)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page, context.close


@pytest.fixture(scope="module")
def planted(build_partnership: Callable, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture partnership's built site, with the payload and the tabs on one page."""
    _src, built = build_partnership("site")
    site = tmp_path_factory.mktemp("csp") / "site"
    shutil.copytree(built, site)
    page = site / PAGE
    html = page.read_text()
    assert "</h1>" in html
    page.write_text(html.replace("</h1>", "</h1>" + PAYLOAD + TABS, 1))
    # The same page without the hashes its policy names (beside it, so its links still
    # resolve): Material's scripts are refused too.
    bare = site / BARE
    bare.parent.mkdir(parents=True)
    policy = html[html.index("script-src") : html.index(";", html.index("script-src"))]
    bare.write_text(page.read_text().replace(policy, "script-src 'self' 'report-sample'"))
    return site


def test_a_script_and_a_handler_put_into_a_built_page_are_blocked(
    browser: Browser, planted: Path
) -> None:
    with serve(planted) as base:
        page, close = visit(browser, page_url(base, PAGE))
        page.wait_for_function("document.querySelector('img[onerror]').complete")
        found = page.evaluate(CSP_FOUND)
        every = page.evaluate("window.__sosafeCsp")
        effect = page.evaluate("[window.sosafePlanted, document.title]")
        close()
    assert sorted((v["directive"], v["blocked"]) for v in found) == [
        ("script-src-attr", "inline"),
        ("script-src-elem", "inline"),
    ]
    # Each refused by both policies: the page's own and the header's (_headers, served).
    policies = {v["policy"] for v in every}
    assert len(policies) == 2 and len(every) == 4
    assert [p for p in policies if "frame-ancestors" in p]
    assert effect[0] is None
    assert effect[1] != "planted"


def test_materials_own_inline_script_runs_under_the_policy(browser: Browser, planted: Path) -> None:
    with serve(planted) as base:
        page, close = visit(browser, page_url(base, PAGE) + "#__tabbed_1_2")
        picked = page.evaluate("document.getElementById('__tabbed_1_2').checked")
        scope = page.evaluate("typeof window.__md_scope")  # set by Material's head script
        blocked = [v["directive"] for v in page.evaluate(CSP_FOUND)]
        close()
        bare, close = visit(browser, page_url(base, BARE))
        bare_scope = bare.evaluate("typeof window.__md_scope")
        bare_blocked = [v["directive"] for v in bare.evaluate(CSP_FOUND)]
        close()
    assert (picked, scope) == (True, "object")
    assert blocked == ["script-src-elem", "script-src-attr"]  # the payload's, nothing else
    # Without its hashes the policy refuses Material's scripts as well: the check can fail.
    assert bare_scope == "undefined"
    assert bare_blocked.count("script-src-elem") == 3  # Material's two and the payload


@pytest.mark.parametrize("name", ["one-of-each", "strategy-only", "scrutiny", "new"])
def test_every_page_of_the_other_fixtures_loads_with_nothing_blocked(
    browser: Browser, build_partnership: Callable, name: str
) -> None:
    _src, site = build_partnership(name)
    blocked: dict[str, list[str]] = {}
    ran: list[str] = []
    with serve(site) as base:
        page, close = visit(browser, base)
        for rel in html_pages(site):
            page.goto(page_url(base, rel))
            page.wait_for_load_state("load")
            blocked[rel] = [f"{v['directive']} {v['blocked']}" for v in page.evaluate(CSP_FOUND)]
            # Material's bundle ran: its document$ observable exists and search is wired.
            if page.evaluate("typeof window.document$ === 'object' && !!window.__md_scope"):
                ran.append(rel)
        close()
    assert {rel: found for rel, found in blocked.items() if found} == {}
    assert ran == html_pages(site)


def test_the_preview_reloads_after_a_save_under_each_pages_policy(
    browser: Browser, tmp_path: Path
) -> None:
    """`mkdocs serve`: its live reload is a file of the site (adapters/livereload.py), not
    the inline script MkDocs writes, so a page loads with nothing blocked and reloads itself
    when a content file is saved."""
    src = tmp_path / "src"
    shutil.copytree(FIXTURE_SITE, src, ignore=shutil.ignore_patterns("expected"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    serving = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=src,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/glossary/"
        end = time.monotonic() + 120
        while time.monotonic() < end:  # the first build
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        context = browser.new_context()
        context.add_init_script(CSP_LISTEN)
        page = context.new_page()
        logged: list[str] = []
        page.on("console", lambda m: logged.append(m.text))
        page.goto(url)
        page.wait_for_function("() => document.readyState === 'complete'")
        glossary = src / "content/glossary.yml"
        text = glossary.read_text(encoding="utf-8")
        term = text.split("term: ", 1)[1].split("\n", 1)[0].strip()
        with page.expect_navigation(timeout=60_000):
            glossary.write_text(text.replace(term, term + " Reloaded", 1), encoding="utf-8")
        page.wait_for_load_state("load")
        assert term + " Reloaded" in page.content()
        assert page.evaluate(CSP_FOUND) == []
        assert "Enabled live reload" in logged
        context.close()
    finally:
        serving.terminate()
        serving.wait(timeout=30)
