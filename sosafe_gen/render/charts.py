"""Figures as accessible charts, drawn at build time as inline SVG, plus CSV.

No JavaScript: the chart is an image with a title and description, each bar carries
its value in text (colour is never the only cue), and the numbers sit beside it in
an HTML table. Percentage changes are drawn from a zero line, as changes.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..content import model as m
from ..content.record import ordered_points

Display = Callable[[m.Series, float], str]

WIDTH = 640
ROW = 46
TOP = 12
LABEL_X = 4
BAR_H = 16
RISE = "#1d4f91"  # 8.6:1 on white
FALL = "#6b2c91"  # 8.9:1 on white
AXIS = "#595959"


def suppressed(series: m.Series, value: float, threshold: int) -> bool:
    return series.people and value < threshold


def _same(message: str) -> str:
    return message


Words = Callable[[str], str]
"""gettext for the page's language."""


def chart_svg(
    series: m.Series,
    display: Display,
    threshold: int,
    uid: str,
    colour: str,
    _: Words = _same,
) -> str:
    """The chart; levels are drawn in the partnership's colour (checked for contrast)."""
    points = ordered_points(series)
    change = series.unit == "percent_change"
    values = [0.0 if suppressed(series, p.value, threshold) else p.value for p in points]
    biggest = max((abs(v) for v in values), default=0.0) or 1.0
    height = TOP + ROW * len(points) + 8
    if change:
        zero, span = WIDTH / 2, WIDTH / 2 - 70
    else:
        zero, span = LABEL_X, WIDTH - LABEL_X - 110
    title = _("Chart: %(title)s") % {"title": series.title} + (
        f" ({series.period})" if series.period else ""
    )
    desc = summary(series, display, threshold, _)
    out = [
        f'<svg class="sosafe-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{uid}-title {uid}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="14" font-family="sans-serif">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]
    for i, (p, v) in enumerate(zip(points, values, strict=True)):
        y = TOP + i * ROW
        out.append(f'<text x="{LABEL_X}" y="{y + 13}" fill="#1f1f1f">{escape(p.label)}</text>')
        bar_y = y + 20
        length = abs(v) / biggest * span
        text = display(series, p.value)
        if suppressed(series, p.value, threshold):
            out.append(
                f'<text x="{zero + 4:.1f}" y="{bar_y + 13}" fill="#1f1f1f" '
                f'font-style="italic">{escape(text)}</text>'
            )
            continue
        if change and v < 0:
            x, fill, tx, anchor = zero - length, FALL, zero - length - 6, "end"
        else:
            x, fill, tx, anchor = zero, RISE if change else colour, zero + length + 6, "start"
        out.append(
            f'<rect x="{x:.1f}" y="{bar_y}" width="{max(length, 1):.1f}" '
            f'height="{BAR_H}" fill="{fill}"/>'
        )
        out.append(
            f'<text x="{tx:.1f}" y="{bar_y + 13}" text-anchor="{anchor}" '
            f'fill="#1f1f1f" font-weight="bold">{escape(text)}</text>'
        )
    if change:
        out.append(
            f'<line x1="{zero}" y1="{TOP}" x2="{zero}" y2="{height - 4}" '
            f'stroke="{AXIS}" stroke-width="2"/>'
        )
    out.append("</svg>")
    return "".join(out)


def _reading(series: m.Series, rose: bool, _: Words = _same) -> str:
    """How the source reads a rise or a fall; nothing when it gives no reading."""
    if series.rise_is == "neutral":
        return ""
    good = (series.rise_is == "good") == rose
    return _(", an improvement") if good else _(", a worsening")


def summary(series: m.Series, display: Display, threshold: int, _: Words = _same) -> str:
    """One sentence a screen-reader user hears instead of looking at the chart (`_` gives
    each sentence in the page's language)."""
    points = ordered_points(series)
    if len(points) == 1:
        p = points[0]
        text = display(series, p.value)
        if series.unit == "percent_change":
            values = {"label": p.label, "by": text.lstrip("+-")}
            reading = _reading(series, p.value > 0, _)
            if p.value > 0:
                return _("%(label)s rose by %(by)s") % values + reading + "."
            if p.value < 0:
                return _("%(label)s fell by %(by)s") % values + reading + "."
            return _("%(label)s did not change by %(by)s") % values + reading + "."
        return _("%(label)s: %(value)s.") % {"label": p.label, "value": text}
    if series.unit == "percent_change":
        ups = [p for p in points if p.value > 0]
        downs = [p for p in points if p.value < 0]
        parts = [
            _("%(ups)s of %(n)s measures rose and %(downs)s fell")
            % {"ups": len(ups), "n": len(points), "downs": len(downs)}
        ]
        if ups:
            top = max(ups, key=lambda p: p.value)
            parts.append(
                _("the largest rise was %(label)s (%(value)s)")
                % {"label": top.label, "value": display(series, top.value)}
            )
        if downs:
            low = min(downs, key=lambda p: p.value)
            parts.append(
                _("the largest fall was %(label)s (%(value)s)")
                % {"label": low.label, "value": display(series, low.value)}
            )
        return "; ".join(parts) + "."
    if series.axis == "time":
        first, last = points[0], points[-1]
        ends = {"n": len(points), "first": first.label, "last": last.label}
        if any(suppressed(series, p.value, threshold) for p in (first, last)):
            return _("%(n)s values from %(first)s to %(last)s; small counts are not shown.") % ends
        values = {
            **ends,
            "from": display(series, first.value),
            "to": display(series, last.value),
        }
        if last.value == first.value:
            return (
                _("From %(first)s to %(last)s the figure stayed from %(from)s to %(to)s.") % values
            )
        rose = last.value > first.value
        sentence = (
            _("From %(first)s to %(last)s the figure rose from %(from)s to %(to)s")
            if rose
            else _("From %(first)s to %(last)s the figure fell from %(from)s to %(to)s")
        )
        return sentence % values + _reading(series, rose, _) + "."
    shown = [p for p in points if not suppressed(series, p.value, threshold)]
    if not shown:
        return _("%(n)s values, all small counts that are not shown.") % {"n": len(points)}
    top = max(shown, key=lambda p: p.value)
    low = min(shown, key=lambda p: p.value)
    return _(
        "%(n)s values; the highest is %(top)s (%(top_value)s) "
        "and the lowest is %(low)s (%(low_value)s)."
    ) % {
        "n": len(points),
        "top": top.label,
        "top_value": display(series, top.value),
        "low": low.label,
        "low_value": display(series, low.value),
    }
