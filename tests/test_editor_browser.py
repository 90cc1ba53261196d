"""The browser editor end to end: Chromium (Playwright) at /admin/, `sosafe edit` serving the
preview and decap-server (git mode) on a temporary clone of a partnership.

Saving straight to the site (`editor: {publish_mode: simple}`), a comms officer creates an
update (a draft), publishes it (unticks draft), and records Q4 progress and a status on an
action through the forms; then the commits are those three, each naming its change, and
nothing else, `sosafe check` passes, a strict build shows the update and the progress, and
the plan file is exactly what `sosafe progress` writes. On the fixture site, the bilingual
fixture (both languages) and a copy of the real content. Every request the editor makes goes
to this computer (127.0.0.1: the preview and the local backend).

In the editorial workflow (the default, one session on the fixture site for the rest), a
saved change is a draft branch with its message until it is marked ready and published.

The editor's screens are checked with axe (WCAG 2.2 A/AA): none of our widgets, page or
styles may have a violation; Decap's own are counted and must be only those the
accessibility statement lists. The forms refuse what the check refuses, and two editors
saving the same plan never lose an edit.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BIN, FIXTURES, ROOT, mkdocs_build
from playwright.sync_api import expect

from sosafe_gen.content.check import load_content
from sosafe_gen.content.record import iter_actions
from sosafe_gen.edit.init import STARTER
from sosafe_gen.edit.progress import Recorded, record_progress

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
NODE_BIN = ROOT / "node_modules" / ".bin"
PROGRESS = "Leaflets handed out at two more schools: the last three."
WELSH = "Taflenni wedi’u rhannu mewn dwy ysgol arall."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clone(source: Path, dest: Path, backend_port: int, publish_mode: str | None = None) -> Path:
    """A partnership's site as a git repository of its own: its content, docs and config
    (the editor's backend on a free port, no PDFs, and the publish mode if given: else the
    editorial workflow), `sosafe init`'s .gitignore, one commit."""
    dest.mkdir(parents=True)
    for name in ("content", "docs"):
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name)
    (dest / "docs").mkdir(exist_ok=True)
    config = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = []
    for p in config["plugins"]:
        name, opts = (p, {}) if isinstance(p, str) else next(iter(p.items()))
        if name == "sosafe":
            opts = {**(opts or {}), "pdf": False, "editor_port": backend_port}
            if publish_mode:
                opts["editor"] = {"publish_mode": publish_mode}
        plugins.append({name: opts} if opts else name)
    config["plugins"] = plugins
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    shutil.copy(STARTER / "gitignore", dest / ".gitignore")
    git(dest, "init", "-q", "-b", "main")
    git(dest, "config", "user.name", "Comms Officer")
    git(dest, "config", "user.email", "comms@example.org")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Start")
    return dest


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


@dataclass
class Session:
    src: Path
    url: str
    workflow: bool = True
    """Saves are drafts until published (the default), else each save is on main."""
    log: list[str] = field(default_factory=list)
    editor: Any = None
    """The editor's page open in the browser, for a screenshot if a test fails."""


@contextmanager
def sosafe_edit(src: Path, workflow: bool = True) -> Iterator[Session]:
    """`sosafe edit --no-browser` in the clone, until its address is printed."""
    port = free_port()
    env = {**os.environ, "PATH": f"{NODE_BIN}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.Popen(
        [str(BIN / "sosafe"), "edit", "--no-browser", "--port", str(port)],
        cwd=src,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    session = Session(src, f"http://127.0.0.1:{port}/", workflow)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            session.log.append(line)
            if line.startswith("The editor is at"):
                assert f"{session.url}admin/" in line
                saves = proc.stdout.readline()  # where a save goes, in the session's words
                session.log.append(saves)
                draft = "Each saved change is a draft (a branch cms/…)"
                assert saves.startswith(draft if workflow else "Each save is a commit on main")
                break
        else:
            pytest.fail("sosafe edit stopped:\n" + "".join(session.log))
        yield session
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        assert proc.stdout is not None
        session.log += proc.stdout.readlines()
        proc.stdout.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


CSP_LISTENER = """document.addEventListener('securitypolicyviolation', (e) =>
  window.sosafeViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""
"""Every Content-Security-Policy violation on a page, told to the test (a binding and an
init script: neither is the page's own script, so the policy does not stop them)."""


class Editor:
    """One person at /admin/: the page, every host it sent a request to, and every
    violation of the editor's Content-Security-Policy (none, checked when it closes)."""

    def __init__(self, browser: Any, session: Session, width: int = 1280) -> None:
        self.session = session
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.hosts: set[str] = set()
        self.context.on("request", lambda r: self.hosts.add(r.url.split("/")[2].split(":")[0]))
        self.violations: list[str] = []
        self.context.expose_function("sosafeViolation", lambda v: self.violations.append(v))
        self.context.add_init_script(CSP_LISTENER)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def login(self) -> None:
        self.page.goto(self.session.url + "admin/")
        self.page.get_by_role("button", name="Login").click()
        self.page.get_by_role("heading", name="Collections").wait_for()

    def open(self, route: str) -> None:
        """An editor screen, by way of the collections (Decap loads an entry only when its
        editor opens anew, as it does when a person comes from a list)."""
        self.page.goto(f"{self.session.url}admin/#/")
        self.page.get_by_role("heading", name="Collections").wait_for()
        self.page.goto(f"{self.session.url}admin/#/collections/{route}")

    def publish(self) -> str:
        """Publish (save) the entry open; the commit it made."""
        before = git(self.session.src, "rev-parse", "HEAD").strip()
        self.page.get_by_role("button", name="Publish").first.click()
        self.page.get_by_text("Publish now").click()
        end = time.monotonic() + 60
        while time.monotonic() < end:
            head = git(self.session.src, "rev-parse", "HEAD").strip()
            if head != before:
                self.page.get_by_text("Entry saved").last.wait_for()
                return head
            time.sleep(0.3)
        pytest.fail("the save made no commit:\n" + "".join(self.session.log[-20:]))

    def save(self) -> str:
        """Save the entry open as a draft (the editorial workflow); the commit it made on
        the entry's draft branch."""
        before = drafts(self.session.src)
        self.page.get_by_role("button", name="Save", exact=True).click()
        end = time.monotonic() + 60
        while time.monotonic() < end:
            now = drafts(self.session.src)
            if now != before:
                self.page.get_by_text("Entry saved").last.wait_for()
                return next(
                    commit for branch, commit in now.items() if before.get(branch) != commit
                )
            time.sleep(0.3)
        pytest.fail("the save made no commit:\n" + "".join(self.session.log[-20:]))

    def set_status(self, current: str, status: str) -> None:
        self.page.get_by_role("button", name=f"Status: {current}").click()
        self.page.get_by_role("menuitem", name=status).click()
        expect(self.page.get_by_role("button", name=f"Status: {status}")).to_be_visible()

    def toolbar(self) -> None:
        """Until the entry's toolbar is there (Save in the workflow, Publish saving to main)."""
        name = re.compile("^(Save|Publish)")
        self.page.get_by_role("button", name=name).first.wait_for()

    def close(self) -> None:
        self.context.close()
        # The whole visit ran under the editor's own policy (render/csp.py ADMIN_SOURCES).
        assert self.violations == [], self.violations


def drafts(repo: Path) -> dict[str, str]:
    """The editorial workflow's draft branches and the commit each is at."""
    out = git(repo, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/cms")
    return dict(line.split(" ", 1) for line in out.splitlines())


def field(page: Any, label: str) -> Any:
    """A form field by its label as Decap shows it (an optional one's ends "(optional)")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(optional\))?$"))


def fill_bilingual(page: Any, label: str, texts: dict[str, str]) -> None:
    """A text in each language: English in the field's own box, Welsh in the one beside."""
    field(page, label).fill(texts["en"])
    if "cy" in texts:
        page.get_by_label(f"{label}: Welsh", exact=True).fill(texts["cy"])


def pick_theme(page: Any, title: str) -> None:
    field(page, "Themes").click()
    page.keyboard.type(title)
    page.keyboard.press("Enter")


def action_for_test(content_dir: Path) -> tuple[str, str]:
    """The current plan and its first action with progress but none in Q4 and no status."""
    content = load_content(content_dir)
    plan = content.current_plan() or next(iter(content.plans.values()))
    action = next(
        a for _, _, a in iter_actions(plan) if "Q4" not in (a.progress or {}) and not a.status
    )
    return plan.id, action.id


def update_text(bilingual: bool, draft: bool, theme: str) -> str:
    title = "{en: Editor test update, cy: Diweddariad prawf}" if bilingual else "Editor test update"
    summary = (
        "\n  en: One sentence for the list.\n  cy: Un frawddeg i’r rhestr."
        if bilingual
        else " One sentence for the list."
    )
    body = "The body of the update.\n\nA second paragraph."
    if bilingual:
        body += "\n\n<!-- cy -->\n\nCorff y diweddariad."
    return (
        f"---\ntitle: {title}\ndate: 2026-03-01\nthemes: [{theme}]\n"
        f"summary:{summary}\ndraft: {'true' if draft else 'false'}\n---\n\n{body}\n"
    )


def run_the_comms_officers_edits(browser: Any, session: Session, bilingual: bool) -> None:
    src = session.src
    plan_id, action_id = action_for_test(src / "content")
    expected = session.src.parent / "expected"
    shutil.copytree(src / "content", expected)
    start = git(src, "rev-parse", "HEAD").strip()
    ed = Editor(browser, session)
    ed.login()
    page = ed.page
    session.editor = ed
    theme_id, theme = next((t.id, t.title) for t in load_content(src / "content").themes.values())

    # A news update, created as a draft (its form, with a box per language, in axe first).
    ed.open("updates/new")
    field(page, "Title").wait_for()
    assert [v for v in axe_violations(page) if v["ours"]] == []
    fill_bilingual(
        page,
        "Title",
        {"en": "Editor test update"} | ({"cy": "Diweddariad prawf"} if bilingual else {}),
    )
    field(page, "Date").fill("2026-03-01")
    pick_theme(page, theme)
    fill_bilingual(
        page,
        "Summary",
        {"en": "One sentence for the list."}
        | ({"cy": "Un frawddeg i’r rhestr."} if bilingual else {}),
    )
    fill_bilingual(
        page,
        "Text",
        {"en": "The body of the update.\n\nA second paragraph."}
        | ({"cy": "Corff y diweddariad."} if bilingual else {}),
    )
    ed.publish()
    update = src / "content" / "updates" / "2026-03-01-editor-test-update.md"
    assert update.read_text(encoding="utf-8") == update_text(bilingual, draft=True, theme=theme_id)

    # Published: draft unticked (once the new entry has opened at its own address).
    page.wait_for_url("**/entries/2026-03-01-editor-test-update")
    draft = page.get_by_role("switch", name=re.compile("Draft"))
    expect(draft).to_have_attribute("aria-checked", "true")
    draft.click()
    expect(draft).to_have_attribute("aria-checked", "false")
    ed.publish()
    assert update.read_text(encoding="utf-8") == update_text(bilingual, draft=False, theme=theme_id)

    # Q4 progress and a status on one action of the current plan.
    ed.open(f"progress/entries/{plan_id}")
    box = page.locator(f"fieldset[data-action='{action_id}']")
    box.wait_for()
    assert [v for v in axe_violations(page) if v["ours"]] == []
    if bilingual:
        box.get_by_label("Q4 (English)").fill(PROGRESS)
        box.get_by_label("Q4 (Welsh)").fill(WELSH)
    else:
        box.get_by_label("Q4", exact=True).fill(PROGRESS)
    box.get_by_label("Status", exact=True).select_option("done")
    assert box.get_by_label("Recorded in quarter").input_value() == "Q4"
    ed.publish()

    # The files and commits: these three, nothing else (no lock file, no build output), each
    # naming what changed.
    ref, period = action_ref(src / "content", plan_id, action_id)
    log = git(src, "log", "--format=%s", f"{start}..HEAD").splitlines()
    assert log == [
        f"Q4 progress on action {ref} of the {period} plan; status: done",
        "Edited update: Editor test update",
        "New update: Editor test update",
    ]
    assert git(src, "status", "--porcelain") == ""
    changed = git(src, "diff", "--name-only", start, "HEAD").split()
    assert changed == [
        f"content/action-plans/{plan_id}.yml",
        "content/updates/2026-03-01-editor-test-update.md",
    ]

    # The plan as `sosafe progress 2024-25 1-1-a Q4 "…" --status done` writes it.
    record_progress(
        expected, plan_id, action_id, "Q4", PROGRESS, Recorded("done"), WELSH if bilingual else None
    )
    plan_file = f"action-plans/{plan_id}.yml"
    assert (src / "content" / plan_file).read_text(encoding="utf-8") == (
        expected / plan_file
    ).read_text(encoding="utf-8")
    diff = git(src, "diff", "-U0", "HEAD~1", "HEAD", "--", f"content/{plan_file}")
    added = [
        line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")
    ]
    assert 2 <= len(added) <= 4 and not any(
        line.startswith("-") and not line.startswith("---") for line in diff.splitlines()
    )

    assert ed.hosts == {"127.0.0.1"}, ed.hosts
    assert ed.errors == []
    ed.close()


def check_and_build(src: Path, bilingual: bool, plan_id: str, action_id: str) -> None:
    load_content(src / "content")  # `sosafe check` passes
    out = mkdocs_build(src, src.parent / "built")
    assert out.returncode == 0, out.stderr
    site = src.parent / "built"
    page = (site / "updates" / "editor-test-update" / "index.html").read_text(encoding="utf-8")
    assert "Editor test update" in page and "The body of the update." in page
    plan = (site / "action-plans" / plan_id / "index.html").read_text(encoding="utf-8")
    block = plan[plan.index(f'id="action-{action_id}"') :][:20000]
    assert "Leaflets handed out at two more schools: the last three." in block
    assert "<strong>Done</strong>" in block
    if bilingual:
        cy = (site / "cy" / "updates" / "editor-test-update" / "index.html").read_text(
            encoding="utf-8"
        )
        assert "Diweddariad prawf" in cy and "Corff y diweddariad." in cy
        cy_plan = (site / "cy" / "action-plans" / plan_id / "index.html").read_text(
            encoding="utf-8"
        )
        assert WELSH in cy_plan


@pytest.mark.parametrize("name", ["site", "bilingual", "content"])
def test_a_comms_officer_publishes_an_update_and_records_progress(
    browser: Any, tmp_path: Path, name: str
) -> None:
    source = ROOT if name == "content" else FIXTURES / name
    src = clone(source, tmp_path / "repo", free_port(), publish_mode="simple")
    bilingual = name == "bilingual"
    plan_id, action_id = action_for_test(src / "content")
    with sosafe_edit(src, workflow=False) as session:
        run_the_comms_officers_edits(browser, session, bilingual)
        # The preview shows the saves (mkdocs serve rebuilds on each).
        preview = _wait_for_page(session.url + "updates/editor-test-update/", "Editor test update")
        assert "The body of the update." in preview
    check_and_build(src, bilingual, plan_id, action_id)


def _wait_for_page(url: str, text: str, timeout: float = 120) -> str:
    import urllib.request

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as res:
                body = res.read().decode("utf-8")
                if text in body:
                    return body
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"{url} never showed {text!r}")


# --- the forms refuse what the check refuses ----------------------------------------------


def set_text(locator: Any, text: str) -> None:
    """Replace a box's text as a person does (select all, type), so React sees each change."""
    locator.click()
    locator.press("ControlOrMeta+a")
    locator.press("Backspace")
    if text:
        locator.press_sequentially(text)


def refused(ed: Editor, message: str) -> None:
    """Saving the entry open is refused with `message` on screen, and nothing is saved: no
    commit, on main or on a draft."""
    page = ed.page
    before = git(ed.session.src, "rev-parse", "HEAD").strip(), drafts(ed.session.src)
    if ed.session.workflow:
        page.get_by_role("button", name="Save", exact=True).click()
    else:
        page.get_by_role("button", name="Publish").first.click()
        page.get_by_text("Publish now").click()
    expect(page.get_by_text(re.compile(re.escape(message), re.IGNORECASE)).first).to_be_visible()
    time.sleep(0.5)
    assert (git(ed.session.src, "rev-parse", "HEAD").strip(), drafts(ed.session.src)) == before
    assert git(ed.session.src, "status", "--porcelain") == ""


ID_HINT = "Lower-case letters, digits and hyphens"


def test_the_forms_refuse_what_the_check_refuses(browser: Any, site_session: Session) -> None:
    """Each kind of form, with the edge values the check has rules for: refused in the form
    (required, pattern, allowed values, bounds, a date that does not exist), or, for a rule
    between fields, refused by the check when saving, with its own `file:line:col` line."""
    ed = Editor(browser, site_session)
    ed.login()
    page = ed.page
    alerts: list[str] = []

    def dialog(d: Any) -> None:  # leaving a form with changes asks to confirm; scripts alert
        if d.type == "alert":
            alerts.append(d.message)
        d.accept()

    page.on("dialog", dialog)

    # An update: a title is required; a date that does not exist cannot be written; a theme
    # not in themes.yml cannot be chosen; a source needs its document once filled in.
    ed.open("updates/new")
    field(page, "Date").fill("2026-03-01")
    fill_bilingual(page, "Text", {"en": 'Body <img src=x onerror="alert(1)">'})
    refused(ed, "Title is required")
    date = field(page, "Date")
    date.fill("2026-02-30")  # the date box holds only real dates
    assert date.input_value() != "2026-02-30"
    date.fill("2026-03-01")
    field(page, "Themes").click()
    page.keyboard.type("not-a-theme")
    expect(page.get_by_text("No options")).to_be_visible()
    page.keyboard.press("Escape")
    fill_bilingual(page, "Title", {"en": "A title"})
    set_text(field(page, "Section").first, "4.1")
    refused(ed, "Source document: needed once Source is filled in")

    # A strategy: an id that cannot be an address; a year out of range; the period's order,
    # which only the check knows, refused as it writes it.
    ed.open("strategies/entries/2015-18")
    set_text(field(page, "Id").first, "Bad Id")
    refused(ed, f"Id didn't match the pattern: {ID_HINT}")
    set_text(field(page, "Id").first, "2015-18")
    set_text(field(page, "First year").first, "1800")
    refused(ed, "First year must be between 1990 and 2100")
    set_text(field(page, "First year").first, "2030")
    refused(ed, "period.start must not be after period.end")
    expect(page.locator("#sosafe-notice")).to_contain_text("content/strategies/2015-18.yml:")

    # Progress: a status must say where it comes from.
    ed.open("progress/entries/2025-26")
    box = page.locator("fieldset[data-action='1-1-b']")
    box.get_by_label("Status", exact=True).select_option("in-progress")
    box.get_by_label("Recorded in quarter").select_option("")
    refused(ed, "the status needs the quarter it was recorded in, or the document that says it")

    # Lists the model needs at least one of: a case study's themes, a figure's values.
    ed.open("case-studies/entries/2015-18")
    page.get_by_role("button", name="Show or hide this item").first.click()
    themes = field(page, "Themes").first
    themes.click()
    themes.press("Backspace")  # the one theme it has
    refused(ed, "Themes is required")

    # The partnership: a colour must be a colour, and dark enough for white text (the check).
    ed.open("settings/entries/partnership")
    colour = field(page, "Main colour").first
    set_text(colour, "#12")
    refused(ed, "A colour as web pages write it")
    set_text(colour, "#ffff00")
    refused(ed, "contrast")

    # A source document's link is a web address, never a script.
    ed.open("settings/entries/sources")
    page.get_by_role("button", name="Show or hide this item").first.click()
    set_text(field(page, "Web address").first, "javascript:alert(1)")
    refused(ed, "A web address starting https://")

    # The other forms, each with a rule of its own: a required text left empty, an id that
    # cannot be an address, a number box that holds only numbers.
    for route, label, value, message in [
        ("action-plans/entries/2025-26", "Title", "", "Title is required"),
        ("meetings/entries/2018-03-27-committee", "Committee", "", "Committee is required"),
        ("reports/entries/cabinet-2025", "Id", "cabinet 2025", "Id didn't match the pattern"),
        ("settings/entries/themes", "Id", "Domestic Abuse", "Id didn't match the pattern"),
        ("settings/entries/glossary", "Term", "", "Term is required"),
        ("funding/entries/2025", "Recipient", "", "Recipient is required"),
        ("figures/entries/2025", "Title", "", "Title is required"),
    ]:
        ed.open(route)
        ed.toolbar()
        opener = page.get_by_role("button", name="Show or hide this item")
        if route.split("/")[0] in ("settings", "funding", "figures"):
            opener.first.click()
        set_text(field(page, label).first, value)
        refused(ed, message)
    number = field(page, "Amount (a number)")
    ed.open("funding/entries/2025")
    page.get_by_role("button", name="Show or hide this item").first.click()
    number.first.fill("")
    number.first.press_sequentially("twelve")
    assert number.first.input_value() == ""  # a number box takes no letters

    assert alerts == [], "a script in a text ran in the editor's preview"
    # Behind Decap's sanitised preview, the editor's policy: wherever the payload's onerror=
    # handler reaches the page, it is refused (a violation, and no alert above).
    handlers = [v for v in ed.violations if v.startswith("script-src-attr inline ")]
    ed.violations[:] = [v for v in ed.violations if v not in handlers]
    assert ed.hosts == {"127.0.0.1"}
    ed.close()


@pytest.fixture(scope="module")
def site_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """One editing session on the fixture site, for the tests that need no fresh clone."""
    src = clone(FIXTURES / "site", tmp_path_factory.mktemp("editor") / "repo", free_port())
    with sosafe_edit(src) as session:
        yield session


def test_two_editors_saving_one_plan_never_lose_an_edit(
    browser: Any, site_session: Session
) -> None:
    """Three people open the same plan. The first saves (a draft of the change); the
    second's save, on another action, is merged with it (both land on the draft); the third
    changed the value the first changed, so the save is refused with the value named, and
    the draft keeps the first person's text. Main has none of it until it is published."""
    src = site_session.src
    path = "content/action-plans/2025-26.yml"
    draft = "cms/progress/2025-26"
    main = git(src, "rev-parse", "main")
    editors = [Editor(browser, site_session) for _ in range(3)]
    boxes = []
    for ed in editors:
        ed.login()
        ed.open("progress/entries/2025-26")
        boxes.append(ed.page.locator("fieldset[data-action='1-1-c']"))
        boxes[-1].wait_for()
    first, second, third = editors
    try:
        boxes[0].get_by_label("Q4", exact=True).fill("Two youth workers trained.")
        first.save()
        other = second.page.locator("fieldset[data-action='3-1-a']")
        other.get_by_label("Q4", exact=True).fill("Second person's progress.")
        second.save()
        text = git(src, "show", f"{draft}:{path}")
        assert "Two youth workers trained." in text and "Second person's progress." in text
        diff = git(src, "diff", "-U0", f"{draft}~1", draft, "--", path)
        assert [x for x in diff.splitlines() if x[:1] in "+-" and x[:3] not in ("+++", "---")] == [
            "+              Q4: Second person's progress."
        ]

        boxes[2].get_by_label("Q4", exact=True).fill("A third, different text.")
        before = drafts(src)
        third.page.get_by_role("button", name="Save", exact=True).click()
        notice = third.page.locator("#sosafe-notice")
        expect(notice).to_contain_text("Someone else saved this file since you opened it")
        expect(notice).to_contain_text("Action 1-1-c: progress › Q4")
        assert drafts(src) == before
        assert "A third, different text." not in git(src, "show", f"{draft}:{path}")
        assert git(src, "rev-parse", "main") == main
        assert "Two youth workers trained." not in (src / path).read_text(encoding="utf-8")
        load_content(src / "content")
    finally:
        for ed in editors:
            ed.close()
        if draft in drafts(src):  # the other tests start from no draft
            git(src, "branch", "-D", draft)


def action_ref(content_dir: Path, plan_id: str, action_id: str) -> tuple[str, str]:
    """An action as a commit message names it ("1.1 a") and its plan ("2025/26")."""
    plan = load_content(content_dir).plans[plan_id]
    aim, action = next((aim, a) for _, aim, a in iter_actions(plan) if a.id == action_id)
    letter = re.sub(r"[()).\s]", "", action.ref or "")
    return " ".join(
        x for x in (aim.number or "", letter or action.id) if x
    ), plan.period.slash_label


def test_a_change_is_a_draft_until_it_is_published(browser: Any, site_session: Session) -> None:
    """The editorial workflow, as `sosafe edit` runs it by default: a saved change is the
    branch `cms/<collection>/<slug>`, each save a commit naming what changed, and main does
    not have it; the workflow shows it as a draft, then ready; publishing it puts it on main
    as one commit under the change's message, and the branch is gone."""
    src = site_session.src
    plan_id, action_id = action_for_test(src / "content")
    ref, period = action_ref(src / "content", plan_id, action_id)
    path = f"content/action-plans/{plan_id}.yml"
    draft = f"cms/progress/{plan_id}"
    main = git(src, "rev-parse", "main").strip()
    ed = Editor(browser, site_session)
    session = site_session
    session.editor = ed
    page = ed.page
    ed.login()
    ed.open(f"progress/entries/{plan_id}")
    box = page.locator(f"fieldset[data-action='{action_id}']")
    box.get_by_label("Q4", exact=True).fill(PROGRESS)
    ed.save()
    progress = f"Q4 progress on action {ref} of the {period} plan"
    assert git(src, "log", "--format=%s", f"main..{draft}").splitlines() == [progress]
    assert git(src, "diff", "--name-only", f"main...{draft}").split() == [path]
    assert git(src, "rev-parse", "main").strip() == main
    assert PROGRESS not in (src / path).read_text(encoding="utf-8")
    expect(page.get_by_role("button", name="Status: Draft")).to_be_visible()

    # A second save on the same draft: a status, its own commit and message.
    box.get_by_label("Status", exact=True).select_option("in-progress")
    ed.save()
    status = f"Status of action {ref} of the {period} plan: in progress"
    assert git(src, "log", "--reverse", "--format=%s", f"main..{draft}").splitlines() == [
        progress,
        status,
    ]
    ed.set_status("Draft", "In review")
    ed.set_status("In review", "Ready")
    assert git(src, "config", f"branch.{draft}.description").strip() == "decap-cms/pending_publish"

    # The workflow's board shows it ready. The board and the entry's workflow controls (its
    # status menu open) have no axe violation, ours or Decap's.
    found = {"entry": axe_violations(page)}
    page.get_by_role("button", name="Status: Ready").click()
    found["status menu"] = axe_violations(page)
    page.keyboard.press("Escape")
    page.goto(f"{session.url}admin/#/workflow")
    ready = page.locator("[class*='ColumnHeader']", has_text="Ready").locator("..")
    expect(ready.get_by_text(plan_title(src, plan_id))).to_be_visible()
    found["board"] = axe_violations(page)
    assert {k: v for k, v in found.items() if v} == {}

    # Published: one commit on main, under the change's message, and no draft left.
    ed.open(f"progress/entries/{plan_id}")
    page.once("dialog", lambda d: d.accept())  # "Are you sure you want to publish this entry?"
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    end = time.monotonic() + 60
    while git(src, "rev-parse", "main").strip() == main and time.monotonic() < end:
        time.sleep(0.3)
    assert git(src, "log", "--format=%B", f"{main}..main").strip() == f"{progress}\n\n{status}"
    assert git(src, "rev-parse", "main~1").strip() == main
    assert draft not in drafts(src)
    text = (src / path).read_text(encoding="utf-8")
    assert PROGRESS in text
    assert git(src, "status", "--porcelain") == ""
    load_content(src / "content")
    assert ed.hosts == {"127.0.0.1"} and ed.errors == []
    ed.close()


def plan_title(src: Path, plan_id: str) -> str:
    return str(load_content(src / "content").plans[plan_id].title)


# --- the editor's screens in axe ----------------------------------------------------------

AXE_RUN = """async () => {
  const out = await axe.run(document, {runOnly: {type: 'tag', values:
    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']});
  return out.violations.flatMap(v => v.nodes.map(n => {
    let el = null;
    try { el = document.querySelector(n.target[0]); } catch (e) {}
    const ours = n.target[0] === 'html' || !!(el && el.closest('[class*="sosafe-"], #sosafe-notice'));
    return {rule: v.id, target: n.target.join(' '), ours};
  }));
}"""
"""Each violation node of WCAG 2.2 A/AA, and whether it is ours (our page, widgets, notice)."""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.base import AXE_FILE_PATH

    if not page.evaluate("typeof axe !== 'undefined'"):
        load_axe(page, AXE_FILE_PATH)
    # Colours are judged once nothing is fading in or out (Decap's notices animate): axe
    # mid-animation reads a half-transparent colour, a failure of timing, not of the page.
    page.wait_for_function(SETTLED)
    return page.evaluate(AXE_RUN)


SETTLED = """() => document.getAnimations().every(
  (a) => a.playState !== "running" || a.effect?.getComputedTiming().endTime === Infinity)"""


def load_axe(where: Any, path: Any) -> None:
    """axe-core into the page or frame as the test's own code (evaluated), not a <script>
    of the page: the editor's policy lets no inline script run, not even the checker's."""
    where.evaluate(Path(path).read_text(encoding="utf-8") + "\n;window.axe = axe;")


def in_frame(frame: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.base import AXE_FILE_PATH

    load_axe(frame, AXE_FILE_PATH)
    return [v | {"ours": True} for v in frame.evaluate(AXE_RUN)]  # the preview is ours


EDITOR_SCREENS = [
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


def test_the_editors_screens_have_no_axe_violations(browser: Any, site_session: Session) -> None:
    """Login, each collection's list, an entry's form in each, a new update, the preview of
    an update and the refused-save notice: 0 violations, ours or Decap's (whose grey text,
    Publish button, preview frame and list controls this package's CSS and script mend)."""
    ed = Editor(browser, site_session)
    page = ed.page
    found: dict[str, list[dict[str, Any]]] = {}
    page.goto(site_session.url + "admin/")
    page.get_by_role("button", name="Login").wait_for()
    found["login"] = axe_violations(page)
    page.get_by_role("button", name="Login").click()
    for name in EDITOR_SCREENS:
        ed.open(name)
        entry = page.locator("a[href*='/entries/']").first
        entry.wait_for()
        found[f"{name} list"] = axe_violations(page)
        href = entry.get_attribute("href")
        ed.open(href.split("/collections/", 1)[1])
        ed.toolbar()
        opener = page.get_by_role("button", name="Show or hide this item")
        if opener.count():
            opener.first.click()  # a list item open, with the fields inside
        page.wait_for_timeout(500)
        found[f"{name} form"] = axe_violations(page)
        if name == "updates":
            frame = page.frame_locator("#preview-pane").locator("h1").first
            frame.wait_for()
            preview = next(f for f in page.frames if f != page.main_frame)
            found["update preview"] = in_frame(preview)
    ed.open("updates/new")
    ed.toolbar()
    found["new update form"] = axe_violations(page)
    ed.open("strategies/entries/2015-18")
    set_text(field(page, "First year").first, "2030")
    refused(ed, "period.start must not be after period.end")
    found["refused save notice"] = axe_violations(page)
    ours = {k: v for k, v in found.items() if any(x["ours"] for x in v)}
    theirs = {k: v for k, v in found.items() if any(not x["ours"] for x in v)}
    assert ours == {}, ours
    assert theirs == {}, theirs
    assert len(found) == 2 * len(EDITOR_SCREENS) + 4
    ed.close()


def test_the_published_editor_asks_no_other_host(browser: Any, build_partnership: Callable) -> None:
    """The built site's /admin/ opened from the site's own address (not this computer's):
    no request to any other host, not even this computer's backend, and the page says how to
    use the editor, with no axe violation."""
    from sosafe_gen.adapters.audit.server import serve

    _, site = build_partnership("site")
    config = json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")
    page_html = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page_html)
    published = "https://safer.testford.example"
    with serve(site) as base:
        context = browser.new_context()
        # The published address, answered from the built site; anything else is only seen.
        context.route(
            f"{published}/**",
            lambda route: route.fulfill(
                response=route.fetch(url=route.request.url.replace(published + "/", base))
            ),
        )
        hosts: set[str] = set()
        context.on("request", lambda r: hosts.add(r.url.split("/")[2]))
        violations: list[str] = []
        context.expose_function("sosafeViolation", lambda v: violations.append(v))
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.goto(f"{published}/admin/")
        expect(page.get_by_role("heading", name="The editor runs on your computer")).to_be_visible()
        page.wait_for_timeout(1000)
        assert hosts == {"safer.testford.example"}
        assert axe_violations(page) == []
        assert violations == []  # the editor's own policy, as published
        context.close()
