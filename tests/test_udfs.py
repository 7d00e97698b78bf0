"""The PMO_* worksheet functions, called as Excel calls them (floats, None, 2-D lists)."""

import datetime as dt
import importlib
import sys
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from tests.builders import base_tables, make_tracker
from tests.ooxml import ROOT

sys.path.insert(0, str(ROOT / "udfs"))
pmo_udfs = importlib.import_module("pmo_udfs")  # xlwings decorators are no-ops on Linux


def consolidated(root):
    make_tracker(root / "in")
    tables = base_tables()
    tables["risks"][0]["risk"] = "=cmd|' /C calc'!A0"
    make_tracker(root / "in", "fr.xlsx", code="P-002", tables=tables, lang="fr",
                 budget_days="?")
    (root / "in" / "pmo_xl.toml").write_text("today = 2026-03-16\n")
    assert CliRunner().invoke(app, ["consolidate", str(root / "in"), "-o", str(root / "out"),
                                    "-q"]).exit_code == 0
    return root / "out" / "Portfolio_2026-03-13.xlsx"


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    return consolidated(tmp_path_factory.mktemp("udf"))


def caller(book):
    """What xlwings passes as `caller`: the calling range, whose book has a full name."""
    return SimpleNamespace(sheet=SimpleNamespace(book=SimpleNamespace(fullname=str(book))))


def test_portfolio_spills_a_table(master):
    rows = pmo_udfs.PMO_PORTFOLIO(caller(master))
    assert rows[0][:3] == ["Project", "Project name", "Project manager"]
    assert [r[0] for r in rows[1:]] == ["P-001", "P-002"]
    p1 = dict(zip(rows[0], rows[1], strict=True))
    assert (p1["EAC (days)"], p1["Overall status"], p1["Computed status"]) == (27.0, "Green",
                                                                               "Amber")
    assert p1["Reporting date"] == dt.datetime(2026, 3, 13)
    p2 = dict(zip(rows[0], rows[2], strict=True))
    assert p2["Budget (days)"] == ""  # unreadable in the tracker: blank, not NaN


def test_kpi_and_clear_errors(master):
    c = caller(master)
    assert pmo_udfs.PMO_KPI("P-001", "eac_days", None, c) == 27.0
    assert pmo_udfs.PMO_KPI("p-001", "EAC_DAYS", None, c) == 27.0
    assert pmo_udfs.PMO_KPI("P-001", "computed_status", None, c) == "Amber"
    assert pmo_udfs.PMO_KPI("P-001", "variance_pct", None, c) == pytest.approx(0.08)
    assert pmo_udfs.PMO_KPI("P-999", "eac_days", None, c) == "#PMO: unknown project 'P-999'"
    assert pmo_udfs.PMO_KPI("P-001", "eac", None, c).startswith("#PMO: unknown KPI 'eac' (e.g. ")
    assert pmo_udfs.PMO_KPI(None, None, None, c) == "#PMO: unknown project 'None'"


def test_risks_milestones_findings(master):
    c = caller(master)
    risks = pmo_udfs.PMO_RISKS("P-001", 4.0, c)
    assert [r[1] for r in risks[1:]] == ["R3", "R1", "R2"]  # 16, 9, 4
    assert pmo_udfs.PMO_RISKS("P-001", 10.0, c)[1][5] == 16.0
    everything = pmo_udfs.PMO_RISKS("*", None, c)
    assert len(everything) == 1 + 6
    assert "=cmd|' /C calc'!A0" in [r[2] for r in everything]  # text, not a formula
    ms = pmo_udfs.PMO_MILESTONES("P-001", c)
    assert ms[1] == ["M1", "Design signed", dt.datetime(2026, 2, 6), dt.datetime(2026, 2, 6),
                     dt.datetime(2026, 2, 10), 2.0, "Done"]
    found = pmo_udfs.PMO_FINDINGS("P-002", c)
    assert found[1][:5] == ["P-002", "Error", "VALUE_NOT_NUMBER", "Projet", "B15"]
    assert pmo_udfs.PMO_FINDINGS(None, c)[0][0] == "Project"
    assert pmo_udfs.PMO_RISKS("P-404", None, c) == "#PMO: unknown project 'P-404'"


def test_no_consolidation_next_to_the_book(tmp_path, monkeypatch):
    monkeypatch.delenv("PMO_XL_DATA", raising=False)
    answer = pmo_udfs.PMO_KPI("P-001", "eac_days", None, caller(tmp_path / "Book1.xlsx"))
    assert answer == "#PMO: no consolidation next to this workbook: run Consolidate first"


def test_data_folder_from_the_environment(master, monkeypatch):
    monkeypatch.setenv("PMO_XL_DATA", str(master.parent / "data"))
    assert pmo_udfs.PMO_KPI("P-001", "consumed_days") == 16.0


def test_pure_helpers_take_excel_values():
    # Excel passes dates as serial numbers: 46087 = Fri 06/03/2026, 46090 = Mon 09/03/2026.
    assert pmo_udfs.PMO_SLIP(46087.0, 46090.0) == 1
    assert pmo_udfs.PMO_SLIP(dt.datetime(2026, 3, 9), dt.datetime(2026, 3, 6)) == -1
    assert pmo_udfs.PMO_SLIP(None, 46090.0) == ""
    assert pmo_udfs.PMO_SLIP("soon", 46090.0) == "#PMO: baseline is not a date"
    assert pmo_udfs.PMO_CRITICALITY(3.0, 4.0) == 12
    assert pmo_udfs.PMO_CRITICALITY(2.5, 4.0) == "#PMO: probability must be a whole number " \
                                                 "from 1 to 5"
    assert pmo_udfs.PMO_CRITICALITY("high", 4.0) == "#PMO: probability is not a number"
    assert pmo_udfs.PMO_EAC(16.0, 11.0) == 27.0
    assert pmo_udfs.PMO_EAC(None, 5.0) == 5.0 and pmo_udfs.PMO_EAC(None, None) == ""


def test_answers_follow_a_new_consolidation(tmp_path):
    master = consolidated(tmp_path)
    c = caller(master)
    before = pmo_udfs.PMO_KPI("P-001", "eac_days", None, c)
    tables = base_tables()
    tables["workload"][0]["actual"] = 22  # 10 more days consumed
    make_tracker(master.parent.parent / "in", tables=tables)
    (master.parent.parent / "in" / "tracker.xlsx").touch()
    CliRunner().invoke(app, ["consolidate", str(master.parent.parent / "in"), "-o",
                             str(master.parent), "-q"])
    assert (before, pmo_udfs.PMO_KPI("P-001", "eac_days", None, c)) == (27.0, 37.0)


def test_kpi_as_of_and_trend_from_the_history(tmp_path):
    from tests.test_history import W1, W2, W3, run_week, week_two_tables

    out = tmp_path / "out"
    run_week(tmp_path / "in", out, W1, base_tables())
    run_week(tmp_path / "in", out, W2, week_two_tables())
    run_week(tmp_path / "in", out, W3, week_two_tables())
    c = caller(out / "Portfolio_2026-03-13.xlsx")
    assert pmo_udfs.PMO_KPI("P-001", "eac_days", None, c) == 31.0
    w1_serial = float((dt.datetime(2026, 2, 27) - dt.datetime(1899, 12, 30)).days)
    assert pmo_udfs.PMO_KPI("P-001", "eac_days", w1_serial, c) == 27.0
    assert pmo_udfs.PMO_KPI("P-001", "computed_status", w1_serial, c) == "Amber"
    assert pmo_udfs.PMO_KPI("P-001", "eac_days", 46000.0, c).startswith("#PMO: no snapshot")
    assert pmo_udfs.PMO_TREND("P-001", "eac_days", 2.0, c) == [
        ["Reporting date", "EAC (days)"], [dt.datetime(2026, 3, 6), 31.0],
        [dt.datetime(2026, 3, 13), 31.0]]
    assert len(pmo_udfs.PMO_TREND("P-001", "eac_days", None, c)) == 4


def test_a_settings_file_broken_since_the_consolidation_is_a_message(tmp_path):
    master = consolidated(tmp_path)
    (tmp_path / "in" / "pmo_xl.toml").write_text("today = 2026-03-16\nstaleness_days = -2\n")
    (master.parent / "data" / "projects.parquet").touch()  # a reload reads the settings
    answer = pmo_udfs.PMO_KPI("P-001", "eac_days", None, caller(master))
    assert answer.startswith("#PMO: ") and "staleness_days = -2: must be 0 or more" in answer
