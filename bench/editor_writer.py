"""The browser editor's YAML writer against `sosafe progress`, on every action there is.

    .venv/bin/python bench/editor_writer.py [CONTENT_DIR ...]

For the real content and every fixture partnership (or the folders given): every content file
read by the editor's format (Node, editor/tools/apply.mjs) and written back unchanged must be
the same bytes; then, for every action of every plan and each of a set of texts needing each
kind of quoting, the editor's text after recording that progress (a new or replaced quarter,
or progress to date) and a status in that quarter must be exactly what `sosafe progress`'s
own functions write. Prints the counts and the first differences. tests/test_editor_writer.py
runs a sample of the same on every test run.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sosafe_gen.content import model as m  # noqa: E402
from sosafe_gen.content.check import FOLDERS, SINGLE_FILES, load_content  # noqa: E402
from sosafe_gen.content.record import iter_actions  # noqa: E402
from sosafe_gen.edit.progress import set_progress, set_status  # noqa: E402
from sosafe_gen.edit.yaml_rt import dump, yaml_rt  # noqa: E402
from sosafe_gen.site.editor_model import spec  # noqa: E402

TEXTS = [
    "Leaflets handed out at two more schools.",
    "Progress: good, and 50% of the target met",
    "It's done: the café opened",
    'The board said "yes" to the plan.',
    "yes",
    "- a list, it seems",
    "# not a comment",
    "Two lines:\nthe second one.",
]
FIXTURES = ["site", "one-of-each", "strategy-only", "scrutiny", "bilingual"]


def node(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lines = "".join(json.dumps(j) + "\n" for j in jobs)
    out = subprocess.run(
        ["node", str(ROOT / "editor" / "tools" / "apply.mjs")],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def ruamel(
    raw: str,
    action: m.Action,
    quarter: str | None,
    text: str,
    status: str | None,
    welsh: str | None,
) -> str:
    data = yaml_rt().load(raw)
    target = next(
        a
        for s in data["sections"]
        for aim in s["aims"]
        for a in aim["actions"]
        if str(a["id"]) == action.id
    )
    if status is not None:
        set_status(target, action, status, {"quarter": quarter})
    set_progress(target, quarter, text, welsh)
    return dump(data)


def edited(
    data: Any, action_id: str, quarter: str | None, text: str, status: str | None, welsh: str | None
) -> Any:
    out = json.loads(json.dumps(data))
    for s in out["sections"]:
        for aim in s["aims"]:
            for a in aim["actions"]:
                if a["id"] == action_id:
                    value: Any = text if welsh is None else {"en": text, "cy": welsh}
                    if quarter is None:
                        a["progress_to_date"] = value
                    else:
                        a.setdefault("progress", {})[quarter] = value
                    if status is not None:
                        a["status"] = {"value": status, "quarter": quarter}
    return out


def measure(root: Path) -> tuple[int, int, int, int, list[str]]:
    content = load_content(root)
    welsh_needed = len(content.languages) > 1
    files = sorted(root.rglob("*.yml"))
    jobs = []
    for path in files:
        rel = path.relative_to(root)
        model = SINGLE_FILES.get(rel.as_posix()) or FOLDERS[rel.parts[0]]
        jobs.append(
            {"op": "roundtrip", "raw": path.read_text(encoding="utf-8"), "spec": spec(model)}
        )
    same = sum(a.get("raw") == j["raw"] for a, j in zip(node(jobs), jobs, strict=True))
    edits, labels, expected = [], [], []
    for plan in content.plans.values():
        path = root / "action-plans" / f"{plan.id}.yml"
        raw = path.read_text(encoding="utf-8")
        data = node([{"op": "data", "raw": raw}])[0]["data"]
        for n, (_, _, action) in enumerate(iter_actions(plan)):
            for k, text in enumerate(TEXTS):
                welsh = f"Cymraeg {k}" if welsh_needed else None
                if plan.progress_mode == "to_date":
                    quarter, status = None, None
                else:
                    have = sorted((action.progress or {}).keys())
                    later = [q for q in m.QUARTERS if not have or q >= have[-1]]
                    quarter = later[(n + k) % len(later)]
                    status = m.STATUS_VALUES[(n + k) % len(m.STATUS_VALUES)]
                    if action.status and action.status.quarter and action.status.quarter > quarter:
                        status = None
                expected.append(ruamel(raw, action, quarter, text, status, welsh))
                edits.append(
                    {
                        "op": "apply",
                        "raw": raw,
                        "data": edited(data, action.id, quarter, text, status, welsh),
                        "spec": spec(m.ActionPlan),
                        "plan": True,
                    }
                )
                labels.append(f"{path.name} {action.id} {quarter} {text!r} {status}")
    differ = []
    ok = 0
    for label, want, got in zip(labels, expected, node(edits) if edits else [], strict=True):
        if got.get("raw") == want:
            ok += 1
        elif len(differ) < 3:
            diff = difflib.unified_diff(want.splitlines(1), got.get("raw", "").splitlines(1))
            differ.append(label + "\n" + "".join(list(diff)[:12]))
    return len(files), same, len(edits), ok, differ


def main() -> int:
    roots = [Path(a) for a in sys.argv[1:]] or [
        ROOT / "content",
        *(ROOT / "tests" / "fixtures" / f / "content" for f in FIXTURES),
    ]
    failed = False
    for root in roots:
        started = time.monotonic()
        files, same, edits, ok, differ = measure(root)
        took = time.monotonic() - started
        print(
            f"{root.relative_to(ROOT) if root.is_relative_to(ROOT) else root}: "
            f"{same}/{files} files written back byte for byte; "
            f"{ok}/{edits} progress and status edits as `sosafe progress` writes them "
            f"({took:.0f} s)"
        )
        for d in differ:
            print("  " + d.replace("\n", "\n  "))
        failed = failed or same != files or ok != edits
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
