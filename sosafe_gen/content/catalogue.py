"""Keep the message catalogues in step with the code: `python -m sosafe_gen.content.catalogue`.

Every message is found where it is written (Babel's extractors: Jinja's for the templates,
Python's for `_()`, `N_()` and `ngettext()`), plus the words templates count with
`counted("word")`, which become plural messages `%(num)s word` / `%(num)s words`. The
English catalogue lists them all with empty translations (the msgid is the English); the
Welsh one keeps its translations, gains the new messages untranslated and loses the ones no
longer used. `tests/test_i18n.py` fails while any message has no Welsh.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import COUNTED_WORDS, DOMAIN, catalogue_path
from .text import plural

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "render" / "templates"
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "comment_start_string": "{##",
    "comment_end_string": "##}",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",
}
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
_COUNTED = re.compile(r"""counted\(\s*["']([^"']+)["']\s*\)""")

Message = str | tuple[str, str]


def messages() -> dict[Message, set[str]]:
    """Every message the generator shows, with where it is used (`file:line`)."""
    found: dict[Message, set[str]] = {}

    def add(msg: Message, where: str) -> None:
        found.setdefault(msg, set()).add(where)

    jinja = [("**.j2", "jinja2.ext:babel_extract")]
    for file, line, msg, _c, _x in extract_from_dir(
        TEMPLATES, jinja, {"**.j2": JINJA_OPTIONS}, keywords=KEYWORDS
    ):
        add(msg if isinstance(msg, str) else tuple(msg), f"render/templates/{file}:{line}")
    python = [("**.py", "python")]
    for file, line, msg, _c, _x in extract_from_dir(PACKAGE, python, keywords=KEYWORDS):
        if "catalogue" not in file:
            add(msg if isinstance(msg, str) else tuple(msg), f"{file}:{line}")
    for path in sorted(TEMPLATES.glob("*.j2")):
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for word in _COUNTED.findall(text):
                add(counted(word), f"render/templates/{path.name}:{n}")
    for word in COUNTED_WORDS:
        add(counted(word), "content/i18n.py")
    return found


def counted(word: str) -> tuple[str, str]:
    """The plural message `Site.counted` looks up for a word."""
    return (f"%(num)s {word}", f"%(num)s {plural(word, 2)}")


def _where(place: str) -> tuple[str, int | None]:
    file, _, line = place.partition(":")
    return file, int(line) if line else None


def _sorted(found: dict[Message, set[str]]) -> Iterator[tuple[Message, list[str]]]:
    for msg in sorted(found, key=lambda m: m if isinstance(m, str) else m[0]):
        yield msg, sorted(found[msg])


def update(lang: str) -> Catalog:
    """The catalogue for `lang`, brought up to date (and written)."""
    path = catalogue_path(lang)
    old = Catalog(locale=lang, domain=DOMAIN)
    if path.is_file():
        with path.open("rb") as f:
            old = read_po(f, locale=lang, domain=DOMAIN)
    new = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="sosafe-gen",
        header_comment=f"# The generator's own words in {lang}.",
        fuzzy=False,
        creation_date=old.creation_date if path.is_file() else None,
        revision_date=old.revision_date if path.is_file() else None,
    )
    for msg, places in _sorted(messages()):
        key = msg if isinstance(msg, str) else msg[0]
        before = old.get(key)
        string: str | tuple[str, ...] = "" if isinstance(msg, str) else ("",) * new.num_plurals
        comments: list[str] = []
        if lang != "en" and before is not None and before.string:
            string = before.string
            comments = list(before.auto_comments)
        new.add(
            msg,
            string,
            locations=[_where(p) for p in places[:3]],
            auto_comments=comments,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, new, width=100, omit_header=False, sort_output=False)
    return new


def unchecked_list() -> str:
    """`locale/cy/UNCHECKED.md`: the Welsh no Welsh speaker has checked yet (each entry
    marked `#. unchecked` in the catalogue), for a translator to work through."""
    with catalogue_path("cy").open("rb") as f:
        cat = read_po(f, locale="cy", domain=DOMAIN)
    lines = [
        "# Welsh messages not yet checked by a Welsh speaker",
        "",
        "Each is marked `#. unchecked` in `cy/LC_MESSAGES/sosafe.po`. When a Welsh speaker has",
        "checked one, remove the mark and run `python -m sosafe_gen.content.catalogue`.",
        "GOV.UK Frontend's published Welsh is the reference where a component has one.",
        "",
    ]
    for m in cat:
        if m.id and "unchecked" in m.auto_comments:
            msgid = m.id if isinstance(m.id, str) else m.id[0]
            text = m.string if isinstance(m.string, str) else m.string[0]
            lines.append(f"- `{msgid}`: {text}")
    return "\n".join(lines) + "\n"


def _translated(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


if __name__ == "__main__":
    for code in ("en", "cy"):
        cat = update(code)
        missing = [m.id for m in cat if m.id and not _translated(m.string)] if code != "en" else []
        print(f"{catalogue_path(code)}: {len(cat)} messages, {len(missing)} untranslated")
    unchecked = catalogue_path("cy").parent.parent / "UNCHECKED.md"
    unchecked.write_text(unchecked_list(), encoding="utf-8")
