"""How each kind of figure is shown: Excel number format, column width, unit, text.

One table for every output: the master's cells take ``excel``, a slide or a message
takes ``text``, a header or a sentence takes ``unit``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pmo_xl.schema import text
from pmo_xl.schema.model import Kind


@dataclass(frozen=True)
class Format:
    excel: str  # Excel number format
    width: float  # column width in the master, in characters
    unit: tuple[str, str] = ("", "")  # (EN, FR) short unit after an inline value
    show: Callable[[float, str, bool], str] | None = None  # number -> text (lang, signed)


def _number(decimals: int | None) -> Callable[[float, str, bool], str]:
    return lambda v, lang, signed: text.number(v, lang, decimals, signed=signed)


FORMATS: dict[Kind, Format] = {
    Kind.TEXT: Format("General", 16),
    Kind.NOTE: Format("General", 40),
    Kind.DATE: Format("dd/mm/yyyy", 12),
    Kind.MONTH: Format("mmm yyyy", 10),
    Kind.EFFORT: Format("#,##0.0", 10, ("d", "j/h"), _number(None)),
    Kind.DAYS: Format("0", 8, ("d", "j"), _number(0)),
    Kind.MONEY: Format("#,##0", 12, show=_number(0)),
    Kind.PERCENT: Format("0%", 9, show=lambda v, lang, s: text.percent(v, lang, signed=s)),
    Kind.RATIO: Format("0.00", 8, show=_number(2)),
    Kind.COUNT: Format("0", 8, show=_number(0)),
    Kind.SCORE: Format("0", 8, show=_number(0)),
    Kind.POINTS: Format("0.0", 8, show=_number(1)),
    Kind.MONTHS: Format("0.0", 8, ("mo", "mois"), _number(1)),
    Kind.ENUM: Format("General", 12),
    Kind.FLAG: Format("General", 9),
}


def number_text(kind: Kind, value: object, lang: str, *, signed: bool = False,
                unit: bool = False) -> str:
    """A number of this kind as text in ``lang`` ("—" when missing)."""
    fmt = FORMATS[kind]
    if text.is_missing(value) or fmt.show is None:
        return text.DASH if text.is_missing(value) else str(value)
    shown = fmt.show(float(value), lang, signed)
    suffix = text.pick(fmt.unit, lang)
    return f"{shown}\u00a0{suffix}" if unit and suffix else shown
