"""The last consolidation, as UDFs see it: loaded once, reloaded when it changes.

A UDF must answer in milliseconds: the tables written by ``consolidate`` (``data/``
next to the master) are read on first use and kept in memory until the files change.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pmo_xl.exports import read_run, read_tables, recorded_settings
from pmo_xl.history import HistoryError, SnapshotStore
from pmo_xl.model import Portfolio

DATA_ENV = "PMO_XL_DATA"  # overrides where the UDFs look for the consolidation
HISTORY_RETRY_S = 60  # a history that could not be reached is asked again after this


class NoConsolidation(LookupError):
    """There is no consolidation to answer from."""


@dataclass
class Loaded:
    stamp: float
    portfolio: Portfolio
    by_code: dict[str, pd.Series] = field(default_factory=dict)
    history: pd.DataFrame | None = None  # project, figure, reporting_date, number, text
    history_problem: str = ""  # why there is no history (none yet, the server down)
    history_tried: float = 0.0  # when it was last asked (monotonic seconds)


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
        if hit.history is None and time.monotonic() - hit.history_tried > HISTORY_RETRY_S:
            _fetch_history(hit, folder)  # the server may be back
        return hit
    settings = recorded_settings(folder)
    portfolio = read_tables(folder, settings)
    by_code = {str(code).casefold(): row for code, row in
               zip(portfolio.projects["project"], portfolio.projects.itertuples(index=False),
                   strict=True)}
    loaded = Loaded(stamp, portfolio, by_code)
    _fetch_history(loaded, folder)
    _CACHE[folder] = loaded
    return loaded


def _fetch_history(loaded: Loaded, data: Path) -> None:
    """Every figure of every snapshot of the portfolio, from the history the consolidation
    recorded into (its settings' ``history_url``, else $PMO_XL_HISTORY_URL, else SQLite
    beside the master). When there is none or it cannot be reached, the reason: the
    formulas without a date still answer, those with one say why."""
    settings = loaded.portfolio.settings
    key = read_run(data).get("portfolio") or None
    loaded.history_tried = time.monotonic()
    try:
        with SnapshotStore.of(settings, data.parent, create=False, portfolio=key) as store:
            loaded.history = store.all_figures()
        loaded.history_problem = ""
    except HistoryError as exc:
        loaded.history_problem = exc.message(settings.language)
