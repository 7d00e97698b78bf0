"""A thin, safe layer over XlsxWriter shared by everything pmo-xl writes.

Text is always written as text: a risk titled ``=HYPERLINK(…)`` or ``+SUM(1,1)``
stays that string (XlsxWriter's automatic formula, URL and number conversions are
off, and we call the typed ``write_*`` methods).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pmo_xl.xlsx.sheetxml import MAX_CELL_TEXT, SheetRows, splice

FIXED_TIMESTAMP = dt.datetime(2026, 1, 1)  # committed templates must be byte-stable

DATE_FMT = "dd/mm/yyyy"
MONTH_FMT = "mmm yyyy"
NUMBER_FMT = "#,##0.0"
MONEY_FMT = "#,##0"
INTEGER_FMT = "0"


class Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, with big tables' cells spliced in on close: XlsxWriter
    writes each such sheet with its table, header and formats; ``sheetxml`` its rows."""

    def __init__(self, filename: str, options: dict[str, Any]) -> None:
        super().__init__(filename, options)
        self.spliced: dict[str, SheetRows] = {}

    def close(self) -> None:
        super().close()
        spliced, self.spliced = self.spliced, {}  # once, even if closed again
        if spliced:
            splice(Path(self.filename), spliced)


def new_workbook(
    path: Path, *, deterministic: bool = False, title: str = "", in_memory: bool = False
) -> Workbook:
    """A workbook that never turns text into formulas, links or numbers. ``in_memory``
    assembles its parts in memory, not in temporary files (a small workbook written many
    times over: trackers)."""
    wb = Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
            "default_date_format": DATE_FMT,
            "in_memory": in_memory,
        },
    )
    props: dict[str, Any] = {"title": title, "author": "pmo-xl", "comments": "Made by pmo-xl"}
    if deterministic:
        props["created"] = FIXED_TIMESTAMP
    wb.set_properties(props)
    return wb


_EXCEL_EPOCH = np.datetime64("1899-12-30", "ns")
_FIRST_TRUE_SERIAL = np.datetime64("1900-03-01", "ns")  # Excel's day 61: 1900 was no leap year


def excel_serials(stamps: pd.Series) -> np.ndarray:
    """Excel's serial day numbers (1900 system) for naive timestamps, a column at a time:
    NaN where the cell is blank or before 1 March 1900 (written one by one instead, as
    Excel counts a 29 February 1900 that never was)."""
    values = stamps.to_numpy(dtype="datetime64[ns]")
    serials = (values - _EXCEL_EPOCH) / np.timedelta64(1, "D")
    serials[np.isnat(values) | (values < _FIRST_TRUE_SERIAL)] = np.nan
    return serials


def write_value(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None = None
                ) -> None:
    """Write one value with its real type; text never becomes a formula or link."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, numbers.Real):
        if math.isinf(value):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, (dt.date, pd.Timestamp)):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_datetime(row, col, stamp.to_pydatetime().replace(tzinfo=None), fmt)
    else:
        ws.write_string(row, col, str(value)[:MAX_CELL_TEXT], fmt)
