"""Content files checked against the model, with pydantic's errors as problems in plain words.

pydantic reports where in the data a value is wrong; the loaded document knows where that
is in the file. Each error becomes one `Problem` at the value's own line and column.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .load import Document, PathT
from .problems import Problem
from .text import closest, quoted


def validate(doc: Document, cls: type[BaseModel], problems: list[Problem]) -> BaseModel | None:
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(_from_pydantic(doc, cls, err))
        return None


def _from_pydantic(doc: Document, cls: type[BaseModel], err: Any) -> Problem:
    loc: PathT = tuple(p for p in err["loc"] if p != "[key]")
    kind = err["type"]
    if kind == "missing":
        name = loc[-1]
        return doc.problem(
            loc[:-1], f"required field '{name}' is missing", f"add '{name}:' to this record"
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(cls, loc[:-1])
        hint = closest(str(loc[-1]), allowed) or (
            f"allowed fields: {', '.join(allowed)}" if allowed else None
        )
        return doc.problem(loc, "unknown field", hint, key=True)
    if err["loc"] and err["loc"][-1] == "[key]":
        expected = err.get("ctx", {}).get("expected", "another key")
        got = describe(err.get("input"))
        return doc.problem(loc, f"invalid key: expected {expected}, got {got}", key=True)
    if kind == "string_pattern_mismatch" and "https?" in err.get("ctx", {}).get("pattern", ""):
        return doc.problem(loc, f"'{err['input']}' is not a web address", "start it with https://")
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern", "").startswith("^#"):
        return doc.problem(
            loc, f"'{err['input']}' is not a colour", "write it as #rrggbb, e.g. '#1d4f91'"
        )
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern", "").startswith(
        "^[EW]"
    ):
        return doc.problem(
            loc,
            f"'{err['input']}' is not an ONS GSS code",
            "write the area's code: E (England) or W (Wales) and eight digits, e.g. 'E07000243'",
        )
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern", "").startswith(
        "^[A-Z"
    ):
        return doc.problem(
            loc,
            f"'{err['input']}' is not a licence identifier",
            "use the licence's SPDX identifier, e.g. 'OGL-UK-3.0' or 'CC-BY-4.0'",
        )
    if kind == "string_pattern_mismatch":
        return doc.problem(
            loc,
            f"'{err['input']}' is not a valid id",
            "use lower-case letters, digits and hyphens, e.g. 'domestic-abuse'",
        )
    if kind == "finite_number":
        return doc.problem(
            loc,
            f"expected a finite number, got {describe(err.get('input'))}",
            "write it in digits, e.g. 118 or 3.5",
        )
    if kind.startswith("value_error"):
        return doc.problem(loc, err["msg"].removeprefix("Value error, "))
    return doc.problem(loc, *_plain_words(cls, loc, err))


EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (one '- ' line per item, or [a, b])",
    "dict_type": "fields (name: value, one per line)",
    "date_type": "a date written year-month-day, like 2026-05-01",
    "date_parsing": "a date written year-month-day, like 2026-05-01",
    "date_from_datetime_parsing": "a date written year-month-day, like 2026-05-01",
    "date_from_datetime_inexact": "a date without a time, like 2026-05-01",
}
COMMA_HINT = (
    "a comma inside [ ] starts a new item: put quotes round text with a comma, e.g. ['£20,000']"
)
YES_NO_HINT = "words like Yes, No, On and Off are read as true or false: put them in quotes"
EXAMPLES = {
    "Period": "{start: 2023, end: 2024}",
    "Source": "{document: a-document-id, section: '2.1'}",
    "Lead": "{organisation: Police, person: A Name}",
}
"""How small records are written, for messages about a value of the wrong shape."""


def _plain_words(cls: type[BaseModel], loc: PathT, err: Any) -> tuple[str, str | None]:
    """pydantic's error as the message and hint an editor can act on, in our own words."""
    kind, ctx, value = err["type"], err.get("ctx", {}), err.get("input")
    got = f"got {describe(value)}"
    if kind == "model_type" or (kind == "model_attributes_type"):
        model = _type_at(cls, loc)
        name = getattr(model, "__name__", "")
        form = EXAMPLES.get(name) or "fields ({})".format(
            ", ".join(f"{f}: …" for f in getattr(model, "model_fields", {}))
        )
        return f"expected {form}, {got}", None
    if kind in EXPECTED:
        hint = None
        if (
            kind == "string_type"
            and isinstance(value, int | float)
            and loc
            and isinstance(loc[-1], int)
        ):
            hint = COMMA_HINT
        if kind == "string_type" and isinstance(value, bool):
            hint = YES_NO_HINT
        return f"expected {EXPECTED[kind]}, {got}", hint
    if kind == "literal_error":
        return f"expected {ctx.get('expected', 'one of the allowed values')}, {got}", None
    if kind in ("string_too_short", "too_short"):
        what = "text" if kind == "string_too_short" else "at least one item"
        return f"this is empty; expected {what}", None
    if kind == "too_long" or kind == "string_too_long":
        return f"too long: at most {ctx.get('max_length')}", None
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        return f"expected a number {words} {bound}, {got}", None
    msg = err["msg"]
    msg = msg[0].lower() + msg[1:]
    return msg.replace("input should be", "expected"), None


def describe(value: Any) -> str:
    """A value as the message names it, on one line."""
    if isinstance(value, dict):
        return "fields" if not value else "fields (" + ", ".join(map(str, value)) + ")"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text {quoted(str(value))}"


def _type_at(cls: type[BaseModel], loc: PathT) -> Any:
    """The type the model expects at `loc` (a model class, where it is one)."""
    tp: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)) or part not in tp.model_fields:
            return None
        tp = _unwrap(tp.model_fields[part].annotation)
    return tp


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated/list/dict wrappers down to a model class, if any."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else None
        elif origin in (list, dict):
            tp = typing.get_args(tp)[-1]
        else:
            return tp


def _fields_at(cls: type[BaseModel], loc: PathT) -> list[str]:
    tp: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)) or part not in tp.model_fields:
            return []
        tp = _unwrap(tp.model_fields[part].annotation)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []
