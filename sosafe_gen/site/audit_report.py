"""The accessibility audit's report: what `sosafe audit` found on a built site, as JSON.

The audit (adapters/audit) writes it; the accessibility statement can cite it (pages, date,
result) through `read_report`, which is why the format lives here, below the adapters. Plain
standard-library types only: the report is read without a browser or MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "sosafe-audit/1"

# The checks in the order they are reported, with the words a person reads.
CHECKS: dict[str, str] = {
    "axe": "axe-core: WCAG 2.0, 2.1 and 2.2 A and AA rules",
    "html": "Valid HTML (Nu Html Checker)",
    "reflow": "Reflow: no page scrolls sideways",
    "keyboard": "Keyboard: skip link first, every control reached by Tab with a visible focus",
    "no-javascript": "Every page reads with JavaScript off",
    "requests": "Every request goes to the site itself and succeeds",
    "quick-exit": "Quick exit on sensitive pages: second Tab stop, fixed on screen",
    "csp": "Content-Security-Policy: nothing on any page is blocked by it",
}


@dataclass(frozen=True)
class Failure:
    """One thing a check found: on a page (site-relative path) at a width in CSS px (None for
    checks that do not depend on the width), the rule that failed (an axe rule id, say)."""

    page: str
    message: str
    width: int | None = None
    rule: str | None = None


@dataclass
class CheckResult:
    id: str
    failures: list[Failure] = field(default_factory=list)

    @property
    def title(self) -> str:
        return CHECKS[self.id]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class AuditReport:
    """The whole report. `pages` are every HTML file of the site, relative to it; `visits`
    how many of them the browser visited at each width."""

    date: dt.date
    site: str
    pages: list[str]
    widths: list[int]
    visits: dict[int, int]
    tools: dict[str, str]
    sensitive: dict[str, Any]  # {"source": how they were found, "pages": [...]}
    checks: list[CheckResult]
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "date": self.date.isoformat(),
            "site": self.site,
            "passed": self.passed,
            "seconds": round(self.seconds, 1),
            "pages": self.pages,
            "widths": self.widths,
            "visits": {str(w): n for w, n in self.visits.items()},
            "tools": self.tools,
            "sensitive": self.sensitive,
            "checks": [
                {
                    "id": c.id,
                    "title": c.title,
                    "passed": c.passed,
                    "failures": [asdict(f) for f in c.failures],
                }
                for c in self.checks
            ],
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class AuditSummary:
    """What a statement cites: when, how many pages at which widths, the result."""

    date: dt.date
    pages: int
    widths: tuple[int, ...]
    passed: bool
    failures: int
    checks: dict[str, bool]
    tools: dict[str, str]

    @property
    def failed_titles(self) -> list[str]:
        """The checks that failed, in the words a person reads."""
        return [CHECKS.get(c, c) for c, passed in self.checks.items() if not passed]


class ReportError(ValueError):
    """A file that is not an audit report of this format."""


def load_report(path: Path) -> AuditReport:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ReportError(f"{path}: not a {FORMAT} report")
        checks = [
            CheckResult(c["id"], [Failure(**f) for f in c["failures"]]) for c in data["checks"]
        ]
        return AuditReport(
            date=dt.date.fromisoformat(data["date"]),
            site=data["site"],
            pages=list(data["pages"]),
            widths=list(data["widths"]),
            visits={int(w): int(n) for w, n in data["visits"].items()},
            tools=dict(data["tools"]),
            sensitive=dict(data["sensitive"]),
            checks=checks,
            seconds=float(data.get("seconds", 0.0)),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        if isinstance(exc, ReportError):
            raise
        raise ReportError(f"{path}: cannot read the audit report: {exc}") from None


def read_report(path: Path) -> AuditSummary:
    """The summary of a report written by `sosafe audit`; ReportError if it is not one."""
    report = load_report(path)
    return AuditSummary(
        date=report.date,
        pages=len(report.pages),
        widths=tuple(report.widths),
        passed=report.passed,
        failures=sum(len(c.failures) for c in report.checks),
        checks={c.id: c.passed for c in report.checks},
        tools=report.tools,
    )
