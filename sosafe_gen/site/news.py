"""Plan the news: the list of updates, one list per theme, a page per update, the feed.

Updates also appear on their themes' pages, so this stage runs before the themes'.
"""

from __future__ import annotations

from collections import defaultdict

from ..content.i18n import N_
from ..content.updates import Update
from .pages import Item, Page, Site

FEED_SRC = "updates/feed.xml"
INDEX_SRC = "updates/index.md"


def plan_updates(site: Site) -> None:
    """Pages for the updates, their theme listings, theme-page items and the Atom feed."""
    updates: list[Update] = site.content.updates
    if not updates:
        return
    by_theme: dict[str, list[Update]] = defaultdict(list)
    for u in updates:
        for t in u.themes:
            by_theme[t].append(u)
    themes = [site.content.themes[t] for t in site.content.themes if t in by_theme]
    site.add(
        Page(
            INDEX_SRC,
            "updates",
            site._("Updates"),
            {"updates": updates, "theme": None, "themes": themes},
        )
    )
    for t in themes:
        site.add(
            Page(
                site.theme_updates_src(t.id),
                "updates",
                site._("Updates: %(theme)s") % {"theme": t.title},
                {"updates": by_theme[t.id], "theme": t, "themes": themes},
                themes=(t.id,),
            )
        )
    for u in updates:
        site.add(
            Page(
                site.update_src(u.id),
                "update",
                u.title,
                {"update": u},
                document=u.source.document if u.source else None,
                themes=tuple(u.themes),
                description=u.summary,
                file=site.content.file_of(f"updates:{u.id}"),
            )
        )
        item = Item(
            N_("Update"),
            u.title,
            site.update_src(u.id),
            None,
            u.date.year,
            str(u.date.year),
            context=u.date_label,
        )
        for t in u.themes:
            site.by_theme[t].append(item)
    site.feed = FEED_SRC
