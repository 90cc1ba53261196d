"""The built site from a local server on 127.0.0.1, on a free port, in a thread.

It sends the headers the site's ``_headers`` file gives each path, as Netlify does (every
rule whose path matches, a later rule's value of a header replacing an earlier one's), so the
audit's browser meets the header policy as well as each page's own.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Rules = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    site_headers: Rules = ()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in headers_for(self.site_headers, self.path.split("?")[0]).items():
            self.send_header(name, value)
        super().end_headers()


def site_headers(site: Path) -> Rules:
    """The rules of `_headers`: each path (``/*``, ``/admin/*``) and its `Name: value` lines."""
    try:
        lines = (site / "_headers").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in lines:
        if line.strip() and not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return tuple((path, tuple(headers)) for path, headers in rules)


def headers_for(rules: Rules, path: str) -> dict[str, str]:
    """The headers of `path`: every matching rule's, in order, a later value replacing."""
    out: dict[str, str] = {}
    for pattern, headers in rules:
        matches = path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern
        if matches:
            out.update(headers)
    return out


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves a page drops the requests it no longer needs: not news."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serves `site` while the block runs; yields its base URL, ending in a slash."""
    headers = type("_Site", (_Quiet,), {"site_headers": site_headers(site)})
    handler = functools.partial(headers, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


EDITOR = "admin/"
"""The browser editor (Decap CMS, for the partnership's staff): a single-page application that
needs its local backend to show anything, so it is checked by its own browser tests
(tests/test_editor_browser.py: axe on each screen) rather than as a reader's page."""


def html_pages(site: Path) -> list[str]:
    """Every page of the site a reader may open: its HTML files, relative to it, sorted
    (the editor's page at admin/ is not one)."""
    return sorted(
        rel
        for rel in (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        if not rel.startswith(EDITOR)
    )


def page_url(base: str, rel: str) -> str:
    """The address a reader uses: `strategies/x/index.html` is `strategies/x/`."""
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base + rel
