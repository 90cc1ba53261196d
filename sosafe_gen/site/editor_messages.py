"""What each saved change's commit says, so the repository's history reads as the
partnership's change log: "Q4 progress on action 1.1 a of the 2024/25 plan", "New update:
Safe haven scheme launched".

Decap fills its commit message templates only with the collection's label, the entry's slug
or path and the author, so the sentence that names the change is made by the editor's own
script (editor/src/messages.js) from the entry as it was and as it is saved, with the words
here (in the catalogue, so in the site's language). Decap's templates (`COMMIT_MESSAGES`)
remain for anything the script does not name. In the editorial workflow the first save's
message is also the pull or merge request's title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..content import model as m
from ..content.delivery import NO_STATUS, status_label
from ..content.i18n import N_

COMMIT_MESSAGES = {
    "create": N_("{{collection}} added: {{slug}}"),
    "update": N_("{{collection}} changed: {{slug}}"),
    "delete": N_("{{collection}} deleted: {{slug}}"),
    "uploadMedia": N_("File added: {{path}}"),
    "deleteMedia": N_("File deleted: {{path}}"),
}
"""Decap's own templates (only `{{collection}}`, `{{slug}}`, `{{path}}` and the author's
name): what a commit says where the editor's script cannot name the change itself."""

PROGRESS = {
    "quarterOne": N_("%(quarter)s progress on action %(ref)s of the %(plan)s plan"),
    "quarterMany": N_("%(quarter)s progress on actions %(refs)s of the %(plan)s plan"),
    "progressOne": N_("Progress on action %(ref)s of the %(plan)s plan"),
    "progressMany": N_("Progress on actions %(refs)s of the %(plan)s plan"),
    "statusOne": N_("Status of action %(ref)s of the %(plan)s plan: %(status)s"),
    "statusMany": N_("Statuses of actions %(refs)s of the %(plan)s plan"),
    "withStatus": N_("%(message)s; status: %(status)s"),
    "plan": N_("Progress on the %(plan)s plan"),
    "and": N_("%(list)s and %(last)s"),
    "andMore": N_("%(items)s and more"),
}
"""A plan's progress and statuses (the progress collection), by what changed: one action or
several, one quarter or more, progress, a status or both."""

NEW = {
    "updates": N_("New update: %(title)s"),
    "strategies": N_("New strategy: %(title)s"),
    "action-plans": N_("New action plan: %(title)s"),
    "meetings": N_("New meeting: %(title)s"),
    "reports": N_("New report: %(title)s"),
}
EDITED = {
    "updates": N_("Edited update: %(title)s"),
    "strategies": N_("Edited strategy: %(title)s"),
    "action-plans": N_("Edited action plan: %(title)s"),
    "meetings": N_("Edited meeting: %(title)s"),
    "reports": N_("Edited report: %(title)s"),
    "case-studies": N_("Edited case studies: %(title)s"),
    "figures": N_("Edited figures: %(title)s"),
    "funding": N_("Edited funding: %(title)s"),
    "partnership": N_("Edited the partnership’s details"),
    "sources": N_("Edited the source documents"),
    "themes": N_("Edited the themes"),
    "glossary": N_("Edited the glossary"),
}
"""By collection, and for the partnership's own files by file."""
DELETED = N_("Deleted: %(title)s")


def commit_messages(_: Callable[[str], str]) -> dict[str, str]:
    """Decap's `commit_messages` setting, in the site's language."""
    return {kind: _(text) for kind, text in COMMIT_MESSAGES.items()} | {
        "openAuthoring": "{{message}}"
    }


def message_words(_: Callable[[str], str]) -> dict[str, Any]:
    """The words editor/src/messages.js makes each commit's sentence from."""
    return {
        **{key: _(text) for key, text in PROGRESS.items()},
        "new": {key: _(text) for key, text in NEW.items()},
        "edited": {key: _(text) for key, text in EDITED.items()},
        "deleted": _(DELETED),
        "statuses": {v: _(status_label(v)) for v in m.STATUS_VALUES}
        | {"": _(status_label(NO_STATUS))},
    }
