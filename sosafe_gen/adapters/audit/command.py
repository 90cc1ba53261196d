"""`sosafe audit [SITE_DIR]`: the accessibility audit of a built site, as a command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .tools import VNU, MissingTool


def _audit(args: argparse.Namespace) -> int:
    # Imported when the audit runs, not with every `sosafe` command (Playwright is slow to load).
    from .report import default_report_path, summary, write_report
    from .run import AuditError, AuditOptions, run_audit

    options = AuditOptions(
        site=Path(args.site_dir),
        chromium=args.chromium,
        vnu=args.vnu,
        content=args.content,
        config=args.config,
    )
    try:
        report = run_audit(options)
    except (MissingTool, AuditError) as exc:
        for line in str(exc).splitlines():
            print(f"sosafe audit: {line}", file=sys.stderr)
        return 1
    path = args.report or default_report_path(options.site, report.date)
    json_path, _ = write_report(report, path)
    print(summary(report, written=json_path), end="")
    return 0 if report.passed else 1


def add_audit_command(sub: Any) -> None:
    p = sub.add_parser(
        "audit",
        help="check a built site in a browser: axe-core, keyboard, reflow, valid HTML",
        description=(
            "Serves the built site on 127.0.0.1 and visits every page at 1280 and 320 CSS px "
            "in Debian's chromium: axe-core (WCAG 2.2 AA), reflow, keyboard, quick exit, no "
            "JavaScript, no other hosts; the Nu Html Checker checks every page. Writes a dated "
            "JSON report and a Markdown summary; exit status 1 when any check fails."
        ),
    )
    p.add_argument("site_dir", nargs="?", default="site", help="the built site (site)")
    p.add_argument(
        "--report",
        type=Path,
        help="where the JSON report goes (default: audit/accessibility-audit-DATE.json "
        "beside the site folder); the Markdown summary goes beside it",
    )
    p.add_argument("--chromium", type=Path, help="the chromium program (/usr/bin/chromium)")
    p.add_argument("--vnu", type=Path, help=f"the Nu Html Checker's vnu.jar ({VNU})")
    p.add_argument(
        "--content",
        type=Path,
        help="the content folder the site was built from: which pages are sensitive "
        "(default: the pages say so, or have the quick exit)",
    )
    p.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="with --content (mkdocs.yml)"
    )
    p.set_defaults(func=_audit)
