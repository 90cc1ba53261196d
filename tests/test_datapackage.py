"""The open data as a published standard: data/datapackage.json on every built site, checked
by the Frictionless tool and the JSON Schema; the standard's version held to its shape; the
standard's page generated from the model."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from html import unescape
from itertools import pairwise
from pathlib import Path

import jsonschema
import pytest
from conftest import BIN, PARTNERSHIPS, check_and_build, run
from standard_shape import SHAPES, bump_needed, shape, version_tuple

from sosafe_gen.content.check import load_content
from sosafe_gen.content.fields import undescribed
from sosafe_gen.site.standard import STANDARD, STANDARD_VERSION

SITES = ["content", *PARTNERSHIPS, "bilingual"]


def built(name: str, build_partnership: Callable, request: pytest.FixtureRequest) -> Path:
    if name == "content":
        return request.getfixturevalue("real_site")
    return build_partnership(name)[1]


@pytest.mark.parametrize("name", SITES)
def test_frictionless_validates_every_file_of_the_package(
    name: str, build_partnership: Callable, request: pytest.FixtureRequest
) -> None:
    data = built(name, build_partnership, request) / "data"
    out = run(str(BIN / "frictionless"), "validate", "--json", "datapackage.json", cwd=data)
    report = json.loads(out.stdout)
    problems = [f"{t['name']}: {e['message']}" for t in report["tasks"] for e in t["errors"][:3]]
    assert report["valid"] and out.returncode == 0, "\n".join(problems or [out.stderr])
    package = json.loads((data / "datapackage.json").read_text())
    # Every CSV and JSON file the site writes under data/ is a resource of the package.
    files = sorted(p.name for p in data.iterdir() if p.suffix in (".csv", ".json"))
    assert sorted([r["path"] for r in package["resources"]] + ["datapackage.json"]) == files
    # Frictionless checked each file's bytes and hash: each CSV against its Table Schema.
    checked = {t["name"]: t for t in report["tasks"]}
    assert set(checked) == {r["name"] for r in package["resources"]}
    tables = [t for t in report["tasks"] if t["type"] == "table"]
    assert len(tables) == len([f for f in files if f.endswith(".csv")])


@pytest.mark.parametrize("name", SITES)
def test_each_json_file_is_valid_against_its_part_of_the_schema(
    name: str, build_partnership: Callable, request: pytest.FixtureRequest
) -> None:
    data = built(name, build_partnership, request) / "data"
    package = json.loads((data / "datapackage.json").read_text())
    schema = json.loads((data / "schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    resources = [r for r in package["resources"] if "jsonSchema" in r]
    assert len(resources) == len(schema["properties"])
    for r in resources:
        file, _, pointer = r["jsonSchema"].partition("#")
        assert file == "schema.json"
        part = schema
        for key in pointer.strip("/").split("/"):
            part = part[key]
        validator = jsonschema.Draft202012Validator({**part, "$defs": schema["$defs"]})
        errors = [
            f"{list(e.absolute_path)}: {e.message}"
            for e in validator.iter_errors(json.loads((data / r["path"]).read_text()))
        ]
        assert not errors, f"{r['path']}: " + "\n".join(errors[:5])


def test_the_package_names_the_partnership_its_area_licence_and_standard(
    build_partnership: Callable,
) -> None:
    src, site = build_partnership("site")
    content = load_content(src / "content")
    p = content.partnership
    package = json.loads((site / "data/datapackage.json").read_text())
    assert package["name"] == p.id == "testford"
    assert package["standard"] == {"name": STANDARD, "version": STANDARD_VERSION}
    assert package["partnership"] == {
        "id": "testford",
        "name": p.name,
        "full_name": p.full_name,
        "area": p.area,
        "area_codes": p.area_codes,
        "languages": ["en"],
        "pages": {  # its pages' addresses, so an index links back without guessing them
            "strategy": "strategies/{id}/",
            "plan": "action-plans/{id}/",
            "objective": "strategies/{strategy}/objectives/{id}/",
            "theme": "themes/{id}/",
        },
    }
    assert package["licenses"] == [
        {
            "name": "OGL-UK-3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            "title": "Open Government Licence v3.0",
        }
    ]
    assert "homepage" not in package  # no site_url in the fixture's mkdocs.yml
    # A site with no id of its own is named from its short name; no area code is invented.
    new = json.loads((build_partnership("new")[1] / "data/datapackage.json").read_text())
    assert (new["name"], new["partnership"]["area_codes"]) == (
        "westbury-community-safety-partnership",
        [],
    )
    # Nor a licence: only the partnership can grant one, and the downloads page says so.
    assert "licenses" not in new
    page = (build_partnership("new")[1] / "data/index.html").read_text()
    assert "has not yet stated a licence for reusing it" in page
    assert "Open Government Licence" not in page


def test_an_empty_dataset_still_has_its_columns(build_partnership: Callable) -> None:
    site = build_partnership("new")[1]
    package = json.loads((site / "data/datapackage.json").read_text())
    updates = next(r for r in package["resources"] if r["name"] == "updates-csv")
    header = (site / "data/updates.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header == [",".join(f["name"] for f in updates["schema"]["fields"])]


BAD_PARTNERSHIP = [
    (
        "area_codes: [E07000999]",
        "area_codes: [E0700099]",
        "area_codes[0]",
        "'E0700099' is not an ONS GSS code",
        "write the area's code: E (England) or W (Wales) and eight digits, e.g. 'E07000243'",
    ),
    (
        "id: testford",
        "id: Testford CSP",
        "id",
        "'Testford CSP' is not a valid id",
        "use lower-case letters, digits and hyphens, e.g. 'domestic-abuse'",
    ),
]


@pytest.mark.parametrize(("old", "new", "path", "message", "hint"), BAD_PARTNERSHIP)
def test_a_bad_area_code_or_id_is_a_problem_at_its_place(
    fixture_site: Path, old: str, new: str, path: str, message: str, hint: str
) -> None:
    file = fixture_site / "content/partnership.yml"
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))
    line = next(n for n, t in enumerate(file.read_text().splitlines(), 1) if new in t)
    problems, _ = check_and_build(fixture_site / "content")
    col = new.index(new.split(": ", 1)[1].strip("[")) + 1
    assert problems == [f"content/partnership.yml:{line}:{col}: {path}: {message}\n  hint: {hint}"]


# --- the version follows the shape ------------------------------------------------------------


def test_the_standards_shape_is_the_one_recorded_for_its_version(
    build_partnership: Callable,
) -> None:
    """A change to what is published must come with its version: SOSAFE_UPDATE_EXPECTED=1
    records the shape of a new version (after raising STANDARD_VERSION as the change needs)."""
    data = build_partnership("site")[1] / "data"
    now = shape(data)
    recorded = SHAPES / f"{STANDARD_VERSION}.json"
    if os.environ.get("SOSAFE_UPDATE_EXPECTED") and not recorded.exists():
        recorded.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
    assert recorded.exists(), f"no shape recorded for {STANDARD_VERSION}"
    before = json.loads(recorded.read_text())
    needed = bump_needed(before, now)
    assert needed is None, (
        f"the published data changed ({needed[1]}) but the standard is still {STANDARD_VERSION}: "
        f"raise its {needed[0]} version in sosafe_gen/site/standard.py, then run the test "
        "with SOSAFE_UPDATE_EXPECTED=1 to record the new version's shape"
    )


def test_each_recorded_version_was_raised_as_its_change_needs() -> None:
    versions = sorted((p.stem for p in SHAPES.glob("*.json")), key=version_tuple)
    assert versions and versions[-1] == STANDARD_VERSION
    for old, new in pairwise(versions):
        needed = bump_needed(
            json.loads((SHAPES / f"{old}.json").read_text()),
            json.loads((SHAPES / f"{new}.json").read_text()),
        )
        o, n = version_tuple(old), version_tuple(new)
        if needed and needed[0] == "major":
            assert n[0] > o[0], f"{old} → {new}: {needed[1]} needs a new major version"
        elif needed:
            assert n[:2] > o[:2], f"{old} → {new}: {needed[1]} needs a new minor version"


def test_a_removed_column_needs_a_major_version_and_a_new_one_a_minor() -> None:
    base = {"columns": {"themes.csv": {"id": {"type": "string"}}}, "fields": {}}
    more = {
        "columns": {"themes.csv": {"id": {"type": "string"}, "x": {"type": "string"}}},
        "fields": {},
    }
    assert bump_needed(base, base) is None
    assert bump_needed(base, more) == ("minor", "themes.csv: column x added")
    assert bump_needed(more, base) == ("major", "themes.csv: column x removed")
    retyped = {"columns": {"themes.csv": {"id": {"type": "integer"}}}, "fields": {}}
    assert bump_needed(base, retyped) == ("major", "themes.csv: column id changed")


# --- the standard's page ------------------------------------------------------------------------


def test_the_standard_page_describes_every_column_and_field(build_partnership: Callable) -> None:
    site = build_partnership("site")[1]
    html = (site / "data/standard/index.html").read_text()
    package = json.loads((site / "data/datapackage.json").read_text())
    schema = json.loads((site / "data/schema.json").read_text())
    for r in package["resources"]:
        if r.get("type") != "table":
            continue
        table = _table(html, f"columns-{r['path'][:-4]}")
        for f in r["schema"]["fields"]:
            assert f"<code>{f['name']}</code>" in table, (r["path"], f["name"])
            assert _escaped(f["description"].split(" (A list")[0])[:40] in _plain(table)
    assert undescribed(schema) == [], "document each field with a docstring in the model"
    for name, definition in schema["$defs"].items():
        table = _table(html, f"fields-record-{name.lower()}")
        for field, prop in definition["properties"].items():
            assert f"<code>{field}</code>" in table, (name, field)
            assert prop["description"][:30].replace("`", "") in _plain(table), (name, field)
    # Linked from the downloads page, with the standard's version.
    downloads = (site / "data/index.html").read_text()
    assert f"{STANDARD} standard, version {STANDARD_VERSION}" in downloads
    assert 'href="standard/"' in downloads and 'href="datapackage.json"' in downloads


def test_the_welsh_standard_page_is_in_welsh_with_the_descriptions_marked_english(
    build_partnership: Callable,
) -> None:
    site = build_partnership("bilingual")[1]
    html = (site / "cy/data/standard/index.html").read_text()
    assert "<h1" in html and "Y safon data agored" in html
    assert '<td lang="en">' in html
    english = (site / "data/standard/index.html").read_text()
    assert '<td lang="en">' not in english
    # One partnership, one id: the Welsh package is named as the English one is.
    names = {
        json.loads((site / d / "datapackage.json").read_text())["name"] for d in ("data", "cy/data")
    }
    assert len(names) == 1


def _table(html: str, caption_id: str) -> str:
    start = html.index(f'id="{caption_id}"')
    return html[start : html.index("</table>", start)]


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def _escaped(text: str) -> str:
    return text.replace("`", "")
