"""Edits the comms team makes from the command line: quarterly progress and next year's plan.

Every edit is made on the YAML as written (ruamel.yaml round-trip: comments, key order,
quoting and layout kept), checked by loading the WHOLE content folder from a temporary
copy that holds the edited file, and only then written: to a temp file in the same folder,
renamed over the old one. A bad value or an interrupted write leaves the file as it was.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from . import model as m
from .check import Content, _closest, display_path, iter_actions, load_content
from .load import load_file
from .problems import ContentError, Problem


def yaml_rt() -> YAML:
    """ruamel set up to reproduce the content files byte for byte when nothing changes."""
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap long lines
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return y


def dump(data: Any) -> str:
    buf = io.StringIO()
    yaml_rt().dump(data, buf)
    return buf.getvalue()


def text_value(text: str) -> Any:
    """Multi-line text as a `|-` block (as the files write it); one line as a plain scalar."""
    text = text.strip()
    return LiteralScalarString(text) if "\n" in text else text


def atomic_write(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and os.replace: readers see old or new."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def validated_write(content_dir: Path, target: Path, text: str) -> Content:
    """Load all content with `target` replaced by `text`; write it only if all is valid."""
    content_dir = Path(content_dir)
    rel = Path(target).resolve().relative_to(content_dir.resolve())
    with tempfile.TemporaryDirectory(prefix="sosafe-") as tmp:
        copy = Path(tmp) / content_dir.resolve().name
        shutil.copytree(content_dir, copy)
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_text(text, encoding="utf-8", newline="")
        try:
            content = load_content(copy)
        except ContentError as exc:
            raise ContentError(_relocate(p, copy, content_dir) for p in exc.problems) from None
    atomic_write(target, text)
    content.root = content_dir
    return content


def _relocate(p: Problem, copy: Path, real: Path) -> Problem:
    """Name the real file in a problem found in the temporary copy."""
    try:
        rel = Path(os.path.abspath(p.file)).relative_to(copy.resolve())
    except ValueError:
        return p
    return Problem(display_path(real / rel), p.line, p.column, p.path, p.message, p.hint)


def _problem(path: Path, message: str, hint: str | None = None, where: tuple = ()) -> ContentError:
    line, col = (1, 1)
    if where:
        doc, _ = load_file(path, display_path(path))
        if doc is not None:
            line, col = doc.where(where)
    return ContentError([Problem(display_path(path), line, col, "", message, hint)])


def plan_path(content_dir: Path, plan_id: str) -> Path:
    return Path(content_dir) / "action-plans" / f"{plan_id}.yml"


# --- sosafe progress ------------------------------------------------------------------------------

_ACTION_KEYS = list(m.Action.model_fields)


def record_progress(
    content_dir: Path, plan_id: str, action_id: str, quarter: str | None, text: str
) -> tuple[Path, str | None]:
    """Set one action's progress for a quarter (or to date); return the file and the old text."""
    content = load_content(content_dir)
    path = plan_path(content_dir, plan_id)
    plan = content.plans.get(plan_id)
    if plan is None:
        raise _problem(
            path,
            f"no action plan '{plan_id}'",
            _closest(plan_id, content.plans) or f"plans: {', '.join(content.plans)}",
        )
    if quarter is None and plan.progress_mode == "quarterly":
        raise _problem(
            path,
            f"plan {plan_id} records progress by quarter",
            "give the quarter: Q1, Q2, Q3 or Q4 (not --to-date)",
            ("progress_mode",),
        )
    if quarter is not None and plan.progress_mode == "to_date":
        raise _problem(
            path,
            f"plan {plan_id} records one 'progress to date', not quarters",
            f"use --to-date instead of {quarter}",
            ("progress_mode",),
        )
    if not text.strip():
        raise _problem(path, "the progress text is empty", "write what was done")
    ids = [a.id for _, _, a in iter_actions(plan)]
    if action_id not in ids:
        raise _problem(
            path,
            f"no action '{action_id}' in plan {plan_id}",
            _closest(action_id, ids) or "action ids are the `id:` of each action",
        )
    data = yaml_rt().load(path.read_text(encoding="utf-8"))
    action = next(
        a
        for sec in data["sections"]
        for aim in sec["aims"]
        for a in aim["actions"]
        if str(a["id"]) == action_id
    )
    if quarter is None:
        old = action.get("progress_to_date")
        _set_in_order(action, "progress_to_date", text_value(text), _ACTION_KEYS)
    else:
        progress = action.get("progress")
        if not isinstance(progress, dict):
            progress = CommentedMap()
            _set_in_order(action, "progress", progress, _ACTION_KEYS)
        old = progress.get(quarter)
        _set_in_order(progress, quarter, text_value(text), list(m.QUARTERS))
    validated_write(content_dir, path, dump(data))
    return path, None if old is None else str(old)


def _set_in_order(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Replace a key's value in place, or insert it where the model's field order puts it."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key)
    keys = list(mapping)
    pos = next((i for i, k in enumerate(keys) if k in order and order.index(k) > rank), len(keys))
    mapping.insert(pos, key, value)


# --- sosafe new plan ------------------------------------------------------------------------------

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def new_plan(content_dir: Path, year: str, from_id: str) -> tuple[Path, list[str]]:
    """Next year's plan: the previous plan's sections, aims and actions, without progress,
    tied to the current strategy, status draft. Returns the file and notes for the editor."""
    content = load_content(content_dir)
    path = plan_path(content_dir, year)
    match = _YEAR.match(year)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise _problem(path, f"'{year}' is not a plan year", "write the year like 2025-26")
    if path.exists():
        raise _problem(path, f"plan {year} already exists", "edit it, or choose another year")
    prev = content.plans.get(from_id)
    if prev is None:
        raise _problem(
            plan_path(content_dir, from_id),
            f"no action plan '{from_id}'",
            _closest(from_id, content.plans) or f"plans: {', '.join(content.plans)}",
        )
    current = [s for s in content.strategies.values() if s.status == "current"]
    if not current:
        raise _problem(
            Path(content_dir) / "strategies",
            "no strategy has status: current",
            "the new plan serves the current strategy; set one's status",
        )
    strategy = max(current, key=lambda s: s.period.start)
    start = int(match.group(1))
    period = m.Period(start=start, end=start + 1)
    objectives = {o.id for o in strategy.objectives}
    dropped: dict[str, int] = {}

    def objective(oid: str | None) -> str | None:
        if oid and oid not in objectives:
            dropped[oid] = dropped.get(oid, 0) + 1
            return None
        return oid

    plan = CommentedMap()
    plan["id"] = year
    plan["title"] = _retitle(prev.title, prev.period, period)
    plan["period"] = _flow({"start": period.start, "end": period.end})
    plan["strategy"] = strategy.id
    plan["status"] = "draft"
    plan["progress_mode"] = prev.progress_mode
    plan["source"] = _flow(prev.source.model_dump(exclude_none=True))
    if prev.aims:
        plan["aims"] = [text_value(a) for a in prev.aims]
    plan["sections"] = [section_map(s, objective, progress=False) for s in prev.sections]
    notes = [
        f"carried over {sum(1 for _ in iter_actions(prev))} actions from {from_id}, "
        f"with no progress; serves strategy {strategy.id}; status: draft"
    ]
    header = [
        f"Draft action plan {period.slash_label}, made by `sosafe new plan {year} --from "
        f"{from_id}`:",
        f"the sections, aims and actions of plan {from_id}, without progress. Edit them, "
        "set source: to the published plan, and status: current when adopted.",
    ]
    if dropped:
        gone = ", ".join(f"{k} ({n})" for k, n in dropped.items())
        header.append(
            f"Objective links dropped (not objectives of strategy {strategy.id}): {gone}."
        )
        notes.append(
            f"dropped objective links not in strategy {strategy.id}: {gone}; link "
            f"sections to its objectives ({', '.join(sorted(objectives))})"
        )
    plan.yaml_set_start_comment(textwrap.fill(" ".join(header), 96))
    validated_write(content_dir, path, dump(plan))
    return path, notes


def _retitle(title: str, old: m.Period, new: m.Period) -> str:
    out = title.replace(old.slash_label, new.slash_label).replace(old.label, new.label)
    return out if out != title else f"{title} ({new.slash_label})"


_PLAIN_IN_FLOW = re.compile(r"^\w[\w .()/&'’–+-]*$")


def _flow(data: dict[str, Any] | list[Any]) -> Any:
    """A `{a: b}` / `[a, b]` node; text PyYAML might misread in flow style is quoted."""

    def safe(v: Any) -> Any:
        if isinstance(v, str) and not _PLAIN_IN_FLOW.match(v):
            return DoubleQuotedScalarString(v)
        return v

    if isinstance(data, dict):
        node: Any = CommentedMap((k, safe(v)) for k, v in data.items())
    else:
        node = CommentedSeq(safe(v) for v in data)
    node.fa.set_flow_style()
    return node


def _keep(oid: str | None) -> str | None:
    return oid


def section_map(sec: m.PlanSection, objective: Any = _keep, progress: bool = True) -> CommentedMap:
    """A plan section as the content files write it (flow style for ids and small maps)."""
    out = CommentedMap(id=sec.id)
    if sec.number is not None:
        out["number"] = sec.number
    out["title"] = sec.title
    if objective(sec.objective):
        out["objective"] = sec.objective
    if sec.themes:
        out["themes"] = _flow(list(sec.themes))
    if sec.source:
        out["source"] = _flow(sec.source.model_dump(exclude_none=True))
    out["aims"] = [_aim(a, objective, progress) for a in sec.aims]
    return out


def _aim(aim: m.PlanAim, objective: Any, progress: bool) -> CommentedMap:
    out = CommentedMap(id=aim.id)
    if aim.number is not None:
        out["number"] = aim.number
    out["text"] = aim.text
    if aim.themes:
        out["themes"] = _flow(list(aim.themes))
    out["actions"] = [_action(a, objective, progress) for a in aim.actions]
    return out


def _action(a: m.Action, objective: Any, progress: bool) -> CommentedMap:
    out = CommentedMap(id=a.id)
    if a.ref is not None:
        out["ref"] = a.ref
    out["text"] = text_value(a.text)
    if a.lead:
        out["lead"] = [_flow(lead.model_dump(exclude_none=True)) for lead in a.lead]
    for key in ("partners", "resources", "expected_outcomes"):
        if getattr(a, key):
            out[key] = [
                _flow(v.model_dump(exclude_none=True)) if isinstance(v, m.Lead) else text_value(v)
                for v in getattr(a, key)
            ]
    if progress and a.progress:
        out["progress"] = CommentedMap((q, text_value(t)) for q, t in a.progress.items())
    if progress and a.progress_to_date:
        out["progress_to_date"] = text_value(a.progress_to_date)
    if progress and a.added:
        out["added"] = a.added
    # Cut-off source cells stay marked; progress ones go with the progress.
    incomplete = [f for f in a.incomplete if progress or not f.startswith("progress")]
    if incomplete:
        out["incomplete"] = _flow(incomplete)
    if objective(a.objective):
        out["objective"] = a.objective
    if a.themes:
        out["themes"] = _flow(list(a.themes))
    if a.source:
        out["source"] = _flow(a.source.model_dump(exclude_none=True))
    return out


# --- merging an import into the plan as written ----------------------------------------------

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
            _set_in_order(old, key, value, order)
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
