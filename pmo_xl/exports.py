"""Tidy tables for Power BI and friends: Parquet (exact) and CSV (Excel-safe).

Parquet is for tools: the portfolio's keys as column names, English enumeration words,
finding parameters, every text exactly as typed. CSV is for people: headers and words
in the portfolio's language (from the registry of figures), findings' messages
rendered. CSV opened in Excel evaluates a cell starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return as a formula (CSV injection), so in CSV such *text* gets a
leading apostrophe. Numbers and dates are typed in both.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pmo_xl._version import __version__
from pmo_xl.atomic import atomic_path
from pmo_xl.exceptions import InputError
from pmo_xl.figures import figure, shown
from pmo_xl.model import TABLE_NAMES, Portfolio
from pmo_xl.settings import Settings, load_settings

RUN_FILE = "run.json"  # what a consolidation into a folder was made with

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defuse_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """The table as CSV should carry it: formula-like text defused, dates as dates
    (vectorised: a million rows take a fraction of a second)."""
    out = df.copy(deep=False)
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[col] = values.dt.normalize()
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.map(defuse_text) if values.dtype == object else values
            text = text.astype("str")
            risky = text.str.startswith(FORMULA_TRIGGERS).fillna(False).to_numpy(dtype=bool)
            out[col] = text.where(~risky, "'" + text)
    return out


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents right), via Arrow's
    writer: pandas' ``to_csv`` takes ~9 s for a million workload rows."""
    table = pa.Table.from_pandas(csv_safe(df), preserve_index=False)
    columns = [pc.cast(c, pa.date32()) if pa.types.is_timestamp(c.type) else c
               for c in table.columns]
    table = pa.Table.from_arrays(columns, names=table.column_names)
    with open(path, "wb") as f:
        f.write("\ufeff".encode())
        pacsv.write_csv(table, f)


def for_people(df: pd.DataFrame, table: str, lang: str) -> pd.DataFrame:
    """A table as its CSV shows it: the columns people read (no internal ones), words in
    ``lang``, headers from the registry of figures; source files keep their path."""
    columns = [c for c in df.columns if not figure(table, c).internal]
    out = shown(df, table, lang, columns, short_files=False)
    return out.set_axis([figure(table, c).label(lang) for c in columns], axis=1)


def write_tables(portfolio: Portfolio, folder: str | Path, lang: str | None = None,
                 csv: bool = True) -> list[Path]:
    """Every table and the findings as ``<name>.parquet`` and, with ``csv``,
    ``<name>.csv`` (in ``lang``, the portfolio's by default) in ``folder``."""
    folder = Path(folder)
    lang = lang or portfolio.language
    written: list[Path] = []
    for name, df in portfolio.tables().items():
        parquet = folder / f"{name}.parquet"
        with atomic_path(parquet) as tmp:
            df.to_parquet(tmp, index=False)
        written.append(parquet)
        if csv:
            people = folder / f"{name}.csv"
            with atomic_path(people) as tmp:
                write_csv(for_people(df, name, lang), tmp)
            written.append(people)
    run = folder / RUN_FILE
    with atomic_path(run) as tmp:
        tmp.write_text(json.dumps({
            "language": lang,
            "reporting_date": str(portfolio.reporting_date or ""),
            "run_at": portfolio.run_at.isoformat(timespec="seconds"),
            "risk_scale": portfolio.settings.risk_scale,
            "settings": portfolio.settings.source,
            "portfolio": portfolio.settings.portfolio_key,  # its key in the history
            "version": __version__,
        }, indent=1), encoding="utf-8")
    return [*written, run]


def read_run(folder: str | Path) -> dict:
    """What a consolidation into ``folder`` recorded of itself (``run.json``), or {}."""
    run = Path(folder) / RUN_FILE
    try:
        return json.loads(run.read_text(encoding="utf-8")) if run.is_file() else {}
    except (OSError, ValueError):
        return {}


def recorded_settings(folder: str | Path) -> Settings:
    """The settings a consolidation into ``folder`` (its ``data/``) was made with: its
    settings file again (so a shared history database is found), in the language and
    risk scale of that run; defaults when nothing was recorded."""
    meta = read_run(folder)
    source = meta.get("settings") or ""
    base = load_settings(source) if source and Path(source).is_file() else Settings()
    return base.replace(language=meta.get("language", base.language),
                        risk_scale=meta.get("risk_scale", base.risk_scale))


def read_tables(folder: str | Path, settings: Settings) -> Portfolio:
    """The Portfolio a consolidation wrote as Parquet (``<out>/data``), to rebuild outputs
    (a deck from last Monday's master) without reading the trackers again."""
    folder = Path(folder)
    try:
        tables = {name: pd.read_parquet(folder / f"{name}.parquet")
                  for name in (*TABLE_NAMES, "findings")}
        if (folder / "missing.parquet").is_file():  # written since the register (v1.1)
            tables["missing"] = pd.read_parquet(folder / "missing.parquet")
    except (OSError, ValueError) as exc:
        raise InputError(f"no consolidated tables in {folder}: {exc}") from exc
    files = sorted(set(tables["findings"]["file"]) | set(tables["projects"]["source_file"]))
    used = set(tables["projects"]["source_file"])
    sources = pd.DataFrame({"file": files, "project": "", "used": [f in used for f in files],
                            "errors": 0, "warnings": 0})
    return Portfolio(**tables, sources=sources, settings=settings)
