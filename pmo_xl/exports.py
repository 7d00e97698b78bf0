"""Tidy tables for Power BI and friends: Parquet (exact) and CSV (Excel-safe).

CSV opened in Excel evaluates a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return as a formula (CSV injection), so in CSV such *text* gets a leading
apostrophe. Parquet keeps every text exactly as typed; numbers and dates are typed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pmo_xl._version import __version__
from pmo_xl.atomic import atomic_path
from pmo_xl.exceptions import InputError
from pmo_xl.model import TABLE_NAMES, Portfolio
from pmo_xl.settings import Settings

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defuse_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(defuse_text)
    return out


def write_tables(portfolio: Portfolio, folder: str | Path) -> list[Path]:
    """Every table and the findings as ``<name>.parquet`` and ``<name>.csv`` in ``folder``."""
    folder = Path(folder)
    written: list[Path] = []
    for name, df in portfolio.tables().items():
        parquet = folder / f"{name}.parquet"
        with atomic_path(parquet) as tmp:
            df.to_parquet(tmp, index=False)
        csv = folder / f"{name}.csv"
        with atomic_path(csv) as tmp:
            csv_safe(df).to_csv(tmp, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
        written += [parquet, csv]
    run = folder / "run.json"
    with atomic_path(run) as tmp:
        tmp.write_text(json.dumps({
            "language": portfolio.language,
            "reporting_date": str(portfolio.reporting_date or ""),
            "run_at": portfolio.run_at.isoformat(timespec="seconds"),
            "risk_scale": portfolio.settings.risk_scale,
            "version": __version__,
        }, indent=1), encoding="utf-8")
    return [*written, run]


def read_tables(folder: str | Path, settings: Settings) -> Portfolio:
    """The Portfolio a consolidation wrote as Parquet (``<out>/data``), to rebuild outputs
    (a deck from last Monday's master) without reading the trackers again."""
    folder = Path(folder)
    try:
        tables = {name: pd.read_parquet(folder / f"{name}.parquet")
                  for name in (*TABLE_NAMES, "findings")}
    except (OSError, ValueError) as exc:
        raise InputError(f"no consolidated tables in {folder}: {exc}") from exc
    files = sorted(set(tables["findings"]["file"]) | set(tables["projects"]["source_file"]))
    used = set(tables["projects"]["source_file"])
    sources = pd.DataFrame({"file": files, "project": "", "used": [f in used for f in files],
                            "errors": 0, "warnings": 0})
    return Portfolio(**tables, sources=sources, settings=settings)
