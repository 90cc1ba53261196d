"""The browser editor without a browser: its configuration read from the content model, the
files a build adds at /admin/, the checking local backend of `sosafe edit`, and the one-line
messages when something it needs is missing."""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import shutil
import subprocess
import textwrap
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import BIN, FIXTURES, ROOT, mkdocs_build, run

from sosafe_gen.adapters.cli import main
from sosafe_gen.adapters.edit_command import DECAP_SERVER, INSTALL_DECAP, INSTALL_NODE
from sosafe_gen.content import model as m
from sosafe_gen.content.check import load_content
from sosafe_gen.content.updates import UpdateMeta
from sosafe_gen.edit.init import STARTER
from sosafe_gen.edit.session import Guard, sha256
from sosafe_gen.render import editor as render_editor
from sosafe_gen.site.editor import EditorOptions, editor_config
from sosafe_gen.site.editor_labels import LABELS
from sosafe_gen.site.editor_model import ID_PATTERN, docstrings, fields_of

MODELS = [
    m.Partnership,
    m.SourcesFile,
    m.ThemesFile,
    m.GlossaryFile,
    m.Strategy,
    m.ActionPlan,
    m.CaseStudiesFile,
    m.FiguresFile,
    m.FundingFile,
    m.Meeting,
    m.Report,
    UpdateMeta,
]


def every_model() -> Iterator[type[Any]]:
    seen: set[type[Any]] = set()
    todo = list(MODELS)
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        for _, _, s in fields_of(cls):
            for inner in (s, s.item):
                if inner is not None and inner.model is not None:
                    todo.append(inner.model)
                if inner is not None and inner.item is not None and inner.item.model:
                    todo.append(inner.item.model)


def config_for(name: str) -> dict[str, Any]:
    return editor_config(load_content(FIXTURES / name / "content"), EditorOptions())


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def by_name(fields: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(f for f in fields if f["name"] == name)


def test_every_field_of_every_record_has_a_label_from_the_catalogue() -> None:
    names = {name for cls in every_model() for name, _, _ in fields_of(cls)}
    assert len(names) > 100
    assert sorted(names - set(LABELS)) == []


def source_docstrings(cls: type[Any]) -> dict[str, str]:
    """What a reader of the model's source sees under each field: the string after its
    annotation, in this class or the one it inherits the field from (first paragraph)."""
    out: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass is object or klass.__module__.split(".")[0] != "sosafe_gen":
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        for a, b in itertools.pairwise(tree.body[0].body):  # type: ignore[attr-defined]
            if (
                isinstance(a, ast.AnnAssign)
                and isinstance(a.target, ast.Name)
                and isinstance(b, ast.Expr)
                and isinstance(b.value, ast.Constant)
                and isinstance(b.value.value, str)
            ):
                out[a.target.id] = " ".join(
                    inspect.cleandoc(b.value.value).split("\n\n")[0].split()
                )
    return {name: text for name, text in out.items() if name in cls.model_fields}


def test_each_fields_hint_is_the_docstring_under_it_in_the_model() -> None:
    models = list(every_model())
    assert len(models) > 20
    for cls in models:
        assert docstrings(cls) == source_docstrings(cls), cls.__name__
    config = config_for("site")
    updates = collection(config, "updates")
    assert by_name(updates["fields"], "summary")["hint"] == source_docstrings(UpdateMeta)["summary"]


def test_the_forms_follow_the_model_required_fields_patterns_and_allowed_values() -> None:
    config = config_for("site")
    content = load_content(FIXTURES / "site" / "content")
    updates = collection(config, "updates")
    title, summary = by_name(updates["fields"], "title"), by_name(updates["fields"], "summary")
    assert title["label"] == "Title" and title.get("required", True) is True
    assert summary["required"] is False
    assert summary["hint"] == docstrings(UpdateMeta)["summary"]
    themes = by_name(updates["fields"], "themes")
    assert themes["widget"] == "select" and themes["multiple"] is True
    assert [o["value"] for o in themes["options"]] == list(content.themes)
    assert by_name(updates["fields"], "date")["widget"] == "datetime"
    # In the editorial workflow (the default) the review is an update's draft stage.
    assert by_name(updates["fields"], "draft")["default"] is False

    strategies = collection(config, "strategies")
    ident = by_name(strategies["fields"], "id")
    assert ident["pattern"][0] == ID_PATTERN and "Lower-case letters" in ident["pattern"][1]
    status = by_name(strategies["fields"], "status")
    assert [o["value"] for o in status["options"]] == ["draft", "current", "superseded"]
    period = by_name(strategies["fields"], "period")
    start = by_name(period["fields"], "start")
    assert (start["min"], start["max"], start["value_type"]) == (1990, 2100, "int")
    objectives = by_name(strategies["fields"], "objectives")
    assert objectives["widget"] == "list" and objectives["min"] == 1
    # A theme for each objective is the check's rule (a draft may leave it for later).
    assert "min" not in by_name(objectives["fields"], "themes")
    source = by_name(strategies["fields"], "foreword")  # an optional record
    assert source["widget"] == "sosafe-object" and source["sosafe_required"] == ["body"]

    settings = collection(config, "settings")
    partnership = next(f for f in settings["files"] if f["name"] == "partnership")
    brand = by_name(partnership["fields"], "brand")
    assert by_name(brand["fields"], "colour")["pattern"][0] == r"^#(?:[0-9a-fA-F]{3}){1,2}$"
    sources = next(f for f in settings["files"] if f["name"] == "sources")
    url = by_name(by_name(sources["fields"], "documents")["fields"], "url")
    assert url["pattern"][0].startswith("^https?://")

    plans = collection(config, "progress")
    assert [f["name"] for f in plans["files"]] == ["2025-26", "2017-18"]  # newest first
    widget = plans["files"][0]["fields"][0]
    assert widget["widget"] == "sosafe-progress" and widget["progress_mode"] == "quarterly"
    assert [d["value"] for d in widget["documents"]] == list(content.documents)
    assert plans["files"][1]["fields"][0]["progress_mode"] == "to_date"


def test_a_bilingual_sites_texts_are_a_box_per_language() -> None:
    config = config_for("bilingual")
    updates = collection(config, "updates")
    title = by_name(updates["fields"], "title")
    assert title["widget"] == "sosafe-text" and title["languages"] == ["en", "cy"]
    assert title["multiline"] is False and title["required"] is True
    assert by_name(updates["fields"], "body")["multiline"] is True
    assert updates["slug"] == "{{year}}-{{month}}-{{day}}-{{fields.title.en}}"
    assert collection(config, "progress")["files"][0]["fields"][0]["languages"] == ["en", "cy"]
    # Ids, dates and references stay one value.
    strategy = by_name(collection(config, "strategies")["fields"], "id")
    assert strategy["widget"] == "string"


def test_a_site_without_a_plan_still_has_every_collection() -> None:
    config = config_for("strategy-only")
    progress = collection(config, "progress")
    assert "files" not in progress and progress["create"] is False
    assert [c["name"] for c in config["collections"]] == [
        "updates",
        "progress",
        "strategies",
        "action-plans",
        "case-studies",
        "figures",
        "funding",
        "meetings",
        "reports",
        "settings",
    ]


def test_the_admin_page_loads_only_the_sites_own_files() -> None:
    page = render_editor.admin_page("Testford CSP", "en")
    scripts = [p.name for p in render_editor.assets()]
    assert "decap-cms.js" in scripts and "sosafe-cms.js" in scripts
    for ref in ("sosafe-init.js", "decap-cms.js", "sosafe-cms.js", "sosafe-cms.css"):
        assert f'"{ref}"' in page and ref in scripts
    assert "//" not in page.replace("<!doctype", "")


def test_a_checkout_without_the_built_editor_says_how_to_build_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(render_editor, "ASSETS", tmp_path)
    with pytest.raises(render_editor.EditorUnavailable) as err:
        render_editor.assets()
    assert "run `make editor`" in str(err.value) and "editor: false" in str(err.value)


def test_editor_false_leaves_admin_out(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(FIXTURES / "one-of-each", src, ignore=shutil.ignore_patterns("expected"))
    config = (src / "mkdocs.yml").read_text(encoding="utf-8")
    (src / "mkdocs.yml").write_text(
        config.replace("  - sosafe\n", "  - sosafe:\n      editor: false\n      pdf: false\n")
    )
    out = mkdocs_build(src, tmp_path / "site")
    assert out.returncode == 0, out.stderr
    assert not (tmp_path / "site" / "admin").exists()
    assert (tmp_path / "site" / "index.html").exists()
    # The accessibility statement speaks of no editor the site does not have.
    statement = (tmp_path / "site" / "accessibility/index.html").read_text(encoding="utf-8")
    assert 'id="editor"' not in statement and "admin/" not in statement


def test_the_decap_server_a_new_site_pins_is_the_one_this_package_is_tested_with() -> None:
    ours = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    theirs = json.loads((STARTER / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert ours["decap-server"] == theirs["decap-server"] == DECAP_SERVER
    assert "content/.sosafe.lock" in (STARTER / "gitignore").read_text(encoding="utf-8").split()


# --- sosafe edit: what it needs -----------------------------------------------------------


def git_site(tmp_path: Path, name: str = "one-of-each") -> Path:
    src = tmp_path / "site"
    shutil.copytree(FIXTURES / name, src, ignore=shutil.ignore_patterns("expected"))
    for args in (("init", "-q", "-b", "main"), ("config", "user.email", "a@b.example")):
        subprocess.run(["git", "-C", str(src), *args], check=True)
    return src


def edit_in(
    src: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], path: str
) -> str:
    monkeypatch.chdir(src)
    monkeypatch.setenv("PATH", path)
    with pytest.raises(SystemExit) as stop:
        main(["edit", "--no-browser"])
    return str(stop.value)


def test_sosafe_edit_without_node_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = git_site(tmp_path)
    git = Path(shutil.which("git") or "/usr/bin/git").parent
    empty = tmp_path / "bin"
    empty.mkdir()
    (empty / "git").symlink_to(git / "git")
    assert edit_in(src, monkeypatch, capsys, str(empty)) == INSTALL_NODE


def test_sosafe_edit_without_decap_server_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = git_site(tmp_path)
    node = Path(shutil.which("node") or "/usr/bin/node").parent
    only = tmp_path / "bin"
    only.mkdir()
    for tool in ("node", "git"):
        (only / tool).symlink_to(Path(shutil.which(tool) or node / tool))
    assert edit_in(src, monkeypatch, capsys, str(only)) == INSTALL_DECAP


def test_sosafe_edit_outside_a_repository_says_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "site"
    shutil.copytree(FIXTURES / "one-of-each", src, ignore=shutil.ignore_patterns("expected"))
    (src / "node_modules" / ".bin").mkdir(parents=True)
    (src / "node_modules" / ".bin" / "decap-server").write_text("")
    message = edit_in(src, monkeypatch, capsys, str(Path(shutil.which("node") or "").parent))
    assert message.startswith("sosafe edit: ") and "is not a git repository" in message
    assert "git init" in message


def test_sosafe_edit_is_one_command(tmp_path: Path) -> None:
    out = run(str(BIN / "sosafe"), "edit", "--help")
    assert out.returncode == 0
    assert "--no-browser" in out.stdout and "--port" in out.stdout


# --- the local backend's checks -----------------------------------------------------------


def commit(repo: Path, message: str) -> None:
    who = ["-c", "user.name=Comms Officer", "-c", "user.email=comms@example.org"]
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), *who, "commit", "-q", "-m", message], check=True)


class Upstream:
    """A stand-in for decap-server: it writes and commits what it is asked to persist."""

    def __init__(self, repo: Path) -> None:
        self.calls: list[dict[str, Any]] = []
        calls, root = self.calls, repo

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                calls.append(body)
                if body["action"] == "persistEntry":
                    for f in body["params"]["dataFiles"]:
                        (root / f["path"]).write_text(f["raw"], encoding="utf-8")
                    commit(root, body["params"]["options"]["commitMessage"])
                data = json.dumps({"message": "entry persisted"}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1"


@pytest.fixture
def guarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Guard, Upstream, Path]]:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "site" / "content", repo / "content")
    (repo / ".gitignore").write_text("content/.sosafe.lock\n")
    subprocess.run(["git", "-C", str(repo), "init", "-q", "-b", "main"], check=True)
    commit(repo, "Start")
    monkeypatch.chdir(repo)  # `sosafe edit` runs in the site's folder
    upstream = Upstream(repo)
    origin = "http://127.0.0.1:8000"
    guard = Guard(repo, repo / "content", upstream.url, frozenset({origin}), "main")
    yield guard, upstream, repo
    upstream.server.shutdown()
    upstream.server.server_close()


ORIGIN = "http://127.0.0.1:8000"
THEMES = "content/themes.yml"


def persist(guard: Guard, path: str, raw: str, origin: str = ORIGIN) -> tuple[int, Any]:
    body = {
        "action": "persistEntry",
        "params": {
            "branch": "other",
            "dataFiles": [{"path": path, "raw": raw, "slug": "themes"}],
            "assets": [],
            "options": {"commitMessage": "Edited the themes", "useWorkflow": False},
        },
    }
    return guard.answer(origin, json.dumps(body).encode())


def expect(guard: Guard, path: str, base: str, raw: str) -> None:
    params = {"path": path, "base": sha256(base), "raw": sha256(raw)}
    assert (
        guard.answer(ORIGIN, json.dumps({"action": "sosafeExpect", "params": params}).encode())[0]
        == 200
    )


def test_a_save_from_another_page_is_refused(guarded: tuple[Guard, Upstream, Path]) -> None:
    guard, upstream, repo = guarded
    raw = (repo / THEMES).read_text(encoding="utf-8")
    status, _answer = persist(guard, THEMES, raw, origin="https://evil.example")
    assert status == 403 and upstream.calls == []


def test_a_save_the_check_refuses_is_not_written(guarded: tuple[Guard, Upstream, Path]) -> None:
    guard, upstream, repo = guarded
    before = (repo / THEMES).read_text(encoding="utf-8")
    status, answer = persist(guard, THEMES, before.replace("id: asb", "id: Bad Id", 1))
    assert status == 422 and upstream.calls == []
    assert answer["sosafe"] is True
    assert answer["problems"][0].startswith("content/themes.yml:2:9: themes[0].id:")
    assert (repo / THEMES).read_text(encoding="utf-8") == before


def test_a_save_that_passes_goes_to_the_branch_checked_out(
    guarded: tuple[Guard, Upstream, Path],
) -> None:
    guard, upstream, repo = guarded
    raw = (repo / THEMES).read_text(encoding="utf-8").replace("Nuisance behaviour.", "Nuisance.")
    assert persist(guard, THEMES, raw)[0] == 200
    assert upstream.calls[0]["params"]["branch"] == "main"  # not the one the page asked for
    assert (repo / THEMES).read_text(encoding="utf-8") == raw


def test_of_two_saves_made_on_one_version_the_second_is_refused(
    guarded: tuple[Guard, Upstream, Path],
) -> None:
    """Two editors merged their change onto the same version of the file, and both saves
    reach the backend: the first lands, the second would overwrite it and is refused."""
    guard, upstream, repo = guarded
    base = (repo / THEMES).read_text(encoding="utf-8")
    first = base.replace("Nuisance behaviour.", "First person's words.")
    second = base.replace("Abuse in the home.", "Second person's words.")
    expect(guard, THEMES, base, first)
    expect(guard, THEMES, base, second)
    assert persist(guard, THEMES, first)[0] == 200
    status, answer = persist(guard, THEMES, second)
    assert status == 409 and "saved by someone else a moment ago" in answer["error"]
    assert (repo / THEMES).read_text(encoding="utf-8") == first
    assert len(upstream.calls) == 1


def test_a_file_the_rest_needs_is_not_deleted(guarded: tuple[Guard, Upstream, Path]) -> None:
    guard, upstream, _repo = guarded
    body = {"action": "deleteFile", "params": {"branch": "main", "path": THEMES}}
    status, answer = guard.answer(ORIGIN, json.dumps(body).encode())
    assert status == 422 and upstream.calls == []
    assert any(
        "themes.yml" in line and "required file is missing" in line for line in answer["problems"]
    )


def test_only_content_files_are_saved(guarded: tuple[Guard, Upstream, Path]) -> None:
    guard, upstream, _ = guarded
    assert persist(guard, "../outside.yml", "x: 1\n")[0] == 400
    assert persist(guard, "mkdocs.yml", "x: 1\n")[0] == 400
    assert upstream.calls == []


def test_a_build_has_the_editor_and_the_statement_says_how_accessible_it_is(
    build_partnership: Callable[[str], tuple[Path, Path]],
) -> None:
    site = build_partnership("one-of-each")[1]
    config = json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "proxy"
    assert config["publish_mode"] == "editorial_workflow"
    assert (site / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    statement = (site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert 'href="../admin/"' in statement and "decap-cms/issues/1333" in statement


def test_an_upload_is_refused(guarded: tuple[Guard, Upstream, Path]) -> None:
    guard, upstream, _ = guarded
    body = {"action": "persistMedia", "params": {"branch": "main", "asset": {"path": "x.png"}}}
    status, answer = guard.answer(ORIGIN, json.dumps(body).encode())
    assert status == 400 and "docs/" in answer["error"] and upstream.calls == []
