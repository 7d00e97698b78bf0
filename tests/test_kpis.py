"""Every figure against a value computed by hand."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from pmo_xl.figures import figure
from pmo_xl.kpis.actions import overdue
from pmo_xl.kpis.milestones import past_due, slip_days
from pmo_xl.kpis.risks import criticality, criticality_class, is_open
from pmo_xl.kpis.status import computed_status
from pmo_xl.kpis.workload import effective_rate, effort_figures, ratio, with_costs
from pmo_xl.settings import StatusThresholds

T = pd.Timestamp


def dates(*values):
    return pd.Series([T(v) if v else pd.NaT for v in values], dtype="datetime64[ns]")


def test_slip_counts_working_days_from_baseline():
    baseline = dates("2026-03-06", "2026-03-06", "2026-03-06", "2026-03-06", None)
    actual = dates(None, "2026-03-09", None, None, None)
    forecast = dates("2026-03-06", "2026-03-20", "2026-03-02", None, "2026-03-09")
    # same day 0; Fri→Mon 1 (actual wins over forecast); Fri→Mon before: -4 (early);
    # no target date and no baseline: unknown.
    got = slip_days(baseline, actual, forecast)
    assert got.tolist()[:3] == [0.0, 1.0, -4.0]
    assert np.isnan(got[3]) and np.isnan(got[4])


def test_slip_skips_holidays():
    baseline, forecast = dates("2026-04-03"), dates("2026-04-08")
    # Fri 3 Apr → Wed 8 Apr: Fri, Mon, Tue = 3 days; Easter Monday 6 Apr off: 2.
    assert slip_days(baseline, dates(None), forecast).iloc[0] == 3
    assert slip_days(baseline, dates(None), forecast, [dt.date(2026, 4, 6)]).iloc[0] == 2


@pytest.mark.parametrize(("scale", "values", "classes"), [
    (4, [1, 3, 4, 8, 9, 16], ["Minor", "Minor", "Major", "Major", "Critical", "Critical"]),
    (5, [4, 5, 12, 15, 25], ["Minor", "Major", "Major", "Critical", "Critical"]),
])
def test_criticality_classes(scale, values, classes):
    assert criticality_class(pd.Series(values, dtype=float), scale).tolist() == classes


def test_criticality_is_probability_times_impact_and_missing_stays_missing():
    got = criticality(pd.Series([3.0, 2.0, np.nan]), pd.Series([4.0, 2.0, 3.0]))
    assert got.tolist()[:2] == [12.0, 4.0] and np.isnan(got[2])
    assert criticality_class(got).tolist() == ["Critical", "Major", None]


def test_open_risks_include_unreadable_status():
    assert is_open(pd.Series(["Open", "Mitigating", "Closed", "Occurred", None])).tolist() == [
        True, True, False, False, True]


def test_overdue_actions():
    status = pd.Series(["Open", "In progress", "Done", "Cancelled", "Open", None, "Open"])
    due = dates("2026-03-12", "2026-03-01", "2026-03-01", "2026-03-01", "2026-03-13",
                "2026-03-01", None)
    as_of = dates(*["2026-03-13"] * 7)
    # due the reporting day itself is not overdue; a blank status counts as not done.
    assert overdue(status, due, as_of).tolist() == [True, True, False, False, False, True, False]


def workload_frame():
    return pd.DataFrame({
        "project": ["A", "A", "A", "B"],
        "role": ["Dev", "dev", "PM", "Dev"],
        "planned": [10.0, 10.0, 5.0, 0.0],
        "actual": [12.0, 4.0, np.nan, 2.0],
        "remaining": [np.nan, 6.0, 5.0, 0.0],
        "rate": [np.nan, np.nan, 900.0, np.nan],
    })


def test_effort_figures_by_hand():
    fig = effort_figures(workload_frame())
    a, b = fig.loc["A"], fig.loc["B"]
    assert (a.planned_days, a.consumed_days, a.remaining_days) == (25, 16, 11)
    assert (a.eac_days, a.variance_days) == (27, 2)
    assert a.variance_pct == pytest.approx(2 / 25)
    assert a.progress == pytest.approx(16 / 27)
    # B: nothing planned -> variance % unknown, not infinite.
    assert b.eac_days == 2 and np.isnan(b.variance_pct) and b.progress == 1.0


def test_rates_row_first_then_role_case_insensitive():
    rates = pd.DataFrame({"project": ["A", "A"], "role": ["DEV", "PM"], "rate": [500.0, 800.0]})
    wl = workload_frame()
    assert effective_rate(wl, rates).tolist()[:3] == [500.0, 500.0, 900.0]
    assert np.isnan(effective_rate(wl, rates)[3])  # project B has no rates
    costed = with_costs(wl, rates)
    assert costed["actual_cost"].tolist() == [6000.0, 2000.0, 0.0, 0.0]
    assert costed["remaining_cost"].tolist() == [0.0, 3000.0, 4500.0, 0.0]


def test_ratio_never_divides_by_zero():
    assert ratio(pd.Series([1.0, 1.0]), pd.Series([0.0, 4.0])).tolist()[1] == 0.25


def test_computed_status_worst_criterion_wins():
    projects = pd.DataFrame({
        "variance_pct": [0.0, 0.05, 0.12, np.nan],
        "max_open_slip_days": [0, 0, 0, 20],
        "critical_risks": [0, 0, 1, 0],
        "overdue_actions": [0, 0, 0, 0],
    })
    status, drivers = computed_status(projects, StatusThresholds())
    assert status.tolist() == ["Green", "Amber", "Red", "Red"]
    assert drivers.tolist() == ["", "variance_pct", "variance_pct;critical_risks",
                                "max_open_slip_days"]
    # Each output words the reasons in its own language, units included.
    reasons = figure("projects", "status_reasons")
    rows = projects.assign(status_drivers=drivers).to_dict("records")
    assert [reasons.cell(r, "en") for r in rows] == [
        "", "variance +5%", "variance +12%; critical risks 1", "slip 20\u00a0d"]
    assert [reasons.cell(r, "fr") for r in rows] == [
        "", "écart +5\u202f%", "écart +12\u202f%\u00a0; risques critiques 1",
        "glissement 20\u00a0j"]
    strict = StatusThresholds(variance_pct_amber=0.01)
    assert computed_status(projects.iloc[[0]], strict)[0].tolist() == ["Green"]


def test_overdue_milestones_by_hand(tmp_path):
    """A figure added by the recipe of docs/architecture.md: its function, its registry
    entry, and it reaches the outputs whose views list it."""
    import openpyxl

    import pmo_xl
    from pmo_xl.settings import Settings
    from pmo_xl.xlsx import write_master
    from tests.builders import TODAY, D, base_tables, make_tracker

    as_of = dates("2026-03-13", "2026-03-13", "2026-03-13", "2026-03-13")
    target = dates("2026-03-09", "2026-03-13", "2026-02-10", None)
    done = pd.Series([False, False, True, False])
    # due 09/03, not done: past due; due on the reporting day: not yet; done: never; no date.
    assert past_due(done, target, as_of).tolist() == [True, False, False, False]
    tables = base_tables()  # M1 done 10/02; M2 forecast 05/06: neither is past due
    tables["milestones"] += [
        {"id": "M3", "milestone": "UAT", "baseline_date": D(2026, 3, 2),
         "forecast_date": D(2026, 3, 9), "status": "On track"},   # forecast 09/03 < 13/03
        {"id": "M4", "milestone": "Training", "baseline_date": D(2026, 3, 4),
         "status": "Late"},                                        # no forecast: baseline 04/03
    ]
    make_tracker(tmp_path / "t", tables=tables)
    p = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY, workers=1))
    assert p.project("P-001").overdue_milestones == 2
    for lang, header in (("en", "Overdue milestones"), ("fr", "Jalons dépassés")):
        ws = openpyxl.load_workbook(write_master(p, tmp_path / f"{lang}.xlsx", lang=lang))[
            "Projects" if lang == "en" else "Projets"]
        heads = [c.value for c in ws[1]]
        assert ws.cell(2, heads.index(header) + 1).value == 2
