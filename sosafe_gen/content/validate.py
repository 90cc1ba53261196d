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
from .text import closest


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
        return doc.problem(loc, f"invalid key: {err['msg'][0].lower()}{err['msg'][1:]}", key=True)
    if kind == "string_pattern_mismatch" and "https?" in err.get("ctx", {}).get("pattern", ""):
        return doc.problem(loc, f"'{err['input']}' is not a web address", "start it with https://")
    if kind == "string_pattern_mismatch":
        return doc.problem(
            loc,
            f"'{err['input']}' is not a valid id",
            "use lower-case letters, digits and hyphens, e.g. 'domestic-abuse'",
        )
    if kind == "finite_number":
        return doc.problem(
            loc,
            f"a value must be a finite number (got {_describe(err.get('input'))})",
            "write it in digits, e.g. 118 or 3.5",
        )
    msg = err["msg"]
    if kind.startswith("value_error"):
        msg = msg.removeprefix("Value error, ")
    else:
        msg = msg[0].lower() + msg[1:]
    if kind in (
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "list_type",
        "model_type",
        "dict_type",
        "int_parsing",
        "float_parsing",
        "bool_parsing",
        "date_from_datetime_parsing",
        "date_parsing",
    ):
        msg += f" (got {_describe(err.get('input'))})"
    return doc.problem(loc, msg)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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
