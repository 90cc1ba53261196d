"""Accessibility and HTML-validity fixes applied to each page after the theme renders it.

Material for MkDocs puts the markup these fixes change outside any Jinja block that
the package's ``material/main.html`` can override (``base.html`` itself, or partials included inside
blocks), so the only other way to change it is to copy Material's whole template, which
goes stale with every Material release. Instead the page is rendered by Material's own,
current templates and :func:`fix_page` changes the few tags concerned afterwards.

Each fix matches one exact piece of Material's markup and leaves the page alone when the
markup is not there (an older or newer Material, another theme), so a Material release can
at worst make a fix stop applying, never break a page. Each is idempotent: a fixed page is
returned unchanged. Standard library only, no MkDocs import: the generator's adapter calls
it (MkDocs: ``on_post_page`` and ``on_post_template``).
"""

from __future__ import annotations

import re

__all__ = ["fix_page"]

# An attribute value may contain ">" inside quotes; the tag ends at the first ">" outside them.
_TAG_BODY = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""

_INPUT = re.compile(rf"<input\b{_TAG_BODY}>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""(\s+)([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")

_DRAWER_BUTTON = re.compile(
    r'<label class="md-header__button md-icon" for="__drawer">(\r?\n[ \t]*)?'
)
_PRIMARY_NAV_NAME = re.compile(
    r'<nav\b[^>]*?\sclass="[^"]*\bmd-nav--primary\b[^"]*"[^>]*?\saria-label="([^"]*)"'
)

_TOC_TOGGLE = re.compile(rf'<input\b{_TAG_BODY}?\sid=(["\']?)__toc\1(?=[\s/>])', re.IGNORECASE)
_TOC_TITLE = re.compile(
    r'<label class="md-nav__title" for="__toc">((?:(?!</?label\b).)*?)</label>', re.DOTALL
)


def fix_page(html: str) -> str:
    """Return the page ``html`` with the fixes below applied; unchanged if none applies.

    1. **Checkbox toggles lose ``autocomplete="off"``.** Material's ``base.html`` writes
       ``autocomplete="off"`` on its ``__drawer`` and ``__search`` checkboxes, outside any
       block. HTML allows ``autocomplete`` only on text-like inputs (and ``hidden``, ``select``,
       ``textarea``, ``form``), so the Nu Html Checker reports an error on every page. Only the
       value ``off`` on ``<input type="checkbox">`` is removed; other inputs (Material's search
       box keeps its ``autocomplete="off"``) are untouched. Material added it so that Firefox
       does not restore a toggle's checked state on reload; without it Firefox may reopen
       the drawer or search after a reload.
    2. **The header's menu button is keyboard-reachable and named.** Material's
       ``partials/header.html`` renders ``<label class="md-header__button md-icon"
       for="__drawer">`` holding only an icon: a mouse opens the navigation drawer with it on
       small screens, but a label is not focusable and the icon has no text. It gains
       ``tabindex="0"`` (Material's JavaScript opens the drawer when Enter is pressed on it)
       and a visually hidden name, ``<span class="sosafe-visually-hidden">``, styled in
       the package's ``sosafe.css``. The name is the primary navigation's own ``aria-label``
       (Material's ``lang.t("nav")``, "Navigation"), read from the same page, so it follows the
       site's language; if the page has no primary navigation the button is left as it is,
       since focusable without a name would be worse.
    3. **The table of contents title is a label only when its control exists.** Material's
       ``partials/toc.html`` renders ``<label class="md-nav__title" for="__toc">``, but the
       ``__toc`` checkbox is rendered only by ``partials/nav-item.html`` for a page that is
       in the nav. On pages outside the nav (the site's detail pages) the label points at a
       missing control, which is invalid HTML; there it becomes a ``<div>`` with the same class
       and content, so it looks the same.
    """
    html = _INPUT.sub(_without_checkbox_autocomplete, html)
    html = _name_drawer_button(html)
    if not _TOC_TOGGLE.search(html):
        html = _TOC_TITLE.sub(r'<div class="md-nav__title">\1</div>', html)
    return html


def _without_checkbox_autocomplete(match: re.Match[str]) -> str:
    tag = match.group(0)
    attributes = list(_ATTRIBUTE.finditer(tag, len("<input")))
    values: dict[str, str] = {}
    for attribute in attributes:  # as in HTML, the first of a repeated attribute counts
        values.setdefault(attribute.group(2).lower(), (attribute.group(3) or "").strip("\"'"))
    if values.get("type", "").lower() != "checkbox":
        return tag
    for attribute in attributes:
        name, value = attribute.group(2).lower(), (attribute.group(3) or "").strip("\"'")
        if name == "autocomplete" and value.lower() == "off":
            tag = tag[: attribute.start()] + tag[attribute.end() :]
            break
    return tag


def _name_drawer_button(html: str) -> str:
    if "md-header__button" not in html:
        return html
    nav = _PRIMARY_NAV_NAME.search(html)
    if nav is None or not nav.group(1).strip():
        return html
    name = nav.group(1)

    def replace(match: re.Match[str]) -> str:
        space = match.group(1) or ""  # the line break and indentation Material wrote
        return (
            '<label class="md-header__button md-icon" for="__drawer" tabindex="0">'
            f'{space}<span class="sosafe-visually-hidden">{name}</span>{space}'
        )

    return _DRAWER_BUTTON.sub(replace, html, count=1)
