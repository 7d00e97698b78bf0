"""The tracker template with its workload as a grid, its live checks and its counter.

Each test writes a tracker with the project's writer and opens it with openpyxl (or has
LibreOffice recalculate it first) to look at what a PM gets.
"""

import datetime as dt
import importlib.util

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import pmo_xl
from pmo_xl.cli import app
from pmo_xl.schema.contract import BAD, MILESTONES, PROJECT, RISKS, TABLE_SHEETS, WARN
from pmo_xl.schema.grid import MEASURES, VALUE_KEYS, header_month, is_total
from pmo_xl.schema.rules import RULES
from pmo_xl.xlsx import write_tracker
from pmo_xl.xlsx.tracker_checks import OVERDUE, card_place, place_checks, table_place
from pmo_xl.xlsx.tracker_grid import BLANK_LINES
from tests.builders import AS_OF, D, base_project, base_tables
from tests.libreoffice import convert
from tests.ooxml import ooxml_errors

WORKLOAD = {"en": "Workload", "fr": "Charges"}
JAN_TO_JUN = [dt.datetime(2026, m, 1) for m in range(1, 7)]  # base_project: 5/1 to 30/6


def grid_tracker(tmp_path, lang="en", tables=None, name="grid.xlsx", **card):
    return write_tracker(tmp_path / name, base_project(**card), tables, lang=lang,
                         layout="grid")


def rules_of(ws):
    """{cell range: [(formula, fill colour)]} of a sheet's conditional formats."""
    out = {}
    for rng, rules in ws.conditional_formatting._cf_rules.items():
        for r in rules:
            fill = r.dxf.fill.bgColor.rgb if r.dxf and r.dxf.fill else None
            out.setdefault(str(rng.sqref), []).append(((r.formula or [""])[0], fill))
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_grid_layout(tmp_path, lang):
    wb = openpyxl.load_workbook(grid_tracker(tmp_path, lang))
    ws = wb[WORKLOAD[lang]]
    head = [c.value for c in ws[3]]
    ids = (["Workstream", "Task", "Resource", "Role", "Daily rate", "Measure"] if lang == "en"
           else ["Lot", "Tâche", "Ressource", "Profil", "TJM", "Mesure"])
    assert head[:6] == ids and head[6:12] == JAN_TO_JUN and head[12] == "Total"
    assert all("mmm yyyy" in ws.cell(3, c).number_format for c in range(7, 13))
    # The reader sees a header date as text: every one names its month.
    assert [header_month(str(d)) for d in head[6:12]] == [d.date() for d in JAN_TO_JUN]
    words = list(MEASURES.labels(lang))
    assert [ws.cell(r, 6).value for r in range(4, 4 + 3 * BLANK_LINES)] == words * BLANK_LINES
    assert ws["A5"].value == '=IF(A4="","",A4)'  # typed once per line, copied below
    assert ws["M4"].value == '=IF(COUNT(G4:L4)=0,"",SUM(G4:L4))'
    spacer = 4 + 3 * BLANK_LINES  # a blank row: lines inserted above it join every range
    totals = range(spacer + 1, spacer + 4)
    assert [ws.cell(r, 1).value for r in totals] == [f"Total – {w}" for w in words]
    assert all(is_total(ws.cell(r, 1).value) for r in totals)
    assert ws.cell(spacer + 2, 7).value == f'=SUMIF($F$4:$F${spacer},"{words[1]}",G$4:G${spacer})'
    assert ws.freeze_panes == "G4"
    checks = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert checks[f"F4:F{spacer}"].formula1 == '"' + ",".join(words) + '"'
    days = checks[f"G4:L{spacer}"]
    assert (days.type, days.operator, days.formula1, days.errorStyle) == (
        "decimal", "greaterThanOrEqual", "0", "warning")


def test_grid_months_follow_the_card(tmp_path):
    def months(**card):
        path = write_tracker(tmp_path / "m.xlsx", card, {"workload": rows}, layout="grid",
                             deterministic=True)
        ws = openpyxl.load_workbook(path)["Workload"]
        cells = [c.value for c in ws[3][6:]]
        return [c.date() for c in cells if isinstance(c, dt.datetime)]

    rows = []
    assert months(start=D(2026, 2, 10), end_baseline=D(2026, 4, 1)) == [
        D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)]
    no_end = months(as_of=D(2026, 3, 13))  # from the reporting month, for 18 months
    assert (len(no_end), no_end[0], no_end[-1]) == (18, D(2026, 3, 1), D(2027, 8, 1))
    assert months()[0] == D(2026, 1, 1)  # deterministic: the fixed date's month
    rows = [{"resource": "Ann", "month": D(2025, 12, 15), "planned": 1},
            {"resource": "Ann", "month": D(2026, 5, 1), "planned": 1}]
    assert months(start=D(2026, 2, 1), end_baseline=D(2026, 3, 1)) == [
        D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1),
        D(2026, 5, 1)]  # the data's months widen the span


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_filled_grid_holds_every_long_row(tmp_path, lang):
    tables = base_tables()
    tables["workload"] += [
        {"workstream": "Build", "task": "API", "resource": "Ann", "role": "Dev",
         "month": D(2026, 4, 20), "planned": 0, "actual": None, "remaining": 7.5},
        {"workstream": "Build", "task": "API", "resource": "Ann", "role": "Dev",
         "month": D(2026, 5, 1), "planned": 3, "remaining": 0},
    ]
    given = dict(tables, workload=pd.DataFrame(tables["workload"])) if lang == "fr" else tables
    path = grid_tracker(tmp_path, lang, given)  # long rows as dicts, or as a DataFrame
    ws = openpyxl.load_workbook(path, data_only=True)[WORKLOAD[lang]]
    lines = {}
    for r in range(4, ws.max_row + 1):
        ids = tuple(ws.cell(r, c).value or None for c in range(1, 6))
        measure = next((m for m in VALUE_KEYS if MEASURES.translate(m, lang)
                        == ws.cell(r, 6).value), None)
        if measure and ids[2]:
            lines[(*ids, measure)] = r
    month_col = {d.date(): 7 + i for i, d in enumerate(JAN_TO_JUN)}
    for row in tables["workload"]:
        ids = tuple(row.get(k) for k in ("workstream", "task", "resource", "role", "rate"))
        for measure in VALUE_KEYS:
            cell = ws.cell(lines[(*ids, measure)], month_col[row["month"].replace(day=1)])
            assert cell.value == row.get(measure), (row, measure)
    assert len(lines) == 3 * 3  # Ann, Bob, Ann on Build/API: three lines of three rows
    bob = lines[(None, None, "Bob", "PM", 900, "remaining")]
    assert [ws.cell(bob, c).value for c in (3, 5)] == ["Bob", 900]  # copied, cached
    assert ws.cell(bob, 13).value == 5  # the row's total, cached


def test_live_checks_come_from_the_schema(tmp_path):
    path = grid_tracker(tmp_path, "fr", base_tables())
    wb = openpyxl.load_workbook(path)
    to_fix, signal = f"FF{BAD.tint}", f"FF{WARN.tint}"
    grid = rules_of(wb["Charges"])
    months = grid["G4:L25"]  # two lines and five blank ones, three rows each, a spacer
    assert (
        'AND((($F4="Actual")+($F4="Consommé"))>0,N(ReportingDate)>0,ISNUMBER(G4),G4>0,'
        'G$3>EOMONTH(N(ReportingDate),0))', to_fix) in months
    assert ('AND(ISTEXT(G4),G4<>"")', to_fix) in months
    assert any("EOMONTH(N(ReportingDate),-1)+1" in f for f, _ in months)
    assert "'Projet'!$B$17" in wb.defined_names["ReportingDate"].attr_text
    milestones = rules_of(wb["Jalons"])
    done = next(f for f, _ in milestones["E4:E5003"] if "Atteint" in f)  # actual date
    assert done == 'AND((($F4="Done")+($F4="Atteint"))>0,ISNUMBER($E4)=FALSE)'
    assert ('AND($A4<>"",COUNTIF($A$4:$A$5003,$A4&"")>1)', to_fix) in milestones["A4:A5003"]
    risks = rules_of(wb["Risques"])
    required = [f for f, _ in risks["I4:I5003"] if f.startswith('AND($I4=""')]
    assert len(required) == 1 and '($K4<>"")' not in required[0]  # criticality is computed
    actions = rules_of(wb["Actions"])
    overdue = [fill for f, fill in actions["E4:E5003"] if "<N(ReportingDate)" in f]
    assert overdue == [signal]  # a signal, in another colour
    counter = wb["Actions"]["D1"].value
    assert "N(ReportingDate)" not in counter  # and not counted
    long = rules_of(openpyxl.load_workbook(write_tracker(
        tmp_path / "long.xlsx", base_project(), base_tables()))["Workload"])
    assert ('AND(N(ReportingDate)>0,ISNUMBER($G4),$G4>0,ISNUMBER($E4),'
            '$E4>EOMONTH(N(ReportingDate),0))', to_fix) in long["G4:G5003"]


def test_every_counted_check_is_a_rule_of_the_engine():
    places = [card_place("Project")] + [table_place(s, s.en) for s in TABLE_SHEETS]
    checks = [c for p in places for c in place_checks(p)]
    assert {c.rule for c in checks if c.counted} == {
        "VALUE_REQUIRED", "VALUE_NOT_DATE", "VALUE_NOT_NUMBER", "DUPLICATE_ID",
        "ACTUAL_IN_FUTURE", "REMAINING_IN_PAST", "MILESTONE_DONE_NO_DATE",
        "MILESTONE_DATE_NOT_DONE", "MILESTONE_FORECAST_PASSED"} <= set(RULES)
    assert [c.rule for c in checks if not c.counted] == [OVERDUE]


def test_criticality_is_the_templates_formula(tmp_path):
    tables = base_tables()
    tables["risks"][1]["criticality_given"] = 5  # typed by the PM: kept as typed
    tables["risks"] = pd.DataFrame(tables["risks"])  # numpy integers too
    wb = openpyxl.load_workbook(grid_tracker(tmp_path, "fr", tables))
    ws = wb["Risques"]
    assert ws["K4"].value == ('=IF(COUNT(tblRisks[[#This Row],[Probabilité]],tblRisks[[#This '
                              'Row],[Impact]])=2,tblRisks[[#This Row],[Probabilité]]*'
                              'tblRisks[[#This Row],[Impact]],"")')
    assert ws["K5"].value == 5
    cached = openpyxl.load_workbook(tmp_path / "grid.xlsx", data_only=True)["Risques"]
    assert [cached[f"K{r}"].value for r in (4, 5, 6)] == [9, 5, 16]


def with_mistakes():
    """base_tables (clean, one overdue action) and nine cells a PM must fix."""
    t = base_tables()
    t["workload"] += [
        {"resource": "Ann", "role": "Dev", "month": D(2026, 5, 1), "actual": 3},  # future
        {"resource": "Ann", "role": "Dev", "month": D(2026, 1, 1), "remaining": 2},  # past
        {"resource": "Cy", "role": "Dev", "month": D(2026, 3, 1), "planned": "four"},  # text
    ]
    t["milestones"] += [
        {"id": "M3", "milestone": "UAT", "baseline_date": D(2026, 3, 2),
         "forecast_date": D(2026, 3, 2), "status": "Done"},  # done, no date
        {"id": "M4", "milestone": "Training", "baseline_date": D(2026, 3, 6),
         "forecast_date": D(2026, 3, 9), "status": "On track"},  # forecast passed
        {"id": "M2", "milestone": "Go-live bis", "baseline_date": D(2026, 7, 1),
         "forecast_date": D(2026, 7, 1), "status": "Not started"},  # M2 twice: two cells
    ]
    t["risks"] += [
        {"id": "R4", "risk": "No status", "probability": 1, "impact": 2},  # status blank
        {"id": "R5", "risk": "Typed", "probability": "high", "impact": 2, "status": "Open"},
    ]
    return t


@pytest.mark.parametrize(("layout", "lang"), [("grid", "en"), ("long", "fr")])
def test_counter_counts_what_the_checks_flag(tmp_path, layout, lang):
    src = write_tracker(tmp_path / "t.xlsx", base_project(), with_mistakes(), lang=lang,
                        layout=layout)
    card = openpyxl.load_workbook(src).worksheets[0]
    assert card["A2"].value == ("Points to fix" if lang == "en" else "Points à corriger")
    assert PROJECT.matcher().match(card["A2"].value) is None  # the reader skips it
    recalculated = openpyxl.load_workbook(convert(src, tmp_path / "lo", "xlsx"),
                                          data_only=True)
    by_sheet = {ws.title: ws["D1"].value for ws in recalculated.worksheets[1:8]}
    assert list(by_sheet.values()) == [3, 0, 4, 2, 0, 0, 0]
    assert recalculated.worksheets[0]["B2"].value == 9
    risks = recalculated[RISKS.label(lang)]
    assert [risks[f"K{r}"].value for r in range(4, 8)] == [9, 4, 16, 2]
    assert not risks["K8"].value  # "high" × 2: blank, not an error


def test_counter_follows_the_reporting_date(tmp_path):
    """Dated 4 May, the May actual is in the reporting month, and the remaining days of
    January, March and April are in the past; the milestones' points do not change."""
    src = write_tracker(tmp_path / "t.xlsx", base_project(as_of=D(2026, 5, 4)),
                        with_mistakes(), layout="grid")
    wb = openpyxl.load_workbook(convert(src, tmp_path / "lo", "xlsx"), data_only=True)
    assert wb["Workload"]["D1"].value == 3 + 1  # three remaining in the past, the text
    assert wb["Milestones"]["D1"].value == 4


def test_blank_template_asks_for_the_card(tmp_path):
    src = write_tracker(tmp_path / "blank.xlsx", layout="grid", deterministic=True)
    wb = openpyxl.load_workbook(convert(src, tmp_path / "lo", "xlsx"), data_only=True)
    assert wb["Project"]["B2"].value == 3  # code, name and reporting date


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_open_xml_sdk_validator_accepts_grid_trackers(tmp_path, lang):
    assert ooxml_errors(grid_tracker(tmp_path, lang, with_mistakes())) == []
    assert ooxml_errors(write_tracker(tmp_path / "blank.xlsx", lang=lang, layout="grid",
                                      deterministic=True)) == []


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_cli_new_tracker_layouts(tmp_path):
    grid = run("new-tracker", "--code", "P-1", "--name", "Grid", "-o", tmp_path / "g.xlsx")
    long = run("new-tracker", "--code", "P-2", "--name", "Long", "--layout", "long",
               "-o", tmp_path / "l.xlsx")
    assert grid.exit_code == 0 and long.exit_code == 0, grid.output + long.output
    assert openpyxl.load_workbook(tmp_path / "g.xlsx")["Workload"]["F3"].value == "Measure"
    assert openpyxl.load_workbook(tmp_path / "l.xlsx")["Workload"].tables
    assert run("new-tracker", "--code", "P-3", "--name", "x", "--layout", "wide",
               "-o", tmp_path / "w.xlsx").exit_code == 2
    listing = tmp_path / "projects.csv"
    listing.write_text("Project code;Project name\nP-4;Hub\n", encoding="utf-8")
    assert run("new-tracker", "--from", listing, "--layout", "long", "-o",
               tmp_path / "out").exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "out" / "P-4_Hub.xlsx")["Workload"].tables
    templates = run("templates", "-o", tmp_path / "tpl")
    assert templates.exit_code == 0, templates.output
    assert sorted(p.name for p in (tmp_path / "tpl").iterdir()) == [
        "tracker_template_en.xlsx", "tracker_template_fr.xlsx",
        "tracker_template_long_en.xlsx", "tracker_template_long_fr.xlsx"]


@pytest.mark.skipif(importlib.util.find_spec("pmo_xl.reader.workload_grid") is None,
                    reason="the grid reader has not landed yet")
def test_grid_tracker_consolidates_like_the_long_one(tmp_path, settings):
    """End to end: the grid's figures are the long form's, and the engine finds, at the
    grid's cells, the mistakes the counter counts."""
    grid_tracker(tmp_path / "grid", tables=with_mistakes())
    write_tracker(tmp_path / "long" / "t.xlsx", base_project(), with_mistakes())
    grid = pmo_xl.consolidate(tmp_path / "grid", settings)
    long = pmo_xl.consolidate(tmp_path / "long", settings)
    keys = ["resource", "month"]
    figures = ["planned", "actual", "remaining"]

    def totals(p):
        return p.workload.groupby(keys)[figures].sum(min_count=1).sort_index()

    pd.testing.assert_frame_equal(totals(grid), totals(long))
    assert grid.projects["eac_days"].tolist() == long.projects["eac_days"].tolist()
    found = grid.findings[grid.findings["sheet"] == "Workload"]
    assert set(zip(found["rule"], found["cell"], strict=True)) >= {
        ("ACTUAL_IN_FUTURE", "K5"), ("REMAINING_IN_PAST", "G6"), ("VALUE_NOT_NUMBER", "I10")}
    rules = set(grid.findings["rule"])
    assert {"MILESTONE_DONE_NO_DATE", "MILESTONE_FORECAST_PASSED", "DUPLICATE_ID",
            "VALUE_REQUIRED"} <= rules
    assert MILESTONES.label("en") in set(grid.findings["sheet"])
    assert "CRITICALITY_MISMATCH" not in rules  # the template's own formula agrees
    assert grid.projects["as_of"].iloc[0].date() == AS_OF
