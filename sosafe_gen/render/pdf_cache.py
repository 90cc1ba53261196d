"""PDFs kept by what they are made of, so a build remakes only the PDFs whose input changed.

Laying out and writing a PDF is most of a build's time (the real site: about 15 s for five
PDFs against under 5 s for everything else), and between two builds nearly every document
is the same. So each PDF is kept in a folder (`.cache/plugin/sosafe/pdf/`, Material's
convention for plugin caches) under a key made of everything WeasyPrint is given or reads:
the exact HTML, every stylesheet's text, the options, the versions of WeasyPrint, of the
libraries it lays out and writes with (Pango, pydyf, fontTools, tinycss2, cssselect2,
tinyhtml5, Pyphen, Pillow) and of this package, and the system's fonts (each font file
fontconfig offers Pango, by path, size and modification time). A change to any of them is
a new key, so a PDF is never served stale; an unchanged one is copied. A document that
fetched anything while it was laid out (an image, a stylesheet by URL) is kept only when
every fetch was a local file, and a hit then re-reads each file and compares its digest.

The layer wraps the one WeasyPrint call (`render`), so what the PDF holds (render/pdf.py)
can change without touching it. Entries are written whole or not at all (a temporary file
renamed), so parallel builds can share a folder; entries no build has used for
`KEEP_DAYS` days are removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import pdf_tags
from .pdf_tags import add_table_scopes

FORMAT = "sosafe-pdf-cache/1"
KEEP_DAYS = 30
LIBRARIES = (
    *("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen"),
    *("pillow", "sosafe-gen"),
)


@dataclass(frozen=True)
class Made:
    """A PDF as WeasyPrint made it: its bytes, its page count, and the local files it read."""

    data: bytes
    pages: int
    files: dict[str, str]
    """Each `file:` URL fetched while laying it out, and the SHA-256 of its bytes."""
    cacheable: bool = True
    """False when something other than a local file was fetched (it could change unseen)."""
    kept: bool = False
    """True when it came from the cache rather than WeasyPrint."""


def render(html: str, stylesheets: tuple[str, ...], options: dict[str, Any]) -> Made:
    """The one WeasyPrint call: HTML and stylesheet texts to a PDF."""
    from weasyprint import CSS, HTML

    files: dict[str, str] = {}
    remote: list[str] = []

    def note(url: str) -> None:
        if url.startswith("file:"):
            files[url] = _file_digest(url) or ""
        elif not url.startswith("data:"):
            remote.append(url)

    fetcher = _recording_fetcher(note)
    styles = [CSS(string=text, url_fetcher=fetcher) for text in stylesheets]
    document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=styles)
    data = document.write_pdf(**options, finisher=add_table_scopes)
    return Made(data, len(document.pages), files, cacheable=not remote)


def _recording_fetcher(note: Callable[[str], None]) -> Any:
    """WeasyPrint's own URL fetcher, telling `note` each URL it fetches."""
    try:
        from weasyprint.urls import URLFetcher  # WeasyPrint 68 and later: a class
    except ImportError:
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            note(url)
            return default_url_fetcher(url, *args, **kwargs)

        return fetch

    class Recording(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            note(url)
            return super().fetch(url, headers)

    return Recording()


def _render_job(job: tuple[str, tuple[str, ...], dict[str, Any]]) -> Made:
    return render(*job)


class PdfCache:
    """The folder of kept PDFs (None: keep nothing, render every time)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / "pdf" if folder is not None else None
        self._environment: str | None = None
        self.hits = 0
        self.misses = 0

    def make(
        self,
        jobs: list[tuple[str, tuple[str, ...], dict[str, Any]]],
        workers: int | None = None,
        prepare: Callable[[], None] | None = None,
    ) -> list[Made]:
        """Each job's PDF (HTML, stylesheets, options), from the folder where its key is
        kept, else rendered: the misses in parallel processes when there are several and
        more than one processor (`workers` caps them). `prepare` runs first when any PDF
        is to be laid out (to say what is missing before WeasyPrint fails)."""
        try:
            keys = [self.key(*job) for job in jobs]
        except OSError:  # no fontconfig or Pango to name: render (which says what to install)
            keys, self.folder = ["" for _ in jobs], None
        found = [self._get(k) for k in keys]
        todo = [i for i, made in enumerate(found) if made is None]
        if todo and prepare is not None:
            prepare()
        self.hits += len(jobs) - len(todo)
        self.misses += len(todo)
        for i, made in zip(todo, _render_all([jobs[i] for i in todo], workers), strict=True):
            found[i] = made
            self._put(keys[i], made)
        return [m for m in found if m is not None]

    def key(self, html: str, stylesheets: tuple[str, ...], options: dict[str, Any]) -> str:
        digest = hashlib.sha256()
        for part in (FORMAT, self.environment(), json.dumps(options, sort_keys=True), html):
            digest.update(part.encode("utf-8") + b"\0")
        for text in stylesheets:
            digest.update(text.encode("utf-8") + b"\0")
        return digest.hexdigest()

    def environment(self) -> str:
        """What the same input lays out with: library versions and the system's fonts."""
        if self._environment is None:
            versions = {name: _version(name) for name in LIBRARIES}
            versions["pango"] = _pango_version()
            versions["python"] = sys.version.split()[0]
            # The finisher edits every PDF after WeasyPrint: its code is part of the input.
            versions["finisher"] = hashlib.sha256(Path(pdf_tags.__file__).read_bytes()).hexdigest()
            self._environment = json.dumps([versions, font_files()], sort_keys=True)
        return self._environment

    def _get(self, key: str) -> Made | None:
        if self.folder is None:
            return None
        entry = self.folder / f"{key}.json"
        try:
            meta = json.loads(entry.read_text(encoding="utf-8"))
            data = (self.folder / f"{key}.pdf").read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("format") != FORMAT or len(data) != meta.get("size"):
            return None
        files = meta.get("files", {})
        if any(_file_digest(url) != digest for url, digest in files.items()):
            return None
        now = time.time()
        for path in (entry, self.folder / f"{key}.pdf"):
            with contextlib.suppress(OSError):  # used today: kept another KEEP_DAYS
                os.utime(path, (now, now))
        return Made(data, int(meta["pages"]), files, kept=True)

    def _put(self, key: str, made: Made) -> None:
        if self.folder is None or not made.cacheable:
            return
        meta = {"format": FORMAT, "pages": made.pages, "size": len(made.data), "files": made.files}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(self.folder / f"{key}.pdf", made.data)  # the PDF first: the entry is whole
            _write(self.folder / f"{key}.json", json.dumps(meta).encode("utf-8"))
        except OSError:
            self.folder = None  # a folder that cannot be written: render, keep nothing

    def prune(self, now: float | None = None) -> int:
        """Remove the entries no build has used for KEEP_DAYS days; how many were removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        limit = (now or time.time()) - KEEP_DAYS * 86400
        removed = 0
        for path in self.folder.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += path.suffix == ".json"
            except OSError:
                pass
        return removed


def _render_all(
    jobs: list[tuple[str, tuple[str, ...], dict[str, Any]]], workers: int | None
) -> Iterable[Made]:
    """Render in this process when there is one job or one processor; else in a pool of
    forked processes, one per processor (each PDF is laid out on its own, single-threaded)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    n = min(len(jobs), workers or cpus or 1)
    if n <= 1 or sys.platform != "linux":
        return [render(*job) for job in jobs]
    import multiprocessing

    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_render_job, jobs))


def font_files() -> list[tuple[str, int, int]]:
    """Every font file fontconfig offers Pango (the fonts WeasyPrint can choose from), with
    its size and modification time: installing, removing or updating a font changes it.
    Read through ctypes, since importing WeasyPrint costs about 2 s of CPU, which a build
    whose PDFs all come from the cache need not pay."""
    fc = _library("libfontconfig.so.1", "fontconfig")
    fc.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    fc.FcConfigGetFonts.restype = ctypes.POINTER(_FcFontSet)
    fc.FcConfigGetFonts.argtypes = [ctypes.c_void_p, ctypes.c_int]
    fc.FcPatternGetString.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    fc.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = fc.FcInitLoadConfigAndFonts()
    found: list[tuple[str, int, int]] = []
    try:
        fonts = fc.FcConfigGetFonts(config, 0)  # FcSetSystem
        count = fonts.contents.nfont if fonts else 0
        path = ctypes.c_char_p()
        for i in range(count):
            if fc.FcPatternGetString(fonts.contents.fonts[i], b"file", 0, ctypes.byref(path)):
                continue  # FcResultMatch is 0
            name = (path.value or b"").decode("utf-8", "replace")
            try:
                st = os.stat(name)
            except OSError:
                continue
            found.append((name, st.st_size, st.st_mtime_ns))
    finally:
        fc.FcConfigDestroy(config)
    return sorted(set(found))


class _FcFontSet(ctypes.Structure):
    _fields_ = [  # ctypes reads this class attribute
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.POINTER(ctypes.c_void_p)),
    ]


def _library(soname: str, name: str) -> ctypes.CDLL:
    """A system library by its usual name, as WeasyPrint opens it (OSError when missing)."""
    try:
        return ctypes.CDLL(soname)
    except OSError:
        found = ctypes.util.find_library(name)
        if found is None:
            raise
        return ctypes.CDLL(found)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _pango_version() -> str:
    return str(_library("libpango-1.0.so.0", "pango-1.0").pango_version())


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(url: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    try:
        return _digest(Path(unquote(urlsplit(url).path)).read_bytes())
    except OSError:
        return None


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
