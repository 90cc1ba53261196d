"""What a page must never show, whatever the partnership has published: an empty section,
list or table, a count that disagrees in number ("1 items"), a count of nothing, or a
doubled full stop where generated words meet content."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sosafe_gen.site.editor import ADMIN_DIR

HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
EMPTY = re.compile(r"<(ul|ol|tbody|dl)\b[^>]*>\s*</\1>")
# "1 items", "1 years": the generator's count words (a plural after 1).
ONE_MANY = re.compile(
    r"(?<![\d.,])\b1 (items|years|actions|records|rows|themes|objectives|strategies|plans|"
    r"terms|figures|meetings|reports|updates|values|problems|case studies)\b"
)
NONE_COUNTED = re.compile(r"(?<![\d.,£])\b0 (?:[a-z]+)")
DOUBLE_STOP = re.compile(r"\w\.\.(?!\.)")


def article(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    found = re.search(r"<article[^>]*>(.*?)</article>", body, re.S)
    return HEADERLINK.sub("", found.group(1)) if found else ""


INLINE = re.compile(r"</?(?:a|abbr|strong|em|b|i|u|span|code|sup|sub|del|time)\b[^>]*>")


def visible(fragment: str) -> str:
    """The words a reader sees: inline tags vanish, block tags separate words."""
    fragment = re.sub(r"<[^>]+>", " ", INLINE.sub("", fragment))
    return " ".join(html.unescape(fragment).split())


def dishonesty(page: Path, counts: bool = True) -> list[str]:
    """Every way this page reads wrong; empty when it reads right."""
    body = article(page)
    found = []
    heads = list(HEADING.finditer(body))
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        next_level = int(heads[i + 1].group(1)) if i + 1 < len(heads) else 0
        level = int(head.group(1))
        if level > 1 and next_level <= level and not visible(body[head.end() : end]):
            found.append(f"empty section: {visible(head.group(2))}")
    found += [f"empty <{m.group(1)}>" for m in EMPTY.finditer(body)]
    found += [
        "table without rows" for t in re.findall(r"<table.*?</table>", body, re.S) if "<td" not in t
    ]
    text = visible(body)
    found += [
        f"stop doubled: {text[max(0, m.start() - 30) : m.end()]}"
        for m in DOUBLE_STOP.finditer(text)
    ]
    if counts:
        found += [f"count: {m.group(0)}" for m in ONE_MANY.finditer(text)]
        found += [f"count of nothing: {m.group(0)}" for m in NONE_COUNTED.finditer(text)]
    return found


def site_dishonesty(site: Path, counts: bool = True) -> dict[str, list[str]]:
    out = {}
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" or page.relative_to(site).parts[0] == ADMIN_DIR:
            continue
        problems = dishonesty(page, counts)
        if problems:
            out[page.relative_to(site).as_posix()] = problems
    return out
