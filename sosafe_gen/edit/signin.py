"""How editors sign in to the browser editor (Decap CMS at /admin/): the Git host, the
repository and what the host's sign-in needs, kept as the sosafe plugin's `editor:` option in
`mkdocs.yml`, a plain mapping the editor's configuration is made from.

None needs a server of the partnership's own: GitLab signs in with PKCE and an application
id, Azure DevOps with Microsoft Entra ID (an application and a tenant id), and GitHub through
a small OAuth proxy that someone hosts (`base_url`; Decap's default is Netlify's). The keys
are Decap's own backend settings (`repo`, `branch`, `app_id`, `tenant_id`, `base_url`,
`api_root`, `auth_type`) with `backend` for its name, so they pass into its configuration
unchanged. Two more say how a saved change goes live: `publish_mode` (`editorial_workflow`,
the default: each change a pull or merge request, draft → in review → ready, published by
merging it; or `simple`, each save straight onto the branch) and `squash_merges` (Decap's:
publishing squashes the request's commits into one). A key not listed is a problem, as a
misspelt option is: it would otherwise be ignored without a word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..content.problems import Problem
from ..content.text import closest
from ..content.validate import describe

BACKENDS = ("github", "gitlab", "azure")
HOSTS = {"github": "GitHub", "gitlab": "GitLab", "azure": "Azure DevOps"}
REPO_SHAPES = {
    "github": ("owner/name", 2, 2),
    "gitlab": ("group/name (or group/subgroup/name)", 2, 20),
    "azure": ("organisation/project/repository", 3, 3),
}
OPTIONS = {
    "backend": "--git-host",
    "repo": "--repo",
    "branch": "--branch",
    "app_id": "--app-id",
    "tenant_id": "--tenant-id",
    "base_url": "--auth-url",
    "api_root": "--auth-url",
}
"""The `sosafe init` option that sets each key, to name it in a problem."""
HOST_KEYS = ("backend", "repo", "branch", "app_id", "tenant_id", "base_url", "api_root")
HOST_KEYS += ("auth_type", "auth_endpoint", "squash_merges")
"""Keys of Decap's backend settings (its `name` as `backend`), passed on as they are."""
PUBLISH_MODES = ("editorial_workflow", "simple")
KEYS = (*HOST_KEYS, "publish_mode")
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_ID = re.compile(r"[A-Za-z0-9_.-]+")
_BRANCH = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_./-]*")
_PATH = re.compile(r"[A-Za-z0-9_.-][A-Za-z0-9_./-]*")
_URL = re.compile(r"(https://[^\s/]+|http://(localhost|127\.0\.0\.1)(:\d+)?)(/\S*)?")


def from_options(
    host: str | None,
    repo: str | None,
    branch: str | None = None,
    app_id: str | None = None,
    tenant_id: str | None = None,
    auth_url: str | None = None,
) -> dict[str, str]:
    """The mapping `sosafe init --git-host … --repo …` records: {} when no sign-in option is
    given, else whatever was given (`problems` then says what is missing or wrong). GitLab
    signs in with PKCE; a GitLab at `auth_url` has its API beside it."""
    if all(x is None for x in (host, repo, branch, app_id, tenant_id, auth_url)):
        return {}
    settings = {
        "backend": host,
        "repo": repo,
        "branch": branch or "main",
        "app_id": app_id,
        "tenant_id": tenant_id,
        "base_url": auth_url.rstrip("/") if auth_url else None,
    }
    if host == "gitlab":
        settings["auth_type"] = "pkce"
        if auth_url:
            settings["api_root"] = f"{auth_url.rstrip('/')}/api/v4"
    return {k: v for k, v in settings.items() if v is not None}


Bad = Callable[..., None]


Where = Callable[[str], tuple[int, int]]


def problems(
    settings: Mapping[str, Any], file: str, options: bool = False, where: Where | None = None
) -> list[Problem]:
    """Every problem with the settings, each naming its key (`editor.repo`, as written in
    mkdocs.yml) at the place `where` gives for it, or, with `options`, the `sosafe init`
    option that set it (`--repo`)."""
    found: list[Problem] = []

    def bad(key: str, message: str, hint: str | None = None) -> None:
        name = OPTIONS.get(key, key) if options else f"editor.{key}"
        line, col = where(key) if where else (1, 1)
        found.append(Problem(file, line, col, name, message, hint))

    for key in settings:
        if key not in KEYS:
            hint = closest(str(key), KEYS) or f"the keys are {', '.join(KEYS)}"
            bad(str(key), "unknown key", hint)
    mode = settings.get("publish_mode", PUBLISH_MODES[0])
    if mode not in PUBLISH_MODES:
        bad(
            "publish_mode",
            f"expected editorial_workflow or simple, got {describe(mode)}",
            "editorial_workflow: each change is reviewed before it is live; simple: each save "
            "is live at once",
        )
    squash = settings.get("squash_merges")
    if squash is not None and not isinstance(squash, bool):
        bad("squash_merges", f"expected true or false, got {describe(squash)}")
    if not any(key in settings for key in HOST_KEYS):
        return found  # no Git host: the editor is `sosafe edit`'s alone
    backend = settings.get("backend")
    if backend not in BACKENDS:
        said = (
            "is missing" if backend is None else f"is one of {', '.join(BACKENDS)}, not {backend!r}"
        )
        bad("backend", f"the Git host editors sign in with {said}", "github, gitlab or azure")
        return found
    _check_repo(backend, settings.get("repo"), bad)
    _check_ids(backend, settings, bad)
    for key in ("base_url", "api_root"):
        value = settings.get(key)
        if value is not None and not (isinstance(value, str) and _URL.fullmatch(value)):
            bad(key, f"{value!r} is not an https:// address", "give the whole address")
    endpoint = settings.get("auth_endpoint")
    if endpoint is not None and not (
        isinstance(endpoint, str) and _PATH.fullmatch(endpoint) and ".." not in endpoint
    ):
        bad("auth_endpoint", f"{endpoint!r} is not a path", "the sign-in proxy's path, e.g. auth")
    branch = settings.get("branch", "main")
    if not (isinstance(branch, str) and _BRANCH.fullmatch(branch) and ".." not in branch):
        bad("branch", f"{branch!r} is not a branch name", "the site's branch, e.g. main")
    auth = settings.get("auth_type")
    allowed = {"gitlab": "pkce", "azure": "implicit"}.get(backend)
    if auth is not None and auth != allowed:
        hint = f"leave it out, or write {allowed}" if allowed else "leave it out"
        bad("auth_type", f"{HOSTS[backend]} signs in without a server only as {allowed}", hint)
    return found


def _check_repo(backend: str, repo: Any, bad: Bad) -> None:
    shape, least, most = REPO_SHAPES[backend]
    if repo is None:
        bad("repo", f"the {HOSTS[backend]} repository is missing", f"give it as {shape}")
        return
    parts = repo.split("/") if isinstance(repo, str) else []
    # An Azure DevOps project's name may hold spaces; every other part is a plain name.
    plain = [p for i, p in enumerate(parts) if not (backend == "azure" and i == 1)]
    if not (
        least <= len(parts) <= most
        and all(p and p == p.strip() for p in parts)
        and all(_NAME.fullmatch(p) for p in plain)
    ):
        example = {"github": "northwick-csp/site", "gitlab": "northwick-council/csp-site"}
        hint = f"e.g. {example[backend]}" if backend in example else "e.g. northwick/csp/site"
        bad("repo", f"a repository on {HOSTS[backend]} is {shape}, not {repo!r}", hint)


def _check_ids(backend: str, settings: Mapping[str, Any], bad: Bad) -> None:
    needs = {"gitlab": ("app_id",), "azure": ("app_id", "tenant_id")}.get(backend, ())
    for key in ("app_id", "tenant_id"):
        value = settings.get(key)
        if key in needs and value is None:
            bad(key, f"{HOSTS[backend]} sign-in needs its {_ID_NAMES[key]}", _ID_HINTS[backend])
        elif value is not None and key not in needs:
            bad(key, f"{HOSTS[backend]} sign-in takes no {_ID_NAMES[key]}", _NOT_NEEDED[backend])
        elif value is not None and not (isinstance(value, str) and _ID.fullmatch(value)):
            bad(key, f"{value!r} is not an id", "copy it as the host shows it")


_ID_NAMES = {"app_id": "application id", "tenant_id": "tenant id"}
_ID_HINTS = {
    "gitlab": "add an application in GitLab (not confidential, scope api, redirect URI the "
    "site's /admin/ address) and give its Application ID",
    "azure": "register an application in Microsoft Entra ID and give its Application "
    "(client) ID and Directory (tenant) ID",
}
_NOT_NEEDED = {
    "github": "a GitHub OAuth app's id and secret go into the sign-in proxy, not the site: "
    "give the proxy's address with --auth-url",
    "gitlab": "leave it out",
}


def plugin_options(settings: Mapping[str, str]) -> str:
    """What follows `  - sosafe` in mkdocs.yml's plugins: nothing, or the settings under
    `editor:` (each value quoted, so a name with a colon stays text)."""
    if not settings:
        return ""
    lines = [":", "      editor:  # how editors sign in to /admin/ (see EDITING.md)"]
    lines += [f"        {key}: {json.dumps(value)}" for key, value in settings.items()]
    return "\n".join(lines)
