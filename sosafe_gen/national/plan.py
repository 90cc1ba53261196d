"""The national index's pages, planned before any is rendered (as a partnership's site is).

Pages: the home page (every partnership, every theme, what was left out), a page per
partnership (its current strategy and plan, delivery as recorded), a page per theme across
partnerships (across.py), and delivery by status. Detail pages stay out of the nav, so the
build stays linear in the number of partnerships.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Any

from ..content.delivery import combined, tally
from ..content.i18n import N_, date_in, translations
from ..content.record import action_themes, iter_actions
from ..content.text import number, plural
from ..site.pages import Page, relpath
from .across import Across, themes_across
from .fetch import Outcome
from .read import Published

HOME = "index.md"
PARTNERSHIPS = "partnerships/index.md"
THEMES = "themes/index.md"
DELIVERY = "delivery.md"
DEFAULT_TITLE = N_("Community Safety Partnerships")


@dataclass
class NationalSite:
    """The index's planned pages, with the links and words the templates use."""

    title: str
    published: list[Published]
    left_out: list[Outcome]
    themes: dict[str, Across]
    lang: str = "en"
    pages: list[Page] = field(default_factory=list)
    by_src: dict[str, Page] = field(default_factory=dict)

    def _(self, message: str) -> str:
        return translations(self.lang).gettext(message)

    def counted(self, n: int, word: str) -> str:
        text = translations(self.lang).ngettext(f"%(num)s {word}", f"%(num)s {plural(word, 2)}", n)
        return text % {"num": number(n)}

    def date(self, when: dt.datetime) -> str:
        return date_in(when.date(), self.lang)

    def add(self, page: Page) -> Page:
        if page.src_uri in self.by_src:
            raise ValueError(f"two pages planned at {page.src_uri}")
        self.pages.append(page)
        self.by_src[page.src_uri] = page
        return page

    @staticmethod
    def url(src_uri: str) -> str:
        base = src_uri[:-3]
        if base == "index" or base.endswith("/index"):
            return base[: -len("index")]
        return base + "/"

    def link(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """A relative link between planned pages (a link to an unplanned one fails)."""
        if to_src not in self.by_src:
            raise KeyError(f"link from {from_src} to unplanned page {to_src}")
        here, there = self.url(from_src), self.url(to_src)
        start = here if here.endswith("/") or here == "" else posixpath.dirname(here)
        rel = relpath(there, start)
        if there.endswith("/") and not rel.endswith("/"):
            rel += "/"
        return ("" if rel == "./" and anchor else rel) + (f"#{anchor}" if anchor else "")

    @staticmethod
    def partnership_src(pid: str) -> str:
        return f"partnerships/{pid}.md"

    @staticmethod
    def theme_src(tid: str) -> str:
        return f"themes/{tid}.md"


def plan_index(
    title: str | None, published: list[Published], left_out: list[Outcome]
) -> NationalSite:
    """Every page of the index, planned."""
    site = NationalSite("", published, left_out, themes_across(published))
    site.title = title or site._(DEFAULT_TITLE)
    for p in published:
        themes = _themes_of(p) & set(site.themes)
        site.add(
            Page(
                site.partnership_src(p.id),
                "national_partnership",
                p.partnership.full_name,
                {"p": p, "delivery": _delivery(p)},
                themes=tuple(sorted(themes)),
                description=site._("%(name)s: its current strategy and action plan.")
                % {"name": p.partnership.full_name},
            )
        )
    for tid, across in site.themes.items():
        site.add(
            Page(
                site.theme_src(tid),
                "national_theme",
                across.title,
                {"across": across},
                themes=(tid,),
                description=site._(
                    "%(theme)s across partnerships: who prioritises it, "
                    "since when, with what actions."
                )
                % {"theme": across.title},
            )
        )
    site.add(Page(PARTNERSHIPS, "national_partnerships", site._("Partnerships"), {}))
    site.add(Page(THEMES, "national_themes", site._("Themes across partnerships"), {}))
    site.add(
        Page(
            DELIVERY,
            "national_delivery",
            site._("Delivery by status"),
            {"rows": [(p, _delivery(p)) for p in published]},
        )
    )
    site.add(Page(HOME, "national_home", site.title, {}))
    return site


def _themes_of(p: Published) -> set[str]:
    """The themes a partnership's page shows: its current strategy's and plan's."""
    out: set[str] = set()
    if p.strategy:
        out.update(t for o in p.strategy.objectives for t in o.themes)
    if p.plan:
        out.update(t for row in iter_actions(p.plan) for t in action_themes(*row))
    return out


def _delivery(p: Published) -> dict[str, Any] | None:
    """The current plan's actions by status, whole and by section (None without a plan)."""
    plan = p.plan
    if plan is None:
        return None
    sections = [
        {"section": s, "tally": tally(a for aim in s.aims for a in aim.actions)}
        for s in plan.sections
    ]
    return {"plan": plan, "tally": combined(x["tally"] for x in sections), "sections": sections}


def theme_words(across: Across) -> dict[str, int]:
    """The counts a theme's row shows (for templates and tests alike)."""
    return {
        "partnerships": len(across.uses),
        "prioritising": len(across.prioritising),
        "actions": across.actions,
    }
