"""One problem type for every kind of bad input, printed in one place.

Positions are 1-based (as editors count) and converted once, where the YAML marks
are read. A problem is `file:LINE:COL: field.path: message`, then an indented hint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}:"
        head = f"{where} {self.path}: {self.message}" if self.path else f"{where} {self.message}"
        return f"{head}\n  hint: {self.hint}" if self.hint else head


class ContentError(Exception):
    """Raised once, with every problem found, when content cannot be published."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
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


def plural(word: str, n: int) -> str:
    """`word` for a count of `n`: 'case study' → 'case studies', 'term' → 'terms'."""
    if n == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"
