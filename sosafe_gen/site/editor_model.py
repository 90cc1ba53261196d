"""The content model as the browser editor needs it: each record's shape for the editor's
YAML writer, and its form fields (widgets, labels, hints, required fields, allowed values and
patterns), both read from the pydantic models so the editor cannot drift from the check.

A *spec* is the shape the editor's writer (`editor/src/emit.js`) follows: field order, which
values are flow style (`{document: x}`, `[a, b]`), which are text readers see (written
`{en: …, cy: …}` on a bilingual site). A *field* is Decap CMS's form field for the same value.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..content import model as m
from ..content.base import TRANSLATED
from .editor_labels import HINTS, OPTION_LABELS, label_for

FLOW_MODELS: tuple[type[BaseModel], ...] = (
    m.Source,
    m.Period,
    m.Continues,
    m.Lead,
    m.ActionStatus,
    m.Point,
)
"""Records the content files write on one line, `{document: x, section: "4.1"}`."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MAX_DEPTH = 2
"""Prose sections nest (a section's sections): a record inside as many of its own kind is
kept as it is, unshown (a form cannot nest without end)."""


@cache
def docstrings(cls: type[BaseModel]) -> dict[str, str]:
    """Each field's docstring (the string under its annotation), in plain words.

    Pydantic has read them already (`use_attribute_docstrings`, content/base.py), into each
    field's description: reading the classes' source again cost a quarter of a second of
    every build."""
    out: dict[str, str] = {}
    for name, info in cls.model_fields.items():
        if info.description:
            out[name] = " ".join(info.description.split("\n\n")[0].split())
    return out


@dataclass(frozen=True)
class Shape:
    """One value's type, unwrapped: its kind and what constrains it."""

    kind: str
    """map, list, dict, text, md, str, id, date, int, float, bool, any"""
    optional: bool = False
    translated: bool = False
    pattern: str | None = None
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_items: int = 0
    model: type[BaseModel] | None = None
    item: Shape | None = None
    keys: tuple[str, ...] = ()


def shape(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> Shape:
    """The kind of value an annotation (and a field's metadata) allows."""
    meta = list(metadata)
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) > 1:
            return Shape("any", optional)
        annotation = args[0]
        origin = typing.get_origin(annotation)
    while origin is typing.Annotated:
        annotation, *more = typing.get_args(annotation)
        meta += more
        origin = typing.get_origin(annotation)
    constraints = [x for x in meta if hasattr(x, "pattern") or hasattr(x, "min_length")]
    pattern = next((c.pattern for c in constraints if getattr(c, "pattern", None)), None)
    min_length = next((c.min_length for c in meta if getattr(c, "min_length", None)), 0)
    translated = TRANSLATED in meta
    base: dict[str, Any] = {"optional": optional, "translated": translated}
    if origin is Literal:
        return Shape("str", options=tuple(str(a) for a in typing.get_args(annotation)), **base)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return Shape("list", item=shape(item), min_items=min_length, **base)
    if origin is dict:
        key, value = typing.get_args(annotation)
        return Shape("dict", item=shape(value), keys=tuple(typing.get_args(key)), **base)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("map", model=annotation, **base)
    if annotation is bool:
        return Shape("bool", **base)
    if annotation in (int, float):
        lo = next((x.ge for x in meta if isinstance(x, annotated_types.Ge)), None)
        hi = next((x.le for x in meta if isinstance(x, annotated_types.Le)), None)
        return Shape(annotation.__name__, minimum=lo, maximum=hi, **base)
    if annotation is dt.date:
        return Shape("date", **base)
    if pattern == ID_PATTERN:
        return Shape("id", pattern=pattern, **base)
    if translated:
        return Shape("text" if min_length else "md", **base)
    return Shape("str", pattern=pattern, **base)


def fields_of(cls: type[BaseModel]) -> list[tuple[str, FieldInfo, Shape]]:
    return [(n, f, shape(f.annotation, f.metadata)) for n, f in cls.model_fields.items()]


# --- the writer's spec -------------------------------------------------------------------


def too_deep(cls: type[BaseModel], within: tuple[type[BaseModel], ...]) -> bool:
    return within.count(cls) > MAX_DEPTH


def spec(cls: type[BaseModel], within: tuple[type[BaseModel], ...] = ()) -> dict[str, Any]:
    """A record's shape for the editor's YAML writer (see `editor/src/emit.js`)."""
    if too_deep(cls, within):
        return {"t": "any"}
    inside = (*within, cls)
    out: dict[str, Any] = {
        "t": "map",
        "fields": [[n, _spec(s, inside)] for n, _, s in fields_of(cls)],
    }
    if cls in FLOW_MODELS:
        out["flow"] = True
    return out


def _spec(s: Shape, within: tuple[type[BaseModel], ...]) -> dict[str, Any]:
    if s.kind == "map" and s.model is not None:
        return spec(s.model, within)
    if s.kind == "list" and s.item is not None:
        item = _spec(s.item, within)
        return {"t": "list", "of": item, **({"flow": True} if s.item.kind == "id" else {})}
    if s.kind == "dict" and s.item is not None:
        return {"t": "dict", "keys": list(s.keys), "of": _spec(s.item, within)}
    return {"t": s.kind, **({"tr": True} if s.translated else {})}


# --- the form's fields --------------------------------------------------------------------

Option = dict[str, str]


@dataclass
class FormContext:
    """What a form offers besides the model: the site's languages, the records a reference
    may name (allowed values), and the words (the catalogue in the editor's language)."""

    languages: tuple[str, ...]
    gettext: Callable[[str], str]
    references: dict[str, list[Option]] = field(default_factory=dict)
    """Reference fields (`themes`, `document`, `strategy`…) → the records they may name."""
    readonly: frozenset[str] = frozenset()

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1


REFERENCES = {
    "themes": "themes",
    "document": "documents",
    "documents": "documents",
    "strategy": "strategies",
    "strategies": "strategies",
    "plans": "plans",
    "plan": "plans",
    "meeting": "meetings",
    "minutes_of": "meetings",
    "report": "reports",
    "case_study": "case_studies",
    "objective": "objectives",
}
"""Fields that name another record, and which records they may name."""


def form_fields(
    cls: type[BaseModel], ctx: FormContext, within: tuple[type[BaseModel], ...] = ()
) -> list[dict[str, Any]]:
    """Decap CMS's fields for a record, in the model's order."""
    docs = docstrings(cls)
    out = []
    for name, info, s in fields_of(cls):
        required = info.is_required() and not s.optional
        f = form_field(name, s, ctx, required, (*within, cls))
        hint = docs.get(name) or HINTS.get(name)
        if hint and "hint" not in f:
            f["hint"] = ctx.gettext(hint) if name in HINTS and not docs.get(name) else hint
        if not required and f.get("widget") != "hidden":
            f["required"] = False
            if f.get("widget") == "object":
                relax(f)
        if isinstance(info.default, (str, int, float, bool)) and info.default != "":
            f.setdefault("default", info.default)
        out.append(f)
    return out


def relax(f: dict[str, Any]) -> None:
    """An optional record's fields are needed only once it is filled in: Decap would ask for
    them even when the record is left empty, so `sosafe-object` asks instead (main.js)."""
    f["widget"] = "sosafe-object"
    f["sosafe_required"] = [
        c["name"] for c in f["fields"] if c.get("required", True) and c.get("widget") != "hidden"
    ]
    for c in f["fields"]:
        if c.get("widget") == "hidden":
            continue
        c["required"] = False
        if c.get("widget") == "object":
            relax(c)


def form_field(
    name: str,
    s: Shape,
    ctx: FormContext,
    required: bool,
    within: tuple[type[BaseModel], ...] = (),
) -> dict[str, Any]:
    """One Decap field for a value of shape `s`."""
    _ = ctx.gettext
    f: dict[str, Any] = {"name": name, "label": _(label_for(name))}
    if name in ctx.readonly:
        return {**f, "widget": "hidden"}
    refs = ctx.references.get(REFERENCES.get(name, ""), [])
    if s.kind == "map" and s.model is not None:
        if too_deep(s.model, within):
            return {**f, "widget": "hidden"}
        fields = form_fields(s.model, ctx, within)
        return {**f, "widget": "object", "collapsed": False, "fields": fields}
    if s.kind == "list" and s.item is not None:
        return _list_field(f, name, s, ctx, refs, within)
    if s.kind == "dict" and s.item is not None:
        quarters = [form_field(str(k), s.item, ctx, False) | {"required": False} for k in s.keys]
        return {**f, "widget": "object", "collapsed": False, "fields": quarters}
    if refs and s.kind in ("id", "str"):
        return {**f, "widget": "select", "options": refs}
    if s.options:
        return {**f, "widget": "select", "options": _options(name, s.options, ctx)}
    return f | _scalar_widget(s, ctx, required)


def _list_field(
    f: dict[str, Any],
    name: str,
    s: Shape,
    ctx: FormContext,
    refs: list[Option],
    within: tuple[type[BaseModel], ...],
) -> dict[str, Any]:
    assert s.item is not None
    item = s.item
    if refs and item.kind in ("id", "str"):
        out = {**f, "widget": "select", "multiple": True, "options": refs}
        return out | ({"min": s.min_items} if s.min_items else {})
    out = {**f, "widget": "list"}
    if s.min_items:
        out["min"] = s.min_items
    if item.kind == "map" and item.model is not None:
        if too_deep(item.model, within):
            return {**f, "widget": "hidden"}
        out["fields"] = form_fields(item.model, ctx, within)
        summary = _summary(item.model, ctx)
        if summary:
            out["summary"] = summary
        out["collapsed"] = True
        return out
    if item.kind == "any":
        return {**f, "widget": "hidden"}
    out["field"] = form_field(name, item, ctx, True) | {"label": f["label"]}
    return out


def _summary(cls: type[BaseModel], ctx: FormContext) -> str | None:
    """How a list shows each record when folded: its id and title (or text)."""
    names = cls.model_fields
    lead = next((n for n in ("title", "term", "text", "label", "name", "role") if n in names), None)
    if lead is None:
        return "{{fields.id}}" if "id" in names else None
    text = (
        f"{{{{fields.{lead}.{ctx.languages[0]}}}}}"
        if ctx.bilingual and _translated(cls, lead)
        else f"{{{{fields.{lead}}}}}"
    )
    return f"{{{{fields.id}}}}: {text}" if "id" in names else text


def _translated(cls: type[BaseModel], name: str) -> bool:
    info = cls.model_fields[name]
    return shape(info.annotation, info.metadata).translated


def _options(name: str, values: tuple[str, ...], ctx: FormContext) -> list[Option]:
    words = OPTION_LABELS.get(name, {})
    return [{"label": ctx.gettext(words.get(v, v)), "value": v} for v in values]


def _scalar_widget(s: Shape, ctx: FormContext, required: bool) -> dict[str, Any]:
    _ = ctx.gettext
    if s.kind == "bool":
        return {"widget": "boolean"}
    if s.kind in ("int", "float"):
        out: dict[str, Any] = {"widget": "number", "value_type": s.kind}
        if s.minimum is not None:
            out["min"] = s.minimum
        if s.maximum is not None:
            out["max"] = s.maximum
        return out
    if s.kind == "date":
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
        }
    if s.translated and ctx.bilingual:
        return {
            "widget": "sosafe-text",
            "languages": list(ctx.languages),
            "multiline": s.kind == "md",
            "required": required and s.kind == "text",
        }
    if s.kind == "id":
        return {"widget": "string", "pattern": [ID_PATTERN, _(HINTS["id"])]}
    if s.pattern:
        return {"widget": "string", "pattern": [s.pattern, _(pattern_hint(s.pattern))]}
    return {"widget": "text" if s.kind == "md" else "string"}


def pattern_hint(pattern: str) -> str:
    """The plain-words message for a pattern the model holds a value to."""
    if pattern.startswith("^https?"):
        return HINTS["url"]
    if pattern.startswith("^#"):
        return HINTS["colour"]
    return HINTS["pattern"]


def is_flow(cls: type[BaseModel]) -> bool:
    return cls in FLOW_MODELS
