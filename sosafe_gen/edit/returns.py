"""`sosafe import FILE --progress-only`: a returned quarterly sheet merged into its plan.

Only progress and status are taken, matched to the plan's actions by the Id column. Every
cell is compared three ways: with the plan as it is now, and with the cell as `sosafe sheet`
wrote it (the row's Check cell holds a fingerprint of each). A cell as written was not
touched by the lead and is skipped, so a second lead's sheet never undoes the first lead's
import; a cell the lead changed is taken if the plan still has what was written, and is a
conflict (reported, never overwritten) if the plan changed it too. A changed cell other than
progress and status (an action's wording, a lead, a new row) is reported one line per cell
and nothing is written, unless the comms team accepts the changes.

Edits go through the ruamel round trip, so the YAML diff is the changed cells and an
unchanged sheet changes no byte (the file is then not written at all).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content import model as m
from ..content.check import load_content
from ..content.problems import ContentError, Problem, file_problem
from ..content.record import Content, iter_actions
from ..content.text import closest, display_path, plural
from ..site.open_data import safe_cell as csv_cell
from .files import Edit, editing, plan_path
from .importer import action_record, find_table, organisations, who
from .progress import set_progress, set_status
from .return_sheet import checked_keys, fingerprint, row_texts
from .sheet import (
    _SECTION,
    AIM,
    REF,
    STATUS_WORDS,
    Grid,
    RawAction,
    RawSection,
    cell_items,
    parse,
    plan_columns,
)
from .yaml_rt import action_map, dump, flow, set_in_order, text_value, yaml_rt

_ACTION_KEYS = list(m.Action.model_fields)
_NOT = "; not imported"
_ACCEPT = "to take it into the plan, import the sheet again with --accept-changes"

_DIFFERS = {
    "section": "the section's title differs from the plan",
    "aim": "the aim's text differs from the plan",
    "action": "the action's text differs from the plan",
    "lead": "the lead differs from the plan",
    "partners": "the partners differ from the plan",
    "resources": "the resources differ from the plan",
    "expected_outcomes": "the expected outcomes differ from the plan",
}


@dataclass
class Merge:
    """What a returned sheet does to its plan: changes made, and cells reported."""

    grid: Grid
    plan: m.ActionPlan
    quarter: str | None
    accept: bool
    read: Callable[[], str]
    """The plan file's text: read (and parsed, the slow part) only when a cell changes it."""
    taken: dict[str, int] = field(default_factory=dict)
    """Progress and status cells taken, by column key."""
    accepted: list[Problem] = field(default_factory=list)
    """Other changes, taken because the comms team accepted them."""
    differences: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @cached_property
    def data(self) -> Any:
        return yaml_rt().load(self.read())

    @cached_property
    def nodes(self) -> dict[str, tuple[CommentedMap, CommentedMap, CommentedMap]]:
        """Each action's section, aim and own node in the plan file, by action id."""
        return {
            str(a["id"]): (s, aim, a)
            for s in self.data["sections"]
            for aim in s["aims"]
            for a in aim["actions"]
        }

    def cell(self, r: int, c: int) -> str:
        """A cell's text; in a CSV, without the `'` `sosafe sheet` puts before text a
        spreadsheet would run as a formula."""
        text = self.grid.value(r, c)
        if self.grid.sheet == "" and text.startswith("'") and csv_cell(text[1:]) == text:
            return text[1:]
        return text


def import_return(
    path: Path, content_dir: Path, plan_id: str | None = None, accept: bool = False
) -> tuple[Path, list[str]]:
    """Merge a returned sheet's progress and status into its plan; return the plan's file
    and the lines to print (cells taken with --accept-changes, conflicts, a summary)."""
    path = Path(path)
    display = display_path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        raise ContentError([file_problem(display, "import reads .xlsx or .csv files")])
    if not path.is_file():
        raise ContentError([file_problem(display, "file not found")])
    with editing(content_dir) as edit:
        return _import(edit, path, plan_id, accept)


def _import(edit: Edit, path: Path, plan_id: str | None, accept: bool) -> tuple[Path, list[str]]:
    content = load_content(edit.content_dir)
    problems: list[Problem] = []
    grid, header_row, cols = find_table(path, problems)
    if problems:
        raise ContentError(problems)
    plan, quarter = _which(grid, header_row, content, plan_id)
    _check_columns(grid, header_row, cols, plan)
    grid.orgs = organisations(content)
    sections = parse(grid, header_row, cols, problems)
    if problems:
        raise ContentError(problems)
    target = plan_path(edit.content_dir, plan.id)
    merge = Merge(grid, plan, quarter, accept, lambda: edit.read(target))
    _merge(merge, sections, cols)
    if merge.errors or (not accept and (merge.differences or merge.conflicts)):
        raise ContentError([*merge.errors, *merge.differences, *merge.conflicts])
    lines = [str(p) for p in [*merge.accepted, *merge.conflicts]]
    where = f"{grid.file}{':' + grid.sheet if grid.sheet else ''}"
    if not merge.taken and not merge.accepted:
        lines.append(f"nothing to import from {where}: no cell differs from plan {plan.id}")
        return target, lines
    edit.write(target, dump(merge.data))
    lines.append(f"{display_path(target)}: {_summary(merge)} from {where}")
    return target, lines


def _summary(merge: Merge) -> str:
    parts = []
    for key, n in merge.taken.items():
        if key == "status":
            parts.append(f"{n} {plural('status', n)} ({merge.quarter})")
        elif key == "progress_to_date":
            parts.append(f"progress to date of {n} {plural('action', n)}")
        else:
            parts.append(f"{key} progress of {n} {plural('action', n)}")
    if merge.accepted:
        n = len(merge.accepted)
        parts.append(f"{n} other {plural('change', n)} accepted")
    return "recorded " + ", ".join(parts)


def _which(
    grid: Grid, header_row: int, content: Content, plan_id: str | None
) -> tuple[m.ActionPlan, str | None]:
    """The plan and quarter the sheet is for, as its first row says (`--plan` may name the
    plan of a sheet whose title was lost)."""
    title = " ".join(grid.value(r, 1) for r in range(1, header_row))
    named = re.search(r"\(plan ([a-z0-9][a-z0-9-]*)\)", title)
    quarter = re.search(r"return for (Q[1-4])\b", title)
    if plan_id and named and named.group(1) != plan_id:
        raise ContentError(
            [
                grid.problem(
                    1,
                    1,
                    f"this sheet is for plan {named.group(1)}, not {plan_id}",
                    "leave out --plan, or import the sheet written for that plan",
                )
            ]
        )
    plan_id = plan_id or (named.group(1) if named else None)
    if plan_id is None:
        raise ContentError(
            [
                grid.problem(
                    1,
                    1,
                    "the sheet does not say which plan it is for",
                    "name the plan with --plan, e.g. --plan 2025-26",
                )
            ]
        )
    plan = content.plans.get(plan_id)
    if plan is None:
        raise ContentError(
            [
                grid.problem(
                    1,
                    1,
                    f"no action plan '{plan_id}'",
                    closest(plan_id, content.plans) or f"plans: {', '.join(content.plans)}",
                )
            ]
        )
    if plan.progress_mode == "quarterly" and quarter is None:
        raise ContentError(
            [
                grid.problem(
                    1,
                    1,
                    "the sheet's first row does not say the quarter it is a return for",
                    "import a sheet written by `sosafe sheet`, whose first row ends "
                    "'return for Q1' (to Q4) and the plan",
                )
            ]
        )
    return plan, quarter.group(1) if quarter and plan.progress_mode == "quarterly" else None


def _check_columns(grid: Grid, header_row: int, cols: dict[str, int], plan: m.ActionPlan) -> None:
    missing = [c.heading for c in plan_columns(plan.progress_mode) if c.key not in cols]
    if missing:
        raise ContentError(
            [
                grid.problem(
                    header_row,
                    1,
                    f"the sheet has no {_either(missing)} column",
                    "--progress-only reads a sheet written by `sosafe sheet`; import another "
                    "spreadsheet without --progress-only",
                )
            ]
        )


def _either(words: list[str]) -> str:
    """["Id", "Status", "Check"] → "Id, Status or Check"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _merge(merge: Merge, sections: list[RawSection], cols: dict[str, int]) -> None:
    plan = merge.plan
    keys = checked_keys(plan_columns(plan.progress_mode))
    placed = {a.id: (sec, aim, a) for sec, aim, a in iter_actions(plan)}
    numbers = {s.id: k for k, s in enumerate(plan.sections, start=1)}
    seen: dict[str, int] = {}
    for raw_sec in sections:
        first_known: Any = None
        for raw_aim in raw_sec.aims:
            aim_known: Any = None
            previous: str | None = None
            for raw in raw_aim.actions:
                aid = merge.cell(raw.row, cols["id"])
                if aid in seen:
                    merge.errors.append(
                        merge.grid.problem(
                            raw.row,
                            cols["id"],
                            f"action {aid} is in the sheet twice (row {seen[aid]} too)",
                            "keep one row for each action",
                        )
                    )
                    continue
                if aid not in placed:
                    previous = _new_row(merge, raw, cols, aid, previous) or previous
                    continue
                seen[aid] = raw.row
                base = _base(merge, raw, cols, keys)
                if base is None:
                    continue
                sec, aim, action = placed[aid]
                ours = row_texts(numbers[sec.id], sec, aim, action)
                first_known = first_known or (raw_sec, base, ours, aid)
                aim_known = aim_known or (raw_aim, base, ours, aid)
                _row(merge, raw, cols, keys, base, ours, action)
                previous = aid
            if aim_known:
                _heading(merge, "aim", raw_aim.row, cols["aim"], raw_aim.text, aim_known)
        if first_known:
            text = merge.cell(raw_sec.row, 1) or f"{raw_sec.number}. {raw_sec.title}"
            _heading(merge, "section", raw_sec.row, 1, text, first_known)


def _base(
    merge: Merge, raw: RawAction, cols: dict[str, int], keys: list[str]
) -> dict[str, str] | None:
    """The fingerprints of the row as written, from its Check cell."""
    words = merge.cell(raw.row, cols["check"]).split()
    if len(words) == len(keys) and all(re.fullmatch(r"[0-9a-f]{6}", w) for w in words):
        return dict(zip(keys, words, strict=True))
    merge.errors.append(
        merge.grid.problem(
            raw.row,
            cols["check"],
            "this row's Check cell is not as `sosafe sheet` wrote it",
            "copy the row's Check cell back from the sheet as it was sent",
        )
    )
    return None


def _changed(theirs: str, ours: str, base: str) -> str | None:
    """How a cell differs: None (as written, or as the plan has it now), "change" (the lead
    changed it) or "conflict" (the plan changed since the sheet was written, too)."""
    if fingerprint(theirs) == base or " ".join(theirs.split()) == " ".join(ours.split()):
        return None
    return "change" if fingerprint(ours) == base else "conflict"


def _row(
    merge: Merge,
    raw: RawAction,
    cols: dict[str, int],
    keys: list[str],
    base: dict[str, str],
    ours: dict[str, str],
    action: m.Action,
) -> None:
    """Compare one action's row with the plan: take, report or accept each changed cell."""
    fill = merge.quarter or "progress_to_date"
    for key in keys:
        if key in ("section", "aim"):
            continue
        col = cols[key]
        theirs = merge.cell(raw.row, col)
        if key == "status":  # "Done", "in-progress" typed in a CSV: the list's words
            word = " ".join(theirs.lower().replace("-", " ").split())
            theirs = word if word in STATUS_WORDS else theirs
        how = _changed(theirs, ours[key], base[key])
        if how is None:
            continue
        if how == "conflict":
            merge.conflicts.append(_conflict(merge, raw.row, col, key, action, ours[key]))
        elif key == "status":
            _status(merge, raw.row, col, theirs, action)
        elif key == fill:
            node = merge.nodes[action.id][2]
            _progress(node, None if fill == "progress_to_date" else fill, theirs)
            merge.taken[key] = merge.taken.get(key, 0) + 1
        else:
            _other(merge, raw, cols, key, theirs, action.id)


def _conflict(merge: Merge, row: int, col: int, key: str, action: m.Action, ours: str) -> Problem:
    """Both the plan (since the sheet was written) and the sheet changed the cell."""
    what = {
        "status": f"the status of action {action.id}",
        "progress_to_date": f"the progress to date of action {action.id}",
        **{q: f"{q} of action {action.id}" for q in m.QUARTERS},
    }.get(key) or re.sub(r" differs? from the plan$", "", _DIFFERS[key])
    now = " ".join(ours.split()) or "nothing"
    command = f"sosafe progress {merge.plan.id} {action.id}"
    if key in m.QUARTERS:
        how = f'record it with `{command} {key} "…"`'
    elif key == "progress_to_date":
        how = f'record it with `{command} --to-date "…"`'
    elif key == "status":
        how = f"record it with `{command} {merge.quarter} --status …`"
    else:
        how = "change the plan's YAML"
    how = f"to use this sheet's, {how}"
    return merge.grid.problem(
        row,
        col,
        f"{what} was changed in the plan since this sheet was written, and this sheet "
        f"changes it too{_NOT}",
        f"the plan has: {now[:60]}{'…' if len(now) > 60 else ''}; {how}",
    )


def _status(merge: Merge, row: int, col: int, theirs: str, action: m.Action) -> None:
    """A status chosen in the sheet, recorded in the return's quarter."""
    word = " ".join(theirs.lower().replace("-", " ").split())
    value = STATUS_WORDS.get(word)
    if not theirs:
        merge.errors.append(
            merge.grid.problem(
                row,
                col,
                "the status was removed; a return cannot remove a status",
                "put the status back, or choose another from the list",
            )
        )
        return
    if value is None:
        merge.errors.append(
            merge.grid.problem(
                row,
                col,
                f"'{theirs}' is not a status",
                f"choose one of: {', '.join(STATUS_WORDS)}",
            )
        )
        return
    quarter = str(merge.quarter)
    old = action.status
    if old and old.value == value:
        return  # the same status, written another way ("In Progress")
    if old and old.quarter and old.quarter > quarter:
        merge.errors.append(
            merge.grid.problem(
                row,
                col,
                f"action {action.id} already has a status recorded in {old.quarter}, after "
                f"{quarter}",
                "record statuses in order; leave this one as it was",
            )
        )
        return
    set_status(merge.nodes[action.id][2], action, value, {"quarter": quarter})
    merge.taken["status"] = merge.taken.get("status", 0) + 1


def _progress(node: CommentedMap, quarter: str | None, text: str) -> None:
    """Write the cell's text as the action's progress (a cleared cell removes it)."""
    if text:
        set_progress(node, quarter, text)
        return
    if quarter is None:
        node.pop("progress_to_date", None)
        return
    progress = node.get("progress")
    if isinstance(progress, dict):
        progress.pop(quarter, None)
        if not progress:
            del node["progress"]


def _other(
    merge: Merge, raw: RawAction, cols: dict[str, int], key: str, theirs: str, aid: str
) -> None:
    """A changed cell that is not this return's progress or status."""
    message = (
        _DIFFERS.get(key) or f"{key} is not the quarter of this return, and differs from the plan"
    )
    problem = merge.grid.problem(raw.row, cols[key], message + _NOT, _ACCEPT)
    if not merge.accept:
        merge.differences.append(problem)
        return
    merge.accepted.append(
        merge.grid.problem(raw.row, cols[key], f"{message}; imported with --accept-changes")
    )
    node = merge.nodes[aid][2]
    if key in m.QUARTERS:
        _progress(node, key, theirs)
    elif key == "action":
        match = REF.match(theirs)
        ref, text = (f"{match.group(1)})", match.group(2).strip()) if match else (None, theirs)
        if ref:
            set_in_order(node, "ref", ref, _ACTION_KEYS)
        else:
            node.pop("ref", None)
        set_in_order(node, "text", text_value(text), _ACTION_KEYS)
    else:
        value = _list(key, theirs, merge.grid.orgs)
        if value:
            _replace(node, key, value)
        else:
            node.pop(key, None)


def _replace(node: CommentedMap, key: str, value: CommentedSeq) -> None:
    """Set a list, keeping a comment that ended the old one (such as a separator line)."""
    old = getattr(node.get(key), "ca", None)
    set_in_order(node, key, value, _ACTION_KEYS)
    if old is not None and old.end:
        value.ca.comment, value.ca.end = old.comment, old.end


def _list(key: str, cell: str, orgs: set[str]) -> CommentedSeq:
    """A lead, partners, resources or expected outcomes cell as the YAML writes it."""
    items = cell_items([cell])
    if key == "lead":
        leads = [x for line in items for x in who(line, orgs)]
        return CommentedSeq(
            flow(
                (x if isinstance(x, m.Lead) else m.Lead(organisation=x)).model_dump(
                    exclude_none=True
                )
            )
            for x in leads
        )
    if key == "partners":
        return CommentedSeq(
            flow(x.model_dump(exclude_none=True)) if isinstance(x, m.Lead) else text_value(x)
            for line in items
            for x in who(line, orgs)
        )
    return CommentedSeq(text_value(x) for x in items)


def _heading(
    merge: Merge,
    key: str,
    row: int,
    col: int,
    theirs: str,
    known: tuple[Any, dict[str, str], dict[str, str], str],
) -> None:
    """An aim's or a section's cell, compared as its first known action's row wrote it."""
    _, base, ours, aid = known
    how = _changed(theirs, ours[key], base[key])
    if how is None:
        return
    if how == "conflict":
        merge.conflicts.append(
            merge.grid.problem(
                row,
                col,
                f"{_DIFFERS[key]}, which changed since this sheet was written{_NOT}",
                "change the plan's YAML if the sheet is right",
            )
        )
        return
    if not merge.accept:
        merge.differences.append(merge.grid.problem(row, col, _DIFFERS[key] + _NOT, _ACCEPT))
        return
    merge.accepted.append(
        merge.grid.problem(row, col, f"{_DIFFERS[key]}; imported with --accept-changes")
    )
    sec, aim, _ = merge.nodes[aid]
    if key == "aim":
        match = AIM.match(theirs)
        number, text = (match.group(1), match.group(2).strip()) if match else (None, theirs)
        if number:
            aim["number"] = number
        aim["text"] = " ".join(text.split())
    else:
        match = _SECTION.match(theirs)
        sec["title"] = " ".join((match.group(2) if match else theirs).split())


def _new_row(
    merge: Merge,
    raw: RawAction,
    cols: dict[str, int],
    aid: str,
    previous: str | None,
) -> str | None:
    """A row for no action of the plan: added after the row above (in its aim) when
    accepted (its new id returned); a row that starts a new aim or section is for a full
    import."""
    where = (
        f"a new row (no action '{aid}' in plan {merge.plan.id})"
        if aid
        else "a new row, with no action id"
    )
    col = cols["id"]
    if previous is None:
        merge.errors.append(
            merge.grid.problem(
                raw.row,
                col,
                f"{where}, in an aim or section of its own{_NOT}",
                "add new aims and sections with `sosafe import` without --progress-only, "
                "or in the plan's YAML",
            )
        )
        return None
    if not merge.accept:
        merge.differences.append(merge.grid.problem(raw.row, col, where + _NOT, _ACCEPT))
        return None
    sec, aim, before = merge.nodes[previous]
    taken = set(merge.nodes)
    new_id = aid if aid and aid not in taken else _free_id(str(aim["id"]), taken)
    texts = {k: merge.cell(raw.row, c) for k, c in cols.items()}
    match = REF.match(texts.get("action", ""))
    ref, text = (f"{match.group(1)})", match.group(2).strip()) if match else (None, texts["action"])
    fields = {k: [v] for k, v in texts.items() if v}
    progress = {q: texts[q] for q in m.QUARTERS if texts.get(q)}
    record = action_record(fields, new_id, ref, text, merge.grid.orgs, progress, None)
    actions = aim["actions"]
    node = action_map(record, lambda o: o, True, None)
    actions.insert(actions.index(before) + 1, node)
    merge.nodes[new_id] = (sec, aim, node)
    merge.accepted.append(
        merge.grid.problem(
            raw.row, col, f"{where}; imported with --accept-changes as action {new_id}"
        )
    )
    return new_id


def _free_id(aim_id: str, taken: set[str]) -> str:
    """The aim's next unused action id: 2-1-c after 2-1-a and 2-1-b."""
    letters = [*string.ascii_lowercase, *(str(n) for n in range(27, 1000))]
    return next(f"{aim_id}-{x}" for x in letters if f"{aim_id}-{x}" not in taken)
