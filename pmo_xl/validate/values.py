"""Typing a column of raw cell text, all at once.

Each parser returns the typed column and a mask of the cells that were filled but
could not be read; the caller turns that mask into findings. The accepted forms are
the contract's: real Excel dates (read as ``yyyy-mm-dd hh:mm:ss``), text
``dd/mm/yyyy``, ``dd/mm/yy``, ``yyyy-mm-dd``; numbers with ``,`` or ``.`` as decimal
mark and (non-breaking) spaces as thousands separators.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_xl.schema.model import Choices, Field, FieldType
from pmo_xl.schema.normalize import normalize_label

_THOUSANDS = r"[\s\u00a0\u202f\u2007']"
_NUMBER = r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$"
# Excel serial day numbers accepted in a date column: 1990-01-01 .. 2100-12-31.
SERIAL_MIN, SERIAL_MAX = 32874, 73415
_DATE_FORMS = (
    (r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", "%Y-%m-%d", 10),
    (r"^\d{1,2}/\d{1,2}/\d{4}$", "%d/%m/%Y", None),
    (r"^\d{1,2}/\d{1,2}/\d{2}$", "%d/%m/%y", None),
)
# For a month column, a month alone is a month too: 03/2026, 2026-03.
_MONTH_FORMS = ((r"^\d{1,2}/\d{4}$", "%m/%Y", None), (r"^\d{4}-\d{1,2}$", "%Y-%m", None))


def clean_text(raw: pd.Series) -> pd.Series:
    """Trimmed text; blank -> missing (vectorised: no Python call per cell)."""
    stripped = pd.Series(raw, dtype="str").str.strip()
    keep = stripped.notna().to_numpy() & (stripped.str.len().fillna(0).to_numpy() > 0)
    out = stripped.astype("object").to_numpy(copy=True)
    out[~keep] = None
    return pd.Series(out, index=raw.index, dtype="object")


def parse_number(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = pd.Series(raw, dtype="object").where(raw.notna(), None)
    filled = text.notna()
    # Real numbers (the common case) parse in one C-level pass; only the rest (text
    # with spaces or a decimal comma, or not a number at all) takes the tolerant path.
    out = pd.to_numeric(text, errors="coerce").astype("float64")
    rest = filled & out.isna()
    if rest.any():
        compact = text[rest].astype(str).str.replace(_THOUSANDS, "", regex=True)
        ok = compact.str.match(_NUMBER)
        values = pd.to_numeric(compact[ok].str.replace(",", ".", regex=False),
                               errors="coerce")
        out.loc[values.index] = values.astype("float64")
    out = out.where(~np.isinf(out))
    bad = filled & out.isna()
    return out, bad


def parse_date(raw: pd.Series, *, month: bool = False) -> tuple[pd.Series, pd.Series]:
    text = pd.Series(raw, dtype="object").where(raw.notna(), None)
    filled = text.notna()
    stripped = text[filled].astype(str).str.strip()
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    forms = _DATE_FORMS + (_MONTH_FORMS if month else ())
    for pattern, fmt, width in forms:
        hit = stripped[stripped.str.match(pattern)]
        if hit.empty:
            continue
        parsed = pd.to_datetime(hit.str[:width] if width else hit, format=fmt, errors="coerce")
        out.loc[parsed.index] = parsed.to_numpy(dtype="datetime64[ns]")
    serial, _ = parse_number(stripped[out[filled].isna()])
    serial = serial[(serial >= SERIAL_MIN) & (serial <= SERIAL_MAX)]
    if not serial.empty:
        out.loc[serial.index] = (
            pd.Timestamp("1899-12-30") + pd.to_timedelta(np.floor(serial), unit="D")
        ).to_numpy(dtype="datetime64[ns]")
    out = out.dt.normalize()
    if month:
        out = out.dt.to_period("M").dt.to_timestamp()
    bad = filled & out.isna()
    return out, bad


def parse_choice(raw: pd.Series, choices: Choices) -> tuple[pd.Series, pd.Series]:
    text = clean_text(raw)
    lookup = choices.lookup()
    # Few distinct words in a column: normalise each once, then map.
    words = {w: lookup.get(normalize_label(w)) for w in pd.unique(text.dropna())}
    out = text.map(words).astype("object")
    out = out.where(out.notna(), None)
    bad = text.notna() & out.isna()
    return out, bad


Problems = list[tuple[pd.Series, str]]


def parse_field(raw: pd.Series, f: Field) -> tuple[pd.Series, Problems]:
    """Typed column, and the masks of unreadable cells with their rule code."""
    if f.type is FieldType.TEXT:
        return clean_text(raw), []
    if f.type in (FieldType.DATE, FieldType.MONTH):
        out, bad = parse_date(raw, month=f.type is FieldType.MONTH)
        return out, [(bad, "VALUE_NOT_DATE")]
    if f.type is FieldType.ENUM:
        assert f.choices is not None
        out, bad = parse_choice(raw, f.choices)
        return out, [(bad, "VALUE_NOT_IN_LIST")]
    out, bad = parse_number(raw)
    problems: Problems = [(bad, "VALUE_NOT_NUMBER")]
    if f.type is FieldType.INTEGER:
        fractional = out.notna() & (out != np.floor(out))
        out = out.where(~fractional)
        problems.append((fractional, "VALUE_NOT_INTEGER"))
    return out, problems


def out_of_range(values: pd.Series, minimum: float | None, maximum: float | None) -> pd.Series:
    mask = pd.Series(False, index=values.index)
    if minimum is not None:
        mask |= values < minimum
    if maximum is not None:
        mask |= values > maximum
    return mask & values.notna()


def bounds_text(minimum: float | None, maximum: float | None, lang: str) -> str:
    def fmt(x: float) -> str:
        return f"{x:g}"

    if minimum is not None and maximum is not None:
        return (f"entre {fmt(minimum)} et {fmt(maximum)}" if lang == "fr"
                else f"between {fmt(minimum)} and {fmt(maximum)}")
    if minimum is not None:
        return f"≥ {fmt(minimum)}"
    return f"≤ {fmt(maximum or 0)}"
