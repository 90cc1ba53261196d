"""Valid HTML: the Nu Html Checker (vnu.jar) over every page, errors only.

It runs in its own process while the browser visits the pages (`start`, then `finish`), so
a two-core machine spends the checker's time beside the browser's rather than after it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from ...site.audit_report import Failure
from .tools import Tools


class HtmlCheck:
    def __init__(self, tools: Tools, site: Path, pages: list[str]) -> None:
        self.site = site.resolve()
        self.proc = subprocess.Popen(
            [tools.java, "-jar", str(tools.vnu), "--errors-only", "--format", "json"]
            + [str(self.site / rel) for rel in pages],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(self) -> tuple[list[Failure], str]:
        """The checker's errors, one Failure each (a checker that did not answer is one too),
        and the checker's version."""
        _, err = self.proc.communicate()
        try:
            data = json.loads(err)
            messages, version = data["messages"], str(data.get("version", "unknown"))
        except (ValueError, KeyError, TypeError):
            failed = f"the Nu Html Checker failed: {err.strip()[:300]}"
            return [Failure(page="", message=failed)], "?"
        out = []
        for m in messages:
            url = m.get("url", "")
            page = Path(url.removeprefix("file:")).resolve() if url else None
            rel = page.relative_to(self.site).as_posix() if page else ""
            where = f"line {m['lastLine']}: " if "lastLine" in m else ""
            out.append(Failure(page=rel, message=where + m.get("message", "?")))
        return out, version

    def cancel(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
