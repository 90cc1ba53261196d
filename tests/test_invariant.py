"""The check's promise, as a property: what it accepts publishes; what it refuses is lines.

Hypothesis mutates the fixture partnership (wrong types, deleted keys, odd strings, ids
that are reserved, duplicated or YAML keywords, deep nesting, NaN and infinity, line
breaks, control characters, new updates) and runs `sosafe check` in-process on it:

- the check exits 0 with one summary line, or 1 with only `file:LINE:COL: ...` lines,
  `  hint: ...` lines and the count, never a traceback;
- whatever it accepts is planned and rendered in-process without an exception, and the
  first few accepted examples are built by a real `mkdocs build --strict` that succeeds
  with no page holding an id twice.

Derandomised and bounded, so every run tries the same examples in well under a minute.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import FIXTURE_SITE, duplicate_ids, mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sosafe_gen.adapters.cli import main
from sosafe_gen.content.check import load_content
from sosafe_gen.content.load import load_file
from sosafe_gen.render.renderer import Renderer
from sosafe_gen.site.planner import plan_site

EXAMPLES = 200
REAL_BUILDS = 3
"""Accepted examples also built by a real, strict `mkdocs build` (a few seconds each)."""

CONTENT = FIXTURE_SITE / "content"
FILES = sorted(str(p.relative_to(CONTENT)) for p in CONTENT.rglob("*.yml"))
DATA = {name: load_file(CONTENT / name, name)[0].data for name in FILES}


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a file's data: mapping keys and list items, depth first."""
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


PATHS = {name: _paths(data)[1:] for name, data in DATA.items()}


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    3.5,
    2**63,
    1e308,
    -1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    "",
    " ",
    "No",
    "yes",
    "off",
    "On",
    "null",
    "~",
    "1e3",
    "12:30",
    "0x1F",
    "=",
    "index",
    "a-and-b",
    "2015-and-18",
    "progress-summary",
    "aims",
    "foreword",
    "by-theme",
    "caption",
    "discussed",
    "objectives",
    "section-asb",
    "action-1-1-a",
    "asb",
    "drugs",
    "domestic-abuse",
    "2015-18",
    "2025-28",
    "2017-18",
    "old-strategy",
    "new-report",
    "1-1",
    "1-1-a",
    "street-meets",
    "youth-attendance",
    "cabinet-2025",
    "2018-03-27-committee",
    "Q1",
    "Q5",
    "to_date",
    "quarterly",
    "current",
    "draft",
    "superseded",
    "count",
    "percent_change",
    "time",
    "good",
    "two\nlines",
    "tab\there",
    "line\u2028separator",
    "esc\x1b[31mape",
    "nul\x00byte",
    "bom\ufeff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "https://example.org/a?b=<c>",
    "[link](javascript:alert(1))",
    "# Heading\n\n## Sub",
    "{#custom-id}",
    "*" * 30,
    "`code`",
    "|a|b|\n|-|-|\n|1|2|",
    "2025-02-30",
    "2025-01-01",
    "1 May",
    "9999-12-31",
    "x" * 300,
    "Ünïcödé ✓ 𝄞",
    [],
    {},
    ["asb"],
    ["asb", "asb"],
    ["nope"],
    [{"a": 1}],
    {"start": 2030, "end": 2020},
    {"start": 2017, "end": 2017},
    {"document": "old-strategy"},
    {"document": "nope"},
    _nested(10),
    _nested(40),
]

RAW_SNIPPETS = [
    "[" * 1200,
    "- " * 500 + "x",
    "{a: " * 60,
    "\t",
    "key: : value",
    "&anchor x",
    "*alias",
    "!!python/object/apply:os.system ['true']",
    "---",
    "%YAML 1.1",
    "\x07",
    "\ufffe",
    "?",
    "a:\n  b\n c",
    "'unclosed",
    '"\\q"',
]

STRINGS = [v for v in ODD_VALUES if isinstance(v, str)]
NUMBERS = [v for v in ODD_VALUES if isinstance(v, int | float) and not isinstance(v, bool)]

VALUES = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(max_size=12),
    st.integers(min_value=-(10**6), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[Any, ...]:
    kind = draw(
        st.sampled_from([*["set"] * 6, "delete", "duplicate", "extra", "raw", *["update"] * 2])
    )

    name = draw(st.sampled_from(FILES))
    path = draw(st.sampled_from(PATHS[name]))
    if kind == "raw":
        return (kind, name, draw(st.integers(0, 40)), draw(st.sampled_from(RAW_SNIPPETS)))
    if kind == "update":
        fields = {  # mostly valid: the build is what an update can break
            "title": draw(st.sampled_from(["News", "No", "two\nlines", "<b>x</b>", ""])),
            "date": draw(st.sampled_from(["2025-01-01", "2025-01-01", "2025-02-30"])),
            "themes": draw(st.sampled_from([["asb"], ["asb", "drugs"], ["nope"], []])),
            "summary": draw(st.sampled_from(["News.", "No", "<i>x</i>", ""])),
            "draft": draw(st.sampled_from([False, False, True, "No"])),
        }
        if draw(st.booleans()):
            fields["updated"] = draw(st.sampled_from(["2025-01-03", "2024-12-31", "soon"]))
        slug = draw(st.sampled_from(["news", "index", "by-theme", "all", "news-2"]))
        return (
            kind,
            f"updates/2025-01-01-{slug}.md",
            fields,
            draw(st.sampled_from(["Body.", "", "[x](#by-theme)", "<script>x</script>"])),
        )
    original = _get(DATA[name], path)
    typed = draw(st.integers(0, 3)) > 0  # a value of the same type: often still valid
    if isinstance(original, str) and typed:
        return (kind, name, path, draw(st.sampled_from(STRINGS) | st.text(max_size=12)))
    if isinstance(original, int | float) and not isinstance(original, bool) and typed:
        return (kind, name, path, draw(st.sampled_from(NUMBERS) | st.floats() | st.integers()))
    return (kind, name, path, draw(VALUES))


def _dump(data: Any) -> str:
    """YAML as PyYAML writes it: YAML 1.1, like the reader."""
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=4096)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _apply(content: Path, mutations: list[tuple[Any, ...]]) -> None:
    data = copy.deepcopy(DATA)
    changed: set[str] = set()
    raws: list[tuple[str, int, str]] = []
    for kind, name, where, value in mutations:
        if kind == "update":
            front = _dump(where)
            path = content / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"---\n{front}---\n\n{value}\n", encoding="utf-8")
            continue
        if kind == "raw":
            raws.append((name, where, value))
            continue
        try:
            parent, key = _get(data[name], where[:-1]), where[-1]
            if kind == "set":
                parent[key] = value
            elif kind == "delete":
                del parent[key]
            elif kind == "extra" and isinstance(parent[key], dict):
                parent[key]["extra_field"] = value
            elif kind == "duplicate" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[key]))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation moved this place
        changed.add(name)
    for name in changed:
        text = _dump(data[name])
        (content / name).write_text(text, encoding="utf-8")
    for name, line, snippet in raws:
        lines = (content / name).read_text(encoding="utf-8").split("\n")
        lines.insert(line % (len(lines) + 1), snippet)
        (content / name).write_text("\n".join(lines), encoding="utf-8")


PROBLEM_LINE = re.compile(r"^\S.*?:\d+:\d+: \S.*$")
HINT_LINE = re.compile(r"^  hint: \S.*$")
COUNT_LINE = re.compile(r"^\d+ problems? found; nothing was written\.$")

real_builds: list[Path] = []
seen = {"examples": 0, "accepted": 0}


@given(st.lists(mutation(), min_size=1, max_size=2))
@settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_what_the_check_accepts_publishes(mutations: list[tuple[Any, ...]]) -> None:
    check_example(mutations)


def check_example(mutations: list[tuple[Any, ...]]) -> None:
    seen["examples"] += 1
    with tempfile.TemporaryDirectory(prefix="sosafe-prop-") as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(FIXTURE_SITE, site)
        content = site / "content"
        _apply(content, mutations)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["check", str(content)])
        if status == 1:
            lines = err.getvalue().splitlines()
            assert out.getvalue() == ""
            assert lines and COUNT_LINE.match(lines[-1]), lines
            assert all(PROBLEM_LINE.match(x) or HINT_LINE.match(x) for x in lines[:-1]), lines
            assert PROBLEM_LINE.match(lines[0]), lines
            return
        assert status == 0
        assert err.getvalue() == ""
        assert out.getvalue().startswith("content is valid: ") and out.getvalue().count("\n") == 1
        seen["accepted"] += 1
        renderer = Renderer(plan_site(load_content(content), extra_pages=frozenset({"index.md"})))
        pages = renderer.render_all()
        renderer.render_files()
        assert pages
        if len(real_builds) < REAL_BUILDS:
            real_builds.append(site)
            built = mkdocs_build(site, Path(tmp) / "out")
            assert built.returncode == 0, built.stderr
            assert "Traceback" not in built.stderr
            assert duplicate_ids(Path(tmp) / "out") == {}
