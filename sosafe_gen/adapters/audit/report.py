"""The audit's words: the summary printed at the end, the report files and where they go."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from ...site.audit_report import AuditReport, CheckResult, Failure

SHOWN = 10  # failures listed per check in the summary; the JSON report has every one


def default_report_path(site: Path, date: dt.date) -> Path:
    """Beside the site folder, never in it (a rebuild would delete it, a deploy publish it)."""
    return site.resolve().parent / "audit" / f"accessibility-audit-{date.isoformat()}.json"


def write_report(report: AuditReport, path: Path) -> tuple[Path, Path]:
    """The JSON report at `path` and its Markdown summary beside it (.md)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.to_json(), encoding="utf-8")
    summary = path.with_suffix(".md")
    summary.write_text(markdown(report), encoding="utf-8")
    return path, summary


def _tools(report: AuditReport) -> str:
    t = report.tools
    return (
        f"axe-core {t.get('axe-core', '?')}, Chromium {t.get('chromium', '?')}, "
        f"Nu Html Checker {t.get('vnu', '?')}"
    )


def _widths(report: AuditReport) -> str:
    return " and ".join(str(w) for w in report.widths) + " CSS px"


def _where(f: Failure) -> str:
    return f"{f.page or 'the site'}" + (f" at {f.width} px" if f.width else "")


def _findings(check: CheckResult) -> list[str]:
    """Lines about one failed check: axe by rule with its pages, the others one per failure."""
    if check.id != "axe":
        lines = [f"{_where(f)}: {f.message}" for f in check.failures[:SHOWN]]
    else:
        by_rule: dict[str, list[Failure]] = defaultdict(list)
        for f in check.failures:
            by_rule[f.rule or "?"].append(f)
        lines = []
        for rule, found in sorted(by_rule.items()):
            pages = sorted({f.page for f in found})
            widths = sorted({f.width for f in found if f.width}, reverse=True)
            help_text = found[0].message.split(" at ")[0]
            shown = ", ".join(pages[:SHOWN]) + (" …" if len(pages) > SHOWN else "")
            lines.append(
                f"{rule} ({help_text}): {len(pages)} page{'s' * (len(pages) != 1)} "
                f"at {'/'.join(map(str, widths))} px: {shown}"
            )
    if check.id != "axe" and len(check.failures) > SHOWN:
        lines.append(f"… and {len(check.failures) - SHOWN} more in the report")
    return lines


def summary(report: AuditReport, written: Path | None = None) -> str:
    """What the command prints: visits, each check's result, failures by rule or page."""
    visits = ", ".join(f"{report.visits.get(w, 0)} at {w} px" for w in report.widths)
    out = [
        f"sosafe audit of {report.site} on {report.date.isoformat()} ({report.seconds:.0f} s)",
        f"pages: {len(report.pages)}; visited {visits}",
        f"tools: {_tools(report)}",
        f"sensitive pages: {len(report.sensitive['pages'])} "
        f"(found from the {report.sensitive['source']})",
        "",
    ]
    for check in report.checks:
        n = len(check.failures)
        found = "" if check.passed else f": {n} finding{'s' * (n != 1)}"
        out.append(f"  {'passed' if check.passed else 'FAILED'}  {check.title}{found}")
        out += [f"          {line}" for line in _findings(check)]
    failed = [c for c in report.checks if not c.passed]
    out.append("")
    if failed:
        out.append(f"result: FAILED, {len(failed)} of {len(report.checks)} checks")
    else:
        out.append(f"result: passed, all {len(report.checks)} checks")
    if written:
        out.append(f"report: {written}")
    return "\n".join(out) + "\n"


def markdown(report: AuditReport) -> str:
    """A short human summary beside the JSON, e.g. to attach to the accessibility statement."""
    result = "passed" if report.passed else "failed"
    out = [
        f"# Accessibility audit, {report.date.isoformat()}: {result}",
        "",
        f"Automated audit of {len(report.pages)} pages of `{report.site}` at {_widths(report)} "
        f"by `sosafe audit` ({_tools(report)}). Automated checks cannot find every failure "
        "of WCAG 2.2 AA; a check by hand is still needed.",
        "",
        "| check | result | findings |",
        "| --- | --- | ---: |",
    ]
    for check in report.checks:
        state = "passed" if check.passed else "**failed**"
        out.append(f"| {check.title} | {state} | {len(check.failures)} |")
    for check in report.checks:
        if not check.passed:
            out += ["", f"## {check.title}", ""]
            out += [f"- {line}" for line in _findings(check)]
    return "\n".join(out) + "\n"
