"""Detail tables built as XML a column at a time and spliced in (``pmo_xl.xlsx.sheetxml``):
read back, they hold the cells XlsxWriter's own writers hold; tracker text stays text;
the Open XML SDK validator and LibreOffice accept the workbook."""

import datetime as dt
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pmo_xl.xlsx import sheetxml
from pmo_xl.xlsx.book import new_workbook
from pmo_xl.xlsx.tables import Styles, write_table
from tests.libreoffice import convert
from tests.ooxml import ooxml_errors

HOSTILE = ['=HYPERLINK("http://evil","x")', "+SUM(1,1)", "@SUM(1,1)", "<b>&amp;</b> & <",
           "a\x01b\x1fc", "_x0041_", "  padded ", "tab\there\nline", "x" * 40_000,
           "é" * 40_000, "\U0001F600" * 20_000, None, np.nan, "plain"]
# What openpyxl gets back, by hand: text as written, cut at 32,767 characters (UTF-16
# units), control characters and a literal _xHHHH_ in Excel's escaped form, as XlsxWriter
# writes them (Excel and LibreOffice decode both; openpyxl does not decode inline strings).
EXPECTED = ['=HYPERLINK("http://evil","x")', "+SUM(1,1)", "@SUM(1,1)", "<b>&amp;</b> & <",
            "a_x0001_b_x001F_c", "_x005F_x0041_", "  padded ", "tab\there\nline", "x" * 32_767,
            "é" * 32_767, "\U0001F600" * 16_383, None, None, "plain"]
N = len(HOSTILE)


def frame() -> pd.DataFrame:
    """Workload-shaped rows: hostile text, dates (NaT, Excel's 1900 leap-year bug),
    numbers (NaN, inf, integers), and an object column of mixed types."""
    months = pd.to_datetime(["2026-03-01", None, "1900-02-28", "1900-03-01", "2026-12-31"]
                            + ["2026-01-15"] * (N - 5))
    return pd.DataFrame({
        "project": pd.Series(["P-1"] * N, dtype="str"),
        "task": pd.Series(HOSTILE, dtype="str"),
        "month": months,
        "planned": [1.5, np.nan, np.inf, -2.0, 0.1, 1e20, 3.0] + [4.25] * (N - 7),
        "source_row": np.arange(2, N + 2, dtype="int64"),
        "source_file": pd.Series(["a.xlsx", 3.5, dt.date(2026, 2, 1), None, True, "=1+1",
                                  " <lead"] + ["b.xlsx"] * (N - 7), dtype=object),
    })


def write(path, df, alone: bool):
    wb = new_workbook(path)
    ws = wb.add_worksheet("Workload")
    write_table(wb, ws, Styles(wb), df, table="workload", name="tblWorkload", lang="en",
                alone=alone)
    wb.close()
    return path


def cells(path):
    ws = openpyxl.load_workbook(path)["Workload"]
    return ws, [[(c.value, c.data_type, c.number_format) for c in row]
                for row in ws.iter_rows(min_row=1, max_row=N + 1, max_col=6)]


@pytest.fixture
def spliced(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetxml, "CHUNK_ROWS", 4)  # several chunks, one partly filled
    return write(tmp_path / "fast.xlsx", frame(), alone=True)


def test_cells_read_back_as_written_by_hand(spliced):
    ws, _ = cells(spliced)
    assert ws.tables["tblWorkload"].ref == f"A1:F{N + 1}"
    assert ws.dimensions == f"A1:F{N + 1}"
    task = [ws.cell(r, 2) for r in range(2, N + 2)]
    assert [c.value for c in task] == EXPECTED
    assert {c.data_type for c in task if c.value is not None} == {"s"}  # never a formula
    month = [ws.cell(r, 3).value for r in range(2, 7)]
    assert month == [dt.datetime(2026, 3, 1), None, dt.datetime(1900, 2, 28),
                     dt.datetime(1900, 3, 1), dt.datetime(2026, 12, 31)]
    assert ws["C2"].number_format == "mmm yyyy" and ws["C2"].is_date  # a month
    assert [ws.cell(r, 4).value for r in range(2, 9)] == [1.5, None, None, -2, 0.1, 1e20, 3]
    assert [ws.cell(r, 5).value for r in range(2, 5)] == [2, 3, 4]
    # A date in a text column is its serial number, as XlsxWriter writes it there.
    assert [ws.cell(r, 6).value for r in range(2, 9)] == [
        "a.xlsx", 3.5, 46054, None, True, "=1+1", " <lead"]
    assert ws["F7"].data_type == "s"
    with zipfile.ZipFile(spliced) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b'<c r="B13"' not in xml  # no formula; blanks left out
    assert b'<c r="B12"' in xml and b'<c r="D3"' not in xml and b'<c r="D4"' not in xml


def test_same_cells_as_xlsxwriters_writers(spliced, tmp_path):
    slow = write(tmp_path / "slow.xlsx", frame(), alone=False)
    ws_fast, fast = cells(spliced)
    ws_slow, expected = cells(slow)
    literal = HOSTILE.index("_x0041_") + 1  # openpyxl half-decodes it in shared strings only
    assert expected[literal][1][0] == "_x0041_" and fast[literal][1][0] == "_x005F_x0041_"
    fast[literal] = expected[literal] = []
    assert fast == expected
    assert ws_fast.tables["tblWorkload"].ref == ws_slow.tables["tblWorkload"].ref


def test_an_empty_table_keeps_one_blank_row(tmp_path):
    ws, _ = cells(write(tmp_path / "e.xlsx", frame().iloc[:0], alone=True))
    assert ws.tables["tblWorkload"].ref == "A1:F2" and ws["A2"].value is None
    assert ws["B1"].value == "Task"


def test_open_xml_sdk_validator_accepts_spliced_sheets(spliced):
    assert ooxml_errors(spliced) == []


def test_libreoffice_reads_the_spliced_cells(spliced, tmp_path):
    theirs = openpyxl.load_workbook(convert(spliced, tmp_path / "lo",
                                            "xlsx:Calc MS Excel 2007 XML"))["Workload"]
    ours = openpyxl.load_workbook(spliced)["Workload"]
    for ref in ("A2", "B2", "B4", "B5", "C2", "C5", "D2", "D7", "E2", "F3", "F4"):
        assert theirs[ref].value == ours[ref].value, ref
    assert theirs["C2"].is_date and theirs["B2"].data_type == "s"
    # LibreOffice decodes the escapes (and writes its own, lower-case): the text is intact.
    assert theirs["B6"].value.lower() == "a_x0001_b_x001f_c"
    assert theirs["B7"].value == "_x0041_"
