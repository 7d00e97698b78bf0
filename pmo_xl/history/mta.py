"""Milestone trend analysis (MTA): each milestone's forecast date at each reporting date.

The classic chart puts reporting dates on X and forecast dates on Y, on the same scale,
with the diagonal: a flat line is a milestone holding its date, a rising one slipping,
and a line reaching the diagonal a milestone met (its actual date is used once done).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

MTA_COLUMNS = ["project", "id", "milestone", "reporting_date", "forecast_date"]


def mta_series(milestones_by_date: dict[dt.date, pd.DataFrame]) -> pd.DataFrame:
    """Long table of forecasts: one row per project, milestone and reporting date."""
    parts = []
    for when, ms in sorted(milestones_by_date.items()):
        forecast = ms["actual_date"].where(ms["actual_date"].notna(), ms["forecast_date"])
        parts.append(pd.DataFrame({
            "project": ms["project"], "id": ms["id"].where(ms["id"].notna(), ms["milestone"]),
            "milestone": ms["milestone"], "reporting_date": pd.Timestamp(when),
            "forecast_date": forecast,
        }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in MTA_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    return out.dropna(subset=["forecast_date"]).sort_values(
        ["project", "id", "reporting_date"]).reset_index(drop=True)


def store_mta(store, until: dt.date | None = None) -> pd.DataFrame:
    """The milestone trends of every snapshot (up to ``until``: a past week's deck shows
    what was known then)."""
    return mta_series({d: store.load_tables(d, ["milestones"])["milestones"]
                       for d in store.dates() if until is None or d <= until})
