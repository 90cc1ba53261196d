"""Read YAML safely and remember where every node stands.

PyYAML's composer gives nodes with marks; we build plain Python values from them
ourselves so that each value's position survives. Aliases are refused outright (a
content file never needs them, and they are how "billion laughs" bombs work), as
are duplicate keys (PyYAML would silently keep the last) and oversized files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem, file_problem, format_path

MAX_BYTES = 2 * 1024 * 1024
"""Content files are hand-written; anything bigger is a mistake or an attack."""

MAX_TEXT = 20_000
MAX_LINES = 500
"""The most characters and lines one text may have (any value, an update's body): far more
than the longest real one (7,768 characters, 55 lines), and few enough that Markdown
renders the worst text of that size in a fraction of a second (render/md_bounds.py)."""

MAX_DEPTH = 32
"""Content nests a few levels (a plan: sections, aims, actions, progress: 9); far deeper
nesting is a mistake or an attack, and PyYAML's composer (and ours) would recurse into it."""

PathT = tuple[str | int, ...]


class _AliasRefused(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("aliases are not allowed")
        self.mark = mark


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("nested too deeply")
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and keeps timestamps as text."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        return super().compose_node(parent, index)


# Dates stay strings: a `date` field parses them, a text field keeps them as written.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Resolver(yaml.resolver.Resolver):
    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_RESOLVER = _Resolver()


def reads_as_text(value: str) -> bool:
    """Whether `value`, written unquoted, is read back here as the same text.

    This reader is YAML 1.1 (PyYAML): `No`, `on`, `~`, `1_000` and `12:30` are a boolean,
    nothing and numbers to it, though not to YAML 1.2 writers. Whatever writes content
    quotes the text for which this is false.
    """
    return _RESOLVER.resolve(ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


class _CLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser: the same nodes and marks as _Loader, several times faster."""


_CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _fast_node(text: str) -> Node | None:
    """The document's node tree from libyaml, or None to let _Loader parse (and report) it.

    libyaml resolves aliases into shared nodes, so a tree with any node reached twice is
    handed back to _Loader, which refuses the alias at its position; so are YAML errors,
    so that messages keep PyYAML's wording. Content builds spend most of their load time
    in the pure-Python parser, so the common case matters. A tree nested deeper than
    MAX_DEPTH is refused here (libyaml itself stops at 1,000 levels).
    """
    loader = _CLoader(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):  # RecursionError: PyYAML without libyaml
        return None
    finally:
        loader.dispose()
    seen: set[int] = set()
    stack = [(node, 0)] if node is not None else []
    while stack:
        n, depth = stack.pop()
        if id(n) in seen:
            return None
        seen.add(id(n))
        if isinstance(n, MappingNode | SequenceNode) and depth >= MAX_DEPTH:
            raise _TooDeep(n.start_mark)
        if isinstance(n, MappingNode):
            stack.extend((part, depth + 1) for pair in n.value for part in pair)
        elif isinstance(n, SequenceNode):
            stack.extend((item, depth + 1) for item in n.value)
    return node


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before PyYAML's composer, which recurses, sees
    it (its parser does not). Other errors are left for the composer to report."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _TooDeep(event.start_mark)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except _TooDeep:
        raise
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


@dataclass
class Document:
    """A loaded YAML file: its data and the 1-based position of every node."""

    file: str
    """The file as the user named it (for messages)."""
    data: Any
    path: Path | None = None
    """Where the file is, when it was read from disk."""
    positions: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    raw: Any = None
    """The data as written, before a bilingual file is projected to one language."""

    def where(self, path: PathT, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for a path (its key's, when asked and known)."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        p = tuple(path)
        while p and p not in self.positions:
            p = p[:-1]
        return self.positions.get(p, (1, 1))

    def problem(
        self, path: PathT, message: str, hint: str | None = None, *, key: bool = False
    ) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, format_path(path), message, hint)


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def load_file(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Load one YAML file; on failure return the problems, never raise."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [file_problem(display, f"cannot read file: {exc.strerror}")]
    doc, problems = load_bytes(raw, display)
    if doc is not None:
        doc.path = path
    return doc, problems


_EMPTY = ("file is empty", "add the record's fields, or delete the file")


def decode(raw: bytes, display: str, offset: int = 0) -> tuple[str | None, list[Problem]]:
    """Bytes as UTF-8 text, or the problem naming the first bad byte's line and column.

    `offset` is where `raw` starts in the file, so positions are the file's own.
    """
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1 + offset
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                display,
                line,
                col,
                "",
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                "save the file as UTF-8 in your editor",
            )
        ]


def too_big(raw: bytes, display: str) -> list[Problem]:
    if len(raw) <= MAX_BYTES:
        return []
    return [
        file_problem(
            display,
            f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
            "split the content into several files",
        )
    ]


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Problem]]:
    """Load YAML held in memory (e.g. an update's front matter, padded to keep line numbers)."""
    problems = too_big(raw, display)
    if problems:
        return None, problems
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [file_problem(display, *_EMPTY)]
    node, problems = _parse(text, display)
    if node is None:
        return None, problems or [file_problem(display, *_EMPTY)]
    doc = Document(display, None)
    loader = _Loader("")
    try:
        doc.data = _build(node, (), doc, problems, loader)
    finally:
        loader.dispose()
    return doc, problems


def _parse(text: str, display: str) -> tuple[Node | None, list[Problem]]:
    """The document's node tree, or the problem that stops it being read."""
    loader: _Loader | None = None
    try:
        node = _fast_node(text)
        if node is None:
            _check_depth(text)
            loader = _Loader(text)
            node = loader.get_single_node()
        return node, []
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        before = text[: exc.position]
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        message = f"character U+{ord(text[exc.position]):04X} is not allowed in YAML"
        hint = "delete it (it may be invisible in your editor)"
    except _TooDeep as exc:
        line, col = _pos(exc.mark)
        message, hint = _TOO_DEEP
    except RecursionError:  # pragma: no cover - _check_depth stops it first
        line, col, (message, hint) = 1, 1, _TOO_DEEP
    except _AliasRefused as exc:
        line, col = _pos(exc.mark)
        message, hint = "aliases (*name) are not allowed in content", "write the value out in full"
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        message = f"invalid YAML: {exc.problem or exc.context}"
        hint = "check indentation, and quote text that contains ': ' or starts with a symbol"
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        line, col, message, hint = 1, 1, f"invalid YAML: {exc}", None
    finally:
        if loader is not None:
            loader.dispose()
    return None, [Problem(display, line, col, "", message, hint)]


_TOO_DEEP = (
    f"lists and mappings nested more than {MAX_DEPTH} levels deep",
    "content needs only a few levels: check the brackets and indentation here",
)

_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")
}


def _build(node: Node, path: PathT, doc: Document, problems: list[Problem], loader: _Loader) -> Any:
    doc.positions[path] = _pos(node.start_mark)
    if node.tag not in _PLAIN_TAGS:
        line, col = _pos(node.start_mark)
        problems.append(
            Problem(
                doc.file,
                line,
                col,
                format_path(path),
                f"YAML tag {node.tag!r} is not allowed in content",
                "remove the tag: content is plain text, numbers, lists and mappings",
            )
        )
        return None
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str | int) or isinstance(key, bool):
                line, col = _pos(key_node.start_mark)
                problems.append(Problem(doc.file, line, col, "", "keys must be plain text"))
                continue
            key = str(key) if isinstance(key, int) else key
            child = (*path, key)
            if key in out:
                line, col = _pos(key_node.start_mark)
                first = doc.key_positions[child]
                problems.append(
                    Problem(
                        doc.file,
                        line,
                        col,
                        format_path(child),
                        "duplicate key",
                        f"first given at line {first[0]}",
                    )
                )
                continue
            doc.key_positions[child] = _pos(key_node.start_mark)
            out[key] = _build(value_node, child, doc, problems, loader)
        return out
    if isinstance(node, SequenceNode):
        return [
            _build(item, (*path, i), doc, problems, loader) for i, item in enumerate(node.value)
        ]
    value = loader.construct_object(node)
    if isinstance(value, str):
        too_long = text_too_long(value)
        if too_long:
            line, col = _pos(node.start_mark)
            problems.append(Problem(doc.file, line, col, format_path(path), *too_long))
            return None
    return value


def text_too_long(text: str) -> tuple[str, str] | None:
    """What is wrong with a text over MAX_TEXT characters or MAX_LINES lines, and the hint."""
    lines = text.rstrip("\n").count("\n") + 1
    if len(text) > MAX_TEXT:
        size = f"{len(text):,} characters, at most {MAX_TEXT:,}"
    elif lines > MAX_LINES:
        size = f"{lines:,} lines, at most {MAX_LINES:,}"
    else:
        return None
    return f"text too long: {size}", "split it into shorter parts (sections, items or pages)"
