"""What the theme override needs from the content (`config.extra.sosafe`): the quick exit's
wording, which themes are sensitive, the footer's links and the feed, in the partnership's
own words."""

from __future__ import annotations

from typing import Any

from ..content.record import Content
from ..site.news import FEED_SRC
from ..site.pages import Options, Site
from ..site.public import ACCESSIBILITY, ARCHIVE
from .markup import markdown_to_html


def theme_extra(content: Content, use_directory_urls: bool = True) -> dict[str, Any]:
    """Settings for the theme override (`config.extra.sosafe`), in the partnership's words."""
    p = content.partnership
    site = Site(content, Options(use_directory_urls=use_directory_urls))
    links = [{"title": "Archive", "url": site.url(ARCHIVE)}]
    if p.accessibility:
        links.append({"title": "Accessibility statement", "url": site.url(ACCESSIBILITY)})
    # Feed readers and browsers find the updates feed from any page's head.
    feed = {"url": FEED_SRC, "title": f"{p.full_name}: updates"} if content.updates else None
    return {
        "feed": feed,
        "sensitive_themes": [t.id for t in content.themes.values() if t.sensitive],
        "safety": {
            "exit_url": p.safety.exit_url,
            "exit_label": p.safety.exit_label,
            "clear_history_html": markdown_to_html(p.safety.clear_history),
        },
        "footer_links": links,
    }
