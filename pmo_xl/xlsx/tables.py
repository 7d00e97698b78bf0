"""A portfolio DataFrame as a typed, filterable Excel Table with a frozen header.

Headers, number formats, widths and colours come from the registry of figures; the
rows come already shown in the workbook's language (``pmo_xl.figures.shown``). Text
is always written as text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.figures import FORMATS, Figure, figure, yes_no
from pmo_xl.schema.contract import BAD, GOOD, WARN
from pmo_xl.schema.model import Kind, Tone
from pmo_xl.xlsx.book import MAX_CELL_TEXT, excel_serials, write_value
from pmo_xl.xlsx.book import Workbook as SplicingWorkbook
from pmo_xl.xlsx.sheetxml import table_rows

NAVY = "#1F3864"


class Styles:
    """The master's formats, created once per workbook: one per kind of figure (its
    number format), one per tone (its colours)."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.title = wb.add_format({"bold": True, "font_size": 16, "font_color": NAVY})
        self.subtitle = wb.add_format({"italic": True, "font_color": "#595959"})
        self.head = wb.add_format({"bold": True, "bg_color": NAVY, "font_color": "#FFFFFF",
                                   "text_wrap": True, "valign": "top", "border": 1})
        self.head_month = wb.add_format({"bold": True, "bg_color": NAVY,
                                         "font_color": "#FFFFFF", "num_format": "mmm yy",
                                         "align": "center", "border": 1})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.kind = {k: wb.add_format({"num_format": f.excel, "valign": "top"})
                     for k, f in FORMATS.items() if k is not Kind.NOTE}
        self.kind[Kind.NOTE] = self.wrap
        self.text, self.date = self.kind[Kind.TEXT], self.kind[Kind.DATE]
        self.bold = wb.add_format({"bold": True})
        self.count = wb.add_format({"bold": True, "align": "left", "num_format": "0"})
        self.total = {k: wb.add_format({"bold": True, "top": 2, "num_format": f.excel})
                      for k, f in FORMATS.items()}
        self.link = wb.add_format({"font_color": "#0563C1", "underline": 1})
        self._tints: dict[str, Format] = {}
        self._fills: dict[str, Format] = {}

    def tint(self, tone: Tone) -> Format:
        """A cell of that meaning in a table: light background, dark text."""
        if tone.name not in self._tints:
            self._tints[tone.name] = self.wb.add_format(
                {"bg_color": f"#{tone.tint}", "font_color": f"#{tone.on_tint}"})
        return self._tints[tone.name]

    def fill(self, tone: Tone) -> Format:
        """A heat-map cell of that meaning: strong colour, centred bold number."""
        if tone.name not in self._fills:
            self._fills[tone.name] = self.wb.add_format({
                "align": "center", "valign": "vcenter", "bold": True, "border": 1,
                "border_color": "#FFFFFF", "num_format": '0;-0;""',
                "bg_color": f"#{tone.fill}", "font_color": f"#{tone.on_fill}"})
        return self._fills[tone.name]

    @property
    def red(self) -> Format:
        return self.tint(BAD)

    @property
    def amber(self) -> Format:
        return self.tint(WARN)

    @property
    def green(self) -> Format:
        return self.tint(GOOD)

    def of(self, fig: Figure) -> Format:
        return self.kind[fig.kind]


def tone_formats(ws: Worksheet, styles: Styles, fig: Figure, first: int, last: int, col: int,
                 lang: str) -> None:
    """Colour a column's cells by what their words mean (a status, a class, a severity,
    a flag that is set), as the enumeration declares."""
    words: list[tuple[str, Tone]] = []
    if fig.choices is not None:
        words = [(c.label(lang), c.tone) for c in fig.choices.choices if c.tone is not None]
    elif fig.kind is Kind.FLAG and fig.tone is not None:
        words = [(yes_no(True, lang), fig.tone)]
    for word, tone in words:
        ws.conditional_format(first, col, last, col, {
            "type": "cell", "criteria": "==", "value": f'"{word}"',
            "format": styles.tint(tone)})


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


def write_table(wb: Workbook, ws: Worksheet, styles: Styles, df: pd.DataFrame, *, table: str,
                name: str, lang: str, first_row: int = 0, alone: bool = False
                ) -> WrittenTable:
    """Write ``df`` (already shown in ``lang``) as an Excel Table named ``name``.

    ``alone``: nothing will be written beside or below the table, so its cells are built
    as XML a column at a time and spliced in on close (``sheetxml``), ~10× faster.
    """
    columns = list(df.columns)
    figures = [figure(table, c) for c in columns]
    headers = [f.label(lang) for f in figures]
    n = len(df)
    last = first_row + max(n, 1)
    fast = alone and isinstance(wb, SplicingWorkbook)
    if fast:  # the table's range is set when the rows are spliced: XlsxWriter's checks
        # for overlapping tables cost a dict entry per cell (1.6 s for 2.3 M cells)
        wb.spliced[ws.name] = table_rows(
            df, [styles.of(fig)._get_xf_index() for fig in figures], first_row + 1, name)
    ws.add_table(first_row, 0, first_row + 1 if fast else last, len(columns) - 1, {
        "name": name, "style": "Table Style Medium 2",
        "columns": [{"header": h, "header_format": styles.head} for h in headers],
    })
    for c, (col, fig) in enumerate(zip(columns, figures, strict=True)):
        fmt = styles.of(fig)
        if not fast:
            _write_column(ws, first_row + 1, c, df[col], fmt)
        ws.set_column(c, c, _width(fig, headers[c]), fmt)
        tone_formats(ws, styles, fig, first_row + 1, last, c, lang)
    ws.freeze_panes(first_row + 1, 1)
    ws.set_row(first_row, 32)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(first_row)
    return WrittenTable(ws.name, first_row, last, {c: i for i, c in enumerate(columns)}, n)


def _width(fig: Figure, header: str) -> float:
    if fig.kind is Kind.NOTE:
        return fig.column_width
    return max(fig.column_width, min(len(header) * 0.9 + 2, 22))
