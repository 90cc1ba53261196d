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
  check's `file:line:col` problems come back and nothing is written;
- when the repository has nothing uncommitted (decap-server commits every change in the
  folder with a save) and is still on the branch the session saves to.

Saves go to the branch the repository has checked out, which the preview shows; in the
editorial workflow each change is a draft branch first (edit/drafts.py), and the check runs
on what publishing it would make: on each save (the site's branch with the draft's files),
on marking it ready, and on publishing it, which squashes the draft into one commit on the
branch's tip so that the merge is a fast-forward under the change's own message. The drafts'
contents and states are read from git here, so reading one never checks its branch out.
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
from .drafts import Draft, DraftConflict, blob, branch_of, exists, uncommitted
from .files import LOCK_FILE, check_with, editing

API = "/api/v1"
DRAFT_ACTIONS = frozenset(
    {
        "unpublishedEntry",
        "unpublishedEntryDataFile",
        "unpublishedEntryMediaFile",
        "deleteUnpublishedEntry",
        "updateUnpublishedEntryStatus",
        "publishUnpublishedEntry",
    }
)
"""The editorial workflow's actions on one draft (named by its collection and slug)."""
READY = "pending_publish"
"""Decap's status "Ready": checked as publishing is."""
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
        if action == "sosafeCurrent":
            return self._current(request.get("params") or {})
        if action in DRAFT_ACTIONS:
            return self._draft_action(request)
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
        options = params.get("options") if isinstance(params.get("options"), dict) else {}
        draft = None
        if options.get("useWorkflow") is True:
            branch = branch_of(options.get("collectionName"), (files or [{}])[0].get("slug"))
            if branch is None:
                return _refused(400, "cannot save: not an entry of this site's editor")
            draft = Draft(self.repo, branch, self.branch)
        with editing(self.content_dir):
            refusal = self._ready()
            if refusal:
                return refusal
            try:
                earlier = self._draft_files(draft)
            except DraftConflict as exc:
                return self._conflict(exc)
            for target, raw in changes.items():
                stale = self._stale(target, str(raw), earlier)
                if stale:
                    return _refused(409, stale)
            try:  # as publishing would leave it: the draft's earlier saves, then this one
                check_with(self.content_dir, {**self._targets(earlier), **changes})
            except ContentError as exc:
                lines = [str(p) for p in exc.problems]
                return _refused(422, "the check found problems; nothing was saved", lines)
            return self.forward(request)

    def _current(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A file as the next save will find it: on the draft of its entry (the workflow,
        when there is one), else on the site's branch; the editor merges onto it."""
        target = self._target(params.get("path"))
        if target is None:
            return 400, {"error": "sosafeCurrent needs a content file's path"}
        rel = target.relative_to(self.repo.resolve()).as_posix()
        branch = branch_of(params.get("collection"), params.get("slug"))
        draft = Draft(self.repo, branch, self.branch) if params.get("workflow") and branch else None
        with editing(self.content_dir):
            try:
                files = self._draft_files(draft)
            except DraftConflict as exc:
                return self._conflict(exc)
            data = files[rel] if rel in files else _read(target)
        return 200, {"data": None if data is None else data.decode("utf-8")}

    def _draft_files(self, draft: Draft | None) -> dict[str, bytes | None]:
        """The files a draft changes, as publishing it would leave them ({}: no draft)."""
        if draft is None or not exists(self.repo, draft.branch):
            return {}
        return draft.files()

    def _targets(self, files: dict[str, bytes | None]) -> dict[Path, str | None]:
        out: dict[Path, str | None] = {}
        for path, data in files.items():
            target = self._target(path)
            if target is not None:
                out[target] = None if data is None else data.decode("utf-8")
        return out

    def _draft_action(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """One of the workflow's actions on a draft: read here, from git; checked before it
        is marked ready or published; the rest passed to decap-server."""
        params = request.get("params") if isinstance(request.get("params"), dict) else {}
        collection, slug = params.get("collection"), params.get("slug")
        action = request["action"]
        if action == "unpublishedEntry" and isinstance(params.get("id"), str):
            collection, slug = params["id"].split("/", 1) if "/" in params["id"] else ("", "")
        branch = branch_of(collection, slug)
        if branch is None:
            return 400, {"error": "not an entry of this site's editor"}
        draft = Draft(self.repo, branch, self.branch)
        with editing(self.content_dir):
            if not exists(self.repo, branch):
                return 404, {"message": "Not Found", "error": f"no draft {branch}"}
            if action == "unpublishedEntry":
                return 200, self._entry(draft, collection, slug, params)
            if action == "unpublishedEntryDataFile":
                data = blob(self.repo, draft.head, str(params.get("path")))
                return 200, {"data": None if data is None else data.decode("utf-8")}
            ready = action == "updateUnpublishedEntryStatus" and params.get("newStatus") == READY
            if action == "publishUnpublishedEntry" or ready:
                refusal = self._ready() or self._check_draft(draft, published=not ready)
                if refusal:
                    return refusal
                if not ready:
                    draft.squash()  # one commit on the branch's tip: the merge fast-forwards
            return self.forward(request)

    def _entry(
        self, draft: Draft, collection: str, slug: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        """Decap's view of a draft: its files (as changed since it began), state and time."""
        names = {"A": "added", "M": "modified", "D": "deleted"}
        diffs = [
            {
                "oldPath": "" if letter == "A" else path,
                "newPath": "" if letter == "D" else path,
                "status": names.get(letter, "modified"),
                "newFile": letter == "A",
                "path": path,
                "id": path,
                "binary": False,
            }
            for letter, path in draft.changed()
        ]
        prefix = params.get("cmsLabelPrefix")
        return {
            "collection": collection,
            "slug": slug,
            "status": draft.status(prefix if isinstance(prefix, str) else ""),
            "diffs": diffs,
            "updatedAt": draft.updated(),
        }

    def _check_draft(self, draft: Draft, published: bool) -> tuple[int, Any] | None:
        """Why the draft may not be marked ready or published now (None: it may)."""
        try:
            files = draft.files()
        except DraftConflict as exc:
            return self._conflict(exc)
        try:
            check_with(self.content_dir, self._targets(files))
        except ContentError as exc:
            what = "not published" if published else "not marked ready"
            lines = [str(p) for p in exc.problems]
            return _refused(422, f"the check found problems; {what}", lines)
        return None

    def _conflict(self, exc: DraftConflict) -> tuple[int, Any]:
        return _refused(
            409,
            f"{', '.join(exc.paths)} changed on {self.branch} since this change was started, "
            "in the same places: delete this change (its unpublished changes) and make it again",
        )

    def _ready(self) -> tuple[int, Any] | None:
        """Why nothing may be written now (None: it may): decap-server commits everything
        uncommitted in the folder with a save, and saves onto the branch checked out."""
        on = current_branch(self.repo)
        if on != self.branch:
            return _refused(
                409,
                f"the repository is on {on or 'no branch'} now, not {self.branch} where this "
                f"session saves: switch back (git switch {self.branch}) and save again",
            )
        lock = (self.content_dir / LOCK_FILE).resolve().relative_to(self.repo.resolve())
        dirty = uncommitted(self.repo, {lock.as_posix()})
        if dirty:
            more = ", …" if len(dirty) > 5 else ""
            return _refused(
                409,
                f"changes made outside the editor are not committed ({', '.join(dirty[:5])}"
                f"{more}): commit them, or undo them, then save again",
            )
        return None

    def _delete(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A deletion, only if the rest of the content does without the file."""
        params = request.get("params") or {}
        paths = params.get("paths") or [params.get("path")]
        targets = [self._target(p) for p in paths]
        if any(t is None for t in targets):
            return _refused(400, "only content files can be deleted here")
        with editing(self.content_dir):
            refusal = self._ready()
            if refusal:
                return refusal
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

    def _stale(self, target: Path, raw: str, draft: dict[str, bytes | None]) -> str | None:
        """Why a save may not replace `target` now (None: it may): the file it was merged
        onto (on the entry's draft, if the draft changes it) is no longer there as it was."""
        rel = target.relative_to(self.repo.resolve()).as_posix()
        with self._lock:
            base = self.expected.pop((rel, sha256(raw)), None)
        if base is None:
            return None  # a new file, or a client that does not say (Decap alone)
        data = draft[rel] if rel in draft else _read(target)
        now = None if data is None else sha256(data)
        if now == base:
            return None
        return (
            f"{display_path(target)} was saved by someone else a moment ago, after this "
            "change was merged with it: save again to add your change to theirs"
        )


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


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
