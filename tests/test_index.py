"""`sosafe index`: the national index built from the fixture partnerships' data packages
(and a fresh `sosafe init` site's), one of them broken; every count derived from the
fixtures' own content."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from conftest import BIN, PARTNERSHIPS, ROOT, run

from sosafe_gen.content.check import load_content
from sosafe_gen.content.delivery import tally
from sosafe_gen.content.record import Content, action_themes, iter_actions
from sosafe_gen.render.status import status_sentence
from sosafe_gen.site.standard import partnership_id

SITE_URL = "https://{}.example/"


def broken_copy(data: Path, dest: Path) -> str:
    """A copy of a package with a status no reader accepts, its hash made to match (so the
    record's check, not the integrity check, is what fails); returns the problem's value."""
    shutil.copytree(data, dest)
    package = json.loads((dest / "datapackage.json").read_text())
    package["name"] = "broken"
    plans = dest / "action-plans.json"
    text = plans.read_text()
    assert '"status": null' in text
    text = text.replace('"status": null', '"status": {"value": "finished", "quarter": "Q1"}', 1)
    plans.write_text(text)
    for r in package["resources"]:
        if r["path"] == "action-plans.json":
            r["bytes"] = len(text.encode())
            r["hash"] = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    (dest / "datapackage.json").write_text(json.dumps(package))
    return text


@pytest.fixture(scope="session")
def index(tmp_path_factory: pytest.TempPathFactory, build_partnership: Callable) -> dict:
    """The fixture partnerships and a broken package, indexed once a session."""
    where = tmp_path_factory.mktemp("index")
    entries, contents = [], {}
    for name in PARTNERSHIPS:
        src, site = build_partnership(name)
        content = load_content(src / "content")
        pid = partnership_id(content.partnership)
        contents[pid] = content
        entries.append({"source": str(site / "data"), "site": SITE_URL.format(pid)})
    text = broken_copy(build_partnership("site")[1] / "data", where / "broken")
    entries.append(str(where / "broken"))
    registry = where / "partnerships.yml"
    registry.write_text(json.dumps({"title": "Fixture partnerships", "partnerships": entries}))
    out = run(str(BIN / "sosafe"), "index", str(registry), "-o", str(where / "site"), cwd=where)
    return {
        "run": out,
        "site": where / "site",
        "contents": contents,
        "broken": text,
        "where": where,
    }


def test_the_index_builds_and_leaves_the_broken_package_out(index: dict) -> None:
    out = index["run"]
    assert out.returncode == 0, out.stderr
    n = len(PARTNERSHIPS)
    assert out.stdout == f"built the index of {n} partnerships in site/ (1 left out: see above)\n"
    line = (
        index["broken"]
        .splitlines()
        .index(next(x for x in index["broken"].splitlines() if '"finished"' in x))
        + 1
    )
    lines = out.stderr.splitlines()
    assert (
        lines[0]
        == "sosafe index: broken/datapackage.json: left out: its data package fails the checks:"
    )
    assert re.match(
        rf"sosafe index:   broken/action-plans.json:{line}:1: records\[{line - 2}\]\.sections\[\d+\]"
        rf"\.aims\[\d+\]\.actions\[\d+\]\.status\.value: Input should be 'planned', .* \(got \"finished\"\)$",
        lines[1],
    ), lines[1]
    home = (index["site"] / "index.html").read_text()
    assert "Left out" in home and "finished" in unescape(home)
    assert not (index["site"] / "partnerships/broken").exists()


def _rows(html: str, caption: str, raw: bool = False) -> list[list[str]]:
    start = html.index(f'id="{caption}"')
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    return [
        [
            c if raw else unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def expected_themes(contents: dict[str, Content]) -> dict[str, tuple[int, int, int]]:
    """Each theme id: partnerships with it, prioritising it, actions with it in current plans."""
    out: dict[str, list[int]] = {}
    for c in contents.values():
        strategy, plan = c.current_strategy(), c.current_plan()
        for tid in c.themes:
            row = out.setdefault(tid, [0, 0, 0])
            row[0] += 1
            row[1] += bool(strategy and any(tid in o.themes for o in strategy.objectives))
            row[2] += sum(1 for r in iter_actions(plan) if tid in action_themes(*r)) if plan else 0
    return {k: tuple(v) for k, v in out.items()}


def test_each_theme_across_partnerships_with_counts_from_the_fixtures(index: dict) -> None:
    html = (index["site"] / "themes/index.html").read_text()
    expected = expected_themes(index["contents"])
    shown = {}
    for cell, *counts in _rows(html, "themes-caption", raw=True):
        link = re.fullmatch(r'<a href="([^"]+)/">[^<]+</a>', cell)
        assert link, cell
        shown[link.group(1)] = tuple(int(x) for x in counts)
    assert shown == expected
    assert any(v[0] > 1 for v in expected.values()), "the fixtures share some theme ids"


def test_a_theme_page_says_who_prioritises_it_since_when_with_what_actions(index: dict) -> None:
    contents = index["contents"]
    for tid in expected_themes(contents):
        html = unescape((index["site"] / f"themes/{tid}/index.html").read_text())
        for pid, c in contents.items():
            strategy, plan = c.current_strategy(), c.current_plan()
            objectives = [o for o in strategy.objectives if tid in o.themes] if strategy else []
            if objectives:
                row = next(
                    r for r in _rows(html, "prioritised-caption") if r[0] == c.partnership.name
                )
                run_ = []
                for s in sorted(c.strategies.values(), key=lambda s: -s.period.start):
                    if s.period.start > strategy.period.start:
                        continue
                    if not any(tid in o.themes for o in s.objectives):
                        break
                    run_.insert(0, s)
                assert row[1].startswith(f"{run_[0].period.start} ("), (tid, pid, row)
                for o in objectives:
                    url = f"{SITE_URL.format(pid)}strategies/{strategy.id}/objectives/{o.id}/"
                    assert f'<a href="{url}">{o.title}</a>' in html
            actions = (
                [a for r in iter_actions(plan) if tid in action_themes(*r) for a in [r[2]]]
                if plan
                else []
            )
            if actions:
                assert status_sentence(tally(actions)) in html, (tid, pid)
                for a in actions:
                    url = f"{SITE_URL.format(pid)}action-plans/{plan.id}/#action-{a.id}"
                    assert f'<a href="{url}">' in html, (tid, pid, a.id)


def test_each_partnership_page_shows_its_current_strategy_plan_and_delivery(index: dict) -> None:
    for pid, c in index["contents"].items():
        html = unescape((index["site"] / f"partnerships/{pid}/index.html").read_text())
        assert c.partnership.full_name in html
        strategy, plan = c.current_strategy(), c.current_plan()
        if strategy:
            assert (
                f'<a href="{SITE_URL.format(pid)}strategies/{strategy.id}/">{strategy.title}</a>'
                in html
            )
        else:
            assert "Its data publishes no current strategy." in html
        if plan:
            assert status_sentence(tally(a for *_, a in iter_actions(plan))) in html
        else:
            assert "Its data publishes no current action plan." in html
    delivery = (index["site"] / "delivery/index.html").read_text()
    with_plans = [c for c in index["contents"].values() if c.current_plan()]
    assert len(_rows(delivery, "delivery-caption")) == len(with_plans)


def test_search_covers_every_page(index: dict) -> None:
    docs = json.loads((index["site"] / "search/search_index.json").read_text())["docs"]
    pages = {d["location"].split("#")[0] for d in docs}
    for pid in index["contents"]:
        assert f"partnerships/{pid}/" in pages
    for tid in expected_themes(index["contents"]):
        assert f"themes/{tid}/" in pages


def test_the_project_it_writes_builds_the_same_index_from_the_last_good_copies(
    index: dict,
) -> None:
    """`mkdocs build` of the project `sosafe index` leaves beside the registry: no fetching."""
    project = index["where"] / ".sosafe-index" / "project" / "mkdocs.yml"
    again = index["where"] / "again"
    out = run(str(BIN / "mkdocs"), "build", "--strict", "-f", str(project), "-d", str(again))
    assert out.returncode == 0, out.stderr
    pages = sorted(p.relative_to(index["site"]) for p in index["site"].rglob("index.html"))
    assert sorted(p.relative_to(again) for p in again.rglob("index.html")) == pages
    assert (again / "index.html").read_text().count("Left out") >= 1


def test_a_bad_registry_is_a_problem_at_its_place(tmp_path: Path) -> None:
    registry = tmp_path / "partnerships.yml"
    registry.write_text("title: Index\npartnerships:\n  - {source: a, nmae: A}\n")
    out = run(
        str(BIN / "sosafe"), "index", str(registry), "-o", str(tmp_path / "out"), cwd=tmp_path
    )
    assert out.returncode == 1
    assert out.stderr.splitlines()[:2] == [
        "partnerships.yml:3:17: partnerships[0].nmae: unknown field",
        "  hint: did you mean 'name'?",
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.browser
def test_the_index_passes_the_accessibility_audit(index: dict) -> None:
    report = index["where"] / "audit.json"
    out = run(
        str(BIN / "sosafe"),
        "audit",
        str(index["site"]),
        "--report",
        str(report),
        "--vnu",
        str(ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"),
        cwd=index["where"],
    )
    assert out.returncode == 0, out.stdout + out.stderr
    data = json.loads(report.read_text())
    assert all(not c["failures"] for c in data["checks"])
    assert data["sensitive"]["pages"], "the sensitive themes' pages carry the quick exit"
