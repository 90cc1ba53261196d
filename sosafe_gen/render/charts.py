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


def chart_svg(series: m.Series, display: Display, threshold: int, uid: str, colour: str) -> str:
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
    title = f"Chart: {series.title}" + (f" ({series.period})" if series.period else "")
    desc = summary(series, display, threshold)
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


def _reading(series: m.Series, rose: bool) -> str:
    """How the source reads a rise or a fall; nothing when it gives no reading."""
    if series.rise_is == "neutral":
        return ""
    good = (series.rise_is == "good") == rose
    return ", an improvement" if good else ", a worsening"


def summary(series: m.Series, display: Display, threshold: int) -> str:
    """One sentence a screen-reader user hears instead of looking at the chart."""
    points = ordered_points(series)
    if len(points) == 1:
        p = points[0]
        text = display(series, p.value)
        if series.unit == "percent_change":
            word = "rose" if p.value > 0 else "fell" if p.value < 0 else "did not change"
            return f"{p.label} {word} by {text.lstrip('+-')}{_reading(series, p.value > 0)}."
        return f"{p.label}: {text}."
    if series.unit == "percent_change":
        ups = [p for p in points if p.value > 0]
        downs = [p for p in points if p.value < 0]
        parts = [f"{len(ups)} of {len(points)} measures rose and {len(downs)} fell"]
        if ups:
            top = max(ups, key=lambda p: p.value)
            parts.append(f"the largest rise was {top.label} ({display(series, top.value)})")
        if downs:
            low = min(downs, key=lambda p: p.value)
            parts.append(f"the largest fall was {low.label} ({display(series, low.value)})")
        return "; ".join(parts) + "."
    if series.axis == "time":
        first, last = points[0], points[-1]
        if any(suppressed(series, p.value, threshold) for p in (first, last)):
            return (
                f"{len(points)} values from {first.label} to {last.label}; "
                "small counts are not shown."
            )
        rose = last.value > first.value
        word = "rose" if rose else "fell" if last.value < first.value else "stayed"
        return (
            f"From {first.label} to {last.label} the figure {word} from "
            f"{display(series, first.value)} to {display(series, last.value)}"
            f"{_reading(series, rose) if word != 'stayed' else ''}."
        )
    shown = [p for p in points if not suppressed(series, p.value, threshold)]
    if not shown:
        return f"{len(points)} values, all small counts that are not shown."
    top = max(shown, key=lambda p: p.value)
    low = min(shown, key=lambda p: p.value)
    return (
        f"{len(points)} values; the highest is {top.label} ({display(series, top.value)}) "
        f"and the lowest is {low.label} ({display(series, low.value)})."
    )
