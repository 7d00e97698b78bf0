"""The workload's grid form (contract v1.1): months across, as PMs keep their plan.

Each grid below holds the same plan as ``LONG`` (the long form) in one of the shapes PMs
really use; each consolidates to exactly the long form's figures, and a grid typed with
mistakes gets exactly its findings, at the grid's own cells.
"""

import datetime as dt

import pandas as pd
import pytest

import pmo_xl
from pmo_xl.settings import Settings
from tests.builders import TODAY, Formula, Table, finding_set, grid, make_workbook, minimal_sheets

D = dt.date
RATES = grid("A1", [["Role", "Daily rate"], ["Dev", 500], ["PM", 800]])
LONG = grid("A1", [
    ["Resource", "Role", "Month", "Planned (days)", "Actual (days)", "Remaining (days)",
     "Daily rate"],
    ["Ann", "Dev", D(2026, 2, 1), 10, 12, None, None],
    ["Ann", "Dev", D(2026, 3, 1), 10, 4, 6, None],
    ["Bob", "PM", D(2026, 4, 1), 5, None, 5, 900],
    ["Bob", "PM", D(2026, 5, 1), 0, None, 0, 900],  # zeros are zeros
])
FIGURES = ["planned_days", "consumed_days", "remaining_days", "eac_days", "variance_days",
           "variance_pct", "progress", "planned_cost", "consumed_cost", "eac_cost", "bac", "pv",
           "ev", "ac", "spi", "cpi"]


def tracker(folder, workload_sheets: dict, *, lang: str = "en", name: str = "t.xlsx",
            tables: list | None = None, merges: dict | None = None):
    """A tracker whose workload is given as raw sheets (replacing the long one)."""
    sheets = minimal_sheets(lang)
    sheets.pop("Workload" if lang == "en" else "Charges")
    sheets.update(workload_sheets)
    sheets["Rates" if lang == "en" else "TJM"] = RATES
    return make_workbook(folder / name, sheets, tables, merges)


def consolidated(folder):
    return pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1))


@pytest.fixture(scope="module")
def long_figures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    tracker(folder, {"Workload": LONG})
    p = consolidated(folder)
    assert p.findings.empty
    return p.projects[FIGURES].iloc[0]


def assert_same_plan(p, long_figures):
    assert p.findings.empty, p.findings[["rule", "sheet", "cell", "message"]].to_string()
    pd.testing.assert_series_equal(p.projects[FIGURES].iloc[0], long_figures)
    by_month = p.workload.groupby("month")[["planned", "remaining"]].sum()
    assert by_month.loc[pd.Timestamp(2026, 4, 1)].tolist() == [5.0, 5.0]


def test_one_sheet_with_a_measure_column_and_date_headers(tmp_path, long_figures):
    months = [dt.datetime(2026, m, 1) for m in (2, 3, 4, 5)]
    tracker(tmp_path, {"Workload": grid("A1", [
        ["Workload plan 2026"],
        [],
        ["Workstream", "Task", "Resource", "Role", "Daily rate", "Measure", *months, "Total"],
        ["Build", "Code", "Ann", "Dev", None, "Planned", 10, 10, None, None,
         Formula("=SUM(G4:J4)", 20)],
        ["Build", "Code", "Ann", "Dev", None, "Actual", 12, 4],
        ["Build", "Code", "Ann", "Dev", None, "Remaining", None, 6],
        ["Run", "Steer", "Bob", "PM", 900, "Planned", None, None, 5, 0],
        ["Run", "Steer", "Bob", "PM", 900, "Actual"],
        ["Run", "Steer", "Bob", "PM", 900, "Remaining", None, None, 5, 0],
        ["TOTAL", None, None, None, None, "Planned", 10, 10, 5, 0, 25],
        ["TOTAL", None, None, None, None, "Actual", 12, 4, 0, 0, 16],
    ])})
    p = consolidated(tmp_path)
    assert_same_plan(p, long_figures)
    ann = p.workload[p.workload["resource"] == "Ann"]
    assert ann["source_cell"].tolist() == ["Workload!G4", "Workload!H4", "Workload!G5",
                                           "Workload!H5", "Workload!H6"]
    assert ann["workstream"].unique().tolist() == ["Build"]
    assert len(p.workload) == 9  # each filled month cell, zeros included; totals ignored


def test_french_text_headers_under_a_title(tmp_path, long_figures):
    tracker(tmp_path, {"Charges": grid("B2", [
        ["Plan de charge — projet ERP"],
        ["Mise à jour le 13/03/2026"],
        [],
        ["Lot", "Tâche", "Ressource", "Profil", "TJM", "Mesure", "févr.-26", "Mars 2026",
         "avr. 26", "MAI-2026", "Total"],
        [None, None, "Ann", "Dev", None, "Prévu", "10", "10,0", None, None, "20"],
        [None, None, "Ann", "Dev", None, "consommé", 12, "4"],
        [None, None, "Ann", "Dev", None, "Reste à faire (j/h)", None, 6],
        [None, None, "Bob", "PM", "900", "PRÉVU", None, None, 5, 0],
        [None, None, "Bob", "PM", "900", "Reste à faire", None, None, "5", "0"],
        ["Sous-total", None, None, None, None, None, 22, 20, 10],
    ])}, lang="fr")
    p = consolidated(tmp_path)
    assert_same_plan(p, long_figures)
    assert p.workload["source_cell"].iloc[0] == "Charges!H6"


def test_three_sheets_named_by_the_measures_with_month_headers_and_totals(tmp_path,
                                                                         long_figures):
    head = ["Resource", "Role", "Daily rate", "01/2026", "02/2026", "03/2026", "04/2026",
            "05/2026", "Total"]
    tracker(tmp_path, {
        "Planned": grid("A1", [head, ["Ann", "Dev", None, None, 10, 10, None, None, 20],
                               ["Bob", "PM", 900, None, None, None, 5, 0, 5],
                               ["Total", None, None, None, 10, 10, 5, 0, 25]]),
        "Actual (days)": grid("A1", [head, ["Ann", "Dev", None, None, Formula("=6*2", 12),
                                            4, None, None, 16],
                                     ["Bob", "PM", 900]]),
        "Remaining": grid("A1", [head, ["Ann", "Dev", None, None, None, 6],
                                 ["Bob", "PM", 900, None, None, None, 5, 0, 5]]),
    })
    p = consolidated(tmp_path)
    assert_same_plan(p, long_figures)
    assert sorted(set(p.workload["source_cell"].str.split("!").str[0])) == [
        "Actual (days)", "Planned", "Remaining"]


def test_a_grid_in_an_excel_table_with_blank_cells_for_nothing(tmp_path, long_figures):
    tracker(tmp_path, {"Workload": grid("A1", [
        ["Resource", "Role", "Daily rate", "Measure", "Feb-26", "Mar-26", "Apr-26", "May-26"],
        ["Ann", "Dev", None, "Planned", 10, 10],
        ["Ann", "Dev", None, "Actual", 12, 4],
        ["Ann", "Dev", None, "Remaining", None, 6],
        ["Bob", "PM", 900, "Planned", None, None, 5, 0],
        ["Bob", "PM", 900, "Remaining", None, None, 5, 0],
        [],
        ["Notes below the table are not read", None, None, "Planned", 99],
    ])}, tables=[Table("Workload", "A1:H6", "tblPlan")])
    p = consolidated(tmp_path)
    assert_same_plan(p, long_figures)


def test_long_and_grid_trackers_in_one_portfolio(tmp_path, long_figures):
    tracker(tmp_path, {"Workload": LONG}, name="long.xlsx")
    second = minimal_sheets()
    second["Project"] = grid("A1", [["Project code", "P-901"], ["Project name", "Grid"],
                                    ["Reporting date", D(2026, 3, 13)]])
    second["Workload"] = grid("A1", [
        ["Resource", "Role", "Measure", "03/2026", "04/2026"],
        ["Zoé", "Dev", "Planned", 3, 4], ["Zoé", "Dev", "Actual", 2],
        ["Zoé", "Dev", "Remaining", 1, 4]])
    second["Rates"] = RATES
    make_workbook(tmp_path / "grid.xlsx", second)
    p = consolidated(tmp_path)
    assert p.findings.empty
    figures = p.projects.set_index("project")
    assert figures.loc["P-900", "eac_days"] == long_figures["eac_days"]
    assert (figures.loc["P-901", "planned_days"], figures.loc["P-901", "eac_days"]) == (7, 7)


def test_a_grid_typed_in_a_hurry_gets_exactly_its_findings(tmp_path):
    months = [dt.datetime(2026, m, 1) for m in (2, 3, 4)]
    tracker(tmp_path, {"Workload": grid("A1", [
        ["Workload"],
        [],
        ["Workstream", "Task", "Resource", "Role", "Daily rate", "Measure", *months, "Total"],
        [None, None, "Ann", "Dev", None, "Planned", 10, 10, "lots"],         # row 4
        [None, None, "Ann", "Dev", None, "Actual", 12, 4, 3],                # row 5
        [None, None, "Ann", "Dev", None, "Remaining", 2, 6],                 # row 6
        [None, None, "Bob", "PM", None, "Budget", 5, 5, 5],                  # row 7
        [None, None, "Bob", "PM", None, None, 1],                            # row 8
        [None, None, "Cy", "QA", None, "Planned", Formula("=NA()", "#N/A")],  # row 9
        [None, None, "Cy", "QA", None, "Actual", None, 3],                   # row 10
        ["Total", None, None, None, None, None, 30, 28, 8],                  # row 11
    ])})
    p = consolidated(tmp_path)
    assert finding_set(p) == {
        ("VALUE_NOT_NUMBER", "Workload", "I4"),
        ("ACTUAL_IN_FUTURE", "Workload", "I5"),
        ("REMAINING_IN_PAST", "Workload", "G6"),
        ("VALUE_NOT_IN_LIST", "Workload", "F7"),
        ("VALUE_REQUIRED", "Workload", "F8"),
        ("VALUE_EXCEL_ERROR", "Workload", "G9"),
        ("RATE_MISSING", "Workload", "D10"),
    }
    f = p.findings.set_index("cell")
    assert f.loc["F7", "message"] == ("'Measure' must be one of: Planned, Actual, Remaining; "
                                      "row left out.")
    assert f.loc["I5", "message"] == "Actual days in 04/2026, after the reporting month 03/2026."
    assert f.loc["I4", "value"] == "lots"
    # What could be read still counts: 10 + 10 planned, 12 + 4 + 3 + 3 actual.
    assert p.projects.iloc[0][["planned_days", "consumed_days"]].tolist() == [20, 22]


def test_french_findings_name_the_french_sheet_and_cell(tmp_path):
    tracker(tmp_path, {
        "Prévu": grid("A1", [["Ressource", "janv. 2026", "févr. 2026"], ["Ann", 5, "x"]]),
        "Consommé": grid("A1", [["Ressource", "janv. 2026", "févr. 2026"], ["Ann", 5, 2]]),
    }, lang="fr")
    p = pmo_xl.consolidate(tmp_path, Settings(today=TODAY, workers=1, language="fr"))
    assert finding_set(p) == {("VALUE_NOT_NUMBER", "Prévu", "C2"),
                              ("COLUMN_MISSING", "Prévu", "A1"),
                              ("RATE_MISSING", "Consommé", "B2")}  # no role, no rate
    f = p.findings.set_index("rule")
    assert f.loc["COLUMN_MISSING", "message"] == (
        "Colonne obligatoire 'Reste à faire (j/h)' introuvable ; ses valeurs manquent.")


def test_a_grid_without_measures_and_a_sheet_in_neither_form_are_said(tmp_path):
    tracker(tmp_path / "a", {"Workload": grid("A1", [
        ["Resource", "Role", "Jan 2026", "Feb 2026"], ["Ann", "Dev", 5, 5]])})
    tracker(tmp_path / "b", {"Workload": grid("A1", [["Who", "When", "How much"],
                                                     ["Ann", "Jan", 5]])}, lang="en")
    a, b = consolidated(tmp_path / "a"), consolidated(tmp_path / "b")
    assert finding_set(a) == {("GRID_WITHOUT_MEASURE", "Workload", "C1")}
    assert finding_set(b) == {("WORKLOAD_NOT_FOUND", "Workload", "")}
    assert "the grid form, identifying columns then months across" in b.findings.iloc[0][
        "message"]
    assert a.workload.empty and b.workload.empty


def test_identifying_cells_merged_down_the_measure_rows(tmp_path, long_figures):
    """The PM merged Ann's cells over her three rows (and typed Bob's once): the rows
    below take the name above; the French abbreviation RAF is the remaining."""
    tracker(tmp_path, {"Workload": grid("A1", [
        ["Resource", "Role", "Daily rate", "Measure", "Feb-26", "Mar-26", "Apr-26", "May-26"],
        ["Ann", "Dev", None, "Planned", 10, 10],
        [None, None, None, "Actual", 12, 4],
        [None, None, None, "RAF", None, 6],
        ["Bob", "PM", 900, "Planned", None, None, 5, 0],
        [None, None, None, "Réalisé"],
        [None, None, None, "Remaining", None, None, 5, 0],
    ])}, merges={"Workload": ["A2:A4", "B2:B4"]})
    p = consolidated(tmp_path)
    assert_same_plan(p, long_figures)
    assert p.workload.groupby("resource")["remaining"].sum().to_dict() == {"Ann": 6, "Bob": 5}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_grid_template_reads_back_to_the_long_forms_figures(tmp_path, lang):
    """pmo-xl's own grid template (formulas copying the names down, totals, a Total
    column): filled with the plan of a long tracker, the same figures; left empty, no
    finding about its workload."""
    from pmo_xl.xlsx import write_tracker
    from tests.builders import base_project, base_tables

    s = Settings(today=TODAY, workers=1, language=lang)
    for layout in ("long", "grid"):
        write_tracker(tmp_path / layout / "t.xlsx", base_project(), base_tables(), lang=lang,
                      layout=layout)
    long, grid_ = (pmo_xl.consolidate(tmp_path / k, s) for k in ("long", "grid"))
    assert finding_set(grid_) == finding_set(long) == set()
    pd.testing.assert_series_equal(grid_.projects[FIGURES].iloc[0],
                                   long.projects[FIGURES].iloc[0])
    empty = tmp_path / "empty"
    write_tracker(empty / "t.xlsx", base_project(), {}, lang=lang, layout="grid")
    assert finding_set(pmo_xl.consolidate(empty, s)) == set()


def test_an_unlabelled_total_row_and_an_empty_long_table_beside_measure_sheets(tmp_path,
                                                                              long_figures):
    """The measure sheets hold the plan; the old long Workload sheet was left empty; a
    total row's label sits in a column with no header."""
    head = [None, "Resource", "Role", "Daily rate", "02-2026", "03-2026", "04-2026",
            "05-2026"]
    tracker(tmp_path, {
        "Workload": grid("A1", [["Resource", "Month", "Planned (days)", "Actual (days)",
                                 "Remaining (days)"]]),
        "Prévu": grid("A1", [head, [None, "Ann", "Dev", None, 10, 10],
                             [None, "Bob", "PM", 900, None, None, 5, 0],
                             ["TOTAL", None, None, None, 10, 10, 5, 0]]),
        "Consommé": grid("A1", [head, [None, "Ann", "Dev", None, 12, 4],
                                ["Total", None, None, None, 12, 4]]),
        "Reste à faire": grid("A1", [head, [None, "Ann", "Dev", None, None, 6],
                                     [None, "Bob", "PM", 900, None, None, 5, 0]]),
    })
    assert_same_plan(consolidated(tmp_path), long_figures)
