"""One step shared by every way of consolidating (CLI, ribbon): remember this run and
derive the history views the master and the deck show."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pmo_xl.history.mta import store_mta
from pmo_xl.history.store import HistoryError, SnapshotStore, history_url
from pmo_xl.history.wow import WOW_TABLES, week_over_week
from pmo_xl.model import Portfolio
from pmo_xl.settings import Settings


@dataclass
class HistoryViews:
    mta: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None


def changes_since_previous(store: SnapshotStore, when, current: Portfolio
                           ) -> pd.DataFrame | None:
    """Week over week against the latest snapshot before ``when`` (None if there is none)."""
    earlier = [d for d in store.dates() if d < when]
    if not earlier:
        return None
    return week_over_week(store.load_tables(earlier[-1], WOW_TABLES), current.tables())


def previous_projects(settings: Settings, out_dir: Path) -> pd.DataFrame | None:
    """The projects of the last report before this run (and those it already missed):
    who is expected when no register says so; None when there is no history yet."""
    try:
        store = SnapshotStore(history_url(settings, out_dir), create=False)
    except HistoryError:
        return None
    return store.last_projects(settings.reference_date)


def record(portfolio: Portfolio, out_dir: Path) -> HistoryViews:
    """Save the snapshot (settings' history_url, else SQLite in ``out_dir``) and return
    the milestone trends and the changes since the previous reporting date."""
    if portfolio.projects.empty:
        return HistoryViews()
    store = SnapshotStore(history_url(portfolio.settings, out_dir))
    now = store.save(portfolio)
    return HistoryViews(store_mta(store), changes_since_previous(store, now, portfolio))
