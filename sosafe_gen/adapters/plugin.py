"""MkDocs adapter: load content in on_config, add generated pages in on_files.

It dispatches to the core and does nothing else, so the site can move to another
generator (ProperDocs, or whatever follows MkDocs 1.x) by writing a new adapter.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.utils import normalize_url

from ..content import model as m
from ..content.check import load_content
from ..content.i18n import N_, translations
from ..content.problems import ContentError
from ..content.record import Content
from ..content.text import display_path
from ..render import rawhtml
from ..render.abbreviations import Abbreviations
from ..render.csp import HEADERS_FILE, headers_file, secure_page
from ..render.editor import EditorUnavailable, admin_files, assets
from ..render.editor import policy as admin_policy
from ..render.pdf import LAYOUTS, PdfUnavailable, pdf_pages, pdfs_for
from ..render.pdf_cache import PdfCache
from ..render.post_html import fix_page
from ..render.renderer import MemoryBytecodeCache, Renderer
from ..render.theme import (
    PARTNERSHIP_CSS,
    SOSAFE_CSS,
    THEME_DIR,
    partnership_css,
    theme_extra,
)
from ..site.audit_report import AuditSummary
from ..site.editor import ADMIN_DIR, LOCAL_PORT, EditorOptions, editor_config
from ..site.pages import Options, Site, newest_audit
from ..site.planner import plan_site
from .livereload import LIVERELOAD_JS, inject_as_file, poller
from .options import option_problems
from .preview import Preview

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

# The theme's templates are Material's business: kept in memory only (for `mkdocs serve`),
# so the benchmark's comparison with plain MkDocs measures our own work.
_THEME_COMPILED = MemoryBytecodeCache(disk=False)

NAV_MARKER = "sosafe-generated"
"""A nav entry with this text is replaced by the generated sections."""


class SosafeConfig(base.Config):
    content_dir = c.Type(str, default="content")
    """Folder of content YAML, relative to mkdocs.yml."""
    show_officer_names = c.Type(bool, default=False)
    """Show officers' names beside their organisation (off: organisation only)."""
    small_count_threshold = c.Type(int, default=5)
    """Counts of people below this are published as "fewer than N"."""
    templates_dir = c.Optional(c.Type(str))
    """A folder whose templates replace the packaged ones of the same name."""
    pdf = c.Type(bool, default=True)
    """Publish each strategy and action plan as a tagged PDF too (committee papers)."""
    pdf_serve = c.Type(bool, default=False)
    """Make the PDFs in `mkdocs serve` as well: off, so the preview rebuilds quickly."""
    pdf_plan_layout = c.Choice(LAYOUTS, default=LAYOUTS[0])
    """An action plan's PDF: `table` (A4 landscape, a row per action, as committees receive
    it) or `portrait` (the plan's page, an action after another)."""
    cache = c.Type(bool, default=True)
    """Keep each PDF in `cache_dir` by what it is made of, so a build lays out again only
    the PDFs whose input changed (render/pdf_cache.py)."""
    cache_dir = c.Type(str, default=".cache/plugin/sosafe")
    """Where the PDFs are kept, relative to mkdocs.yml (Material's convention; keep it out
    of git, and between CI runs)."""
    audit_dir = c.Type(str, default="audit")
    """Where `sosafe audit` writes its reports (relative to mkdocs.yml): the accessibility
    statement cites the newest one."""
    editor = c.Type((bool, dict), default=True)
    """The browser editor at /admin/ (Decap CMS, configured from the content model): true,
    false, or how editors sign in on the Git host (`backend`: github, gitlab or azure,
    `repo`, `branch` and what the host's sign-in needs, and `publish_mode`: edit/signin.py,
    README)."""
    editor_port = c.Type(int, default=LOCAL_PORT)
    """The port `sosafe edit` serves the editor's local backend on (127.0.0.1)."""


def editor_options(plugin: Any, root: Path, site_url: str) -> EditorOptions:
    """What the editor's configuration takes from the plugin's options (`plugin`, as MkDocs
    validated them) and the site: its content folder, where `sosafe edit` answers, and the
    `editor:` mapping (the Git host, the publish mode)."""
    content_dir = (root / plugin.content_dir).resolve()
    return EditorOptions(
        content_dir=content_dir.relative_to(root.resolve()).as_posix(),
        local_port=plugin.editor_port,
        site_url=site_url,
        host=dict(plugin.editor) if isinstance(plugin.editor, dict) else {},
    )


class SosafePlugin(BasePlugin[SosafeConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.content: Content | None = None
        self.translated: list[Content] = []
        """The record in each further language (Welsh), when the site has more than one."""
        self.site: Site | None = None
        self.generated: dict[str, Site] = {}
        """Each generated page's path in the build, and the site (language) it belongs to."""
        self.abbreviations: Abbreviations | None = None
        self._raw_blocks: dict[str, list[str]] = {}
        self._script_hashes: dict[str, list[str]] = {}
        """Every page's inline scripts, for the site-wide header policy (_headers): by page
        (or template), so that the preview's pages not built again keep theirs."""
        self._admin_policy = ""
        """The editor's own policy, for its folder in _headers (none: no editor)."""
        self.preview: Preview | None = None
        """`mkdocs serve`'s memory of its last build, to build only what an edit changed."""

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        # Our check first: every bad option at its line and column, in plain words.
        problems = option_problems(options, config_file_path)
        for problem in problems:  # as MkDocs reports its own configuration errors
            logging.getLogger("mkdocs.config").error(str(problem))
        if problems:
            raise Abort("Aborted with a configuration error!")
        return super().load_config(options, config_file_path)

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this object across `mkdocs serve` rebuilds, so a
        # content error can fall back to the last good content (below).
        self.serving = command == "serve"
        self.preview = Preview() if self.serving else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            with _gc_paused():
                root = self._root(config) / self.config.content_dir
                content = load_content(root)
                self.translated = [load_content(root, lang) for lang in content.languages[1:]]
                self.content = content
        except ContentError as exc:
            if not (getattr(self, "serving", False) and self.content is not None):
                raise PluginError("content problems:\n" + exc.report()) from None
            # Preview: say what is wrong, keep serving the last good content (a failed
            # build would leave every page request waiting until the error is fixed).
            log.error(
                "content problems:\n%s\nThe preview shows the last good content "
                "until these are fixed.",
                exc.report(),
            )
        self.abbreviations = Abbreviations(self.content.terms, list(self.content.documents))
        _use_theme(config, self.content.partnership.brand)
        if config.nav:
            config.nav = _expand_nav(config.nav, self.content)
        else:
            config.nav = [{_in(self.content, N_("Home")): "index.md"}, *generated_nav(self.content)]
        config.extra["sosafe"] = theme_extra(self.content, config.use_directory_urls)
        for other in self.translated:  # the Welsh pages' quick exit, footer and feed
            config.extra[f"sosafe_{other.lang}"] = theme_extra(other, config.use_directory_urls)
        if self.translated:
            config.nav.extend(
                {
                    other.partnership.name: _prefixed(
                        [{_in(other, N_("Home")): "index.md"}, *generated_nav(other)],
                        other.lang + "/",
                    )
                }
                for other in self.translated
            )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.content is not None
        hand = frozenset(f.src_uri for f in files if f.is_documentation_page())
        options = Options(
            show_officer_names=self.config.show_officer_names,
            small_count_threshold=self.config.small_count_threshold,
            use_directory_urls=config.use_directory_urls,
            site_url=config.site_url or "",
            audit=self._audit(config),
            pdf_plan_layout=self.config.pdf_plan_layout,
            editor=bool(self.config.editor),
        )
        with _gc_paused():
            self.site = plan_site(self.content, options, extra_pages=hand)
            sites = [self.site]
            for other in self.translated:
                prefix = other.lang + "/"
                own = frozenset(p.removeprefix(prefix) for p in hand if p.startswith(prefix))
                sites.append(plan_site(other, options, extra_pages=own, prefix=prefix))
        self.generated = {s.prefix + src: s for s in sites for src in s.by_src}
        clashes = sorted(hand & set(self.generated))
        if clashes:
            raise PluginError(
                f"docs/{clashes[0]} would be replaced by a generated page; "
                "rename the hand-written page"
            )
        overrides = (
            self._root(config) / self.config.templates_dir if self.config.templates_dir else None
        )
        in_nav = set(_nav_sources(config.nav))
        pages: dict[str, str] = {}
        others: dict[str, str | bytes] = {}
        renderers = [Renderer(site, overrides, counterparts=sites) for site in sites]
        if self._want_pdfs():
            # Before the pages: each page's link states its PDF's pages and size. Not with
            # the collector paused: laying out a PDF makes many short-lived cycles.
            self._make_pdfs(renderers, config)
        for site, renderer in zip(sites, renderers, strict=True):
            with _gc_paused():
                pages.update((site.prefix + k, v) for k, v in renderer.render_all().items())
                others.update((site.prefix + k, v) for k, v in renderer.render_files().items())
            others.update((pdf.path, pdf.data) for pdf in renderer.pdfs.values())
        content_dir = self._root(config) / self.config.content_dir
        for src_uri, text in pages.items():
            # Detail pages stay out of the nav: Material renders the nav into every page.
            inclusion = InclusionLevel.UNDEFINED if src_uri in in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, src_uri, content=text, inclusion=inclusion)
            site = self.generated[src_uri]
            source = site.by_src[src_uri[len(site.prefix) :]].file
            if source:  # the edit button opens the content file the page comes from
                path = os.path.relpath(content_dir / source, config.docs_dir)
                file.edit_uri = Path(path).as_posix()
            files.append(file)
        for path, data in others.items():
            files.append(File.generated(config, path, content=data))
        self._check_downloads(files, config)
        self._own_headers = files.get_file_from_path(HEADERS_FILE) is not None
        self._admin_policy = ""
        if getattr(self, "serving", False):
            files.append(File.generated(config, LIVERELOAD_JS, content=poller()))
        if self.config.editor:
            self._add_editor(files, config)
        if files.get_file_from_path(PARTNERSHIP_CSS) is None:  # docs/ may hold its own
            css = partnership_css(self.content.partnership.brand)
            files.append(File.generated(config, PARTNERSHIP_CSS, content=css))
        if self.preview is not None:  # what every page shows, beside the nav and config
            c = self.content
            shared = (c.terms, list(c.documents), c.partnership.brand)
            self.preview.mark(files, pages, config, shared)
        return files

    def _make_pdfs(self, renderers: list[Renderer], config: MkDocsConfig) -> None:
        """Every language's PDFs in one batch, those unchanged since a build kept them copied
        from the cache; the build's log says which were laid out."""
        folder = self._root(config) / self.config.cache_dir if self.config.cache else None
        cache = PdfCache(folder)
        try:
            made = pdfs_for([(r, pdf_pages(r)) for r in renderers], cache)
        except PdfUnavailable as exc:
            raise PluginError(str(exc)) from None
        for renderer, pdfs in zip(renderers, made, strict=True):
            renderer.pdfs = pdfs
        new = [p.path for pdfs in made for p in pdfs.values() if not p.kept]
        log.info(
            f"PDFs: {cache.hits} from the cache, {len(new)} made"
            + (f": {', '.join(new)}" if new else "")
        )
        cache.prune()

    def _add_editor(self, files: Files, config: MkDocsConfig) -> None:
        """/admin/: the editor's page, its configuration and scripts (site/editor.py)."""
        assert self.content is not None
        options = editor_options(self.config, self._root(config), config.site_url or "")
        try:
            scripts = assets()
        except EditorUnavailable as exc:
            raise PluginError(str(exc)) from None
        decap = editor_config(self.content, options)
        made = admin_files(decap, self.content.partnership.full_name, self.content.languages[0])
        self._admin_policy = admin_policy(decap)
        for path, text in made.items():
            files.append(File.generated(config, path, content=text))
        for asset in scripts:
            files.append(
                File.generated(config, f"{ADMIN_DIR}/{asset.name}", abs_src_path=str(asset))
            )

    def _want_pdfs(self) -> bool:
        if not self.config.pdf:
            return False
        return self.config.pdf_serve or not getattr(self, "serving", False)

    def _audit(self, config: MkDocsConfig) -> AuditSummary | None:
        try:
            return newest_audit(self._root(config) / self.config.audit_dir)
        except ContentError as exc:
            raise PluginError(exc.report()) from None

    def _check_downloads(self, files: Files, config: MkDocsConfig) -> None:
        """A source document's `download:` must be a file in the docs folder."""
        assert self.content is not None
        sources = self.content.root / "sources.yml"
        missing = [
            f"{display_path(sources)}: documents '{d.id}': download: no file '{d.download}' in "
            f"{display_path(Path(config.docs_dir))}/"
            for d in self.content.documents.values()
            if d.download and files.get_file_from_path(d.download) is None
        ]
        if missing:
            raise PluginError("\n".join(missing))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """A bilingual site's nav holds each further language as one section (added in
        on_config); each page is shown its own language's nav (on_page_context)."""
        self._navs = {}
        names = {other.partnership.name: other.lang for other in self.translated}
        rest = []
        for item in nav.items:
            lang = names.get(item.title) if isinstance(item, Section) else None
            if lang is None:
                rest.append(item)
                continue
            for child in item.children:
                child.parent = None
            self._navs[lang] = Navigation(item.children, nav.pages)
        if self._navs:
            self._navs[""] = Navigation(rest, nav.pages)
        if self.preview is not None:
            self.preview.nav(nav)
        return nav

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        navs = getattr(self, "_navs", {})
        if not navs:
            return context
        lang = _language_of(page.file.src_uri, navs)
        context["nav"] = navs[lang]
        if lang:  # the header and title name the site in the page's language
            self._site_name = config.site_name
            config.site_name = next(
                o for o in self.translated if o.lang == lang
            ).partnership.full_name
        # Previous and next stay within the page's language.
        for attr in ("previous_page", "next_page"):
            other = getattr(page, attr)
            if other is not None and _language_of(other.file.src_uri, navs) != lang:
                setattr(page, attr, None)
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # The theme's templates, compiled once per process rather than on every rebuild.
        env.bytecode_cache = _THEME_COMPILED
        if self.preview is not None:
            self.preview.before_templates()
        if self.preview is None or self.preview.everything:
            self._script_hashes = {}
        if material_loader(env, config):  # the nav, once per set of links (partials/nav.html)
            navs: dict[tuple[Any, ...], Markup] = {}
            env.globals.update(
                sosafe_nav_key=self._nav_key,
                sosafe_navs=navs,
                sosafe_keep_nav=lambda key, html: navs.setdefault(key, Markup(html)),
            )
            self._nav_urls: dict[int, list[str]] = {}
        return env

    def _nav_key(self, nav: Navigation, page: Page | None, config: MkDocsConfig) -> Any:
        """What Material's nav depends on for a page that is not in it (so nothing in it is
        active or expanded): the nav, the site name and language the page is shown with,
        and every link's address relative to the page. None for a page in the nav."""
        if page is None or page.parent is not None or page in nav.pages:
            return None
        urls = self._nav_urls.get(id(nav))
        if urls is None:
            urls = self._nav_urls[id(nav)] = _nav_link_urls(nav, config)
        where = tuple(normalize_url(u, page=page) for u in urls)
        return (id(nav), config.site_name, page.meta.get("sosafe_lang", ""), where)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Generated pages' HTML blocks skip Python-Markdown (see rawhtml.py).
        if self.site is None or page.file.src_uri not in self.generated:
            return markdown
        markdown, self._raw_blocks[page.file.src_uri] = rawhtml.stash(markdown)
        page.file.content_string = ""  # read: don't hold every page's source to the end
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.abbreviations is not None
        blocks = self._raw_blocks.pop(page.file.src_uri, [])
        if blocks:
            html = rawhtml.restore(html, blocks)
            if page.present_anchor_ids is not None:
                page.present_anchor_ids |= rawhtml.anchor_ids(blocks)
        html = self.abbreviations.mark(html, page.meta.get("sosafe_document"))
        lang = page.meta.get("sosafe_lang")
        if self.content is not None and lang and lang != self.content.lang:
            # Headings' permalinks are titled by the toc extension, once for the whole site.
            words = translations(lang).gettext(PERMALINK_TITLE)
            html = html.replace(f'title="{PERMALINK_TITLE}"', f'title="{words}"')
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # Fixes to Material's markup that no block override can make (render/post_html.py).
        if getattr(self, "_site_name", None) is not None:
            config.site_name, self._site_name = self._site_name, None
        # The Content-Security-Policy: this page's inline scripts, never its content's.
        output, hashes = secure_page(output, page.content or "")
        self._script_hashes[page.file.src_uri] = hashes
        return fix_page(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # 404.html is a theme template, not a page: on_post_page never sees it.
        if not template_name.endswith(".html"):
            return output_content
        output_content, hashes = secure_page(output_content)
        self._script_hashes[f"template:{template_name}"] = hashes
        return fix_page(output_content)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # The same policy as real headers, for hosts that read _headers (docs/ may hold its own).
        if not getattr(self, "_own_headers", False):
            path = Path(config.site_dir) / HEADERS_FILE
            hashes = [h for page in self._script_hashes.values() for h in page]
            text = headers_file(hashes, self._admin_policy, ADMIN_DIR)
            path.write_text(text, encoding="utf-8")

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        content_dir = self._root(config) / self.config.content_dir
        server.watch(str(content_dir))
        inject_as_file(server)  # the live reload, allowed by each page's policy
        if self.preview is not None:  # a content edit rebuilds only what it changed
            server.builder = self.preview.serve(builder, content_dir, _watched(server, config))
        return server


def _watched(server: LiveReloadServer, config: MkDocsConfig) -> Callable[[], list[str]]:
    """What the server rebuilds on (read at each rebuild: more is watched after on_serve)."""
    return lambda: [*getattr(server, "_watched_paths", {}), *config.watch]


PERMALINK_TITLE = N_("Link to this section")
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},  # generated headings carry ids: `## Title {#id}`
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True, "permalink_title": PERMALINK_TITLE},
}
FEATURES = ["navigation.top", "navigation.footer", "toc.follow", "search.highlight"]


def _use_theme(config: MkDocsConfig, brand: m.Brand) -> None:
    """Material with the package's templates, styles and settings: a site's mkdocs.yml needs
    only `theme: {name: material}`. A partnership's own `custom_dir` still comes first."""
    theme = config.theme
    if theme.name != "material":
        raise PluginError(
            f"the sosafe plugin builds on Material for MkDocs, not '{theme.name}': "
            "set theme: {name: material} in mkdocs.yml"
        )
    if str(THEME_DIR) not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))
    theme["font"] = False  # Google Fonts would be a request to a third party on every page
    theme["palette"] = {"primary": "custom", "accent": "custom"}  # colours: brand: in content
    if theme["language"] == "en":
        theme["language"] = "custom"  # British English (partials/languages/custom.html)
    if not theme["features"]:
        theme["features"] = list(FEATURES)
    editable = config.repo_url and (config.edit_uri or config.edit_uri_template)
    if editable and "content.action.edit" not in theme["features"]:
        theme["features"].append("content.action.edit")  # opens the page's content file
    if brand.logo:
        theme["logo"] = brand.logo
    for css in (PARTNERSHIP_CSS, SOSAFE_CSS):
        if css not in config.extra_css:
            config.extra_css.append(css)
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        config.mdx_configs.setdefault(name, options)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while content is loaded, planned and rendered.

    Those steps build many long-lived objects and next to no reference cycles, so
    collections meanwhile are wasted work that grows with the content (about a quarter
    of their time on a large site). The few cycles are collected afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def material_loader(env: Environment, config: MkDocsConfig) -> bool:
    """Material's own templates under `material/`, for the package's partials/nav.html
    (which includes Material's nav by that name); False when a custom_dir's nav is used."""
    material = _material_templates(config)
    if material is None:
        return False
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(material)})])
    return True


def _material_templates(config: MkDocsConfig) -> str | None:
    """Material's own templates folder (the theme folder after the package's), when the
    nav wrapper in the package's partials/nav.html is the one in use."""
    dirs = [Path(d) for d in config.theme.dirs]
    found = [d for d in dirs if (d / "partials" / "nav.html").is_file()]
    if len(found) < 2 or found[0] != THEME_DIR:
        return None  # a custom_dir's own nav.html wins, and is rendered as it is
    return str(found[1])


def _nav_link_urls(nav: Navigation, config: MkDocsConfig) -> list[str]:
    """Every address Material's nav links to: its items (pages, sections' index pages,
    links), the home page and the logo."""
    urls = [config.extra.get("homepage") or (nav.homepage.url if nav.homepage else "")]
    urls.append(config.theme.get("logo") or "assets/images/favicon.png")

    def walk(items: list[Any]) -> None:
        for item in items:
            url = getattr(item, "url", None)
            if url is not None:
                urls.append(url)
            walk(getattr(item, "children", None) or [])

    walk(nav.items)
    return urls


def _expand_nav(nav: list[Any], content: Content) -> list[Any]:
    out: list[Any] = []
    for entry in nav:
        if entry == NAV_MARKER:
            out.extend(generated_nav(content))
        elif isinstance(entry, dict):
            out.append(
                {k: _expand_nav(v, content) if isinstance(v, list) else v for k, v in entry.items()}
            )
        else:
            out.append(entry)
    return out


def _language_of(src_uri: str, navs: dict[str, Any]) -> str:
    """The language folder a page is in ("" for the first language)."""
    head = src_uri.split("/", 1)[0]
    return head if head and head in navs and "/" in src_uri else ""


def _in(content: Content, message: str) -> str:
    return translations(content.lang).gettext(message)


def _prefixed(nav: Any, prefix: str) -> Any:
    """A language's nav: every page in it under the language's folder."""
    if isinstance(nav, str):
        return prefix + nav
    if isinstance(nav, list):
        return [_prefixed(item, prefix) for item in nav]
    if isinstance(nav, dict):
        return {k: _prefixed(v, prefix) for k, v in nav.items()}
    return nav


def _nav_sources(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [s for item in nav for s in _nav_sources(item)]
    if isinstance(nav, dict):
        return [s for v in nav.values() for s in _nav_sources(v)]
    return []


NAV_DOCUMENTS = 3
"""Newest strategies and plans listed in the nav; the section index pages list them all."""


def generated_nav(content: Content) -> list[dict[str, Any]]:
    """Documents and sections only: detail pages are reached from index pages.

    Material renders the whole nav into every page, so the nav must not grow with the
    record: only the newest few strategies and plans are listed. A section with nothing in
    it yet is left out (its index page says so, for anyone who has its address).
    """
    c = content
    _ = translations(content.lang).gettext
    strategies = sorted(c.strategies.values(), key=lambda s: -s.period.start)[:NAV_DOCUMENTS]
    plans = sorted(c.plans.values(), key=lambda p: -p.period.start)[:NAV_DOCUMENTS]
    sections: list[tuple[bool, dict[str, Any]]] = [
        (
            bool(strategies),
            {
                _("Strategies"): [
                    "strategies/index.md",
                    *({s.period.label: Site.strategy_src(s.id)} for s in strategies),
                ]
            },
        ),
        (
            bool(plans),
            {
                _("Action plans"): [
                    "action-plans/index.md",
                    *({p.period.slash_label: Site.plan_src(p.id)} for p in plans),
                ]
            },
        ),
        (bool(c.updates), {_("Updates"): "updates/index.md"}),
        (True, {_("Themes"): "themes/index.md"}),
        (len(c.strategies) > 1 or len(c.plans) > 1, {_("Compare"): "compare/index.md"}),
        (bool(c.series or c.funding), {_("Figures"): "figures/index.md"}),
        (bool(c.case_studies), {_("Case studies"): "case-studies/index.md"}),
        (bool(c.meetings or c.reports), {_("Meetings and reports"): "meetings/index.md"}),
        (bool(c.terms), {_("Glossary"): "glossary.md"}),
        (True, {_("Open data"): "data/index.md"}),
        (bool(c.strategies or c.plans or c.meetings or c.reports), {_("Archive"): "archive.md"}),
        (True, {_("About the partnership"): "partnership.md"}),
    ]
    return [entry for shown, entry in sections if shown]
