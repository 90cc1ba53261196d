"""The sosafe plugin's options in mkdocs.yml, checked as the content is: a bad one is a problem
at its own line and column, in the same plain words (`small_count_threshold: expected a whole
number, got the text 'five'`), every one at once.

MkDocs' own check of a plugin's options stops at the first bad one and points at
`mkdocs.yml:1:1` ("Expected type: <class 'int'> but received: <class 'str'>"), so both the
plugin (before MkDocs checks its options) and the `sosafe` command run this first. The
options are read as MkDocs reads them (INHERIT, `!ENV`); their positions come from
composing mkdocs.yml itself (an option set only in an INHERIT parent points at its entry).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..content.load import Document, PathT
from ..content.problems import Problem
from ..content.text import display_path
from ..content.validate import validate
from ..edit import signin

PLUGIN = "sosafe"


class PluginOptions(BaseModel):
    """What each option must be; SosafeConfig (plugin.py) gives MkDocs the same names and
    defaults (a test keeps them in step). Strict: "5" is not a number, "yes" not true."""

    model_config = ConfigDict(extra="forbid", strict=True)

    content_dir: str = "content"
    show_officer_names: bool = False
    small_count_threshold: int = 5
    templates_dir: str | None = None
    pdf: bool = True
    pdf_serve: bool = False
    pdf_plan_layout: Literal["table", "portrait"] = "table"
    cache: bool = True
    cache_dir: str = ".cache/plugin/sosafe"
    audit_dir: str = "audit"
    editor: bool | dict[str, Any] = True
    """On or off, or how editors sign in: its keys are checked by edit/signin.py."""
    editor_port: int = 8081


def option_problems(options: dict[str, Any], config_file: str | Path | None) -> list[Problem]:
    """Every problem with the plugin's `options` (as MkDocs passes them to the plugin),
    each at its place in `config_file`, in the file's order."""
    path = Path(config_file) if config_file else Path("mkdocs.yml")
    options = {k: v for k, v in options.items() if k != "enabled"}  # MkDocs' own, any plugin
    doc = Document(display_path(path), options)
    entry = _entry_node(path)
    if entry is not None:
        _positions(entry, (), doc)
    problems: list[Problem] = []
    validate(doc, PluginOptions, problems)
    editor = options.get("editor")
    if isinstance(editor, dict):  # how editors sign in and publish (edit/signin.py)

        def where(key: str) -> tuple[int, int]:
            return doc.where(("editor", key), key=key not in signin.KEYS)

        problems += signin.problems(editor, doc.file, where=where)
    return sorted(problems, key=Problem.sort_key)  # in the file's order, as the check reports


def plugin_options_in(data: Any) -> dict[str, Any] | None:
    """The sosafe plugin's options in a loaded mkdocs.yml's `plugins` (a list or a mapping),
    {} when it is listed without any, None when it is not listed."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    items = plugins.items() if isinstance(plugins, dict) else None
    if isinstance(plugins, list):
        items = [next(iter(p.items())) if isinstance(p, dict) and p else (p, None) for p in plugins]
    for name, options in items or ():
        if name == PLUGIN:
            return options if isinstance(options, dict) else {}
    return None


def _entry_node(path: Path) -> Node | None:
    """The sosafe entry of mkdocs.yml's plugins, as a YAML node with its position."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = _value(root, "plugins")
    entries: list[Node] = []
    if isinstance(plugins, SequenceNode):
        entries = plugins.value
    elif isinstance(plugins, MappingNode):
        entries = [MappingNode("tag:yaml.org,2002:map", [pair]) for pair in plugins.value]
    for entry in entries:
        if isinstance(entry, ScalarNode) and entry.value == PLUGIN:
            return entry
        found = _value(entry, PLUGIN)
        if found is not None:
            return found if isinstance(found, MappingNode) else entry
    return None


def _value(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def _positions(node: Node, path: PathT, doc: Document) -> None:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                child = (*path, k.value)
                doc.key_positions[child] = (k.start_mark.line + 1, k.start_mark.column + 1)
                _positions(v, child, doc)
