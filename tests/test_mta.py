"""Milestone trend analysis over three reporting dates (see test_history's weeks)."""

import subprocess

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from pmo_xl.deck import write_deck
from pmo_xl.history.mta import store_mta
from pmo_xl.xlsx import write_master
from tests.test_history import W1, W2, W3, history  # noqa: F401 - the fixture

T = pd.Timestamp


def test_mta_series_by_hand(history):  # noqa: F811
    store, _ = history
    mta = store_mta(store)
    go_live = mta[mta["id"] == "M2"]
    assert go_live["reporting_date"].tolist() == [T(W1), T(W2), T(W3)]
    # Go-live was forecast 05/06, moved to 12/06 in week 2, held in week 3.
    assert go_live["forecast_date"].tolist() == [T("2026-06-05"), T("2026-06-12"),
                                                 T("2026-06-12")]
    done = mta[mta["id"] == "M1"]
    assert set(done["forecast_date"]) == {T("2026-02-10")}  # met: its actual date


def test_master_and_deck_show_the_mta(history, tmp_path):  # noqa: F811
    store, _ = history
    mta = store_mta(store)
    portfolio = store.load(W3)
    path = write_master(portfolio, tmp_path / "m.xlsx", mta=mta)
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb["Milestone trends"]
    assert "tblMTA" in ws.tables
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_col=5)]
    assert ["P-001", "M2", "Go-live", T(W2).to_pydatetime(), T("2026-06-12").to_pydatetime()] \
        in rows
    assert len(ws._charts) == 1
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx", mta=mta)))
    slide = next(s for s in prs.slides if s.shapes.title.text.startswith("P-001"))
    charts = [sh.chart for sh in slide.shapes if sh.has_chart]
    xy = next(c for c in charts if c.chart_type == XL_CHART_TYPE.XY_SCATTER_LINES)
    names = [s.name for s in xy.plots[0].series]
    assert "Go-live" in names
    go = xy.plots[0].series[names.index("Go-live")]
    serial = (T("2026-06-12") - T("1899-12-30")).days
    assert list(go.values)[-1] == serial


def test_master_and_deck_show_what_changed(history, tmp_path):  # noqa: F811
    from pmo_xl.history import week_over_week

    store, _ = history
    changes = week_over_week(store.load(W1).tables(), store.load(W2).tables())
    portfolio = store.load(W2)
    wb = openpyxl.load_workbook(write_master(portfolio, tmp_path / "m.xlsx", changes=changes),
                                data_only=True)
    assert wb.sheetnames[1] == "Since last report"
    ws = wb["Since last report"]
    head = [c.value for c in ws[1]]
    row = dict(zip(head, (c.value for c in ws[2]), strict=True))
    assert (row["Project"], row["Drift (days)"], row["Status before"], row["Status now"],
            row["Computed trend"]) == ("P-001", 4, "Amber", "Red", "Worsening")
    assert row["Drift %"] == pytest.approx(4 / 27)
    prs = Presentation(str(write_deck(portfolio, tmp_path / "d.pptx", changes=changes,
                                      lang="fr")))
    slide = next(s for s in prs.slides if s.shapes.title.text == "Depuis le dernier reporting")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    assert [c.text for c in table.rows[1].cells] == [
        "Portefeuille", "+4 (+15\u202f%)", "1 changée(s)", "1 / 1 / 1", "1", ""]
    assert [c.text for c in table.rows[2].cells] == [
        "P-001", "+4 (+15\u202f%)", "Orange → Rouge", "1 / 1 / 1", "1 (+7)",
        "En dégradation / Stable"]


def test_libreoffice_renders_the_history_views(history, tmp_path):  # noqa: F811
    from pmo_xl.history import week_over_week
    from tests.libreoffice import convert

    store, _ = history
    mta = store_mta(store)
    changes = week_over_week(store.load(W2).tables(), store.load(W3).tables())
    portfolio = store.load(W3)
    deck = write_deck(portfolio, tmp_path / "d.pptx", mta=mta, changes=changes)
    master = write_master(portfolio, tmp_path / "m.xlsx", mta=mta, changes=changes)
    pdf = convert(deck, tmp_path / "pdf", "pdf")
    assert pdf.stat().st_size > 20_000
    assert convert(master, tmp_path / "pdf2", "pdf").stat().st_size > 20_000
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides]
    assert len(titles) == 13 and titles[3] == "Since the last report"
    assert subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout.count("Pages:           13") == 1
