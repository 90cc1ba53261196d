"""The generator's own words in each language: gettext catalogues read with Babel.

Every string the templates and the planner add to a page is an English msgid; the
catalogues in `sosafe_gen/locale/<lang>/LC_MESSAGES/sosafe.po` give each language's
wording (English's are empty: the msgid is the text). The .po files are compiled when
first used (Babel's pofile and mofile), so no compiled file can go stale beside them.
Welsh plurals follow CLDR's six forms (the catalogue's Plural-Forms header). Dates and
numbers come from Babel's CLDR data in each language's form.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date, get_quarter_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "sosafe"
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
"""Each language's name in itself, for the link to the other language's page."""


COUNTED_WORDS = (
    # Words counted with a word chosen at run time (`Site.counted(n, kind.lower())`).
    "strategy objective",
    "action",
    "case study",
    "meeting item",
    "report section",
    "figure",
    "update",
    "page",
)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue for `lang`, compiled in memory; English falls back to the msgids."""
    path = catalogue_path(lang)
    if lang == "en" or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def date_in(day: dt.date, lang: str, weekday: bool = False) -> str:
    """A date as each language writes it: `1 March 2018`, `1 Mawrth 2018` (CLDR's names)."""
    if lang == "en":
        text = f"{day.day} {day:%B %Y}"
        return f"{day:%A} {text}" if weekday else text
    return format_date(day, "EEEE d MMMM y" if weekday else "d MMMM y", locale=lang)


def month_in(day: dt.date, lang: str) -> str:
    """A month as each language writes it: `September 2025`, `Medi 2025` (CLDR's names)."""
    return f"{day:%B %Y}" if lang == "en" else format_date(day, "LLLL y", locale=lang)


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is shown."""
    return message


def quarter_name(quarter: str, lang: str) -> str:
    """`Q1` as each language abbreviates it (CLDR: `Ch1` in Welsh)."""
    if lang == "en" or not (len(quarter) == 2 and quarter[0] == "Q" and quarter[1] in "1234"):
        return quarter
    return str(get_quarter_names("abbreviated", locale=lang)[int(quarter[1])])
