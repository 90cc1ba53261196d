"""Fetching the partnerships' packages: in parallel, each with retries and a deadline, and
the last good copy of each kept, to fall back on when its site cannot be reached.

A package is read from its folder or over http(s) (urllib: one GET per file, no other
library). A fresh copy replaces the last good one only once it is whole and valid (a new
folder renamed over the old), so a failed or half-finished fetch never spoils it. A site
that answers with a package that fails the checks is left out with its problems: its last
good copy is not shown instead, since the partnership has published something else since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..content.problems import Problem
from ..content.text import display_path, slugify
from .read import Files, Published, needed, read_descriptor, read_package
from .registry import PACKAGE_FILE, Source

MAX_FILE = 64 * 1024 * 1024
"""A file bigger than this is refused (no partnership's record comes near it)."""
FETCHED = "fetched.json"


@dataclass(frozen=True)
class FetchOptions:
    workers: int = 8
    """Packages fetched at once: a bounded pool, whatever the registry's length."""
    timeout: float = 20.0
    """Seconds one site may take for all its files, retries included."""
    retries: int = 2
    """Further tries of a file after a failure that may pass (no answer, a server error)."""
    backoff: float = 0.5
    """Seconds before the first retry, doubled before each next one."""


@dataclass
class Outcome:
    """What became of one registry entry."""

    source: Source
    published: Published | None = None
    problems: list[Problem] = field(default_factory=list)
    unreachable: str | None = None
    """Why its site could not be reached, when it could not (then `published` is the last
    good copy, if there is one)."""


class Unreachable(Exception):
    """A file could not be had (no answer, a timeout, a missing file): retried, then the
    last good copy is used."""


def collect(
    sources: list[Source], cache: Path, options: FetchOptions = FetchOptions()
) -> list[Outcome]:
    """Every entry's package, fetched in parallel; outcomes in the registry's order."""
    cache.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(options.workers, len(sources)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sosafe-fetch") as pool:
        return list(pool.map(lambda s: _one(s, cache, options), sources))


def _one(source: Source, cache: Path, options: FetchOptions) -> Outcome:
    shown = _display(source)
    folder = cache / cache_key(source)
    deadline = time.monotonic() + options.timeout
    get = _getter(source, options, deadline)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        files: Files = {PACKAGE_FILE: get(PACKAGE_FILE)}
        descriptor, problems = read_descriptor(files[PACKAGE_FILE], shown)
        if descriptor is None:
            return Outcome(source, problems=problems)
        for resource in needed(descriptor).values():
            path = str(resource.get("path", ""))
            if _safe(path):
                files[path] = get(path)
    except Unreachable as exc:
        return _last_good(source, folder, str(exc), shown)
    published, problems = read_package(files, source, now, shown)
    if published is None:
        return Outcome(source, problems=problems)
    _keep(folder, files, source, now)
    return Outcome(source, published)


def cache_key(source: Source) -> str:
    """The folder of a source's last good copy: readable, and unique per location."""
    digest = hashlib.sha256(source.location.encode()).hexdigest()[:10]
    return f"{slugify(source.location, 50)}-{digest}"


def _safe(path: str) -> bool:
    """A resource path inside the package's folder (no `..`, no absolute path or URL)."""
    parts = path.split("/")
    return bool(path) and ":" not in path and not path.startswith("/") and ".." not in parts


def _display(source: Source) -> Callable[[str], str]:
    def shown(path: str) -> str:
        near = source.near(path)
        return near if source.remote else display_path(Path(near))

    return shown


def _getter(source: Source, options: FetchOptions, deadline: float) -> Callable[[str], bytes]:
    def get(path: str) -> bytes:
        where = source.near(path)
        wait = options.backoff
        for attempt in range(options.retries + 1):
            try:
                return _read(where, deadline) if source.remote else _read_file(where)
            except Unreachable:
                if attempt == options.retries or time.monotonic() + wait >= deadline:
                    raise
                time.sleep(wait)
                wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    return get


def _read_file(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE:
            raise Unreachable(f"{display_path(Path(path))}: {size} bytes is too big to read")
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise Unreachable(f"{display_path(Path(path))}: {exc.strerror}") from None


def _read(url: str, deadline: float) -> bytes:
    """One GET, within the site's deadline however slowly the server sends."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise Unreachable(f"{url}: timed out")
    request = urllib.request.Request(url, headers={"User-Agent": "sosafe-gen index"})
    try:
        with urllib.request.urlopen(request, timeout=left) as response:
            chunks, size = [], 0
            while chunk := response.read(65536):
                size += len(chunk)
                if size > MAX_FILE:
                    raise Unreachable(f"{url}: more than {MAX_FILE} bytes")
                if time.monotonic() > deadline:
                    raise Unreachable(f"{url}: timed out")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise Unreachable(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise Unreachable(f"{url}: {reason}") from None


def _keep(folder: Path, files: Files, source: Source, when: dt.datetime) -> None:
    """The fresh copy becomes the last good one, whole: written beside it, then renamed."""
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    for path, data in files.items():
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / path).write_bytes(data)
    about = {"source": source.location, "fetched": when.isoformat()}
    (tmp / FETCHED).write_text(json.dumps(about) + "\n", encoding="utf-8")
    old = folder.with_name(folder.name + ".old")
    if folder.exists():
        os.replace(folder, old)
    os.replace(tmp, folder)
    shutil.rmtree(old, ignore_errors=True)


def last_good(source: Source, cache: Path) -> Outcome:
    """A source's last good copy, without fetching (an Outcome without one if none)."""
    return _last_good(source, cache / cache_key(source), "", _display(source))


def _last_good(source: Source, folder: Path, why: str, shown: Callable[[str], str]) -> Outcome:
    """The last good copy of a site that could not be reached, read as it was kept."""
    about = folder / FETCHED
    if not about.is_file():
        return Outcome(source, unreachable=why or "no copy fetched yet")
    when = dt.datetime.fromisoformat(json.loads(about.read_text(encoding="utf-8"))["fetched"])
    files = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != FETCHED
    }
    # Stale when its site could not be reached now; a preview from the copies is not.
    published, problems = read_package(files, source, when, shown, stale=bool(why))
    return Outcome(source, published, problems, unreachable=why or None)
