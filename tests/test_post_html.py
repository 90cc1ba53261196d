"""fix_page: the theme fixes applied to each page's HTML after Material renders it."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from sosafe_gen.render.post_html import fix_page

MATERIAL = Path(material.__file__).parent / "templates"

# --- Material's markup, as Material 9.8.2 renders it for this site ------------------------------

TOGGLES = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
    '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n'
)
TOGGLES_FIXED = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
    '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">\n'
)
SEARCH_BOX = (
    '<input type="text" class="md-search__input" name="query" aria-label="Search" '
    'placeholder="Search" autocapitalize="off" autocorrect="off" autocomplete="off" '
    'spellcheck="false" data-md-component="search-query" required>'
)
MENU_BUTTON = (
    '    <label class="md-header__button md-icon" for="__drawer">\n'
    "      \n"
    '      <svg viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>\n'
    "    </label>\n"
)
MENU_BUTTON_FIXED = (
    '    <label class="md-header__button md-icon" for="__drawer" tabindex="0">\n'
    '      <span class="sosafe-visually-hidden">Navigation</span>\n'
    "      \n"
    '      <svg viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>\n'
    "    </label>\n"
)
PRIMARY_NAV = (
    '<nav class="md-nav md-nav--primary" aria-label="Navigation" data-md-level="0">\n'
    '  <label class="md-nav__title" for="__drawer">Site</label>\n'
    "</nav>\n"
)
TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n'
TOC_TITLE = (
    '    <label class="md-nav__title" for="__toc">\n'
    '      <span class="md-nav__icon md-icon"></span>\n'
    "      Table of contents\n"
    "    </label>\n"
)
TOC_TITLE_DIV = (
    '    <div class="md-nav__title">\n'
    '      <span class="md-nav__icon md-icon"></span>\n'
    "      Table of contents\n"
    "    </div>\n"
)
ACTIVE_TOC_LINK = '<label class="md-nav__link md-nav__link--active" for="__toc">Home</label>\n'


def page(*parts: str) -> str:
    return "<!doctype html>\n<html><body>\n" + "".join(parts) + "</body></html>\n"


# --- 1. checkbox toggles lose autocomplete="off" ------------------------------------------------


def test_materials_toggles_lose_autocomplete_off() -> None:
    assert fix_page(page(TOGGLES)) == page(TOGGLES_FIXED)


def test_search_box_keeps_autocomplete_off() -> None:
    assert fix_page(page(SEARCH_BOX)) == page(SEARCH_BOX)


@pytest.mark.parametrize(
    "tag",
    [
        '<input type="text" autocomplete="off">',
        '<input type="search" name="q" autocomplete="off">',
        '<input type="email" autocomplete="email">',
        '<input autocomplete="off">',  # no type: a text input
        '<input type="checkboxes" autocomplete="off">',
        '<input type="checkbox" autocomplete="on">',  # only "off" is ours to drop
        '<input type="text" data-note="type=checkbox" autocomplete="off">',
        '<input type="text" title="a type=checkbox" autocomplete="off">',
        '<input type="text" type="checkbox" autocomplete="off">',  # the first type counts
        '<textarea autocomplete="off"></textarea>',
        '<form autocomplete="off"><select autocomplete="off"></select></form>',
        '<p>Set <code>&lt;input type="checkbox" autocomplete="off"&gt;</code> by hand.</p>',
    ],
)
def test_other_inputs_with_autocomplete_are_untouched(tag: str) -> None:
    assert fix_page(page(tag)) == page(tag)


@pytest.mark.parametrize(
    ("tag", "fixed"),
    [
        ("<input type=checkbox autocomplete=off>", "<input type=checkbox>"),
        ("<INPUT TYPE='checkbox' AUTOCOMPLETE='off' id=x>", "<INPUT TYPE='checkbox' id=x>"),
        (
            '<input autocomplete="off" title="a > b" type="checkbox" />',
            '<input title="a > b" type="checkbox" />',
        ),
    ],
)
def test_any_checkbox_loses_autocomplete_off(tag: str, fixed: str) -> None:
    assert fix_page(page(tag)) == page(fixed)


# --- 2. the header's menu button is keyboard-reachable and named ---------------------------------


def test_menu_button_gets_tabindex_and_the_navigations_name() -> None:
    assert fix_page(page(MENU_BUTTON, PRIMARY_NAV)) == page(MENU_BUTTON_FIXED, PRIMARY_NAV)


def test_menu_button_name_follows_the_sites_language() -> None:
    nav = PRIMARY_NAV.replace('aria-label="Navigation"', 'aria-label="Llywio"')
    fixed = fix_page(page(MENU_BUTTON, nav))
    assert '<span class="sosafe-visually-hidden">Llywio</span>' in fixed
    assert "Navigation" not in fixed


def test_menu_button_name_from_a_lifted_primary_nav() -> None:
    nav = PRIMARY_NAV.replace("md-nav--primary", "md-nav--primary md-nav--lifted")
    assert fix_page(page(MENU_BUTTON, nav)) == page(MENU_BUTTON_FIXED, nav)


@pytest.mark.parametrize(
    "nav",
    [
        "",  # no primary navigation: nothing to name the button after
        PRIMARY_NAV.replace('aria-label="Navigation"', 'aria-label=""'),
        PRIMARY_NAV.replace("md-nav--primary", "md-nav--secondary"),
    ],
)
def test_menu_button_without_a_name_is_left_alone(nav: str) -> None:
    assert fix_page(page(MENU_BUTTON, nav)) == page(MENU_BUTTON, nav)


def test_other_drawer_labels_are_untouched() -> None:
    overlay = '<label class="md-overlay" for="__drawer"></label>\n'
    assert fix_page(page(overlay, PRIMARY_NAV)) == page(overlay, PRIMARY_NAV)


# --- 3. the table of contents title is a label only when its control exists ------------------------


def test_toc_title_without_its_toggle_becomes_a_div() -> None:
    assert fix_page(page(TOC_TITLE)) == page(TOC_TITLE_DIV)


def test_toc_title_with_its_toggle_stays_a_label() -> None:
    # A page in the nav: nav-item.html renders the toggle and the toc twice.
    html = page(TOC_TOGGLE, ACTIVE_TOC_LINK, TOC_TITLE, TOC_TITLE)
    assert fix_page(html) == html


def test_every_toc_title_of_a_page_without_toggle_becomes_a_div() -> None:
    assert fix_page(page(TOC_TITLE, "<p>x</p>\n", TOC_TITLE)) == page(
        TOC_TITLE_DIV, "<p>x</p>\n", TOC_TITLE_DIV
    )


@pytest.mark.parametrize(
    "html",
    [
        '<label class="md-nav__title" for="__nav_2"><span></span>Strategies</label>',
        '<label class="md-nav__title" for="__drawer">Site</label>',
        '<label class="md-nav__link md-nav__link--active" for="__toc">Home</label>',
        '<p id="__toc">A heading with that id is not the toggle.</p>',
    ],
)
def test_other_labels_are_untouched(html: str) -> None:
    assert fix_page(page(html)) == page(html)


def test_a_toc_label_never_swallows_a_following_label() -> None:
    broken = '<label class="md-nav__title" for="__toc">Contents<label for="x">X</label>'
    assert fix_page(page(broken)) == page(broken)


# --- all fixes together ----------------------------------------------------------------------------

WHOLE_PAGE = page(TOGGLES, MENU_BUTTON, SEARCH_BOX, "\n", PRIMARY_NAV, TOC_TITLE)
WHOLE_PAGE_FIXED = page(
    TOGGLES_FIXED, MENU_BUTTON_FIXED, SEARCH_BOX, "\n", PRIMARY_NAV, TOC_TITLE_DIV
)


def test_all_fixes_on_one_page() -> None:
    assert fix_page(WHOLE_PAGE) == WHOLE_PAGE_FIXED


@pytest.mark.parametrize(
    "html",
    [
        WHOLE_PAGE,
        page(TOC_TOGGLE, ACTIVE_TOC_LINK, TOC_TITLE, MENU_BUTTON, PRIMARY_NAV, TOGGLES),
        page(MENU_BUTTON),
        page(TOC_TITLE),
        page(TOGGLES, SEARCH_BOX),
    ],
)
def test_fix_page_is_idempotent(html: str) -> None:
    once = fix_page(html)
    assert fix_page(once) == once


@pytest.mark.parametrize(
    "html",
    ["", "plain text", page("<main><h1>Title</h1><p>Nothing to fix.</p></main>\n"), "<input"],
)
def test_pages_without_materials_markup_are_unchanged(html: str) -> None:
    assert fix_page(html) == html


# --- the installed Material still writes what each fix looks for -----------------------------------
# If one of these fails, Material changed its markup: the fix no longer applies (pages still
# build). Adapt the pattern in post_html.py to the new markup, or drop the fix if Material fixed it.


@pytest.mark.parametrize(
    ("template", "markup"),
    [
        ("base.html", 'type="checkbox" id="__drawer" autocomplete="off">'),
        ("base.html", 'type="checkbox" id="__search" autocomplete="off">'),
        ("partials/header.html", '<label class="md-header__button md-icon" for="__drawer">\n'),
        ("partials/nav.html", "aria-label=\"{{ lang.t('nav') }}\""),
        ("partials/nav.html", '{% set class = "md-nav md-nav--primary" %}'),
        ("partials/toc.html", '<label class="md-nav__title" for="__toc">'),
        (
            "partials/nav-item.html",
            '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
        ),
    ],
)
def test_material_still_writes_the_markup_each_fix_targets(template: str, markup: str) -> None:
    assert markup in (MATERIAL / template).read_text()
