"""`sosafe import strategy.docx --strategy 2026-29 --source DOC`: a Word strategy as a draft.

The document's headings become the strategy's sections and objectives, its paragraphs
Markdown (the same reader as a Word plan: bold, italic, links, lists, tables). Which
headings are objectives the editor says with `--objectives "Objective *"` (a pattern of
heading text, `*` for any words); without it, headings that read as objectives
("Objective 2: …", or those under a heading "Our priorities") are taken and each is marked
`unconfirmed: [objective]`. Under an objective, a sub-heading such as "What we will do" or
"How we will measure success" fills that field; its other paragraphs are its rationale.
Headings before the first objective are the introduction, those after it the other
sections; paragraphs before any heading, the summary. Every record names its `source:`
section (the heading it came from), and the strategy is a draft, so nothing is published
as current until a person has read it and confirmed every mark.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ...content.check import load_content
from ...content.problems import ContentError, Problem, file_problem
from ...content.text import closest, display_path, slugify
from ..files import editing
from ..yaml_rt import dump, flow, text_value
from .build import Themes, theme_names
from .plan_import import check_file, given_themes
from .readers.docx_file import Block, blocks

_FIELDS = {
    "rationale": ("why", "rationale", "why this matters", "why this is a priority", "background"),
    "what_we_will_do": (
        "what we will do",
        "what will we do",
        "our commitments",
        "how we will achieve this",
        "how we will deliver",
        "actions",
    ),
    "measures": (
        "how we will measure success",
        "how will we measure success",
        "how we will know",
        "measures",
        "success measures",
        "measures of success",
        "kpis",
        "performance measures",
    ),
}
_OBJECTIVE = re.compile(
    r"^(?:(?:strategic\s+)?(?:objective|priority|aim)\s*(\d+)|(\d+)[.)])\s*[.:\u2013-]?\s*(.*)$",
    re.IGNORECASE,
)
_PARENT = re.compile(r"^(?:our\s+)?(?:strategic\s+)?(?:objectives|priorities|aims)\b", re.I)


@dataclass
class StrategyImport:
    strategy_id: str
    source: str
    objectives: str | None = None
    """A pattern of the headings that are objectives; None: take those that read as one."""
    themes: str = ""


@dataclass
class _Part:
    heading: Block
    body: list[str] = field(default_factory=list)
    children: list[_Part] = field(default_factory=list)


def import_strategy(path: Path, content_dir: Path, how: StrategyImport) -> tuple[Path, str]:
    """Write the document as a draft strategy; return its file and a summary."""
    path = Path(path)
    check_file(path, (".docx",))
    with editing(content_dir) as edit:
        content = load_content(content_dir)
        target = Path(content_dir) / "strategies" / f"{how.strategy_id}.yml"
        _check(path, how, content, target)
        problems: list[Problem] = []
        parts, summary, title = _outline(blocks(path, display_path(path)))
        themes = Themes(given_themes(how.themes, content, problems), theme_names(content))
        doc = _Doc(how, themes)
        data = doc.strategy(parts, summary, title, problems, path)
        if problems:
            raise ContentError(problems)
        edit.write(target, dump(data))
    marks = sum(1 for o in data["objectives"] if "unconfirmed" in o)
    note = f"; {marks} marked unconfirmed for an editor to check" if marks else ""
    return target, (
        f"imported {len(data['objectives'])} objectives and {doc.sections} sections "
        f"from {display_path(path)} into {display_path(target)}, as a draft{note}"
    )


def _check(path: Path, how: StrategyImport, content: Any, target: Path) -> None:
    """What stops the import before the document is read."""
    display = display_path(path)
    problems = []
    if not re.fullmatch(r"\d{4}-\d{2}", how.strategy_id):
        problems.append(
            file_problem(
                display,
                f"'{how.strategy_id}' is not a strategy id",
                "name it by its years: --strategy 2026-29",
            )
        )
    if how.source not in content.documents:
        problems.append(
            file_problem(
                display,
                f"unknown source document '{how.source}'",
                closest(how.source, content.documents) or "add the document to sources.yml",
            )
        )
    if target.exists():
        problems.append(
            file_problem(
                display_path(target),
                f"strategy {how.strategy_id} exists already; the import writes a new draft",
                "choose another id with --strategy, or move the file away first",
            )
        )
    if problems:
        raise ContentError(problems)


def _outline(items: list[Block]) -> tuple[list[_Part], list[str], str | None]:
    """Headings as a tree, each with the paragraphs under it; the paragraphs before any
    heading; the title (the first paragraph in Word's Title style, or a first heading
    alone at its level)."""
    title = None
    top = min((b.level for b in items if b.kind == "heading"), default=1)
    alone = sum(1 for b in items if b.kind == "heading" and b.level == top) == 1
    if items and (items[0].kind == "title" or (items[0].kind == "heading" and alone)):
        title, items = items[0].text, items[1:]
    summary: list[str] = []
    roots: list[_Part] = []
    stack: list[_Part] = []
    for b in items:
        if b.kind not in ("heading", "title"):
            (stack[-1].body if stack else summary).append(b.text)
            continue
        part = _Part(b if b.kind == "heading" else Block("heading", b.text, 1, b.number))
        while stack and stack[-1].heading.level >= b.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(part)
        stack.append(part)
    return roots, summary, title


@dataclass
class _Doc:
    how: StrategyImport
    themes: Themes
    sections: int = 0
    ids: set[str] = field(default_factory=set)

    def strategy(
        self,
        parts: list[_Part],
        summary: list[str],
        title: str | None,
        problems: list[Problem],
        path: Path,
    ) -> CommentedMap:
        sid = self.how.strategy_id
        start, end = int(sid[:4]), int(sid[:2] + sid[5:])
        intro: list[Any] = []
        objectives: list[Any] = []
        after: list[Any] = []
        for part in parts:
            self._place(part, intro if not objectives else after, objectives, False)
        if not objectives:
            problems.append(
                file_problem(
                    display_path(path),
                    "no heading of the document reads as an objective",
                    'say which headings are objectives: --objectives "Objective *"',
                )
            )
        data = CommentedMap()
        data["id"] = sid
        data["title"] = title or f"Community Safety Strategy {sid}"
        data["period"] = flow({"start": start, "end": end if end >= start else end + 100})
        data["status"] = "draft"
        if summary:
            data["summary"] = text_value("\n\n".join(summary))
        if intro:
            data["introduction"] = intro
        data["objectives"] = objectives
        if after:
            data["sections"] = after
        data["source"] = flow({"document": self.how.source})
        data.yaml_set_start_comment(
            "Imported by `sosafe import` as a draft: check every section and objective "
            "against the document, confirm each unconfirmed: mark, then set status: current."
        )
        return data

    def _place(self, part: _Part, into: list[Any], objectives: list[Any], under: bool) -> None:
        """A heading as an objective, or as a section holding its sub-headings."""
        guess, pattern = self._is_objective(part.heading.text, under)
        if guess:
            objectives.append(self._objective(part, len(objectives) + 1, pattern))
            return
        section = CommentedMap()
        section["id"] = self._id(part.heading.text)
        section["title"] = part.heading.text
        if part.body:
            section["body"] = text_value("\n\n".join(part.body))
        self.sections += 1
        children: list[Any] = []
        parent = bool(_PARENT.match(part.heading.text))
        for child in part.children:
            self._place(child, children, objectives, parent)
        if children:
            section["sections"] = children
        section["source"] = self._source(part.heading.text)
        into.append(section)

    def _is_objective(self, text: str, under: bool) -> tuple[bool, bool]:
        """Whether the heading is an objective, and whether the editor's pattern said so."""
        if self.how.objectives is not None:
            return fnmatch.fnmatch(text.lower(), self.how.objectives.lower()), True
        return bool(_OBJECTIVE.match(text) or under), False

    def _objective(self, part: _Part, k: int, confirmed: bool) -> CommentedMap:
        text = part.heading.text
        match = _OBJECTIVE.match(text)
        number = int(match.group(1) or match.group(2)) if match else k
        title = (match.group(3) if match and match.group(3) else text).strip()
        fields: dict[str, list[str]] = {"rationale": list(part.body)}
        for child in part.children:
            key = _field(child.heading.text)
            lines = _flat(child)
            if key:
                fields.setdefault(key, []).extend(lines if key == "rationale" else lines[1:])
            else:
                fields["rationale"].extend(lines)
        o = CommentedMap()
        o["id"] = self._id(title)
        o["number"] = number
        o["title"] = title
        themes = self.themes.given.get(str(number))
        marks = [] if confirmed else ["objective"]
        if themes is None:
            themes = self.themes.propose(title + " " + " ".join(fields["rationale"]))
            marks += ["themes"] if themes else []
        o["themes"] = flow(themes)
        if marks:
            o["unconfirmed"] = flow(marks)
        for key in ("what_we_will_do", "measures"):
            items = [x.strip() for block in fields.get(key, []) for x in _items(block)]
            if items:
                o[key] = [text_value(x) for x in items]
        if fields["rationale"]:
            o["rationale"] = text_value("\n\n".join(fields["rationale"]))
        o["source"] = self._source(text)
        return o

    def _id(self, text: str) -> str:
        base = slugify(text, 40) or "section"
        out, n = base, 2
        while out in self.ids or out == "index":
            out, n = f"{base}-{n}", n + 1
        self.ids.add(out)
        return out

    def _source(self, heading: str) -> Any:
        return flow({"document": self.how.source, "section": heading})


def _field(heading: str) -> str | None:
    t = " ".join(heading.lower().rstrip(":?").split())
    return next((k for k, names in _FIELDS.items() if t in names), None)


def _flat(part: _Part) -> list[str]:
    """A sub-heading and everything under it as Markdown paragraphs (its heading bold)."""
    out = [f"**{part.heading.text}**", *part.body]
    for child in part.children:
        out.extend(_flat(child))
    return out


def _items(block: str) -> list[str]:
    """A list paragraph's items, or the paragraph as one item."""
    lines = block.split("\n")
    if all(re.match(r"^(?:-|\d+[.)])\s", line) for line in lines):
        return [re.sub(r"^(?:-|\d+[.)])\s+", "", line) for line in lines]
    return [block]
