"""The message catalogues: every string the generator shows is in both, the Welsh is whole,
and what the site reads is the catalogue as it stands (compiled when loaded, so never stale).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from sosafe_gen.content.catalogue import TEMPLATES, messages, unchecked_list
from sosafe_gen.content.i18n import (
    LOCALE_DIR,
    catalogue_path,
    date_in,
    quarter_name,
    translations,
)

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalogue(lang: str):  # type: ignore[no-untyped-def]
    with catalogue_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def ids(lang: str) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalogue(lang) if m.id}


@pytest.fixture(scope="module")
def used() -> set[str | tuple[str, ...]]:
    return {m if isinstance(m, str) else tuple(m) for m in messages()}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_message_the_code_shows_is_in_the_catalogue_and_no_other(
    used: set[str | tuple[str, ...]], lang: str
) -> None:
    have = ids(lang)
    missing = sorted(map(str, used - have))
    stale = sorted(map(str, have - used))
    hint = "run: .venv/bin/python -m sosafe_gen.content.catalogue"
    assert missing == [], f"not in the {lang} catalogue ({hint}): {missing[:5]}"
    assert stale == [], f"no longer used, still in the {lang} catalogue ({hint}): {stale[:5]}"


def test_every_message_has_welsh_that_fills_the_same_placeholders() -> None:
    cat = catalogue("cy")
    assert cat.num_plurals == 6  # CLDR's Welsh plural forms: zero, one, two, few, many, other
    for m in cat:
        if not m.id:
            continue
        source = m.id if isinstance(m.id, str) else m.id[0]
        forms = (m.string,) if isinstance(m.string, str) else m.string
        assert all(forms), f"no Welsh for {source!r}"
        names = dict.fromkeys([*PLACEHOLDER.findall(source), "num"], "x")
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= set(names), (source, form)
            if _formats(source, names):  # then the page formats it: so must the Welsh
                form % names


def test_unchecked_welsh_is_marked_and_listed() -> None:
    """Welsh no Welsh speaker has checked carries `#. unchecked`, and the list beside the
    catalogue (linked from the README) names exactly those messages."""
    marked = [
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalogue("cy")
        if m.id and "unchecked" in m.auto_comments
    ]
    listed = (LOCALE_DIR / "cy" / "UNCHECKED.md").read_text(encoding="utf-8")
    assert listed == unchecked_list()
    for msgid in marked:
        assert f"- `{msgid}`" in listed.replace("\n  ", " ")


def test_the_site_reads_the_catalogue_as_it_stands() -> None:
    cy = translations("cy")
    assert cy.gettext("Exit this page") == "Gadael y dudalen hon"  # GOV.UK Frontend's Welsh
    for message in catalogue("cy"):
        if message.id and isinstance(message.id, str):
            assert cy.gettext(message.id) == message.string
    en = translations("en")
    assert en.gettext("Exit this page") == "Exit this page"
    assert en.ngettext("%(num)s action", "%(num)s actions", 2) == "%(num)s actions"


def test_welsh_plurals_choose_a_form_by_cldr_rules() -> None:
    cat = catalogue("cy")
    entry = cat.get("%(num)s action")
    assert entry is not None and len(entry.string) == 6
    cy = translations("cy")
    for n in (0, 1, 2, 3, 6, 7, 100):
        assert cy.ngettext("%(num)s action", "%(num)s actions", n) in entry.string


def test_dates_and_quarters_in_each_language() -> None:
    day = dt.date(2026, 3, 1)
    assert date_in(day, "en") == "1 March 2026"
    assert date_in(day, "cy") == "1 Mawrth 2026"
    assert date_in(day, "cy", weekday=True) == "Dydd Sul 1 Mawrth 2026"
    assert [quarter_name(q, "cy") for q in ("Q1", "Q4")] == ["Ch1", "Ch4"]
    assert quarter_name("Q2", "en") == "Q2"
    assert quarter_name("to date", "cy") == "to date"  # not a quarter: left to the caller


def _formats(text: str, names: dict[str, str]) -> bool:
    try:
        text % names
    except (ValueError, TypeError):
        return False
    return True


_TEMPLATE_MARKUP = re.compile(
    r"\{%.*?%\}|\{\{.*?\}\}|\{##.*?##\}|<[^>]*>|\{#[^}]*\}|&[a-z]+;|&#\d+;", re.DOTALL
)


def test_every_word_the_templates_write_goes_through_the_catalogue() -> None:
    """Text outside Jinja tags is written as it is, in English on a Welsh page: every run of
    words in a page template is `{{ _("…") }}` (a template added without it fails here)."""
    bare = []
    for path in sorted(TEMPLATES.glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        if path.name == "_base.md.j2":
            text = text.split("---", 2)[2]  # the front matter's keys are YAML, not words
        for line in _TEMPLATE_MARKUP.sub(" ", text).splitlines():
            if re.search(r"[A-Za-z]", line):
                bare.append(f"{path.name}: {line.strip()}")
    assert bare == []
