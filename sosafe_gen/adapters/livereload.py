"""`mkdocs serve`'s live reload, under the pages' Content-Security-Policy.

MkDocs injects its live-reload poller into every page it serves as an inline ``<script>``
whose text changes with each request (its epoch and a request id), so no hash can allow it
and each page's policy blocks it: a preview that never reloads after a save. Here the same
poller, MkDocs' own text, is a file of the site (``'self'``) that reads the two values from
its own address, and the server injects ``<script src=…>`` instead. This replaces a private
method of MkDocs 1.6's `LiveReloadServer` (MkDocs 1.x is frozen, so it will not move); a
server without it is left as it is.
"""

from __future__ import annotations

from typing import Any

LIVERELOAD_JS = "assets/javascripts/sosafe-livereload.js"
"""Where the poller is, in the served site (written only by `mkdocs serve`)."""


def poller() -> str:
    """MkDocs' live-reload script, its epoch and request id read from the script's URL."""
    from mkdocs.livereload import _SCRIPT_TEMPLATE

    body = _SCRIPT_TEMPLATE.substitute(epoch='parseFloat(p.get("epoch"))', request_id='p.get("id")')
    return (
        "(function () {\nvar p = new URL(document.currentScript.src).searchParams;\n"
        + body
        + "})();\n"
    )


def inject_as_file(server: Any) -> None:
    """Makes `server` inject the poller as a file of the site rather than inline."""
    if not callable(getattr(server, "_inject_js_into_html", None)):
        return
    from mkdocs.livereload import _timestamp

    src = server.mount_path + LIVERELOAD_JS

    def inject(content: bytes, epoch: int) -> bytes:
        try:
            end = content.rindex(b"</body>")
        except ValueError:
            end = len(content)
        tag = f'<script src="{src}?epoch={epoch}&amp;id={_timestamp()}"></script>'
        return content[:end] + tag.encode() + content[end:]

    server._inject_js_into_html = inject
