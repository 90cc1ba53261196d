"""The browser editor at /admin/ (Decap CMS), planned from the content model and the record.

`editor_config` is Decap's configuration as data: a collection for each kind of content file,
its form read from the pydantic models (`editor_model`), with the allowed values a reference
may take read from the record (themes, source documents, strategies…). Each collection names
its file format (`sosafe-yaml`, `sosafe-update`, `sosafe-progress`) and carries the writer's
spec under `sosafe`, which the editor's own script strips before Decap sees the config.

Where saves go is the partnership's `editor:` mapping (checked by edit/signin.py): a Git host
(GitHub, GitLab, Azure DevOps) editors sign in to on the published site, and always the local
backend of `sosafe edit` on this computer (`backend`). A saved change is a draft (a branch and
a pull or merge request) until someone publishes it, unless the mapping says
`publish_mode: simple` (`publishing`). Commit messages are Decap's templates in the site's
language (`commit_messages`), which the editor's script replaces by a sentence naming what
changed (`WORDS["messages"]`, editor/src/messages.js).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..content import model as m
from ..content.delivery import status_label
from ..content.i18n import N_, translations
from ..content.record import Content
from ..content.updates import UpdateMeta
from .editor_messages import commit_messages, message_words
from .editor_model import FormContext, Option, form_fields, spec

ADMIN_DIR = "admin"
LOCAL_PORT = 8081
"""The port of `sosafe edit`'s local backend (Decap's proxy API, on 127.0.0.1)."""


@dataclass(frozen=True)
class EditorOptions:
    """What the editor's configuration takes besides the record."""

    content_dir: str = "content"
    """The content folder, relative to the repository (mkdocs.yml's folder)."""
    local_port: int = LOCAL_PORT
    site_url: str = ""
    branch: str = "main"
    host: dict[str, Any] = field(default_factory=dict)
    """The sosafe plugin's `editor:` mapping, checked (edit/signin.py): the Git host editors
    sign in with and how a saved change is published; empty for `sosafe edit` alone."""

    @property
    def publish_mode(self) -> str:
        """`editorial_workflow` (a change is reviewed, then published) unless the
        partnership chose `simple` (each save is live at once)."""
        return str(self.host.get("publish_mode", WORKFLOW))


WORKFLOW = "editorial_workflow"
BACKEND_KEYS = ("repo", "branch", "app_id", "tenant_id", "base_url", "api_root", "auth_type")
BACKEND_KEYS += ("auth_endpoint", "squash_merges")
"""The `editor:` keys that are Decap's backend settings, passed on as they are (with
`backend` as its `name`)."""


@dataclass(frozen=True)
class Kind:
    """One kind of content file the editor offers."""

    name: str
    label: str
    model: type[BaseModel]
    folder: str
    singular: str
    slug: str = "{{fields.id}}"
    create: bool = True
    """Files of many records have no field to name a new file by, so records are added to
    an existing file (a new file is made with `sosafe` or by hand)."""


KINDS = (
    Kind("strategies", N_("Strategies"), m.Strategy, "strategies", N_("Strategy")),
    Kind(
        "action-plans",
        N_("Action plans (whole plans)"),
        m.ActionPlan,
        "action-plans",
        N_("Action plan"),
    ),
    Kind(
        "case-studies",
        N_("Case studies"),
        m.CaseStudiesFile,
        "case-studies",
        N_("Case studies file"),
        create=False,
    ),
    Kind("figures", N_("Figures"), m.FiguresFile, "figures", N_("Figures file"), create=False),
    Kind("funding", N_("Funding"), m.FundingFile, "funding", N_("Funding file"), create=False),
    Kind("meetings", N_("Meetings"), m.Meeting, "meetings", N_("Meeting")),
    Kind("reports", N_("Reports"), m.Report, "reports", N_("Report")),
)
"""Folders of content files, one form per file."""

SINGLE_FILES = (
    ("partnership", "partnership.yml", N_("The partnership"), m.Partnership),
    ("sources", "sources.yml", N_("Source documents"), m.SourcesFile),
    ("themes", "themes.yml", N_("Themes"), m.ThemesFile),
    ("glossary", "glossary.yml", N_("Glossary"), m.GlossaryFile),
)


def references(content: Content) -> dict[str, list[Option]]:
    """The records each kind of reference may name, labelled as people know them."""
    objectives = [
        {"label": f"{s.period.label}: {o.title}", "value": o.id}
        for s in content.strategies.values()
        for o in s.objectives
    ]
    return {
        "themes": [{"label": t.title, "value": t.id} for t in content.themes.values()],
        "documents": [{"label": d.title, "value": d.id} for d in content.documents.values()],
        "strategies": [{"label": s.title, "value": s.id} for s in content.strategies.values()],
        "plans": [{"label": p.title, "value": p.id} for p in content.plans.values()],
        "meetings": [{"label": x.title, "value": x.id} for x in content.meetings.values()],
        "reports": [{"label": x.title, "value": x.id} for x in content.reports.values()],
        "case_studies": [{"label": x.title, "value": x.id} for x in content.case_studies.values()],
        "objectives": list({o["value"]: o for o in objectives}.values()),
    }


def editor_config(content: Content, options: EditorOptions) -> dict[str, Any]:
    """Decap CMS's configuration for this record (with the writer's specs under `sosafe`)."""
    t = translations(content.languages[0])
    _: Callable[[str], str] = t.gettext
    ctx = FormContext(content.languages, _, references(content))
    base = options.content_dir.strip("/")
    collections = [
        updates_collection(ctx, base, draft_default=options.publish_mode != WORKFLOW),
        progress_collection(content, ctx, base),
        *(folder_collection(kind, ctx, base) for kind in KINDS),
        files_collection(ctx, base),
    ]
    if options.publish_mode == WORKFLOW:
        for c in collections:  # Decap deletes straight from the branch, never by review
            c["delete"] = False
    return {
        **backend(options, _),
        "publish_mode": options.publish_mode,
        "site_url": options.site_url or "/",
        "logo_url": "",
        "media_folder": f"{base}/uploads",
        "public_folder": "/uploads",
        "show_preview_links": False,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
        "sosafe": {"languages": list(content.languages), "content_dir": base, "words": words(_)},
    }


WORDS = {
    "en": N_("English"),
    "cy": N_("Welsh"),
    "required": N_("Write this: it is needed."),
    "missingLanguage": N_(
        "No %(languages)s text yet: write it in every language of the site, as the check asks."
    ),
    "actionRef": N_("Action %(ref)s"),
    "toDate": N_("Progress to date"),
    "status": N_("Status"),
    "noStatus": N_("No status recorded"),
    "recordedIn": N_("Recorded in quarter"),
    "noQuarter": N_("No quarter (a document says it)"),
    "sourceDocument": N_("Source document that says it"),
    "noDocument": N_("None"),
    "sourceSection": N_("Section or page of the document"),
    "neededWith": N_("%(fields)s: needed once %(record)s is filled in (or leave it all empty)."),
    "statusWhere": N_(
        "the status needs the quarter it was recorded in, or the document that says it."
    ),
    "statusOrder": N_(
        "a status is already recorded in %(quarter)s: record statuses in order (an earlier "
        "one is corrected in the file)."
    ),
    "previewTitle": N_("Preview of this entry"),
    "foldItem": N_("Show or hide this item"),
    "removeItem": N_("Remove this item"),
    "moveItem": N_("Move this item"),
    "previewOnSite": N_("Saved progress shows on the plan's page in the site's preview."),
    "previewWhenPublished": N_(
        "Progress shows on the plan's page in the site's preview once the change is published."
    ),
    "draftNote": N_("Draft: not published until “Draft” is unticked."),
    "notSaved": N_("Not saved"),
    "close": N_("Close this message"),
    "conflict": N_("Someone else saved this file since you opened it and changed the same values:"),
    "conflictHint": N_("Reload the page to see their version, then make your change again."),
    "fileGone": N_("This file is no longer there: someone deleted or renamed it."),
    "localOnlyTitle": N_("The editor runs on your computer"),
    "localOnly": N_(
        "This site's editor saves through the site's own folder: run `sosafe edit` there and "
        "open the address it prints. Editing the published site in the browser needs a Git "
        "host connected to it (see sosafe-gen's README)."
    ),
}
"""The editor script's own words (editor/src), in the catalogue like every other."""


def words(_: Callable[[str], str]) -> dict[str, Any]:
    out: dict[str, Any] = {key: _(text) for key, text in WORDS.items()}
    out["statuses"] = [[v, _(status_label(v)).capitalize()] for v in m.STATUS_VALUES]
    out["messages"] = message_words(_)
    return out


def backend(options: EditorOptions, _: Callable[[str], str]) -> dict[str, Any]:
    """Where saves go: the Git host the partnership signs in to, else the local backend.

    The local backend of `sosafe edit` (decap-server in git mode, behind the check on
    127.0.0.1) is always named too: Decap uses it instead of the host on a page served from
    this computer when it answers. On GitHub a published change is squashed into one commit
    titled as its pull request (its first save's message) unless `squash_merges: false`;
    GitLab's squash would title it with Decap's fixed words, so there it is off unless asked.
    """
    url = f"http://127.0.0.1:{options.local_port}/api/v1"
    host = options.host
    settings: dict[str, Any]
    if host.get("backend"):
        settings = {"name": host["backend"], "branch": options.branch}
        settings |= {k: host[k] for k in BACKEND_KEYS if k in host}
        if host["backend"] == "github":
            settings.setdefault("squash_merges", True)
    else:
        settings = {"name": "proxy", "proxy_url": url, "branch": options.branch}
    settings["commit_messages"] = commit_messages(_)
    return {"backend": settings, "local_backend": {"url": url}}


def _common(ctx: FormContext, label: str, singular: str) -> dict[str, Any]:
    return {"label": ctx.gettext(label), "label_singular": ctx.gettext(singular)}


def updates_collection(ctx: FormContext, base: str, draft_default: bool) -> dict[str, Any]:
    """News updates: `updates/YYYY-MM-DD-slug.md`, front matter and a body in each language.

    Saved straight to the site (`publish_mode: simple`), a new update is a draft, as
    `sosafe new update` makes it, live when `draft` is unticked; in the editorial workflow
    its review is its draft stage, so it is not a draft once published."""
    fields = form_fields(UpdateMeta, ctx)
    for f in fields:
        if f["name"] == "draft":
            f["default"] = draft_default
    # The body in each language (one box on a one-language site), shown as Markdown beside.
    body = {"name": "body", "label": ctx.gettext("Text"), "widget": "sosafe-text"}
    fields.append(body | {"languages": list(ctx.languages), "multiline": True})
    title = f"title.{ctx.languages[0]}" if ctx.bilingual else "title"
    lead = "{{fields." + title + "}}" if ctx.bilingual else "{{slug}}"
    return {
        "name": "updates",
        **_common(ctx, N_("News updates"), N_("News update")),
        "folder": f"{base}/updates",
        "extension": "md",
        "format": "sosafe-update",
        "create": True,
        "slug": "{{year}}-{{month}}-{{day}}-" + lead,
        "identifier_field": "title",
        "summary": "{{date}}: {{" + title + "}}",
        "sortable_fields": ["date"],
        "fields": fields,
        "sosafe": {
            "spec": {
                **spec(UpdateMeta),
                "fields": [*spec(UpdateMeta)["fields"], ["body", {"t": "md", "tr": True}]],
            }
        },
    }


def progress_collection(content: Content, ctx: FormContext, base: str) -> dict[str, Any]:
    """Each plan's progress and statuses, without the rest of the plan to retype."""
    _ = ctx.gettext
    files = [
        {
            "name": plan.id,
            "label": plan.title,
            "file": f"{base}/action-plans/{plan.id}.yml",
            "sosafe": {"plan": plan.period.slash_label},
            "fields": [
                {
                    "name": "sections",
                    "label": _("Actions"),
                    "widget": "sosafe-progress",
                    "progress_mode": plan.progress_mode,
                    "languages": list(content.languages),
                    "documents": references(content)["documents"],
                }
            ],
        }
        for plan in sorted(content.plans.values(), key=lambda p: -p.period.start)
    ]
    out: dict[str, Any] = {
        "name": "progress",
        **_common(ctx, N_("Progress and status"), N_("Plan")),
        "format": "sosafe-progress",
        "extension": "yml",
        "sosafe": {"spec": spec(m.ActionPlan)},
    }
    if files:
        out["files"] = files
    else:  # Decap needs a collection to hold something: no plan yet, nothing to record
        out |= {"folder": f"{base}/action-plans", "create": False, "fields": _id_only(ctx)}
    return out


def _id_only(ctx: FormContext) -> list[dict[str, Any]]:
    return [{"name": "id", "label": ctx.gettext("Id"), "widget": "string"}]


def folder_collection(kind: Kind, ctx: FormContext, base: str) -> dict[str, Any]:
    fields = form_fields(kind.model, ctx)
    summary = "{{fields.id}}" if "id" in kind.model.model_fields else "{{slug}}"
    out = {
        "name": kind.name,
        **_common(ctx, kind.label, kind.singular),
        "folder": f"{base}/{kind.folder}",
        "extension": "yml",
        "format": "sosafe-yaml",
        "create": kind.create,
        "slug": kind.slug if "id" in kind.model.model_fields else "{{slug}}",
        "summary": summary,
        "fields": fields,
        "sosafe": {"spec": spec(kind.model)},
    }
    if "id" in kind.model.model_fields:
        out["identifier_field"] = "id"
    return out


def files_collection(ctx: FormContext, base: str) -> dict[str, Any]:
    """The partnership's own files: its details, source documents, themes and glossary.

    One format serves the four files, so its spec holds all their fields (their top-level
    names differ: `documents`, `themes`, `terms` and the partnership's own)."""
    union = [f for *_, model in SINGLE_FILES for f in spec(model)["fields"]]
    return {
        "name": "settings",
        **_common(ctx, N_("The partnership"), N_("File")),
        "format": "sosafe-yaml",
        "extension": "yml",
        "files": [
            {
                "name": name,
                "label": ctx.gettext(label),
                "file": f"{base}/{file}",
                "fields": form_fields(model, ctx),
            }
            for name, file, label, model in SINGLE_FILES
        ],
        "sosafe": {"spec": {"t": "map", "fields": union}},
    }
