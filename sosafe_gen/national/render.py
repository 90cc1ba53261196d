"""The index's planned pages to Markdown through the package's templates (`national_*`),
with the same Jinja set-up, filters and sanitised Markdown as a partnership's pages."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from ..content import model as m
from ..content.delivery import STATUS_LABELS, status_label
from ..content.i18n import N_, translations
from ..content.text import number
from ..render.markup import heading_text, markdown_to_html, md, md_inline
from ..render.renderer import MemoryBytecodeCache, fast_gettext
from ..render.status import status_sentence
from ..site.pages import Page, action_anchor
from .plan import DELIVERY, HOME, PARTNERSHIPS, THEMES, NationalSite, theme_words

_COMPILED = MemoryBytecodeCache()


def render_index(site: NationalSite) -> dict[str, str]:
    """Every planned page's Markdown, by path."""
    env = Environment(
        loader=ChoiceLoader([PackageLoader("sosafe_gen.render", "templates")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        comment_start_string="{##",
        comment_end_string="##}",
        bytecode_cache=_COMPILED,
        extensions=["jinja2.ext.i18n"],
    )
    words = translations(site.lang)
    env.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_=fast_gettext(words.gettext), gettext=fast_gettext(words.gettext))
    env.filters.update(
        md=md,
        md_inline=md_inline,
        h=heading_text,
        number=number,
        counted=site.counted,
        tojson_attr=lambda v: Markup(json.dumps(v, ensure_ascii=False)),
    )
    env.globals.update(
        link=_link,
        site=site,
        lang=site.lang,
        pages={"home": HOME, "partnerships": PARTNERSHIPS, "themes": THEMES, "delivery": DELIVERY},
        action_anchor=action_anchor,
        status_sentence=lambda t: status_sentence(t, "the", site._),
        status_label=lambda value: site._(status_label(value)),
        statuses=list(STATUS_LABELS),
        theme_words=theme_words,
        fetched=site.date,
    )
    return {p.src_uri: _render(env, p) for p in site.pages}


def _render(env: Environment, page: Page) -> str:
    template = env.get_template(f"{page.template}.md.j2")
    return template.render(page=page, alternates=[], **page.data)


@pass_context
def _link(ctx: Any, to_src: str, anchor: str | None = None) -> str:
    return ctx["site"].link(ctx["page"].src_uri, to_src, anchor)


CLEAR_HISTORY = N_(
    "If you are worried that someone may check what you have looked at online, you can clear "
    "your browsing history, or use a private or incognito window. Search online for “clear "
    "browsing history” and the name of your browser for step-by-step help."
)


def theme_settings(site: NationalSite) -> dict[str, Any]:
    """What the packaged theme reads from `config.extra.sosafe` (render/theme.py makes the
    same for a partnership's site): the index's name, its sensitive themes, the quick exit."""
    _ = site._
    safety = m.Safety(clear_history=_(CLEAR_HISTORY))
    label = _(safety.exit_label)
    return {
        "site_name": site.title,
        "made_with": _("Made with"),
        "feed": None,
        "sensitive_themes": sorted(tid for tid, a in site.themes.items() if a.sensitive),
        "safety": {
            "exit_url": safety.exit_url,
            "exit_label": label,
            "exit_note": _(
                "The “%(label)s” link at the top of the page leaves this website at once; "
                "pressing the Shift key three times does the same."
            )
            % {"label": label},
            "clear_history_html": markdown_to_html(safety.clear_history),
            "press_one": _("Shift, press 1 more time to exit."),
            "press_many": _("Shift, press %(n)s more times to exit."),
        },
        "footer_links": [],
    }


def nav(site: NationalSite) -> list[dict[str, str]]:
    """The index's nav: its four section pages (detail pages are reached from them)."""
    _ = site._
    return [
        {_("Home"): HOME},
        {_("Partnerships"): PARTNERSHIPS},
        {_("Themes"): THEMES},
        {_("Delivery by status"): DELIVERY},
    ]
