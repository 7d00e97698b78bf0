"""Numbers and dates as text, the way each language writes them.

French writes ``1 234,5`` (narrow no-break space, decimal comma) and ``24 %``;
English ``1,234.5`` and ``24%``. Dates are dd/mm/yyyy in both, as PMOs in both
languages read them. Every message, slide and inline figure goes through here.
"""

from __future__ import annotations

import datetime as dt
import math

NARROW_NBSP = "\u202f"
DASH = "—"  # a missing value
LANGUAGES = ("en", "fr")


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return False


def number(value: float, lang: str, decimals: int | None = None, *, signed: bool = False
           ) -> str:
    """``value`` with the language's separators. ``decimals=None`` keeps what the value
    needs: one decimal under 100 when it has one, none otherwise."""
    if is_missing(value) or math.isinf(float(value)):
        return DASH
    v = float(value)
    if decimals is None:
        decimals = 0 if abs(v) >= 100 or round(v, 1).is_integer() else 1
    if round(v, decimals) == 0:
        v = 0.0  # never "-0"
    text = f"{v:{'+' if signed else ''},.{decimals}f}"
    if lang == "fr":
        text = text.replace(".", "\x00").replace(",", NARROW_NBSP).replace("\x00", ",")
    return text


def whole(value: float, lang: str, *, signed: bool = False) -> str:
    return number(value, lang, 0, signed=signed)


def money(value: float, lang: str, currency: str, *, signed: bool = False) -> str:
    """An amount with its currency: ``1,234 €`` (EN), ``1 234 €`` (FR)."""
    return f"{whole(value, lang, signed=signed)}\u00a0{currency}"


def listing(items: list[str], lang: str) -> str:
    """Items joined by semicolons, the French way with a no-break space before (a line
    never starts with ";")."""
    return pick(("; ", "\u00a0; "), lang).join(items)


def percent(value: float, lang: str, *, signed: bool = False, decimals: int = 0) -> str:
    """A fraction as a percentage: ``0.24`` -> ``24%`` (EN), ``24 %`` (FR)."""
    if is_missing(value):
        return DASH
    body = number(float(value) * 100, lang, decimals, signed=signed)
    return f"{body}{NARROW_NBSP}%" if lang == "fr" else f"{body}%"


def date(value: object, pattern: str = "%d/%m/%Y") -> str:
    """dd/mm/yyyy (both languages), "—" when missing; ISO text (a finding's parameter)
    or a date."""
    if is_missing(value):
        return DASH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return format(value, pattern)


def month(value: object) -> str:
    """mm/yyyy, as a PM names a month of the workload."""
    return date(value, "%m/%Y")


def pick(pair: tuple[str, str], lang: str) -> str:
    """The French or English one of an (en, fr) pair."""
    return pair[1] if lang == "fr" else pair[0]
