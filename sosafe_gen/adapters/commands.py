"""The comms team's `sosafe` commands: progress, new update / plan, import, export.

Each prints what it did (the file it wrote) or raises ContentError, which `cli.main`
prints as `file:line:col` (or `file:Sheet!C12`) lines with hints and exit status 1.

Each command imports what it needs when it runs (MkDocs, openpyxl, ruamel.yaml, the
renderer): importing all of them took about 0.7 s of CPU before any command started, most of
`sosafe check`'s time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.check import load_content
from ..content.model import STATUS_VALUES
from ..content.problems import ContentError, Problem, file_problem
from ..content.text import closest, display_path, plural
from ..edit.signin import BACKENDS, from_options
from ..site.pages import Options
from .options import option_problems, plugin_options_in

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def _progress(args: argparse.Namespace) -> int:
    from ..edit.progress import Recorded, record_progress

    quarter, text = _progress_words(args)
    status = Recorded(args.status, args.source, args.section) if args.status else None
    if status is None and (args.source or args.section):
        raise SystemExit("sosafe progress: --source and --section go with --status")
    path, old = record_progress(
        Path(args.content), args.plan, args.action, quarter, text, status, args.welsh
    )
    label = quarter or "progress to date"
    if text is not None:
        print(f"{display_path(path)}: recorded {label} for action {args.action}")
    if old is not None:
        shown = old.splitlines()[0][:70] if old.strip() else ""
        print(f"  (it replaced: {shown}{'...' if len(shown) < len(old.strip()) else ''})")
    if status is not None:
        where = ", ".join(
            w
            for w in (quarter, f"source {status.document}" if status.document else None)
            if w is not None
        )
        print(
            f"{display_path(path)}: recorded status {status.value} ({where}) "
            f"for action {args.action}"
        )
    return 0


def _progress_words(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The quarter and the text: `Q4 "text"`, `--to-date "text"`, or with --status no text
    (`Q4` alone, or nothing when --source names the document that says it)."""
    words = list(args.words)
    if args.to_date is not None:
        # `--to-date "text"` (its value) or `"text" --to-date`; a status alone needs no text.
        if isinstance(args.to_date, str):
            words.append(args.to_date)
        if len(words) > 1 or (not words and not args.status):
            raise SystemExit("sosafe progress: with --to-date give only the text, in quotes")
        return None, (words[0] if words else None)
    quarter = words[0].upper() if words and words[0].upper() in ("Q1", "Q2", "Q3", "Q4") else None
    if quarter and (len(words) == 2 or (len(words) == 1 and args.status)):
        return quarter, (words[1] if len(words) == 2 else None)
    if not words and args.status:
        return None, None
    raise SystemExit(
        "sosafe progress: give a quarter (Q1, Q2, Q3 or Q4) and the text in quotes, "
        "or --to-date and the text"
    )


def _status_value(text: str) -> str:
    """`in progress`, `In-Progress` → `in-progress`."""
    return "-".join(text.lower().split()).replace("_", "-")


def _new_update(args: argparse.Namespace) -> int:
    from ..edit.new_update import new_update

    path = new_update(Path(args.content), args.title, dt.date.today())
    print(display_path(path))
    return 0


def _new_plan(args: argparse.Namespace) -> int:
    from ..edit.new_plan import new_plan

    path, notes = new_plan(Path(args.content), args.year, args.from_id)
    print(display_path(path))
    for note in notes:
        print(f"  {note}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..edit.office.layout import parse_mapping
    from ..edit.office.plan_import import PlanImport, import_plan
    from ..edit.office.return_import import import_return
    from ..edit.office.strategy_import import StrategyImport, import_strategy

    if args.accept_changes and not args.progress_only:
        raise SystemExit("sosafe import: --accept-changes goes with --progress-only")
    if args.progress_only:
        for name in ("source", "columns", "themes", "strategy", "objectives"):
            if getattr(args, name):
                raise SystemExit(f"sosafe import: --{name} is for a plan, not --progress-only")
        _, lines = import_return(
            Path(args.file), Path(args.content), args.plan, args.accept_changes
        )
        print("\n".join(lines))
        return 0
    if args.strategy or args.objectives:
        if not (args.strategy and args.source):
            raise SystemExit("sosafe import: a strategy needs --strategy ID and --source DOC")
        if args.plan or args.columns:
            raise SystemExit("sosafe import: --plan and --columns are for a plan, not --strategy")
        how_s = StrategyImport(args.strategy, args.source, args.objectives, args.themes or "")
        _, summary = import_strategy(Path(args.file), Path(args.content), how_s)
        print(summary)
        return 0
    try:
        columns = parse_mapping(args.columns or "")
    except ValueError as exc:
        raise SystemExit(f"sosafe import: --columns: {exc}") from None
    how = PlanImport(args.plan, args.source, columns, args.themes or "")
    _, summary = import_plan(Path(args.file), Path(args.content), how)
    print(summary)
    return 0


def _sheet(args: argparse.Namespace) -> int:
    from ..edit.office.return_sheet import write_return

    _, summary = write_return(Path(args.content), args.plan, Path(args.output), args.quarter)
    print(summary)
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..edit.export import write_export

    content = load_content(Path(args.content))
    written = write_export(content, options_from_config(Path(args.config)), Path(args.dest))
    print(f"wrote {len(written)} files to {display_path(Path(args.dest))}")
    return 0


def options_from_config(path: Path) -> Options:
    """The sosafe plugin's publishing options, read by MkDocs' own loader (INHERIT, !ENV and
    plugins written as a list or a mapping work as in a build); defaults without a config.
    A bad option is a problem in the config file, as the build would report it."""
    loaded = _plugin_config(path)
    if loaded is None:
        return Options()
    config, opts = loaded
    return Options(
        show_officer_names=opts.show_officer_names,
        small_count_threshold=opts.small_count_threshold,
        use_directory_urls=config.use_directory_urls,
        site_url=config.site_url or "",
        pdf_plan_layout=opts.pdf_plan_layout,
    )


def plugin_options(path: Path) -> Any | None:
    """The sosafe plugin's options in mkdocs.yml, validated (None without the plugin)."""
    loaded = _plugin_config(path)
    return None if loaded is None else loaded[1]


def templates_from_config(path: Path) -> Path | None:
    """The plugin's `templates_dir` (relative to mkdocs.yml), as the build finds it."""
    loaded = _plugin_config(path)
    if loaded is None or not loaded[1].templates_dir:
        return None
    return path.parent / loaded[1].templates_dir


def _plugin_config(path: Path) -> tuple[MkDocsConfig, Any] | None:
    """mkdocs.yml validated, and the sosafe plugin's options; None without either."""
    from mkdocs.config.defaults import MkDocsConfig

    if not path.is_file():
        return None
    data = _read_config(path)
    problems = config_problems(path, data)
    if problems:  # before MkDocs' check, which stops at the first and says less
        raise ContentError(problems)
    config = MkDocsConfig(config_file_path=str(path))
    config.load_dict(data or {})
    errors, _ = config.validate()
    if errors:
        raise ContentError(
            file_problem(display_path(path), f"{name}: {' '.join(str(err).split())}")
            for name, err in errors
        )
    plugin = config.plugins.get("sosafe")
    return None if plugin is None else (config, plugin.config)


def _read_config(path: Path) -> Any:
    """mkdocs.yml as MkDocs reads it (INHERIT, !ENV)."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open("rb") as fh:
            return yaml_load(fh)
    except Exception as exc:  # MkDocs raises its own or PyYAML's errors for a bad file
        problem = file_problem(display_path(path), f"cannot read the config: {exc}")
        raise ContentError([problem]) from None


def config_problems(path: Path, data: Any = None) -> list[Problem]:
    """The sosafe plugin's bad options in mkdocs.yml at `path`, each at its position."""
    if data is None:
        data = _read_config(path)
    options = plugin_options_in(data)
    return [] if options is None else option_problems(options, path)


def _pdf(args: argparse.Namespace) -> int:
    """`sosafe pdf action-plans/2024-25 -o plan.pdf`: the PDF the site links to, made by the
    same function the plugin calls."""
    from ..render.pdf import PdfUnavailable, document_pdf, pdf_pages
    from ..render.renderer import Renderer
    from ..site.planner import plan_site

    content = load_content(Path(args.content))
    config = Path(args.config)
    docs = config.parent / "docs"
    hand = frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    site = plan_site(content, options_from_config(config), extra_pages=hand)
    renderer = Renderer(site, templates_from_config(config))
    wanted = args.page.strip("/")
    pages = {posixpath.dirname(p.src_uri): p for p in pdf_pages(renderer)}
    if wanted not in pages:
        hint = closest(wanted, pages)
        known = ", ".join(sorted(pages)) or "none: the content has no strategy or action plan"
        raise SystemExit(
            f"sosafe pdf: no strategy or action plan at '{wanted}'"
            + (f"; {hint}" if hint else f" (there are: {known})")
        )
    try:
        pdf = document_pdf(renderer, pages[wanted])
    except PdfUnavailable as exc:
        raise SystemExit(f"sosafe pdf: {exc}") from None
    out = Path(args.output or posixpath.basename(pdf.path))
    try:
        out.write_bytes(pdf.data)
    except OSError as exc:
        raise SystemExit(f"sosafe pdf: cannot write {display_path(out)}: {exc.strerror}") from None
    print(f"wrote {display_path(out)} ({pdf.pages} {plural('page', pdf.pages)}, {pdf.size})")
    return 0


def _init(args: argparse.Namespace) -> int:
    from ..edit.init import init_site

    dest = Path(args.dir)
    languages = tuple(x.strip() for x in args.languages.split(",") if x.strip())
    editor = from_options(
        args.git_host, args.repo, args.branch, args.app_id, args.tenant_id, args.auth_url
    )
    today = dt.date.today()
    written = init_site(dest, args.name, args.short_name, today, languages, args.name_cy, editor)
    print(f"wrote a new site for {' '.join(args.name.split())} in {display_path(dest)}/:")
    for path in written:
        print(f"  {display_path(path)}")
    print(
        f"next: cd {display_path(dest)} && sosafe check content && mkdocs serve "
        "(then read EDITING.md: `npm install` once, and `sosafe edit` opens the editor)"
    )
    return 0


def add_commands(sub: Any) -> None:
    """The comms team's commands, each added by its own function below."""
    for add in (_add_init, _add_progress, _add_new, _add_sheet, _add_import, _add_outputs):
        add(sub)


def _content_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", default="content", help="the content folder (content)")


def _add_init(sub: Any) -> None:
    p = sub.add_parser("init", help="start a new partnership's site in an empty folder")
    p.add_argument("dir", help="the new folder")
    p.add_argument("--name", required=True, help="the partnership's full name, in quotes")
    p.add_argument("--short-name", help="the name people use, if shorter (default: --name)")
    p.add_argument(
        "--languages",
        default="en",
        help="en (the default), or en,cy for a bilingual site with every page in Welsh too",
    )
    p.add_argument("--name-cy", help="the partnership's name in Welsh, with --languages en,cy")
    add_signin_options(p)
    p.set_defaults(func=_init)


def _add_progress(sub: Any) -> None:
    p = sub.add_parser("progress", help="record an action's progress (and status) in a plan")
    p.add_argument("plan", help="plan id, e.g. 2024-25")
    p.add_argument("action", help="action id, e.g. 1-1-a")
    p.add_argument("words", nargs="*", metavar="Q1..Q4 TEXT", help="the quarter and the text")
    p.add_argument(
        "--to-date",
        nargs="?",
        const=True,
        metavar="TEXT",
        help="the text, for plans with one progress to date",
    )
    p.add_argument(
        "--status",
        type=_status_value,
        choices=STATUS_VALUES,
        help="the action's status, recorded in the quarter given (or from --source)",
    )
    p.add_argument("--source", help="with --status: the document in sources.yml that says it")
    p.add_argument("--section", help="with --source: the section or page of that document")
    p.add_argument("--welsh", metavar="TEXT", help="the progress in Welsh (bilingual sites)")
    _content_arg(p)
    p.set_defaults(func=_progress)


def _add_new(sub: Any) -> None:
    new = sub.add_parser("new", help="create an update or next year's plan")
    kinds = new.add_subparsers(dest="kind", required=True)
    p = kinds.add_parser("update", help="a news update from the template, dated today")
    p.add_argument("title")
    _content_arg(p)
    p.set_defaults(func=_new_update)
    p = kinds.add_parser("plan", help="next year's plan from this year's, without progress")
    p.add_argument("year", help="e.g. 2025-26")
    p.add_argument("--from", dest="from_id", required=True, help="the previous plan, e.g. 2024-25")
    _content_arg(p)
    p.set_defaults(func=_new_plan)


def _add_sheet(sub: Any) -> None:
    p = sub.add_parser(
        "sheet",
        help="a plan as the quarterly return spreadsheet lead officers fill in "
        "(.xlsx, .ods or .csv)",
        description="Write the plan in the layout `sosafe import` reads, one row per action "
        "with its id. In .xlsx the quarter to fill and the status are the only unlocked "
        "cells (the sheet is protected without a password), the status offers only the "
        "allowed values and a second sheet says how to fill it in; an .ods (LibreOffice) "
        "holds the same. A .csv has the same columns but no protection, lists or "
        "instructions: a CSV cannot hold them.",
    )
    p.add_argument("plan", help="plan id, e.g. 2024-25")
    p.add_argument("-o", "--output", required=True, help="the file to write, .xlsx, .ods or .csv")
    p.add_argument(
        "--quarter",
        type=str.upper,
        choices=("Q1", "Q2", "Q3", "Q4"),
        help="the quarter to fill (default: the one after the latest with progress)",
    )
    _content_arg(p)
    p.set_defaults(func=_sheet)


def _add_import(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="an action plan from a spreadsheet or Word document "
        "(.xlsx, .xls, .ods, .csv, .docx), or a returned quarterly sheet",
    )
    p.add_argument("file")
    p.add_argument(
        "--plan",
        help="the plan id (default: the file name, e.g. 2025-26.xlsx; with --progress-only, "
        "the plan the sheet's first row names)",
    )
    p.add_argument("--source", help="for a new plan: the document id in sources.yml")
    p.add_argument(
        "--columns",
        help="the file's own headings, as HEADING=FIELD: --columns \"Owner=lead,By "
        'when=timescale,RAG=skip" (see the README for the headings already known)',
    )
    p.add_argument(
        "--themes",
        help="themes by section or aim number, where the file has no Themes column: "
        '--themes "1=asb,2=domestic-abuse+vawg"',
    )
    p.add_argument(
        "--strategy",
        help="a Word strategy (.docx) as a draft strategy with this id: --strategy 2026-29",
    )
    p.add_argument(
        "--objectives",
        help="with --strategy: the headings that are objectives, as a pattern "
        '(--objectives "Objective *"); without it those that read as one are taken '
        "and marked unconfirmed",
    )
    p.add_argument(
        "--progress-only",
        action="store_true",
        help="a returned `sosafe sheet`: take only progress and status, by action id; any "
        "other changed cell is listed and nothing is written",
    )
    p.add_argument(
        "--accept-changes",
        action="store_true",
        help="with --progress-only: take the other changed cells too",
    )
    _content_arg(p)
    p.set_defaults(func=_import)


def _add_outputs(sub: Any) -> None:
    p = sub.add_parser("pdf", help="a strategy or action plan as a tagged PDF")
    p.add_argument("page", help="its page, e.g. action-plans/2024-25 or strategies/2025-28")
    p.add_argument("-o", "--output", help="the file to write (default: the name the site uses)")
    p.add_argument("--config", default="mkdocs.yml", help="publishing options (mkdocs.yml)")
    _content_arg(p)
    p.set_defaults(func=_pdf)

    p = sub.add_parser("export", help="every dataset as JSON and CSV, and a JSON Schema")
    p.add_argument("dest", help="the folder to write to")
    p.add_argument("--config", default="mkdocs.yml", help="publishing options (mkdocs.yml)")
    _content_arg(p)
    p.set_defaults(func=_export)


def add_signin_options(p: argparse.ArgumentParser) -> None:
    """`sosafe init`'s options for how editors sign in to /admin/ (see EDITING.md)."""
    g = p.add_argument_group("signing in to the editor (recorded in mkdocs.yml)")
    g.add_argument("--git-host", choices=BACKENDS, help="where the site's repository is")
    g.add_argument("--repo", help="owner/name (GitLab: group/name; Azure: org/project/repo)")
    g.add_argument("--branch", help="the branch the site is published from (main)")
    g.add_argument("--app-id", help="GitLab: the application's id; Azure: the app's client id")
    g.add_argument("--tenant-id", help="Azure: the Microsoft Entra directory (tenant) id")
    g.add_argument(
        "--auth-url",
        help="GitHub: the sign-in proxy's address; GitLab on a server of your own: its address",
    )
