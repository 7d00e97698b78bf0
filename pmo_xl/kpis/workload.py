"""Workload in days and in cost: the contract's vocabulary as functions.

consumed = Σ actual; remaining (RAF) = Σ remaining; EAC = consumed + remaining;
variance = EAC − Σ planned; progress = consumed ÷ EAC. Cost is days × daily rate,
the row's rate first, else the project's Rates sheet for the row's role.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def effective_rate(workload: pd.DataFrame, rates: pd.DataFrame) -> pd.Series:
    """Daily rate of each workload row: its own, else its project's rate for its role."""
    if rates.empty:
        by_role = pd.Series(np.nan, index=workload.index)
    else:
        table = (
            rates.dropna(subset=["role", "rate"])
            .assign(role_key=lambda d: d["role"].astype(str).str.casefold())
            .drop_duplicates(["project", "role_key"], keep="first")
            .set_index(["project", "role_key"])["rate"]
        )
        keys = pd.MultiIndex.from_arrays(
            [workload["project"], workload["role"].astype("object").map(
                lambda r: r.casefold() if isinstance(r, str) else None)]
        )
        by_role = pd.Series(table.reindex(keys).to_numpy(), index=workload.index)
    return workload["rate"].where(workload["rate"].notna(), by_role).astype("float64")


def with_costs(workload: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Workload rows with their effective rate and planned/actual/remaining cost."""
    rate = effective_rate(workload, rates)
    priced = rate.fillna(0.0)
    return workload.assign(
        effective_rate=rate,
        planned_cost=workload["planned"].fillna(0) * priced,
        actual_cost=workload["actual"].fillna(0) * priced,
        remaining_cost=workload["remaining"].fillna(0) * priced,
    )


def effort_figures(workload: pd.DataFrame, by: str | list[str] = "project") -> pd.DataFrame:
    """Days per group: planned, consumed, remaining, EAC, variance (days, %), progress."""
    g = workload.groupby(by, sort=True)
    out = pd.DataFrame({
        "planned_days": g["planned"].sum(min_count=0),
        "consumed_days": g["actual"].sum(min_count=0),
        "remaining_days": g["remaining"].sum(min_count=0),
    })
    out["eac_days"] = out["consumed_days"] + out["remaining_days"]
    out["variance_days"] = out["eac_days"] - out["planned_days"]
    out["variance_pct"] = ratio(out["variance_days"], out["planned_days"])
    out["progress"] = ratio(out["consumed_days"], out["eac_days"])
    return out


def ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """num ÷ den, missing where den is 0 or missing (never inf)."""
    return (num / den.where(den != 0)).astype("float64")
