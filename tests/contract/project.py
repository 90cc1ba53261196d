"""A partnership's site as the content contract sees it: its source folder, its build, its
content and options loaded as the build loads them, and the generator's plan of where
each record's page is."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from mkdocs.config import load_config

from sosafe_gen.adapters.commands import options_from_config
from sosafe_gen.content.check import load_content
from sosafe_gen.content.record import Content
from sosafe_gen.site.editor import ADMIN_DIR
from sosafe_gen.site.pages import Options, Site
from sosafe_gen.site.planner import plan_site

INLINE = re.compile(r"</?(?:a|abbr|strong|em|b|i|u|span|code|sup|sub|del|time)\b[^>]*>")


def text_of(fragment: str) -> str:
    """Visible text: inline tags vanish, block tags separate words."""
    fragment = re.sub(r"<[^>]+>", " ", INLINE.sub("", fragment))
    return " ".join(html.unescape(fragment).split())


def article(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    start = body.find("<article")
    return body[start : body.find("</article>", start)] if start >= 0 else ""


def hrefs(fragment: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', fragment)


@dataclass
class Project:
    """A partnership's site: the folder with its mkdocs.yml, and its strict build."""

    src: Path
    site: Path

    @cached_property
    def config(self) -> Any:
        return load_config(str(self.src / "mkdocs.yml"))

    @cached_property
    def content_dir(self) -> Path:
        return self.src / self.config.plugins["sosafe"].config.content_dir

    @cached_property
    def content(self) -> Content:
        return load_content(self.content_dir)

    @cached_property
    def options(self) -> Options:
        return options_from_config(self.src / "mkdocs.yml")

    @cached_property
    def hand_written(self) -> frozenset[str]:
        docs = Path(self.config.docs_dir)
        return frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))

    @cached_property
    def plan(self) -> Site:
        """Where each record's page is (the URL scheme is the generator's, not a fact)."""
        return plan_site(self.content, self.options, extra_pages=self.hand_written)

    def page(self, src_uri: str) -> Path:
        return self.site / self.plan.url(src_uri) / "index.html"

    def article(self, src_uri: str) -> str:
        return article(self.page(src_uri))

    @cached_property
    def pages(self) -> list[Path]:
        return sorted(
            p
            for p in self.site.rglob("*.html")
            if p.name != "404.html" and p.relative_to(self.site).parts[0] != ADMIN_DIR
        )

    @cached_property
    def site_text(self) -> str:
        return "\n".join(text_of(article(p)) for p in self.pages)


def resolves(page: Path, href: str) -> bool:
    path, _, anchor = href.partition("#")
    target = (page.parent / path).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return False
    return not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8")
