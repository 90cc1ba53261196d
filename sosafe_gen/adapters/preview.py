"""`mkdocs serve`: rebuild only the pages a content edit changed.

MkDocs 1.6 skips a page whose `File.is_modified()` is false in a dirty build; for a page
made in memory it is always true. So the preview runs a dirty build when only content
files changed since the last good build, and says a generated page is modified only when
its Markdown differs from that build's. What else each page's HTML is made of is the same
for every page and compared as a whole (the `fingerprint`: nav, theme settings, glossary
abbreviations, the set of pages): when it differs, every page is built again, as it is
when anything outside the content folder changed (mkdocs.yml, docs/, templates, theme).
A page's nav title comes from its first heading when the nav gives none: when a built
page's title changed, the pages that were skipped are built as well. Pages skipped keep
their title and metadata from the last build (the nav in the others shows them), and
their entries in the search index, which Material writes from the built pages only.

Published builds never come here: `mkdocs build` stays full.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import InclusionLevel

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

SEARCH_INDEX = "search/search_index.json"


def _digest(data: str | bytes) -> bytes:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).digest()


def _const(value: bool) -> Callable[[], bool]:
    return lambda: value


@dataclass
class _Built:
    """What the last good build made, for the next one to compare with."""

    fingerprint: Any
    markdown: dict[str, bytes]
    """Each generated page's Markdown (a digest), by src_uri."""
    shown: dict[str, tuple[str | None, dict[str, Any]]]
    """Each page's title and metadata, by src_uri."""
    search: dict[str, list[Any]]
    """Each page's search index entries, by the page's URL."""
    outputs: set[str]
    """Every generated file written (its path in the site folder)."""


@dataclass
class Preview:
    """One `mkdocs serve` session's memory of its last good build."""

    built: _Built | None = None
    inputs: dict[str, bytes] | None = None
    """Every watched file's digest when the last build started (None: not known)."""
    started: float = field(default_factory=time.time)
    incremental: bool = False
    """This build is a dirty one (only content changed)."""
    everything: bool = True
    """Every page is built in this build."""
    _files: Files | None = None
    _nav: Navigation | None = None
    _config: MkDocsConfig | None = None
    _fingerprint: Any = None
    _markdown: dict[str, bytes] = field(default_factory=dict)
    _content_dir: Path | None = None
    _watched_now: Callable[[], Iterable[str]] = list

    # --- around each rebuild -------------------------------------------------------------

    def serve(
        self, builder: Callable[..., None], content_dir: Path, watched: Callable[[], Iterable[str]]
    ) -> Callable[..., None]:
        """The rebuild `mkdocs serve` runs on each change: dirty when only content changed.

        The first build ran before this is called: what is watched is read now, and any
        file other than content saved since that build started makes the next one full."""
        self._content_dir = content_dir.resolve()
        self._watched_now = watched
        self.inputs = self._scan()
        if self._changed_since(self.started):
            self.inputs = None
        self.after_build()

        @functools.wraps(builder)
        def rebuild(*args: Any, **kwargs: Any) -> None:
            self.started = time.time()
            now = self._scan()
            self.incremental = (
                self.built is not None
                and self.inputs is not None
                and all(self._in_content(p) for p in _differ(self.inputs, now))
            )
            self.inputs = None  # known again once this build succeeds
            try:
                with _dirty(self.incremental):
                    builder(*args, **kwargs)
            except BaseException:
                self.built = None
                raise
            self.after_build()
            self.inputs = now
            # The first language's content may be bad and kept (on_config): still good.

        return rebuild

    def _in_content(self, path: str) -> bool:
        assert self._content_dir is not None
        return Path(path).is_relative_to(self._content_dir)

    def _walk(self) -> Iterator[Path]:
        assert self._content_dir is not None
        roots = {Path(p).resolve() for p in self._watched_now()} | {self._content_dir}
        for root in sorted(roots):
            if root.is_file():
                yield root
            elif root.is_dir():
                for folder, _dirs, names in os.walk(root):
                    for name in names:
                        yield Path(folder) / name

    def _scan(self) -> dict[str, bytes]:
        """Every watched file's digest (by content: a save within the clock's tick that
        keeps the size is still seen)."""
        found: dict[str, bytes] = {}
        for path in self._walk():
            try:
                found[str(path)] = _digest(path.read_bytes())
            except OSError:
                found[str(path)] = b""
        return found

    def _changed_since(self, start: float) -> bool:
        """A watched file outside the content folder saved at or after `start`."""
        for path in self._walk():
            if self._in_content(str(path)):
                continue
            try:
                if path.stat().st_mtime >= start - 1:
                    return True
            except OSError:
                return True
        return False

    # --- during a build (called by the plugin) --------------------------------------------

    def mark(self, files: Files, pages: dict[str, str], config: MkDocsConfig, extra: Any) -> None:
        """Say which pages this build makes: in a dirty build, the generated pages whose
        Markdown changed, or every page when what all pages show changed (`extra`: what
        the plugin put in the config from content, beside the nav)."""
        docs = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self._files, self._config = files, config
        self._markdown = {src: _digest(text) for src, text in pages.items()}
        in_nav = sorted(f.src_uri for f in docs if not f.inclusion.is_not_in_nav())
        self._fingerprint = (config.nav, config.extra, extra, sorted(f.src_uri for f in docs))
        self._fingerprint = (*self._fingerprint, in_nav)
        old = self.built
        self.everything = not (
            self.incremental and old is not None and old.fingerprint == self._fingerprint
        )
        for file in docs:
            if self.everything:
                file.is_modified = _const(True)  # type: ignore[method-assign]
            elif file.src_uri in pages:
                same = (
                    old is not None
                    and old.markdown.get(file.src_uri) == (self._markdown[file.src_uri])
                )
                file.is_modified = _const(not same)  # type: ignore[method-assign]

    def nav(self, nav: Navigation) -> None:
        self._nav = nav

    def before_templates(self) -> None:
        """After every modified page is read, before any is laid out: if a built page's
        title in the nav changed, the skipped pages are read and built too; otherwise
        they show their last title and metadata (in the nav of the built ones)."""
        if self.everything or self.built is None or self._files is None:
            return
        from mkdocs.commands.build import _populate_page  # MkDocs 1.x is frozen

        assert self._config is not None and self._nav is not None
        shown = self.built.shown
        retitled = any(
            page.content is not None and page.title != shown.get(page.file.src_uri, (None,))[0]
            for page in self._nav.pages
        )
        for page in self._pages():
            if page.content is not None:
                continue
            if retitled:
                page.file.is_modified = _const(True)  # type: ignore[method-assign]
                _populate_page(page, self._config, self._files)
            else:
                page.title, meta = shown.get(page.file.src_uri, (page.title, {}))
                page.meta = dict(meta)
        self.everything = retitled

    def _pages(self) -> list[Page]:
        assert self._files is not None
        docs = self._files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        return [f.page for f in docs if f.page is not None]

    def after_build(self) -> None:
        """The build's record for the next one; in a dirty build, the search index gets
        the skipped pages' entries back and files no longer generated are removed."""
        if self._config is None or self._files is None:
            self.built = None
            return
        pages = self._pages()
        site = Path(self._config.site_dir)
        outputs = {
            f.abs_dest_path for f in self._files if f.generated_by is not None and f.abs_dest_path
        }
        search = self._search(site, pages)
        if self.incremental and self.built is not None:  # a dirty build cleans nothing
            for gone in sorted(self.built.outputs - outputs):
                Path(gone).unlink(missing_ok=True)
        self.built = _Built(
            fingerprint=self._fingerprint,
            markdown=self._markdown,
            shown={p.file.src_uri: (p.title, dict(p.meta)) for p in pages},
            search=search,
            outputs=outputs,
        )
        self._files = self._config = self._nav = None

    def _search(self, site: Path, pages: list[Page]) -> dict[str, list[Any]]:
        """Each page's entries in the search index, those of the skipped pages from the
        last build, written back in the pages' order (as a full build writes them)."""
        path = site / SEARCH_INDEX
        if not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        made: dict[str, list[Any]] = {}
        for entry in data["docs"]:
            made.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        if self.everything or self.built is None:
            return made
        kept = self.built.search
        # A built page's entries are this build's (none: it has none); the others', kept.
        search = {
            p.url: made.get(p.url, []) if p.content is not None else kept.get(p.url, [])
            for p in pages
        }
        data["docs"] = [entry for entries in search.values() for entry in entries]
        text = json.dumps(data, separators=(",", ":"), default=str)
        path.write_text(text, encoding="utf-8")
        return search


def _differ(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


@contextmanager
def _dirty(dirty: bool) -> Iterator[None]:
    """`mkdocs serve`'s builder, made to run a dirty build (it calls serve.py's `build`
    with the --dirty option; MkDocs 1.x is frozen, so that name stays)."""
    if not dirty:
        yield
        return
    from mkdocs.commands import serve

    full = serve.build

    def build(*args: Any, **kwargs: Any) -> None:
        full(*args, **{**kwargs, "dirty": True})

    serve.build = build  # type: ignore[assignment]
    try:
        yield
    finally:
        serve.build = full
