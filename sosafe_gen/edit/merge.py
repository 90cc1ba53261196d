"""Merging an imported plan into the plan as written: unchanged values keep their layout and
the comments around them, so the diff is what changed in the sheet."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content import model as m
from .yaml_rt import set_in_order

_CHILD: dict[tuple[str, str], type] = {
    ("PlanSection", "aims"): m.PlanAim,
    ("PlanAim", "actions"): m.Action,
}


def merge_sections(old: Any, new: list[CommentedMap]) -> Any:
    """Apply imported sections to the file's own: unchanged values keep their layout and the
    comments around them, so the diff is what changed in the sheet."""
    return _merge_list(old, new, m.PlanSection) if isinstance(old, CommentedSeq) else new


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def _merge_list(old: CommentedSeq, new: list[CommentedMap], cls: type) -> Any:
    old_ids = [str(x.get("id")) if isinstance(x, dict) else None for x in old]
    new_ids = [str(x["id"]) for x in new]
    if old_ids == new_ids:
        for item, value in zip(old, new, strict=True):
            _merge_map(item, value, cls)
        return old
    by_id = {i: x for i, x in zip(old_ids, old, strict=True) if i is not None}
    return CommentedSeq(
        _merge_map(by_id[i], value, cls) if i in by_id else value
        for i, value in zip(new_ids, new, strict=True)
    )


def _merge_map(old: CommentedMap, new: CommentedMap, cls: type | None) -> CommentedMap:
    order = list(cls.model_fields) if cls else list(m.QUARTERS)  # type: ignore[attr-defined]
    for key in [k for k in old if k not in new]:
        if old[key] not in (None, "", [], {}):  # an explicit `ref: null` stays as written
            del old[key]
    for key, value in new.items():
        if key not in old:
            set_in_order(old, key, value, order)
            continue
        child = _CHILD.get((cls.__name__, key)) if cls else None
        current = old[key]
        if child and isinstance(current, CommentedSeq):
            old[key] = _merge_list(current, value, child)
        elif key == "progress" and isinstance(current, CommentedMap) and isinstance(value, dict):
            _merge_map(current, value, None)
        elif _plain(current) != _plain(value):
            old[key] = value
    return old
