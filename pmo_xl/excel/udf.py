"""What the PMO_* worksheet functions answer, as plain functions of plain values.

Excel hands a UDF floats (numbers and dates, as serial days), None (blanks), strings
and 2-D lists, and takes back the same: these functions speak only that, so they run
and are tested without Excel. A problem is a ``#PMO: …`` text in the cell, never a
traceback.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

import numpy as np
import pandas as pd

from pmo_xl.excel.store import Loaded, NoConsolidation
from pmo_xl.figures import View, figure, shown, view
from pmo_xl.settings import Settings

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
Cell = Any
Rows = list[list[Cell]]

class UdfError(Exception):
    """Shown in the cell as '#PMO: <message>'."""


def excel_safe(func: Callable[..., Cell]) -> Callable[..., Cell]:
    """Any failure becomes '#PMO: …' text: a cell never shows a Python traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Cell:
        try:
            return func(*args, **kwargs)
        except (UdfError, NoConsolidation) as exc:
            return f"#PMO: {exc}"
        except Exception as exc:
            return f"#PMO: unexpected {type(exc).__name__}"

    return wrapper


def to_excel(value: object) -> Cell:
    """A portfolio value as Excel takes it: blank for missing, datetime for dates."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def from_excel_date(value: Cell, what: str) -> dt.date:
    """An Excel date (a serial number, a datetime, or ISO text) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return (EXCEL_EPOCH + dt.timedelta(days=float(value))).date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UdfError(f"{what} is not a date")


def _number(value: Cell, what: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UdfError(f"{what} is not a number")
    return float(value)


def _project(data: Loaded, code: Cell) -> Any:
    key = str(code or "").strip().casefold()
    if key not in data.by_code:
        raise UdfError(f"unknown project '{code}'")
    return data.by_code[key]


def _table(df: pd.DataFrame, v: View, lang: str) -> Rows:
    """A view's rows as Excel takes them, header first, words in ``lang``."""
    body = [[to_excel(value) for value in rec]
            for rec in shown(df, v, lang).itertuples(index=False)]
    return [v.labels(lang), *body]


@excel_safe
def portfolio(data: Loaded) -> Rows:
    """PMO_PORTFOLIO(): the project table, header first (a dynamic array)."""
    lang = data.portfolio.language
    projects = data.portfolio.projects.sort_values("project")
    return _table(projects, view("udf_portfolio"), lang)


@excel_safe
def kpi(data: Loaded, code: Cell, name: Cell, as_of: Cell = None) -> Cell:
    """PMO_KPI(code, kpi, [as_of]): one figure of one project, e.g. ("P-001", "eac_days");
    with a reporting date, the figure as it was then (from the history)."""
    row = _project(data, code)
    key = str(name or "").strip().lower()
    if not key or key not in row._fields:
        known = ", ".join(f for f in row._fields if f.endswith(("_days", "_cost", "status")))
        raise UdfError(f"unknown KPI '{name}' (e.g. {known})")
    if as_of in (None, ""):
        return to_excel(getattr(row, key))
    when = from_excel_date(as_of, "as_of")
    past = _history(data).loc[lambda h: (h["project"].str.casefold() == key_of(code))
                              & (h["figure"] == key) & (h["reporting_date"] == when)]
    if past.empty:
        raise UdfError(f"no snapshot of {row.project} {key} on {when:%d/%m/%Y}")
    return _value(past.iloc[0])


@excel_safe
def trend(data: Loaded, code: Cell, name: Cell, n: Cell = None) -> Rows:
    """PMO_TREND(code, kpi, [n]): the figure at the last n reporting dates (default 8)."""
    row = _project(data, code)
    key = str(name or "").strip().lower()
    count = int(_number(n, "n") or 8)
    hist = _history(data)
    rows = hist[(hist["project"].str.casefold() == key_of(code)) & (hist["figure"] == key)]
    if rows.empty:
        raise UdfError(f"no history of '{name}' for {row.project}")
    lang = data.portfolio.language
    head = [figure("projects", "reporting_date").label(lang), figure("projects", key).label(lang)]
    body = [[dt.datetime.combine(r["reporting_date"], dt.time()), _value(r)]
            for _, r in rows.sort_values("reporting_date").tail(count).iterrows()]
    return [head, *body]


def key_of(code: Cell) -> str:
    return str(code or "").strip().casefold()


def _value(r: pd.Series) -> Cell:
    return r["text"] if isinstance(r["text"], str) else to_excel(r["number"])


def _history(data: Loaded) -> pd.DataFrame:
    if data.history is None:
        raise UdfError(data.history_problem or "no history recorded for this consolidation")
    return data.history


@excel_safe
def risks(data: Loaded, code: Cell, min_criticality: Cell = None) -> Rows:
    """PMO_RISKS(code, [min_criticality]): a project's risks ('*' for all), most critical first."""
    threshold = _number(min_criticality, "min_criticality") or 0
    df = data.portfolio.risks
    if str(code or "").strip() not in ("", "*"):
        _project(data, code)
        df = df[df["project"].str.casefold() == str(code).strip().casefold()]
    df = df[df["criticality"].fillna(0) >= threshold].sort_values(
        ["criticality", "project", "source_row"], ascending=[False, True, True])
    return _table(df, view("udf_risks"), data.portfolio.language)


@excel_safe
def milestones(data: Loaded, code: Cell) -> Rows:
    """PMO_MILESTONES(code): a project's milestones with baseline, forecast and slip."""
    _project(data, code)
    df = data.portfolio.milestones
    df = df[df["project"].str.casefold() == str(code).strip().casefold()]
    return _table(df, view("udf_milestones"), data.portfolio.language)


@excel_safe
def findings(data: Loaded, code: Cell = None) -> Rows:
    """PMO_FINDINGS([code]): data-quality findings, of one project or all."""
    df = data.portfolio.findings
    if str(code or "").strip() not in ("", "*"):
        _project(data, code)
        df = df[df["project"].str.casefold() == str(code).strip().casefold()]
    return _table(df, view("udf_findings"), data.portfolio.language)


@excel_safe
def slip(baseline: Cell, date: Cell, settings: Settings | None = None) -> Cell:
    """PMO_SLIP(baseline, date): working days from baseline to date (negative if early),
    without the portfolio's holidays (its settings' calendar), as the engine counts."""
    if baseline in (None, "") or date in (None, ""):
        return ""
    start, end = from_excel_date(baseline, "baseline"), from_excel_date(date, "date")
    days = settings.holiday_dates(range(min(start, end).year, max(start, end).year + 1)) \
        if settings is not None else []
    return int(np.busday_count(start, end, holidays=np.array(days, dtype="datetime64[D]")))


@excel_safe
def criticality(probability: Cell, impact: Cell) -> Cell:
    """PMO_CRITICALITY(p, i): probability × impact, each a whole number from 1 to 5."""
    p, i = _number(probability, "probability"), _number(impact, "impact")
    if p is None or i is None:
        return ""
    for value, what in ((p, "probability"), (i, "impact")):
        if value != int(value) or not 1 <= value <= 5:
            raise UdfError(f"{what} must be a whole number from 1 to 5")
    return int(p * i)


@excel_safe
def eac(consumed: Cell, remaining: Cell) -> Cell:
    """PMO_EAC(consumed, remaining): estimate at completion; a blank counts as 0."""
    c, r = _number(consumed, "consumed"), _number(remaining, "remaining")
    if c is None and r is None:
        return ""
    return (c or 0.0) + (r or 0.0)
