"""The open data standard's page, `/data/standard/`: every file, column and field, each
described as the model describes it, so the page cannot drift from what is published.

The page is planned from the same datasets and JSON Schema the files are written from.
Its own words are the generator's (the catalogue, so a Welsh page is in Welsh); the
descriptions of fields and columns are the standard's, in English (as in the schema), and
marked so on a page in another language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..content.i18n import N_
from .datasets import Dataset
from .pages import Page, Site
from .standard import PACKAGE_FILE, STANDARD, STANDARD_VERSION

STANDARD_SRC = "data/standard.md"

TYPE_WORDS = {
    "string": N_("text"),
    "integer": N_("whole number"),
    "number": N_("number"),
    "boolean": N_("true or false"),
    "date": N_("date"),
}
"""A Table Schema or JSON type in words."""


def record_anchor(name: str) -> str:
    return f"record-{name.lower()}"


def _ref_name(prop: dict[str, Any]) -> str | None:
    ref = prop.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def json_type(prop: dict[str, Any], _: Callable[[str], str]) -> dict[str, Any]:
    """A JSON Schema property's type for the page: words, and the record it links to."""
    if "anyOf" in prop:
        kinds = [p for p in prop["anyOf"] if p.get("type") != "null"]
        null = len(kinds) < len(prop["anyOf"])
        if len(kinds) == 1:
            return {**json_type(kinds[0], _), "null": null}
        words = _("%(one)s or %(other)s") % {
            "one": ", ".join(json_type(k, _)["words"] for k in kinds[:-1]),
            "other": json_type(kinds[-1], _)["words"],
        }
        return {"words": words, "record": None, "null": null}
    record = _ref_name(prop)
    if record:
        return {"words": f"`{record}`", "record": record, "null": False}
    if "enum" in prop or "const" in prop:
        values = prop.get("enum", [prop.get("const")])
        words = _("one of: %(values)s") % {"values": ", ".join(f"`{v}`" for v in values)}
        return {"words": words, "record": None, "null": False}
    kind = prop.get("type")
    if kind == "array":
        inner = json_type(prop.get("items", {}), _)
        return {**inner, "words": _("list of %(items)s") % {"items": inner["words"]}}
    if kind == "object":
        inner = json_type(prop.get("additionalProperties") or {"type": "string"}, _)
        return {**inner, "words": _("mapping to %(values)s") % {"values": inner["words"]}}
    if kind == "string" and prop.get("format") == "date":
        kind = "date"
    words = _(TYPE_WORDS.get(kind or "string", TYPE_WORDS["string"]))
    return {"words": words, "record": None, "null": False}


def _reached(schema: dict[str, Any], start: str) -> Iterator[str]:
    """The records a dataset's record holds, itself first, each once (depth first)."""
    defs = schema["$defs"]
    seen: set[str] = set()
    stack = [start]
    while stack:
        name = stack.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        yield name
        refs = [r for p in defs[name].get("properties", {}).values() for r in _refs(p)]
        stack.extend(reversed(refs))


def _refs(prop: Any) -> Iterator[str]:
    if isinstance(prop, dict):
        name = _ref_name(prop)
        if name:
            yield name
        for v in prop.values():
            yield from _refs(v)
    elif isinstance(prop, list):
        for v in prop:
            yield from _refs(v)


def plan_reference(site: Site, sets: list[Dataset], schema: dict[str, Any]) -> Page:
    """The standard's page: the package, then each dataset's CSV columns and JSON record,
    then every record the JSON files hold, field by field."""
    _ = site._
    order: list[str] = []
    for d in sets:
        order.extend(n for n in _reached(schema, d.model.__name__) if n not in order)
    records = [
        {
            "name": name,
            "anchor": record_anchor(name),
            "fields": [
                {
                    "name": field,
                    "type": json_type(prop, _),
                    "description": prop.get("description", ""),
                }
                for field, prop in schema["$defs"][name].get("properties", {}).items()
            ],
        }
        for name in order
    ]
    datasets = [
        {
            "dataset": d,
            "words": d.words(_, site.options.small_count_threshold),
            "record": d.model.__name__,
            "columns": [
                {
                    "name": c.name,
                    "type_words": _(TYPE_WORDS[c.type]),
                    "required": c.required,
                    "enum": c.enum,
                    "list": c.list,
                    "description": c.description,
                }
                for c in d.columns
            ],
        }
        for d in sets
    ]
    return site.add(
        Page(
            STANDARD_SRC,
            "standard",
            _("The open data standard"),
            {
                "standard": STANDARD,
                "version": STANDARD_VERSION,
                "package": f"data/{PACKAGE_FILE}",
                "datasets": datasets,
                "records": records,
                "english": site.lang != "en",
            },
            description=_(
                "Every file, column and field of this site's open data, as the "
                "%(standard)s standard, version %(version)s, defines them."
            )
            % {"standard": STANDARD, "version": STANDARD_VERSION},
        )
    )
