"""The contract for records: every record's words, numbers and sources reach the site, and
nothing that must stay unpublished does."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from sosafe_gen.content import model as m
from sosafe_gen.content.record import Content, iter_actions, ordered_points
from sosafe_gen.edit.yaml_rt import dump, yaml_rt
from sosafe_gen.render.markup import markdown_to_html
from sosafe_gen.site.datasets import datasets
from sosafe_gen.site.open_data import reload

from .project import Project, hrefs, text_of

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
    "continues",  # lineage: ids, shown as "Carried over from 2024/25, action 1.1 a"
    "area_codes",  # ONS codes, for data: in datapackage.json
}


def visible_text(text: str) -> str:
    return text_of(markdown_to_html(text))


def strings(
    obj: Any, path: str = "", shown: Callable[[str], str] = visible_text
) -> Iterator[tuple[str, str]]:
    """Every text a reader should find on the site: (field path, its visible words, as
    `shown` gives them from the Markdown)."""
    if isinstance(obj, m.Source):  # shown as a "Source:" line: sources_are_named
        return
    if isinstance(obj, BaseModel):
        hidden = m.Officer.PERSONAL if isinstance(obj, m.Officer) else ()  # like names
        for name in type(obj).model_fields:
            if name not in NOT_SHOWN and name not in hidden:
                yield from strings(getattr(obj, name), f"{path}.{name}".lstrip("."), shown)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from strings(item, f"{path}[{i}]", shown)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(v, f"{path}.{k}", shown)
    elif isinstance(obj, str) and obj.strip():
        yield path, shown(obj)


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
    """Officers' names (and their own phones and extensions, which follow the names): leads
    and partners named as people, report authors, meeting contacts."""
    names = {
        lead.person
        for plan in c.plans.values()
        for _, _, a in iter_actions(plan)
        for lead in [*a.lead, *a.partners]
        if isinstance(lead, m.Lead) and lead.person
    }
    officers = [o for r in c.reports.values() for o in r.officers]
    officers += [mt.contact for mt in c.meetings.values() if mt.contact]
    names |= {getattr(o, f) for o in officers for f in m.Officer.PERSONAL if getattr(o, f)}
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
    # A number the partnership publishes as its own contact is public too (as `tel:` links
    # write it, without spaces).
    ct = p.content.partnership.contact
    own = {v.replace(" ", "") for v in (ct.phone, ct.email) if v}
    public |= {n for n in names if n.replace(" ", "") in own}
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


# A folder on someone's machine: what a comment in content must never name (it is published
# with the repository, and means nothing on anyone else's machine).
_FOLDER = re.compile(
    r"(?<![\w.:/])(?:/(?:work|home|Users|tmp|mnt|srv|var|opt|root|media)/|~/|[A-Za-z]:\\)"
)
_CITED = re.compile(r"\bSources?: ([a-z0-9]+(?:-[a-z0-9]+)+)\b")


def comments_name_documents_not_folders(p: Project) -> list[str]:
    """Comments in content files name their source by its id in sources.yml, never a path."""
    out = []
    for path in sorted(p.content_dir.rglob("*.yml")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            comment = line[line.index("#") :] if line.lstrip().startswith("#") else ""
            where = f"{path.relative_to(p.src).as_posix()}:{n}"
            if _FOLDER.search(comment):
                out.append(f"{where}: names a folder: {comment}")
            out += [
                f"{where}: cites '{d}', which is not in sources.yml"
                for d in _CITED.findall(comment)
                if d not in p.content.documents
            ]
    return out
