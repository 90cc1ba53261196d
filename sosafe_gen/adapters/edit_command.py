"""`sosafe edit`: the browser editor on this computer, with the site's preview beside it.

It starts three things and stops them together: the preview (`mkdocs serve`, which serves the
editor at /admin/ and rebuilds on every save), decap-server (Decap's local backend, git mode,
on 127.0.0.1 only, so each save is a commit in this repository: on a draft branch in the
editorial workflow, else on the branch checked out) and, in front of it, the check every save
passes (`edit/session.py`). Then it prints the editor's address and opens it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import webbrowser
from pathlib import Path
from typing import Any

from ..content.text import display_path
from ..edit.session import Guard, current_branch, serving
from ..site.editor import ADMIN_DIR, LOCAL_PORT, WORKFLOW
from .commands import plugin_options

DECAP_SERVER = "3.11.3"
"""The decap-server `sosafe init` pins in a new site's package.json (and this package's lock)."""
INSTALL_NODE = (
    "sosafe edit: Node.js is not installed; install it (https://nodejs.org/, or "
    "`sudo apt-get install nodejs npm`), then run `npm install` in the site's folder"
)
INSTALL_DECAP = (
    "sosafe edit: decap-server is not installed; run `npm install` in the site's folder "
    f"(its package.json pins it), or `npm install --global decap-server@{DECAP_SERVER}`"
)


def add_edit_command(sub: Any) -> None:
    p = sub.add_parser(
        "edit",
        help="the browser editor at /admin/, saving as commits, with the site's preview",
    )
    p.add_argument("--port", type=int, default=8000, help="the preview's port (8000)")
    p.add_argument("--no-browser", action="store_true", help="print the address, do not open it")
    p.add_argument("--config", default="mkdocs.yml", help="the site's config (mkdocs.yml)")
    p.set_defaults(func=_edit)


def find_decap_server(root: Path) -> str | None:
    """decap-server from the site's own node_modules, else on the PATH."""
    local = root / "node_modules" / ".bin" / "decap-server"
    return str(local) if local.exists() else shutil.which("decap-server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # a terminated session stops its servers as Ctrl+C does


def _requirements(config: Path) -> tuple[Path, str, str, Path, int]:
    """What a session needs, each missing piece as one line saying what to do."""
    if not config.is_file():
        raise SystemExit(
            f"sosafe edit: no {display_path(config)} here: run it in the site's folder"
        )
    root = config.resolve().parent
    opts = plugin_options(config)
    if opts is not None and not opts.editor:
        raise SystemExit("sosafe edit: the editor is off (editor: false in mkdocs.yml)")
    if shutil.which("node") is None:
        raise SystemExit(INSTALL_NODE)
    server = find_decap_server(root)
    if server is None:
        raise SystemExit(INSTALL_DECAP)
    branch = current_branch(root)
    if branch is None:
        raise SystemExit(
            f"sosafe edit: {display_path(root)} is not a git repository on a branch: each save "
            "is a commit, so run `git init`, then `git add -A && git commit -m 'Start'`"
        )
    if not _git(root, "config", "user.email"):
        raise SystemExit(
            "sosafe edit: git does not know who you are, and each save is a commit: run "
            '`git config user.name "Your Name"` and `git config user.email you@example.org`'
        )
    content = root / (opts.content_dir if opts is not None else "content")
    port = opts.editor_port if opts is not None else LOCAL_PORT
    return root, server, branch, content, port


def _saves(config: Path, branch: str, root: Path) -> str:
    """Where a save goes, in the session's first lines."""
    opts = plugin_options(config)
    host = opts.editor if opts is not None and isinstance(opts.editor, dict) else {}
    if host.get("publish_mode", WORKFLOW) == WORKFLOW:
        return (
            f"Each saved change is a draft (a branch cms/…) in {root} until it is marked ready "
            f"and published onto {branch}"
        )
    return f"Each save is a commit on {branch} in {root}"


def _git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    return out.stdout.strip()


def _edit(args: argparse.Namespace) -> int:
    config = Path(args.config)
    root, server, branch, content, backend_port = _requirements(config)
    for port, what in ((args.port, "the preview"), (backend_port, "the editor's backend")):
        if not _port_free(port):
            raise SystemExit(
                f"sosafe edit: port {port} for {what} is in use (another `sosafe edit` or "
                "`mkdocs serve`?): stop it, or choose --port (editor_port in mkdocs.yml)"
            )
    signal.signal(signal.SIGTERM, _stop)
    upstream_port = _free_port()
    env = {**os.environ, "MODE": "git", "BIND_HOST": "127.0.0.1", "PORT": str(upstream_port)}
    env["GIT_REPO_DIRECTORY"] = str(root)
    env["NO_MKDOCS_2_WARNING"] = "1"
    origins = frozenset(f"http://{h}:{args.port}" for h in ("127.0.0.1", "localhost"))
    guard = Guard(root, content, f"http://127.0.0.1:{upstream_port}/api/v1", origins, branch)
    preview = f"http://127.0.0.1:{args.port}/"
    children: list[subprocess.Popen[bytes]] = []
    try:
        children.append(subprocess.Popen([server], cwd=root, env=env, stdout=subprocess.DEVNULL))
        serve = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config.resolve())]
        children.append(
            subprocess.Popen([*serve, "-a", f"127.0.0.1:{args.port}"], cwd=root, env=env)
        )
        with serving(guard, backend_port):
            _wait_for(preview, children)
            print(
                f"The editor is at {preview}{ADMIN_DIR}/ (the site's preview at {preview}).\n"
                f"{_saves(config, branch, root)}; press Ctrl+C to stop.",
                flush=True,
            )
            if not args.no_browser:
                webbrowser.open(f"{preview}{ADMIN_DIR}/")
            while all(c.poll() is None for c in children):
                time.sleep(0.5)
            failed = next(c for c in children if c.poll() is not None)
            raise SystemExit(f"sosafe edit: {Path(str(failed.args[0])).name} stopped")
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def _wait_for(url: str, children: list[subprocess.Popen[bytes]], timeout: float = 300) -> None:
    """Until the preview answers (its first build takes a while on a large site)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if any(c.poll() is not None for c in children):
            raise SystemExit("sosafe edit: the preview or decap-server did not start (see above)")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"sosafe edit: the preview did not answer at {url}")
