"""A partnership's own documents in: Word plans in two real-world layouts import to the
plan the .xlsx gives; a Word strategy to a draft that checks and builds; unknown headings
and bad cells are named where a reader finds them, and nothing is written."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import BIN, FIXTURE_SITE, FIXTURES, mkdocs_build, run
from openpyxl import Workbook, load_workbook
from test_import import write_sheet

from sosafe_gen.content import model as m
from sosafe_gen.content.check import load_content

SOSAFE = str(BIN / "sosafe")
NEW = "2026-27"


def _content(tmp_path: Path, name: str = "content") -> Path:
    dest = tmp_path / name / "content"
    shutil.copytree(FIXTURE_SITE / "content", dest)
    return dest


@pytest.fixture(scope="module")
def plan() -> m.ActionPlan:
    """The fixture's 2025-26 plan, with what Word plans also have: a timescale (one a
    date), success measures, and progress in bold and italic."""
    original = load_content(FIXTURE_SITE / "content").plans["2025-26"]
    sec = original.sections[0]
    aim = sec.aims[0]
    a, b, *rest = aim.actions
    a = a.model_copy(
        update={
            "timescale": m.Timescale(text="31/03/2027", date="2027-03-31"),
            "measures": ["Pupils reached", "Calls to the helpline"],
            "progress": {**(a.progress or {}), "Q4": "Talks in **four** more *secondary* schools."},
        }
    )
    b = b.model_copy(update={"timescale": m.Timescale(text="Ongoing")})
    aim = aim.model_copy(update={"actions": [a, b, *rest]})
    sec = sec.model_copy(update={"aims": [aim, *sec.aims[1:]]})
    return original.model_copy(update={"sections": [sec, *original.sections[1:]]})


def _who(x: m.Lead | str) -> str:
    return (
        x
        if isinstance(x, str)
        else f"{x.organisation} ({x.person})"
        if x.person
        else x.organisation
    )


def _html_text(markdown: str) -> str:
    """Markdown emphasis as HTML, the rest escaped (LibreOffice turns it into Word runs)."""
    text = html.escape(markdown)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_html_text(p)}</p>" for p in text.split("\n\n") if p)


def _bullets(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_html_text(i)}</li>" for i in items) + "</ul>" if items else ""


def council_layout(plan: m.ActionPlan) -> str:
    """One table, as a council writes it in Word: a title row over the header, the
    partnership's own headings, a row per priority merged across, each aim merged down
    its actions, actions as a lettered list, partners and measures as bullets."""
    head = [
        "Objective",
        "Action",
        "Responsible officer",
        "Partner agencies",
        "Resources",
        "Outcomes",
        "By when",
        "KPIs",
        *m.QUARTERS,
    ]
    rows = [f'<tr><td colspan="{len(head)}"><b>{html.escape(plan.title)}</b></td></tr>']
    rows.append("<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>")
    for sec in plan.sections:
        rows.append(
            f'<tr><td colspan="{len(head)}">{sec.number}. {html.escape(sec.title)}</td></tr>'
        )
        for aim in sec.aims:
            for k, a in enumerate(aim.actions):
                cells = []
                if k == 0:
                    cells.append(
                        f'<td rowspan="{len(aim.actions)}">{aim.number} {html.escape(aim.text)}</td>'
                    )
                letter = ord(a.ref[0]) - ord("a") + 1 if a.ref else 0
                text = _html_text(a.text)
                action = (
                    f'<ol type="a" start="{letter}"><li>{text}</li></ol>'
                    if letter
                    else f"<p>{text}</p>"
                )
                cells += [
                    action,
                    "".join(f"<p>{html.escape(_who(x))}</p>" for x in a.lead),
                    _bullets([_who(x) for x in a.partners]),
                    "".join(f"<p>{html.escape(x)}</p>" for x in a.resources),
                    _bullets(a.expected_outcomes),
                    html.escape(a.timescale.text) if a.timescale else "",
                    _bullets(a.measures),
                    *(_paragraphs((a.progress or {}).get(q, "")) for q in m.QUARTERS),
                ]
                rows.append(
                    "<tr>"
                    + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in cells)
                    + "</tr>"
                )
    return (
        "<html><body><h1>Testford Community Safety Partnership</h1>"
        "<p>This is the partnership's plan for the year.</p>"
        f'<table border="1">{"".join(rows)}</table></body></html>'
    )


def _runs(paragraph: Any, markdown: str) -> None:
    for piece in re.split(r"(\*\*.+?\*\*|\*.+?\*)", markdown):
        if piece.startswith("**"):
            paragraph.add_run(piece[2:-2]).bold = True
        elif piece.startswith("*"):
            paragraph.add_run(piece[1:-1]).italic = True
        elif piece:
            paragraph.add_run(piece)


def _cell(cell: Any, paragraphs: list[str], style: str | None = None) -> None:
    for k, text in enumerate(paragraphs):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        if style:
            p.style = style
        _runs(p, text)


def partnership_layout(plan: m.ActionPlan, path: Path) -> Path:
    """A table per priority under its own heading, as python-docx writes Word: the header
    repeated on each table, a Ref column of its own, the aim on every row, actions typed
    "a) …", partners and outcomes as bulleted paragraphs, progress in paragraphs."""
    from docx import Document

    doc = Document()
    doc.add_heading(plan.title, 0)
    doc.add_paragraph("Progress is updated every quarter by each action's owner.")
    head = [
        "Ref",
        "Aim",
        "Action",
        "Owner",
        "Partners",
        "Resources",
        "Expected outcome(s)",
        "Target date",
        "Success measure",
        *(f"{q} update" for q in m.QUARTERS),
    ]
    for sec in plan.sections:
        doc.add_heading(f"Priority {sec.number}: {sec.title}", 2)
        rows = [(aim, a) for aim in sec.aims for a in aim.actions]
        table = doc.add_table(rows=1 + len(rows), cols=len(head))
        for c, h in enumerate(head):
            table.cell(0, c).text = h
        for r, (aim, a) in enumerate(rows, start=1):
            cells = table.rows[r].cells
            cells[0].text = f"{aim.number}{(a.ref or '')[:1]}"
            cells[1].text = f"{aim.number} {aim.text}"
            _cell(cells[2], [f"{a.ref} {a.text}" if a.ref else a.text])
            _cell(cells[3], [_who(x) for x in a.lead])
            _cell(cells[4], [_who(x) for x in a.partners], "List Bullet")
            _cell(cells[5], list(a.resources))
            _cell(cells[6], list(a.expected_outcomes), "List Bullet")
            _cell(cells[7], [a.timescale.text] if a.timescale else [])
            _cell(cells[8], list(a.measures), "List Bullet")
            for k, q in enumerate(m.QUARTERS):
                _cell(cells[9 + k], [p for p in (a.progress or {}).get(q, "").split("\n\n") if p])
    doc.save(path)
    return path


def _import(content: Path, file: Path, *extra: str) -> Any:
    return run(
        SOSAFE,
        "import",
        str(file),
        "--plan",
        NEW,
        "--source",
        "plan-2025-26",
        *extra,
        cwd=content.parent,
    )


@pytest.fixture(scope="module")
def word_plans(
    plan: m.ActionPlan, tmp_path_factory: pytest.TempPathFactory, libreoffice: Any
) -> dict[str, Path]:
    """The plan as an .xlsx, as Word made by LibreOffice from the council's layout, and
    as Word made by python-docx in the partnership's layout."""
    where = tmp_path_factory.mktemp("word-plans")
    (where / "council.html").write_text(council_layout(plan), encoding="utf-8")
    (council,) = libreoffice([where / "council.html"], "docx:MS Word 2007 XML", where / "word")
    return {
        "xlsx": write_sheet(plan, where / "plan.xlsx"),
        "council": council,
        "partnership": partnership_layout(plan, where / "partnership.docx"),
    }


def test_word_plans_in_two_layouts_import_to_the_plan_the_xlsx_gives(
    tmp_path: Path, word_plans: dict[str, Path], plan: m.ActionPlan
) -> None:
    yaml = {}
    for name, file in word_plans.items():
        content = _content(tmp_path, name)
        extra = ("--columns", "Ref=skip") if name == "partnership" else ()
        out = _import(content, file, *extra)
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("imported 3 sections, 3 aims and 6 actions from ")
        assert out.stdout.endswith(
            f"into content/action-plans/{NEW}.yml; themes proposed from 3 titles: check them "
            "and delete each 'unconfirmed: [themes]' line\n"
        )
        yaml[name] = (content / f"action-plans/{NEW}.yml").read_text()
    assert yaml["council"] == yaml["xlsx"]
    assert yaml["partnership"] == yaml["xlsx"]
    imported = load_content(tmp_path / "xlsx" / "content").plans[NEW]
    a, b = imported.sections[0].aims[0].actions[:2]
    assert a.progress["Q4"] == "Talks in **four** more *secondary* schools."  # Word's bold too
    assert (a.timescale, a.measures) == (
        m.Timescale(text="31/03/2027", date="2027-03-31"),
        ["Pupils reached", "Calls to the helpline"],
    )
    assert b.timescale == m.Timescale(text="Ongoing")
    # Everything else as the plan has it (ids, themes and sources are the import's own).
    for got, want in zip(imported.sections, plan.sections, strict=True):
        assert (got.number, got.title, got.themes, got.unconfirmed) == (
            want.number,
            want.title,
            want.themes,
            ["themes"],
        )
        for g_aim, w_aim in zip(got.aims, want.aims, strict=True):
            fields = (
                "ref",
                "text",
                "lead",
                "partners",
                "resources",
                "expected_outcomes",
                "progress",
            )
            assert [[getattr(x, f) for f in fields] for x in g_aim.actions] == [
                [getattr(x, f) for f in fields] for x in w_aim.actions
            ]
    assert "unconfirmed: [themes]" in yaml["xlsx"]
    assert imported.status == "draft"


def test_a_draft_with_proposed_themes_cannot_be_published_until_confirmed(
    tmp_path: Path, word_plans: dict[str, Path]
) -> None:
    content = _content(tmp_path)
    assert _import(content, word_plans["xlsx"]).returncode == 0
    path = content / f"action-plans/{NEW}.yml"
    path.write_text(path.read_text().replace("status: draft", "status: superseded"))
    out = run(SOSAFE, "check", "content", cwd=content.parent)
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert lines[0].startswith(f"content/action-plans/{NEW}.yml:")
    assert lines[0].endswith(
        ": sections[0].unconfirmed: an import proposed its themes, and no one has confirmed it"
    )
    assert lines[1] == "  hint: check it, then delete this line (or keep status: draft)"
    assert lines[-1] == "3 problems found; nothing was written."
    path.write_text(re.sub(r"\n *unconfirmed: \[themes\]", "", path.read_text()))
    assert run(SOSAFE, "check", "content", cwd=content.parent).returncode == 0


def test_given_themes_are_taken_without_a_mark(tmp_path: Path, word_plans: dict[str, Path]) -> None:
    content = _content(tmp_path)
    out = _import(
        content,
        word_plans["partnership"],
        "--columns",
        "Ref=skip",
        "--themes",
        "1=drugs+asb,2=asb,3=fraud",
    )
    assert out.returncode == 0, out.stderr
    imported = load_content(content).plans[NEW]
    assert [(s.themes, s.unconfirmed) for s in imported.sections] == [
        (["drugs", "asb"], []),
        (["asb"], []),
        (["fraud"], []),
    ]


def _problem_docx(path: Path) -> Path:
    """A plan in Word with an unknown heading, an unknown theme and an empty action."""
    from docx import Document

    doc = Document()
    doc.add_heading("Priority 1: Antisocial behaviour", 2)
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "A note in a table of its own."
    doc.add_heading("Priority 2: Fraud", 2)
    table = doc.add_table(rows=5, cols=5)
    for c, h in enumerate(["Objective", "Action", "Lead", "Themes", "RAG rating"]):
        table.cell(0, c).text = h
    rows = [
        ["2.1 Help people spot scams", "a) Talks at clubs", "Police", "fraud", "Green"],
        ["", "b) Leaflets", "Council", "frauds", "Amber"],
        ["2.2 Stop doorstep crime", "", "Trading Standards", "fraud", ""],
        ["", "a) Cold-calling zones", "Council", "fraud", ""],
    ]
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(path)
    return path


def test_a_word_plans_problems_name_the_table_row_and_column_all_at_once(tmp_path: Path) -> None:
    content = _content(tmp_path)
    sheet = _problem_docx(content.parent / "plan.docx")
    before = sorted(p.name for p in (content / "action-plans").iterdir())
    out = _import(content, sheet)
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr == (
        "plan.docx: table 2, row 1, column \"RAG rating\": unknown column 'RAG rating' (the "
        "import knows Priority, Aim, Action, Lead, Partners, Resources, Expected outcomes, "
        "Timescale, Success measures, Progress to date, Themes, Status, Q1–Q4)\n"
        '  hint: name its field: --columns "RAG rating=FIELD" (a field: section, aim, action, '
        "lead, partners, resources, expected_outcomes, timescale, measures, progress_to_date, "
        'themes, id, status, Q1, Q2, Q3, Q4); or --columns "RAG rating=skip" to leave it out\n'
        "plan.docx: table 2, row 3, column \"Themes\": unknown theme 'frauds'\n"
        "  hint: did you mean 'fraud'?\n"
        'plan.docx: table 2, row 4, column "Action": the action is empty\n'
        "  hint: describe the action, or delete the row\n"
        "3 problems found; nothing was written.\n"
    )
    assert sorted(p.name for p in (content / "action-plans").iterdir()) == before
    out = _import(content, sheet, "--columns", "RAG rating=skip")
    assert out.returncode == 1
    assert "RAG" not in out.stderr
    assert out.stderr.endswith("2 problems found; nothing was written.\n")


def test_an_unknown_heading_is_one_line_with_the_closest(tmp_path: Path) -> None:
    content = _content(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Aim", "Action", "Lead", "By wen"])
    ws.append(["1. Fraud"])
    ws.append(["1.1 Spot scams", "a) Talks", "Police", "March 2027"])
    wb.save(content.parent / "plan.xlsx")
    out = _import(content, content.parent / "plan.xlsx")
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        "plan.xlsx:Plan!D1: unknown column 'By wen' (the import knows Priority, Aim, Action, "
        "Lead, Partners, Resources, Expected outcomes, Timescale, Success measures, Progress to "
        "date, Themes, Status, Q1–Q4)",
        "  hint: did you mean 'by when'? Then: --columns \"By wen=timescale\"; or --columns "
        '"By wen=skip" to leave it out',
        "1 problem found; nothing was written.",
    ]
    out = _import(content, content.parent / "plan.xlsx", "--columns", "By wen=timescale")
    assert out.returncode == 0, out.stderr
    (action,) = load_content(content).plans[NEW].sections[0].aims[0].actions
    assert action.timescale == m.Timescale(text="March 2027")
    out = run(SOSAFE, "import", "plan.xlsx", "--columns", "By wen=when", cwd=content.parent)
    assert out.returncode == 1
    assert out.stderr.startswith("sosafe import: --columns: 'when' is not a field; fields: ")


def _strategy_docx(path: Path) -> tuple[Path, list[str]]:
    """A strategy as Word writes one, and every paragraph of it as a reader sees it."""
    from docx import Document

    doc = Document()
    doc.add_heading("Testford Community Safety Strategy 2026-29", 0)
    texts: list[str] = []

    def para(text: str, style: str | None = None) -> None:
        p = doc.add_paragraph(style=style)
        _runs(p, text)
        texts.append(text.replace("**", "").replace("*", ""))

    para("This strategy sets out the partnership's priorities for *three* years.")
    doc.add_heading("Foreword from the chair", 1)
    para("Residents told us what worries them most.")
    doc.add_heading("Our priorities", 1)
    doc.add_heading("Objective 1: Reduce antisocial behaviour in the town centre", 2)
    para("Antisocial behaviour is the **most reported** concern in the town centre.")
    doc.add_heading("What we will do", 3)
    para("Run joint patrols on Friday nights", "List Bullet")
    para("Open a youth hub", "List Bullet")
    doc.add_heading("How we will measure success", 3)
    para("Fewer reports of antisocial behaviour", "List Bullet")
    doc.add_heading("Objective 2: Protect older residents from fraud and scams", 2)
    para("Scams cost older residents money and confidence.")
    doc.add_heading("How we will work", 1)
    para("Partners meet every quarter to review progress.")
    texts += [
        "Foreword from the chair",
        "Our priorities",
        "Reduce antisocial behaviour in the town centre",
        "Protect older residents from fraud and scams",
        "How we will work",
    ]
    doc.save(path)
    return path, texts


def test_a_word_strategy_imports_to_a_draft_that_checks_and_builds_every_paragraph(
    tmp_path: Path,
) -> None:
    src = tmp_path / "site"
    shutil.copytree(FIXTURES / "strategy-only", src, ignore=shutil.ignore_patterns("expected"))
    content = src / "content"
    config = (src / "mkdocs.yml").read_text()
    (src / "mkdocs.yml").write_text(
        config.replace("  - sosafe\n", "  - sosafe:\n      pdf: false\n")
    )
    source = next(iter(load_content(content).documents))
    _, texts = _strategy_docx(src / "strategy.docx")
    out = run(
        SOSAFE, "import", "strategy.docx", "--strategy", "2026-29", "--source", source, cwd=src
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        "imported 2 objectives and 3 sections from strategy.docx into "
        "content/strategies/2026-29.yml, as a draft; 2 marked unconfirmed for an editor to check\n"
    )
    strategy = load_content(content).strategies["2026-29"]
    assert (strategy.status, strategy.title, strategy.period) == (
        "draft",
        "Testford Community Safety Strategy 2026-29",
        m.Period(start=2026, end=2029),
    )
    one, two = strategy.objectives
    assert (one.number, one.title, one.themes, one.unconfirmed) == (
        1,
        "Reduce antisocial behaviour in the town centre",
        [],  # no theme of the partnership's is named: none proposed
        ["objective"],
    )
    assert (two.themes, two.unconfirmed) == (["fraud"], ["objective", "themes"])
    assert one.what_we_will_do == ["Run joint patrols on Friday nights", "Open a youth hub"]
    assert one.measures == ["Fewer reports of antisocial behaviour"]
    assert (
        one.rationale == "Antisocial behaviour is the **most reported** concern in the town centre."
    )
    assert one.source == m.Source(
        document=source, section="Objective 1: Reduce antisocial behaviour in the town centre"
    )
    assert [s.title for s in strategy.introduction] == ["Foreword from the chair", "Our priorities"]
    assert [s.title for s in strategy.sections] == ["How we will work"]
    built = mkdocs_build(src, tmp_path / "built")
    assert built.returncode == 0, built.stderr
    pages = [tmp_path / "built/strategies/2026-29/index.html"]
    pages += sorted((tmp_path / "built/strategies/2026-29").glob("objectives/*/index.html"))
    assert len(pages) == 3  # the strategy's page and one for each objective
    shown = " ".join(
        " ".join(re.sub(r"<[^>]+>", " ", html.unescape(p.read_text())).split()) for p in pages
    )
    missing = [t for t in texts if " ".join(t.split()) not in shown]
    assert missing == []
    # --objectives names them: no mark that they are objectives.
    (content / "strategies/2026-29.yml").unlink()
    out = run(
        SOSAFE,
        "import",
        "strategy.docx",
        "--strategy",
        "2026-29",
        "--source",
        source,
        "--objectives",
        "Objective *",
        "--themes",
        "1=violence",
        cwd=src,
    )
    assert out.returncode == 0, out.stderr
    one, two = load_content(content).strategies["2026-29"].objectives
    assert (one.themes, one.unconfirmed, two.unconfirmed) == (["violence"], [], ["themes"])


def test_timescale_and_measures_are_on_the_page_in_open_data_and_the_return(
    build_partnership: Any, tmp_path: Path
) -> None:
    src, site = build_partnership("scrutiny")
    page = (site / "action-plans/2026-27/index.html").read_text()
    assert '<dt>Timescale</dt><dd><time datetime="2027-03-31">By 31 March 2027</time></dd>' in page
    assert "<dt>Timescale</dt><dd>Winter 2026</dd>" in page
    assert (
        "<dt>Success measures</dt><dd><ul><li>Young people using the hub each week</li>"
        "<li>Calls about the seafront at night</li></ul></dd>" in page
    )
    import csv

    with (site / "data/action-plans.csv").open(encoding="utf-8-sig") as fh:
        rows = {r["action_id"]: r for r in csv.DictReader(fh) if r["plan_id"] == "2026-27"}
    assert (rows["1-1-a"]["timescale"], rows["1-1-a"]["timescale_date"]) == (
        "By 31 March 2027",
        "2027-03-31",
    )
    assert rows["1-1-a"]["measures"] == (
        "Young people using the hub each week; Calls about the seafront at night"
    )
    assert (rows["1-1-b"]["timescale"], rows["1-1-b"]["timescale_date"]) == ("Winter 2026", "")
    # The return carries both columns, and reads a changed timescale back as a date.
    content = tmp_path / "content"
    shutil.copytree(src / "content", content)
    out = run(SOSAFE, "sheet", "2026-27", "-o", "r.xlsx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    wb = load_workbook(tmp_path / "r.xlsx")
    ws = wb["Plan"]
    headings = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    assert headings[6:9] == ["Expected outcomes", "Timescale", "Success measures"]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "1-1-b")
    ws.cell(row, 8).value = "By 1/12/2026"
    wb.save(tmp_path / "r.xlsx")
    plan = content / "action-plans/2026-27.yml"
    before = plan.read_text()
    out = run(SOSAFE, "import", "r.xlsx", "--progress-only", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.startswith(
        f"r.xlsx:Plan!H{row}: the timescale differs from the plan; not imported\n"
    )
    out = run(SOSAFE, "import", "r.xlsx", "--progress-only", "--accept-changes", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert [line for line in plan.read_text().splitlines() if line not in before.splitlines()] == [
        "            timescale: {text: By 1/12/2026, date: 2026-12-01}"
    ]


def test_the_readme_lists_every_heading_the_import_knows() -> None:
    from conftest import ROOT

    from sosafe_gen.edit.office.layout import HEADINGS, MAIN

    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| column | field | headings |") :].split("\n\n")[0]
    listed = {
        row.split("|")[2].strip(" `"): [h.strip() for h in row.split("|")[3].split(",")]
        for row in table.splitlines()[2:]
    }
    assert listed == {k: list(v) for k, v in HEADINGS.items() if k != "check"}
    assert all(k in MAIN for k in listed)
