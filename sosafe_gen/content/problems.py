"""One problem type for every kind of bad input, printed in one place.

Positions are 1-based (as editors count) and converted once, where the YAML marks
are read. A problem in a text file is `file:LINE:COL: field.path: message`; one in a
spreadsheet is `file.xlsx:Sheet!C12: message` (a CSV has no sheet: `file.csv:C12:`); one
in a document is where a reader finds it, `plan.docx: table 2, row 5, column "Lead":`.
Each is followed by an indented hint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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

    def __str__(self) -> str:
        """One line (a value quoted in it cannot break it), and an indented hint line."""
        head = (
            f"{self.where} {self.path}: {self.message}"
            if self.path
            else (f"{self.where} {self.message}")
        )
        head = one_line(head)
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
        n = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{n} {plural('problem', n)} found; nothing was written.")
        return "\n".join(lines)


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
