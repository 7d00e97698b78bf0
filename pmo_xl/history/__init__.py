"""History: snapshots of the portfolio and what changed from one week to the next."""

from pmo_xl.history.store import (
    HISTORY_FILE,
    HistoryError,
    SnapshotStore,
    default_url,
    history_url,
)
from pmo_xl.history.wow import portfolio_change, week_over_week

__all__ = ["HISTORY_FILE", "HistoryError", "SnapshotStore", "default_url", "history_url",
           "portfolio_change", "week_over_week"]
