"""One problem type for every kind of bad input, printed in one place.

Positions are 1-based (as editors count) and converted once, where the YAML marks
are read. A problem in a text file is `file:LINE:COL: field.path: message`; one in a
spreadsheet is `file.xlsx:Sheet!C12: message` (a CSV has no sheet: `file.csv:C12:`); one
in a document is where a reader finds it, `plan.docx: table 2, row 5, column "Lead":`.
Each is followed by an indented hint.

`report` also writes the same problems for the places a review request shows them
(`sosafe check --format`): GitHub workflow annotations, a GitLab Code Quality report and
a plain JSON list, each with the text form's file, line, column, field path, message and
hint. A spreadsheet cell or a place in a document has no line in its file, so it is named
in the message instead.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .text import one_line, plural


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str | None = None
    sheet: str | None = None
    """Set for a spreadsheet cell (empty for a CSV): `line` is its row, `column` its column."""
    place: str | None = None
    """Set for a place in a document, in a reader's words (`table 2, row 5, column "Lead"`);
    `line` and `column` then only order the problems as the document runs."""

    def sort_key(self) -> tuple[str, int, int, str, str, str, str, str]:
        return (
            self.file,
            self.line,
            self.column,
            self.path,
            self.message,
            self.hint or "",
            self.sheet or "",
            self.place or "",
        )

    @property
    def where(self) -> str:
        if self.place is not None:
            return f"{self.file}: {self.place}:"
        if self.sheet is None:
            return f"{self.file}:{self.line}:{self.column}:"
        sheet = f"{self.sheet}!" if self.sheet else ""
        return f"{self.file}:{sheet}{column_letter(self.column)}{self.line}:"

    @property
    def cell(self) -> str | None:
        """A spreadsheet cell's name (`Plan!C12`, or `C12` in a CSV), or a place in a
        document (`table 2, row 5, column "Lead"`); None in a text file."""
        if self.place is not None:
            return self.place
        if self.sheet is None:
            return None
        return (f"{self.sheet}!" if self.sheet else "") + f"{column_letter(self.column)}{self.line}"

    @property
    def what(self) -> str:
        """`field.path: message` on one line, without the file and position."""
        return one_line(self._head())

    def _head(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __str__(self) -> str:
        """One line (a value quoted in it cannot break it), and an indented hint line."""
        head = one_line(f"{self.where} {self._head()}")
        return f"{head}\n  hint: {one_line(self.hint)}" if self.hint else head


def column_letter(n: int) -> str:
    """A spreadsheet column's name: 1 → A, 27 → AA."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ContentError(Exception):
    """Raised once, with every problem found, when content cannot be published."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=Problem.sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        return report(self.problems, "text")


FORMATS = ("text", "github", "gitlab", "json")
"""The forms `report` writes (`sosafe check --format`)."""
SEVERITY = "blocker"
"""The Code Quality severity of every problem: none is a matter of taste, since the site is
not published while any remains."""


def report(problems: Sequence[Problem], form: str) -> str:
    """Every problem in one form: `text` (the lines above and a count, for a terminal),
    `github` (one workflow annotation a line), `gitlab` (a Code Quality report) or `json`
    (a plain list). The problems come sorted, as ContentError keeps them."""
    if form == "text":
        n = len(problems)
        lines = [str(p) for p in problems]
        lines.append(f"{n} {plural('problem', n)} found; nothing was written.")
        return "\n".join(lines)
    if form == "github":
        return "".join(github_annotation(p) + "\n" for p in problems)
    if form == "gitlab":
        return _json(code_quality(problems))
    if form == "json":
        return _json([problem_record(p) for p in problems])
    raise ValueError(f"no such form of report: {form!r}")


def github_annotation(p: Problem) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, escaped as GitHub's own toolkit
    escapes (`%`, CR and LF in the message; `:` and `,` as well in a property), so a quoted
    value can neither end the annotation nor start another. The message is the text form's
    `field.path: message` with the hint on a line of its own; the title is the field path.
    A cell has no line in its file: the annotation is on the whole file, naming the cell."""
    props = [f"file={_property(p.file)}"]
    if p.cell is None:
        props += [f"line={p.line}", f"col={p.column}"]
    props.append(f"title={_property(p.path or p.cell or p.file)}")
    text = f"{p.cell}: {p.what}" if p.cell else p.what
    if p.hint:
        text += f"\nhint: {one_line(p.hint)}"
    return f"::error {','.join(props)}::{_data(text)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def code_quality(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    """GitLab's Code Quality report: each problem's description (`field.path: message
    (hint: …)`), check name, severity, a fingerprint and its location (`lines.begin`, which
    GitLab requires, and `positions.begin` with the column). A fingerprint is the same
    problem's in every pipeline however the lines above it move, so GitLab can tell a new
    problem from one that was already there; two problems alike in all but their place
    are numbered apart. A cell is on line 1 of its file and named in the description."""
    seen: Counter[str] = Counter()
    issues = []
    for p in problems:
        key = "\0".join((p.file, p.cell or "", p.path, p.message))
        seen[key] += 1
        description = f"{p.cell}: {p.what}" if p.cell else p.what
        if p.hint:
            description += f" (hint: {one_line(p.hint)})"
        location: dict[str, Any] = {"path": p.file, "lines": {"begin": 1 if p.cell else p.line}}
        if p.cell is None:
            location["positions"] = {"begin": {"line": p.line, "column": p.column}}
        issues.append(
            {
                "description": description,
                "check_name": "sosafe-check",
                "fingerprint": hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest(),
                "severity": SEVERITY,
                "location": location,
            }
        )
    return issues


def problem_record(p: Problem) -> dict[str, Any]:
    """One problem as plain data: a text file's line and column, or a spreadsheet's cell."""
    return {
        "file": p.file,
        "line": None if p.cell else p.line,
        "column": None if p.cell else p.column,
        "cell": p.cell,
        "path": p.path or None,
        "message": p.message,
        "hint": p.hint,
    }


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_path(path: Iterable[str | int]) -> str:
    """`('objectives', 2, 'title')` → `objectives[2].title`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def file_problem(path: str, message: str, hint: str | None = None) -> Problem:
    """A problem with a whole file (or folder): it points at the start."""
    return Problem(path, 1, 1, "", message, hint)
