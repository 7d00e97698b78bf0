"""Overdue actions."""

from __future__ import annotations

import pandas as pd

CLOSED_ACTION_STATUSES = ("Done", "Cancelled")


def overdue(status: pd.Series, due_date: pd.Series, as_of: pd.Series) -> pd.Series:
    """Not done nor cancelled, and due before the reporting date.

    ``as_of`` is the reporting date of each action's project. An action whose status
    could not be read counts as not done.
    """
    return (~status.isin(CLOSED_ACTION_STATUSES) & due_date.notna() & (due_date < as_of)).astype(
        bool
    )
