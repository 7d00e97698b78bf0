"""Portfolio views a single tracker cannot give: resource load, S-curve, risk heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_xl.kpis.risks import is_open


def resource_load(workload: pd.DataFrame) -> pd.DataFrame:
    """Days per resource (rows) and month (columns) across every project.

    A month's load is what was consumed (actual) plus what is still planned for it
    (remaining): the past as it happened, the future as re-estimated.
    """
    days = workload["actual"].fillna(0) + workload["remaining"].fillna(0)
    frame = workload.assign(load=days, resource=workload["resource"].fillna("—"))
    frame = frame[frame["month"].notna()]
    if frame.empty:
        return pd.DataFrame(dtype="float64")
    table = frame.pivot_table(index="resource", columns="month", values="load", aggfunc="sum",
                              fill_value=0.0)
    return table.sort_index().astype("float64")


CONFLICT_COLUMNS = ("resource", "role", "months_over", "days_over", "peak_month", "peak_load",
                    "projects")


def resource_conflicts(workload: pd.DataFrame, capacity: float, top: int = 10
                       ) -> pd.DataFrame:
    """The people whose load in a month, across every project, exceeds ``capacity`` days:
    the ``top`` ones by days over, most first (then by name).

    A month's load is actual + remaining, as ``resource_load`` sums it; rows without a
    resource are left out (nobody to overload). Per person: ``role`` (their roles, sorted,
    joined by ", "), ``months_over`` (the months over capacity, a tuple of month starts),
    ``days_over`` (Σ over those months of load − capacity), ``peak_month`` and
    ``peak_load`` (the month of highest load; the earliest on a tie), ``projects`` (the
    codes of the projects loading the person in those months, sorted, joined by ", ").
    ``attrs["over"]`` is how many people are over in all (for "… and N more").
    """
    named = workload[workload["resource"].notna() & workload["month"].notna()]
    named = named[named["resource"].astype(str).str.strip() != ""]
    load = resource_load(named)
    rows = []
    if not load.empty:
        days = named["actual"].fillna(0) + named["remaining"].fillna(0)
        per_project = named.assign(load=days).groupby(
            ["resource", "month", "project"])["load"].sum()
        roles_of = (named[["resource", "role"]].dropna().astype({"role": str})
                    .drop_duplicates().groupby("resource")["role"]
                    .agg(lambda roles: ", ".join(sorted(roles))))
        for resource, months in load.iterrows():
            over = months[months > capacity]
            if over.empty:
                continue
            peak = months.idxmax()
            shares = per_project.loc[resource]
            shares = shares[shares.index.get_level_values("month").isin(over.index)
                            & (shares.to_numpy() > 0)]
            rows.append({
                "resource": resource,
                "role": roles_of.get(resource) or np.nan,
                "months_over": tuple(over.index),
                "days_over": float((over - capacity).sum()),
                "peak_month": peak,
                "peak_load": float(months[peak]),
                "projects": ", ".join(sorted(set(shares.index.get_level_values("project")))),
            })
    out = pd.DataFrame(rows, columns=list(CONFLICT_COLUMNS))
    over_count = len(out)
    if over_count:
        out = out.sort_values(["days_over", "resource"], ascending=[False, True],
                              kind="stable").head(top).reset_index(drop=True)
    out = out.astype({"days_over": "float64", "peak_load": "float64"})
    out.attrs["over"] = over_count
    return out


def largest_overruns(projects: pd.DataFrame, n: int, eac: str = "eac_days",
                     budget: str = "budget_days") -> pd.DataFrame:
    """The ``n`` projects whose EAC passes their budget by the most days (or by the most
    money: ``eac="eac_cost", budget="budget_cost"``), largest first (a static chart of
    500 bars says nothing); projects without a budget come last."""
    over = projects[eac] - projects[budget]
    ranked = projects.assign(_over=over).sort_values(
        ["_over", "project"], ascending=[False, True], na_position="last", kind="stable")
    return ranked.head(n).drop(columns="_over")


def s_curve(workload: pd.DataFrame) -> pd.DataFrame:
    """Per month: planned, and consumed + remaining (the forecast), each also cumulated."""
    wl = workload[workload["month"].notna()]
    g = wl.groupby("month")
    out = pd.DataFrame({
        "planned": g["planned"].sum(),
        "forecast": g["actual"].sum() + g["remaining"].sum(),
    }).sort_index()
    if not out.empty:
        full = pd.date_range(out.index.min(), out.index.max(), freq="MS")
        out = out.reindex(full, fill_value=0.0)
    out.index.name = "month"
    out["planned_cum"] = out["planned"].cumsum()
    out["forecast_cum"] = out["forecast"].cumsum()
    return out.astype("float64")


def risk_heatmap(risks: pd.DataFrame, scale: int = 4) -> pd.DataFrame:
    """Count of open risks per probability (rows, high first) and impact (columns)."""
    open_risks = risks[is_open(risks["status"]).to_numpy()]
    levels = list(range(1, scale + 1))
    grid = pd.DataFrame(0, index=levels[::-1], columns=levels, dtype="int64")
    valid = open_risks.dropna(subset=["probability", "impact"])
    for (p, i), n in valid.groupby(["probability", "impact"]).size().items():
        if int(p) in grid.index and int(i) in grid.columns:
            grid.loc[int(p), int(i)] = int(n)
    grid.index.name, grid.columns.name = "probability", "impact"
    return grid


AGGREGATE_LEVELS = (("project", "resource", "role", "month"), ("project", "role", "month"),
                    ("project", "month"))


def monthly_workload(workload: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The workload detail summed by month for big portfolios: by project, resource and
    role; coarser (by project and role, then by project) when that is still over
    ``max_rows``. The columns dropped by a coarser level are left blank."""
    filled = workload.assign(**{k: workload[k].fillna("") for k in ("resource", "role")})
    sums = ["planned", "actual", "remaining", "planned_cost", "actual_cost", "remaining_cost"]
    for keys in AGGREGATE_LEVELS:
        out = filled.groupby(list(keys), sort=True, dropna=False)[sums].sum(
            min_count=1).reset_index()
        if max_rows is None or len(out) <= max_rows:
            break
    out = out.reindex(columns=[*AGGREGATE_LEVELS[0], *sums])
    return out.replace({"resource": {"": np.nan}, "role": {"": np.nan}})
