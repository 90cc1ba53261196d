"""Review before it goes live, without a browser: the editor's configuration for a Git host
and its publish mode read from mkdocs.yml, the commit messages the editor's script writes, and
`sosafe edit`'s local backend in the editorial workflow in front of the real decap-server
(git mode): drafts are branches, checked as publishing would leave the site, published as one
commit under the change's message."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, mkdocs_build
from test_editor_writer import node

from sosafe_gen.adapters.commands import plugin_options
from sosafe_gen.adapters.plugin import editor_options
from sosafe_gen.content.check import load_content
from sosafe_gen.edit.init import STARTER
from sosafe_gen.edit.session import Guard, sha256
from sosafe_gen.site.editor import EditorOptions, editor_config

DECAP_MESSAGES = {
    "create": "{{collection}} added: {{slug}}",
    "update": "{{collection}} changed: {{slug}}",
    "delete": "{{collection}} deleted: {{slug}}",
    "uploadMedia": "File added: {{path}}",
    "deleteMedia": "File deleted: {{path}}",
    "openAuthoring": "{{message}}",
}


def site_with(tmp_path: Path, editor: dict[str, Any], name: str = "strategy-only") -> Path:
    """A fixture partnership whose mkdocs.yml gives the sosafe plugin this `editor:`."""
    src = tmp_path / "site"
    shutil.copytree(FIXTURES / name, src, ignore=shutil.ignore_patterns("expected"))
    config = src / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = "  - sosafe:\n      pdf: false\n      editor:\n" + "".join(
        f"        {key}: {json.dumps(value)}\n" for key, value in editor.items()
    )
    config.write_text(text.replace("  - sosafe\n", entry, 1), encoding="utf-8")
    return src


def updates_draft_default(config: dict[str, Any]) -> Any:
    updates = next(c for c in config["collections"] if c["name"] == "updates")
    return next(f for f in updates["fields"] if f["name"] == "draft")["default"]


def test_a_github_site_reviews_each_change_as_a_pull_request(tmp_path: Path) -> None:
    """Built from mkdocs.yml: the GitHub backend with the repository, branch and sign-in
    proxy given, squashing each published change into one commit, in the editorial
    workflow; `sosafe edit`'s backend beside it; Decap's messages in the site's words."""
    editor = {
        "backend": "github",
        "repo": "northwick-csp/site",
        "branch": "live",
        "base_url": "https://auth.northwick.example",
        "auth_endpoint": "api/auth",
    }
    src = site_with(tmp_path, editor)
    out = mkdocs_build(src, tmp_path / "built")
    assert out.returncode == 0, out.stderr
    config = json.loads((tmp_path / "built" / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"] == {
        "name": "github",
        "branch": "live",
        "repo": "northwick-csp/site",
        "base_url": "https://auth.northwick.example",
        "auth_endpoint": "api/auth",
        "squash_merges": True,
        "commit_messages": DECAP_MESSAGES,
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    # Decap deletes straight from the branch, so no form offers it under review.
    assert {c["name"]: c["delete"] for c in config["collections"]} == {
        c["name"]: False for c in config["collections"]
    }
    assert updates_draft_default(config) is False  # the review is an update's draft stage


def test_a_gitlab_site_saving_straight_to_its_branch(tmp_path: Path) -> None:
    """Read from mkdocs.yml as the build reads it: GitLab on the council's own server,
    signing in with PKCE, and `publish_mode: simple` (each save a commit on the branch)."""
    editor = {
        "backend": "gitlab",
        "repo": "northwick-council/csp/site",
        "app_id": "7f3c9e2a41b0",
        "auth_type": "pkce",
        "base_url": "https://gitlab.northwick.example",
        "api_root": "https://gitlab.northwick.example/api/v4",
        "publish_mode": "simple",
    }
    src = site_with(tmp_path, editor)
    opts = plugin_options(src / "mkdocs.yml")
    config = editor_config(load_content(src / "content"), editor_options(opts, src, ""))
    assert config["backend"] == {
        "name": "gitlab",
        "branch": "main",
        "repo": "northwick-council/csp/site",
        "app_id": "7f3c9e2a41b0",
        "base_url": "https://gitlab.northwick.example",
        "api_root": "https://gitlab.northwick.example/api/v4",
        "auth_type": "pkce",
        "commit_messages": DECAP_MESSAGES,
    }  # no squash: GitLab's would title the commit with Decap's fixed words
    assert config["publish_mode"] == "simple"
    assert all("delete" not in c for c in config["collections"])
    assert updates_draft_default(config) is True  # as `sosafe new update`


def test_a_gitlab_review_can_squash_and_sosafe_edit_alone_reviews_too(tmp_path: Path) -> None:
    gitlab = {"backend": "gitlab", "repo": "g/site", "app_id": "x", "squash_merges": True}
    content = load_content(FIXTURES / "strategy-only" / "content")
    config = editor_config(content, EditorOptions(host=gitlab))
    assert config["backend"]["squash_merges"] is True
    assert config["publish_mode"] == "editorial_workflow"
    alone = editor_config(content, EditorOptions())
    assert alone["backend"]["name"] == "proxy" and alone["publish_mode"] == "editorial_workflow"
    simple = editor_config(content, EditorOptions(host={"publish_mode": "simple"}))
    assert simple["backend"]["name"] == "proxy" and simple["publish_mode"] == "simple"


# --- the commit messages ------------------------------------------------------------------


SITE = FIXTURES / "site" / "content"


def words() -> dict[str, Any]:
    config = editor_config(load_content(SITE), EditorOptions())
    return dict(config["sosafe"]["words"]["messages"])


def read(raw: str) -> Any:
    return node([{"op": "data", "raw": raw}])[0]["data"]


def messages(jobs: list[dict[str, Any]]) -> list[str | None]:
    w = words()
    plans = {"2025-26": "2025/26", "2017-18": "2017/18"}
    base = {"op": "message", "words": w, "languages": ["en"], "plans": plans, "isNew": False}
    return [a["message"] for a in node([base | job for job in jobs])]


def with_progress(data: Any, changes: dict[str, dict[str, Any]]) -> Any:
    out = copy.deepcopy(data)
    for section in out["sections"]:
        for aim in section.get("aims", []):
            for a in aim.get("actions", []):
                for key, value in changes.get(a["id"], {}).items():
                    if key in ("Q1", "Q2", "Q3", "Q4"):
                        a.setdefault("progress", {})[key] = value
                    elif value is None:
                        a.pop(key, None)
                    else:
                        a[key] = value
    return out


def test_each_commit_message_names_what_changed_in_plain_words() -> None:
    plan = read((SITE / "action-plans" / "2025-26.yml").read_text(encoding="utf-8"))
    old = read((SITE / "action-plans" / "2017-18.yml").read_text(encoding="utf-8"))
    done = {"value": "done", "quarter": "Q4"}
    recorded = with_progress(plan, {"1-1-b": {"status": done}})
    progress = {"collection": "progress", "slug": "2025-26", "before": plan}
    many = {a: {"Q4": "Done."} for a in ("1-1-a", "1-1-b", "1-1-c", "2-1-a", "2-1-b", "3-1-a")}
    seven = with_progress(plan, many)
    seven["sections"][0]["aims"][0]["actions"].append({"id": "1-1-d", "ref": "d)", "text": "x"})
    seven["sections"][0]["aims"][0]["actions"][-1]["progress"] = {"Q4": "New."}
    assert messages(
        [
            progress | {"after": with_progress(plan, {"1-1-a": {"Q4": "Done."}})},
            progress | {"after": with_progress(plan, {"1-1-a": {"Q4": "x", "status": done}})},
            progress | {"after": with_progress(plan, {k: many[k] for k in ("1-1-a", "2-1-a")})},
            progress | {"after": with_progress(plan, {k: many[k] for k in list(many)[:3]})},
            progress | {"after": seven},
            progress | {"after": with_progress(plan, {"1-1-a": {"Q3": "a", "Q4": "b"}})},
            progress | {"after": with_progress(plan, {"1-1-b": {"status": done}})},
            progress | {"before": recorded, "after": plan},  # the status taken away
            progress | {"after": with_progress(plan, {k: {"status": done} for k in many})},
            progress | {"after": plan},
            {"collection": "progress", "slug": "2017-18", "before": old}
            | {"after": with_progress(old, {"1-1-a": {"progress_to_date": "Done."}})},
        ]
    ) == [
        "Q4 progress on action 1.1 a of the 2025/26 plan",
        "Q4 progress on action 1.1 a of the 2025/26 plan; status: done",
        "Q4 progress on actions 1.1 a and 2.1 a of the 2025/26 plan",
        "Q4 progress on actions 1.1 a, 1.1 b and 1.1 c of the 2025/26 plan",
        "Q4 progress on actions 1.1 a, 1.1 b, 1.1 c, 1.1 d, 2.1 a, 2.1 b and more of the "
        "2025/26 plan",
        "Progress on action 1.1 a of the 2025/26 plan",
        "Status of action 1.1 b of the 2025/26 plan: done",
        "Status of action 1.1 b of the 2025/26 plan: no status recorded",
        "Statuses of actions 1.1 a, 1.1 b, 1.1 c, 2.1 a, 2.1 b and 3.1 a of the 2025/26 plan",
        "Progress on the 2025/26 plan",
        "Progress on action 1.1 a of the 2017/18 plan",
    ]


def test_new_and_edited_entries_are_named_by_their_title() -> None:
    strategy = read((SITE / "strategies" / "2025-28.yml").read_text(encoding="utf-8"))
    title = {"en": "Safe haven scheme launched", "cy": "Lansio cynllun hafan ddiogel"}
    update = {"title": title, "date": "2026-03-01", "body": "Text."}
    assert messages(
        [
            {"collection": "updates", "slug": "x", "before": None, "after": update, "isNew": True},
            {"collection": "updates", "slug": "x", "before": update, "after": update},
            {"collection": "strategies", "slug": "2025-28", "before": strategy}
            | {"after": strategy | {"title": "New title"}},
            {"collection": "strategies", "slug": "2026-29", "before": None}
            | {"after": {"id": "2026-29", "title": "Safer Northwick"}, "isNew": True},
            {"collection": "settings", "slug": "glossary", "before": {}, "after": {}},
            {"collection": "settings", "slug": "partnership", "before": {}, "after": {}},
            {"collection": "case-studies", "slug": "2015-18", "before": {}, "after": {}},
            {"collection": "elsewhere", "slug": "x", "before": {}, "after": {}},
        ]
    ) == [
        "New update: Safe haven scheme launched",  # a bilingual title: the site's first language
        "Edited update: Safe haven scheme launched",
        "Edited strategy: New title",
        "New strategy: Safer Northwick",
        "Edited the glossary",
        "Edited the partnership’s details",
        "Edited case studies: 2015-18",
        None,  # not ours to name: Decap's own template
    ]


# --- the local backend in the editorial workflow, before decap-server ---------------------

ORIGIN = "http://127.0.0.1:8000"
THEMES = "content/themes.yml"
WHO = {
    "GIT_AUTHOR_NAME": "Comms Officer",
    "GIT_AUTHOR_EMAIL": "comms@example.org",
    "GIT_COMMITTER_NAME": "Comms Officer",
    "GIT_COMMITTER_EMAIL": "comms@example.org",
}


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **WHO},
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


class Backend:
    """The guard of `sosafe edit` in front of decap-server (git mode) on a site's repo."""

    def __init__(self, repo: Path, guard: Guard) -> None:
        self.repo, self.guard = repo, guard

    def ask(self, action: str, **params: Any) -> tuple[int, Any]:
        body = {"action": action, "params": {"branch": "main", **params}}
        return self.guard.answer(ORIGIN, json.dumps(body).encode())

    def save(self, collection: str, slug: str, path: str, raw: str, message: str) -> Any:
        options = {
            "collectionName": collection,
            "commitMessage": message,
            "useWorkflow": True,
            "status": "draft",
        }
        file = {"slug": slug, "path": path, "raw": raw}
        return self.ask("persistEntry", dataFiles=[file], assets=[], options=options)

    def text(self, path: str) -> str:
        return (self.repo / path).read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Backend]:
    server = ROOT / "node_modules" / ".bin" / "decap-server"
    if not server.exists():
        pytest.fail("decap-server is not installed: run `make editor` (npm ci)")
    repo = tmp_path / "repo"
    shutil.copytree(SITE, repo / "content")
    shutil.copy(STARTER / "gitignore", repo / ".gitignore")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", WHO["GIT_AUTHOR_NAME"])
    git(repo, "config", "user.email", WHO["GIT_AUTHOR_EMAIL"])
    commit_all(repo, "Start")
    monkeypatch.chdir(repo)
    port = free_port()
    env = {**os.environ, "MODE": "git", "BIND_HOST": "127.0.0.1", "PORT": str(port)}
    env["GIT_REPO_DIRECTORY"] = str(repo)
    proc = subprocess.Popen([str(server)], cwd=repo, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1"
    end = time.monotonic() + 30
    while True:
        try:
            req = urllib.request.Request(url, data=b'{"action":"info"}')
            req.add_header("Content-Type", "application/json")
            urllib.request.urlopen(req, timeout=2).close()
            break
        except OSError:
            assert time.monotonic() < end, "decap-server did not start"
            time.sleep(0.2)
    try:
        yield Backend(repo, Guard(repo, repo / "content", url, frozenset({ORIGIN}), "main"))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_saved_change_is_a_draft_until_published_as_one_commit(backend: Backend) -> None:
    """Two saves of one change make its draft branch and two commits there, and main has
    neither; Decap reads the draft (its state, its files) from git, without a checkout;
    meanwhile main changes another line of the same file. Publishing checks the site as it
    would be, then main gets one commit with both changes under the change's message."""
    repo = backend.repo
    start = git(repo, "rev-parse", "main").strip()
    base = backend.text(THEMES)
    first = base.replace("Nuisance behaviour.", "Nuisance and rowdy behaviour.")
    assert backend.save("settings", "themes", THEMES, first, "Edited the themes")[0] == 200
    second = first.replace("Abuse in the home.", "Abuse by a partner or relative.")
    expect = {"path": THEMES, "base": sha256(first), "raw": sha256(second)}
    assert backend.ask("sosafeExpect", **expect)[0] == 200
    assert backend.save("settings", "themes", THEMES, second, "Themes: abuse")[0] == 200
    draft = "cms/settings/themes"
    assert git(repo, "log", "--reverse", "--format=%s", f"main..{draft}").split("\n")[:2] == [
        "Edited the themes",
        "Themes: abuse",
    ]
    assert git(repo, "rev-parse", "main").strip() == start
    assert backend.text(THEMES) == base and git(repo, "status", "--porcelain") == ""

    status, entry = backend.ask("unpublishedEntry", id="settings/themes")
    assert status == 200 and entry["status"] == "draft"
    assert [d["path"] for d in entry["diffs"]] == [THEMES]
    file = backend.ask(
        "unpublishedEntryDataFile", collection="settings", slug="themes", path=THEMES, id="x"
    )
    assert file == (200, {"data": second})

    # Main moves on: another line of the same file, committed outside the editor.
    (repo / THEMES).write_text(base.replace("Scams and fraud", "Fraud and scams"), "utf-8")
    commit_all(repo, "By hand")
    moved = git(repo, "rev-parse", "main").strip()
    current = backend.ask(
        "sosafeCurrent", path=THEMES, collection="settings", slug="themes", workflow=True
    )
    merged = second.replace("Scams and fraud", "Fraud and scams")
    assert current == (200, {"data": merged})  # what the next save is merged onto

    status, _ = backend.ask(
        "updateUnpublishedEntryStatus",
        collection="settings",
        slug="themes",
        newStatus="pending_publish",
    )
    assert status == 200
    assert backend.ask("unpublishedEntry", id="settings/themes")[1]["status"] == "pending_publish"
    assert backend.ask("publishUnpublishedEntry", collection="settings", slug="themes")[0] == 200
    assert git(repo, "log", "--format=%B", f"{moved}..main").strip() == (
        "Edited the themes\n\nThemes: abuse"
    )
    assert git(repo, "rev-parse", "main~1").strip() == moved  # one commit, no merge commit
    assert backend.text(THEMES) == merged
    assert git(repo, "branch", "--list", "cms/*") == "" and git(repo, "status", "--porcelain") == ""
    load_content(repo / "content")


UPDATE = "content/updates/2026-03-01-safer-streets.md"
UPDATE_TEXT = (
    "---\ntitle: Safer streets\ndate: 2026-03-01\nthemes: [safer-streets]\n"
    "summary: One sentence.\ndraft: false\n---\n\nThe body.\n"
)
NEW_THEME = "  - id: safer-streets\n    title: Safer streets\n    description: Streets.\n"


def test_a_draft_the_site_no_longer_accepts_is_not_published(backend: Backend) -> None:
    """A draft valid when saved (an update on a theme main has), then main drops the theme:
    marking it ready and publishing it are refused with the check's own line, and nothing
    reaches main."""
    repo = backend.repo
    (repo / THEMES).write_text(backend.text(THEMES) + NEW_THEME, "utf-8")
    commit_all(repo, "A theme")
    saved = backend.save(
        "updates", "2026-03-01-safer-streets", UPDATE, UPDATE_TEXT, "New update: Safer streets"
    )
    assert saved[0] == 200, saved
    (repo / THEMES).write_text(backend.text(THEMES).replace(NEW_THEME, ""), "utf-8")
    commit_all(repo, "No theme")
    main = git(repo, "rev-parse", "main").strip()
    ids = {"collection": "updates", "slug": "2026-03-01-safer-streets"}
    status, answer = backend.ask("updateUnpublishedEntryStatus", **ids, newStatus="pending_publish")
    assert status == 422 and answer["error"] == "the check found problems; not marked ready"
    assert answer["problems"][0].startswith(f"{UPDATE}:4:10: themes[0]:")
    status, answer = backend.ask("publishUnpublishedEntry", **ids)
    assert status == 422 and answer["error"] == "the check found problems; not published"
    assert git(repo, "rev-parse", "main").strip() == main
    assert "cms/updates/2026-03-01-safer-streets" in git(repo, "branch", "--list", "cms/*")
    assert not (repo / UPDATE).exists()


def test_a_draft_and_main_changing_the_same_line_are_refused_not_rebased(
    backend: Backend,
) -> None:
    repo = backend.repo
    base = backend.text(THEMES)
    backend.save("settings", "themes", THEMES, base.replace("Nuisance behaviour.", "Ours."), "m")
    (repo / THEMES).write_text(base.replace("Nuisance behaviour.", "Theirs."), "utf-8")
    commit_all(repo, "By hand")
    ids = {"collection": "settings", "slug": "themes"}
    status, answer = backend.ask("sosafeCurrent", path=THEMES, workflow=True, **ids)
    assert status == 409
    assert answer["error"].startswith(f"{THEMES} changed on main since this change was started")
    again = base.replace("Nuisance behaviour.", "Ours, again.")
    assert backend.save("settings", "themes", THEMES, again, "m")[0] == 409
    assert backend.ask("publishUnpublishedEntry", **ids)[0] == 409
    assert git(repo, "status", "--porcelain") == ""  # no rebase left half done
    assert "Theirs." in backend.text(THEMES)


def test_nothing_is_saved_over_uncommitted_changes_or_on_another_branch(
    backend: Backend,
) -> None:
    """decap-server commits every change in the folder with a save: a change made by hand
    and not committed waits, named; so does a save while another branch is checked out."""
    repo = backend.repo
    raw = backend.text(THEMES).replace("Nuisance behaviour.", "Nuisance.")
    (repo / "notes.txt").write_text("mine\n", "utf-8")
    status, answer = backend.save("settings", "themes", THEMES, raw, "m")
    assert status == 409 and "not committed (notes.txt)" in answer["error"]
    (repo / "notes.txt").unlink()
    git(repo, "switch", "-q", "-c", "other")
    status, answer = backend.save("settings", "themes", THEMES, raw, "m")
    assert status == 409 and "git switch main" in answer["error"]
    git(repo, "switch", "-q", "main")
    assert git(repo, "branch", "--list", "cms/*") == ""


@pytest.mark.parametrize(
    "params",
    [
        {"collection": "../x", "slug": "themes"},
        {"collection": "settings", "slug": "../../main"},
        {"collection": "settings", "slug": "-D"},
        {"collection": 3, "slug": "themes"},
        {"id": "settings"},
    ],
)
def test_a_draft_is_named_only_as_a_draft_can_be(backend: Backend, params: dict[str, Any]) -> None:
    """No name from a request reaches git unless it is plain (`..`, an option, a number)."""
    for action in ("unpublishedEntry", "deleteUnpublishedEntry", "publishUnpublishedEntry"):
        assert backend.ask(action, **params)[0] == 400
    assert backend.save("../x", "themes", THEMES, backend.text(THEMES), "m")[0] == 400
    assert git(backend.repo, "branch", "--list", "cms/*") == ""


def test_the_welsh_templates_keep_decaps_placeholders() -> None:
    """Decap fills only its own placeholders: a translation must keep each of them."""
    from sosafe_gen.content.i18n import translations
    from sosafe_gen.site.editor_messages import COMMIT_MESSAGES, commit_messages

    welsh = commit_messages(translations("cy").gettext)
    for kind, english in COMMIT_MESSAGES.items():
        assert welsh[kind] != english
        assert sorted(re.findall(r"{{[a-z-]+}}", welsh[kind])) == sorted(
            re.findall(r"{{[a-z-]+}}", english)
        )
