"""The Workload sheet as most PMs keep it: one line per resource, months across (grid form).

Each line is three rows, Planned, Actual and Remaining (the Measure column says which), so
a PM fills a plan, what was consumed and what is left side by side, month by month. The
reader unfolds it into the long form (contract v1.1); Total rows and the Total column are
ignored there, as every row whose label is a total.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.figures import label
from pmo_xl.schema.grid import IDENTIFYING, MEASURE, MEASURES, MONTHS_AFTER_START, VALUE_KEYS
from pmo_xl.schema.model import Field
from pmo_xl.xlsx.book import MONEY_FMT, MONTH_FMT, NUMBER_FMT, write_value
from pmo_xl.xlsx.tracker_style import (
    AS_OF,
    COUNTER_LABEL_COL,
    MONEY_KEYS,
    REPORTING_MONTH_FILL,
    REPORTING_MONTH_HEAD,
    TABLE_HEADER_ROW,
    Formats,
    counter_width,
    field_validation,
    print_setup,
    shown,
)

BLANK_LINES = 5  # lines ready to fill under the plan, three rows each
MAX_PLAN_MONTHS = 120  # a baseline end further than this is a typo: the default span instead
HELP = {
    "en": "One line per workstream, task and resource, in days: Planned (the baseline), "
          "Actual (up to the reporting month), Remaining (from it on). Insert rows above "
          "the totals to add lines.",
    "fr": "Une ligne par lot, tâche et ressource, en jours : Prévu (la référence), Consommé "
          "(jusqu'au mois de reporting), Reste à faire (à partir de lui). Insérez des lignes "
          "au-dessus des totaux pour en ajouter.",
}
_WIDTHS = {"workstream": 14, "task": 22, "resource": 16, "role": 12, "rate": 10,
           "measure": 14}
_MONTH_WIDTH, _TOTAL_WIDTH = 10, 11
PRINTED_MONTHS = 12  # months on one printed page width


def _total(lang: str) -> str:
    """"Total", as the registry names it (a row the reader knows to skip)."""
    return label("projects", "total", lang)


@dataclass(frozen=True)
class Line:
    """One resource line of the plan: what identifies it, and its cells by (measure, month)."""

    ids: Mapping[str, object]
    cells: Mapping[tuple[str, dt.date], object]


@dataclass(frozen=True)
class GridLayout:
    """Where the grid's parts are: the live checks and the tests find them here."""

    sheet: str
    months: tuple[dt.date, ...]
    cols: Mapping[str, int]  # identifying field keys and "measure" -> column
    first_month_col: int
    total_col: int
    first_row: int  # the first line's Planned row
    last_row: int  # the blank row under the lines: rows inserted above it join every range
    total_rows: Mapping[str, int]  # measure -> its Total row

    @property
    def last_month_col(self) -> int:
        return self.total_col - 1

    def month_col(self, month: dt.date) -> int:
        return self.first_month_col + self.months.index(month)


def _blank(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def month_of(value: object) -> dt.date | None:
    """The first day of the month a value names (a date, or a date typed as text)."""
    if _blank(value):
        return None
    try:
        stamp = pd.Timestamp(value) if not isinstance(value, str) else pd.to_datetime(
            value, dayfirst="/" in value)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(stamp) else dt.date(stamp.year, stamp.month, 1)


def _add_months(month: dt.date, n: int) -> dt.date:
    k = month.year * 12 + month.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def plan_lines(rows: pd.DataFrame | None) -> list[Line]:
    """Long rows grouped into lines by what identifies them, in their first order; two
    rows on the same month and measure add up."""
    if rows is None or rows.empty:
        return []
    keys = [f.key for f in IDENTIFYING]
    lines: dict[tuple, dict[tuple[str, dt.date], object]] = {}
    for record in rows.to_dict("records"):
        ids = tuple(None if _blank(record.get(k)) else record.get(k) for k in keys)
        cells = lines.setdefault(ids, {})
        month = month_of(record.get("month"))
        if month is None:
            continue
        for measure in VALUE_KEYS:
            value = record.get(measure)
            if _blank(value):
                continue
            before = cells.get((measure, month))
            both = all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                       for v in (before, value))
            cells[(measure, month)] = before + value if both else value  # type: ignore[operator]
    return [Line(dict(zip(keys, ids, strict=True)), cells) for ids, cells in lines.items()]


def plan_months(project: Mapping[str, object], lines: list[Line], today: dt.date
                ) -> tuple[dt.date, ...]:
    """The project's months: start to baseline end; without a start, from the reporting
    month (else this month) for MONTHS_AFTER_START months; widened to the data's months."""
    start = month_of(project.get("start")) or month_of(project.get("as_of")) or dt.date(
        today.year, today.month, 1)
    end = month_of(project.get("end_baseline"))
    if end is None or end < start or end > _add_months(start, MAX_PLAN_MONTHS - 1):
        end = _add_months(start, MONTHS_AFTER_START - 1)
    data = [m for line in lines for _, m in line.cells]
    if data:
        start, end = min(start, *data), max(end, *data)
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return tuple(_add_months(start, i) for i in range(count))


class _GridFormats:
    """Input cells of a line (the last row of each line underlined), totals, headers."""

    def __init__(self, wb: Workbook, lang: str) -> None:
        base = {"border": 1, "border_color": "#D9D9D9", "valign": "top"}
        end = {"bottom": 1, "bottom_color": "#8EA9DB"}
        fill = {"bg_color": "#FFF9E6"}
        copy = {"font_color": "#808080", "italic": True}

        def pair(props: dict[str, object]) -> tuple:
            return wb.add_format({**base, **props}), wb.add_format({**base, **props, **end})

        self.text = pair(fill)
        self.money = pair({**fill, "num_format": MONEY_FMT})
        self.copy_text = pair(copy)
        self.copy_money = pair({**copy, "num_format": MONEY_FMT})
        self.measure = pair({"bg_color": "#F2F2F2", "font_color": "#1F3864", "align": "left",
                             "indent": 1})
        self.days = pair({**fill, "num_format": NUMBER_FMT})
        self.row_total = pair({"num_format": NUMBER_FMT, "bold": True, "bg_color": "#F2F2F2"})
        total = {"bold": True, "bg_color": "#D9E1F2", "top": 1, "top_color": "#1F3864",
                 "border_color": "#B4C6E7"}
        self.total_label = wb.add_format(total)
        self.total = wb.add_format({**total, "num_format": NUMBER_FMT})
        month_fmt = f"[$-40C]{MONTH_FMT}" if lang == "fr" else MONTH_FMT  # janv. 2026
        self.month_head = wb.add_format({"bold": True, "bg_color": "#1F3864",
                                         "font_color": "#FFFFFF", "num_format": month_fmt,
                                         "align": "center", "valign": "top"})


def _cached_sum(values: list[object]) -> object:
    nums = [v for v in values if isinstance(v, numbers.Real) and not isinstance(v, bool)]
    return float(sum(nums)) if nums else ""


def _write_line(ws: Worksheet, gf: _GridFormats, layout: GridLayout, row0: int,
                line: Line | None, lang: str) -> None:
    """Three rows: the identifying cells typed once (the Actual and Remaining rows copy
    them by formula), the measure's word, the months and the row's total."""
    for j, measure in enumerate(VALUE_KEYS):
        row, last = row0 + j, j == len(VALUE_KEYS) - 1
        for f in IDENTIFYING:
            col = layout.cols[f.key]
            money = f.key in MONEY_KEYS
            value = None if line is None else shown(line.ids.get(f.key), f, lang)
            if j == 0:
                write_value(ws, row, col, value, (gf.money if money else gf.text)[last])
            else:
                first = xl_rowcol_to_cell(row0, col)
                ws.write_formula(row, col, f'=IF({first}="","",{first})',
                                 (gf.copy_money if money else gf.copy_text)[last],
                                 "" if value is None else value)
        ws.write_string(row, layout.cols["measure"], MEASURES.translate(measure, lang),
                        gf.measure[last])
        values = []
        for k, month in enumerate(layout.months):
            value = None if line is None else line.cells.get((measure, month))
            values.append(value)
            write_value(ws, row, layout.first_month_col + k, value, gf.days[last])
        span = (f"{xl_rowcol_to_cell(row, layout.first_month_col)}:"
                f"{xl_rowcol_to_cell(row, layout.last_month_col)}")
        ws.write_formula(row, layout.total_col, f'=IF(COUNT({span})=0,"",SUM({span}))',
                         gf.row_total[last], _cached_sum(values))


def _write_totals(ws: Worksheet, gf: _GridFormats, layout: GridLayout, lines: list[Line],
                  lang: str) -> None:
    """One Total row per measure: SUMIF on the Measure column, month by month."""
    measure_rng = xl_range_abs(layout.first_row, layout.cols["measure"], layout.last_row,
                               layout.cols["measure"])
    for measure, row in layout.total_rows.items():
        word = MEASURES.translate(measure, lang)
        ws.write_string(row, 0, f"{_total(lang)} – {word}", gf.total_label)
        for col in range(1, layout.first_month_col):
            ws.write_blank(row, col, None, gf.total_label)
        sums = []
        for k, month in enumerate(layout.months):
            col = layout.first_month_col + k
            top = xl_rowcol_to_cell(layout.first_row, col, row_abs=True)
            bottom = xl_rowcol_to_cell(layout.last_row, col, row_abs=True)
            cached = _cached_sum([line.cells.get((measure, month)) for line in lines])
            sums.append(cached)
            ws.write_formula(row, col, f'=SUMIF({measure_rng},"{word}",{top}:{bottom})',
                             gf.total, cached if cached != "" else 0)
        span = (f"{xl_rowcol_to_cell(row, layout.first_month_col)}:"
                f"{xl_rowcol_to_cell(row, layout.last_month_col)}")
        ws.write_formula(row, layout.total_col, f"=SUM({span})", gf.total,
                         _cached_sum(sums) or 0)


def write_workload_grid(wb: Workbook, ws: Worksheet, fmt: Formats,
                        rows: pd.DataFrame | None, project: Mapping[str, object], lang: str,
                        today: dt.date) -> GridLayout:
    """The Workload sheet in grid form, filled from long rows when given; returns where
    its parts are."""
    lines = plan_lines(rows)
    months = plan_months(project, lines, today)
    fields: list[Field] = [*IDENTIFYING, MEASURE]
    cols = {f.key: c for c, f in enumerate(fields)}
    first_month = len(fields)
    first_row = TABLE_HEADER_ROW + 1
    last_row = first_row + (len(lines) + BLANK_LINES) * len(VALUE_KEYS)
    layout = GridLayout(ws.get_name(), months, cols, first_month,
                        first_month + len(months), first_row, last_row,
                        {m: last_row + 1 + i for i, m in enumerate(VALUE_KEYS)})
    gf = _GridFormats(wb, lang)
    ws.write_string(0, 0, ws.get_name(), fmt.title)
    ws.write_string(1, 0, HELP[lang], fmt.subtitle)
    for f, c in zip(fields, range(first_month), strict=True):
        ws.write_string(TABLE_HEADER_ROW, c, f.label(lang), fmt.head)
        width = _WIDTHS.get(f.key, 14)
        ws.set_column(c, c, max(width, counter_width(lang)) if c == COUNTER_LABEL_COL else width)
    for k, month in enumerate(months):
        ws.write_datetime(TABLE_HEADER_ROW, first_month + k,
                          dt.datetime(month.year, month.month, 1), gf.month_head)
    ws.set_column(first_month, layout.last_month_col, _MONTH_WIDTH)
    ws.write_string(TABLE_HEADER_ROW, layout.total_col, _total(lang), fmt.head)
    ws.set_column(layout.total_col, layout.total_col, _TOTAL_WIDTH)
    for i in range(len(lines) + BLANK_LINES):
        _write_line(ws, gf, layout, first_row + i * len(VALUE_KEYS),
                    lines[i] if i < len(lines) else None, lang)
    _write_totals(ws, gf, layout, lines, lang)
    for f in fields:
        rule = field_validation(f, lang)
        if rule:
            ws.data_validation(first_row, cols[f.key], last_row, cols[f.key], rule)
    ws.data_validation(first_row, first_month, last_row, layout.last_month_col,
                       {"validate": "decimal", "criteria": ">=", "value": 0,
                        "error_type": "warning"})
    ws.autofilter(TABLE_HEADER_ROW, 0, last_row, layout.total_col)
    ws.set_row(TABLE_HEADER_ROW, 30)
    ws.freeze_panes(first_row, first_month)
    print_setup(ws, TABLE_HEADER_ROW)
    if len(months) > PRINTED_MONTHS:  # readable on paper: more pages across, lines repeated
        ws.fit_to_pages(-(-len(months) // PRINTED_MONTHS), 0)
        ws.repeat_columns(0, first_month - 1)
    return layout


def highlight_reporting_month(wb: Workbook, ws: Worksheet, layout: GridLayout) -> None:
    """The reporting month's column in colour, following the card's reporting date.
    Written after the live checks so a cell to fix keeps its colour."""
    gf_head = wb.add_format({"bg_color": f"#{REPORTING_MONTH_HEAD}"})
    gf_body = wb.add_format({"bg_color": f"#{REPORTING_MONTH_FILL}"})
    head = xl_rowcol_to_cell(TABLE_HEADER_ROW, layout.first_month_col, row_abs=True)
    when = f"=AND({AS_OF}>0,{head}=EOMONTH({AS_OF},-1)+1)"
    ws.conditional_format(TABLE_HEADER_ROW, layout.first_month_col, TABLE_HEADER_ROW,
                          layout.last_month_col,
                          {"type": "formula", "criteria": when, "format": gf_head})
    ws.conditional_format(layout.first_row, layout.first_month_col,
                          layout.total_rows[VALUE_KEYS[-1]], layout.last_month_col,
                          {"type": "formula", "criteria": when, "format": gf_body})
