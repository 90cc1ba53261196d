"""The browser editor's YAML writer (editor/src, run in Node) against the commands' own writer
(ruamel.yaml, `sosafe progress`): on the real content and every fixture partnership.

- Every content file and update read by the editor and written back unchanged is the same
  bytes, and the editor reads the same data from it as the content reader (PyYAML, YAML 1.1).
- Recording progress (an existing quarter replaced, a new quarter added, progress to date) and
  a status (a first one, one replacing another, which moves to `status_history`) gives the
  exact text `sosafe progress` writes, for texts that need each kind of quoting.
- A new file is written in the house style: what ruamel writes for the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT

from sosafe_gen.content import model as m
from sosafe_gen.content.check import FOLDERS, SINGLE_FILES, load_content
from sosafe_gen.content.load import load_file
from sosafe_gen.content.record import iter_actions
from sosafe_gen.content.updates import UpdateMeta
from sosafe_gen.edit.progress import Recorded, record_progress, set_progress, set_status
from sosafe_gen.edit.yaml_rt import dump, flow, text_value, yaml_rt
from sosafe_gen.site.editor_model import FLOW_MODELS, spec

APPLY = ROOT / "editor" / "tools" / "apply.mjs"
PARTNERSHIPS = {
    "content": ROOT / "content",
    **{
        name: FIXTURES / name / "content"
        for name in ("site", "one-of-each", "strategy-only", "scrutiny", "bilingual")
    },
}

TEXTS = [
    "Leaflets handed out at two more schools.",
    "Progress: good, and 50% of the target met",
    "It's done: the café opened",
    'The board said "yes" to the plan.',
    "yes",
    "12:30",
    "- a list, it seems",
    "# not a comment",
    "[in brackets] and {braces}",
    "Two lines:\nthe second one.",
    "  Surrounded by spaces  ",
    "2025-11-25",
    "Tab\there",
]
"""Texts that need each style: plain, single and double quotes, a `|-` block."""


def node(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The editor's writer on each job, in one Node process (editor/tools/apply.mjs)."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "yaml").is_dir():
        pytest.fail("the editor's writer needs Node and node_modules: run `make editor`")
    lines = "".join(json.dumps(job) + "\n" for job in jobs)
    out = subprocess.run(
        ["node", str(APPLY)], input=lines, capture_output=True, text=True, check=True
    )
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(answers) == len(jobs), out.stderr
    for answer in answers:
        assert "error" not in answer, answer["error"]
    return answers


def kind_spec(path: Path, root: Path) -> dict[str, Any]:
    rel = path.relative_to(root)
    model = SINGLE_FILES.get(rel.as_posix()) or FOLDERS[rel.parts[0]]
    return spec(model)


def content_files(root: Path) -> Iterator[Path]:
    yield from sorted(p for p in root.rglob("*.yml") if p.is_file())


def test_every_file_reads_as_the_site_reads_it_and_writes_back_unchanged() -> None:
    jobs, expected, labels = [], [], []
    for name, root in PARTNERSHIPS.items():
        languages = load_content(root).languages
        for path in content_files(root):
            raw = path.read_text(encoding="utf-8")
            jobs += [{"op": "roundtrip", "raw": raw, "spec": kind_spec(path, root)}]
            jobs += [{"op": "data", "raw": raw}]
            doc, problems = load_file(path, str(path))
            assert doc is not None and not problems
            expected.append((raw, doc.data))
            labels.append(f"{name}:{path.relative_to(root)}")
        for path in sorted((root / "updates").glob("*.md")):
            raw = path.read_text(encoding="utf-8")
            upd = {"op": "roundtrip", "raw": raw, "spec": spec(UpdateMeta)}
            jobs += [upd | {"languages": list(languages)}, {"op": "data", "raw": "{}"}]
            expected.append((raw, {}))
            labels.append(f"{name}:{path.relative_to(root)}")
    answers = node(jobs)
    assert len(labels) >= 40  # every partnership's files, real content included
    for i, label in enumerate(labels):
        raw, data = expected[i]
        assert answers[2 * i]["raw"] == raw, f"{label} is not written back as it was"
        assert answers[2 * i + 1]["data"] == data, f"{label} reads differently from the site"


def test_words_that_look_like_numbers_read_as_the_site_reads_them() -> None:
    """An area code (`E07000999`) is a word to PyYAML but an exponent float to the `yaml`
    package's YAML 1.1 schema unless told otherwise; each reads here as the site reads it."""
    raws = ["code: E07000999\n", "code: 1e5\n", "code: 1.5e+3\n", "code: -2.0E-2\n", "code: e5\n"]
    answers = node([{"op": "data", "raw": raw} for raw in raws])
    assert [a["data"] for a in answers] == [yaml.safe_load(raw) for raw in raws]
    assert answers[0]["data"] == {"code": "E07000999"}


# --- progress and status, against `sosafe progress` ---------------------------------------


def _ruamel(
    raw: str,
    action: m.Action,
    quarter: str | None,
    text: str | None,
    status: str | None,
    welsh: str | None,
) -> str:
    """What `sosafe progress` writes (its own functions, in its order: status, then text)."""
    data = yaml_rt().load(raw)
    node_ = next(
        a
        for sec in data["sections"]
        for aim in sec["aims"]
        for a in aim["actions"]
        if str(a["id"]) == action.id
    )
    if status is not None:
        set_status(node_, action, status, {"quarter": quarter} if quarter else {})
    if text is not None:
        set_progress(node_, quarter, text, welsh)
    return dump(data)


def _edited(
    data: dict[str, Any],
    action_id: str,
    quarter: str | None,
    text: str | None,
    status: str | None,
    welsh: str | None,
) -> dict[str, Any]:
    """The plan's data as the editor's progress form leaves it after the same edit."""
    out = json.loads(json.dumps(data))
    for sec in out["sections"]:
        for aim in sec["aims"]:
            for a in aim["actions"]:
                if a["id"] != action_id:
                    continue
                value: Any = text if welsh is None else {"en": text, "cy": welsh}
                if text is not None and quarter is None:
                    a["progress_to_date"] = value
                elif text is not None:
                    a.setdefault("progress", {})[quarter] = value
                if status is not None:
                    a["status"] = {"value": status, "quarter": quarter}
    return out


def _cases(
    root: Path,
) -> Iterator[tuple[Path, m.ActionPlan, m.Action, str | None, str, str | None]]:
    """Actions of every plan with an edit each: every action of a fixture plan; on the
    (larger) real content, every ninth, the first and the last (bench/editor_writer.py does
    every action)."""
    content = load_content(root)
    for plan in content.plans.values():
        actions = [a for _, _, a in iter_actions(plan)]
        if root == ROOT / "content":
            keep = sorted({*range(0, len(actions), 9), len(actions) - 1})
            actions = [actions[i] for i in keep]
        for n, action in enumerate(actions):
            text = TEXTS[n % len(TEXTS)]
            if plan.progress_mode == "to_date":
                yield root / "action-plans" / f"{plan.id}.yml", plan, action, None, text, None
                continue
            have = sorted((action.progress or {}).keys())
            later = [q for q in m.QUARTERS if not have or q >= have[-1]]
            quarter = later[n % len(later)]
            status = m.STATUS_VALUES[n % len(m.STATUS_VALUES)]
            if action.status and action.status.quarter and action.status.quarter > quarter:
                status = None  # the command refuses a status out of order
            yield root / "action-plans" / f"{plan.id}.yml", plan, action, quarter, text, status


@pytest.mark.parametrize("name", [n for n in PARTNERSHIPS if n != "strategy-only"])
def test_recording_progress_and_status_writes_what_sosafe_progress_writes(name: str) -> None:
    root = PARTNERSHIPS[name]
    bilingual = len(load_content(root).languages) > 1
    jobs, expected, labels = [], [], []
    datas: dict[Path, Any] = {}
    for path, _plan, action, quarter, text, status in _cases(root):
        raw = path.read_text(encoding="utf-8")
        if path not in datas:
            datas[path] = node([{"op": "data", "raw": raw}])[0]["data"]
        welsh = f"Cymraeg: {text}" if bilingual else None
        expected.append(_ruamel(raw, action, quarter, text, status, welsh))
        data = _edited(datas[path], action.id, quarter, text, status, welsh)
        jobs.append(
            {"op": "apply", "raw": raw, "data": data, "spec": spec(m.ActionPlan), "plan": True}
        )
        labels.append(f"{path.name} {action.id} {quarter} {text!r} {status}")
    assert jobs, f"{name} has no plan to record progress in"
    for label, want, got in zip(labels, expected, node(jobs), strict=True):
        assert got["raw"] == want, f"{name}: {label}"


def test_a_status_replacing_another_moves_it_to_the_history_as_the_command_does(
    tmp_path: Path,
) -> None:
    """Through `record_progress` itself, on a fixture plan whose action has a status in an
    earlier quarter: the old one goes to status_history, with its text as written."""
    work = tmp_path / "scrutiny"
    shutil.copytree(FIXTURES / "scrutiny" / "content", work)
    content = load_content(work)
    plan, action = next(
        (p, a)
        for p in content.plans.values()
        for _, _, a in iter_actions(p)
        if a.status and a.status.quarter and a.status.quarter < "Q4"
    )
    path = work / "action-plans" / f"{plan.id}.yml"
    raw = path.read_text(encoding="utf-8")
    data = node([{"op": "data", "raw": raw}])[0]["data"]
    edited = _edited(data, action.id, "Q4", "Finished in the last quarter.", "done", None)
    job = {"op": "apply", "raw": raw, "data": edited, "spec": spec(m.ActionPlan), "plan": True}
    (ours,) = node([job])
    record_progress(
        work, plan.id, action.id, "Q4", "Finished in the last quarter.", Recorded("done")
    )
    assert ours["raw"] == path.read_text(encoding="utf-8")
    assert "status_history" in ours["raw"]


# --- new files in the house style ---------------------------------------------------------


def _house(value: Any, s: dict[str, Any]) -> Any:
    """Data as the commands' writer builds records (yaml_rt): flow for small records and id
    lists, `|-` blocks for text of several lines; a title in two languages on one line (as
    `sosafe new update` writes it), longer text in two languages as a block (as `sosafe
    progress --welsh`)."""
    if isinstance(value, dict) and s.get("tr"):
        texts = {k: text_value(v) for k, v in value.items() if not _blank(v)}
        one_line = s.get("t") == "text" and not any("\n" in v for v in texts.values())
        return flow(texts) if one_line else _map(texts)
    if isinstance(value, dict) and s.get("t") in ("map", "dict"):
        fields = dict(s.get("fields", [])) if s["t"] == "map" else {}
        order = [k for k, _ in s.get("fields", [])] or s.get("keys", [])
        keys = [k for k in order if k in value] + [k for k in value if k not in order]
        out = {
            k: _house(value[k], fields.get(k) or s.get("of") or {})
            for k in keys
            if not _blank(value[k])
        }
        return flow(out) if s.get("flow") else _map(out)
    if isinstance(value, list):
        items = [_house(v, s.get("of") or {}) for v in value]
        return flow(items) if s.get("flow") else items
    if isinstance(value, str) and s.get("t") == "date":
        return dt.date.fromisoformat(value)  # the files write dates plain
    if isinstance(value, str):
        return text_value(value)
    return value


def _blank(v: Any) -> bool:
    return v is None or v == "" or v == [] or (isinstance(v, dict) and all(map(_blank, v.values())))


def _map(d: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(d)


@pytest.mark.parametrize("name", ["content", "site", "bilingual"])
def test_a_new_file_is_written_as_the_commands_write_records(name: str) -> None:
    root = PARTNERSHIPS[name]
    jobs, expected, labels = [], [], []
    paths = list(content_files(root))
    datas = node([{"op": "data", "raw": p.read_text(encoding="utf-8")} for p in paths])
    for path, read in zip(paths, datas, strict=True):
        s = kind_spec(path, root)
        data = read["data"]
        jobs.append({"op": "emit", "data": data, "spec": s})
        expected.append(dump(_house(data, s)))
        labels.append(str(path.relative_to(root)))
    assert FLOW_MODELS  # small records are flow style
    for label, want, got in zip(labels, expected, node(jobs), strict=True):
        assert got["raw"] == want, label
