"""What the fields many records share mean, for the published schema and the open data
standard's page.

A field's own docstring in the model says what it means in that record; the names below
mean the same wherever they appear, so they are said once here instead of on every record
(`source` is on 21 of them). `described` fills them into a JSON Schema; a test fails on
any published field left without a description, so a new field is documented as it lands.
"""

from __future__ import annotations

from typing import Any

SHARED: dict[str, str] = {
    "id": "The record's id: lower-case letters, digits and hyphens, stable across "
    "releases (it is the last part of the record's page address).",
    "title": "The title, as the source document gives it.",
    "source": "Where the record comes from: a document in sources.json and a section or "
    "page of it.",
    "themes": "Ids of the themes (themes.json) the record is tagged with.",
    "text": "The wording, as the source document gives it (Markdown where it has links or "
    "emphasis).",
    "number": "The number the source document gives it.",
    "note": "A note in the source's words that qualifies the record.",
    "period": "The time the record covers: years as `start`/`end`, or words as the source "
    "writes them.",
    "body": "The text, in Markdown.",
    "description": "What it is, in plain words (Markdown).",
    "date": "The date, as the source gives it (ISO 8601 where it is a full date).",
    "status": "Whether the document is in force: `draft`, `current` or `superseded`.",
    "sections": "The document's parts, in order, each with a title and text.",
    "name": "The name.",
    "objective": "The id of the strategy objective (in strategies.json) it serves.",
    "published": "When it was published, in the source's words.",
    "aims": "The aims, in order.",
    "unconfirmed": "What an import proposed and a person has still to confirm (`themes`, "
    "or `objective`: that the heading is one); a document carrying any stays a draft.",
    "report": "The id of the report (reports.json) that presented it.",
    "phone": "A telephone number.",
    "url": "A web address (http or https).",
    "summary": "A short summary, in Markdown.",
    "strategy": "The id of the strategy (strategies.json) it belongs to.",
    "introduction": "The introduction, in Markdown.",
    "plan": "The id of an action plan (action-plans.json).",
    "members": "Who is on it.",
    "contact": "How to get in touch.",
    "role": "A role or job title.",
    "actions": "The actions, in order.",
    "items": "The points of a list, in order (Markdown).",
    "kind": "What kind of document it is, in the source's words.",
    "value": "The value.",
    "start": "The first year.",
    "end": "The last year (the same as the first for one year).",
    "document": "The id of a document in sources.json.",
    "section": "A section of the document, as the document numbers or names it.",
    "page": "A page of the document.",
    "label": "What the value is of: a year, a period or a category, in the source's words.",
}
"""Descriptions by field name, for the fields whose docstring would say the same in every
record; a record's own docstring wins."""


def described(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema with every property that has no description given the shared one
    (changed in place, and returned)."""
    for definition in schema.get("$defs", {}).values():
        for name, prop in definition.get("properties", {}).items():
            if "description" not in prop and name in SHARED:
                prop["description"] = SHARED[name]
    return schema


def undescribed(schema: dict[str, Any]) -> list[str]:
    """`Record.field` for every property of a JSON Schema without a description."""
    return [
        f"{record}.{name}"
        for record, definition in schema.get("$defs", {}).items()
        for name, prop in definition.get("properties", {}).items()
        if "description" not in prop
    ]
