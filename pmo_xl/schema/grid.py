"""The grid form of the workload (contract v1.1): the same facts with months across.

How most PMs keep a workload plan ("plan de charge"): identifying columns, then one
column per month. Either one ``Workload``/``Charges`` sheet with a ``Measure``/``Mesure``
column (planned, actual or remaining on each row), or three sheets named by those
measures. The template writes it, the reader unfolds it into the long form, the docs
describe it: all from here.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from pmo_xl.schema.contract import MEASURES, WORKLOAD_GRID
from pmo_xl.schema.normalize import normalize_label

# The workload's value fields, as a grid names them: a Measure cell, or a sheet.
MEASURE = WORKLOAD_GRID.field("measure")
# The columns that say what a grid row is about (the rest are months).
IDENTIFYING = tuple(f for f in WORKLOAD_GRID.fields if f.key != "measure")
VALUE_KEYS = MEASURES.values  # planned, actual, remaining: the long form's value columns
MONTHS_AFTER_START = 18  # a template without a baseline end shows this many months
TOTAL_WORDS = frozenset({"total", "totaux", "sous-total", "sous total", "subtotal",
                         "sub-total", "grand total", "total general"})

_MONTHS = {
    # English and French names and their usual abbreviations, accents and dots removed.
    1: ("january", "jan", "janvier", "janv"),
    2: ("february", "feb", "fevrier", "fevr", "fev"),
    3: ("march", "mar", "mars"),
    4: ("april", "apr", "avril", "avr"),
    5: ("may", "mai"),
    6: ("june", "jun", "juin"),
    7: ("july", "jul", "juillet", "juil"),
    8: ("august", "aug", "aout"),
    9: ("september", "sep", "sept", "septembre"),
    10: ("october", "oct", "octobre"),
    11: ("november", "nov", "novembre"),
    12: ("december", "dec", "decembre"),
}
MONTH_NAMES = {name: month for month, names in _MONTHS.items() for name in names}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_NUMERIC = re.compile(r"^(?:(\d{1,2})[/-])?(\d{1,2})[/-](\d{4}|\d{2})$")  # [dd/]mm/yyyy
_NAMED = re.compile(r"^([a-z]+)\.?\s*[-/ ]?\s*'?(\d{4}|\d{2})$")  # janv. 2026, Jan-26


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _first_day(year: int, month: int) -> dt.date | None:
    if 1 <= month <= 12 and 1990 <= year <= 2100:
        return dt.date(year, month, 1)
    return None


@lru_cache(maxsize=4096)
def header_month(text: object) -> dt.date | None:
    """The month a column header names (its first day), or None when it names none: a
    date (as a reader gives it, ``2026-01-01 00:00:00``, or typed ``01/01/2026``), or a
    month written ``01/2026``, ``2026-01``, ``janv. 2026``, ``janv.-26``, ``Jan 2026``,
    ``Jan-26`` (French or English names, any case, with or without the dot)."""
    if not isinstance(text, str):
        return None
    t = normalize_label(text, keep_unit=True).replace("\u2019", "'")
    if not t or len(t) > 32:
        return None
    if m := _ISO.match(t):
        return _first_day(int(m[1]), int(m[2]))
    if m := _NUMERIC.match(t):
        return _first_day(_year(m[3]), int(m[2]))
    if m := _NAMED.match(t):
        month = MONTH_NAMES.get(m[1])
        return _first_day(_year(m[2]), month) if month else None
    return None


@lru_cache(maxsize=4096)
def is_total(text: object) -> bool:
    """A row or column labelled Total (or a subtotal): ignored, never summed again."""
    if not isinstance(text, str):
        return False
    t = normalize_label(text)
    return t in TOTAL_WORDS or t.startswith(("total ", "sous-total", "sous total",
                                             "subtotal"))


_SHEET_WORDS = {normalize_label(w): c.value for c in MEASURES.choices for w in (c.en, c.fr)}


@lru_cache(maxsize=4096)
def measure_of(text: object, *, sheet: bool = False) -> str | None:
    """planned / actual / remaining for a Measure cell (its aliases too: ``RAF``) or a
    measure sheet's name (the contract's words only: a sheet called "Plan" is more
    likely a Gantt chart); units and case ignored (``Consommé (j/h)``); else None."""
    if not isinstance(text, str):
        return None
    return (_SHEET_WORDS if sheet else _CELL_WORDS).get(normalize_label(text))


_CELL_WORDS = MEASURES.lookup()
