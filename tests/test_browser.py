"""The built real site in a real browser, as residents and councillors meet it.

One Debian chromium serves every built page from a local server and sweeps them all at
1280 and 320 CSS px, running axe-core (WCAG 2.0/2.1/2.2 A and AA) once per page and width.
The tests below assert on what the sweep saw, so a failure names its pages. Also: keyboard
(skip link first, every control reachable with a visible focus), reflow at 320 px, reading
with JavaScript off, no request to any other host, the quick exit, search, print, and valid
HTML from the Nu Html Checker.
"""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from conftest import ROOT
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from sosafe_gen.content.check import load_content
from sosafe_gen.site.pages import Options
from sosafe_gen.site.planner import plan_site

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 320)
HEIGHT = 800
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SETUP_HINT = "run `make test`, which installs Debian's chromium and the Nu Html Checker"

# In-page helpers, run once per page and width.
AXE_RUN = (
    "axe.run(document, {runOnly: {type: 'tag', values: TAGS}, resultTypes: ['violations']})"
).replace("TAGS", json.dumps(AXE_TAGS))
DESCRIBE = """el => {
  const id = el.id ? '#' + el.id : '';
  const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
  const text = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40);
  return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
}"""
# Elements that stick out of the viewport without a scroll box of their own to hold them.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const describe = DESCRIBE;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    let box = el.parentElement, held = false;
    for (; box && box !== document.body; box = box.parentElement) {
      const o = getComputedStyle(box).overflowX;
      if (o === 'auto' || o === 'scroll') { held = true; break; }
    }
    if (!held) out.push(describe(el));
  }
  return {scrollWidth: document.documentElement.scrollWidth, loose: out.slice(0, 5)};
}""".replace("DESCRIBE", DESCRIBE)
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {
    skip: el.classList.contains('md-skip'),
    exit: el.hasAttribute('data-sosafe-exit-link'),
    in_content: !!el.closest('.md-content'),
    what: (DESCRIBE)(el),
  };
}""".replace("DESCRIBE", DESCRIBE)
EXIT_ON_SCREEN = """() => {
  const a = document.querySelector('[data-sosafe-exit-link]');
  if (!a) return 'missing';
  const check = () => {
    const r = a.getBoundingClientRect();
    if (r.width < 1 || r.top < 0 || r.left < 0 || r.right > innerWidth + 1 || r.bottom > innerHeight)
      return 'off screen';
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && (hit === a || a.contains(hit)) ? 'ok' : 'covered';
  };
  const top = check();
  window.scrollTo(0, document.documentElement.scrollHeight);
  const bottom = check();
  window.scrollTo(0, 0);
  return top === 'ok' && bottom === 'ok' ? 'ok' : `top: ${top}, bottom: ${bottom}`;
}"""


# --- the site, the server and the browser --------------------------------------------------


@dataclass
class Sweep:
    """What one visit of every page at every width saw."""

    visited: dict[int, list[str]] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    foreign: set[str] = field(default_factory=set)
    failed: list[str] = field(default_factory=list)
    keyboard: list[str] = field(default_factory=list)
    exit: list[str] = field(default_factory=list)


def page_url(base: str, rel: str) -> str:
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


@pytest.fixture(scope="module")
def built(real_site: Path) -> list[str]:
    return sorted(p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html"))


@pytest.fixture(scope="module")
def base_url(real_site: Path) -> Iterator[str]:
    """The built site from a local server on 127.0.0.1, in a thread of this process."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: {SETUP_HINT}")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sensitive(built: list[str]) -> set[str]:
    """Built pages that must carry the quick exit, worked out from the content itself."""
    content = load_content(ROOT / "content")
    hand = frozenset(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
    site = plan_site(content, Options(), extra_pages=hand)
    flagged = {t.id for t in content.themes.values() if t.sensitive}
    out = set()
    for page in site.pages:
        if flagged & set(page.themes):
            url = site.url(page.src_uri)
            out.add(url + "index.html" if url.endswith("/") or url == "" else url)
    assert out <= set(built)
    return out


@pytest.fixture(scope="module")
def exit_url() -> str:
    return load_content(ROOT / "content").partnership.safety.exit_url


def fake_neutral_site(context: BrowserContext, exit_url: str) -> None:
    """The exit's target answers locally: the tests never reach the real internet."""
    host = urlsplit(exit_url).netloc

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title>")

    context.route(lambda url: urlsplit(url).netloc == host, answer)


@pytest.fixture(scope="module")
def sweep(
    browser: Browser, base_url: str, built: list[str], sensitive: set[str]
) -> Iterator[Sweep]:
    """Every built page at every width: axe, reflow, keyboard start, quick exit, requests."""
    result = Sweep()
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT})
    context.add_init_script(path=str(AXE_FILE_PATH))  # axe-core from the installed package
    host = urlsplit(base_url).netloc

    def seen(request: Any) -> None:
        if urlsplit(request.url).netloc != host:
            result.foreign.add(request.url)

    def answered(response: Any) -> None:
        if response.status >= 400:
            result.failed.append(f"{response.status} {response.url}")

    context.on("request", seen)
    context.on("response", answered)
    page = context.new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        result.visited[width] = []
        for rel in built:
            page.goto(page_url(base_url, rel))
            result.visited[width].append(rel)
            for v in page.evaluate(AXE_RUN)["violations"]:
                targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
                result.violations.append(f"{width}px {rel}: {v['id']} ({v['help']}) at {targets}")
            reflow = page.evaluate(OVERFLOW)
            if reflow["scrollWidth"] > width or reflow["loose"]:
                result.overflow.append(
                    f"{width}px {rel}: page {reflow['scrollWidth']} px wide; {reflow['loose']}"
                )
            if rel in sensitive:
                where = page.evaluate(EXIT_ON_SCREEN)
                if where != "ok":
                    result.exit.append(f"{width}px {rel}: exit control {where}")
            elif page.locator("[data-sosafe-exit]").count():
                result.exit.append(f"{width}px {rel}: exit control on a page that is not sensitive")
            _keyboard_start(page, rel, width, rel in sensitive, result.keyboard)
    context.close()
    yield result


def _keyboard_start(page: Page, rel: str, width: int, exit_expected: bool, out: list[str]) -> None:
    """Tab from the top: the skip link, then the quick exit; the skip link leads to content."""
    if rel == "404.html":  # Material's 404 has no content headings to skip to; landmarks remain
        return
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    if not first or not first["skip"]:
        out.append(
            f"{width}px {rel}: first Tab reaches {first and first['what']}, not the skip link"
        )
        return
    if exit_expected:
        page.keyboard.press("Tab")
        second = page.evaluate(FOCUSED)
        if not second or not second["exit"]:
            out.append(f"{width}px {rel}: second Tab reaches {second and second['what']}")
        page.focus(".md-skip")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    if not after or not after["in_content"]:
        out.append(f"{width}px {rel}: after the skip link, Tab reaches {after and after['what']}")


# --- the sweep's findings -------------------------------------------------------------------


def test_every_built_page_is_visited_at_both_widths(sweep: Sweep, built: list[str]) -> None:
    assert len(built) > 50
    for width in WIDTHS:
        assert sweep.visited[width] == built, width


def test_no_axe_violations_at_1280_and_320(sweep: Sweep) -> None:
    assert sweep.violations == []


def test_pages_reflow_at_320_without_scrolling_sideways(sweep: Sweep) -> None:
    assert sweep.overflow == []


def test_every_request_goes_to_the_local_server(sweep: Sweep) -> None:
    assert sweep.foreign == set()
    assert sweep.failed == []


def test_skip_link_comes_first_and_moves_focus_to_the_content(sweep: Sweep) -> None:
    assert sweep.keyboard == []


def test_quick_exit_on_sensitive_pages_only_and_always_on_screen(
    sweep: Sweep, sensitive: set[str]
) -> None:
    assert len(sensitive) >= 5
    assert sweep.exit == []


# --- keyboard: every control reachable, with a visible focus ----------------------------------

# Marks every visible control and records, at each focus the keyboard brings, which control
# it is, whether a focus indicator (outline or ring) is drawn and whether it is on screen.
# Recording in the page keeps the walk to one round trip per Tab.
MARK_CONTROLS = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select, textarea, summary, [tabindex]';
  const controls = [...document.querySelectorAll(selector)].filter(el =>
    el.tabIndex >= 0 && el.getAttribute('tabindex') !== '-1' &&
    el.checkVisibility({opacityProperty: true, visibilityProperty: true}) &&
    el.getBoundingClientRect().width > 0);
  controls.forEach((el, i) => el.setAttribute('data-kbd', i));
  const describe = DESCRIBE;
  window.__seen = el => {
    const r = el.getBoundingClientRect();
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
    return opacity > 0.5 && el.checkVisibility({visibilityProperty: true}) && r.width > 0
      && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  };
  window.__focus = [];
  window.__wrapped = false;
  document.addEventListener('focusin', event => {
    const el = event.target, s = getComputedStyle(el);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || (s.boxShadow && s.boxShadow !== 'none');
    const id = el.getAttribute('data-kbd');
    if (id === '0' && window.__focus.some(f => f.id === '0')) window.__wrapped = true;
    window.__focus.push({el, id, ring, seen: window.__seen(el), what: describe(el)});
  });
  return controls.length;
}""".replace("DESCRIBE", DESCRIBE)
# Transitions off, so a control's focus style is final when it receives the focus.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"
# A control that seemed hidden when focused may be one that scripts reveal on focus (Material
# opens its search box): focus it again, let scripts and transitions finish, look again.
RECHECK = """async () => {
  const settle = async () => {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  };
  const walk = window.__focus.slice();  // focusing again below records more: keep the walk
  for (const f of walk.filter(f => !f.seen)) {
    f.el.focus();
    // Up to 3 s: on a busy machine Material's script can take a while to open the search box.
    for (let tries = 0; tries < 60 && !f.seen; tries++) {
      await settle();
      await new Promise(done => setTimeout(done, 50));
      f.seen = document.activeElement === f.el && window.__seen(f.el);
    }
    f.el.blur();
    await settle();
  }
  return walk.map(({el, ...rest}) => rest);
}"""


def sample_pages(built: list[str]) -> list[str]:
    """One page of each kind: the first at each depth of each top-level folder."""
    seen: dict[tuple[str, int], str] = {}
    for rel in built:
        parts = rel.split("/")
        seen.setdefault((parts[0] if len(parts) > 1 else "", len(parts)), rel)
    return sorted(seen.values())


@pytest.mark.parametrize("width", WIDTHS)
def test_every_control_is_reachable_by_keyboard_with_a_visible_focus(
    browser: Browser, base_url: str, built: list[str], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    page = context.new_page()
    problems = []
    pages = sample_pages(built)
    assert len(pages) >= 10
    for rel in pages:
        page.goto(page_url(base_url, rel))
        page.add_style_tag(content=NO_MOTION)
        count = page.evaluate(MARK_CONTROLS)
        for presses in range(1, 2 * count + 40):  # until the focus comes round to the start
            page.keyboard.press("Tab")
            if presses % 10 == 0 and page.evaluate("window.__wrapped"):
                break
        focus = page.evaluate(RECHECK)
        reached = {f["id"] for f in focus if f["id"] is not None}
        missing = page.evaluate(
            "ids => [...document.querySelectorAll('[data-kbd]')]"
            ".filter(el => !ids.includes(el.getAttribute('data-kbd')))"
            f".map({DESCRIBE})",
            sorted(reached),
        )
        if missing:
            problems.append(f"{width}px {rel}: not reached by Tab: {missing[:5]}")
        unringed = sorted({f["what"] for f in focus if not f["ring"]})
        if unringed:
            problems.append(f"{width}px {rel}: no visible focus on {unringed[:5]}")
        hidden = sorted({f["what"] for f in focus if not f["seen"]})
        if hidden:
            problems.append(f"{width}px {rel}: focus off screen on {hidden[:5]}")
    context.close()
    assert problems == []


def test_navigation_menu_opens_from_the_keyboard_on_a_phone(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": HEIGHT})
    page = context.new_page()
    page.goto(base_url + "glossary/")
    page.evaluate(MARK_CONTROLS)
    page.locator('label.md-header__button[for="__drawer"]').focus()
    page.keyboard.press("Enter")
    assert page.locator("#__drawer").is_checked()
    in_drawer = None
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            page.wait_for_timeout(300)  # the drawer slides in
            in_drawer = page.evaluate("window.__seen(document.activeElement)")
            break
    context.close()
    assert in_drawer


# --- without JavaScript ------------------------------------------------------------------------


def test_every_page_reads_with_javascript_off(
    browser: Browser, base_url: str, built: list[str]
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    unreadable = []
    for rel in built:
        page.goto(page_url(base_url, rel))
        heading = page.locator("article h1").first
        if not heading.is_visible() or not page.locator("article").inner_text().strip():
            unreadable.append(rel)
    context.close()
    assert unreadable == []


# --- the quick exit -------------------------------------------------------------------------------


def _a_sensitive_and_a_plain_page(sensitive: set[str], built: list[str]) -> tuple[str, str]:
    plain = next(rel for rel in built if rel not in sensitive and rel != "404.html")
    return sorted(sensitive)[0], plain


@pytest.mark.parametrize("how", ["click", "shift three times"])
def test_quick_exit_replaces_the_page_without_a_back_entry(
    browser: Browser, base_url: str, built: list[str], sensitive: set[str], exit_url: str, how: str
) -> None:
    sensitive_page, plain_page = _a_sensitive_and_a_plain_page(sensitive, built)
    context = browser.new_context()
    fake_neutral_site(context, exit_url)
    page = context.new_page()
    page.goto(page_url(base_url, plain_page))
    page.goto(page_url(base_url, sensitive_page))
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
    browser: Browser, base_url: str, sensitive: set[str], built: list[str]
) -> None:
    sensitive_page, _ = _a_sensitive_and_a_plain_page(sensitive, built)
    context = browser.new_context()
    page = context.new_page()
    page.goto(page_url(base_url, sensitive_page))
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    assert page.url == page_url(base_url, sensitive_page)
    # Shift+A broke the count: only the last Shift counts.
    assert "2 more times" in page.locator("[data-sosafe-exit-status]").inner_text()
    context.close()


def test_quick_exit_works_as_a_plain_link_without_javascript(
    browser: Browser, base_url: str, built: list[str], sensitive: set[str], exit_url: str
) -> None:
    sensitive_page, _ = _a_sensitive_and_a_plain_page(sensitive, built)
    context = browser.new_context(java_script_enabled=False)
    fake_neutral_site(context, exit_url)
    page = context.new_page()
    page.goto(page_url(base_url, sensitive_page))
    with page.expect_navigation():
        page.locator("[data-sosafe-exit-link]").click()
    assert page.url == exit_url
    context.close()


# --- search ----------------------------------------------------------------------------------------


def test_search_finds_cuckooing_in_the_strategy_and_the_plan(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url)
    page.locator(".md-search__input").fill("cuckooing")
    results = page.locator(".md-search-result__link")
    results.first.wait_for()
    hrefs = [h for h in results.evaluate_all("els => els.map(a => a.href)")]
    assert any("strategies/2025-28/objectives/cuckooing/" in h for h in hrefs), hrefs
    assert any("action-plans/2024-25/" in h for h in hrefs), hrefs
    context.close()


# --- print -----------------------------------------------------------------------------------------

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
    assert printed["cut"] == 0
    assert printed["targets"] == printed["external"]


# --- valid HTML ------------------------------------------------------------------------------------


def test_every_page_is_valid_html(real_site: Path, built: list[str]) -> None:
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: {SETUP_HINT}")
    files = [str(real_site / rel) for rel in built]
    out = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(out.stderr or '{"messages": []}')["messages"]
    prefix = f"file:{real_site}/"
    errors = [
        f"{m.get('url', '?').removeprefix(prefix)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
    ]
    assert errors == []
