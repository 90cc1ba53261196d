"""The audit from start to report: find the tools, serve the site, visit it, check its HTML."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...site.audit_report import CHECKS, AuditReport, CheckResult
from .browser import Findings, Job, sweep
from .html import HtmlCheck
from .sensitive import sensitive_pages
from .server import html_pages, serve
from .tools import find_tools

WIDTHS = (1280, 320)


class AuditError(Exception):
    """The audit could not run (no pages, the browser failed): one line for the reader."""


@dataclass(frozen=True)
class AuditOptions:
    site: Path
    chromium: Path | None = None
    vnu: Path | None = None
    content: Path | None = None
    config: Path | None = None
    widths: tuple[int, ...] = WIDTHS


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run_audit(options: AuditOptions, progress: Callable[[str], None] = _stderr) -> AuditReport:
    """Every check on every page of the built site. Raises AuditError when there is nothing
    to audit or the browser fails, ContentError when --content is given and does not load,
    MissingTool (tools.py) when a program is missing."""
    site = options.site
    pages = html_pages(site) if site.is_dir() else []
    if not pages:
        raise AuditError(f"{site}: no HTML pages here; build the site first (mkdocs build)")
    sensitive = sensitive_pages(site, pages, options.content, options.config)
    tools = find_tools(options.chromium, options.vnu)
    started = time.monotonic()
    progress(f"auditing {len(pages)} pages at {' and '.join(map(str, options.widths))} px")
    html = HtmlCheck(tools, site, pages)
    try:
        with serve(site) as base:
            job = Job(tools.chromium, base, pages, sensitive, progress)
            findings = _browse(job, list(options.widths))
    except BaseException:
        html.cancel()
        raise
    findings.failures["html"], findings.tools["vnu"] = html.finish()
    return AuditReport(
        date=dt.date.today(),
        site=str(site),
        pages=pages,
        widths=list(options.widths),
        visits={w: len(findings.visited.get(w, [])) for w in options.widths},
        tools={
            name: findings.tools.get(name, "unknown") for name in ("axe-core", "chromium", "vnu")
        },
        sensitive={"source": sensitive.source, "pages": sorted(sensitive.pages)},
        checks=[CheckResult(check, findings.failures.get(check, [])) for check in CHECKS],
        seconds=time.monotonic() - started,
    )


def _browse(job: Job, widths: list[int]) -> Findings:
    from playwright.sync_api import Error  # only the audit needs Playwright

    try:
        return sweep(job, widths)
    except Error as exc:
        text = str(exc).strip()
        raise AuditError(f"the browser failed: {text.splitlines()[0] if text else exc!r}") from None
