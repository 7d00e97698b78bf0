"""Earned value against a worked example computed by hand, to the cent."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from pmo_xl.kpis.evm import earned_value, evm_table

T = pd.Timestamp


def example():
    """Planned 10 days a month Jan-Apr at 500/day; actual 12, 10, 6; remaining 6, 14."""
    wl = pd.DataFrame({
        "project": ["X"] * 4,
        "month": [T("2026-01-01"), T("2026-02-01"), T("2026-03-01"), T("2026-04-01")],
        "planned": [10.0, 10, 10, 10], "actual": [12.0, 10, 6, np.nan],
        "remaining": [np.nan, np.nan, 6.0, 14],
    })
    rate = 500.0
    return wl.assign(planned_cost=wl["planned"] * rate, actual_cost=wl["actual"].fillna(0) *
                     rate, remaining_cost=wl["remaining"].fillna(0) * rate)


def test_worked_example_to_the_cent():
    e = earned_value(example(), dt.date(2026, 3, 15))
    # BAC = 40 d x 500 = 20,000. PV = Jan + Feb + 15/31 of March = 10,000 + 5,000 x 15/31.
    # Progress by effort = 28 / (28 + 20); EV = 20,000 x 28/48; AC = 28 x 500 = 14,000.
    pv, ev, ac, bac = 10_000 + 5_000 * 15 / 31, 20_000 * 28 / 48, 14_000.0, 20_000.0
    spi, cpi = ev / pv, ev / ac
    expected = {
        "bac": 20_000.00, "pv": 12_419.35, "ev": 11_666.67, "ac": 14_000.00,
        "sv": -752.69, "cv": -2_333.33, "eac_bottom_up": 24_000.00,  # AC + 20 d x 500
        "eac_cpi": 24_000.00, "eac_composite": 24_645.16, "vac": -4_000.00,
    }
    for key, value in expected.items():
        assert round(e[key], 2) == value, key
    assert e["spi"] == pytest.approx(31 / 33) and spi == pytest.approx(31 / 33)
    assert e["cpi"] == pytest.approx(5 / 6) and cpi == pytest.approx(5 / 6)
    assert e["eac_composite"] == pytest.approx(ac + (bac - ev) / (cpi * spi))
    assert e["tcpi"] == pytest.approx((25_000 / 3) / 6_000)  # 1.3889
    # Earned schedule: cumulative PV 5,000 / 10,000 / 15,000 / 20,000 at month ends;
    # EV = 11,666.67 lies a third into March: ES = 2 + 1,666.67/5,000 = 2.3333 months.
    assert e["es_months"] == pytest.approx(7 / 3)
    assert e["at_months"] == pytest.approx(2 + 15 / 31)
    assert e["spi_t"] == pytest.approx((7 / 3) / (2 + 15 / 31))


def test_nothing_planned_or_spent_gives_blanks_not_errors():
    wl = example().assign(planned_cost=0.0, actual_cost=0.0, actual=np.nan)
    e = earned_value(wl, dt.date(2026, 3, 15))
    assert e["bac"] == 0 and np.isnan(e["spi"]) and np.isnan(e["cpi"])


def test_table_uses_each_projects_reporting_date():
    wl = pd.concat([example(), example().assign(project="Y")])
    projects = pd.DataFrame({"project": ["X", "Y"],
                             "as_of": [T("2026-03-15"), T("2026-03-31")]})
    table = evm_table(wl, projects).set_index("project")
    assert round(table.at["X", "pv"], 2) == 12_419.35
    assert round(table.at["Y", "pv"], 2) == 15_000.00


def test_earned_schedule_over_a_gap_month_at_completion_and_without_workload():
    # 10 planned days in January and March (none in February) at 100/day: cumulative PV
    # 1,000 / 1,000 / 2,000. A: 15 consumed + 5 remaining -> EV = 2,000 x 0.75 = 1,500,
    # reached half-way through March: ES = 2 + 500/1,000 = 2.5. B: all consumed -> EV =
    # BAC, ES = the whole span up to the reporting month (Jan..Apr = 4). C: no workload.
    def one(code, actual, remaining):
        wl = pd.DataFrame({"project": code, "month": [T("2026-01-01"), T("2026-03-01")],
                           "planned": [10.0, 10.0], "actual": actual,
                           "remaining": remaining})
        return wl.assign(planned_cost=wl["planned"] * 100, actual_cost=wl["actual"] * 100,
                         remaining_cost=wl["remaining"] * 100)

    wl = pd.concat([one("A", [10.0, 5.0], [0.0, 5.0]), one("B", [10.0, 10.0], [0.0, 0.0])])
    projects = pd.DataFrame({"project": ["A", "B", "C"], "as_of": [T("2026-04-10")] * 3})
    table = evm_table(wl, projects).set_index("project")
    assert table.at["A", "ev"] == pytest.approx(1_500)
    assert table.at["A", "es_months"] == pytest.approx(2.5)
    assert table.at["A", "at_months"] == pytest.approx(3 + 10 / 30)
    assert table.at["A", "pv"] == pytest.approx(2_000)  # every planned month is past
    assert table.at["B", "es_months"] == pytest.approx(4)
    assert table.at["B", "spi_t"] == pytest.approx(4 / (3 + 10 / 30))
    assert table.at["C", "bac"] == 0 and np.isnan(table.at["C", "es_months"])
    assert np.isnan(table.at["C", "spi"])
