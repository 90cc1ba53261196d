"""Plan every page and file of the site before anything is rendered.

The plan is a list of stages, one per kind of record or page. Each adds its pages to the
`Site`; the order matters only where a stage reads what an earlier one planned (themes
read every tag, comparisons and the public pages read the plan).
"""

from __future__ import annotations

from collections.abc import Callable

from ..content.record import Content
from .compare import plan_compare
from .documents import (
    plan_action_plans,
    plan_case_studies,
    plan_figures,
    plan_meetings_and_reports,
    plan_reference,
    plan_strategies,
    plan_themes,
)
from .news import plan_updates
from .open_data import plan_open_data
from .pages import Options, Site
from .public import plan_public
from .scrutiny import plan_scrutiny

STAGES: tuple[Callable[[Site], None], ...] = (
    plan_strategies,
    plan_action_plans,
    plan_case_studies,
    plan_meetings_and_reports,
    plan_figures,
    plan_updates,
    plan_open_data,
    plan_themes,
    plan_reference,
    plan_compare,
    plan_public,
    plan_scrutiny,
)


def plan_site(
    content: Content,
    options: Options | None = None,
    extra_pages: frozenset[str] = frozenset(),
    prefix: str = "",
) -> Site:
    """Every page and file of the site, planned before any is rendered; a second language's
    pages are planned at the same paths and go under `prefix` (`cy/`)."""
    site = Site(content, options or Options(), prefix=prefix)
    site.extra_pages = extra_pages
    for stage in STAGES:
        stage(site)
    return site
