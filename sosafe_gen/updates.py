"""News updates: Markdown posts with YAML front matter, kept in `content/updates/`.

Updates live in the core (not Material's blog plugin) because they are content like any
other: their front matter is validated with the same `file:line:col` problems, their
themes put them on theme pages, their text is sanitised by the same renderer, and the
home page can ask the plan for the latest ones. The README's design notes say more.

A post is `updates/YYYY-MM-DD-slug.md`; the slug is its URL (`/updates/slug/`), so the
date in the name and in the front matter must agree. Drafts are validated, never published.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from pydantic import Field

from . import model as m
from .check import Content, _closest, display_path, validate
from .load import MAX_BYTES, Document, load_bytes
from .plan import Item, Page, Site
from .problems import ContentError, Problem
from .render import markdown_to_html

UPDATES_DIR = "updates"
FEED_SRC = "updates/feed.xml"
INDEX_SRC = "updates/index.md"
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
_FENCE = re.compile(rb"^---[ \t]*\r?$", re.MULTILINE)


class UpdateMeta(m.Record):
    """An update's front matter, as the comms team writes it."""

    title: m.Text
    date: dt.date
    themes: list[m.Id] = Field(default_factory=list)
    summary: str = ""
    """One or two sentences for the list of updates, the home page and the feed."""
    draft: bool = False
    source: m.Source | None = None


class Update(UpdateMeta):
    """A loaded update: front matter, its slug (from the file name) and Markdown body."""

    id: m.Id
    body: m.Markdown = ""

    @property
    def date_label(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"


update_src = Site.update_src


def theme_updates_src(theme_id: str) -> str:
    return f"updates/themes/{theme_id}.md"


def slugify(title: str, limit: int = 60) -> str:
    """`"16 Days of Activism 2025"` → `16-days-of-activism-2025` (ASCII, hyphens, ≤ limit)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug


# --- loading ---------------------------------------------------------------------------------


def read_updates(root: Path, problems: list[Problem]) -> list[tuple[Document, Update]]:
    """Parse and validate every post in `root/updates/` (drafts too); collect problems."""
    base = root / UPDATES_DIR
    if not base.is_dir():
        return []
    out: list[tuple[Document, Update]] = []
    seen: dict[str, str] = {}
    for path in sorted(base.iterdir()):
        if path.name.startswith("."):
            continue
        display = display_path(path)
        if path.is_dir() or path.suffix != ".md":
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    "updates are Markdown files ending in .md",
                    "move anything else out of the updates folder",
                )
            )
            continue
        match = _NAME.match(path.name)
        if not match:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    "update file names are YYYY-MM-DD-slug.md",
                    f"for example {dt.date.today()}-{slugify(path.stem) or 'news'}.md",
                )
            )
            continue
        loaded = _read_post(path, display, problems)
        if loaded is None:
            continue
        doc, meta, body = loaded
        slug = match.group(2)
        if str(meta.date) != match.group(1):
            problems.append(
                doc.problem(
                    ("date",),
                    f"date {meta.date} does not match the file name",
                    f"rename the file to {meta.date}-{slug}.md, or correct the date",
                )
            )
        if slug in seen:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    f"another update already uses the address '{slug}'",
                    f"see {seen[slug]}; change this file's name after the date",
                )
            )
            continue
        seen[slug] = display
        out.append((doc, Update(**dict(meta), id=slug, body=body)))
    return out


def _read_post(
    path: Path, display: str, problems: list[Problem]
) -> tuple[Document, UpdateMeta, str] | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(display, 1, 1, "", f"cannot read file: {exc.strerror}"))
        return None
    if len(raw) > MAX_BYTES:
        problems.append(
            Problem(display, 1, 1, "", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
        )
        return None
    fences = list(_FENCE.finditer(raw))
    if not fences or fences[0].start() != 0 or len(fences) < 2:
        problems.append(
            Problem(
                display,
                1,
                1,
                "",
                "an update starts with front matter between '---' lines",
                "copy the layout of an existing update, or run `sosafe new update`",
            )
        )
        return None
    first, close = fences[0], fences[1]
    # The opening fence becomes an empty line, so YAML positions are the file's own.
    front = b"\n" + raw[first.end() + 1 : close.start()]
    doc, found = load_bytes(front, display)
    problems.extend(found)
    if doc is None or found:
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "front matter must be fields (title:, date:, themes: ...)"))
        return None
    meta = validate(doc, UpdateMeta, problems)
    try:
        body = raw[close.end() :].decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: close.end() + exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                display,
                line,
                1,
                "",
                f"not valid UTF-8 (byte 0x{raw[close.end() + exc.start]:02x})",
                "save the file as UTF-8 in your editor",
            )
        )
        return None
    if not isinstance(meta, UpdateMeta):
        return None
    return doc, meta, body.strip()


def check_updates(
    content: Content, loaded: list[tuple[Document, Update]], problems: list[Problem]
) -> None:
    """Resolve themes and sources; publish the non-drafts, newest first."""
    for doc, u in loaded:
        for i, t in enumerate(u.themes):
            if t not in content.themes:
                hint = _closest(t, content.themes) or "theme ids are listed in themes.yml"
                problems.append(doc.problem(("themes", i), f"unknown theme '{t}'", hint))
        if u.source and u.source.document not in content.documents:
            hint = _closest(u.source.document, content.documents)
            problems.append(
                doc.problem(
                    ("source", "document"), f"unknown source document '{u.source.document}'", hint
                )
            )
        if not u.draft:
            if not u.themes:
                problems.append(
                    doc.problem(
                        ("themes",),
                        "a published update needs a theme",
                        "add themes: [theme-id], or keep draft: true",
                    )
                )
            if not u.summary:
                problems.append(
                    doc.problem(
                        ("summary",),
                        "a published update needs a summary",
                        "add summary: with a sentence or two",
                    )
                )
    published = [u for _, u in loaded if not u.draft]
    content.updates = sorted(published, key=lambda u: (u.date, u.title), reverse=True)


# --- planning ----------------------------------------------------------------------------------


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
        Page(INDEX_SRC, "updates", "Updates", {"updates": updates, "theme": None, "themes": themes})
    )
    for t in themes:
        site.add(
            Page(
                theme_updates_src(t.id),
                "updates",
                f"Updates: {t.title}",
                {"updates": by_theme[t.id], "theme": t, "themes": themes},
                themes=(t.id,),
            )
        )
    for u in updates:
        site.add(
            Page(
                update_src(u.id),
                "update",
                u.title,
                {"update": u},
                document=u.source.document if u.source else None,
                themes=tuple(u.themes),
                description=u.summary,
            )
        )
        item = Item(
            "Update",
            u.title,
            update_src(u.id),
            None,
            u.date.year,
            str(u.date.year),
            context=u.date_label,
        )
        for t in u.themes:
            site.by_theme[t].append(item)
    site.assets[FEED_SRC] = atom_feed(site)


# --- the feed ------------------------------------------------------------------------------------

_ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(site: Site) -> str:
    """An Atom 1.0 feed of the published updates, newest first.

    Links are absolute when the site's URL is configured, else relative to the feed.
    Entry ids are `urn:uuid:` names derived from the partnership and slug, so they stay
    the same when the site moves.
    """
    base = site.options.site_url.rstrip("/") + "/" if site.options.site_url else ""

    def href(src: str) -> str:
        return urljoin(base, site.url(src)) if base else site.link(FEED_SRC, src)

    name = site.content.partnership.full_name
    updates: list[Update] = site.content.updates
    feed = ET.Element("feed", {"xmlns": _ATOM})
    ET.SubElement(feed, "title").text = f"{name}: updates"
    ET.SubElement(feed, "id").text = _urn(name, "updates")
    ET.SubElement(feed, "updated").text = _stamp(max(u.date for u in updates))
    ET.SubElement(
        feed, "link", {"rel": "self", "type": "application/atom+xml", "href": href(FEED_SRC)}
    )
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": href(INDEX_SRC)})
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = name
    for u in updates:
        entry = ET.SubElement(feed, "entry")
        link = href(update_src(u.id))
        ET.SubElement(entry, "title").text = u.title
        ET.SubElement(entry, "id").text = _urn(name, f"updates/{u.id}")
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": link})
        ET.SubElement(entry, "published").text = _stamp(u.date)
        ET.SubElement(entry, "updated").text = _stamp(u.date)
        ET.SubElement(entry, "summary").text = u.summary
        body = ET.SubElement(entry, "content", {"type": "html"})
        body.text = _rebase(markdown_to_html(u.body, 2), site.url(update_src(u.id)), href)
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


# --- `sosafe new update` -------------------------------------------------------------------

_TEMPLATE = (Path(__file__).parent / "templates" / "new_update.md").read_text


def new_update(content_dir: Path, title: str, today: dt.date) -> Path:
    """Create `updates/<today>-<slug>.md` from the template, as a draft; return its path."""
    if not content_dir.is_dir():
        raise ContentError(
            [
                Problem(
                    display_path(content_dir),
                    1,
                    1,
                    "",
                    "content folder not found",
                    "run this in the site's folder, or pass --content",
                )
            ]
        )
    title = " ".join(title.split())
    slug = slugify(title)
    where = display_path(content_dir / UPDATES_DIR)
    if not slug:
        raise ContentError(
            [
                Problem(
                    where,
                    1,
                    1,
                    "",
                    f"cannot make an address from {title!r}",
                    "use a title with some letters or digits",
                )
            ]
        )
    path = content_dir / UPDATES_DIR / f"{today.isoformat()}-{slug}.md"
    if path.exists():
        raise ContentError(
            [
                Problem(
                    display_path(path),
                    1,
                    1,
                    "",
                    "this update already exists",
                    "edit it, or choose another title",
                )
            ]
        )
    text = (
        _TEMPLATE()
        .replace("{title}", json.dumps(title, ensure_ascii=False))
        .replace("{date}", today.isoformat())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:
        fh.write(text)
    return path
