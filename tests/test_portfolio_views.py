"""Resource load, S-curve, heat map and the monthly aggregate, checked by hand."""

import numpy as np
import pandas as pd

from pmo_xl.kpis.portfolio import (
    largest_overruns,
    monthly_workload,
    resource_load,
    risk_heatmap,
    s_curve,
)

T = pd.Timestamp


def workload():
    return pd.DataFrame({
        "project": ["A", "A", "B", "B", "B"],
        "resource": ["Ann", "Ann", "Ann", "Bob", "Bob"],
        "role": ["Dev", "Dev", "Dev", None, None],
        "month": [T("2026-01-01"), T("2026-03-01"), T("2026-03-01"), T("2026-03-01"),
                  T("2026-03-01")],
        "planned": [10.0, 5.0, 4.0, 2.0, 1.0],
        "actual": [12.0, 2.0, np.nan, 1.0, 1.0],
        "remaining": [np.nan, 3.0, 4.0, 1.0, 0.0],
        "planned_cost": [1.0] * 5, "actual_cost": [1.0] * 5, "remaining_cost": [1.0] * 5,
    })


def test_resource_load_sums_across_projects():
    load = resource_load(workload())
    # Ann in March: A 2+3, B 0+4 = 9; Bob in March: 1+1 + 1+0 = 3.
    assert load.loc["Ann", T("2026-03-01")] == 9 and load.loc["Ann", T("2026-01-01")] == 12
    assert load.loc["Bob", T("2026-03-01")] == 3 and load.loc["Bob", T("2026-01-01")] == 0


def test_s_curve_fills_missing_months_and_cumulates():
    curve = s_curve(workload())
    assert list(curve.index) == [T("2026-01-01"), T("2026-02-01"), T("2026-03-01")]
    assert curve["planned"].tolist() == [10, 0, 12]
    assert curve["forecast"].tolist() == [12, 0, 12]  # March: actual 4 + remaining 8
    assert curve["planned_cum"].tolist() == [10, 10, 22]
    assert curve["forecast_cum"].tolist() == [12, 12, 24]


def test_heatmap_counts_open_risks_only():
    risks = pd.DataFrame({"probability": [3.0, 3.0, 1.0, 4.0, np.nan],
                          "impact": [4.0, 4.0, 1.0, 4.0, 2.0],
                          "status": ["Open", "Mitigating", "Open", "Closed", "Open"]})
    grid = risk_heatmap(risks)
    assert grid.index.tolist() == [4, 3, 2, 1] and grid.columns.tolist() == [1, 2, 3, 4]
    assert grid.loc[3, 4] == 2 and grid.loc[1, 1] == 1 and grid.loc[4, 4] == 0
    assert grid.to_numpy().sum() == 3
    assert risk_heatmap(risks, 5).shape == (5, 5)


def test_monthly_aggregate_keeps_totals():
    agg = monthly_workload(workload())
    assert len(agg) == 4  # Bob's two March rows on project B merge
    assert agg["planned"].sum() == workload()["planned"].sum()
    bob = agg[agg["resource"] == "Bob"].iloc[0]
    assert (bob.planned, bob.actual, bob.remaining) == (3.0, 2.0, 1.0) and pd.isna(bob.role)


def test_aggregate_gets_coarser_until_it_fits():
    wl = workload()
    assert len(monthly_workload(wl, max_rows=4)) == 4  # project, resource, role, month
    # By role still gives 4 rows (A/Dev Jan, A/Dev Mar, B/Dev Mar, B/- Mar): too many for 3.
    by_project = monthly_workload(wl, max_rows=3)
    assert by_project[["project", "month"]].values.tolist() == [
        ["A", T("2026-01-01")], ["A", T("2026-03-01")], ["B", T("2026-03-01")]]
    assert by_project["planned"].sum() == wl["planned"].sum()
    assert by_project["resource"].isna().all() and by_project["role"].isna().all()


def test_largest_overruns_first_and_no_budget_last():
    projects = pd.DataFrame({
        "project": ["A", "B", "C", "D", "E"],
        "eac_days": [110.0, 90.0, 150.0, 80.0, 130.0],
        "budget_days": [100.0, 100.0, 100.0, np.nan, 100.0],
    })
    # Overruns: A +10, B -10, C +50, D unknown, E +30.
    assert largest_overruns(projects, 3)["project"].tolist() == ["C", "E", "A"]
    assert largest_overruns(projects, 10)["project"].tolist() == ["C", "E", "A", "B", "D"]
