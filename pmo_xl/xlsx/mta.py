"""The Milestone trends sheet: forecasts by reporting date, and one MTA chart a project."""

from __future__ import annotations

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.figures import figure, term
from pmo_xl.xlsx.tables import Styles, write_table

CHARTS = 12  # projects charted (the table lists them all)
SERIAL0 = pd.Timestamp("1899-12-30")


def _serial(ts: pd.Timestamp) -> float:
    return float((pd.Timestamp(ts) - SERIAL0).days)


def write_mta(wb: Workbook, ws: Worksheet, styles: Styles, mta: pd.DataFrame,
              lang: str) -> None:
    table = write_table(wb, ws, styles, mta.reset_index(drop=True), table="mta",
                        name="tblMTA", lang=lang)
    title, diagonal = term("mta", lang), term("diagonal", lang)
    x_name, y_name = (figure("mta", k).label(lang) for k in ("reporting_date", "forecast_date"))
    helper = len(mta.columns) + 12  # two cells per project for the diagonal
    rd, fd = table.columns["reporting_date"], table.columns["forecast_date"]
    for k, (code, block) in enumerate(mta.groupby("project", sort=True)):
        if k >= CHARTS or block["reporting_date"].nunique() < 2:
            continue
        chart = wb.add_chart({"type": "scatter", "subtype": "straight_with_markers"})
        for _, rows in block.groupby("id", sort=False):
            first, last = rows.index.min() + 1, rows.index.max() + 1
            chart.add_series({
                "name": str(rows["milestone"].iloc[0]),
                "categories": [ws.name, first, rd, last, rd],
                "values": [ws.name, first, fd, last, fd],
                "marker": {"type": "diamond", "size": 6},
            })
        lo = min(block["reporting_date"].min(), block["forecast_date"].min())
        hi = max(block["reporting_date"].max(), block["forecast_date"].max())
        row = 1 + 2 * k
        ws.write_datetime(row, helper, lo.to_pydatetime(), styles.date)
        ws.write_datetime(row + 1, helper, hi.to_pydatetime(), styles.date)
        chart.add_series({
            "name": diagonal,
            "categories": [ws.name, row, helper, row + 1, helper],
            "values": [ws.name, row, helper, row + 1, helper],
            "line": {"color": "#A5A5A5", "dash_type": "dash"}, "marker": {"type": "none"},
        })
        axis = {"num_format": "dd/mm/yy", "min": _serial(lo), "max": _serial(hi) + 1}
        chart.set_x_axis({**axis, "name": x_name})
        chart.set_y_axis({**axis, "name": y_name})
        chart.set_title({"name": f"{title} — {code}", "name_font": {"size": 12}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 560, "height": 380})
        ws.insert_chart(1 + 20 * k, len(mta.columns) + 1, chart)
