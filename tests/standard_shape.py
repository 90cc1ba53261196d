"""The open data standard's shape, as a reader depends on it: each CSV's columns (type and
constraints) and each JSON record's fields (type, required). Descriptions are left out: new
words are a patch. `bump_needed` says which part of the version a change to it needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHAPES = Path(__file__).parent / "standard"
"""One recorded shape per released version of the standard: `<version>.json`."""


def shape(data: Path) -> dict[str, Any]:
    package = json.loads((data / "datapackage.json").read_text())
    schema = json.loads((data / "schema.json").read_text())
    columns = {
        r["path"]: {
            f["name"]: {k: v for k, v in f.items() if k not in ("name", "description")}
            for f in r["schema"]["fields"]
        }
        for r in package["resources"]
        if r.get("type") == "table"
    }
    fields = {
        f"{record}": {
            name: {
                "type": _strip(prop),
                "required": name in definition.get("required", ()),
            }
            for name, prop in definition.get("properties", {}).items()
        }
        for record, definition in schema["$defs"].items()
    }
    fields["(files)"] = {name: {"type": _strip(p)} for name, p in schema["properties"].items()}
    return {"columns": columns, "fields": fields}


def _strip(value: Any) -> Any:
    """A JSON Schema without its words (descriptions, titles, defaults' text)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("description", "title")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def bump_needed(before: dict[str, Any], now: dict[str, Any]) -> tuple[str, str] | None:
    """("major" | "minor", what changed) for the first change a reader would notice, the
    breaking ones first; None when the shape is the same."""
    minor: list[str] = []
    for part in ("columns", "fields"):
        old, new = before.get(part, {}), now.get(part, {})
        for table in sorted(set(old) | set(new)):
            if table not in new:
                return "major", f"{table} removed"
            if table not in old:
                minor.append(f"{table} added")
                continue
            word = "column" if part == "columns" else "field"
            for name in sorted(set(old[table]) | set(new[table])):
                a, b = old[table].get(name), new[table].get(name)
                if b is None:
                    return "major", f"{table}: {word} {name} removed"
                if a is None:
                    if b.get("required"):
                        return "major", f"{table}: required {word} {name} added"
                    minor.append(f"{table}: {word} {name} added")
                elif a != b:
                    return "major", f"{table}: {word} {name} changed"
    return ("minor", minor[0]) if minor else None


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))
