"""The last consolidation, as UDFs see it: loaded once, reloaded when it changes.

A UDF must answer in milliseconds: the tables written by ``consolidate`` (``data/``
next to the master) are read on first use and kept in memory until the files change.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pmo_xl.exports import read_tables
from pmo_xl.model import Portfolio
from pmo_xl.settings import Settings

DATA_ENV = "PMO_XL_DATA"  # overrides where the UDFs look for the consolidation


class NoConsolidation(LookupError):
    """There is no consolidation to answer from."""


@dataclass
class Loaded:
    stamp: float
    portfolio: Portfolio
    by_code: dict[str, pd.Series] = field(default_factory=dict)
    history: pd.DataFrame | None = None  # project, figure, reporting_date, number, text


_CACHE: dict[Path, Loaded] = {}


def data_folder(workbook: str | Path | None) -> Path:
    """``data/`` next to the calling workbook, else the folder named by $PMO_XL_DATA."""
    candidates = []
    if workbook:
        candidates.append(Path(workbook).resolve().parent / "data")
    if os.environ.get(DATA_ENV):
        candidates.append(Path(os.environ[DATA_ENV]))
    for folder in candidates:
        if (folder / "projects.parquet").is_file():
            return folder
    raise NoConsolidation("no consolidation next to this workbook: run Consolidate first")


def load(folder: Path) -> Loaded:
    stamp = (folder / "projects.parquet").stat().st_mtime_ns
    hit = _CACHE.get(folder)
    if hit is not None and hit.stamp == stamp:
        return hit
    run = folder / "run.json"
    meta = json.loads(run.read_text(encoding="utf-8")) if run.is_file() else {}
    settings = Settings(language=meta.get("language", "en"),
                        risk_scale=int(meta.get("risk_scale", 4)))
    portfolio = read_tables(folder, settings)
    by_code = {str(code).casefold(): row for code, row in
               zip(portfolio.projects["project"], portfolio.projects.itertuples(index=False),
                   strict=True)}
    loaded = Loaded(stamp, portfolio, by_code, _history(folder.parent))
    _CACHE[folder] = loaded
    return loaded


def _history(folder: Path) -> pd.DataFrame | None:
    """Every figure of every snapshot, when the history database sits next to ``data/``."""
    db = folder / "pmo_xl_history.sqlite"
    if not db.is_file():
        return None
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        frame = pd.read_sql_query(
            "SELECT f.project, f.figure, s.reporting_date, f.number, f.text "
            "FROM project_figures f JOIN snapshots s ON s.id = f.snapshot_id", conn)
    frame["reporting_date"] = pd.to_datetime(frame["reporting_date"]).dt.date
    return frame
