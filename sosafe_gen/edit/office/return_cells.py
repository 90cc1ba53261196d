"""What each changed cell of a returned sheet does to the plan: the merge's state, the
cells taken (progress, status), reported (a conflict, a changed wording) or, when the comms
team accepts changes, written into the plan file's round-trip YAML."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ...content import model as m
from ...content.problems import Problem
from ...site.open_data import safe_cell as csv_cell
from ..progress import set_progress, set_status
from ..yaml_rt import action_map, flow, set_in_order, text_value, timescale_value, yaml_rt
from .build import action_record, ref_label, timescale, who
from .fingerprints import fingerprint
from .grid import Grid
from .layout import STATUS_WORDS
from .rows import AIM, REF, SECTION, RawAction, cell_items

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
    "timescale": "the timescale differs from the plan",
    "measures": "the success measures differ from the plan",
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


def changed(theirs: str, ours: str, base: str) -> str | None:
    """How a cell differs: None (as written, or as the plan has it now), "change" (the lead
    changed it) or "conflict" (the plan changed since the sheet was written, too)."""
    if fingerprint(theirs) == base or " ".join(theirs.split()) == " ".join(ours.split()):
        return None
    return "change" if fingerprint(ours) == base else "conflict"


def conflict(merge: Merge, row: int, col: int, key: str, action: m.Action, ours: str) -> Problem:
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


def take_status(merge: Merge, row: int, col: int, theirs: str, action: m.Action) -> None:
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


def take_progress(node: CommentedMap, quarter: str | None, text: str) -> None:
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


def other_cell(
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
        take_progress(node, key, theirs)
    elif key == "action":
        match = REF.match(theirs)
        ref, text = (ref_label(match.group(1)), match.group(2).strip()) if match else (None, theirs)
        if ref:
            set_in_order(node, "ref", ref, _ACTION_KEYS)
        else:
            node.pop("ref", None)
        set_in_order(node, "text", text_value(text), _ACTION_KEYS)
    elif key == "timescale":
        when = timescale(" ".join(theirs.split()))
        if when:
            set_in_order(node, key, timescale_value(when), _ACTION_KEYS)
        else:
            node.pop(key, None)
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
    """A lead, partners, resources, expected outcomes or measures cell as the YAML writes it."""
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


def heading_cell(
    merge: Merge,
    key: str,
    row: int,
    col: int,
    theirs: str,
    known: tuple[Any, dict[str, str], dict[str, str], str],
) -> None:
    """An aim's or a section's cell, compared as its first known action's row wrote it."""
    _, base, ours, aid = known
    how = changed(theirs, ours[key], base[key])
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
        match = SECTION.match(theirs)
        sec["title"] = " ".join((match.group(2) if match else theirs).split())


def new_row(
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
    ref, text = (
        (ref_label(match.group(1)), match.group(2).strip()) if match else (None, texts["action"])
    )
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
