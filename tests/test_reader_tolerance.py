"""Everything the contract says a tracker may do reads correctly."""

import datetime as dt

import pandas as pd
import pytest

import pmo_xl
from pmo_xl.schema.contract import PROJECT, RISKS, WORKLOAD
from tests.builders import AS_OF, Formula, Table, grid, make_workbook, minimal_sheets

T = pd.Timestamp


def read(tmp_path, sheets, settings, **kw):
    make_workbook(tmp_path / "t.xlsx", sheets, **kw)
    return pmo_xl.consolidate(tmp_path, settings)


def test_minimal_tracker_in_french_and_english(tmp_path, settings):
    for lang in ("en", "fr"):
        folder = tmp_path / lang
        p = read(folder, minimal_sheets(lang), settings)
        assert p.findings.empty, p.findings.message.tolist()
        assert p.projects["as_of"].tolist() == [T(AS_OF)]
        assert p.milestones["status"].tolist() == ["On track"]
        assert p.risks["criticality"].tolist() == [6.0]


def test_mixed_languages_case_accents_spaces_and_units(tmp_path, settings):
    sheets = minimal_sheets("fr")
    sheets["  PROJET "] = sheets.pop("Projet")
    del sheets["Charges"], sheets["Jalons"]
    sheets["charges"] = grid("A1", [
        ["  RESSOURCE ", "mois", "Prevu (jours)", "CONSOMME", "Reste  a  faire (j)"],
        ["Ann", T("2026-03-01"), 10, 4, 6]])
    sheets["Milestones"] = grid("A1", [
        ["Milestone", "date de REFERENCE", "Forecast date", "statut"],
        ["Go", dt.date(2026, 6, 5), dt.date(2026, 6, 5), "dans LES temps"]])
    sheets["Risques"]["D2"] = "ouvert"
    p = read(tmp_path, sheets, settings)
    assert p.findings.empty, p.findings.message.tolist()
    assert p.workload[["planned", "actual", "remaining"]].iloc[0].tolist() == [10, 4, 6]
    assert p.milestones["status"].tolist() == ["On track"]


def test_table_below_a_title_in_any_column_with_merged_cells(tmp_path, settings):
    sheets = minimal_sheets()
    sheets["Workload"] = {
        "B2": "ACME corp — workload plan", "B3": "(days)",
        **grid("D10", [["Resource", "Month", "Planned (days)", "Actual (days)",
                        "Remaining (days)", "My own notes"],
                       ["Ann", dt.date(2026, 3, 1), 10, 4, 6, "extra column"],
                       [None] * 6,
                       ["Bob", dt.date(2026, 4, 1), 3, None, 3, None]]),
    }
    p = read(tmp_path, sheets, settings, merges={"Workload": ["B2:H2"]})
    assert p.findings.empty, p.findings.message.tolist()
    assert p.workload["resource"].tolist() == ["Ann", "Bob"]
    assert p.workload["source_row"].tolist() == [11, 13]


def test_header_beyond_the_first_30_rows_is_not_found(tmp_path, settings):
    sheets = minimal_sheets()
    sheets["Risks"] = grid("A31", [["Risk", "Probability", "Impact", "Status"],
                                   ["x", 1, 1, "Open"]])
    p = read(tmp_path, sheets, settings)
    assert p.findings["rule"].tolist() == ["HEADER_NOT_FOUND"]


def test_excel_table_range_is_authoritative(tmp_path, settings):
    sheets = minimal_sheets()
    sheets["Risks"] = {
        "A1": "Risk register",
        # A decoy header row above the table that would also match.
        **grid("A2", [["Risk", "Probability", "Impact", "Status"]]),
        **grid("B5", [["Risk", "Probability", "Impact", "Status"],
                      ["in table", 2, 2, "Open"],
                      ["also in table", 1, 1, "Closed"]]),
        **grid("B9", [["Total", 3, 3, None]]),  # below the table: not a risk
    }
    p = read(tmp_path, sheets, settings, tables=[Table("Risks", "B5:E7", "tblRisks")])
    assert p.findings.empty, p.findings.message.tolist()
    assert p.risks["risk"].tolist() == ["in table", "also in table"]
    assert p.risks["source_row"].tolist() == [6, 7]


@pytest.mark.parametrize(("text", "expected"), [
    ("15/03/2026", "2026-03-15"), ("5/3/2026", "2026-03-05"), ("15/03/26", "2026-03-15"),
    ("2026-03-15", "2026-03-15"), (" 2026-03-15 ", "2026-03-15"), ("46096", "2026-03-15"),
])
def test_text_dates(tmp_path, settings, text, expected):
    sheets = minimal_sheets()
    sheets["Actions"]["B2"] = text
    p = read(tmp_path, sheets, settings)
    assert p.findings.empty and p.actions["due_date"].tolist() == [T(expected)]


@pytest.mark.parametrize("value", [
    "30/02/2026", "2026-02-30 00:00:00",  # no such day: never rolled over to March
    dt.datetime(9999, 12, 31), "31/12/9999",  # a "no end" placeholder: not a usable date
    dt.datetime(1600, 1, 1), "2026-13-01",
])
def test_impossible_or_unusable_dates_are_findings(tmp_path, settings, value):
    sheets = minimal_sheets()
    sheets["Actions"]["B2"] = value
    p = read(tmp_path, sheets, settings)
    assert p.findings[["rule", "sheet", "cell"]].values.tolist() == [
        ["VALUE_NOT_DATE", "Actions", "B2"]]
    assert p.actions["due_date"].isna().all()


@pytest.mark.parametrize(("text", "expected"), [
    ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1\u202f234,5", 1234.5),
    ("1234.5", 1234.5), ("12", 12.0), (" 7,25 ", 7.25),
])
def test_text_numbers(tmp_path, settings, text, expected):
    sheets = minimal_sheets()
    sheets["Workload"]["C2"] = text
    p = read(tmp_path, sheets, settings)
    assert p.findings.empty and p.workload["planned"].tolist() == [expected]


def test_month_column_means_the_month(tmp_path, settings):
    sheets = minimal_sheets()
    sheets["Workload"] = grid("A1", [
        ["Resource", "Month", "Planned (days)", "Actual (days)", "Remaining (days)"],
        ["a", dt.date(2026, 3, 17), 1, 1, 0], ["b", "03/2026", 1, 1, 0],
        ["c", "2026-03", 1, 1, 0], ["d", "31/03/2026", 1, 1, 0]])
    p = read(tmp_path, sheets, settings)
    assert p.findings.empty
    assert set(p.workload["month"]) == {T("2026-03-01")}


def test_formulas_read_by_cached_value(tmp_path, settings):
    sheets = minimal_sheets()
    sheets["Workload"]["C2"] = Formula("=5+5", 10)
    sheets["Risks"]["A2"] = Formula('="Vendor "&"late"', "Vendor late")
    sheets["Project"]["B3"] = Formula("=TODAY()-3", AS_OF)
    make_workbook(tmp_path / "t.xlsx", sheets)
    # A cached date from a formula is a serial number: still the reporting date.
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.findings.empty, p.findings.message.tolist()
    assert p.workload["planned"].tolist() == [10.0]
    assert p.risks["risk"].tolist() == ["Vendor late"]


def test_extra_sheets_and_columns_are_ignored(tmp_path, settings):
    sheets = minimal_sheets()
    sheets["My notes"] = {"A1": "Project code", "B1": "NOT-ME"}
    sheets["Workload"]["F1"] = "Cost centre"
    sheets["Workload"]["F2"] = "CC-42"
    p = read(tmp_path, sheets, settings)
    assert p.findings.empty
    assert p.projects["project"].tolist() == ["P-900"]
    assert "Cost centre" not in p.workload.columns


def test_xlsm_and_hidden_title_cells(tmp_path, settings):
    make_workbook(tmp_path / "t.xlsm", minimal_sheets())
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.projects["project"].tolist() == ["P-900"]


def test_label_matching_respects_ambiguous_units():
    m = PROJECT.matcher()
    assert m.match("Budget (days)") == "budget_days"
    assert m.match("budget (J/H)") == "budget_days"
    assert m.match("Budget (€)") == "budget_cost"
    assert m.match("Budget") is None  # days or money? neither is guessed
    assert m.match("Valeur métier") == "value"
    assert WORKLOAD.matcher().match("Prévu (j/h)") == "planned"
    assert WORKLOAD.matcher().match("prevu") == "planned"
    assert RISKS.matcher().match("Criticité") == "criticality_given"
    assert m.match("Date d’identification") is None  # a Risks label, not the card's
