"""Milestone slip: how many working days a milestone moved from its baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd


def slip_days(
    baseline: pd.Series,
    actual: pd.Series,
    forecast: pd.Series,
    holidays: Sequence[dt.date] = (),
) -> pd.Series:
    """Working days from the baseline date to the actual (else forecast) date.

    Monday to Friday less ``holidays``: ``numpy.busday_count(baseline, date)``, so a
    milestone due Friday and met the next Monday slipped 1 day; negative when early.
    """
    target = actual.where(actual.notna(), forecast)
    valid = (baseline.notna() & target.notna()).to_numpy()
    out = np.full(len(baseline), np.nan)
    if valid.any():
        begin = baseline.to_numpy()[valid].astype("datetime64[D]")
        end = target.to_numpy()[valid].astype("datetime64[D]")
        hol = np.array(list(holidays), dtype="datetime64[D]")
        out[valid] = np.busday_count(begin, end, holidays=hol)
    return pd.Series(out, index=baseline.index, dtype="float64")


def past_due(done: pd.Series, target: pd.Series, as_of: pd.Series) -> pd.Series:
    """Not done, though its date (forecast, else baseline) is before the reporting date:
    the tracker still plans it in the past, so its forecast is no longer a forecast."""
    return (~done.to_numpy(dtype=bool) & target.notna() & (target < as_of)).astype(bool)


def committee_order(milestones: pd.DataFrame, done: pd.Series) -> pd.DataFrame:
    """Milestones in the order a steering committee reads them: open and slipping first
    (the largest slip first), then the next ones to come (by date), then those done (the
    latest first). ``done`` says which are done."""
    slipping = ~done.to_numpy(dtype=bool) & (milestones["slip_days"].fillna(0) > 0).to_numpy()
    group = np.where(slipping, 0, np.where(done.to_numpy(dtype=bool), 2, 1))
    ordered = milestones.assign(
        _g=group, _slip=-milestones["slip_days"].fillna(0),
        _when=milestones["target_date"].where(group != 2),
        _done=milestones["target_date"].where(group == 2))
    return ordered.sort_values(["_g", "_slip", "_when", "_done", "source_row"],
                               ascending=[True, True, True, False, True],
                               na_position="last", kind="stable"
                               ).drop(columns=["_g", "_slip", "_when", "_done"])


def target_date(actual: pd.Series, forecast: pd.Series, baseline: pd.Series) -> pd.Series:
    """The date a milestone is (or was) met: actual, else forecast, else baseline."""
    return actual.where(actual.notna(), forecast.where(forecast.notna(), baseline))
