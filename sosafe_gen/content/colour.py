"""Colours a partnership chooses, held to WCAG 2.2's contrast rules before they reach a page."""

from __future__ import annotations

WHITE = "#ffffff"
BLACK = "#000000"
TEXT_CONTRAST = 4.5
"""WCAG 2.2 1.4.3 (AA): normal text against its background."""


def rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def luminance(hex_colour: str) -> float:
    """Relative luminance, as WCAG defines it."""

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, share_of_b: float) -> str:
    """`a` with `share_of_b` of `b` mixed in: a lighter or darker shade of a brand colour."""
    out = (round(x + (y - x) * share_of_b) for x, y in zip(rgb(a), rgb(b), strict=True))
    return "#" + "".join(f"{v:02x}" for v in out)
