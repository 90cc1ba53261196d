"""One partnership's data package read and checked: all of it or nothing.

The index reads the JSON files it shows (the partnership, its themes, strategies and action
plans). Each is checked against the size and hash its package gives, then loaded into the
content model, so a record the index shows is one the partnership's own site could build;
the themes its records are tagged with must be in its themes. Any problem and the package is
left out whole, with every problem said. The standard's major version must be this one's,
and its minor version no newer (a newer one may hold fields this index cannot read).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..content import model as m
from ..content.problems import Problem, file_problem, format_path
from ..content.record import action_themes, current, iter_actions
from ..site.standard import PACKAGE_FILE, STANDARD, STANDARD_VERSION
from .registry import Source

READ: dict[str, type[BaseModel]] = {
    "partnership": m.Partnership,
    "themes": m.Theme,
    "strategies": m.Strategy,
    "action-plans": m.ActionPlan,
}
"""The datasets the index reads, by name, and the record each JSON file holds."""

Files = dict[str, bytes]
"""A package's files by their path in it (`datapackage.json`, `themes.json`)."""


@dataclass(frozen=True)
class Published:
    """A partnership as its data package publishes it."""

    id: str
    name: str
    partnership: m.Partnership
    themes: dict[str, m.Theme]
    strategies: list[m.Strategy]
    plans: list[m.ActionPlan]
    site: str | None
    """Its site's address, for links back (the package's homepage, or the registry's)."""
    pages: dict[str, str]
    """Its page addresses as templates (`strategies/{id}/`), from its package."""
    version: str
    fetched: dt.datetime
    stale: bool = False
    """True when its site could not be reached and this is the last good copy."""
    source: str = ""

    @property
    def strategy(self) -> m.Strategy | None:
        return current(self.strategies)

    @property
    def plan(self) -> m.ActionPlan | None:
        return current(self.plans)

    def link(self, page: str, anchor: str | None = None, **ids: str) -> str | None:
        """The address of one of its pages (None when its site's address is unknown)."""
        if not self.site or page not in self.pages:
            return None
        return self.site + self.pages[page].format(**ids) + (f"#{anchor}" if anchor else "")


def needed(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The resources the index reads, by dataset name (missing ones are left out)."""
    by_name = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    return {name: by_name[f"{name}-json"] for name in READ if f"{name}-json" in by_name}


def read_descriptor(raw: bytes, display: Callable[[str], str]) -> tuple[dict | None, list[Problem]]:
    """The package descriptor, if it is one of this standard's this index can read."""
    where = display(PACKAGE_FILE)
    try:
        descriptor = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [file_problem(where, f"not JSON: {exc}")]
    if not isinstance(descriptor, dict):
        return None, [file_problem(where, "not a data package: expected a JSON object")]
    standard = descriptor.get("standard") or {}
    version = str(standard.get("version", "")) if isinstance(standard, dict) else ""
    if not isinstance(standard, dict) or standard.get("name") != STANDARD:
        return None, [
            file_problem(
                where,
                f"standard: not a {STANDARD} package",
                "publish the site with sosafe-gen, which writes data/datapackage.json",
            )
        ]
    ours = _version(STANDARD_VERSION)
    theirs = _version(version)
    if theirs is None or theirs[0] != ours[0] or theirs[1] > ours[1]:
        return None, [
            file_problem(
                where,
                f"standard.version: {STANDARD} {version or '(none)'} cannot be read by this "
                f"index, which reads {ours[0]}.0 to {STANDARD_VERSION}",
                "build the index with the sosafe-gen the package was published with, or newer",
            )
        ]
    missing = [f"{n}-json" for n in READ if n not in needed(descriptor)]
    if missing:
        return None, [file_problem(where, f"resources: no {', '.join(missing)} in the package")]
    return descriptor, []


def _version(text: str) -> tuple[int, int, int] | None:
    parts = text.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def read_package(
    files: Files,
    source: Source,
    fetched: dt.datetime,
    display: Callable[[str], str],
    stale: bool = False,
) -> tuple[Published | None, list[Problem]]:
    """A package's files read into the model, or None and every problem."""
    descriptor, problems = read_descriptor(files.get(PACKAGE_FILE, b""), display)
    if descriptor is None:
        return None, problems
    records: dict[str, list[Any]] = {}
    for name, resource in needed(descriptor).items():
        path = str(resource.get("path", ""))
        data = files.get(path)
        if data is None:
            problems.append(file_problem(display(path), "missing from the package's folder"))
            continue
        problems.extend(_integrity(data, resource, display(path)))
        loaded = _records(data, READ[name], display(path), problems)
        if loaded is not None:
            records[name] = loaded
    if problems:
        return None, problems
    if len(records["partnership"]) != 1:
        return None, [file_problem(display("partnership.json"), "expected one partnership")]
    themes = {t.id: t for t in records["themes"]}
    problems = _unknown_themes(records, themes, display)
    if problems:
        return None, problems
    p = records["partnership"][0]
    about = descriptor.get("partnership") if isinstance(descriptor.get("partnership"), dict) else {}
    pages = about.get("pages") if isinstance(about.get("pages"), dict) else {}
    site = source.site or descriptor.get("homepage")
    return (
        Published(
            id=str(descriptor.get("name") or p.id or ""),
            name=source.name or p.name,
            partnership=p,
            themes=themes,
            strategies=records["strategies"],
            plans=records["action-plans"],
            site=(site.rstrip("/") + "/") if isinstance(site, str) and site else None,
            pages={k: str(v) for k, v in pages.items()},
            version=str(descriptor["standard"]["version"]),
            fetched=fetched,
            stale=stale,
            source=source.location,
        ),
        [],
    )


def _integrity(data: bytes, resource: dict[str, Any], where: str) -> list[Problem]:
    size, digest = resource.get("bytes"), str(resource.get("hash", ""))
    if size is not None and size != len(data):
        return [file_problem(where, f"{len(data)} bytes, but the package says {size}")]
    algorithm, _, value = digest.rpartition(":")
    try:
        actual = hashlib.new(algorithm or "md5", data).hexdigest() if value else value
    except ValueError:
        return [file_problem(where, f"hash: '{algorithm}' is not a hash this index knows")]
    if actual != value:
        return [file_problem(where, "its hash is not the one the package gives: a changed copy")]
    return []


def _records(
    data: bytes, model: type[BaseModel], where: str, problems: list[Problem]
) -> list[Any] | None:
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        problems.append(file_problem(where, f"not JSON: {exc}"))
        return None
    try:
        return TypeAdapter(list[model]).validate_python(raw)  # type: ignore[valid-type]
    except ValidationError as exc:
        lines = data.count(b"\n")
        for err in exc.errors(include_url=False)[:20]:
            loc = err["loc"]
            # The standard writes one record per line: record i is on line i + 2.
            line = int(loc[0]) + 2 if loc and isinstance(loc[0], int) and lines > 2 else 1
            got = err.get("input")
            said = f" (got {json.dumps(got)})" if isinstance(got, str | int | float | bool) else ""
            path = format_path(("records", *loc))
            problems.append(Problem(where, line, 1, path, err["msg"] + said))
        return None


def _unknown_themes(
    records: dict[str, list[Any]], themes: dict[str, m.Theme], display: Callable[[str], str]
) -> list[Problem]:
    out = []
    for s in records["strategies"]:
        for o in s.objectives:
            out += [("strategies.json", f"{s.id}/{o.id}", t) for t in o.themes if t not in themes]
    for p in records["action-plans"]:
        for sec, aim, a in iter_actions(p):
            tags = action_themes(sec, aim, a)
            out += [("action-plans.json", f"{p.id}/{a.id}", t) for t in tags if t not in themes]
    return [
        file_problem(display(file), f"{record}: theme '{t}' is not in themes.json")
        for file, record, t in out
    ]
