"""A Content-Security-Policy on every page: defence in depth behind the sanitiser.

Partners' text reaches pages that victims of domestic abuse read. nh3 (render/markup.py)
keeps scripts out of it; if a payload ever slipped past, this policy stops it running: the
browser runs only the site's own script files and the inline scripts whose SHA-256 the
policy names, never an inline event handler (``onerror=``) or a ``javascript:`` link.

The hashes are computed at build time from each page's actual inline scripts (Material's
and ours), so a Material release that changes them cannot silently break its pages, but
never from the page's own content (``page.content``): a script there is exactly what the
policy is for, so it is left out and blocked. Standard library only, no MkDocs import; the
adapter calls :func:`secure_page` for every page and :func:`headers_file` once a build.

A ``<meta http-equiv>`` policy cannot carry ``frame-ancestors`` (browsers ignore it there,
with a console error), ``report-uri`` or ``sandbox``: framing can only be refused by a real
header, which is why the build also writes ``_headers`` (Netlify, Cloudflare Pages) and the
README gives the same headers for nginx and IIS.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

__all__ = [
    "ADMIN_SOURCES",
    "HEADERS_FILE",
    "REFERRER_POLICY",
    "SITE_SOURCES",
    "admin_policy",
    "header_policy",
    "headers_file",
    "inline_script_hashes",
    "page_policy",
    "secure_page",
]

Sources = tuple[tuple[str, tuple[str, ...], str], ...]
"""(directive, its sources, why) in the order they are written."""

SITE_SOURCES: Sources = (
    ("default-src", ("'none'",), "anything not named below is refused"),
    (
        "script-src",
        ("'self'", "'report-sample'"),
        "Material's bundle and search worker, the quick exit; inline scripts by hash only "
        "(report-sample: a violation report quotes what was blocked)",
    ),
    (
        "style-src",
        ("'self'", "'report-sample'"),
        "Material's and the package's stylesheets; no <style> or style= in the page",
    ),
    ("img-src", ("'self'", "data:"), "the site's images and charts; Material's icons (data:)"),
    ("font-src", ("'self'",), "fonts the site itself serves (font: false: none from Google)"),
    ("connect-src", ("'self'",), "the search index and sitemap.xml, which Material fetches"),
    ("worker-src", ("'self'",), "Material's search runs in a worker from the site"),
    ("manifest-src", ("'self'",), "a web app manifest, if a partnership adds one"),
    ("object-src", ("'none'",), "no plugins (Flash, Java)"),
    ("base-uri", ("'self'",), "an injected <base> cannot send relative links elsewhere"),
    ("form-action", ("'self'",), "a form can only send to the site (Material has none)"),
)

HEADER_ONLY: Sources = (
    ("frame-ancestors", ("'none'",), "no other site may frame a page (clickjacking)"),
)
"""What a policy can say only as a real header."""

HEADERS_FILE = "_headers"
"""Netlify's and Cloudflare Pages' file of response headers, at the site's root."""

REFERRER_POLICY = "no-referrer"
"""A reader of the abuse pages should not tell the next site where they came from."""

# Decap CMS (the /admin/ editor): what it needs beyond the site's policy, and why. Measured
# with decap-cms 3.16.3 (its npm dist served from the site) in Debian's chromium, a test-repo
# backend: log in, open a collection, write an entry, upload an image. Under the site's
# policy it stops at once ("Error loading the CMS configuration": EvalError); under this one
# every step works with no violation. Not needed, so not given: frame-src (its preview pane is
# a frame without an address), worker-src, font-src beyond the site, data: fonts.
ADMIN_SOURCES: Sources = (
    ("default-src", ("'none'",), "anything not named below is refused"),
    (
        "script-src",
        ("'self'", "'unsafe-eval'", "'report-sample'"),
        "decap-cms.js and its chunks from the site; unsafe-eval: it validates config.yml with "
        "ajv, which compiles the schema with new Function (and its image encoder is "
        "WebAssembly); no inline script",
    ),
    (
        "style-src",
        ("'self'", "'unsafe-inline'"),
        "its styles are CSS-in-JS (emotion, react-toastify), written as <style> elements",
    ),
    (
        "img-src",
        ("'self'", "data:", "blob:"),
        "the site's media; an upload's preview is a blob: URL (so are images read through "
        "the Git host's API); the Git host's avatars are added",
    ),
    ("font-src", ("'self'",), "no fonts but the site's"),
    ("connect-src", ("'self'",), "config.yml and the entries; the Git host's API is added"),
    ("object-src", ("'none'",), "no plugins"),
    ("base-uri", ("'self'",), "an injected <base> cannot send relative links elsewhere"),
    ("form-action", ("'self'",), "nothing is posted but to the site"),
)

GIT_HOSTS: dict[str, dict[str, tuple[str, ...]]] = {
    "github": {
        "connect-src": ("https://api.github.com",),
        "img-src": ("https://avatars.githubusercontent.com",),
    },
    "gitlab": {
        "connect-src": ("https://gitlab.com",),
        "img-src": ("https://gitlab.com", "https://secure.gravatar.com"),
    },
    "test-repo": {},
}
"""Each Decap backend's default API (connect-src) and where it shows the editor's avatar
(img-src), from Decap's defaults (api_root): not measured (the Git hosts are not reachable
here). A self-hosted GitLab or Gitea, or Decap's api_root set, names its own."""

_SCRIPT = re.compile(r"<script\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</script\s*>", re.I | re.S)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.I)
_HAS_POLICY = re.compile(r"<meta\s+http-equiv=[\"']?content-security-policy", re.I)


def inline_script_hashes(html: str) -> list[str]:
    """The CSP sources (``'sha256-…'``) of the scripts written inline in `html`, in order,
    each once: not those with ``src`` (their text is not run) nor data blocks such as
    Material's ``<script type="application/json">``."""
    out: list[str] = []
    for m in _SCRIPT.finditer(html):
        attributes = {
            a.group(1).lower(): (a.group(2) or "").strip("\"'")
            for a in _ATTRIBUTE.finditer(m.group(1))
        }
        if "src" in attributes or attributes.get("type", "").strip().lower() not in _JS_TYPES:
            continue
        # The browser hashes the text as parsed: HTML turns CR LF and CR into LF.
        text = m.group(2).replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        source = f"'sha256-{digest}'"
        if source not in out:
            out.append(source)
    return out


def _policy(sources: Sources, extra: dict[str, Iterable[str]] | None = None) -> str:
    extra = extra or {}
    return "; ".join(
        " ".join((directive, *values, *extra.get(directive, ())))
        for directive, values, _ in sources
    )


def page_policy(hashes: Iterable[str]) -> str:
    """The policy of a page whose inline scripts have these hashes."""
    return _policy(SITE_SOURCES, {"script-src": hashes})


def header_policy(hashes: Iterable[str]) -> str:
    """The same policy as a real header, for every page of the site at once: the inline
    scripts of all its pages, and what only a header can say."""
    return _policy(SITE_SOURCES + HEADER_ONLY, {"script-src": sorted(set(hashes))})


def headers_file(hashes: Iterable[str], admin: str = "", admin_dir: str = "admin") -> str:
    """``_headers`` for Netlify and Cloudflare Pages: the headers on every path, and the
    editor's own policy (`admin`) on its folder. Netlify serves the later rule's value of a
    header a path matches twice. Cloudflare Pages sends both (a browser enforces each, so
    the editor would stop): there the folder's rule needs ``! Content-Security-Policy``
    first, a line Netlify does not read (README, "Content security policy")."""
    lines = [
        "/*",
        f"  Content-Security-Policy: {header_policy(hashes)}",
        f"  Referrer-Policy: {REFERRER_POLICY}",
        "  X-Content-Type-Options: nosniff",
    ]
    if admin:
        lines += [
            f"/{admin_dir}/*",
            f"  Content-Security-Policy: {admin}; frame-ancestors 'none'",
        ]
    return "\n".join(lines) + "\n"


def admin_policy(
    backend: str = "github", api_roots: Iterable[str] = (), local: Iterable[str] = ()
) -> str:
    """The /admin/ editor's policy: Decap's needs (ADMIN_SOURCES) and its Git host's, the
    backend's defaults (GIT_HOSTS) or `api_roots` (config.yml's ``api_root``: its API and
    avatars), and `local`: the origins of `sosafe edit`'s backend on this computer, which
    Decap asks only on a page served from it."""
    roots = tuple(api_roots)
    hosts = {"connect-src": roots, "img-src": roots} if roots else GIT_HOSTS.get(backend, {})
    extra = dict(hosts)
    extra["connect-src"] = (*hosts.get("connect-src", ()), *dict.fromkeys(local))
    return _policy(ADMIN_SOURCES, extra)


def secure_page(html: str, content: str = "") -> tuple[str, list[str]]:
    """`html` with its policy and referrer policy first in ``<head>``, and the hashes the
    policy names. `content` is the page's own content as it appears in `html`: its scripts
    are not hashed. A page that has a policy already, or no ``<head>``, is returned as it
    is (hashes: none)."""
    head = _HEAD.search(html)
    if head is None or _HAS_POLICY.search(html):
        return html, []
    at = html.find(content) if content else -1
    if at >= 0:
        theme = html[:at] + html[at + len(content) :]
    else:  # the content is not where it should be: trust only the head's scripts
        theme = html[: html.lower().find("</head>", head.end())] if content else html
    hashes = inline_script_hashes(theme)
    tags = (
        f'<meta http-equiv="Content-Security-Policy" content="{page_policy(hashes)}">'
        f'<meta name="referrer" content="{REFERRER_POLICY}">'
    )
    charset = _CHARSET.search(html, head.end(), head.end() + 200)
    where = charset.end() if charset else head.end()
    return html[:where] + tags + html[where:], hashes
