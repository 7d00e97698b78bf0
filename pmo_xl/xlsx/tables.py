"""A portfolio DataFrame as a typed, filterable Excel Table with a frozen header.

Column kinds decide the number format; enumerations are shown in the workbook's
language; booleans as Yes/No. Text is always written as text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.labels import choices_for, column_label, yes_no
from pmo_xl.xlsx.book import (
    DATE_FMT,
    MAX_CELL_TEXT,
    MONEY_FMT,
    MONTH_FMT,
    excel_serials,
    write_value,
)

PCT_COLUMNS = {"variance_pct", "progress", "budget_consumed_pct", "drift_pct"}
INT_COLUMNS = {"open_risks", "critical_risks", "overdue_actions", "pending_decisions",
               "probability", "impact", "criticality", "criticality_given", "slip_days",
               "max_slip_days", "max_open_slip_days", "report_age_days", "source_row", "value",
               "complexity", "alignment", "priority_rank", "new_risks", "closed_risks",
               "worsened_risks", "moved_milestones", "max_move_days"}
MONEY_COLUMNS = {"rate", "effective_rate", "planned_cost", "actual_cost", "remaining_cost",
                 "consumed_cost", "eac_cost", "budget_cost", "budget_variance_cost", "bac",
                 "pv", "ev", "ac", "sv", "cv", "eac_bottom_up", "eac_cpi", "eac_composite",
                 "vac"}
RATIO_COLUMNS = {"spi", "cpi", "tcpi", "spi_t"}
WIDE_TEXT = {"name", "risk", "action", "decision", "milestone", "message", "mitigation",
             "comment", "highlights", "concerns", "next_steps", "status_reasons", "task"}


class Styles:
    """The master's formats, created once per workbook."""

    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"})
        self.subtitle = wb.add_format({"italic": True, "font_color": "#595959"})
        self.head = wb.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF",
                                   "text_wrap": True, "valign": "top", "border": 1})
        self.head_month = wb.add_format({"bold": True, "bg_color": "#1F3864",
                                         "font_color": "#FFFFFF", "num_format": "mmm yy",
                                         "align": "center", "border": 1})
        self.text = wb.add_format({"valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.date = wb.add_format({"num_format": DATE_FMT, "valign": "top"})
        self.month = wb.add_format({"num_format": MONTH_FMT, "valign": "top"})
        self.days = wb.add_format({"num_format": "#,##0.0", "valign": "top"})
        self.int = wb.add_format({"num_format": "0", "valign": "top"})
        self.money = wb.add_format({"num_format": MONEY_FMT, "valign": "top"})
        self.pct = wb.add_format({"num_format": "0%", "valign": "top"})
        self.ratio = wb.add_format({"num_format": "0.00", "valign": "top"})
        self.bold = wb.add_format({"bold": True})
        self.count = wb.add_format({"bold": True, "align": "left", "num_format": "0"})
        self.total = {k: wb.add_format({"bold": True, "top": 2, "num_format": f})
                      for k, f in (("days", "#,##0.0"), ("int", "0"), ("pct", "0%"),
                                   ("text", "@"), ("money", MONEY_FMT))}
        self.red = wb.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"})
        self.amber = wb.add_format({"bg_color": "#FFE699", "font_color": "#7F6000"})
        self.green = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.grey = wb.add_format({"font_color": "#808080"})
        heat = {"align": "center", "valign": "vcenter", "bold": True, "border": 1,
                "border_color": "#FFFFFF", "num_format": '0;-0;""'}
        self.heat_red = wb.add_format({**heat, "bg_color": "#E06666"})
        self.heat_amber = wb.add_format({**heat, "bg_color": "#FFD966"})
        self.heat_green = wb.add_format({**heat, "bg_color": "#93C47D"})
        self.link = wb.add_format({"font_color": "#0563C1", "underline": 1})


def kind_of(column: str, series: pd.Series) -> str:
    if column == "month":
        return "month"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_bool_dtype(series):
        return "flag"
    if column in PCT_COLUMNS:
        return "pct"
    if column in RATIO_COLUMNS:
        return "ratio"
    if column in MONEY_COLUMNS:
        return "money"
    if column in INT_COLUMNS:
        return "int"
    if pd.api.types.is_numeric_dtype(series):
        return "days"
    return "text"


def _format(styles: Styles, kind: str, column: str) -> Format:
    if kind == "text":
        return styles.wrap if column in WIDE_TEXT else styles.text
    return {"month": styles.month, "date": styles.date, "pct": styles.pct,
            "ratio": styles.ratio,
            "money": styles.money, "int": styles.int, "days": styles.days,
            "flag": styles.text}[kind]


def _width(column: str, kind: str, header: str) -> float:
    if column in WIDE_TEXT:
        return 40
    base = {"date": 12, "month": 10, "pct": 9, "money": 12, "int": 8, "days": 10, "flag": 9,
            "ratio": 8}
    return max(base.get(kind, 16), min(len(header) * 0.9 + 2, 22))


@dataclass
class WrittenTable:
    """Where a table landed, so formulas and charts can refer to it."""

    sheet: str
    first_row: int  # header row, 0-based
    last_row: int  # last data row, 0-based (== first_row + 1 when empty)
    columns: dict[str, int]  # column key -> 0-based column
    rows: int  # data rows

    def range(self, column: str) -> str:
        """Absolute A1 range of a column's data, sheet-qualified."""
        from xlsxwriter.utility import xl_range_abs

        col = self.columns[column]
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        return f"{quoted}!{xl_range_abs(self.first_row + 1, col, self.last_row, col)}"


def _write_column(ws: Worksheet, first: int, c: int, series: pd.Series, fmt: Format) -> None:
    """One column with its typed writer; blanks are left unwritten (the column carries the
    format), so big tables cost one call per filled cell and no type test per cell."""
    if pd.api.types.is_datetime64_any_dtype(series):
        stamps = series.dt.tz_localize(None) if series.dt.tz is not None else series
        serials = excel_serials(stamps)
        for r in np.flatnonzero(np.isfinite(serials)):
            ws.write_number(first + int(r), c, float(serials[r]), fmt)
        for r in np.flatnonzero(stamps.notna().to_numpy() & ~np.isfinite(serials)):
            ws.write_datetime(first + int(r), c, stamps.iloc[r].to_pydatetime(), fmt)
    elif pd.api.types.is_float_dtype(series) or pd.api.types.is_integer_dtype(series):
        values = series.to_numpy(dtype="float64")
        for r in np.flatnonzero(np.isfinite(values)):
            ws.write_number(first + int(r), c, float(values[r]), fmt)
    elif pd.api.types.is_string_dtype(series) and series.dtype != object:
        text = series.str.slice(0, MAX_CELL_TEXT).to_numpy(dtype=object)
        for r in np.flatnonzero(series.notna().to_numpy()):
            ws.write_string(first + int(r), c, text[r], fmt)
    else:
        for r, value in enumerate(series.to_numpy(dtype=object)):
            if value is not None and not (isinstance(value, float) and np.isnan(value)):
                write_value(ws, first + r, c, value, fmt)


def display(df: pd.DataFrame, table: str, lang: str) -> pd.DataFrame:
    """Enumerations in the workbook's language, flags as Yes/No, file names short."""
    out = df.copy()
    for col in out.columns:
        choices = choices_for(table, col)
        if choices is not None:
            out[col] = _map_distinct(out[col], lambda v, c=choices: c.translate(v, lang)
                                     if isinstance(v, str) else v)
        elif pd.api.types.is_bool_dtype(out[col]):
            out[col] = _map_distinct(out[col], lambda v: yes_no(v, lang))
    if "source_file" in out:
        out["source_file"] = _map_distinct(
            out["source_file"], lambda p: str(p).replace("\\", "/").rsplit("/", 1)[-1])
    return out


def _map_distinct(series: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """``series.map(fn)`` calling ``fn`` once per distinct value, not once per row."""
    mapping = {v: fn(v) for v in series.dropna().unique()}
    return series.map(mapping)


def write_table(wb: Workbook, ws: Worksheet, styles: Styles, df: pd.DataFrame, *, table: str,
                name: str, lang: str, first_row: int = 0, kinds: dict[str, str] | None = None
                ) -> WrittenTable:
    """Write ``df`` (already in display form) as an Excel Table named ``name``."""
    kinds = dict(kinds or {})
    columns = list(df.columns)
    for col in columns:
        kinds.setdefault(col, kind_of(col, df[col]))
    headers = [column_label(table, c, lang) for c in columns]
    n = len(df)
    last = first_row + max(n, 1)
    ws.add_table(first_row, 0, last, len(columns) - 1, {
        "name": name, "style": "Table Style Medium 2",
        "columns": [{"header": h, "header_format": styles.head} for h in headers],
    })
    for c, col in enumerate(columns):
        fmt = _format(styles, kinds[col], col)
        _write_column(ws, first_row + 1, c, df[col], fmt)
        ws.set_column(c, c, _width(col, kinds[col], headers[c]), fmt)
    ws.freeze_panes(first_row + 1, 1)
    ws.set_row(first_row, 32)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(first_row)
    return WrittenTable(ws.name, first_row, last, {c: i for i, c in enumerate(columns)}, n)
