"""Untrusted text: a corpus of script payloads through every way text reaches a page.

The payloads go into every free-text value of the content YAML, an update's front matter
and body, and the cells of an imported spreadsheet. After a strict build no page holds a
script of ours, an event handler, a javascript:/data: link or an iframe.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import BIN, TO_DATE, mkdocs_build, run
from openpyxl import Workbook
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sosafe_gen.edit.yaml_rt import dump, yaml_rt

PAYLOADS = [
    '<script>alert("p1")</script>',
    '<img src=x onerror=alert("p2")>',
    "<a href=\"javascript:alert('p3')\">p3</a>",
    '[p4](javascript:alert("p4"))',
    '<iframe src="https://evil.example/p5"></iframe>',
    '<svg onload=alert("p6")><circle r="1"/></svg>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">p7</a>',
    "[p8](data:text/html,<script>alert(8)</script>)",
    '<a href="&#106;avascript:alert(9)">p9</a>',
    '<a href="jav&#x09;ascript:alert(10)">p10</a>',
    '<div onclick="alert(11)">p11</div>',
    "&lt;script&gt;alert(12)&lt;/script&gt;",
    "</title><script>alert(13)</script>",
    '"><script>alert(14)</script>',
    "![p15](javascript:alert(15))",
    '<p style="background:url(javascript:alert(16))">p16</p>',
    '<object data="javascript:alert(17)"></object><embed src="javascript:alert(18)">',
    '<math><mi xlink:href="javascript:alert(19)">p19</mi></math>',
    "<a href=\"  JaVaScRiPt:alert('p20')\">p20</a>",
    '<form action="javascript:alert(21)"><button formaction="javascript:alert(22)">p22</button></form>',
    "`<script>alert(23)</script>`",
]
CORPUS = " ".join(PAYLOADS)

# Values that are ids, dates, numbers or choices: the model refuses text there.
STRUCTURED = {
    "id",
    "document",
    "documents",
    "themes",
    "strategy",
    "strategies",
    "objective",
    "status",
    "unit",
    "axis",
    "rise_is",
    "progress_mode",
    "date",
    "agenda_published",
    "case_study",
    "report",
    "meeting",
    "minutes_of",
    "plans",
    "incomplete",
    "sensitive",
    "people",
    "abbreviation",
    "value",
    "start",
    "end",
    "url",
    "exit_url",
    "email",
    "prepared",
    "reviewed",
    "tested",
    "response_days",
    "outcomes_total",
    "outcomes_completed",
    "amount",
    "area_codes",
}
IDENTIFIERS = {"licence"}
"""Mappings of identifiers only (a licence's SPDX id and address): left whole."""


def poison(node: object, key: str = "") -> object:
    """Append the corpus to every free-text string under `node`."""
    if isinstance(node, CommentedMap):
        for k in list(node):
            if str(k) not in IDENTIFIERS:
                node[k] = poison(node[k], str(k))
        return node
    if isinstance(node, CommentedSeq):
        for i, v in enumerate(node):
            node[i] = poison(v, key)
        return node
    if isinstance(node, str) and key not in STRUCTURED:
        return f"{node} {CORPUS}"
    return node


class Scan(HTMLParser):
    """Collects anything executable: our scripts, handlers, dangerous URLs, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "frame", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        self.script = tag == "script"
        for name, value in attrs:
            v = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            # A URL's scheme is what runs: `tel:...javascript:` is a (silly) phone number.
            if (
                name in ("href", "src", "action", "formaction", "xlink:href", "data")
                and v.startswith(("javascript:", "data:", "vbscript:"))
            ) or (name == "style" and "javascript:" in v):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        if self.script and "alert(" in data:
            self.found.append(f"<script>{data[:30]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.script = False


def scan(html: str) -> list[str]:
    s = Scan()
    s.feed(html)
    return s.found


def test_the_scanner_finds_each_payload_in_raw_html() -> None:
    # The payloads themselves are caught (so a clean scan below means something).
    caught = [p for p in PAYLOADS if scan(p)]
    assert len(caught) >= 17, [p for p in PAYLOADS if p not in caught]


@pytest.fixture
def poisoned(fixture_site: Path, tmp_path: Path) -> Path:
    for path in (fixture_site / "content").rglob("*.yml"):
        data = yaml_rt().load(path.read_text())
        path.write_text(dump(poison(data)))
    updates = fixture_site / "content/updates"
    updates.mkdir(exist_ok=True)
    (updates / "2025-06-10-news.md").write_text(
        "---\n"
        f"title: {json.dumps(CORPUS)}\n"
        "date: 2025-06-10\nthemes: [asb]\n"
        f"summary: {json.dumps(CORPUS)}\n"
        f"source: {{document: old-strategy, section: {json.dumps(CORPUS)}}}\n"
        "---\n\n" + "\n\n".join(PAYLOADS) + "\n"
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append([*TO_DATE, "Themes"])
    ws.append([f"1. Section {CORPUS}", None, None, None, None, None, None, "asb"])
    for i, p in enumerate(PAYLOADS):
        ws.append(
            [
                f"1.{i + 1} Aim {p}",
                f"Action {p}",
                f"Lead {p}",
                f"Partner {p}",
                f"Resource {p}",
                f"Outcome {p}",
                f"Progress {p}",
            ]
        )
    wb.save(tmp_path / "plan.xlsx")
    cfg = fixture_site / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text().replace("  - sosafe\n", "  - sosafe:\n      show_officer_names: true\n")
    )
    return fixture_site


def test_no_payload_survives_into_the_site(poisoned: Path, tmp_path: Path) -> None:
    out = run(
        str(BIN / "sosafe"),
        "import",
        str(tmp_path / "plan.xlsx"),
        "--plan",
        "2017-18",
        cwd=poisoned,
    )
    assert out.returncode == 0, out.stderr
    plan = poisoned / "content/action-plans/2017-18.yml"
    assert "Action <script>" in plan.read_text()  # the text is kept as written ...

    site = tmp_path / "out"
    built = mkdocs_build(poisoned, site)
    assert built.returncode == 0, built.stderr
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    found = {str(p.relative_to(site)): scan(p.read_text()) for p in pages}
    assert {k: v for k, v in found.items() if v} == {}
    # ... and reaches the reader as text (the payloads were published, not dropped).
    plan_page = (site / "action-plans/2017-18/index.html").read_text()
    assert "Action" in plan_page and "p11" in plan_page
    news = (site / "updates/news/index.html").read_text()
    assert "&lt;/title&gt;&lt;script&gt;" in news.split("<title>")[1].split("</title>")[0]
    feed = feedparser.parse((site / "updates/feed.xml").read_bytes())
    assert not feed.bozo
    for entry in feed.entries:
        assert scan(entry.content[0].value) == []
        # Title and summary are Atom text constructs: readers show them as text, never HTML.
        assert entry.title_detail.type == entry.summary_detail.type == "text/plain"
    (poisoned_entry,) = [e for e in feed.entries if e.link.rstrip("/").endswith("news")]
    assert "<script>alert(13)</script>" in poisoned_entry.summary


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "JAVASCRIPT:alert(1)",
        ' https://ok.example/" onclick="x',
    ],
)
def test_links_from_content_must_be_web_addresses(fixture_site: Path, url: str) -> None:
    partnership = fixture_site / "content/partnership.yml"
    data = yaml_rt().load(partnership.read_text())
    data["contact"]["url"] = url
    partnership.write_text(dump(data))
    out = run(str(BIN / "sosafe"), "check", "content", cwd=fixture_site)
    assert out.returncode == 1
    assert "contact.url: " in out.stderr and "is not a web address" in out.stderr
    assert "hint: start it with https://" in out.stderr
