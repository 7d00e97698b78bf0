"""Overdue actions, and by how many days."""

from __future__ import annotations

import pandas as pd

from pmo_xl.schema.contract import ACTION_STATUS, OPEN


def overdue(status: pd.Series, due_date: pd.Series, as_of: pd.Series) -> pd.Series:
    """Not done nor cancelled, and due before the reporting date.

    ``as_of`` is the reporting date of each action's project. An action whose status
    could not be read counts as not done (the enumeration's ``missing_means``).
    """
    return (ACTION_STATUS.means(status, OPEN) & due_date.notna() & (due_date < as_of)).astype(
        bool)


def days_late(is_overdue: pd.Series, due_date: pd.Series, as_of: pd.Series) -> pd.Series:
    """Calendar days from an overdue action's due date to its project's reporting date
    (missing for an action that is not overdue)."""
    days = (as_of - due_date).dt.days.astype("float64")
    return days.where(is_overdue.to_numpy(dtype=bool))
