"""MkDocs adapter for the national index: the `sosafe-index` plugin.

`sosafe index` plans the index (national/) and hands the plan to this plugin, which gives
MkDocs the pages, the packaged theme and Material's search, as the `sosafe` plugin does for
a partnership's site. Run on its own (`mkdocs build` of the project `sosafe index` writes),
it reads the registry again, from the last good copies only, without fetching.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..content import model as m
from ..content.problems import ContentError
from ..national.plan import NationalSite
from ..national.render import nav, render_index, theme_settings
from ..render import rawhtml
from ..render.csp import secure_page
from ..render.post_html import fix_page
from ..render.renderer import MemoryBytecodeCache
from ..render.theme import PARTNERSHIP_CSS, partnership_css
from .index import offline_plan
from .plugin import _use_theme, material_loader

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


_THEME_COMPILED = MemoryBytecodeCache()


class IndexConfig(base.Config):
    registry = c.Type(str, default="partnerships.yml")
    """The registry, relative to mkdocs.yml."""
    cache = c.Type(str, default=".sosafe-index")
    """The last good copies of the packages, relative to mkdocs.yml."""


class SosafeIndexPlugin(BasePlugin[IndexConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.national: NationalSite | None = None
        """Set by `sosafe index` before the build; else planned in on_config."""
        self._raw_blocks: dict[str, list[str]] = {}
        self._nav_pages: set[str] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.national is None:
            root = Path(config.config_file_path or ".").resolve().parent
            try:
                self.national = offline_plan(root / self.config.registry, root / self.config.cache)
            except ContentError as exc:
                raise PluginError("registry problems:\n" + exc.report()) from None
        _use_theme(config, m.Brand())
        config.extra["sosafe"] = theme_settings(self.national)
        config.nav = nav(self.national)
        self._nav_pages = {v for item in config.nav for v in item.values()}
        if config.site_name in ("", "MkDocs"):
            config.site_name = self.national.title
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.national is not None
        for src_uri, text in render_index(self.national).items():
            inclusion = (
                InclusionLevel.UNDEFINED
                if src_uri in self._nav_pages
                else InclusionLevel.NOT_IN_NAV
            )
            files.append(File.generated(config, src_uri, content=text, inclusion=inclusion))
        files.append(File.generated(config, PARTNERSHIP_CSS, content=partnership_css(m.Brand())))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Generated HTML blocks skip Python-Markdown, as on a partnership's site (rawhtml.py).
        markdown, self._raw_blocks[page.file.src_uri] = rawhtml.stash(markdown)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        blocks = self._raw_blocks.pop(page.file.src_uri, [])
        if blocks:
            html = rawhtml.restore(html, blocks)
            if page.present_anchor_ids is not None:
                page.present_anchor_ids |= rawhtml.anchor_ids(blocks)
        return html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Material's templates compiled once and kept in Jinja's disk cache between runs.
        env.bytecode_cache = _THEME_COMPILED
        material_loader(env, config)  # the package's nav.html includes Material's by name
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # The same Content-Security-Policy as a partnership's pages (render/csp.py).
        return fix_page(secure_page(output, page.content or "")[0])

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return fix_page(secure_page(output_content)[0])
