"""The preview (`mkdocs serve`) builds again only the pages a content edit changed, and what
it serves after each edit is what a full build of the same content makes.

The session runs in this process as `mkdocs serve` runs it (the plugin's on_startup and
on_serve, serve.py's builder); the full build it is compared with is the same session's
build with its memory dropped, which is what the preview did on every save before. Every
file of the site is compared byte for byte, sitemap.xml.gz decompressed (its header holds
the time it was written).
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from mkdocs.commands import serve
from mkdocs.config import load_config

URL = "http://127.0.0.1:8000/"


class _Server:
    """What the plugin's on_serve uses of MkDocs' LiveReloadServer."""

    def __init__(self, builder: Callable[[], None], watched: list[str]) -> None:
        self.builder = builder
        self._watched_paths = dict.fromkeys(watched, 1)

    def watch(self, path: str) -> None:
        self._watched_paths[path] = 1


class Session:
    """`mkdocs serve` of a project, its site in `site`: `save()` is a rebuild after a save."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.plugin: Any = config.plugins["sosafe"]
        self._build()  # the first build, before on_serve (as serve.py does)
        server = _Server(self._build, [config.docs_dir, str(project / "mkdocs.yml")])
        config.plugins.on_serve(server, config=config, builder=self._build)
        self.rebuild: Callable[[], None] = server.builder

    def _config(self) -> Any:
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = URL
        return config

    def _build(self) -> None:
        serve.build(self._config(), serve_url=URL, dirty=False)  # as serve.py's builder

    def files(self) -> dict[str, bytes]:
        found = {}
        for path in sorted(self.site.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                found[path.relative_to(self.site).as_posix()] = (
                    gzip.decompress(data) if path.suffix == ".gz" else data
                )
        return found

    def full(self) -> dict[str, bytes]:
        """The site as a full build of the same content makes it (the session then carries
        on from that build)."""
        self.plugin.preview.built = None
        self.rebuild()
        assert not self.plugin.preview.incremental
        return self.files()

    def close(self) -> None:
        self.plugin.on_startup(command="build", dirty=False)  # the plugin object is shared


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """One preview of a copy of the fixture partnership for the whole module: each test
    edits it and leaves its edit in (a full build is always the reference)."""
    work = tmp_path_factory.mktemp("preview")
    project = work / "project"
    shutil.copytree(FIXTURES / "site", project)
    shutil.rmtree(project / "expected")
    started = Session(project, work / "site")
    yield started
    started.close()


def _edit(session: Session, name: str, old: str, new: str) -> None:
    path = session.project / "content" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _assert_same(served: dict[str, bytes], full: dict[str, bytes]) -> None:
    assert sorted(served) == sorted(full)
    differ = [name for name in full if served[name] != full[name]]
    assert not differ, f"the preview differs from a full build in {differ[:10]}"


EDITS = [
    ("strategies/2025-28.yml", "title: New Strategy 2025-28", "title: New Strategy Zebrafinch"),
    ("action-plans/2025-26.yml", "title: Action Plan 2025/26", "title: Action Plan Zebrafinch"),
    ("themes.yml", "title: Antisocial behaviour", "title: Antisocial Zebrafinch behaviour"),
    ("glossary.yml", "text: antisocial behaviour", "text: antisocial zebrafinch behaviour"),
    ("partnership.yml", "description: A fixture partnership.", "description: A Zebrafinch one."),
    ("figures/2025.yml", "title: Change in recorded crime", "title: Zebrafinch change in crime"),
    ("case-studies/2015-18.yml", "title: Street Meets", "title: Street Zebrafinch Meets"),
    ("meetings/2018-03-27-committee.yml", "title: Committee, 27", "title: Zebrafinch, 27"),
    ("reports/cabinet-2025.yml", "title: Cabinet report on", "title: Zebrafinch report on"),
    ("sources.yml", "title: Old Strategy 2015-18", "title: Old Zebrafinch 2015-18"),
    ("funding/2025.yml", 'amount_text: "£12,000"', 'amount_text: "£12,345"'),
    (
        "updates/2024-11-18-safer-parks-week-2024.md",
        "title: Safer Parks Week 2024",
        "title: Safer Zebrafinch Week 2024",
    ),
]


@pytest.mark.parametrize(("name", "old", "new"), EDITS, ids=[e[0].split("/")[0] for e in EDITS])
def test_an_edit_of_each_kind_of_file_shows_as_a_full_build_shows_it(
    session: Session, name: str, old: str, new: str
) -> None:
    before = session.files()
    _edit(session, name, old, new)
    session.rebuild()
    assert session.plugin.preview.incremental
    served = session.files()
    assert served != before, "the edit changed nothing the preview shows"
    _assert_same(served, session.full())


def test_an_edit_builds_only_the_pages_it_changed(session: Session) -> None:
    before = session.files()
    _edit(session, "case-studies/2015-18.yml", "title: Street", "title: Quiet Street")
    session.rebuild()
    preview = session.plugin.preview
    assert preview.incremental and not preview.everything
    served = session.files()
    changed = {n for n in served if served[n] != before.get(n) and n.endswith(".html")}
    pages = {n for n in served if n.endswith(".html")}
    assert changed and len(changed) < len(pages) / 2
    _assert_same(served, session.full())


def test_the_search_index_and_nav_show_the_edit(session: Session) -> None:
    _edit(session, "strategies/2025-28.yml", "title: New Strategy", "title: Kingfisher Strategy")
    session.rebuild()
    index = json.loads((session.site / "search/search_index.json").read_text(encoding="utf-8"))
    found = {d["location"] for d in index["docs"] if "Kingfisher" in d["title"] + d["text"]}
    assert any(loc.startswith("strategies/2025-28/") for loc in found)
    # Pages not built again still have their own entries, and the nav keeps every title.
    assert any(d["location"].startswith("themes/") for d in index["docs"])
    home = (session.site / "index.html").read_text(encoding="utf-8")
    for title in ("Strategies", "Action plans", "Themes"):
        assert f"{title}\n" in home or f"{title}<" in home or f" {title} " in home
    _assert_same(session.files(), session.full())


def test_a_content_error_keeps_the_last_good_pages(session: Session) -> None:
    good = session.files()
    path = session.project / "content" / "action-plans" / "2025-26.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("period: {start: 2025", "period: {start: [", 1), encoding="utf-8")
    session.rebuild()
    assert session.files() == good
    path.write_text(text.replace("title: Action Plan", "title: Mended Plan", 1), encoding="utf-8")
    session.rebuild()
    served = session.files()
    assert "Mended Plan" in served["action-plans/2025-26/index.html"].decode()
    _assert_same(served, session.full())


def test_a_change_outside_the_content_builds_everything(session: Session) -> None:
    index = session.project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nHeron.\n", encoding="utf-8")
    session.rebuild()
    assert not session.plugin.preview.incremental
    assert "Heron." in (session.site / "index.html").read_text(encoding="utf-8")
