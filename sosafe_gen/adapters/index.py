"""`sosafe index partnerships.yml -o DIR`: the national index, fetched, checked, planned and
built strictly with MkDocs and Material (the `sosafe-index` plugin), in one process.

The command writes a small MkDocs project beside the cached packages (`.sosafe-index/`
next to the registry: `project/mkdocs.yml`), so `mkdocs serve -f` on it previews the index
from the last good copies without fetching again.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..content.problems import Problem
from ..content.text import display_path
from ..national.fetch import FetchOptions, Outcome, collect, last_good
from ..national.plan import NationalSite, plan_index
from ..national.read import Published
from ..national.registry import read_registry

PACKAGES = "packages"
PROJECT = "project"


def offline_plan(registry: Path, cache: Path) -> NationalSite:
    """The index from the last good copies alone (for `mkdocs build` of the project)."""
    reg, sources = read_registry(registry)
    outcomes = [last_good(s, cache / PACKAGES) for s in sources]
    published, left_out = settle(outcomes)
    return plan_index(reg.title, published, left_out)


def settle(outcomes: list[Outcome]) -> tuple[list[Published], list[Outcome]]:
    """The packages in the index, and the entries left out (a second package with an id
    already taken is one: ids are the index's addresses)."""
    published: list[Published] = []
    left_out: list[Outcome] = []
    taken: dict[str, str] = {}
    for o in outcomes:
        p = o.published
        if p is not None and p.id in taken:
            o.problems.append(
                Problem(
                    o.source.shown,
                    1,
                    1,
                    "name",
                    f"the id '{p.id}' is already used by {taken[p.id]}",
                    "give one of the partnerships its own id: in its partnership.yml",
                )
            )
            o.published = None
        if o.published is None:
            left_out.append(o)
        else:
            taken[o.published.id] = o.source.shown
            published.append(o.published)
    return published, left_out


def build_index(
    registry: Path, out: Path, cache: Path, options: FetchOptions, say: Any = print
) -> tuple[NationalSite, list[Outcome]]:
    """Fetch, check, plan and build; returns the plan and every entry's outcome."""
    reg, sources = read_registry(registry)
    outcomes = collect(sources, cache / PACKAGES, options)
    for line in report(outcomes):
        say(line)
    published, left_out = settle(outcomes)
    site = plan_index(reg.title, published, left_out)
    project = cache / PROJECT
    (project / "docs").mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {
        "site_name": site.title,
        "theme": {"name": "material"},
        "plugins": [
            "search",
            {"sosafe-index": {"registry": str(registry.resolve()), "cache": str(cache.resolve())}},
        ],
    }
    if reg.site_url:
        config["site_url"] = reg.site_url
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    _mkdocs(project / "mkdocs.yml", out, site)
    return site, outcomes


def report(outcomes: list[Outcome]) -> Iterator[str]:
    """What became of the entries that did not simply load: left out, or an earlier copy."""
    for o in outcomes:
        where = o.source.shown
        if o.published is not None and o.unreachable:
            when = o.published.fetched.strftime("%Y-%m-%d %H:%M UTC")
            yield (
                f"{where}: could not be reached ({o.unreachable}); "
                f"shown from the copy fetched {when}"
            )
        elif o.problems:
            yield f"{where}: left out: its data package fails the checks:"
            yield from (f"  {line}" for p in o.problems for line in str(p).splitlines())
        elif o.unreachable:
            yield f"{where}: left out: could not be reached ({o.unreachable}); no earlier copy"


def _mkdocs(config_file: Path, out: Path, site: NationalSite) -> None:
    try:
        config = load_config(config_file=str(config_file), site_dir=str(out.resolve()), strict=True)
    except ConfigurationError as exc:
        raise SystemExit(f"sosafe index: {exc}") from None
    config.plugins["sosafe-index"].national = site  # type: ignore[attr-defined]
    with _warnings() as seen:
        try:
            build(config)
        except Abort as exc:
            lines = [f"sosafe index: {w}" for w in seen] + [f"sosafe index: {exc}"]
            raise SystemExit("\n".join(lines)) from None


@contextmanager
def _warnings() -> Iterator[list[str]]:
    """MkDocs' warnings, to say why a strict build failed (the CLI would have printed them)."""
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)


def _index(args: argparse.Namespace) -> int:
    registry = Path(args.registry)
    cache = Path(args.cache) if args.cache else registry.parent / ".sosafe-index"
    options = FetchOptions(workers=args.workers, timeout=args.timeout, retries=args.retries)
    site, _ = build_index(registry, Path(args.output), cache, options, _stderr)
    shown = len(site.published)
    left = len(site.left_out)
    print(
        f"built the index of {shown} {'partnership' if shown == 1 else 'partnerships'} in "
        f"{display_path(Path(args.output))}/" + (f" ({left} left out: see above)" if left else "")
    )
    return 0 if shown else 1


def _stderr(line: str) -> None:
    print(f"sosafe index: {line}", file=sys.stderr)


def add_index_command(sub: Any) -> None:
    p = sub.add_parser(
        "index",
        help="a national index of many partnerships, built from their data packages",
        description="Reads the data packages a registry lists (each a site's data/ folder, "
        "a datapackage.json or its address), checks each (one that fails is left out, with "
        "its problems) and builds a static site: every partnership with its current strategy "
        "and plan, each theme across them, delivery by status, and search.",
    )
    p.add_argument("registry", help="the registry file (partnerships.yml)")
    p.add_argument("-o", "--output", required=True, help="the folder to build the index into")
    p.add_argument(
        "--cache", help="where the last good copies are kept (.sosafe-index beside the registry)"
    )
    p.add_argument("--workers", type=int, default=8, help="packages fetched at once (8)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per site (20)")
    p.add_argument("--retries", type=int, default=2, help="retries of a failed fetch (2)")
    p.set_defaults(func=_index)
