"""Nothing in content/ is lost: every record's text and figures appear on the built site."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from pydantic import BaseModel

from sosafe_gen.content import model as m
from sosafe_gen.content.check import load_content
from sosafe_gen.render.markup import markdown_to_html
from sosafe_gen.site.pages import Options
from sosafe_gen.site.planner import plan_site

# Fields that are ids, references, codes or (by default) hidden officers' names.
NOT_SHOWN = {
    "id",
    "themes",
    "source",
    "documents",
    "case_study",
    "objective",
    "strategy",
    "report",
    "meeting",
    "minutes_of",
    "plans",
    "strategies",
    "incomplete",
    "person",
    "name",
    "file",
    "status",
    "unit",
    "axis",
    "rise_is",
    "progress_mode",
    "abbreviation",
    "sensitive",
    "document_available",
    "exit_url",
    "period",
    "date",
    "agenda_published",
    "number",
    "people",
    "value",
    "amount",
    "kind",
    "published",
    "exit_label",
    "clear_history",
    "url",
    "email",
    "download",
    "brand",  # the site's colours and logo: test_brand_is_the_sites_style
}


INLINE = re.compile(r"</?(?:a|abbr|strong|em|b|i|u|span|code|sup|sub|del)\b[^>]*>")


def text_of(fragment: str) -> str:
    """Visible text: inline tags vanish, block tags separate words."""
    fragment = re.sub(r"<[^>]+>", " ", INLINE.sub("", fragment))
    return " ".join(html.unescape(fragment).split())


def strings(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(obj, m.Source):  # shown as a "Source:" line, checked below
        return
    if isinstance(obj, BaseModel):
        hidden = m.Officer.PERSONAL if isinstance(obj, m.Officer) else ()  # like names
        for name in type(obj).model_fields:
            if name not in NOT_SHOWN and name not in hidden:
                yield from strings(getattr(obj, name), f"{path}.{name}".lstrip("."))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from strings(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(v, f"{path}.{k}")
    elif isinstance(obj, str) and obj.strip():
        yield path, text_of(markdown_to_html(obj))


@pytest.fixture(scope="module")
def site_text(real_site: Path) -> str:
    parts = []
    for page in real_site.rglob("*.html"):
        body = page.read_text()
        start = body.find("<article")
        parts.append(text_of(body[start : body.find("</article>", start)]))
    return "\n".join(parts)


def records(content: Any) -> Iterator[tuple[str, Any]]:
    yield "partnership", content.partnership
    yield from (("source " + k, v) for k, v in content.documents.items())
    yield from (("theme " + k, v) for k, v in content.themes.items())
    yield from (("term " + t.id, t) for t in content.terms)
    yield from (("strategy " + k, v) for k, v in content.strategies.items())
    yield from (("plan " + k, v) for k, v in content.plans.items())
    yield from (("case study " + k, v) for k, v in content.case_studies.items())
    yield from (("figure " + k, v) for k, v in content.series.items())
    yield from (("funding " + a.id, a) for a in content.funding)
    yield from (("meeting " + k, v) for k, v in content.meetings.items())
    yield from (("report " + k, v) for k, v in content.reports.items())


def test_every_text_of_every_record_is_on_the_site(site_text: str) -> None:
    content = load_content(ROOT / "content")
    missing = [
        f"{name}: {path}: {text[:80]!r}"
        for name, record in records(content)
        for path, text in strings(record)
        if text and text not in site_text
    ]
    assert missing == []


def test_every_record_names_its_source(site_text: str) -> None:
    content = load_content(ROOT / "content")
    for doc in content.documents.values():
        assert f"Source: {doc.title}" in site_text


def test_every_figure_value_is_on_its_page(real_site: Path) -> None:
    content = load_content(ROOT / "content")
    site = plan_site(content, Options())
    for s in content.series.values():
        page = text_of((real_site / site.url(site.figure_src(s.id)) / "index.html").read_text())
        for p in s.points:
            assert f"{p.label} {site.display_value(s, p.value)}" in page, (s.id, p.label)


def test_every_funding_amount_is_published(site_text: str) -> None:
    for a in load_content(ROOT / "content").funding:
        assert a.amount_text in site_text


def test_counts_of_records(real_site: Path) -> None:
    """The numbers a closing note reports, asserted so they cannot drift silently."""
    c = load_content(ROOT / "content")
    assert len(c.strategies) == 3
    assert len(c.plans) == 2
    assert {
        p: sum(1 for s in c.plans[p].sections for a in s.aims for _ in a.actions) for p in c.plans
    } == {"2017-18": 42, "2024-25": 35}
    assert len(c.case_studies) == 5
    assert 12 <= len(c.themes) <= 18
    assert all(t.description for t in c.themes.values())
    progress = sum(
        len(a.progress or {})
        for p in c.plans.values()
        for s in p.sections
        for aim in s.aims
        for a in aim.actions
    )
    assert progress > 0
    assert isinstance(c.plans["2024-25"].sections[0].aims[0].actions[0], m.Action)


def test_officers_names_are_not_published_by_default(real_site: Path) -> None:
    """Organisations always; the names of officers (leads, partners, report authors, meeting
    contacts) and their own phones and extensions never."""
    content = load_content(ROOT / "content")
    people = {
        lead.person
        for p in content.plans.values()
        for s in p.sections
        for aim in s.aims
        for a in aim.actions
        for lead in [*a.lead, *a.partners]
        if isinstance(lead, m.Lead) and lead.person
    }
    officers = [o for r in content.reports.values() for o in r.officers]
    officers += [mt.contact for mt in content.meetings.values() if mt.contact]
    contacts = {getattr(o, f) for o in officers for f in m.Officer.PERSONAL if getattr(o, f)}
    people |= contacts
    assert len(people) > 20 and {"Ext. 2458", "01438242707"} <= contacts
    for page in [
        *real_site.glob("action-plans/**/*.html"),
        *real_site.glob("reports/**/*.html"),
        *real_site.glob("themes/**/*.html"),
        *real_site.glob("compare/**/*.html"),
    ]:
        text = page.read_text()
        assert [n for n in people if n in text] == [], page
    # Meeting pages and open data name who attended (public record), never a contact's details.
    for page in [*real_site.glob("meetings/**/*.html"), *real_site.glob("data/*")]:
        text = page.read_text()
        assert [c for c in contacts if c in text] == [], page


def test_brand_is_the_sites_style(real_site: Path) -> None:
    brand = load_content(ROOT / "content").partnership.brand
    css = (real_site / "assets/sosafe-partnership.css").read_text()
    assert f"--md-primary-fg-color: {brand.colour};" in css
    assert f"--md-accent-fg-color: {brand.accent or brand.colour};" in css
