"""Each contract rule: a tracker that breaks it, and exactly the findings it must get."""

import datetime as dt

import numpy as np
import pandas as pd

import pmo_xl
import pmo_xl.xlsx
from pmo_xl.schema.rules import RULES
from tests.builders import (
    D,
    Formula,
    base_tables,
    finding_set,
    grid,
    make_tracker,
    make_workbook,
    minimal_sheets,
)


def broken_tables():
    t = base_tables()
    t["workload"] = [
        {"resource": "A", "role": "Dev", "month": "13/2026", "planned": 1},        # row 4
        {"resource": "B", "role": "Dev", "month": D(2026, 3, 1), "planned": "abc"},  # row 5
        {"resource": "C", "role": "Dev", "month": D(2026, 3, 1), "actual": -3},      # row 6
        {"resource": "D", "role": "Dev", "month": D(2026, 4, 1), "actual": 2},       # row 7
        {"resource": "E", "role": "Dev", "month": D(2026, 1, 1), "remaining": 4},    # row 8
        {"resource": "F", "role": "QA", "month": D(2026, 3, 1), "actual": 3},        # row 9
        {"resource": "G", "role": "Dev", "month": None, "planned": 2},               # row 10
    ]
    t["milestones"] = [
        {"id": "M1", "milestone": "Kick-off", "baseline_date": D(2026, 1, 9),
         "status": "Done"},                                                          # row 4
        {"id": "M1", "milestone": "Design", "baseline_date": D(2026, 2, 6),
         "status": "Soon"},                                                          # row 5
        {"id": "M3", "milestone": "Build", "baseline_date": D(2026, 3, 6),
         "actual_date": D(2026, 3, 6), "status": "On track"},                        # row 6
        {"id": "M4", "milestone": "UAT", "status": "Not started"},                   # row 7
        {"id": "M5", "baseline_date": D(2026, 6, 5), "status": "Not started"},       # row 8
        {"id": "M6", "milestone": "Kick-off", "baseline_date": D(2026, 2, 2),        # row 9
         "forecast_date": D(2026, 3, 2), "status": "Late"},
    ]
    t["risks"] = [
        {"id": "R1", "risk": "a", "probability": 2.5, "impact": 2, "status": "Open"},
        {"id": "R2", "risk": "b", "probability": 2, "impact": 7, "status": "Open"},
        {"id": "R3", "risk": "c", "probability": 2, "impact": 2, "status": "Open",
         "criticality_given": 5},
        {"id": "R4", "risk": "d", "probability": 1, "impact": 1},
    ]
    t["actions"] = [
        {"id": "A1", "action": "x", "due_date": D(2026, 4, 1), "status": "Open", "risk_id": "R9"},
        {"id": "A2", "action": "y", "due_date": "32/01/2026", "status": "Open"},
    ]
    return t


def test_broken_tracker_gets_exactly_its_findings(tmp_path, settings):
    make_tracker(tmp_path, tables=broken_tables(), end_forecast=D(2025, 12, 31),
                 budget_days="lots", value=6)
    p = pmo_xl.consolidate(tmp_path, settings)
    assert finding_set(p) == {
        ("END_BEFORE_START", "Project", "B14"),
        ("VALUE_NOT_NUMBER", "Project", "B15"),
        ("VALUE_OUT_OF_RANGE", "Project", "B23"),
        ("VALUE_NOT_DATE", "Workload", "E4"),
        ("VALUE_NOT_NUMBER", "Workload", "F5"),
        ("VALUE_OUT_OF_RANGE", "Workload", "G6"),
        ("ACTUAL_IN_FUTURE", "Workload", "G7"),
        ("REMAINING_IN_PAST", "Workload", "H8"),
        ("RATE_MISSING", "Workload", "D9"),
        ("VALUE_REQUIRED", "Workload", "E10"),
        ("MILESTONE_DONE_NO_DATE", "Milestones", "E4"),
        ("DUPLICATE_ID", "Milestones", "A5"),
        ("VALUE_NOT_IN_LIST", "Milestones", "F5"),
        ("MILESTONE_DATE_NOT_DONE", "Milestones", "F6"),
        ("VALUE_REQUIRED", "Milestones", "C7"),
        ("VALUE_REQUIRED", "Milestones", "B8"),
        ("MILESTONE_FORECAST_PASSED", "Milestones", "D9"),
        ("VALUE_NOT_INTEGER", "Risks", "D4"),
        ("VALUE_OUT_OF_RANGE", "Risks", "E5"),
        ("CRITICALITY_MISMATCH", "Risks", "K6"),
        ("VALUE_REQUIRED", "Risks", "I7"),
        ("RISK_ID_UNKNOWN", "Actions", "G4"),
        ("VALUE_NOT_DATE", "Actions", "E5"),
    }
    f = p.findings.set_index(["sheet", "cell"])
    assert f.loc[("Workload", "E4"), "value"] == "13/2026"
    assert f.loc[("Workload", "E4"), "message"].endswith("row left out.")
    assert f.loc[("Workload", "F5"), "message"].endswith("value left out.")
    assert f.loc[("Workload", "D9"), "message"] == (
        "No daily rate for role 'QA' (3 days); their cost counts as 0.")
    assert f.loc[("Risks", "K6"), "message"].startswith("Criticality given (5) differs from "
                                                        "probability × impact (4)")
    assert set(p.findings["project"]) == {"P-001"}
    assert set(p.findings["severity"]) == {"error", "warning"}
    # Rows without a month or a milestone name are left out; bad values become missing.
    assert f.loc[("Milestones", "D9"), "message"] == (
        "Forecast date already past (reporting date 13/03/2026) and the milestone is not "
        "done: give it a new forecast, or its actual date.")
    assert len(p.workload) == 5 and len(p.milestones) == 5
    assert np.isnan(p.workload.set_index("resource").loc["B", "planned"])
    assert np.isnan(p.project("P-001").budget_days)


def test_messages_in_french(tmp_path, settings):
    make_tracker(tmp_path, tables=broken_tables(), lang="fr")
    p = pmo_xl.consolidate(tmp_path, settings.with_language("fr"))
    f = p.findings.set_index(["sheet", "cell"])
    assert f.loc[("Charges", "E4"), "message"] == (
        "'Mois' n'est pas une date (attendu jj/mm/aaaa ou aaaa-mm-jj) ; ligne écartée.")
    # The allowed words in the language of the output that shows the message.
    assert f.loc[("Jalons", "F5"), "message"] == (
        "'Statut' doit valoir : Non démarré, Dans les temps, À risque, En retard, Atteint ; "
        "valeur écartée.")


def test_excel_error_values_are_findings(tmp_path, settings):
    sheets = minimal_sheets()
    sheets["Workload"]["C2"] = Formula("=1/0", "#DIV/0!")
    sheets["Risks"]["B2"] = Formula("=VLOOKUP(1,X,2,0)", "#N/A")
    sheets["Project"]["B2"] = Formula("=Sheet9!A1", "#REF!")
    make_workbook(tmp_path / "t.xlsx", sheets)
    p = pmo_xl.consolidate(tmp_path, settings)
    assert finding_set(p) == {("VALUE_EXCEL_ERROR", "Workload", "C2"),
                              ("VALUE_EXCEL_ERROR", "Risks", "B2"),
                              ("VALUE_EXCEL_ERROR", "Project", "B2")}
    assert sorted(p.findings["value"]) == ["#DIV/0!", "#N/A", "#REF!"]
    assert np.isnan(p.workload["planned"].iloc[0]) and p.workload["actual"].iloc[0] == 4
    assert np.isnan(p.risks["criticality"].iloc[0])


def test_missing_columns_and_labels(tmp_path, settings):
    sheets = minimal_sheets()
    sheets["Workload"] = grid("A1", [["Resource", "Planned (days)", "Actual (days)",
                                      "Remaining (days)"], ["Ann", 1, 1, 1]])
    sheets["Risks"] = grid("A1", [["Risk", "Impact", "Status", "Status"],
                                  ["x", 2, "Open", "Closed"]])
    del sheets["Project"]["A2"], sheets["Project"]["B2"]  # no project name label
    make_workbook(tmp_path / "t.xlsx", sheets)
    p = pmo_xl.consolidate(tmp_path, settings)
    assert finding_set(p) == {
        ("LABEL_MISSING", "Project", ""),
        ("COLUMN_MISSING", "Workload", "A1"),  # Month: every row is unusable
        ("COLUMN_MISSING", "Risks", "A1"),     # Probability
        ("COLUMN_DUPLICATE", "Risks", "D1"),
    }
    assert p.workload.empty
    assert p.risks["status"].tolist() == ["Open"]  # the first Status column wins


def test_missing_sheets_and_unfindable_header(tmp_path, settings):
    sheets = minimal_sheets()
    del sheets["Actions"]
    sheets["Milestones"] = grid("A1", [["Something else entirely"], ["x"]])
    make_workbook(tmp_path / "t.xlsx", sheets)
    p = pmo_xl.consolidate(tmp_path, settings)
    # A missing sheet has no location in the file: its message names it.
    assert finding_set(p) == {("SHEET_MISSING", "", ""),
                              ("HEADER_NOT_FOUND", "Milestones", "")}
    missing = p.findings.set_index("rule").loc["SHEET_MISSING"]
    assert missing["message"] == "Required sheet 'Actions' not found; its data is missing."
    assert missing.params == '{"consequence": "sheet", "missing_sheet": "actions"}'
    assert len(p.projects) == 1  # the rest of the tracker is used


def test_tracker_without_project_sheet_or_code_is_left_out_whole(tmp_path, settings):
    no_card = minimal_sheets()
    del no_card["Project"]
    make_workbook(tmp_path / "a.xlsx", no_card)
    no_code = minimal_sheets()
    no_code["Project"]["B1"] = "  "
    make_workbook(tmp_path / "b.xlsx", no_code)
    bad_date = minimal_sheets()
    bad_date["Project"]["B3"] = "someday"
    make_workbook(tmp_path / "c.xlsx", bad_date)
    make_tracker(tmp_path, "ok.xlsx")
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.projects["project"].tolist() == ["P-001"]
    got = {(f.file.rsplit("/", 1)[-1], f.rule, f.cell) for f in p.findings.itertuples()}
    assert got == {
        ("a.xlsx", "SHEET_MISSING", ""),
        ("b.xlsx", "VALUE_REQUIRED", "B1"), ("b.xlsx", "PROJECT_UNUSABLE", ""),
        ("c.xlsx", "VALUE_NOT_DATE", "B3"), ("c.xlsx", "PROJECT_UNUSABLE", ""),
    }
    assert p.sources["used"].tolist() == [False, False, False, True]


def one_odd_date(tmp_path, settings, as_of: dt.date):
    """P-001 reporting on ``as_of``; P-002 and P-003 on the usual date."""
    make_tracker(tmp_path, as_of=as_of, tables={})
    for code in ("P-002", "P-003"):
        make_tracker(tmp_path, f"{code}.xlsx", code=code, tables={})
    return pmo_xl.consolidate(tmp_path, settings)


def test_stale_report(tmp_path, settings):
    """Stale is measured from the portfolio's date: the date most trackers give."""
    p = one_odd_date(tmp_path, settings, dt.date(2026, 2, 26))
    assert p.reporting_date == dt.date(2026, 3, 13)
    assert finding_set(p) == {("REPORT_STALE", "Project", "B17")}
    assert p.findings["message"].iloc[0] == (
        "Reporting date 26/02/2026 is 15 days from the portfolio's (13/03/2026; limit 14 "
        "days).")
    assert [bool(p.project(c).stale) for c in ("P-001", "P-002")] == [True, False]
    assert p.project("P-001").report_age_days == 15


def test_a_reporting_date_typed_a_year_ahead_never_dates_the_portfolio(tmp_path, settings):
    """A year typo is an error at its cell; the project keeps the portfolio's date."""
    p = one_odd_date(tmp_path, settings, dt.date(2027, 3, 13))
    assert p.reporting_date == dt.date(2026, 3, 13)
    assert finding_set(p) == {("REPORT_IN_FUTURE", "Project", "B17")}
    assert p.findings["message"].iloc[0] == (
        "Reporting date 13/03/2027 is after the day of the run (16/03/2026); the "
        "portfolio's date (13/03/2026) is used instead.")
    assert p.project("P-001").as_of == pd.Timestamp("2026-03-13")
    assert pmo_xl.xlsx.master_filename(p) == "Portfolio_2026-03-13.xlsx"


def test_the_portfolio_date_is_the_latest_of_the_most_common():
    from pmo_xl.validate import portfolio_date

    dates = pd.Series(pd.to_datetime(["2026-03-06", "2026-03-13", "2026-03-06",
                                      "2026-03-13", "2026-02-27", "2027-03-13"]))
    assert portfolio_date(dates, today=dt.date(2026, 3, 16)) == dt.date(2026, 3, 13)
    assert portfolio_date(dates[:3]) == dt.date(2026, 3, 6)
    assert portfolio_date(dates, given=dt.date(2026, 3, 20)) == dt.date(2026, 3, 20)
    assert portfolio_date(pd.Series([], dtype="datetime64[ns]")) is None


def test_every_rule_has_both_languages_and_is_exercised():
    import pathlib

    tests = "".join(p.read_text() for p in pathlib.Path(__file__).parent.glob("test_*.py"))
    for code, rule in RULES.items():
        assert rule.en and rule.fr and rule.en != rule.fr
        assert f'"{code}"' in tests, f"no test expects {code}"
