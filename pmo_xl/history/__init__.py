"""History: snapshots of the portfolio and what changed from one week to the next."""

from pmo_xl.history.database import (
    HISTORY_FILE,
    URL_ENV,
    HistoryBusy,
    HistoryError,
    NoHistoryYet,
    default_url,
    history_url,
    shown_url,
)
from pmo_xl.history.store import SnapshotStore
from pmo_xl.history.wow import portfolio_change, week_over_week

__all__ = ["HISTORY_FILE", "URL_ENV", "HistoryBusy", "HistoryError", "NoHistoryYet",
           "SnapshotStore", "default_url", "history_url", "portfolio_change", "shown_url",
           "week_over_week"]
