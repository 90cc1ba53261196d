"""The open data as a published standard: `data/datapackage.json`, a Frictionless Data
Package (v2) that names every file in /data/, describes each CSV with a Table Schema and
points each JSON file at its part of `schema.json`.

The standard has a semantic version. A change that can break a reader (a column or field
removed or renamed, a type changed, a value no longer allowed, a new required field) is a
new major version; a new optional field, column or dataset a new minor one; better words
a patch. `tests/test_datapackage.py` compares the standard's shape with the one recorded
for its version, so a change cannot land without its version. Everything in the package
is made from the model and the datasets' declared columns; nothing here lists a field.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..content import model as m
from ..content.text import slugify
from .datasets import Dataset

STANDARD = "csp-open-data"
"""The standard's name, in every package (`standard.name`)."""
STANDARD_VERSION = "1.0.0"
"""Its semantic version (`standard.version`); see the module's docstring for the rules."""
PACKAGE_FILE = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def partnership_id(p: m.Partnership) -> str:
    """The partnership's id: its own, or (the check gives every loaded partnership one) one
    made from its name in the site's first language (`SoSafe` → `sosafe`)."""
    return p.id or slugify(p.name)


def table_schema(d: Dataset) -> dict[str, Any]:
    """The CSV's Table Schema: its columns in order, typed and described; an empty cell is
    a missing value (no status, no quarter's progress)."""
    return {"fields": [c.table_field() for c in d.columns], "missingValues": [""]}


def _integrity(data: bytes) -> dict[str, Any]:
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def _resources(
    sets: list[Dataset], files: dict[str, bytes], schema_file: str
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in sets:
        words = d.words(str, 0)
        out.append(
            {
                "name": f"{d.name}-json",
                "type": "json",
                "path": f"{d.name}.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "title": d.title,
                "description": f"{d.holds} Whole records: a JSON array of `{d.model.__name__}`.",
                "jsonSchema": f"{schema_file}#/properties/{d.name}",
                **_integrity(files[f"{d.name}.json"]),
            }
        )
        out.append(
            {
                "name": f"{d.name}-csv",
                "type": "table",
                "path": f"{d.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": d.title,
                "description": f"{d.holds} One row per {words['row']}.",
                "dialect": {"header": True, "delimiter": ",", "lineTerminator": "\r\n"},
                "schema": table_schema(d),
                **_integrity(files[f"{d.name}.csv"]),
            }
        )
    out.append(
        {
            "name": "schema",
            "type": "json",
            "path": schema_file,
            "format": "json",
            "mediatype": "application/schema+json",
            "encoding": "utf-8",
            "title": "JSON Schema",
            "description": "The JSON Schema of the records: a property per JSON file.",
            **_integrity(files[schema_file]),
        }
    )
    return out


def datapackage(
    sets: list[Dataset],
    files: dict[str, bytes],
    partnership: m.Partnership,
    schema_file: str,
    site_url: str = "",
    use_directory_urls: bool = True,
) -> dict[str, Any]:
    """The package descriptor for the files in /data/ (`files`: each file's bytes)."""
    p = partnership
    homepage = site_url.rstrip("/") + "/" if site_url else None
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": partnership_id(p),
        "id": f"{homepage}data/{PACKAGE_FILE}" if homepage else None,
        "title": f"{p.full_name}: open data",
        "description": "The partnership's strategies, action plans, progress and delivery, "
        f"figures and records, published in the {STANDARD} standard.",
        "homepage": homepage,
        "version": None,
        "licenses": (
            [{"name": p.licence.name, "path": p.licence.url, "title": p.licence.title}]
            if p.licence
            else None
        ),
        "contributors": [{"title": p.full_name, "roles": ["publisher"]}],
        "keywords": ["community safety partnership", STANDARD],
        "standard": {"name": STANDARD, "version": STANDARD_VERSION},
        "partnership": {
            "id": partnership_id(p),
            "name": p.name,
            "full_name": p.full_name,
            "area": p.area,
            "area_codes": list(p.area_codes),
            "languages": list(p.languages),
            "pages": page_addresses(use_directory_urls),
        },
        "resources": _resources(sets, files, schema_file),
    }
    return {k: v for k, v in package.items() if v is not None}


def page_addresses(use_directory_urls: bool = True) -> dict[str, str]:
    """The site's page addresses (relative to its homepage) as templates, so an index can
    link each record back to its page without guessing the site's URL scheme."""
    index = "" if use_directory_urls else "index.html"
    page = "/" if use_directory_urls else ".html"
    return {
        "strategy": f"strategies/{{id}}/{index}",
        "plan": f"action-plans/{{id}}/{index}",
        "objective": f"strategies/{{strategy}}/objectives/{{id}}{page}",
        "theme": f"themes/{{id}}{page}",
    }


def package_bytes(package: dict[str, Any]) -> bytes:
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
