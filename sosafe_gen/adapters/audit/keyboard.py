"""Keyboard: Tab from the top of a page through every control and back to the start.

The first stop must be the skip link, and on a sensitive page the second the quick exit; the
skip link must move the focus into the content; every visible control must be reached, with
a focus indicator, on screen. Transitions are off, so a focus style is final at once. A
control a script reveals on focus (Material's search box at narrow widths) is not on screen
yet when it gets the focus: such stops are judged on a second lap, reached by Tab again and
looked at once the page has settled (keyboard_js: `settle`), never after a fixed sleep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import keyboard_js as js
from .scripts import ADD_STYLE

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Timers the page sets on focus with at most this delay run before the check looks again.
QUIET_MS = 50
# A control still moving this long after it got the focus is reported as off screen.
SETTLE_LIMIT_MS = 3000
# The error page a server shows for a missing address: no content headings to skip to.
NO_SKIP_LINK = frozenset({"404.html"})


@dataclass(frozen=True)
class Expect:
    """What the walk must find at its start on one page."""

    page: str
    exit_control: bool  # the quick exit must be the second stop


def walk(page: Page, expect: Expect, settled: list[int] | None = None) -> list[tuple[str, str]]:
    """Tabs through the page just loaded; returns what is wrong as (check, message) pairs,
    the check being "keyboard" or "quick-exit" (the exit is not the second stop). `settled`
    gets the milliseconds each second look waited for the page to settle."""
    page.evaluate(ADD_STYLE, js.NO_MOTION)
    count = page.evaluate(js.MARK)
    _first_lap(page, limit=2 * count + 40)
    stops: list[dict[str, Any]] = page.evaluate(js.STOPS)
    again = [s["i"] for s in stops if not (s["seen"] and s["ring"])]
    problems = _second_lap(page, stops, again, settled) if again else []
    problems += _start_problems(stops, expect)
    missing = page.evaluate(js.NOT_REACHED)
    if missing:
        problems.append(("keyboard", f"not reached by Tab: {_few(missing)}"))
    unringed = sorted({s["what"] for s in stops if not s["ring"]})
    if unringed:
        problems.append(("keyboard", f"no visible focus on {_few(unringed)}"))
    hidden = sorted({s["what"] for s in stops if not s["seen"]})
    if hidden:
        problems.append(("keyboard", f"focus off screen on {_few(hidden)}"))
    if stops and stops[0]["skip"] and expect.page not in NO_SKIP_LINK:
        problems += _skip_link_leads_to_content(page)
    return problems


def _first_lap(page: Page, limit: int) -> None:
    """Tab in batches of as many presses as controls are still to reach (plus one to come
    round), so a page costs a few round trips to the page, not one per press."""
    presses = 0
    while presses < limit:
        state = page.evaluate(js.PROGRESS)
        if state["wrapped"]:
            return
        for _ in range(max(1, min(state["remaining"], limit - presses))):
            page.keyboard.press("Tab")
            presses += 1


def _second_lap(
    page: Page, stops: list[dict[str, Any]], again: list[int], settled: list[int] | None
) -> list[tuple[str, str]]:
    """From the top again, Tab to each stop in `again` and look once the page has settled;
    updates those stops. One more Tab at the end moves on, as a reader would (closing the
    search box Material opened)."""
    timing = {"quiet": QUIET_MS, "limit": SETTLE_LIMIT_MS}
    page.evaluate(js.SECOND_LAP, timing)
    at, problems = 0, []
    for i in again:
        for _ in range(i - at):
            page.keyboard.press("Tab")
        at = i
        look = page.evaluate(js.SETTLE, {"i": i, **timing})
        if look["lap2"] != i or not look["focused"]:
            problems.append(
                ("keyboard", f"Tab order changed on a second lap at {stops[i]['what']}")
            )
            break
        if not look["settled"]:
            problems.append(
                ("keyboard", f"still moving {look['ms']} ms after focus: {stops[i]['what']}")
            )
        stops[i].update(seen=look["seen"], ring=look["ring"])
        if settled is not None:
            settled.append(look["ms"])
    page.keyboard.press("Tab")
    return problems


def _start_problems(stops: list[dict[str, Any]], expect: Expect) -> list[tuple[str, str]]:
    out = []
    first = stops[0] if stops else None
    if expect.page not in NO_SKIP_LINK and not (first and first["skip"]):
        out.append(("keyboard", f"first Tab reaches {first and first['what']}, not a skip link"))
    second = stops[1] if len(stops) > 1 else None
    if expect.exit_control and not (second and second["exit"]):
        out.append(
            ("quick-exit", f"second Tab reaches {second and second['what']}, not the quick exit")
        )
    return out


def _skip_link_leads_to_content(page: Page) -> list[tuple[str, str]]:
    page.evaluate(js.FOCUS_SKIP)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = page.evaluate(js.AFTER_SKIP)
    if not after["in_content"]:
        return [("keyboard", f"the skip link leads to '#{after['target']}', not into the content")]
    if not after["onward"]:
        return [("keyboard", f"after the skip link, Tab goes back to {after['what']}")]
    return []


def _few(items: list[str]) -> str:
    shown = ", ".join(items[:5])
    return shown + (f" and {len(items) - 5} more" if len(items) > 5 else "")
