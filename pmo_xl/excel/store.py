"""The last consolidation, as UDFs see it: loaded once, reloaded when it changes.

A UDF must answer in milliseconds: the tables written by ``consolidate`` (``data/``
next to the master) are read on first use and kept in memory until the files change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pmo_xl.exports import read_tables, recorded_settings
from pmo_xl.history import HistoryError, SnapshotStore, history_url
from pmo_xl.model import Portfolio

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
    settings = recorded_settings(folder)
    portfolio = read_tables(folder, settings)
    by_code = {str(code).casefold(): row for code, row in
               zip(portfolio.projects["project"], portfolio.projects.itertuples(index=False),
                   strict=True)}
    loaded = Loaded(stamp, portfolio, by_code, _history(history_url(settings, folder.parent)))
    _CACHE[folder] = loaded
    return loaded


def _history(url: str) -> pd.DataFrame | None:
    """Every figure of every snapshot, from the history the consolidation recorded into
    (its settings' ``history_url``, else SQLite beside the master); None if there is none."""
    try:
        return SnapshotStore(url, create=False).all_figures()
    except HistoryError:
        return None
