"""Word documents (.docx) with python-docx, read as a person reading them would.

A plan's tables are one grid: each table's rows in turn, with the document's headings
between them as one-cell rows (a heading "2. Antisocial behaviour" above a table starts a
section, as such a row does in a spreadsheet). A cell merged across (`gridSpan`) or down
(`vMerge`) is one value over its whole span. Each cell's paragraphs are Markdown:
bold and italic runs as `**…**` and `*…*` (a paragraph all in bold is a heading or a
label, so its bold is not emphasis), links as `[text](https://…)`, Word's own list
numbering written out as the reader sees it (`1.1`, `a)`), bullets as `- ` lines.

`blocks` gives the same paragraphs for a strategy, as headings, paragraphs and tables.
python-docx, not docx2python: the import needs Word's structure (each cell's span, each
run's formatting, each paragraph's style and list level), which python-docx exposes as
objects, where docx2python flattens a document to nested lists of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ....content.problems import ContentError, Problem, file_problem
from ..grid import Grid, Place, cell_text
from ..limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Block:
    """A heading (`level` 1–9), a paragraph (`level` 0) or a table, as Markdown."""

    kind: str
    """"title" (Word's Title style), "heading", "paragraph" or "table"."""
    text: str
    level: int = 0
    number: int = 0
    """Its place in the document: the n-th heading, paragraph or table."""


def read(path: Path, display: str, problems: list[Problem]) -> list[Grid]:
    doc = _open(path, display)
    words = _Words(doc)
    grid = Grid(display, None, {})
    tables = 0
    for elem in _body(doc.element.body):
        if elem.tag == f"{W}tbl":
            tables += 1
            _table(grid, words, elem, tables)
        elif elem.tag == f"{W}p":
            text, level, bold = words.paragraph(elem)
            if text and (level or bold):
                grid.rows += 1
                grid.values[(grid.rows, 1)] = cell_text(text)
                grid.places[grid.rows] = Place(f'heading "{_short(text)}"', cells=False)
        if grid.rows > MAX_ROWS or len(grid.values) > MAX_CELLS:
            raise ContentError([_too_big(display)])
    grid.columns = max([c for _, c in grid.values] or [0])
    return [grid]


def blocks(path: Path, display: str) -> list[Block]:
    """The document's headings, paragraphs and tables in order, as Markdown."""
    doc = _open(path, display)
    words = _Words(doc)
    out: list[Block] = []
    count = {"title": 0, "heading": 0, "paragraph": 0, "table": 0}
    listed = False
    for elem in _body(doc.element.body):
        if elem.tag == f"{W}tbl":
            kind, text, level = "table", _markdown_table(words, elem), 0
        else:
            text, level, _ = words.paragraph(elem)
            kind = "title" if words.title(elem) else "heading" if level else "paragraph"
        if not text.strip():
            continue
        item = kind == "paragraph" and words.listed(elem)
        if item and listed and out:  # one list, an item a line
            out[-1] = Block("paragraph", f"{out[-1].text}\n{text}", 0, out[-1].number)
            continue
        listed = item
        count[kind] += 1
        out.append(Block(kind, text, level, count[kind]))
    return out


def _open(path: Path, display: str) -> Any:
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types for a file that is not .docx
        raise ContentError(
            [
                file_problem(
                    display,
                    f"cannot read the document: {exc}",
                    "open it in Word or LibreOffice and save it as a Word document (.docx)",
                )
            ]
        ) from None


def _too_big(display: str) -> Problem:
    return file_problem(
        display,
        f"the document has more than {MAX_ROWS:,} table rows or {MAX_CELLS:,} filled cells; "
        "an action plan needs far fewer",
        "import the action plan's tables on their own",
    )


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 50 else line[:49] + "…"


def _body(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, looking inside content controls (`w:sdt`)."""
    for child in parent.iterchildren():
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _body(content)


def _table(grid: Grid, words: _Words, tbl: Any, number: int) -> None:
    """The table's rows as grid rows: merged cells anchored at their first cell."""
    first = grid.rows + 1
    for j, tr in enumerate(tbl.iterchildren(f"{W}tr"), start=1):
        grid.rows += 1
        r = grid.rows
        grid.places[r] = Place(f"table {number}, row {j}", table=number)
        c = 1 + _int(tr, "trPr/w:gridBefore")
        for tc in tr.iterchildren(f"{W}tc"):
            span = max(1, _int(tc, "tcPr/w:gridSpan"))
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if c + span - 1 > MAX_COLUMNS:
                raise ContentError([_too_big(grid.file)])
            if merge is not None and merge.get(f"{W}val", "continue") == "continue" and r > first:
                top = grid.anchor(r - 1, c)
                for k in range(span):
                    grid.anchors[(r, c + k)] = top
            else:
                text = cell_text(words.cell(tc))
                if text:
                    grid.values[(r, c)] = text
                for k in range(1, span):
                    grid.anchors[(r, c + k)] = (r, c)
            c += span


def _int(elem: Any, path: str) -> int:
    found = elem.find(f"{W}" + path.replace("w:", W))
    try:
        return int(found.get(f"{W}val")) if found is not None else 0
    except (TypeError, ValueError):
        return 0


def _markdown_table(words: _Words, tbl: Any) -> str:
    """A table in a strategy as a Markdown table (each cell on one line)."""
    rows = []
    for tr in tbl.iterchildren(f"{W}tr"):
        cells = [
            " ".join(words.cell(tc).split()).replace("|", "\\|") for tc in tr.iterchildren(f"{W}tc")
        ]
        if any(cells):
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Words:
    """Paragraphs as Markdown, with the document's styles and list numbering."""

    doc: Any
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.levels = _numbering(self.doc)

    def cell(self, tc: Any) -> str:
        """A cell's paragraphs: a blank line between paragraphs, list items line by line."""
        out: list[tuple[str, bool]] = []
        for p in tc.iter(f"{W}p"):
            text, _, _ = self.paragraph(p)
            if text:
                out.append((text, self.listed(p)))
        joined = ""
        for k, (text, listed) in enumerate(out):
            if k:
                joined += "\n" if listed and out[k - 1][1] else "\n\n"
            joined += text
        return joined

    def paragraph(self, p: Any) -> tuple[str, int, bool]:
        """Its Markdown, its heading level (0 for a paragraph) and whether it is all bold."""
        from docx.text.paragraph import Paragraph

        para = Paragraph(p, self.doc.part)
        level = _heading_level(para)
        segments = list(_segments(para))
        words = [s for s in segments if s[0].strip()]
        bold = bool(words) and all(s[1] for s in words)
        text = _markdown(segments, keep_bold=not bold and not level)
        if level:
            text = " ".join(text.split())
        label = self._label(p)
        if label and text:
            text = f"{label} {text}"
        return text.strip(), level, bold

    def title(self, p: Any) -> bool:
        """Whether the paragraph is in Word's Title style (the document's name)."""
        from docx.text.paragraph import Paragraph

        try:
            style = Paragraph(p, self.doc.part).style
        except (KeyError, ValueError):
            return False
        return style is not None and (style.name or "").lower() == "title"

    def listed(self, p: Any) -> bool:
        """Whether the paragraph is an item of a numbered or bulleted list."""
        return self._num(p) is not None

    def _num(self, p: Any) -> tuple[str, int] | None:
        """The paragraph's list (numId) and level, from itself or its style."""
        from docx.text.paragraph import Paragraph

        for holder in (p, _style_element(Paragraph(p, self.doc.part))):
            if holder is None:
                continue
            num = holder.find(f"{W}pPr/{W}numPr")
            if num is not None:
                nid = num.find(f"{W}numId")
                lvl = num.find(f"{W}ilvl")
                if nid is not None and nid.get(f"{W}val") not in (None, "0"):
                    level = int(lvl.get(f"{W}val", "0")) if lvl is not None else 0
                    return str(nid.get(f"{W}val")), level
        return None

    def _label(self, p: Any) -> str:
        """The number or bullet Word shows before the paragraph: `1.1`, `a)`, `-`."""
        found = self._num(p)
        if found is None or found[0] not in self.levels:
            return ""
        nid, level = found
        lvl = self.levels[nid].get(level)
        if lvl is None or lvl.fmt == "none":
            return ""
        if lvl.fmt == "bullet":
            return "-"
        counts = self.counters.setdefault(nid, [])
        while len(counts) <= level:
            start = self.levels[nid].get(len(counts))
            counts.append((start.start if start else 1) - 1)
        counts[level] += 1
        del counts[level + 1 :]
        text = lvl.text
        for k in range(level + 1):
            fmt = self.levels[nid].get(k)
            text = text.replace(f"%{k + 1}", _format(counts[k], fmt.fmt if fmt else "decimal"))
        return text.strip()


def _numbering(doc: Any) -> dict[str, dict[int, _Level]]:
    """numId → level → its format, text and start, from numbering.xml."""
    try:
        root = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, _Level]] = {}
    for a in root.iterchildren(f"{W}abstractNum"):
        abstract[a.get(f"{W}abstractNumId")] = {
            int(lvl.get(f"{W}ilvl", "0")): _level(lvl) for lvl in a.iterchildren(f"{W}lvl")
        }
    out: dict[str, dict[int, _Level]] = {}
    for num in root.iterchildren(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else "", {}))
        for override in num.iterchildren(f"{W}lvlOverride"):
            k = int(override.get(f"{W}ilvl", "0"))
            if (lvl := override.find(f"{W}lvl")) is not None:
                levels[k] = _level(lvl)
            if (start := override.find(f"{W}startOverride")) is not None and k in levels:
                old = levels[k]
                levels[k] = _Level(old.fmt, old.text, int(start.get(f"{W}val", "1")))
        out[num.get(f"{W}numId")] = levels
    return out


def _level(lvl: Any) -> _Level:
    def val(name: str, default: str) -> str:
        found = lvl.find(f"{W}{name}")
        return found.get(f"{W}val", default) if found is not None else default

    return _Level(val("numFmt", "decimal"), val("lvlText", ""), int(val("start", "1")))


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _style_element(para: Any) -> Any:
    try:
        style = para.style
    except (KeyError, ValueError):
        return None
    return style.element if style is not None else None


_HEADING = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.IGNORECASE)


def _heading_level(para: Any) -> int:
    """1–9 for a heading (by its style, or the outline level Word gives it), else 0."""
    try:
        style = para.style
    except (KeyError, ValueError):
        style = None
    while style is not None:
        name = style.name or ""
        if name.lower() == "title":
            return 1
        if match := _HEADING.match(name):
            return int(match.group(1))
        style = style.base_style
    outline = para._p.find(f"{W}pPr/{W}outlineLvl")
    if outline is not None and outline.get(f"{W}val", "9").isdigit():
        level = int(outline.get(f"{W}val")) + 1
        return level if level <= 9 else 0
    return 0


def _segments(para: Any) -> Iterator[tuple[str, bool, bool, str | None]]:
    """(text, bold, italic, link) for each run and hyperlink of the paragraph."""
    from docx.text.hyperlink import Hyperlink

    for item in para.iter_inner_content():
        if isinstance(item, Hyperlink):
            address = item.address or ""
            link = address if re.match(r"^https?://", address) else None
            for run in item.runs:
                yield run.text, _on(run, "bold"), _on(run, "italic"), link
        else:
            yield item.text, _on(item, "bold"), _on(item, "italic"), None


def _on(run: Any, name: str) -> bool:
    value = getattr(run.font, name)
    if value is None and run.style is not None:
        value = getattr(run.style.font, name)
    return bool(value)


def _markdown(segments: list[tuple[str, bool, bool, str | None]], keep_bold: bool) -> str:
    """Runs as Markdown: equal neighbours joined, then marked (spaces kept outside)."""
    merged: list[list[Any]] = []
    for text, bold, italic, link in segments:
        key = (bold and keep_bold, italic, link)
        if merged and tuple(merged[-1][1:]) == key:
            merged[-1][0] += text
        else:
            merged.append([text, *key])
    out = []
    for text, bold, italic, link in merged:
        core = text.strip()
        if not core:
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        mark = ("**" if bold else "") + ("*" if italic else "")
        piece = f"{mark}{core}{mark[::-1]}"
        out.append(lead + (f"[{piece}]({link})" if link else piece) + trail)
    return "".join(out)
