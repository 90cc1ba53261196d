"""The updates as an Atom 1.0 feed, newest first, for feed readers and other sites."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import uuid
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urljoin

from ..content.updates import Update
from ..site.news import FEED_SRC, INDEX_SRC
from ..site.pages import Site
from .markup import markdown_to_html

_ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(site: Site) -> str:
    """An Atom 1.0 feed of the published updates, newest first.

    Links are absolute when the site's URL is configured, else relative to the feed.
    Entry ids are `urn:uuid:` names derived from the partnership and slug, so they stay
    the same when the site moves.
    """
    base = site.options.site_url.rstrip("/") + "/" if site.options.site_url else ""

    def href(src: str) -> str:
        return urljoin(base, site.url(site.placed(src))) if base else site.link(FEED_SRC, src)

    name = site.content.partnership.full_name
    updates: list[Update] = site.content.updates
    feed = ET.Element("feed", {"xmlns": _ATOM})
    if len(site.content.languages) > 1:  # each language has its own feed
        feed.set("xml:lang", site.lang)
    ET.SubElement(feed, "title").text = site._("%(name)s: updates") % {"name": name}
    ET.SubElement(feed, "id").text = _urn(name, "updates")
    ET.SubElement(feed, "updated").text = _stamp(max(u.last_changed for u in updates))
    ET.SubElement(
        feed, "link", {"rel": "self", "type": "application/atom+xml", "href": href(FEED_SRC)}
    )
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": href(INDEX_SRC)})
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = name
    for u in updates:
        entry = ET.SubElement(feed, "entry")
        link = href(site.update_src(u.id))
        ET.SubElement(entry, "title").text = u.title
        ET.SubElement(entry, "id").text = _urn(name, f"updates/{u.id}")
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": link})
        ET.SubElement(entry, "published").text = _stamp(u.date)
        ET.SubElement(entry, "updated").text = _stamp(u.last_changed)
        ET.SubElement(entry, "summary").text = u.summary
        body = ET.SubElement(entry, "content", {"type": "html"})
        page_url = site.url(site.placed(site.update_src(u.id)))
        body.text = _rebase(markdown_to_html(u.body, 2), page_url, href)
        for t in u.themes:
            ET.SubElement(entry, "category", {"term": t, "label": site.content.themes[t].title})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


_HREF = re.compile(r'\bhref="([^"#:]+)((?:#[^"]*)?)"')


def _rebase(html: str, page_url: str, href: Any) -> str:
    """Links in a post are relative to its page; in the feed they must work from the feed.

    (xml:base would say this, but feed readers, feedparser among them, apply it unevenly.)
    """

    def fix(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), match.group(1)))
        url = href(target.lstrip("/") + ("/" if match.group(1).endswith("/") else ""))
        return f'href="{url}{match.group(2)}"'

    return _HREF.sub(fix, html)


def _urn(name: str, path: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{name}/{path}')}"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
