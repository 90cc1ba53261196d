"""The `sosafe` command: the same core the MkDocs plugin uses, without MkDocs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..content.check import load_content
from ..content.problems import FORMATS, ContentError, Problem, report
from ..content.text import display_path
from ..edit.files import atomic_write
from .audit.command import add_audit_command
from .commands import add_commands, config_problems
from .edit_command import add_edit_command
from .index import add_index_command


def _check(args: argparse.Namespace) -> int:
    """The text form by default; with --format, that report on stdout (or in --output) and
    the text form on stderr, so a CI log still reads in plain words. The plugin's options in
    the site's mkdocs.yml are checked with the content."""
    if args.output and args.format == "text":
        raise SystemExit("sosafe check: --output goes with --format github, gitlab or json")
    content_dir = Path(args.content_dir)
    config = Path(args.config) if args.config else content_dir.parent / "mkdocs.yml"
    problems: list[Problem] = config_problems(config) if config.is_file() else []
    summary = ""
    try:
        summary = f"content is valid: {load_content(content_dir).summary()}"
    except ContentError as exc:
        problems = [*problems, *exc.problems]
    if args.format != "text":
        written = report(problems, args.format)
        if args.output:
            try:
                atomic_write(Path(args.output), written)
            except OSError as exc:
                where = display_path(Path(args.output))
                raise SystemExit(f"sosafe check: cannot write {where}: {exc.strerror}") from None
        else:
            sys.stdout.write(written)
    if problems:
        print(report(problems, "text"), file=sys.stderr)
        return 1
    print(summary, file=sys.stdout if args.format == "text" else sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sosafe", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate the content folder and report every problem")
    p.add_argument("content_dir", nargs="?", default="content")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (the default); github: workflow annotations; gitlab: a Code Quality "
        "report; json: a plain list. The text form then goes to standard error",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write that report to FILE, not stdout")
    p.add_argument(
        "--config", help="the site's mkdocs.yml (default: beside the content folder), if any"
    )
    p.set_defaults(func=_check)
    add_commands(sub)  # the comms team's commands (commands.py)
    add_edit_command(sub)  # the browser editor with the preview (edit_command.py)
    add_audit_command(sub)  # the accessibility audit of a built site (audit/)
    add_index_command(sub)  # the national index of many partnerships (index.py)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
