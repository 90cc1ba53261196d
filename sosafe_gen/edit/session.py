"""`sosafe edit`'s local backend: the browser editor's saves, checked, then made commits.

Decap CMS talks to its local backend through one JSON API (`POST /api/v1`); decap-server
(git mode) answers it by writing files and committing them. This server stands in front of
it on 127.0.0.1 and passes every request on, but a save (`persistEntry`) only:

- from the editor's own page (the preview's address): decap-server answers any web page, so
  without this any site open in the browser could commit to the repository;
- under the content folder's lock, as every `sosafe` edit, so a command and a save never
  interleave;
- onto the file the save was made against: the editor says which version of the file its
  change applies to (`sosafeExpect`, before each save); if the file changed since (another
  editor's save landed in between), the save is refused and the editor merges again;
- when `sosafe check` accepts the whole content with the saved files in it: otherwise the
  check's `file:line:col` problems come back and nothing is written.

Saves go to the branch the repository has checked out, which the preview shows.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..content.problems import ContentError
from ..content.text import display_path
from .files import check_with, editing

API = "/api/v1"
MAX_BODY = 32 * 1024 * 1024
"""A save carries the files' text (and any upload, base64): bigger is refused."""


def sha256(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def current_branch(repo: Path) -> str | None:
    """The branch checked out in `repo` (None: not a repository, or no branch)."""
    out = subprocess.run(
        ["git", "-C", str(repo), "symbolic-ref", "--quiet", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or None if out.returncode == 0 else None


@dataclass
class Guard:
    """The checks a save passes before decap-server writes it."""

    repo: Path
    """The repository decap-server writes in (paths in requests are relative to it)."""
    content_dir: Path
    upstream: str
    """decap-server's API address."""
    origins: frozenset[str]
    """Pages allowed to save: the preview's address (as 127.0.0.1 and as localhost)."""
    branch: str
    expected: dict[tuple[str, str], str] = field(default_factory=dict)
    """(path, SHA-256 of the text a save will write) → SHA-256 of the file it was made on."""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, origin: str | None, body: bytes) -> tuple[int, dict[str, Any]]:
        """One API request: the status and JSON to send back."""
        if origin is not None and origin not in self.origins:
            return 403, {"error": "this backend answers only the site's editor"}
        try:
            request = json.loads(body)
        except ValueError:
            return 400, {"error": "not JSON"}
        if not isinstance(request, dict):
            return 400, {"error": "not a request"}
        if isinstance(request.get("params"), dict):
            request["params"]["branch"] = self.branch
        request["branch"] = self.branch
        action = request.get("action")
        if action == "sosafeExpect":
            return self._expect(request.get("params") or {})
        if action == "persistEntry":
            return self._persist(request)
        if action in ("deleteFile", "deleteFiles"):
            return self._delete(request)
        if action == "persistMedia":
            return _refused(
                400, "the editor takes no uploads: put documents and images in docs/ by hand"
            )
        return self.forward(request)

    def forward(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        data = json.dumps(request).encode("utf-8")
        req = urllib.request.Request(
            self.upstream, data=data, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as res:
                return res.status, json.loads(res.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                return exc.code, json.loads(exc.read() or b"{}")
            except ValueError:
                return exc.code, {"error": f"decap-server answered {exc.code}"}
        except (urllib.error.URLError, OSError) as exc:
            return 502, {"error": f"decap-server is not answering: {exc}"}

    def _expect(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        path, base, raw = params.get("path"), params.get("base"), params.get("raw")
        if not all(isinstance(x, str) for x in (path, base, raw)):
            return 400, {"error": "sosafeExpect needs path, base and raw"}
        with self._lock:
            self.expected[(str(path), str(raw))] = str(base)
        return 200, {"message": "noted"}

    def _persist(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        params = request.get("params") or {}
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        changes: dict[Path, str | None] = {}
        for f in files:
            target = self._target(f.get("path"))
            if target is None or not isinstance(f.get("raw"), str):
                return _refused(400, f"cannot save {f.get('path')!r}: not a content file")
            changes[target] = f["raw"]
        with editing(self.content_dir):
            for target, raw in changes.items():
                stale = self._stale(target, str(raw))
                if stale:
                    return _refused(409, stale)
            try:
                check_with(self.content_dir, changes)
            except ContentError as exc:
                lines = [str(p) for p in exc.problems]
                return _refused(422, "the check found problems; nothing was saved", lines)
            return self.forward(request)

    def _delete(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A deletion, only if the rest of the content does without the file."""
        params = request.get("params") or {}
        paths = params.get("paths") or [params.get("path")]
        targets = [self._target(p) for p in paths]
        if any(t is None for t in targets):
            return _refused(400, "only content files can be deleted here")
        with editing(self.content_dir):
            try:
                check_with(self.content_dir, dict.fromkeys(targets))  # type: ignore[arg-type]
            except ContentError as exc:
                lines = [str(p) for p in exc.problems]
                return _refused(422, "the rest of the content needs this file; not deleted", lines)
            return self.forward(request)

    def _target(self, path: Any) -> Path | None:
        """A path in a save as a file in the content folder (anything else is refused)."""
        if not isinstance(path, str) or not path or "\x00" in path:
            return None
        target = (self.repo / path).resolve()
        try:
            target.relative_to(self.content_dir.resolve())
        except ValueError:
            return None
        return target

    def _stale(self, target: Path, raw: str) -> str | None:
        """Why a save may not replace `target` now (None: it may)."""
        rel = target.relative_to(self.repo.resolve()).as_posix()
        with self._lock:
            base = self.expected.pop((rel, sha256(raw)), None)
        if base is None:
            return None  # a new file, or a client that does not say (Decap alone)
        now = sha256(target.read_bytes()) if target.is_file() else None
        if now == base:
            return None
        return (
            f"{display_path(target)} was saved by someone else a moment ago, after this "
            "change was merged with it: save again to add your change to theirs"
        )


def _refused(status: int, message: str, problems: list[str] | None = None) -> tuple[int, Any]:
    """A refusal, for the editor's page and, as the commands print them, the terminal."""
    lines = problems or [message]
    print(
        f"not saved: {message}",
        *(f"  {line}" for line in lines if line != message),
        sep="\n",
        file=sys.stderr,
        flush=True,
    )
    return status, {"error": message, "sosafe": True, "problems": lines}


def _handler(guard: Guard) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # every answer states its length

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self._cors()
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)

        def _cors(self) -> None:
            origin = self.headers.get("Origin")
            if origin in guard.origins:
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Vary", "Origin")

        def do_OPTIONS(self) -> None:
            self.send_response(204 if self.headers.get("Origin") in guard.origins else 403)
            self._cors()
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()

        def do_POST(self) -> None:
            if self.path.rstrip("/") != API:
                self._send(404, {"error": "not found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(413, {"error": "the save is too big"})
                return
            self._send(*guard.answer(self.headers.get("Origin"), self.rfile.read(length)))

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal is the user's
            return

    return Handler


@contextmanager
def serving(guard: Guard, port: int) -> Iterator[ThreadingHTTPServer]:
    """The guard on 127.0.0.1:`port`, in a thread, for the length of the `with`."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(guard))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
