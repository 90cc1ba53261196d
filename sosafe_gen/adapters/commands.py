"""The comms team's `sosafe` commands: progress, new update / plan, import, export.

Each prints what it did (the file it wrote) or raises ContentError, which `cli.main`
prints as `file:line:col` (or `file:Sheet!C12`) lines with hints and exit status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from ..content.check import load_content
from ..content.model import STATUS_VALUES
from ..content.problems import ContentError, file_problem
from ..content.text import display_path
from ..edit.export import write_export
from ..edit.importer import import_plan
from ..edit.init import init_site
from ..edit.new_plan import new_plan
from ..edit.new_update import new_update
from ..edit.progress import Recorded, record_progress
from ..site.pages import Options


def _progress(args: argparse.Namespace) -> int:
    quarter, text = _progress_words(args)
    status = Recorded(args.status, args.source, args.section) if args.status else None
    if status is None and (args.source or args.section):
        raise SystemExit("sosafe progress: --source and --section go with --status")
    path, old = record_progress(
        Path(args.content), args.plan, args.action, quarter, text, status, args.welsh
    )
    label = quarter or "progress to date"
    if text is not None:
        print(f"{display_path(path)}: recorded {label} for action {args.action}")
    if old is not None:
        shown = old.splitlines()[0][:70] if old.strip() else ""
        print(f"  (it replaced: {shown}{'...' if len(shown) < len(old.strip()) else ''})")
    if status is not None:
        where = ", ".join(
            w
            for w in (quarter, f"source {status.document}" if status.document else None)
            if w is not None
        )
        print(
            f"{display_path(path)}: recorded status {status.value} ({where}) "
            f"for action {args.action}"
        )
    return 0


def _progress_words(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The quarter and the text: `Q4 "text"`, `--to-date "text"`, or with --status no text
    (`Q4` alone, or nothing when --source names the document that says it)."""
    words = list(args.words)
    if args.to_date is not None:
        # `--to-date "text"` (its value) or `"text" --to-date`; a status alone needs no text.
        if isinstance(args.to_date, str):
            words.append(args.to_date)
        if len(words) > 1 or (not words and not args.status):
            raise SystemExit("sosafe progress: with --to-date give only the text, in quotes")
        return None, (words[0] if words else None)
    quarter = words[0].upper() if words and words[0].upper() in ("Q1", "Q2", "Q3", "Q4") else None
    if quarter and (len(words) == 2 or (len(words) == 1 and args.status)):
        return quarter, (words[1] if len(words) == 2 else None)
    if not words and args.status:
        return None, None
    raise SystemExit(
        "sosafe progress: give a quarter (Q1, Q2, Q3 or Q4) and the text in quotes, "
        "or --to-date and the text"
    )


def _status_value(text: str) -> str:
    """`in progress`, `In-Progress` → `in-progress`."""
    return "-".join(text.lower().split()).replace("_", "-")


def _new_update(args: argparse.Namespace) -> int:
    path = new_update(Path(args.content), args.title, dt.date.today())
    print(display_path(path))
    return 0


def _new_plan(args: argparse.Namespace) -> int:
    path, notes = new_plan(Path(args.content), args.year, args.from_id)
    print(display_path(path))
    for note in notes:
        print(f"  {note}")
    return 0


def _import(args: argparse.Namespace) -> int:
    _, summary = import_plan(Path(args.file), Path(args.content), args.plan, args.source)
    print(summary)
    return 0


def _export(args: argparse.Namespace) -> int:
    content = load_content(Path(args.content))
    written = write_export(content, options_from_config(Path(args.config)), Path(args.dest))
    print(f"wrote {len(written)} files to {display_path(Path(args.dest))}")
    return 0


def options_from_config(path: Path) -> Options:
    """The sosafe plugin's publishing options, read by MkDocs' own loader (INHERIT, !ENV and
    plugins written as a list or a mapping work as in a build); defaults without a config.
    A bad option is a problem in the config file, as the build would report it."""
    if not path.is_file():
        return Options()
    display = display_path(path)
    try:
        with path.open("rb") as fh:
            data = yaml_load(fh)
    except Exception as exc:  # MkDocs raises its own or PyYAML's errors for a bad file
        raise ContentError([file_problem(display, f"cannot read the config: {exc}")]) from None
    config = MkDocsConfig(config_file_path=str(path))
    config.load_dict(data or {})
    errors, _ = config.validate()
    if errors:
        raise ContentError(
            file_problem(display, f"{name}: {' '.join(str(err).split())}") for name, err in errors
        )
    plugin = config.plugins.get("sosafe")
    if plugin is None:
        return Options()
    opts: Any = plugin.config
    return Options(
        show_officer_names=opts.show_officer_names,
        small_count_threshold=opts.small_count_threshold,
        site_url=config.site_url or "",
    )


def _init(args: argparse.Namespace) -> int:
    dest = Path(args.dir)
    languages = tuple(x.strip() for x in args.languages.split(",") if x.strip())
    written = init_site(dest, args.name, args.short_name, dt.date.today(), languages, args.name_cy)
    print(f"wrote a new site for {' '.join(args.name.split())} in {display_path(dest)}/:")
    for path in written:
        print(f"  {display_path(path)}")
    print(
        f"next: cd {display_path(dest)} && sosafe check content && mkdocs serve "
        "(then read EDITING.md)"
    )
    return 0


def add_commands(sub: Any) -> None:
    def content_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--content", default="content", help="the content folder (content)")

    p = sub.add_parser("init", help="start a new partnership's site in an empty folder")
    p.add_argument("dir", help="the new folder")
    p.add_argument("--name", required=True, help="the partnership's full name, in quotes")
    p.add_argument("--short-name", help="the name people use, if shorter (default: --name)")
    p.add_argument(
        "--languages",
        default="en",
        help="en (the default), or en,cy for a bilingual site with every page in Welsh too",
    )
    p.add_argument("--name-cy", help="the partnership's name in Welsh, with --languages en,cy")
    p.set_defaults(func=_init)

    p = sub.add_parser("progress", help="record an action's progress (and status) in a plan")
    p.add_argument("plan", help="plan id, e.g. 2024-25")
    p.add_argument("action", help="action id, e.g. 1-1-a")
    p.add_argument("words", nargs="*", metavar="Q1..Q4 TEXT", help="the quarter and the text")
    p.add_argument(
        "--to-date",
        nargs="?",
        const=True,
        metavar="TEXT",
        help="the text, for plans with one progress to date",
    )
    p.add_argument(
        "--status",
        type=_status_value,
        choices=STATUS_VALUES,
        help="the action's status, recorded in the quarter given (or from --source)",
    )
    p.add_argument("--source", help="with --status: the document in sources.yml that says it")
    p.add_argument("--section", help="with --source: the section or page of that document")
    p.add_argument("--welsh", metavar="TEXT", help="the progress in Welsh (bilingual sites)")
    content_arg(p)
    p.set_defaults(func=_progress)

    new = sub.add_parser("new", help="create an update or next year's plan")
    kinds = new.add_subparsers(dest="kind", required=True)
    p = kinds.add_parser("update", help="a news update from the template, dated today")
    p.add_argument("title")
    content_arg(p)
    p.set_defaults(func=_new_update)
    p = kinds.add_parser("plan", help="next year's plan from this year's, without progress")
    p.add_argument("year", help="e.g. 2025-26")
    p.add_argument("--from", dest="from_id", required=True, help="the previous plan, e.g. 2024-25")
    content_arg(p)
    p.set_defaults(func=_new_plan)

    p = sub.add_parser("import", help="an action plan from a spreadsheet (.xlsx or .csv)")
    p.add_argument("file")
    p.add_argument("--plan", help="the plan id (default: the file name, e.g. 2025-26.xlsx)")
    p.add_argument("--source", help="for a new plan: the document id in sources.yml")
    content_arg(p)
    p.set_defaults(func=_import)

    p = sub.add_parser("export", help="every dataset as JSON and CSV, and a JSON Schema")
    p.add_argument("dest", help="the folder to write to")
    p.add_argument("--config", default="mkdocs.yml", help="publishing options (mkdocs.yml)")
    content_arg(p)
    p.set_defaults(func=_export)
