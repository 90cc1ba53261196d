"""The CSV files' columns, described from the content model.

A column that holds a field of a record (`lead` is `Action.lead`) takes its type, its
constraints and its description from that field, so the table schema in
`data/datapackage.json` and the standard's page say what the model says. A column the
generator works out (a plan's period as `2024-25`, an action's reference) is described
where its dataset is made. The descriptions are the standard's, in English (as the JSON
Schema's are). Lists are written as one cell, their items separated by "; ".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from ..content.fields import SHARED


@dataclass(frozen=True)
class Column:
    """One CSV column as a Table Schema field."""

    name: str
    type: str
    """A Table Schema type: string, integer, number, boolean or date."""
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    """A Table Schema pattern (implicitly anchored, as XML Schema's are)."""
    list: bool = False
    """The cell holds a list, its items separated by "; "."""

    def table_field(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        out["description"] = self.description + (
            " (A list: items separated by “; ”.)" if self.list else ""
        )
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.pattern:
            constraints["pattern"] = self.pattern
        if constraints:
            out["constraints"] = constraints
        return out


def derived(name: str, description: str, type: str = "string", **kw: Any) -> Column:
    """A column the generator works out: not a field of one record."""
    return Column(name, type, description, **kw)


def field(model: type[BaseModel], name: str, column: str | None = None, **kw: Any) -> Column:
    """The column holding `model.name` (named `column` in the CSV), typed and described as
    the model's field is."""
    prop, required = _properties(model)[name], name in _required(model)
    nullable = False
    if "anyOf" in prop:
        kinds = [p for p in prop["anyOf"] if p.get("type") != "null"]
        nullable = len(kinds) < len(prop["anyOf"])
        prop = {**kinds[0], "description": prop.get("description")} if len(kinds) == 1 else prop
    kind = prop.get("type", "string")
    description = prop.get("description") or SHARED.get(name, "")
    if column and column != name and not prop.get("description"):
        # A shared description ("The title, ...") said of the record the column is from.
        description = f"{_words(model.__name__)}: {description[0].lower()}{description[1:]}"
    out: dict[str, Any] = {
        "type": _TYPES.get(kind, "string"),
        "description": description,
        "required": required and not nullable,
        "list": kind == "array",
    }
    if kind == "string" and prop.get("format") == "date":
        out["type"] = "date"
    if "enum" in prop:
        out["enum"] = tuple(prop["enum"])
    elif "const" in prop:
        out["enum"] = (prop["const"],)
    if kind == "string" and prop.get("pattern") and not prop["pattern"].startswith("^http"):
        out["pattern"] = prop["pattern"].removeprefix("^").removesuffix("$")
    out.update(kw)
    return Column(column or name, **out)


def fields(model: type[BaseModel]) -> tuple[Column, ...]:
    """A column for every field of a record, in the model's order (a flat record's CSV)."""
    return tuple(field(model, name) for name in model.model_fields)


def _words(name: str) -> str:
    """`ActionPlan` → `Action plan`."""
    spaced = "".join(f" {ch.lower()}" if ch.isupper() else ch for ch in name).strip()
    return spaced[:1].upper() + spaced[1:]


_TYPES = {"integer": "integer", "number": "number", "boolean": "boolean"}


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    out = model.model_json_schema()
    if "$ref" in out:  # a recursive record (a section holds sections) is a reference
        out = out["$defs"][out["$ref"].rsplit("/", 1)[-1]]
    return out


def _properties(model: type[BaseModel]) -> dict[str, Any]:
    return _schema(model)["properties"]


def _required(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(_schema(model).get("required", ()))


SOURCE_DOCUMENT = derived(
    "source_document", "The id of the document (sources.json) the record comes from."
)
PERIOD = derived("period", "The period it covers, as years: `2024-25`, `2025-28`.")
