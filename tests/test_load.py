"""The loader: safe YAML with exact 1-based positions for every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from sosafe_gen.content import load
from sosafe_gen.content.load import MAX_BYTES, load_file


def problems_of(tmp_path: Path, raw: bytes) -> list[str]:
    path = tmp_path / "x.yml"
    path.write_bytes(raw)
    doc, problems = load_file(path, "content/x.yml")
    assert doc is None or problems
    return [str(p) for p in problems]


def test_positions_are_one_based(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("id: a\nitems:\n  - name: b\n    value: 2\n")
    doc, problems = load_file(path, "x.yml")
    assert problems == [] and doc is not None
    assert doc.positions[("items", 0, "value")] == (4, 12)
    assert doc.key_positions[("items", 0, "value")] == (4, 5)
    assert doc.data == {"id": "a", "items": [{"name": "b", "value": 2}]}


def test_dates_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("date: 2018-03-27\n")
    doc, _ = load_file(path, "x.yml")
    assert doc is not None and doc.data == {"date": "2018-03-27"}


def test_malformed_yaml(tmp_path: Path) -> None:
    assert problems_of(tmp_path, b"id: a\ntitle: [unclosed\nother: 1\n") == [
        "content/x.yml:3:6: invalid YAML: expected ',' or ']', but got ':'\n"
        "  hint: check indentation, and quote text that contains ': ' or starts with a symbol"
    ]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    assert problems_of(tmp_path, bomb) == [
        "content/x.yml:2:8: aliases (*name) are not allowed in content\n"
        "  hint: write the value out in full"
    ]


def test_non_utf8(tmp_path: Path) -> None:
    assert problems_of(tmp_path, b"id: a\ntitle: caf\xe9\n") == [
        "content/x.yml:2:11: not valid UTF-8 (byte 0xe9)\n  hint: save the file as UTF-8 in your editor"
    ]


@pytest.mark.parametrize("raw", [b"", b"  \n\n", b"# only a comment\n"])
def test_empty_file(tmp_path: Path, raw: bytes) -> None:
    assert problems_of(tmp_path, raw) == [
        "content/x.yml:1:1: file is empty\n  hint: add the record's fields, or delete the file"
    ]


def test_duplicate_key(tmp_path: Path) -> None:
    assert problems_of(tmp_path, b"id: a\ntitle: x\ntitle: y\n") == [
        "content/x.yml:3:1: title: duplicate key\n  hint: first given at line 2"
    ]


def test_oversized_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path, b"a: " + b"x" * MAX_BYTES) == [
        f"content/x.yml:1:1: file is {MAX_BYTES + 3:,} bytes; the limit is {MAX_BYTES:,}\n"
        "  hint: split the content into several files"
    ]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    assert problems_of(tmp_path, b"a: !!python/object/apply:os.system ['true']\n") == [
        "content/x.yml:1:4: a: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
        "allowed in content\n  hint: remove the tag: content is plain text, numbers, lists and mappings"
    ]


@pytest.mark.parametrize("libyaml", [True, False])
def test_deep_nesting_is_refused_at_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, libyaml: bool
) -> None:
    """PyYAML's composer recurses: nesting is refused before it (with libyaml or without)."""
    if not libyaml:
        monkeypatch.setattr(load, "_CLoader", load._Loader)
    hint = "  hint: content needs only a few levels: check the brackets and indentation here"
    too_deep = "lists and mappings nested more than 32 levels deep"
    assert problems_of(tmp_path, b"a: " + b"[" * 20000) == [
        f"content/x.yml:1:35: {too_deep}\n{hint}"
    ]
    assert problems_of(tmp_path, b"a: " + b"{b: " * 40) == [
        f"content/x.yml:1:128: {too_deep}\n{hint}"
    ]
    deep = b"[" * 32 + b"1" + b"]" * 32
    doc, problems = load.load_bytes(deep, "x.yml")
    assert problems == [] and doc is not None


def test_a_character_yaml_does_not_allow_is_a_problem(tmp_path: Path) -> None:
    assert problems_of(tmp_path, b"id: a\ntitle: x\x1fy\n") == [
        "content/x.yml:2:9: character U+001F is not allowed in YAML\n"
        "  hint: delete it (it may be invisible in your editor)"
    ]
