"""Content in two languages: one text field holds both, `title: {en: "…", cy: "…"}`.

A partnership that sets `languages: [en, cy]` writes each text field as a mapping from
language to text, so both wordings sit next to each other in the one file, and each has a
line and column the check can point at. Before a file is checked against the model it is
*projected* to one language: every such mapping is replaced by its text in that language.
The model, the checks and every later stage then see plain strings, as for a one-language
site, which is read exactly as before.

A text field of a bilingual site written as a plain string, or as a mapping without one of
the languages, is a missing translation: the Welsh Language Standards allow no gaps, so
each is a problem at its position.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from .base import TRANSLATED
from .load import Document, PathT
from .problems import Problem

LANGUAGES = ("en", "cy")
"""The languages a site may publish in; the first is the default (unprefixed URLs)."""
NAMES = {"en": "English", "cy": "Welsh"}
"""Each language's name in English, for messages."""


def site_languages(data: Any) -> tuple[str, ...]:
    """The languages partnership.yml asks for, read before it is checked (it is projected
    too); an invalid value is left for the model's check to report."""
    if isinstance(data, dict):
        value = data.get("languages")
        if isinstance(value, list) and value and all(v in LANGUAGES for v in value):
            return tuple(str(v) for v in value)
    return ("en",)


def is_translation(value: Any, languages: tuple[str, ...]) -> bool:
    """A mapping of language codes only: one text in several languages."""
    return (
        isinstance(value, dict)
        and bool(value)
        and len(languages) > 1
        and all(k in languages for k in value)
    )


def project(doc: Document, lang: str, languages: tuple[str, ...]) -> set[PathT]:
    """Replace each translated text in `doc.data` by its `lang` text (the first language's
    when `lang` is missing or empty: the check has said so, or the record is a draft);
    returns where the translations were."""
    found: set[PathT] = set()

    def walk(value: Any, path: PathT) -> Any:
        if is_translation(value, languages):
            found.add(path)
            text = value.get(lang) or value.get(languages[0])
            return text if text is not None else next(iter(value.values()))
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    if len(languages) > 1:
        raw = doc.data
        doc.data = walk(raw, ())
        doc.raw = raw
    return found


def missing_translations(
    doc: Document, record: BaseModel, translated: set[PathT], languages: tuple[str, ...]
) -> list[Problem]:
    """Every text field of a checked record that lacks one of the site's languages."""
    problems: list[Problem] = []
    raw = getattr(doc, "raw", doc.data)
    for path in text_paths(record, ()):
        if path in translated:
            value = _at(raw, path)
            for lang in languages:
                text = value.get(lang) if isinstance(value, dict) else None
                if not (isinstance(text, str) and text.strip()):
                    problems.append(_missing(doc, path, lang, languages))
        elif _at(raw, path) is not None:
            problems.append(_missing(doc, path, languages[1], languages))
    return problems


def _missing(doc: Document, path: PathT, lang: str, languages: tuple[str, ...]) -> Problem:
    example = ", ".join(f"{code}: …" for code in languages)
    return doc.problem(
        path,
        f"no {NAMES[lang]} text ({lang})",
        f"write this field in every language of the site: {{{example}}}",
    )


def _at(data: Any, path: PathT) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def text_paths(record: Any, path: PathT) -> list[PathT]:
    """Where a checked record holds text for readers (fields typed `Text` or `Markdown`)."""
    out: list[PathT] = []
    if not isinstance(record, BaseModel):
        return out
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        if value is None:
            continue
        here = (*path, name)
        translated = _is_text(info.annotation) or TRANSLATED in info.metadata
        if isinstance(value, str):
            if translated:
                out.append(here)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, str) and translated:
                    out.append((*here, i))
                else:
                    out.extend(text_paths(item, (*here, i)))
        elif isinstance(value, dict):  # e.g. progress by quarter
            for k, item in value.items():
                if isinstance(item, str) and translated:
                    out.append((*here, k))
                else:
                    out.extend(text_paths(item, (*here, k)))
        else:
            out.extend(text_paths(value, here))
    return out


def _is_text(tp: Any) -> bool:
    if typing.get_origin(tp) is typing.Annotated:
        return TRANSLATED in typing.get_args(tp)[1:]
    return any(_is_text(a) for a in typing.get_args(tp))
