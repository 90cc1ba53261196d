"""The content contract: what any partnership's built site must show of its own content.

Every check reads what it expects from the content itself (never a number or a name of
one partnership) and returns what is wrong, empty when the site is right, so the same
checks hold for Stevenage's content, a fixture partnership or a site fresh from
`sosafe init`, and an editor's change to `content/` never breaks them.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import feedparser
from honesty import site_dishonesty
from mkdocs.config import load_config
from pydantic import BaseModel

from sosafe_gen.adapters.commands import options_from_config
from sosafe_gen.content import model as m
from sosafe_gen.content.check import load_content
from sosafe_gen.content.record import Content, iter_actions, ordered_points, walk_sections
from sosafe_gen.edit.yaml_rt import dump, yaml_rt
from sosafe_gen.render.markup import markdown_to_html
from sosafe_gen.site.datasets import datasets
from sosafe_gen.site.open_data import reload
from sosafe_gen.site.pages import Options, Site
from sosafe_gen.site.planner import plan_site

INLINE = re.compile(r"</?(?:a|abbr|strong|em|b|i|u|span|code|sup|sub|del|time)\b[^>]*>")


def text_of(fragment: str) -> str:
    """Visible text: inline tags vanish, block tags separate words."""
    fragment = re.sub(r"<[^>]+>", " ", INLINE.sub("", fragment))
    return " ".join(html.unescape(fragment).split())


def article(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    start = body.find("<article")
    return body[start : body.find("</article>", start)] if start >= 0 else ""


def hrefs(fragment: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', fragment)


@dataclass
class Project:
    """A partnership's site: the folder with its mkdocs.yml, and its strict build."""

    src: Path
    site: Path

    @cached_property
    def config(self) -> Any:
        return load_config(str(self.src / "mkdocs.yml"))

    @cached_property
    def content_dir(self) -> Path:
        return self.src / self.config.plugins["sosafe"].config.content_dir

    @cached_property
    def content(self) -> Content:
        return load_content(self.content_dir)

    @cached_property
    def options(self) -> Options:
        return options_from_config(self.src / "mkdocs.yml")

    @cached_property
    def hand_written(self) -> frozenset[str]:
        docs = Path(self.config.docs_dir)
        return frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))

    @cached_property
    def plan(self) -> Site:
        """Where each record's page is (the URL scheme is the generator's, not a fact)."""
        return plan_site(self.content, self.options, extra_pages=self.hand_written)

    def page(self, src_uri: str) -> Path:
        return self.site / self.plan.url(src_uri) / "index.html"

    def article(self, src_uri: str) -> str:
        return article(self.page(src_uri))

    @cached_property
    def pages(self) -> list[Path]:
        return sorted(p for p in self.site.rglob("*.html") if p.name != "404.html")

    @cached_property
    def site_text(self) -> str:
        return "\n".join(text_of(article(p)) for p in self.pages)


# --- every record's words, numbers and sources ------------------------------------------------

# Fields that are ids, references, codes, dates, or (by default) hidden officers' names.
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
    "brand",  # the site's colours and logo: brand_is_the_sites_style
    "accessibility",  # dates and issues, in the statement: statement_is_honest
    "draft",
}


def strings(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text a reader should find on the site: (field path, its visible words)."""
    if isinstance(obj, m.Source):  # shown as a "Source:" line: sources_are_named
        return
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name not in NOT_SHOWN:
                yield from strings(getattr(obj, name), f"{path}.{name}".lstrip("."))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from strings(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(v, f"{path}.{k}")
    elif isinstance(obj, str) and obj.strip():
        yield path, text_of(markdown_to_html(obj))


def records(c: Content) -> Iterator[tuple[str, Any]]:
    yield "partnership", c.partnership
    yield from (("source " + k, v) for k, v in c.documents.items())
    yield from (("theme " + k, v) for k, v in c.themes.items())
    yield from (("term " + t.id, t) for t in c.terms)
    yield from (("strategy " + k, v) for k, v in c.strategies.items())
    yield from (("plan " + k, v) for k, v in c.plans.items())
    yield from (("case study " + k, v) for k, v in c.case_studies.items())
    yield from (("figure " + k, v) for k, v in c.series.items())
    yield from (("funding " + a.id, a) for a in c.funding)
    yield from (("meeting " + k, v) for k, v in c.meetings.items())
    yield from (("report " + k, v) for k, v in c.reports.items())
    yield from (("update " + u.id, u) for u in c.updates)


def every_text_is_on_the_site(p: Project) -> list[str]:
    return [
        f"{name}: {path}: {text[:80]!r}"
        for name, record in records(p.content)
        for path, text in strings(record)
        if text and text not in p.site_text
    ]


def sources(obj: Any) -> Iterator[m.Source]:
    if isinstance(obj, m.Source):
        yield obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from sources(getattr(obj, name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from sources(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from sources(item)


def every_cited_document_is_named(p: Project) -> list[str]:
    """Each document a record cites is named on a "Source:" line."""
    cited = {s.document for _, record in records(p.content) for s in sources(record)}
    return [
        f"no 'Source: {p.content.documents[d].title}'"
        for d in sorted(cited)
        if f"Source: {p.content.documents[d].title}" not in p.site_text
    ]


def document_pages(p: Project) -> Iterator[tuple[str, m.Source]]:
    c, plan = p.content, p.plan
    yield from ((plan.strategy_src(s.id), s.source) for s in c.strategies.values())
    yield from ((plan.plan_src(x.id), x.source) for x in c.plans.values())
    yield from ((plan.meeting_src(x.id), x.source) for x in c.meetings.values())
    yield from ((plan.report_src(x.id), x.source) for x in c.reports.values())


def every_document_page_names_its_source(p: Project) -> list[str]:
    """Strategies, plans, meetings and reports say which document they come from, and when
    it was dated where the document says."""
    wrong = []
    for src, source in document_pages(p):
        doc = p.content.documents[source.document]
        lines = [
            text_of(s)
            for s in re.findall(r'<p class="sosafe-source">(.*?)</p>', p.article(src), re.S)
        ]
        line = next((s for s in lines if doc.title in s), None)
        if line is None:
            wrong.append(f"{src}: no source line naming {doc.title!r}")
        elif doc.date and not re.search(
            rf"\(\s*{re.escape(doc.date)}\s*\)|Published", line.replace(doc.title, "", 1)
        ):
            wrong.append(f"{src}: the source line does not say when: {line!r}")
    return wrong


def every_figure_value_is_on_its_page(p: Project) -> list[str]:
    wrong = []
    for s in p.content.series.values():
        page = text_of(p.article(p.plan.figure_src(s.id)))
        wrong += [
            f"{s.id}: {pt.label}"
            for pt in s.points
            if f"{pt.label} {p.plan.display_value(s, pt.value)}" not in page
        ]
    return wrong


def every_chart_table_and_csv_holds_the_series(p: Project) -> list[str]:
    """The chart, its table and its CSV show each value, small counts of people suppressed."""
    wrong = []
    threshold = p.options.small_count_threshold
    for s in p.content.series.values():
        page = p.article(p.plan.figure_src(s.id))
        if '<svg class="sosafe-chart" role="img"' not in page:
            wrong.append(f"{s.id}: no chart")
        points = ordered_points(s)
        rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', page)
        shown = [(text_of(label), text_of(value).split(" (")[0]) for label, value in rows]
        if shown != [(pt.label, p.plan.display_value(s, pt.value)) for pt in points]:
            wrong.append(f"{s.id}: table {shown}")
        table = (p.site / f"figures/{s.id}.csv").read_text(encoding="utf-8")
        data = list(csv.DictReader(table.splitlines()))
        if [d["label"] for d in data] != [pt.label for pt in points]:
            wrong.append(f"{s.id}: CSV labels")
            continue
        for d, pt in zip(data, points, strict=True):
            if d["value"].startswith("fewer than"):
                if not (s.people and pt.value < threshold):
                    wrong.append(f"{s.id}: {pt.label} suppressed but not a small count")
            elif (s.people and pt.value < threshold) or float(d["value"]) != pt.value:
                wrong.append(f"{s.id}: {pt.label} is {d['value']!r} in the CSV")
    return wrong


def every_funding_amount_is_published(p: Project) -> list[str]:
    return [a.id for a in p.content.funding if a.amount_text not in p.site_text]


def counts_agree_with_the_content(p: Project) -> list[str]:
    """The numbers pages report (actions per plan and per quarter, rows per theme) are the
    content's own, counted here from the loaded content."""
    c, wrong = p.content, []
    plans_index = p.article("action-plans/index.md") if c.plans else ""
    for plan in c.plans.values():
        actions = list(iter_actions(plan))
        row = re.search(rf'<a href="{re.escape(plan.id)}/">.*?</tr>', plans_index, re.S)
        if not row or f"<td>{len(actions)}</td>" not in row.group(0):
            wrong.append(f"plans index: {plan.id} does not count {len(actions)} actions")
        page = p.article(p.plan.plan_src(plan.id))
        total = re.search(r'<tr><th scope="row">All sections</th>(.*?)</tr>', page)
        cells = re.findall(r"<td>(\d+)</td>", total.group(1)) if total else []
        if plan.progress_mode == "quarterly":
            want = [len(actions)] + [
                sum(1 for _, _, a in actions if (a.progress or {}).get(q)) for q in m.QUARTERS
            ]
        else:
            want = [len(actions), sum(1 for _, _, a in actions if a.progress_to_date)]
        if [int(x) for x in cells] != want:
            wrong.append(f"plan {plan.id}: summary {cells}, content {want}")
    for kind, index, ids, src in (
        ("themes", "themes/index.md", c.themes, p.plan.theme_src),
        ("strategies", "strategies/index.md", c.strategies, p.plan.strategy_src),
        ("case studies", "case-studies/index.md", c.case_studies, p.plan.case_study_src),
        ("figures", "figures/index.md", c.series, p.plan.figure_src),
        ("meetings", "meetings/index.md", c.meetings, p.plan.meeting_src),
        ("reports", "meetings/index.md", c.reports, p.plan.report_src),
    ):
        if not ids:
            continue
        links = set(hrefs(p.article(index)))
        base = p.plan.url(index)
        missing = [i for i in ids if p.plan.link(index, src(i)) not in links]
        if missing:
            wrong.append(f"{kind} not listed on /{base}: {missing}")
    return wrong


def people(c: Content) -> set[str]:
    """Officers' names: leads and partners named as people, report authors, meeting contacts."""
    names = {
        lead.person
        for plan in c.plans.values()
        for _, _, a in iter_actions(plan)
        for lead in [*a.lead, *a.partners]
        if isinstance(lead, m.Lead) and lead.person
    }
    names |= {o.name for r in c.reports.values() for o in r.officers if o.name}
    names |= {mt.contact.name for mt in c.meetings.values() if mt.contact and mt.contact.name}
    return names


def officers_names_are_not_published(p: Project) -> list[str]:
    """No officer's name on any page, in the search index or in the open data (unless the
    partnership's config shows them)."""
    if p.options.show_officer_names:
        return []
    names = people(p.content)
    # A name the content also prints in its own words (a foreword's signatory, a case
    # study) is public there; only the places officers' names come from are checked.
    public = {n for n in names if any(n in text for _, text in public_strings(p.content))}
    hidden = names - public
    files = [*p.pages, p.site / "search/search_index.json", *sorted((p.site / "data").glob("*"))]
    return [
        f"{f.relative_to(p.site)}: {n}"
        for f in files
        if f.is_file()
        for n in sorted(hidden)
        if n in f.read_text(encoding="utf-8", errors="replace")
    ]


def public_strings(c: Content) -> Iterator[tuple[str, str]]:
    for _, record in records(c):
        yield from strings(record)


def exported_records_reload_as_published(p: Project) -> list[str]:
    """/data/*.json hold every record as published: each reloads into the content model."""
    wrong = []
    for d in datasets(p.content, p.options):
        path = p.site / "data" / f"{d.name}.json"
        if not path.is_file():
            wrong.append(f"no data/{d.name}.json")
        elif reload(d, path.read_bytes()) != d.records:
            wrong.append(f"data/{d.name}.json differs from the content")
    return wrong


def brand_is_the_sites_style(p: Project) -> list[str]:
    brand = p.content.partnership.brand
    css = (p.site / "assets/sosafe-partnership.css").read_text(encoding="utf-8")
    want = [
        f"--md-primary-fg-color: {brand.colour};",
        f"--md-accent-fg-color: {brand.accent or brand.colour};",
    ]
    return [w for w in want if w not in css]


def every_content_file_survives_an_edit(p: Project) -> list[str]:
    """`sosafe progress` and the other edits rewrite a whole file: read and written back
    unchanged, every content file must come back byte for byte."""
    return [
        str(path.relative_to(p.content_dir))
        for path in sorted(p.content_dir.rglob("*.yml"))
        if dump(yaml_rt().load(path.read_text(encoding="utf-8")))
        != path.read_text(encoding="utf-8")
    ]


# --- the public pages ---------------------------------------------------------------------------


def archive_lists_every_document_by_year(p: Project) -> list[str]:
    c = p.content
    page = p.article("archive.md")
    years = [int(y) for y in re.findall(r'<h2 id="year-(\d{4})"', page)]
    wrong = [] if years == sorted(years, reverse=True) else [f"years out of order: {years}"]
    want = (
        {s.period.start for s in c.strategies.values()}
        | {x.period.start for x in c.plans.values()}
        | {mt.date.year for mt in c.meetings.values()}
    )
    if not want <= set(years):
        wrong.append(f"years missing: {sorted(want - set(years))}")
    targets = set(hrefs(page))
    for src, _ in document_pages(p):
        if p.plan.link("archive.md", src) not in targets:
            wrong.append(f"not linked: {src}")
    return wrong


def statement_is_honest_and_linked_from_every_page(p: Project) -> list[str]:
    """The accessibility statement (when the content has one) gives the contact and claims
    full compliance only after an audit by hand with no known issues; every page's footer
    links the archive and, when there is one, the statement."""
    c, wrong = p.content, []
    statement = c.partnership.accessibility
    if statement and "accessibility.md" not in p.hand_written:
        words = text_of(p.article("accessibility.md"))
        if c.partnership.contact.email and c.partnership.contact.email not in words:
            wrong.append("the statement does not give the contact e-mail address")
        full = bool(statement.audited) and not statement.known_issues
        claim = "fully compliant" if full else "partially compliant"
        if f"This website is {claim}" not in words:
            wrong.append(f"the statement does not say {claim!r}")
        if not full and "This website is fully compliant" in words:
            wrong.append("full compliance claimed without an audit by hand or with known issues")
        wrong += [
            f"known issue not listed: {i[:60]!r}"
            for i in statement.known_issues
            if text_of(markdown_to_html(i)) not in words
        ]
    links = [">Archive</a>"] + ([">Accessibility statement</a>"] if statement else [])
    for page in p.pages:
        footer = page.read_text(encoding="utf-8").split('<footer class="md-footer">')[-1]
        wrong += [f"{page.relative_to(p.site)}: no {x}" for x in links if x not in footer]
    return wrong


def quick_exit_on_sensitive_pages_only(p: Project) -> list[str]:
    """Pages with a sensitive theme carry the quick exit straight after the skip link."""
    c, wrong = p.content, []
    safety = c.partnership.safety
    flagged = {t.id for t in c.themes.values() if t.sensitive}
    for page in p.plan.pages:
        built = p.page(page.src_uri)
        if not built.exists():
            continue
        body = built.read_text(encoding="utf-8")
        where = str(built.relative_to(p.site))
        if not flagged & set(page.themes):
            if "data-sosafe-exit" in body:
                wrong.append(f"{where}: a quick exit on a page with no sensitive theme")
            continue
        link = re.search(r'<a href="([^"]+)" class="sosafe-exit__link" rel="([^"]+)"', body)
        if not link or link.groups() != (safety.exit_url, "nofollow noreferrer"):
            wrong.append(f"{where}: no quick exit to {safety.exit_url}")
            continue
        skip, exit_ = body.index('class="md-skip"'), body.index("data-sosafe-exit-link")
        if not skip < exit_ < body.index("<header"):
            wrong.append(f"{where}: the quick exit is not straight after the skip link")
        if text_of(markdown_to_html(safety.clear_history)) not in text_of(body):
            wrong.append(f"{where}: no advice to clear the history")
        if "assets/sosafe-exit.js" not in body:
            wrong.append(f"{where}: no quick-exit script")
    return wrong


def home_page_shows_the_partnerships_routes_and_news(p: Project) -> list[str]:
    """The generated home page: the site's name as its title, the emergency wording first
    and without a source line, every reporting route, the newest update."""
    c, wrong = p.content, []
    body = (p.site / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", body)
    if not title or html.unescape(title.group(1)) != p.config.site_name:
        wrong.append(f"home page title {title and title.group(1)!r}")
    if "index.md" in p.hand_written:
        return wrong  # the partnership wrote its own home page
    home = article(p.site / "index.html")
    words = text_of(home)
    wrong += [f"no route {r.title!r}" for r in c.partnership.reporting if r.title not in words]
    if c.updates and p.plan.link("index.md", p.plan.update_src(c.updates[0].id)) not in hrefs(home):
        wrong.append(f"no link to the newest update {c.updates[0].id}")
    emergency = c.partnership.safety.emergency
    if emergency:
        said = text_of(markdown_to_html(emergency))
        report = home.split('id="report"')[1] if 'id="report"' in home else ""
        first = text_of(report.split('<ul class="sosafe-routes">')[0])
        if said not in first:
            wrong.append("the emergency wording does not come first under reporting")
        elif "From " in first:
            wrong.append("the emergency wording carries a source line")
        about = p.article("partnership.md")
        if said not in text_of(about):
            wrong.append("the emergency wording is not on the partnership page")
    return wrong


def every_update_is_on_its_page_its_themes_and_the_feed(p: Project) -> list[str]:
    c, wrong = p.content, []
    if not c.updates:
        return []
    feed = feedparser.parse((p.site / "updates/feed.xml").read_bytes())
    if feed.bozo:
        return [f"the feed does not parse: {feed.get('bozo_exception')}"]
    entries = {e.title: e for e in feed.entries}
    for u in c.updates:
        entry = entries.get(u.title)
        if entry is None:
            wrong.append(f"{u.id}: not in the feed")
        elif not entry.published.startswith(u.date.isoformat()):
            wrong.append(f"{u.id}: published {entry.published} in the feed")
        src = p.plan.update_src(u.id)
        if u.title not in text_of(p.article(src)):
            wrong.append(f"{u.id}: no page")
        for t in u.themes:
            theme = p.plan.theme_src(t)
            if p.plan.link(theme, src) not in hrefs(p.article(theme)):
                wrong.append(f"{u.id}: not on the page of theme {t}")
    head = (p.site / "index.html").read_text(encoding="utf-8")
    feed_link = re.search(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*>', head)
    if not feed_link or c.partnership.full_name not in html.unescape(feed_link.group(0)):
        wrong.append("the home page does not name the feed")
    return wrong


def themes_index_has_a_row_per_theme_and_years_in_order(p: Project) -> list[str]:
    page = p.article("themes/index.md")
    match = re.search(r'<table class="sosafe-table sosafe-matrix">(.*?)</table>', page, re.S)
    if not match:
        c = p.content
        anything = c.strategies or c.plans or c.meetings or c.reports or c.series or c.updates
        return ["no theme-by-year table"] if anything else []
    table = match.group(1)
    header = re.findall(r'<th scope="col">([^<]+)</th>', table)
    wrong = [] if header[1:] == sorted(header[1:]) else [f"years out of order: {header}"]
    titles = [text_of(t) for t in re.findall(r'<tr><th scope="row">(.*?)</th>', table, re.S)]
    if sorted(titles) != sorted(t.title for t in p.content.themes.values()):
        wrong.append(f"rows {titles}")
    return wrong


def resolves(page: Path, href: str) -> bool:
    path, _, anchor = href.partition("#")
    target = (page.parent / path).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return False
    return not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8")


def every_theme_page_link_resolves(p: Project) -> list[str]:
    wrong = []
    for tid in p.content.themes:
        page = p.page(p.plan.theme_src(tid))
        wrong += [
            f"themes/{tid}: {h}"
            for h in hrefs(article(page))
            if h and not h.startswith(("http", "mailto:", "tel:")) and not resolves(page, h)
        ]
    return wrong


def every_record_links_to_its_themes(p: Project) -> list[str]:
    """Objectives, case studies, figures, plans' actions and updates link to their themes."""
    c, plan, wrong = p.content, p.plan, []
    tagged: list[tuple[str, list[str]]] = [
        (plan.objective_src(s.id, o.id), o.themes)
        for s in c.strategies.values()
        for o in s.objectives
    ]
    tagged += [(plan.case_study_src(x.id), x.themes) for x in c.case_studies.values()]
    tagged += [(plan.figure_src(x.id), x.themes) for x in c.series.values()]
    tagged += [(plan.update_src(u.id), u.themes) for u in c.updates]
    for src, themes in tagged:
        links = set(hrefs(p.article(src)))
        wrong += [
            f"{src}: no link to theme {t}"
            for t in themes
            if plan.link(src, plan.theme_src(t)) not in links
        ]
    for x in c.plans.values():
        links = set(hrefs(p.article(plan.plan_src(x.id))))
        themes = {t for s in x.sections for t in s.themes} | {
            t for s in x.sections for aim in s.aims for a in aim.actions for t in a.themes
        }
        wrong += [
            f"plan {x.id}: no link to theme {t}"
            for t in sorted(themes)
            if plan.link(plan.plan_src(x.id), plan.theme_src(t)) not in links
        ]
    for r in c.reports.values():
        links = set(hrefs(p.article(plan.report_src(r.id))))
        themes = {t for s in walk_sections(r.sections) for t in s.themes} | set(r.themes)
        wrong += [
            f"report {r.id}: no link to theme {t}"
            for t in sorted(themes)
            if plan.link(plan.report_src(r.id), plan.theme_src(t)) not in links
        ]
    return wrong


def reports_and_the_documents_they_discuss_link_both_ways(p: Project) -> list[str]:
    c, plan, wrong = p.content, p.plan, []
    for r in c.reports.values():
        src = plan.report_src(r.id)
        others = [plan.strategy_src(s) for s in r.strategies] + [plan.plan_src(x) for x in r.plans]
        if r.meeting:
            others.append(plan.meeting_src(r.meeting))
        here = set(hrefs(p.article(src)))
        for other in others:
            if plan.link(src, other) not in here:
                wrong.append(f"{src} does not link to {other}")
            if plan.link(other, src) not in set(hrefs(p.article(other))):
                wrong.append(f"{other} does not link back to {src}")
    return wrong


def no_page_has_an_empty_section_or_a_doubled_stop(p: Project) -> list[str]:
    """What the generator's words and the content's meet to make reads right (counts are
    left out: the documents' own words, "7 level 1 sessions", are not the generator's)."""
    return [
        f"{page}: {problem}"
        for page, problems in site_dishonesty(p.site, counts=False).items()
        for problem in problems
    ]


CHECKS: list[Callable[[Project], list[str]]] = [
    every_text_is_on_the_site,
    every_cited_document_is_named,
    every_document_page_names_its_source,
    every_figure_value_is_on_its_page,
    every_chart_table_and_csv_holds_the_series,
    every_funding_amount_is_published,
    counts_agree_with_the_content,
    officers_names_are_not_published,
    exported_records_reload_as_published,
    brand_is_the_sites_style,
    every_content_file_survives_an_edit,
    archive_lists_every_document_by_year,
    statement_is_honest_and_linked_from_every_page,
    quick_exit_on_sensitive_pages_only,
    home_page_shows_the_partnerships_routes_and_news,
    every_update_is_on_its_page_its_themes_and_the_feed,
    themes_index_has_a_row_per_theme_and_years_in_order,
    every_theme_page_link_resolves,
    every_record_links_to_its_themes,
    reports_and_the_documents_they_discuss_link_both_ways,
    no_page_has_an_empty_section_or_a_doubled_stop,
]


def breaches(p: Project) -> dict[str, list[str]]:
    """Every check's findings, by check; empty when the site keeps the whole contract."""
    found = {check.__name__: check(p) for check in CHECKS}
    return {name: problems for name, problems in found.items() if problems}
