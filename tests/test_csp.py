"""The Content-Security-Policy of every built page, read from the HTML (the browser's proof is
in test_csp_browser.py and the audit's csp check).

What each page's policy must allow is found here independently of the generator: the inline
scripts Material and the package write around the content, hashed with hashlib. Nothing the
content itself holds may be allowed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import BIN, mkdocs_build, run, site_pages
from contract import Project

from sosafe_gen.adapters.audit.server import headers_for, site_headers
from sosafe_gen.render.csp import (
    ADMIN_SOURCES,
    admin_policy,
    header_policy,
    inline_script_hashes,
    page_policy,
    secure_page,
)

JS_TYPES = {"", "module", "text/javascript", "application/javascript"}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


class _Page(HTMLParser):
    """Each inline script's text and whether it is inside <article>; the head's first tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[tuple[str, bool]] = []
        self.head: list[tuple[str, dict[str, str | None]]] = []
        self._depth = 0  # inside <article>
        self._script: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self.head.append((tag, a))
        if tag == "article":
            self._depth += 1
        if tag == "script" and "src" not in a and (a.get("type") or "").lower() in JS_TYPES:
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "article":
            self._depth -= 1
        if tag == "script" and self._script is not None:
            self.scripts.append(("".join(self._script), self._depth > 0))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def read(page: Path) -> tuple[_Page, dict[str, list[str]]]:
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    metas = [a for tag, a in parser.head if tag == "meta" and a.get("http-equiv")]
    assert [a["http-equiv"] for a in metas] == ["Content-Security-Policy"], page
    return parser, directives(metas[0]["content"] or "")


def test_every_page_allows_exactly_the_scripts_around_its_content(project: Project) -> None:
    pages = site_pages(project.site)
    assert pages
    for page in pages:
        parsed, policy = read(page)
        theirs = {sha256(text) for text, in_content in parsed.scripts if not in_content}
        assert theirs, f"{page}: Material writes inline scripts on every page"
        assert set(policy["script-src"]) == {"'self'", "'report-sample'", *theirs}, page


def test_every_page_policy_is_the_strict_one(project: Project) -> None:
    for page in site_pages(project.site):
        parsed, policy = read(page)
        scripts = policy["script-src"]
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:"} & set(scripts)
        assert policy["default-src"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["style-src"] == ["'self'", "'report-sample'"]
        assert "frame-ancestors" not in policy  # a <meta> policy cannot carry it
        # First in <head> after the charset, before any script or stylesheet.
        tags = [
            (tag, a.get("http-equiv") or a.get("name") or a.get("charset"))
            for tag, a in parsed.head
        ]
        assert tags[:3] == [
            ("meta", "utf-8"),
            ("meta", "Content-Security-Policy"),
            ("meta", "referrer"),
        ], page
        referrer = next(a for tag, a in parsed.head if a.get("name") == "referrer")
        assert referrer["content"] == "no-referrer"


def test_headers_file_gives_the_policy_of_every_page_with_what_only_a_header_can_say(
    project: Project,
) -> None:
    lines = (project.site / "_headers").read_text().splitlines()
    assert lines[0] == "/*"
    end = lines.index("/admin/*") if "/admin/*" in lines else len(lines)
    headers = dict(line.strip().split(": ", 1) for line in lines[1:end])
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = directives(headers["Content-Security-Policy"])
    every = {h for page in site_pages(project.site) for h in read(page)[1]["script-src"]}
    assert set(policy["script-src"]) == every
    assert policy["frame-ancestors"] == ["'none'"]
    assert {k: v for k, v in policy.items() if k not in ("script-src", "frame-ancestors")} == {
        k: v for k, v in read(project.site / "404.html")[1].items() if k != "script-src"
    }


# --- the functions, on small pages ---------------------------------------------------------


PAGE = (
    '<!doctype html><html><head>\n<meta charset="utf-8">\n<script>var a = 1;</script>'
    '<script src="x.js"></script><script type="application/json">{"b": 2}</script>'
    "</head><body><article>CONTENT</article><script>\r\nvar c = 3;\r\n</script></body></html>"
)


def test_inline_script_hashes_are_those_of_the_scripts_the_browser_runs() -> None:
    assert inline_script_hashes(PAGE.replace("CONTENT", "")) == [
        sha256("var a = 1;"),
        sha256("\nvar c = 3;\n"),  # HTML reads CR LF as LF before the script runs
    ]


def test_a_script_in_the_content_is_never_allowed() -> None:
    content = "<p>Hello</p><script>steal()</script><img src=x onerror=steal()>"
    page, hashes = secure_page(PAGE.replace("CONTENT", content), content)
    assert hashes == [sha256("var a = 1;"), sha256("\nvar c = 3;\n")]
    assert sha256("steal()") not in page
    assert page.index("Content-Security-Policy") < page.index("<script>")
    assert page.startswith(
        '<!doctype html><html><head>\n<meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy"'
    )
    # The content not where it should be: only the head's own scripts are trusted.
    _page, hashes = secure_page(PAGE.replace("CONTENT", "other"), content)
    assert hashes == [sha256("var a = 1;")]


def test_a_page_is_secured_once_and_a_fragment_not_at_all() -> None:
    once, hashes = secure_page(PAGE, "CONTENT")
    assert secure_page(once, "CONTENT") == (once, [])
    assert secure_page("<p>no head</p>") == ("<p>no head</p>", [])
    assert f'content="{page_policy(hashes)}"' in once


def test_header_policy_names_each_script_once_whatever_the_pages_share() -> None:
    policy = directives(header_policy(["'sha256-b'", "'sha256-a'", "'sha256-b'"]))
    assert policy["script-src"] == ["'self'", "'report-sample'", "'sha256-a'", "'sha256-b'"]


def test_the_editor_policy_names_each_source_decap_needs_and_the_git_hosts_api() -> None:
    github = directives(admin_policy("github"))
    assert github["connect-src"] == ["'self'", "https://api.github.com"]
    assert github["img-src"] == [
        "'self'",
        "data:",
        "blob:",
        "https://avatars.githubusercontent.com",
    ]
    assert "'unsafe-eval'" in github["script-src"] and "'unsafe-inline'" not in github["script-src"]
    assert github["object-src"] == ["'none'"]
    own = directives(admin_policy("gitlab", ["https://git.council.example"]))
    assert own["connect-src"] == ["'self'", "https://git.council.example"]
    assert "https://gitlab.com" not in admin_policy("gitlab", ["https://git.council.example"])
    assert all(why for _directive, _sources, why in ADMIN_SOURCES)


def test_a_hand_written_pages_own_script_is_not_allowed(tmp_path: Path) -> None:
    made = run(str(BIN / "sosafe"), "init", "src", "--name", "Westbury CSP", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    (tmp_path / "src/docs/help.md").write_text("# Help\n\n<script>window.x = 1</script>\n")
    config = tmp_path / "src/mkdocs.yml"
    config.write_text(config.read_text() + "not_in_nav: help.md\n")
    out = mkdocs_build(tmp_path / "src", tmp_path / "site")
    assert out.returncode == 0, out.stderr
    parsed, policy = read(tmp_path / "site/help/index.html")
    assert ("window.x = 1", True) in parsed.scripts
    assert sha256("window.x = 1") not in policy["script-src"]
    assert re.search(
        r"<script>window\.x = 1</script>", (tmp_path / "site/help/index.html").read_text()
    )


def test_the_editor_page_has_its_own_policy_in_the_page_and_in_headers(project: Project) -> None:
    """/admin/ (on by default): Decap's policy, with the local backend `sosafe edit` runs,
    as a meta tag first in its head and as its folder's rule in _headers."""
    page = project.site / "admin/index.html"
    lines = (project.site / "_headers").read_text().splitlines()
    if not page.exists():  # `editor: false`: no rule for a folder that is not there
        assert "/admin/*" not in lines
        return
    parsed, policy = read(page)
    assert parsed.scripts == []  # no inline script: every script is a file of the site
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["default-src"] == ["'none'"] and policy["object-src"] == ["'none'"]
    config = json.loads((project.site / "admin/config.yml").read_text(encoding="utf-8"))
    local = config["local_backend"]["url"].split("/api/")[0]
    assert local.startswith("http://127.0.0.1:") and local in policy["connect-src"]
    assert [tag for tag, _ in parsed.head[:3]] == ["meta"] * 3
    rule = lines[lines.index("/admin/*") + 1 :]
    assert len(rule) == 1 and rule[0].startswith("  Content-Security-Policy: ")
    header = directives(rule[0].split(": ", 1)[1])
    assert header == policy | {"frame-ancestors": ["'none'"]}
    # As Netlify (and the audit's server) read it: the folder's policy replaces the site's.
    rules = site_headers(project.site)
    assert headers_for(rules, "/admin/")["Content-Security-Policy"] == rule[0].split(": ", 1)[1]
    assert "'unsafe-eval'" not in headers_for(rules, "/")["Content-Security-Policy"]
    assert headers_for(rules, "/admin/")["Referrer-Policy"] == "no-referrer"
