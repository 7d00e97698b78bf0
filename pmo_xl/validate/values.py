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
import pyarrow as pa
import pyarrow.compute as pc

from pmo_xl.schema.model import Choices, Field, FieldType
from pmo_xl.schema.normalize import normalize_label

_THOUSANDS = r"[\s\u00a0\u202f\u2007']"
_NUMBER = r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$"
_PLAIN_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
_EXCEL_DATETIME = "%Y-%m-%d %H:%M:%S"
_EXCEL_DATETIME_RE = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
_FIRST_DATE, _LAST_DATE = np.datetime64("1678-01-01", "s"), np.datetime64("2261-12-31", "s")
# Excel serial day numbers accepted in a date column: 1990-01-01 .. 2100-12-31.
SERIAL_MIN, SERIAL_MAX = 32874, 73415
_DATE_FORMS = (
    (r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", "%Y-%m-%d", 10),
    (r"^\d{1,2}/\d{1,2}/\d{4}$", "%d/%m/%Y", None),
    (r"^\d{1,2}/\d{1,2}/\d{2}$", "%d/%m/%y", None),
)
# For a month column, a month alone is a month too: 03/2026, 2026-03.
_EMAIL = r"[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"'.]+"  # name@domain.tld
_MONTH_FORMS = ((r"^\d{1,2}/\d{4}$", "%m/%Y", None), (r"^\d{4}-\d{1,2}$", "%Y-%m", None))


def as_text(raw: object) -> pa.Array:
    """Raw cells as an Arrow text array (null when blank), whatever they came as."""
    if isinstance(raw, pa.ChunkedArray):
        raw = raw.combine_chunks()
    if isinstance(raw, pa.Array):
        return raw if raw.type == pa.string() else raw.cast(pa.string())
    values = pd.Series(raw, dtype="object")
    return pa.array([None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
                     for v in values], pa.string())


def _mask(arr: pa.Array) -> np.ndarray:
    """A boolean Arrow array as NumPy (null counts as False)."""
    return arr.fill_null(False).to_numpy(zero_copy_only=False)


def _trimmed(raw: pa.Array) -> pa.Array:
    """Trimmed text, blank -> null (Arrow kernels: no Python call per cell)."""
    text = pc.utf8_trim_whitespace(raw)
    return pc.if_else(pc.equal(pc.utf8_length(text), 0), pa.scalar(None, pa.string()), text)


def clean_text(raw: object) -> pd.Series:
    """Trimmed text, blank -> missing, as a pandas Arrow-backed text column."""
    return _trimmed(as_text(raw)).to_pandas()


def _tolerant_numbers(text: pd.Series) -> pd.Series:
    """Numbers written by hand: spaces as thousands separators, a decimal comma."""
    compact = text.astype(str).str.replace(_THOUSANDS, "", regex=True)
    ok = compact.str.match(_NUMBER)
    values = pd.to_numeric(compact[ok].str.replace(",", ".", regex=False), errors="coerce")
    return values.astype("float64").reindex(text.index)


def parse_number(raw: object) -> tuple[pd.Series, pd.Series]:
    text = as_text(raw)
    filled = _mask(pc.is_valid(text))
    # Real numbers (the common case) convert in one Arrow pass; only the rest (text with
    # spaces or a decimal comma, or not a number at all) takes the tolerant path.
    try:
        out = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        plain = _mask(pc.match_substring_regex(text, _PLAIN_NUMBER))
        only_plain = pc.if_else(pa.array(plain), text, pa.scalar(None, pa.string()))
        out = pc.cast(only_plain, pa.float64()).to_numpy(zero_copy_only=False)
        rest = np.flatnonzero(filled & ~plain)
        if len(rest):
            picked = pd.Series(text.take(pa.array(rest)).to_pylist(), index=rest)
            out[rest] = _tolerant_numbers(picked).to_numpy()
    out = np.where(np.isfinite(out), out, np.nan)
    series = pd.Series(out, dtype="float64")
    return series, pd.Series(filled & np.isnan(out))


def _tolerant_dates(text: pd.Series, month: bool) -> pd.Series:
    """Dates written by hand (dd/mm/yyyy, dd/mm/yy, yyyy-mm-dd, months), or serials."""
    stripped = text.astype(str).str.strip()
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    forms = _DATE_FORMS + (_MONTH_FORMS if month else ())
    for pattern, fmt, width in forms:
        hit = stripped[stripped.str.match(pattern)]
        if hit.empty:
            continue
        parsed = pd.to_datetime(hit.str[:width] if width else hit, format=fmt, errors="coerce")
        kept = parsed.to_numpy(dtype="datetime64[s]")
        out.loc[parsed.index] = _in_range(kept)
    left = out.isna()
    if left.any():
        serial = _tolerant_numbers(stripped[left])
        serial = serial[(serial >= SERIAL_MIN) & (serial <= SERIAL_MAX)]
        if not serial.empty:
            out.loc[serial.index] = (
                pd.Timestamp("1899-12-30") + pd.to_timedelta(np.floor(serial), unit="D")
            ).to_numpy(dtype="datetime64[ns]")
    return out


def _in_range(seconds: np.ndarray) -> np.ndarray:
    """Dates pandas can hold (years 1678-2261); any other becomes missing, not garbage."""
    seconds = seconds.astype("datetime64[s]")
    ok = (seconds >= _FIRST_DATE) & (seconds <= _LAST_DATE)
    return np.where(ok, seconds, np.datetime64("NaT")).astype("datetime64[ns]")


def parse_date(raw: object, *, month: bool = False) -> tuple[pd.Series, pd.Series]:
    text = as_text(raw)
    filled = _mask(pc.is_valid(text))
    # Real Excel dates come as ``yyyy-mm-dd hh:mm:ss``: one Arrow pass; the rest (text
    # dates, serial numbers, rubbish) takes the tolerant path.
    fast = pc.strptime(text, format=_EXCEL_DATETIME, unit="s", error_is_null=True)
    # strptime rolls 30/02 over to 02/03: a date counts only if its day is the day written
    # (printing it back to compare would cost a second a million cells).
    canonical = pc.match_substring_regex(text, _EXCEL_DATETIME_RE).fill_null(False)
    written_day = pc.utf8_slice_codeunits(pc.if_else(canonical, text, "0000-00-00"), 8, 10)
    exact = pc.and_(canonical, pc.equal(pc.day(fast), pc.cast(written_day, pa.int64())))
    fast = pc.if_else(exact.fill_null(False), fast, pa.scalar(None, fast.type))
    out = _in_range(fast.to_numpy(zero_copy_only=False))
    rest = np.flatnonzero(filled & np.isnat(out))
    if len(rest):
        picked = pd.Series(text.take(pa.array(rest)).to_pylist(), index=rest)
        out[rest] = _tolerant_dates(picked, month).to_numpy(dtype="datetime64[ns]")
    out = out.astype("datetime64[M]" if month else "datetime64[D]").astype("datetime64[ns]")
    return pd.Series(out), pd.Series(filled & np.isnat(out))


def parse_choice(raw: object, choices: Choices) -> tuple[pd.Series, pd.Series]:
    text = _trimmed(as_text(raw))
    lookup = choices.lookup()
    # Few distinct words in a column: normalise each once, then map.
    coded = text.dictionary_encode()
    words = [lookup.get(normalize_label(w)) for w in coded.dictionary.to_pylist()]
    out = pa.array(words, pa.string()).take(coded.indices).to_pandas()
    bad = _mask(pc.is_valid(text)) & out.isna().to_numpy()
    return out, pd.Series(bad)


Problems = list[tuple[pd.Series, str]]


def _house_numbers(raw: object, words: dict[str, float]) -> pa.Array:
    """A house's words for numbers ("Fort" -> 3) as the numbers, the rest as typed."""
    text = as_text(raw)
    coded = text.dictionary_encode()
    typed = [w if w is None else (str(words[n]) if (n := normalize_label(w)) in words else w)
             for w in coded.dictionary.to_pylist()]
    return pa.array(typed, pa.string()).take(coded.indices)


def parse_field(raw: pd.Series, f: Field) -> tuple[pd.Series, Problems]:
    """Typed column, and the masks of unreadable cells with their rule code."""
    if f.type is FieldType.TEXT:
        return clean_text(raw), []
    if f.type is FieldType.EMAIL:
        text = clean_text(raw)
        bad = text.notna() & ~text.str.fullmatch(_EMAIL).fillna(False).astype(bool)
        return text.where(~bad), [(bad, "VALUE_NOT_EMAIL")]
    if f.type in (FieldType.DATE, FieldType.MONTH):
        out, bad = parse_date(raw, month=f.type is FieldType.MONTH)
        return out, [(bad, "VALUE_NOT_DATE")]
    if f.type is FieldType.ENUM:
        assert f.choices is not None
        out, bad = parse_choice(raw, f.choices)
        return out, [(bad, "VALUE_NOT_IN_LIST")]
    out, bad = parse_number(raw if not f.words else _house_numbers(raw, dict(f.words)))
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
