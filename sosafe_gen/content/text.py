"""Small wording helpers shared by every stage: counts, numbers, hints, paths, slugs."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path


def plural(word: str, n: int) -> str:
    """`word` for a count of `n`: 'case study' → 'case studies', 'term' → 'terms'."""
    if n == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def number(value: float, grouping: bool = True) -> str:
    """A number as published: whole numbers without a decimal point, thousands grouped
    (`1,234.5`); without grouping for data files (`1234.5`)."""
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    return text if grouping else text.replace(",", "")


def file_size(size: int) -> str:
    """A download's size as GOV.UK writes it: `310 KB`, `1.2 MB` (1 KB = 1,024 bytes); never
    `0 KB`, so a link never says a file is empty when it is not."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' hint naming the nearest known words, or None."""
    near = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(repr(n) for n in near)}?" if near else None


def one_line(text: str) -> str:
    """Text for a one-line message: line breaks and other characters that are not printable
    written as `repr` writes them (`\\n`, `\\t`, `\\x1b`, `\\u2028`), so a value quoted in
    a message can neither break its line nor colour the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def display_path(path: Path) -> str:
    """Paths as the user typed them: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def slugify(title: str, limit: int = 60) -> str:
    """`"16 Days of Activism 2025"` → `16-days-of-activism-2025` (ASCII, hyphens, ≤ limit)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug


def long_date(day: dt.date, weekday: bool = False) -> str:
    """`1 March 2018` (or `Thursday 1 March 2018`), as people write dates, on every
    platform (`%-d` is not portable)."""
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text


def display_date(
    text: str,
    day: Callable[[dt.date], str] = long_date,
    month: Callable[[dt.date], str] = lambda d: f"{d:%B %Y}",
) -> str:
    """A date the content writes as text, in the words of `long_date` (or the language's
    `day` and `month` forms): `2018-03-27` → `27 March 2018`, `2025-09` → `September 2025`.
    Anything else (`2015`, `2024/25`) is already how people write it and is kept."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return day(dt.date.fromisoformat(text))
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return month(dt.date.fromisoformat(text + "-01"))
    except ValueError:
        pass
    return text


def quoted(text: str, limit: int = 60) -> str:
    """A value quoted in a message, long text cut (`Problem` keeps it on one line)."""
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"
