"""What the packaged Material theme needs from the content: the quick exit's wording, which
themes are sensitive, the footer's links and the feed (`config.extra.sosafe`), and the
partnership's colours as a stylesheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..content import model as m
from ..content.colour import BLACK, TEXT_CONTRAST, WHITE, contrast, mix
from ..content.record import Content
from ..site.news import FEED_SRC
from ..site.pages import Options, Site
from ..site.public import ACCESSIBILITY, ARCHIVE
from .markup import markdown_to_html

THEME_DIR = Path(__file__).parent / "material"
"""Templates that extend Material (quick exit, print, British English, footer links) and the
stylesheets and script they use; registered by the plugin ahead of Material's own."""
PARTNERSHIP_CSS = "assets/sosafe-partnership.css"
SOSAFE_CSS = "assets/sosafe.css"


def theme_extra(content: Content, use_directory_urls: bool = True) -> dict[str, Any]:
    """Settings for the theme override (`config.extra.sosafe`), in the partnership's words."""
    p = content.partnership
    prefix = "" if content.lang == content.languages[0] else content.lang + "/"
    site = Site(content, Options(use_directory_urls=use_directory_urls), prefix=prefix)
    _ = site._
    links = [{"title": _("Archive"), "url": site.url(prefix + ARCHIVE)}]
    if p.accessibility:
        links.append(
            {"title": _("Accessibility statement"), "url": site.url(prefix + ACCESSIBILITY)}
        )
    # Feed readers and browsers find the updates feed from any page's head.
    feed = (
        {"url": prefix + FEED_SRC, "title": _("%(name)s: updates") % {"name": p.full_name}}
        if content.updates
        else None
    )
    exit_label = p.safety.exit_label
    if exit_label == m.Safety.model_fields["exit_label"].default:
        exit_label = _(exit_label)  # GOV.UK's wording in each language
    return {
        "site_name": p.full_name,
        "made_with": _("Made with"),  # Material's credit in the footer
        "feed": feed,
        "sensitive_themes": [t.id for t in content.themes.values() if t.sensitive],
        "safety": {
            "exit_url": p.safety.exit_url,
            "exit_label": exit_label,
            "exit_note": _(
                "The “%(label)s” link at the top of the page leaves this website at once; "
                "pressing the Shift key three times does the same."
            )
            % {"label": exit_label},
            "clear_history_html": markdown_to_html(p.safety.clear_history),
            # What the quick exit says while Shift is pressed (sosafe-exit.js).
            "press_one": _("Shift, press 1 more time to exit."),
            "press_many": _("Shift, press %(n)s more times to exit."),
        },
        "footer_links": links,
    }


def partnership_css(brand: m.Brand) -> str:
    """Material's colour variables from the partnership's brand (checked for contrast)."""
    light = next(
        shade
        for share in (0.18, 0.12, 0.06, 0.0)
        if contrast(shade := mix(brand.colour, WHITE, share), WHITE) >= TEXT_CONTRAST
    )
    return (
        "/* The partnership's colours, from brand: in partnership.yml (made by sosafe). */\n"
        ":root {\n"
        f"  --md-primary-fg-color: {brand.colour};\n"
        f"  --md-primary-fg-color--light: {light};\n"
        f"  --md-primary-fg-color--dark: {mix(brand.colour, BLACK, 0.3)};\n"
        f"  --md-primary-bg-color: {WHITE};\n"
        f"  --md-accent-fg-color: {brand.accent or brand.colour};\n"
        "}\n"
    )
