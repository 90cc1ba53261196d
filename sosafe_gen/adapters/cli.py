"""The `sosafe` command: the same core the MkDocs plugin uses, without MkDocs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..content.check import load_content
from ..content.problems import ContentError
from .audit.command import add_audit_command
from .commands import add_commands
from .edit_command import add_edit_command


def _check(args: argparse.Namespace) -> int:
    content = load_content(Path(args.content_dir))
    print(f"content is valid: {content.summary()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sosafe", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate the content folder and report every problem")
    p.add_argument("content_dir", nargs="?", default="content")
    p.set_defaults(func=_check)
    add_commands(sub)  # the comms team's commands (commands.py)
    add_edit_command(sub)  # the browser editor with the preview (edit_command.py)
    add_audit_command(sub)  # the accessibility audit of a built site (audit/)
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
