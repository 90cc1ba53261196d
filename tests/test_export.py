"""Open data: `sosafe export DIR` and /data/ in the built site."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BIN, run

from sosafe_gen.content.check import load_content
from sosafe_gen.content.record import iter_actions
from sosafe_gen.site.datasets import datasets
from sosafe_gen.site.open_data import human_size, reload
from sosafe_gen.site.pages import Options

NAMES = [
    "updates",
    "strategies",
    "action-plans",
    "action-status",
    "case-studies",
    "figures",
    "funding",
    "meetings",
    "reports",
    "themes",
    "glossary",
    "sources",
    "partnership",
]


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture
def exported(fixture_site: Path, tmp_path: Path) -> Path:
    """`sosafe export` of the fixture partnership (the working directory is its copy)."""
    out = run(str(BIN / "sosafe"), "export", str(tmp_path / "data"), cwd=fixture_site)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"wrote {2 * len(NAMES) + 2} files to ")
    return tmp_path / "data"


def test_export_writes_every_dataset_as_json_and_csv_with_a_schema(exported: Path) -> None:
    assert sorted(p.name for p in exported.iterdir()) == sorted(
        [f"{n}.{ext}" for n in NAMES for ext in ("json", "csv")]
        + ["schema.json", "datapackage.json"]
    )
    schema = json.loads((exported / "schema.json").read_text())
    assert sorted(schema["properties"]) == sorted(NAMES)
    assert schema["properties"]["action-plans"] == {
        "description": schema["properties"]["action-plans"]["description"],
        "items": {"$ref": "#/$defs/ActionPlan"},
        "title": "Action-Plans",
        "type": "array",
    }
    assert {"ActionPlan", "Action", "Update", "PublishedSeries", "Strategy"} <= set(schema["$defs"])


def test_exported_json_reloads_to_the_same_records(exported: Path) -> None:
    content = load_content("content")
    sets = {d.name: d for d in datasets(content, Options())}
    for name, d in sets.items():
        assert reload(d, (exported / f"{name}.json").read_bytes()) == d.records, name
    # Records with nothing to withhold come back exactly as the content holds them.
    assert reload(sets["strategies"], (exported / "strategies.json").read_bytes()) == sorted(
        content.strategies.values(), key=lambda s: s.period.start
    )
    assert reload(sets["themes"], (exported / "themes.json").read_bytes()) == list(
        content.themes.values()
    )
    assert reload(sets["updates"], (exported / "updates.json").read_bytes()) == content.updates
    assert reload(sets["funding"], (exported / "funding.json").read_bytes()) == content.funding
    # Officers' names are withheld (the config does not show them); all else is equal.
    plans = reload(sets["action-plans"], (exported / "action-plans.json").read_bytes())
    assert "person" in (exported / "action-plans.json").read_text()
    assert all(lead.person is None for p in plans for _, _, a in iter_actions(p) for lead in a.lead)
    named = [
        lead
        for p in content.plans.values()
        for _, _, a in iter_actions(p)
        for lead in a.lead
        if lead.person
    ]
    assert named, "the fixture's plans name officers"
    for person in {lead.person for lead in named}:
        assert person not in (exported / "action-plans.json").read_text()
        assert person not in (exported / "action-plans.csv").read_text(encoding="utf-8-sig")


def test_csv_has_one_row_per_action(exported: Path) -> None:
    rows = read_csv(exported / "action-plans.csv")
    content = load_content("content")
    assert len(rows) == sum(1 for p in content.plans.values() for _ in iter_actions(p))
    row = next(r for r in rows if r["plan_id"] == "2025-26" and r["action_id"] == "1-1-a")
    assert row["Q1"] == "Talks given at two schools."
    assert row["Q4"] == ""
    assert row["themes"] == "drugs; asb"
    assert row["lead"] == "Police"  # the officer's name left out


def test_small_counts_of_people_are_suppressed_in_exports(
    fixture_site: Path, tmp_path: Path
) -> None:
    out = run(str(BIN / "sosafe"), "export", "out", cwd=fixture_site)
    assert out.returncode == 0, out.stderr
    rows = {r["label"]: r for r in read_csv(fixture_site / "out/figures.csv")}
    assert (rows["Boys"]["value"], rows["Boys"]["value_text"], rows["Boys"]["suppressed"]) == (
        "",
        "fewer than 5",
        "True",
    )
    assert (rows["Girls"]["value"], rows["Girls"]["value_text"]) == ("118", "118")
    series = next(
        s
        for s in json.loads((fixture_site / "out/figures.json").read_text())
        if s["id"] == "youth-attendance"
    )
    assert series["points"][1] == {
        "label": "Boys",
        "value": None,
        "period": None,
        "note": None,
        "value_text": "fewer than 5",
        "suppressed": True,
    }
    # The threshold comes from the config, as on the pages.
    cfg = fixture_site / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text().replace("  - sosafe\n", "  - sosafe:\n      small_count_threshold: 200\n")
    )
    assert run(str(BIN / "sosafe"), "export", "out", cwd=fixture_site).returncode == 0
    rows = {r["label"]: r for r in read_csv(fixture_site / "out/figures.csv")}
    assert rows["Girls"]["value"] == "" and rows["Girls"]["value_text"] == "fewer than 200"


def test_spreadsheet_formulas_in_text_are_neutralised(fixture_site: Path) -> None:
    themes = fixture_site / "content/themes.yml"
    themes.write_text(
        themes.read_text().replace(
            "description: Nuisance behaviour.", "description: \"=HYPERLINK('http://x','y')\""
        )
    )
    assert run(str(BIN / "sosafe"), "export", "out", cwd=fixture_site).returncode == 0
    row = read_csv(fixture_site / "out/themes.csv")[0]
    assert row["description"] == "'=HYPERLINK('http://x','y')"
    assert (
        json.loads((fixture_site / "out/themes.json").read_text())[0]["description"]
        == "=HYPERLINK('http://x','y')"
    )


def test_the_site_publishes_the_data_with_a_downloads_page(
    build_partnership: Callable[[str], tuple[Path, Path]], tmp_path: Path
) -> None:
    src, site = build_partnership("site")
    page = (site / "data/index.html").read_text()
    for name in NAMES:
        for ext in ("json", "csv"):
            data = site / "data" / f"{name}.{ext}"
            assert data.is_file()
            assert (
                f'<a href="{name}.{ext}">{name}.{ext}</a> ({human_size(data.stat().st_size)})'
                in page
            )
    assert (
        f'<a href="schema.json">schema.json</a> ({human_size((site / "data/schema.json").stat().st_size)})'
        in page
    )
    assert "fewer than 5" in page
    assert 'href="data/"' in (site / "index.html").read_text()  # in the navigation
    # The same bytes as `sosafe export`.
    assert run(str(BIN / "sosafe"), "export", str(tmp_path / "cli"), cwd=src).returncode == 0
    for f in (tmp_path / "cli").iterdir():
        assert (site / "data" / f.name).read_bytes() == f.read_bytes(), f.name


def test_export_of_bad_content_writes_nothing(fixture_site: Path) -> None:
    shutil.rmtree(fixture_site / "content/strategies")
    out = run(str(BIN / "sosafe"), "export", "out", cwd=fixture_site)
    assert out.returncode == 1
    assert "unknown strategy" in out.stderr
    assert not (fixture_site / "out").exists()
