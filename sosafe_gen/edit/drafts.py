"""The editorial workflow's drafts in a site's repository, read without touching its files.

In `sosafe edit` each change under review is a branch `cms/<collection>/<slug>` that
decap-server (git mode) starts from the site's branch and commits each save of the change on;
its status (draft, in review, ready) is the branch's description; publishing merges it.

What the check must see is what publishing would make, so this reads a draft as the files it
changes (since it left the site's branch) laid onto the site's branch as it is now, each with
what changed there meanwhile merged in line by line (`git merge-file`, as a rebase would).
`squash` rewrites a draft as one commit on the branch's tip holding those files, under the
message of its saves, so that publishing it is a fast-forward: the branch's history gets one
commit per published change, whatever else was published in between.

Everything here uses git's object database and a private index, never the working tree (the
preview serves it) or the repository's own index.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PREFIX = "cms"
LABEL_PREFIX = "decap-cms/"
"""Decap's prefix of a status kept as a branch description (`decap-cms/pending_review`)."""
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


class DraftConflict(Exception):
    """The draft and the site's branch changed the same lines of these files."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(", ".join(paths))
        self.paths = paths


def git(
    repo: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
) -> str:
    """A git command's output; a failure raises CalledProcessError."""
    out = subprocess.run(
        ["git", "-C", str(repo), *args],
        input=data,
        capture_output=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return out.stdout.decode("utf-8")


def branch_of(collection: object, slug: object) -> str | None:
    """The draft branch of an entry, or None when the names could not be a draft's (a
    request may name anything: `..`, a slash or an option must never reach git)."""
    if not (isinstance(collection, str) and isinstance(slug, str)):
        return None
    if not (_PLAIN.fullmatch(collection) and _PLAIN.fullmatch(slug)) or ".." in slug:
        return None
    return f"{PREFIX}/{collection}/{slug}"


def exists(repo: Path, branch: str) -> bool:
    out = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
        capture_output=True,
        check=False,
    )
    return out.returncode == 0


def blob(repo: Path, rev: str, path: str) -> bytes | None:
    """A file's bytes at a commit (None: no such file there)."""
    out = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "blob", f"{rev}:{path}"],
        capture_output=True,
        check=False,
    )
    return out.stdout if out.returncode == 0 else None


@dataclass(frozen=True)
class Draft:
    """A draft branch against the site's branch."""

    repo: Path
    branch: str
    """The draft's branch (`cms/progress/2025-26`)."""
    onto: str
    """The site's branch it is published onto."""

    @property
    def base(self) -> str:
        """Where the draft left the site's branch."""
        return git(self.repo, "merge-base", f"refs/heads/{self.onto}", self.head).strip()

    @property
    def head(self) -> str:
        return git(self.repo, "rev-parse", f"refs/heads/{self.branch}").strip()

    def changed(self) -> list[tuple[str, str]]:
        """(status letter, path) of each file the draft changes: A, M or D."""
        out = git(self.repo, "diff", "--name-status", "--no-renames", "-z", self.base, self.head)
        parts = out.split("\0")
        return [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]

    def files(self) -> dict[str, bytes | None]:
        """Each file the draft changes as publishing it now would leave it (None: deleted).
        Raises DraftConflict when the site's branch changed the same lines meanwhile."""
        base, head, onto = self.base, self.head, f"refs/heads/{self.onto}"
        out: dict[str, bytes | None] = {}
        conflicts: list[str] = []
        for _, path in self.changed():
            was, ours, theirs = (blob(self.repo, rev, path) for rev in (base, head, onto))
            if theirs in (was, ours):
                out[path] = ours
            elif None in (was, ours, theirs):
                conflicts.append(path)  # added on both, or deleted on one and changed on the other
            else:
                merged = merge_file(theirs, was, ours)  # type: ignore[arg-type]
                if merged is None:
                    conflicts.append(path)
                else:
                    out[path] = merged
        if conflicts:
            raise DraftConflict(conflicts)
        return out

    def messages(self) -> list[str]:
        """Each save's commit message, the first first."""
        out = git(self.repo, "log", "--reverse", "--format=%B%x00", f"{self.base}..{self.head}")
        return [m.strip() for m in out.split("\0") if m.strip()]

    def status(self, label_prefix: str = "") -> str:
        out = subprocess.run(
            ["git", "-C", str(self.repo), "config", f"branch.{self.branch}.description"],
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout.strip().removeprefix(label_prefix or LABEL_PREFIX)

    def updated(self) -> str:
        return git(self.repo, "log", "-1", "--format=%cI", self.head).strip()

    def squash(self) -> str:
        """The draft as one commit on the site's branch's tip (see the module's docstring);
        its author is the first save's. Returns the commit."""
        files = self.files()
        messages = self.messages()
        first, *rest = messages or [self.branch]
        later = [m.splitlines()[0] for m in rest if m.splitlines()[0] != first.splitlines()[0]]
        message = first + ("\n\n" + "\n".join(dict.fromkeys(later)) if later else "")
        onto = git(self.repo, "rev-parse", f"refs/heads/{self.onto}").strip()
        old = self.head
        author = git(self.repo, "log", "--reverse", "--format=%an%x00%ae%x00%aI", f"{onto}..{old}")
        name, email, date = (author.splitlines() or ["\0\0"])[0].split("\0")[:3]
        with tempfile.TemporaryDirectory(prefix="sosafe-draft-") as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            git(self.repo, "read-tree", onto, env=env)
            for path, data in files.items():
                if data is None:
                    git(self.repo, "update-index", "--force-remove", "--", path, env=env)
                    continue
                oid = git(self.repo, "hash-object", "-w", "--stdin", data=data).strip()
                info = f"{_mode(self.repo, old, path)},{oid},{path}"
                git(self.repo, "update-index", "--add", "--cacheinfo", info, env=env)
            tree = git(self.repo, "write-tree", env=env).strip()
        who = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date}
        made = git(
            self.repo,
            "commit-tree",
            tree,
            "-p",
            onto,
            "-F",
            "-",
            data=message.encode("utf-8"),
            env=who if name and email else None,
        )
        commit = made.strip()
        git(self.repo, "update-ref", f"refs/heads/{self.branch}", commit, old)
        return commit


def _mode(repo: Path, rev: str, path: str) -> str:
    out = git(repo, "ls-tree", rev, "--", path).split()
    return out[0] if out else "100644"


def merge_file(current: bytes, base: bytes, other: bytes) -> bytes | None:
    """`other`'s changes since `base` merged into `current` line by line (None: both changed
    the same lines)."""
    with tempfile.TemporaryDirectory(prefix="sosafe-merge-") as tmp:
        paths = [Path(tmp) / name for name in ("current", "base", "other")]
        for path, data in zip(paths, (current, base, other), strict=True):
            path.write_bytes(data)
        out = subprocess.run(
            ["git", "merge-file", "-p", "--quiet", *map(str, paths)],
            capture_output=True,
            check=False,
        )
    return out.stdout if out.returncode == 0 else None


def uncommitted(repo: Path, ignore: set[str]) -> list[str]:
    """Files the working tree has changed, added or removed and git does not ignore (except
    `ignore`): a save would commit them with it, so it waits until they are committed."""
    out = git(repo, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames")
    paths = [entry[3:] for entry in out.split("\0") if len(entry) > 3]
    return [p for p in paths if p not in ignore]
