"""The public API: consolidate(paths) -> Portfolio, figures checked by hand."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import pmo_xl
from pmo_xl.settings import Settings
from tests.builders import AS_OF, TODAY, base_project, base_tables, finding_set, make_tracker

T = pd.Timestamp


def test_clean_tracker_has_no_findings_and_every_figure(tmp_path, settings):
    make_tracker(tmp_path)
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.findings.empty
    row = p.project("P-001")
    # Workload (see builders.base_tables): planned 10+10+5, actual 12+4, remaining 6+5.
    assert (row.planned_days, row.consumed_days, row.remaining_days) == (25, 16, 11)
    assert (row.eac_days, row.variance_days) == (27, 2)
    assert row.variance_pct == pytest.approx(0.08)
    assert row.progress == pytest.approx(16 / 27)
    # Cost: Dev at 500 from Rates; the PM row carries its own rate 900 (not Rates' 800).
    assert row.planned_cost == 10 * 500 + 10 * 500 + 5 * 900
    assert row.consumed_cost == 12 * 500 + 4 * 500
    assert row.eac_cost == 8000 + 6 * 500 + 5 * 900
    assert row.budget_variance_days == 27 - 100
    assert row.budget_variance_cost == 15500 - 60000
    # Milestones: M1 Fri 6 Feb -> Tue 10 Feb = 2 days; M2 Fri 29 May -> Fri 5 Jun = 5 days.
    assert p.milestones["slip_days"].tolist() == [2.0, 5.0]
    assert (row.max_slip_days, row.max_open_slip_days) == (5, 5)
    assert row.next_milestone == "Go-live" and row.next_milestone_date == T("2026-06-05")
    # Risks: R1 9 critical open, R2 4 major mitigating, R3 16 critical but closed.
    assert p.risks["criticality"].tolist() == [9, 4, 16]
    assert p.risks["criticality_class"].tolist() == ["Critical", "Major", "Critical"]
    assert (row.open_risks, row.critical_risks) == (2, 1)
    # Actions: A1 due 10/03 in progress (overdue on 13/03), A2 done, A3 due later.
    assert p.actions["overdue"].tolist() == [True, False, False]
    # A1 was due 10/03, the report speaks for 13/03: 3 days late; the others are not late.
    assert p.actions["days_late"].tolist()[0] == 3 and p.actions["days_late"][1:].isna().all()
    assert row.overdue_actions == 1 and row.pending_decisions == 1
    # Amber on every criterion at its default threshold; the PM declared Green.
    assert row.computed_status == "Amber" and row.status == "Green"
    assert bool(row.status_mismatch)
    assert row.status_drivers == "variance_pct;max_open_slip_days;critical_risks;overdue_actions"
    assert row.status_reasons == ("variance +8%; slip 5\u00a0d; critical risks 1; "
                                  "overdue actions 1")
    assert row.report_age_days == 0 and not row.stale  # from the portfolio's date


def test_columns_types_and_provenance(tmp_path, settings):
    path = make_tracker(tmp_path)
    p = pmo_xl.consolidate([path], settings)
    assert list(p.workload.columns[:10]) == ["project", "workstream", "task", "resource",
                                             "role", "month", "planned", "actual",
                                             "remaining", "rate"]
    assert p.workload["month"].dtype == "datetime64[ns]"
    assert p.workload["planned"].dtype == "float64"
    assert p.projects["as_of"].iloc[0] == T(AS_OF)
    assert p.workload["source_file"].unique().tolist() == [str(path)]
    assert p.workload["source_row"].tolist() == [4, 5, 6]  # header on row 3
    assert p.reporting_date == AS_OF
    assert set(p.tables()) == {"projects", "workload", "rates", "milestones", "risks",
                               "actions", "decisions", "costs", "findings", "missing"}


def test_french_tracker_is_normalised_to_english_words(tmp_path, settings):
    make_tracker(tmp_path, lang="fr")
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.findings.empty
    assert p.projects[["status", "phase", "trend"]].iloc[0].tolist() == [
        "Green", "Build", "Stable"]
    assert p.milestones["status"].tolist() == ["Done", "At risk"]
    assert p.milestones["steering"].tolist() == ["Yes", "Yes"]
    assert set(p.risks["status"]) == {"Open", "Mitigating", "Closed"}
    assert p.actions["status"].tolist() == ["In progress", "Done", "Open"]


def test_portfolio_of_two_projects_adds_up(tmp_path, settings):
    make_tracker(tmp_path, "a.xlsx")
    tables = base_tables()
    tables["workload"] = [{"resource": "Zoé", "role": "Dev", "month": dt.date(2026, 3, 1),
                           "planned": 20, "actual": 5, "remaining": 25}]
    make_tracker(tmp_path, "b.xlsx", code="P-002", tables=tables, lang="fr")
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.projects["project"].tolist() == ["P-001", "P-002"]
    b = p.project("P-002")
    assert (b.eac_days, b.variance_days, b.variance_pct) == (30, 10, 0.5)
    assert b.computed_status == "Red"
    assert p.projects["eac_days"].sum() == 27 + 30
    assert len(p.workload) == 4 and len(p.risks) == 6


def test_duplicate_code_keeps_the_later_reporting_date(tmp_path, settings):
    old = make_tracker(tmp_path, "old.xlsx", as_of=dt.date(2026, 3, 6))
    new = make_tracker(tmp_path, "new.xlsx", as_of=dt.date(2026, 3, 13))
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.projects["source_file"].tolist() == [str(new)]
    dup = p.findings[p.findings["rule"] == "DUPLICATE_PROJECT"]
    assert dup["file"].tolist() == [str(old)] and dup["cell"].tolist() == ["B4"]
    assert str(new) in dup["message"].iloc[0] and "06/03/2026" in dup["message"].iloc[0]
    assert p.sources.set_index("file").loc[str(old), "used"] == False  # noqa: E712


def test_empty_folder_gives_empty_typed_portfolio(tmp_path, settings):
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.projects.empty and p.findings.empty and p.reporting_date is None
    assert p.workload["month"].dtype == "datetime64[ns]"


def test_settings_file_next_to_trackers(tmp_path):
    make_tracker(tmp_path)
    (tmp_path / "pmo_xl.toml").write_text(
        'language = "fr"\nstaleness_days = 1\ntoday = 2026-03-16\n'
        "reporting_date = 2026-03-16\n[status]\n"
        "variance_pct_amber = 0.5\nvariance_pct_red = 0.9\nslip_days_amber = 50\n"
        "slip_days_red = 90\ncritical_risks_amber = 9\ncritical_risks_red = 9\n"
        "overdue_actions_amber = 9\noverdue_actions_red = 9\n", encoding="utf-8")
    p = pmo_xl.consolidate(tmp_path)
    assert p.project("P-001").computed_status == "Green"
    assert finding_set(p) == {("REPORT_STALE", "Project", "B17")}
    assert p.findings["message"].iloc[0] == (
        "Date de reporting 13/03/2026 à 3 jours de celle du portefeuille (16/03/2026 ; "
        "limite 1 jours).")
    assert p.reporting_date == dt.date(2026, 3, 16)  # the settings', not the trackers'



def test_risk_scale_five_accepts_five(tmp_path):
    tables = base_tables()
    tables["risks"][0].update(probability=5, impact=5)
    make_tracker(tmp_path, tables=tables)
    four = pmo_xl.consolidate(tmp_path, Settings(today=dt.date(2026, 3, 16)))
    assert finding_set(four) == {("VALUE_OUT_OF_RANGE", "Risks", "D4"),
                                 ("VALUE_OUT_OF_RANGE", "Risks", "E4")}
    assert np.isnan(four.risks["criticality"].iloc[0])
    five = pmo_xl.consolidate(tmp_path, Settings(today=dt.date(2026, 3, 16), risk_scale=5))
    assert five.findings.empty
    assert five.risks["criticality_class"].tolist() == ["Critical", "Minor", "Critical"]


def test_holidays_calendar_from_settings(tmp_path):
    tables = base_tables()
    tables["milestones"][1].update(baseline_date=dt.date(2026, 5, 1),
                                   forecast_date=dt.date(2026, 5, 11))
    make_tracker(tmp_path, tables=tables)
    plain = pmo_xl.consolidate(tmp_path, Settings(today=dt.date(2026, 3, 16)))
    fr = pmo_xl.consolidate(tmp_path, Settings(today=dt.date(2026, 3, 16), holidays="FR"))
    # Fri 1 May -> Mon 11 May: 6 working days; in France 1 May and 8 May are holidays: 4.
    assert plain.milestones["slip_days"].iloc[1] == 6
    assert fr.milestones["slip_days"].iloc[1] == 4


def test_two_processes_give_exactly_what_one_gives(tmp_path):
    # Sets of trackers are validated apart in worker processes; duplicates across sets,
    # bad files and broken values must come out as in a single pass.
    trackers = tmp_path / "t"
    for i in range(12):
        tables = base_tables()
        if i % 4 == 1:
            tables["risks"][0]["probability"] = 7  # a table finding
        make_tracker(trackers, f"p{i:02d}.xlsx", tables=tables, lang="fr" if i % 3 else "en",
                     project=base_project(code=f"P-{i % 10:03d}"))  # p10, p11 duplicate p00, p01
    (trackers / "p05.xlsx").write_bytes(b"PK\x03\x04 truncated")
    one = pmo_xl.consolidate(trackers, Settings(today=TODAY, workers=1))
    two = pmo_xl.consolidate(trackers, Settings(today=TODAY, workers=2))
    assert len(one.projects) == 9 and (one.findings["rule"] == "DUPLICATE_PROJECT").sum() == 2
    for key in ("projects", "workload", "milestones", "risks", "actions", "findings",
                "sources"):
        pd.testing.assert_frame_equal(getattr(one, key), getattr(two, key), obj=key)


POOL_SCRIPT = """
import threading
from pmo_xl.forking import pool_context
said = [pool_context().get_start_method()]
done = threading.Event()
threading.Thread(target=done.wait, daemon=True).start()
said.append(pool_context().get_start_method())
print(" ".join(said))
"""


def test_the_readers_pool_forks_only_without_other_threads():
    """A fork copies one thread; with another one running, a held lock could hang the
    child: the readers then start from a forkserver (a fresh interpreter)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", POOL_SCRIPT], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["fork", "forkserver"]
