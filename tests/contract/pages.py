"""The contract for pages: documents, archive, statement, quick exit, home page, updates and
themes say what the content holds, and link where they should."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import feedparser
from honesty import site_dishonesty

from sosafe_gen.content import model as m
from sosafe_gen.content.record import walk_sections
from sosafe_gen.content.text import display_date
from sosafe_gen.render.markup import markdown_to_html

from .project import Project, article, hrefs, resolves, text_of


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
        elif (
            doc.date
            and not re.search(
                rf"\(\s*{re.escape(display_date(doc.date))}\s*\)|Published",
                line.replace(doc.title, "", 1),
            )
            # A full date the title already gives in the same words is not repeated.
            and not (display_date(doc.date) != doc.date and display_date(doc.date) in doc.title)
        ):
            wrong.append(f"{src}: the source line does not say when: {line!r}")
    return wrong


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
