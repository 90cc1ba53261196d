"""The editor's files at /admin/: its page, Decap's configuration and the packaged scripts.

The scripts are Decap CMS's own build (pinned in package-lock.json) and the editor's script
(`editor/src`, bundled by esbuild), made by `make editor` into `render/admin/dist/` and
shipped in the wheel; nothing is fetched from another host when the page loads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..content.i18n import translations
from ..site.editor import ADMIN_DIR
from .csp import REFERRER_POLICY, admin_policy

ASSETS = Path(__file__).parent / "admin" / "dist"
"""Decap's build and the editor's bundle, from `make editor` (not in git: see README)."""
DECAP = "decap-cms.js"
OURS = ("sosafe-init.js", "sosafe-cms.js", "sosafe-cms.css", "sosafe-preview.css")
TEMPLATES = Path(__file__).parent / "templates"


class EditorUnavailable(Exception):
    """The editor's scripts are not built (a checkout without `make editor`)."""


def assets() -> list[Path]:
    """Every file the admin page loads: Decap's script and its parts, and ours."""
    missing = [name for name in (DECAP, *OURS) if not (ASSETS / name).is_file()]
    if missing:
        raise EditorUnavailable(
            f"the editor's scripts are not built ({', '.join(missing)} missing in "
            f"{ASSETS}): run `make editor` (npm ci from package-lock.json), or set "
            "`editor: false` for the sosafe plugin in mkdocs.yml"
        )
    return sorted(p for p in ASSETS.iterdir() if p.is_file() and not p.name.endswith(".map"))


def config_text(config: dict[str, Any]) -> str:
    """Decap's config.yml: JSON, which is YAML too, so no second writer can change it."""
    return json.dumps(config, indent=1, ensure_ascii=False) + "\n"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def policy(config: dict[str, Any]) -> str:
    """The admin page's Content-Security-Policy, from the Decap configuration it loads: the
    Git host its backend names (or its ``api_root``), and the local backend's origin."""
    backend = config.get("backend", {})
    roots = [o for o in (_origin(backend.get("api_root", "")),) if o]
    local_backend = config.get("local_backend")
    local = [backend.get("proxy_url", "")]
    if isinstance(local_backend, dict):
        local.append(local_backend.get("url", ""))
    return admin_policy(backend.get("name", ""), roots, [o for o in map(_origin, local) if o])


def admin_page(site_name: str, lang: str, csp: str = "") -> str:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )
    words = translations(lang)
    env.globals["_"] = lambda message, **values: words.gettext(message) % values
    return env.get_template("admin.html.j2").render(
        site_name=site_name, lang=lang, decap=DECAP, csp=csp, referrer=REFERRER_POLICY
    )


def admin_files(config: dict[str, Any], site_name: str, lang: str) -> dict[str, str]:
    """The generated files, by their path in the site."""
    return {
        f"{ADMIN_DIR}/index.html": admin_page(site_name, lang, policy(config)),
        f"{ADMIN_DIR}/config.yml": config_text(config),
    }
