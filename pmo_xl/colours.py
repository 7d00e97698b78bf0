"""Colour arithmetic for readable outputs (WCAG 2): what text colour reads on what fill.

Pure functions on ``RRGGBB`` hex strings, used where a colour is decided: the tones of
the contract (chips, bars, cells) and the deck on a company's template, light or dark.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

BLACK, WHITE = "000000", "FFFFFF"
AA_NORMAL, AA_LARGE = 4.5, 3.0  # WCAG 2 AA: body text; text from 18 pt (14 pt bold)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.strip().lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def hex_of(r: float, g: float, b: float) -> str:
    return "".join(f"{max(0, min(255, round(v))):02X}" for v in (r, g, b))


@lru_cache(maxsize=4096)
def luminance(hex_colour: str) -> float:
    """WCAG relative luminance (0 black – 1 white)."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 – 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@lru_cache(maxsize=4096)  # a deck asks the same few fills thousands of times
def readable_on(fill: str, preferred: tuple[str, ...] = (), minimum: float = AA_NORMAL) -> str:
    """The first of ``preferred`` that reaches ``minimum`` contrast on ``fill``, else black
    or white, whichever contrasts more (one of them always reaches 4.5:1)."""
    for colour in preferred:
        if contrast(colour, fill) >= minimum:
            return colour
    return max((BLACK, WHITE), key=lambda c: contrast(c, fill))


def is_dark(fill: str) -> bool:
    """White text reads better than black on it."""
    return contrast(WHITE, fill) > contrast(BLACK, fill)


def with_luminance(hex_colour: str, lum_mod: float = 1.0, lum_off: float = 0.0) -> str:
    """DrawingML's lumMod / lumOff (fractions): the HSL lightness scaled, then offset."""
    r, g, b = (v / 255 for v in rgb(hex_colour))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    lightness = min(max(lightness * lum_mod + lum_off, 0.0), 1.0)
    return hex_of(*(v * 255 for v in colorsys.hls_to_rgb(h, lightness, s)))


def mix(a: str, b: str, share_of_b: float) -> str:
    """``a`` moved towards ``b`` (DrawingML tint: towards white; shade: towards black)."""
    return hex_of(*(x + (y - x) * share_of_b for x, y in zip(rgb(a), rgb(b), strict=True)))
