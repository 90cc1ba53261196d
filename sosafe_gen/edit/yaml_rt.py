"""Content files as written: ruamel.yaml round-trip, so an edit keeps comments, key order,
quoting and layout, and the diff is the change.

Records are written back in the layout the content files use (flow style for ids and
small mappings, `|-` blocks for multi-line text).
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..content import model as m
from ..content.load import reads_as_text


class _Representer(RoundTripRepresenter):
    """Writes what the content reader reads back unchanged.

    ruamel writes YAML 1.2, where `No`, `on` or `12:30` is text and needs no quotes; the
    reader (`content.load`, PyYAML) is YAML 1.1, where they are a boolean and a number.
    So text is written plain only when the reader would read it back as that text.
    """

    def represent_str(self, data: str) -> Any:
        style = None if reads_as_text(data) and not _BREAKS.search(data) else '"'
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


# Line breaks to YAML 1.1 (and so to the reader) but not to YAML 1.2.
_BREAKS = re.compile("[\x85\u2028\u2029]")
# What a `|` block may hold as it is: YAML's printable characters, less those breaks.
_IN_BLOCK = re.compile(
    "^[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$"
)

_Representer.add_representer(str, _Representer.represent_str)
_Representer.add_representer(
    type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
)


def yaml_rt() -> YAML:
    """ruamel set up to reproduce the content files byte for byte when nothing changes."""
    y = YAML()
    y.Representer = _Representer
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap long lines
    y.indent(mapping=2, sequence=4, offset=2)
    y.brace_single_entry_mapping_in_flow_sequence = True  # [{organisation: Police}]
    return y


def dump(data: Any) -> str:
    buf = io.StringIO()
    yaml_rt().dump(data, buf)
    return buf.getvalue()


def text_value(text: str) -> Any:
    """Multi-line text as a `|-` block (as the files write it); one line as a plain scalar.

    A block holds its text as it is, so text with characters YAML does not allow there is
    left to the representer, which escapes them in double quotes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return LiteralScalarString(text) if "\n" in text and _IN_BLOCK.match(text) else text


def set_in_order(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Replace a key's value in place, or insert it where the model's field order puts it."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key)
    keys = list(mapping)
    pos = next((i for i, k in enumerate(keys) if k in order and order.index(k) > rank), len(keys))
    mapping.insert(pos, key, value)


_PLAIN_IN_FLOW = re.compile(r"^\w[\w .()/&'’–+-]*$")


def flow(data: dict[str, Any] | list[Any]) -> Any:
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


def section_map(
    sec: m.PlanSection,
    objective: Any = _keep,
    progress: bool = True,
    carried_from: str | None = None,
) -> CommentedMap:
    """A plan section as the content files write it (flow style for ids and small maps).

    Without `progress`, an action's progress and status are left out; with `carried_from`
    (a plan id), each action records the action of that plan it continues.
    """
    out = CommentedMap(id=sec.id)
    if sec.number is not None:
        out["number"] = sec.number
    out["title"] = sec.title
    if objective(sec.objective):
        out["objective"] = sec.objective
    if sec.themes:
        out["themes"] = flow(list(sec.themes))
    if sec.unconfirmed:
        out["unconfirmed"] = flow(list(sec.unconfirmed))
    if sec.source:
        out["source"] = flow(sec.source.model_dump(exclude_none=True))
    out["aims"] = [_aim(a, objective, progress, carried_from) for a in sec.aims]
    return out


def _aim(aim: m.PlanAim, objective: Any, progress: bool, carried_from: str | None) -> CommentedMap:
    out = CommentedMap(id=aim.id)
    if aim.number is not None:
        out["number"] = aim.number
    out["text"] = aim.text
    if aim.themes:
        out["themes"] = flow(list(aim.themes))
    if aim.unconfirmed:
        out["unconfirmed"] = flow(list(aim.unconfirmed))
    out["actions"] = [action_map(a, objective, progress, carried_from) for a in aim.actions]
    return out


def action_map(
    a: m.Action, objective: Any, progress: bool, carried_from: str | None
) -> CommentedMap:
    out = CommentedMap(id=a.id)
    if a.ref is not None:
        out["ref"] = a.ref
    out["text"] = text_value(a.text)
    if a.lead:
        out["lead"] = [flow(lead.model_dump(exclude_none=True)) for lead in a.lead]
    for key in ("partners", "resources", "expected_outcomes", "timescale", "measures"):
        if key == "timescale" and a.timescale:
            out[key] = timescale_value(a.timescale)
        elif getattr(a, key) and key != "timescale":
            out[key] = [
                flow(v.model_dump(exclude_none=True)) if isinstance(v, m.Lead) else text_value(v)
                for v in getattr(a, key)
            ]
    if progress and a.progress:
        out["progress"] = CommentedMap((q, text_value(t)) for q, t in a.progress.items())
    if progress and a.progress_to_date:
        out["progress_to_date"] = text_value(a.progress_to_date)
    if progress:
        _delivery(a, out)
    if progress and a.added:
        out["added"] = a.added
    # Cut-off source cells stay marked; progress ones go with the progress.
    incomplete = [f for f in a.incomplete if progress or not f.startswith("progress")]
    if incomplete:
        out["incomplete"] = flow(incomplete)
    if carried_from is not None:
        out["continues"] = flow({"plan": carried_from, "action": a.id})
    elif a.continues is not None:
        out["continues"] = flow(a.continues.model_dump())
    if objective(a.objective):
        out["objective"] = a.objective
    if a.themes:
        out["themes"] = flow(list(a.themes))
    if a.source:
        out["source"] = flow(a.source.model_dump(exclude_none=True))
    return out


def timescale_value(t: m.Timescale) -> Any:
    """`Ongoing`, or with a date `{text: 31 March 2026, date: 2026-03-31}`."""
    return flow({"text": t.text, "date": t.date}) if t.date else t.text


def status_map(s: m.ActionStatus) -> Any:
    """A status as one flow mapping: `{value: done, source: {document: …}}`."""
    data: dict[str, Any] = {"value": s.value}
    if s.quarter:
        data["quarter"] = s.quarter
    if s.source:
        data["source"] = flow(s.source.model_dump(exclude_none=True))
    if s.note:
        data["note"] = s.note
    return flow(data)


def _delivery(a: m.Action, out: CommentedMap) -> None:
    """The status recorded for the action and those before it."""
    if a.status:
        out["status"] = status_map(a.status)
    if a.status_history:
        out["status_history"] = [status_map(s) for s in a.status_history]
