"""One visit of every page at each width in Debian's chromium, every browser check per visit.

Each width has its own thread, Playwright and browser (Playwright's sync API keeps to one
thread), so a two-core machine visits at both widths at once. A fresh context (viewport
WIDTH × 800 CSS px, axe-core added to every page before its scripts) visits every page once
and runs axe-core, reflow, the keyboard walk (keyboard.py) and the quick exit's place. The
first width's thread then visits every page once more without JavaScript. Requests to any
host but the local server are refused and recorded, as are those not answered with success,
and so is everything the page's Content-Security-Policy blocks (a listener added with axe).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...site.audit_report import Failure
from . import keyboard, scripts
from .sensitive import Sensitive
from .server import page_url

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HEIGHT = 800


@dataclass
class Findings:
    """What the visits found, by check id, what they visited and the browser's versions."""

    failures: dict[str, list[Failure]] = field(default_factory=dict)
    visited: dict[int, list[str]] = field(default_factory=dict)
    tools: dict[str, str] = field(default_factory=dict)

    def add(self, check: str, page: str, message: str, width: int | None, rule: str | None = None):
        self.failures.setdefault(check, []).append(Failure(page, message, width, rule))

    def merge(self, other: Findings) -> None:
        for check, found in other.failures.items():
            self.failures.setdefault(check, []).extend(found)
        self.visited.update(other.visited)
        self.tools.update(other.tools)


@dataclass(frozen=True)
class Job:
    """What every thread needs: the browser program, the served site and its pages."""

    chromium: Path
    base: str
    pages: list[str]
    sensitive: Sensitive
    progress: Callable[[str], None]
    stop: threading.Event = field(default_factory=threading.Event)


@contextmanager
def chromium(executable: Path) -> Iterator[Browser]:
    """Debian's chromium, driven by a Playwright of this thread's own."""
    from playwright.sync_api import sync_playwright  # only the audit needs Playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def local_only(context: BrowserContext, base: str, seen: Callable[[str], None]) -> None:
    """Refuses every request to a host other than the local server's, telling `seen`. The
    pattern is matched in the browser's driver, so local requests never wait for Python."""
    foreign = re.compile(r"^(?!" + re.escape(base) + r")(https?|wss?)://")

    def refuse(route: Route) -> None:
        seen(route.request.url)
        route.abort("blockedbyclient")

    context.route(foreign, refuse)


class _Visits:
    """One context's visits: which page is open, so requests are put down to it."""

    def __init__(self, browser: Browser, job: Job, out: Findings, width: int, **kw: Any):
        self.base, self.out, self.width, self.rel = job.base, out, width, ""
        self.js_off = " with JavaScript off" if kw.get("java_script_enabled") is False else ""
        self.context = browser.new_context(viewport={"width": width, "height": HEIGHT}, **kw)
        local_only(self.context, job.base, self._foreign)
        self.context.on("response", self._answered)
        self.page = self.context.new_page()

    def _foreign(self, url: str) -> None:
        message = f"request to another host{self.js_off}: {url}"
        self.out.add("requests", self.rel, message, self.width)

    def _answered(self, response: Any) -> None:
        if response.status >= 400:
            message = f"{response.status}{self.js_off} for {response.url.removeprefix(self.base)}"
            self.out.add("requests", self.rel, message, self.width)

    def open(self, rel: str) -> Page:
        self.rel = rel
        self.page.goto(page_url(self.base, rel))
        return self.page


def sweep(job: Job, widths: list[int]) -> Findings:
    """Every page at every width (a thread each), then every page without JavaScript."""
    found = Findings()
    with ThreadPoolExecutor(len(widths)) as pool:
        futures = [pool.submit(_width, job, w, without_js=(n == 0)) for n, w in enumerate(widths)]
        try:
            for future in futures:
                found.merge(future.result())
        except BaseException:
            job.stop.set()  # the other threads stop after their current page
            raise
    return found


def _width(job: Job, width: int, without_js: bool) -> Findings:
    from axe_playwright_python.base import AXE_FILE_PATH

    out = Findings(visited={width: []})
    started = time.monotonic()
    with chromium(job.chromium) as browser:
        out.tools["chromium"] = browser.version
        visits = _Visits(browser, job, out, width)
        visits.context.add_init_script(path=str(AXE_FILE_PATH))
        visits.context.add_init_script(scripts.CSP_LISTEN)
        for n, rel in enumerate(job.pages, 1):
            if job.stop.is_set():
                return out
            check_page(visits.open(rel), rel, width, job.sensitive, out)
            out.visited[width].append(rel)
            if n % 25 == 0 or n == len(job.pages):
                job.progress(f"{width} px: {n} of {len(job.pages)} pages ({_since(started)})")
        out.tools["axe-core"] = visits.page.evaluate("axe.version")
        visits.context.close()
        if without_js:
            _without_javascript(browser, job, out, width)
            job.progress(f"without JavaScript: {len(job.pages)} pages ({_since(started)})")
    return out


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.0f} s"


def _without_javascript(browser: Browser, job: Job, out: Findings, width: int) -> None:
    visits = _Visits(browser, job, out, width, java_script_enabled=False)
    for rel in job.pages:
        if job.stop.is_set():
            break
        if not visits.open(rel).evaluate(scripts.READABLE):
            out.add("no-javascript", rel, "no heading and text without JavaScript", None)
    visits.context.close()


def check_page(page: Page, rel: str, width: int, sensitive: Sensitive, out: Findings) -> None:
    """Every browser check on the page just loaded, in an order that keeps each one's start
    clean: axe and reflow only read; the keyboard walk starts with nothing focused at the
    top; the quick exit's check scrolls, so it comes last."""
    for v in page.evaluate(scripts.AXE_RUN, scripts.AXE_TAGS):
        out.add("axe", rel, f"{v['help']} at {'; '.join(v['targets'])}", width, v["id"])
    reflow = page.evaluate(scripts.OVERFLOW)
    if reflow["scrollWidth"] > width or reflow["loose"]:
        message = f"page {reflow['scrollWidth']} px wide; sticking out: {reflow['loose']}"
        out.add("reflow", rel, message, width)
    expect = keyboard.Expect(rel, exit_control=rel in sensitive.pages)
    for check, message in keyboard.walk(page, expect):
        out.add(check, rel, message, width)
    if rel in sensitive.pages:
        where = page.evaluate(scripts.EXIT_ON_SCREEN)
        if where != "ok":
            out.add("quick-exit", rel, f"quick exit {where}", width)
    elif sensitive.known and page.evaluate(scripts.HAS_EXIT):
        out.add("quick-exit", rel, "quick exit on a page that is not sensitive", width)
    for v in page.evaluate(scripts.CSP_FOUND):  # since the page loaded, checks included
        out.add("csp", rel, csp_message(v), width, v["directive"])


def csp_message(v: dict[str, Any]) -> str:
    """One violation in words: what the policy refused, and the start of it."""
    directive, blocked = v["directive"], v["blocked"]
    noun = "style" if directive.startswith("style") else "script"
    if blocked == "inline" and directive.endswith("-attr"):
        what = "a style= attribute" if noun == "style" else "an event handler attribute"
    elif blocked == "inline":
        what = f"an inline {noun}"
    else:
        what = "eval" if blocked == "eval" else blocked
    sample = f": {v['sample']!r}" if v.get("sample") else ""
    return f"{directive} blocked {what}{sample}"
