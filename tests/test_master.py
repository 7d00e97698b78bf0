"""The master workbook: read back cells, tables, formulas, links; real clients agree."""

import datetime as dt
import zipfile

import openpyxl
import pandas as pd
import pytest

import pmo_xl
from pmo_xl.figures import label as column_label
from pmo_xl.settings import Settings
from pmo_xl.xlsx import master_filename, write_master
from pmo_xl.xlsx.dashboard import COL, HEADER_ROW
from tests.builders import TODAY, base_tables, make_tracker
from tests.libreoffice import convert, render_pages, rgb_pixels
from tests.ooxml import ooxml_errors

NASTY = ["=HYPERLINK(\"http://evil\",\"x\")", "=cmd|' /C calc'!A0", "+SUM(1,1)", "@SUM(1,1)",
         "-2+3"]


@pytest.fixture
def portfolio(tmp_path):
    trackers = tmp_path / "trackers"
    make_tracker(trackers, "p1.xlsx")
    tables = base_tables()
    tables["workload"] = [{"resource": "Ann", "role": "Dev", "month": dt.date(2026, 3, 1),
                           "planned": 20, "actual": 5, "remaining": 25}]
    tables["risks"] += [{"id": f"N{i}", "risk": t, "probability": 1, "impact": 1,
                         "status": "Open"} for i, t in enumerate(NASTY)]
    make_tracker(trackers, "p2.xlsx", code="P-002", tables=tables, lang="fr",
                 budget_days="beaucoup")
    return pmo_xl.consolidate(trackers, Settings(today=TODAY, workers=1))


def dashboard_row(ws, code):
    for row in ws.iter_rows(min_row=HEADER_ROW + 2):
        if row[0].value == code:
            return {key: row[i].value for key, i in COL.items()}
    raise KeyError(code)


def test_sheets_tables_and_dashboard_figures(tmp_path, portfolio):
    path = write_master(portfolio, tmp_path / "master.xlsx")
    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path)
    assert values.sheetnames == ["Dashboard", "Projects", "Workload", "Milestones", "Risks",
                                 "Actions", "Decisions", "Resource load", "Priorities",
                                 "Data quality", "About"]
    tables = {name: ws.title for ws in formulas.worksheets for name in ws.tables}
    assert tables == {"tblProjects": "Projects", "tblWorkload": "Workload",
                      "tblMilestones": "Milestones", "tblRisks": "Risks",
                      "tblActions": "Actions", "tblDecisions": "Decisions",
                      "tblPriorities": "Priorities", "tblFindings": "Data quality"}
    p1 = dashboard_row(values["Dashboard"], "P-001")
    # Hand-computed in tests/test_consolidate.py for the base tracker.
    assert (p1["planned_days"], p1["consumed_days"], p1["remaining_days"]) == (25, 16, 11)
    assert (p1["eac_days"], p1["variance_days"]) == (27, 2)
    assert p1["variance_pct"] == pytest.approx(0.08)
    assert p1["progress"] == pytest.approx(16 / 27)
    assert (p1["open_risks"], p1["critical_risks"], p1["overdue_actions"],
            p1["pending_decisions"]) == (2, 1, 1, 1)
    assert (p1["status"], p1["computed_status"], p1["status_mismatch"]) == (
        "Green", "Amber", "Yes")
    assert p1["max_slip_days"] == 5 and p1["next_milestone"] == "Go-live"
    f1 = dashboard_row(formulas["Dashboard"], "P-001")
    assert f1["planned_days"].startswith("=SUMIFS('Workload'!$G$2:$G$")
    assert f1["eac_days"] == f"=$K{HEADER_ROW + 2}+$L{HEADER_ROW + 2}"
    assert f1["open_risks"].startswith("=COUNTIFS('Risks'!")
    # P-002: 20 planned, 5 + 25 -> EAC 30, variance 10 (50 %); budget unreadable -> blank.
    p2 = dashboard_row(values["Dashboard"], "P-002")
    assert (p2["eac_days"], p2["variance_days"], p2["variance_pct"]) == (30, 10, 0.5)
    assert p2["budget_days"] is None and p2["computed_status"] == "Red"
    totals = next(r for r in values["Dashboard"].iter_rows(min_row=HEADER_ROW + 2)
                  if r[0].value == "Total")
    assert formulas["Dashboard"].cell(totals[0].row, COL["eac_days"] + 1).value.startswith(
        "=SUM(")
    risks = values["Risks"]
    assert risks["A1"].value == "Project" and risks.freeze_panes == "B2"
    ms = values["Milestones"]
    heads = [c.value for c in ms[1]]
    dates = [c.value for c in ms["E"][1:]]
    assert all(isinstance(d, dt.datetime) for d in dates)
    # Dates are written a column at a time as Excel serials: same day, same format.
    key = next(c for c in portfolio.milestones.columns if column_label("milestones", c, "en")
               == heads[4])
    assert dates == [d.to_pydatetime() for d in portfolio.milestones[key]]
    assert ms["E2"].number_format == "dd/mm/yyyy"


def test_french_master(tmp_path, portfolio):
    portfolio.settings = portfolio.settings.with_language("fr")
    path = write_master(portfolio, tmp_path / "m.xlsx", lang="fr")
    wb = openpyxl.load_workbook(path, data_only=True)
    assert wb.sheetnames[:3] == ["Tableau de bord", "Projets", "Charges"]
    row = dashboard_row(wb["Tableau de bord"], "P-001")
    assert (row["status"], row["computed_status"]) == ("Vert", "Orange")
    assert wb["Tableau de bord"].cell(HEADER_ROW + 1, COL["eac_days"] + 1).value == \
        "Réestimé (j/h)"
    assert {c.value for c in wb["Risques"]["L"][1:]} <= {"Ouvert", "En traitement", "Clos"}


def test_tracker_text_never_becomes_a_formula_or_link(tmp_path, portfolio):
    path = write_master(portfolio, tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(path)
    texts = [c for c in wb["Risks"]["C"] if c.value in NASTY]
    assert sorted(c.value for c in texts) == sorted(NASTY)
    assert {c.data_type for c in texts} == {"s"}
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = b"".join(z.read(n) for n in sheets)
    formulas = b"".join(part.split(b"</f>")[0] for part in xml.split(b"<f>")[1:])
    assert formulas and b"HYPERLINK" not in formulas and b"cmd|" not in formulas
    assert not [c for ws in wb.worksheets if ws.title != "Data quality"
                for row in ws.iter_rows() for c in row if c.hyperlink]


def test_data_quality_sheet_links_to_the_cell(tmp_path, portfolio):
    out = tmp_path / "out"
    path = write_master(portfolio, out / "m.xlsx")
    ws = openpyxl.load_workbook(path)["Data quality"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=False)) for r in ws.iter_rows(min_row=2)
            if r[0].value]
    bad = next(r for r in rows if r["Rule"] == "VALUE_NOT_NUMBER")
    assert (bad["Project"], bad["File"], bad["Sheet"], bad["Cell"]) == (
        "P-002", "p2.xlsx", "Projet", "B15")
    assert bad["Project manager"] == "Ann Lee"  # who to ask
    link = ws[f"J{rows.index(bad) + 2}"].hyperlink
    assert link.target.replace("\\", "/").endswith("trackers/p2.xlsx")
    assert link.location == "'Projet'!B15"
    counts = {ws.cell(r, 12).value: ws.cell(r, 13).value for r in range(2, 4)}
    assert counts["P-002"].startswith("=COUNTIFS(")


def test_written_atomically(tmp_path, portfolio, monkeypatch):
    path = tmp_path / "m.xlsx"
    write_master(portfolio, path)
    before = path.read_bytes()
    import xlsxwriter.workbook

    def crash(self):
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "close", crash)
    with pytest.raises(RuntimeError):
        write_master(portfolio, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["m.xlsx"]


def test_big_workload_goes_to_parquet_with_a_monthly_aggregate(tmp_path, portfolio):
    portfolio.settings = Settings(today=TODAY, master_max_rows=2)
    path = write_master(portfolio, tmp_path / "m.xlsx")
    detail = pd.read_parquet(tmp_path / "m_workload.parquet")
    assert len(detail) == len(portfolio.workload) == 4
    wb = openpyxl.load_workbook(path, data_only=True)
    sheet = [[c.value for c in r] for r in wb["Workload"].iter_rows()]
    assert "Task" not in sheet[0] and sheet[0][:4] == ["Project", "Resource", "Role", "Month"]
    assert len(sheet) == 1 + 4  # one row per project, resource, role and month
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=3) if r[0].value}
    assert "m_workload.parquet" in about["Workload detail"]
    # 4 rows by project/resource/role, by project/role and by project: the coarsest level.
    assert about["Workload detail"].endswith("the monthly totals per project.")
    p1 = dashboard_row(wb["Dashboard"], "P-001")
    assert p1["eac_days"] == 27  # formulas over the aggregate still give the same figure


def test_resource_load_sheet(tmp_path, portfolio):
    wb = openpyxl.load_workbook(write_master(portfolio, tmp_path / "m.xlsx"), data_only=True)
    ws = wb["Resource load"]
    months = [c.value for c in ws[4][1:]]
    ann = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "Ann")
    march = months.index(dt.datetime(2026, 3, 1)) + 1
    # Ann in March: P-001 actual 4 + remaining 6, P-002 actual 5 + remaining 25 = 40.
    assert ann[march].value == 40
    rules = ws.conditional_formatting
    assert any(r.operator == "greaterThan" and r.formula == ["18"] for cf in rules
               for r in cf.rules)


def test_dated_master_from_the_cli(tmp_path):
    from typer.testing import CliRunner

    from pmo_xl.cli import app

    make_tracker(tmp_path / "in")
    (tmp_path / "in" / "pmo_xl.toml").write_text('portfolio_name = "PMO IT"\ntoday = 2026-03-16\n')
    result = CliRunner().invoke(app, ["consolidate", str(tmp_path / "in"), "-o",
                                      str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "PMO_IT_2026-03-13.xlsx").exists()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_open_xml_sdk_validator_accepts_the_master(tmp_path, portfolio, lang):
    assert ooxml_errors(write_master(portfolio, tmp_path / "m.xlsx", lang=lang)) == []


@pytest.mark.parametrize("lang", ["en", "fr"])  # criteria are the sheets' own words
def test_libreoffice_recalculates_every_formula_to_the_engine_figure(tmp_path, portfolio, lang):
    path = write_master(portfolio, tmp_path / master_filename(portfolio), lang=lang)
    recalculated = convert(path, tmp_path / "lo", "xlsx:Calc MS Excel 2007 XML")
    ours = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    theirs = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for ws in ours.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                engine = cached[ws.title][cell.coordinate].value
                lo = theirs[ws.title][cell.coordinate].value
                if engine == "" and lo in ("", None):  # e.g. variance % of nothing planned
                    checked += 1
                    continue
                assert lo == pytest.approx(engine), (ws.title, cell.coordinate, cell.value)
                checked += 1
    assert checked >= 40


def test_libreoffice_renders_the_dashboard(tmp_path, portfolio):
    pdf = convert(write_master(portfolio, tmp_path / "m.xlsx"), tmp_path / "pdf", "pdf")
    assert pdf.stat().st_size > 10_000
    png = render_pages(pdf, tmp_path, dpi=60, last=1)[0]
    pixels = rgb_pixels(png)
    inked = sum(1 for px in pixels if px != (255, 255, 255))
    navy = sum(1 for r, g, b in pixels if r < 60 and 40 < g < 80 and 80 < b < 130)
    assert inked > 0.02 * len(pixels)  # tables and charts, not a blank page
    assert navy > 500  # the dashboard's header band


def test_excel_serials_are_excels_day_numbers():
    import numpy as np

    from pmo_xl.xlsx.book import excel_serials

    stamps = pd.Series(pd.to_datetime(["2026-03-16", None, "1900-03-01", "1900-02-28",
                                       "2026-03-16 18:00"], format="mixed"))
    # 16/03/2026 is day 46097 (1 Jan 1900 = 1, counting Excel's 29/02/1900); 18:00 is .75.
    serials = excel_serials(stamps)
    assert serials[0] == 46097 and serials[2] == 61 and serials[4] == 46097.75
    assert np.isnan(serials[1]) and np.isnan(serials[3])  # blank; before Excel's day 61
