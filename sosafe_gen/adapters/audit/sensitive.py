"""Which pages of a built site must carry the quick exit.

In order of trust:
1. what the site says of itself: a page with `<meta name="sosafe:sensitive" content="true">`
   is sensitive, one with `content="false"` is not (used as soon as any page has the meta);
2. the content the site was built from (`--content`, with `mkdocs.yml` for the options): a
   page is sensitive when one of its themes is marked `sensitive: true`;
3. otherwise the built pages themselves: those with a quick-exit control (`[data-sosafe-exit]`).
   Then the audit can check the control where it is, not find a page that lacks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from ...content.check import load_content
from ...site.pages import Options
from ...site.planner import plan_site
from ..commands import options_from_config

META = "sosafe:sensitive"
EXIT_CONTROL = "data-sosafe-exit"
_META = re.compile(r"<meta\b[^>]*\bname=[\"']?" + re.escape(META) + r"[\"']?[^>]*>", re.I)
_CONTENT = re.compile(r"\bcontent=[\"']?([^\"'\s>]*)", re.I)
_EXIT = re.compile(r"\s" + re.escape(EXIT_CONTROL) + r"[\s=>]")


@dataclass(frozen=True)
class Sensitive:
    source: str  # "meta", "content" or "exit control"
    pages: frozenset[str]

    @property
    def known(self) -> bool:
        """True when a page without the control is known not to need it."""
        return self.source != "exit control"


def sensitive_pages(
    site: Path, pages: list[str], content: Path | None, config: Path | None
) -> Sensitive:
    """The sensitive pages among `pages` (paths relative to `site`), and how they were found.
    Reading the content may raise ContentError, which the command prints as problems."""
    head = {rel: (site / rel).read_text(encoding="utf-8", errors="replace") for rel in pages}
    declared = {rel: _declared(text) for rel, text in head.items()}
    if any(v is not None for v in declared.values()):
        return Sensitive("meta", frozenset(rel for rel, v in declared.items() if v))
    if content is not None:
        return Sensitive("content", _from_content(content, config) & frozenset(pages))
    return Sensitive(
        "exit control", frozenset(rel for rel, text in head.items() if _EXIT.search(text))
    )


def _declared(html: str) -> bool | None:
    tag = _META.search(html)
    if tag is None:
        return None
    value = _CONTENT.search(tag.group(0))
    return (value.group(1).lower() if value else "true") != "false"


def _from_content(content_dir: Path, config: Path | None) -> frozenset[str]:
    """The built paths of the planned pages that carry a sensitive theme."""
    content = load_content(content_dir)
    options, docs = Options(), None
    if config is not None and config.is_file():
        with config.open("rb") as fh:
            data = yaml_load(fh) or {}
        options = replace(
            options_from_config(config),
            use_directory_urls=bool(data.get("use_directory_urls", True)),
        )
        docs = config.parent / str(data.get("docs_dir", "docs"))
    hand = (
        frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
        if docs and docs.is_dir()
        else frozenset()
    )
    sites = [plan_site(content, options, extra_pages=hand)]
    for lang in content.languages[1:]:  # a bilingual site's Welsh pages, under cy/
        other = load_content(content_dir, lang)
        prefix = lang + "/"
        own = frozenset(p.removeprefix(prefix) for p in hand if p.startswith(prefix))
        sites.append(plan_site(other, options, extra_pages=own, prefix=prefix))
    flagged = {t.id for t in content.themes.values() if t.sensitive}
    out = set()
    for planned in sites:
        for page in planned.pages:
            if flagged & set(page.themes):
                url = planned.url(planned.placed(page.src_uri))
                out.add(url + "index.html" if url.endswith("/") or url == "" else url)
    return frozenset(out)
