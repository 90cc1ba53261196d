"""Open data: every dataset as JSON and CSV, plus a JSON Schema of the content model,
and each figure's CSV.

JSON holds whole records as the content model defines them, so it reloads into the same
models (tested as a round trip). CSV is one flat table per dataset for spreadsheets. Both
are *published* records: officers' names are left out unless the config shows them, and
small counts of people are suppressed exactly as on the pages.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..content import model as m
from ..content.fields import described
from ..content.i18n import N_
from ..content.record import ordered_points
from ..content.text import number
from .datasets import Dataset, datasets
from .pages import Page, Site
from .reference import STANDARD_SRC, plan_reference
from .standard import PACKAGE_FILE, STANDARD, STANDARD_VERSION, datapackage, package_bytes

DATA_DIR = "data"
SCHEMA_FILE = "schema.json"


# --- files -------------------------------------------------------------------------------------


def schema(sets: list[Dataset]) -> dict[str, Any]:
    """One JSON Schema: a property per dataset file, each an array of its records."""
    return copy.deepcopy(_schema(tuple((d.name, d.model, d.holds) for d in sets)))


@lru_cache(maxsize=8)
def _schema(sets: tuple[tuple[str, type[BaseModel], str], ...]) -> dict[str, Any]:
    # Cached: it depends only on the models, and building it was a tenth of a preview rebuild.
    fields: Any = {
        name.replace("-", "_"): (list[model], Field(alias=name, description=holds))
        for name, model, holds in sets
    }
    model = create_model("OpenData", __config__=ConfigDict(title="Open data"), **fields)
    out = described(model.model_json_schema(by_alias=True))
    out["description"] = "Each property describes the JSON file of the same name in /data/."
    return out


_RISKY = ("=", "+", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (OWASP: prefix with ')."""
    if isinstance(value, str) and (
        value.startswith(_RISKY) or (value.startswith("-") and value[1:2] not in (" ", ""))
    ):
        return "'" + value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def to_csv(d: Dataset) -> bytes:
    """The dataset's rows under its declared columns: the header is the same with no rows,
    and a row with a column the standard does not describe fails here, not in a reader."""
    buf = io.StringIO()
    columns = [c.name for c in d.columns]
    for row in d.rows[:1]:
        if list(row) != columns and set(row) != set(columns):
            extra = sorted(set(row) - set(columns))
            missing = sorted(set(columns) - set(row))
            raise ValueError(f"{d.name}.csv: undeclared columns {extra}, missing {missing}")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in d.rows:
        writer.writerow([safe_cell(row[c]) for c in columns])
    return buf.getvalue().encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8


def to_json(d: Dataset) -> bytes:
    """A JSON array with one record per line: readable in a diff, and written by json's
    C encoder (any `indent` falls back to the pure-Python one, several times slower)."""
    records = [json.dumps(r.model_dump(mode="json"), ensure_ascii=False) for r in d.records]
    body = ",\n".join(records)
    return (f"[\n{body}\n]\n" if records else "[]\n").encode("utf-8")


def reload(d: Dataset, data: bytes) -> list[BaseModel]:
    """Records read back from a JSON export (what a consumer with the schema gets)."""
    return [d.model.model_validate(r) for r in json.loads(data)]


def export_files(
    sets: list[Dataset],
    partnership: m.Partnership,
    site_url: str = "",
    use_directory_urls: bool = True,
) -> dict[str, bytes]:
    """Every file of /data/: each dataset as JSON and CSV, the JSON Schema, and the data
    package that describes them all (standard.py)."""
    files: dict[str, bytes] = {}
    for d in sets:
        files[f"{d.name}.json"] = to_json(d)
        files[f"{d.name}.csv"] = to_csv(d)
    files[SCHEMA_FILE] = (json.dumps(schema(sets), ensure_ascii=False, indent=1) + "\n").encode()
    package = datapackage(sets, files, partnership, SCHEMA_FILE, site_url, use_directory_urls)
    files[PACKAGE_FILE] = package_bytes(package)
    return files


FIGURE_CSV_HEADINGS = (N_("label"), N_("period"), N_("value"), N_("unit"), N_("note"))
"""A figure download's column headings, in the page's language."""


def figure_csv(
    series: m.Series,
    display: Callable[[m.Series, float], str],
    threshold: int,
    _: Callable[[str], str] = str,
) -> str:
    """A figure's values as CSV, with the same suppression as its page (a small count of
    people is written as the page writes it, "fewer than 5", never as its value)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([_(h) for h in FIGURE_CSV_HEADINGS])
    for p in ordered_points(series):
        hidden = series.people and p.value < threshold
        value = display(series, p.value) if hidden else number(p.value, grouping=False)
        writer.writerow([p.label, p.period or "", value, series.unit, p.note or ""])
    return buf.getvalue()


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def plan_open_data(site: Site) -> None:
    """The files under /data/, the downloads page that lists them with their sizes, and the
    standard's page that describes every column and field (reference.py)."""
    sets = datasets(site.content, site.options)
    o = site.options
    files = export_files(sets, site.content.partnership, o.site_url, o.use_directory_urls)
    plan_reference(site, sets, schema(sets))
    for name, data in files.items():
        site.assets[f"{DATA_DIR}/{name}"] = data.decode("utf-8")
    rows = [
        {
            "dataset": d,
            "words": d.words(site._, site.options.small_count_threshold),
            "count": len(d.records),
            "rows": len(d.rows),
            "json": f"{DATA_DIR}/{d.name}.json",
            "json_size": human_size(len(files[f"{d.name}.json"])),
            "csv": f"{DATA_DIR}/{d.name}.csv",
            "csv_size": human_size(len(files[f"{d.name}.csv"])),
        }
        for d in sets
    ]
    site.add(
        Page(
            f"{DATA_DIR}/index.md",
            "open_data",
            site._("Open data"),
            {
                "rows": rows,
                "schema": f"{DATA_DIR}/{SCHEMA_FILE}",
                "package": f"{DATA_DIR}/{PACKAGE_FILE}",
                "licence": site.content.partnership.licence,
                "package_size": human_size(len(files[PACKAGE_FILE])),
                "standard_page": STANDARD_SRC,
                "standard": STANDARD,
                "version": STANDARD_VERSION,
                "schema_size": human_size(len(files[SCHEMA_FILE])),
            },
            description=site._("Every dataset on this site as JSON and CSV, with a JSON Schema."),
        )
    )
