"""Records as the site publishes them: officers' names left out unless the config shows
them, small counts of people suppressed (`Site.display_value`'s rule), as on the pages."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..content import model as m
from .pages import Options, Site


class PublishedPoint(m.Point):
    """A figure's point as published: a suppressed value is absent, with the reason."""

    value: float | None  # type: ignore[assignment]
    value_text: str
    """The value as the site shows it (a suppressed count reads "fewer than N")."""
    suppressed: bool = False
    """True when the value is a small count of people, withheld as on the pages."""


class PublishedSeries(m.Series):
    points: list[PublishedPoint] = Field(min_length=1)  # type: ignore[assignment]
    """The values as published, in the source's order."""


def published_series(s: m.Series, site: Site) -> PublishedSeries:
    """Suppress small counts of people with the same rule the pages use."""
    points = []
    for pt in s.points:
        shown = site.display_value(s, pt.value)
        hidden = s.people and pt.value < site.options.small_count_threshold
        points.append(
            PublishedPoint(
                **{**dict(pt), "value": None if hidden else pt.value},
                value_text=shown,
                suppressed=hidden,
            )
        )
    return PublishedSeries(**{**dict(s), "points": points})


def published(obj: Any, options: Options) -> Any:
    """A copy without officers' names unless the config shows them (unchanged parts shared)."""
    if options.show_officer_names:
        return obj
    if isinstance(obj, BaseModel):
        changed = {}
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            new = published(value, options)
            if new is not value:
                changed[name] = new
        if isinstance(obj, m.Lead) and obj.person:
            changed["person"] = None
        if isinstance(obj, m.Officer):
            changed.update({f: None for f in m.Officer.PERSONAL if getattr(obj, f) is not None})
        return obj.model_copy(update=changed) if changed else obj
    if isinstance(obj, list):
        items = [published(v, options) for v in obj]
        return items if any(a is not b for a, b in zip(items, obj, strict=True)) else obj
    return obj
