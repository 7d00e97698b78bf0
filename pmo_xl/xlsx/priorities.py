"""The Priorities sheet: projects ranked by score, and value vs complexity as bubbles.

XlsxWriter has no bubble chart type, so each project is a scatter series whose marker
size follows its EAC cost: the same reading, native and editable in Excel.
"""

from __future__ import annotations

import math

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.figures import figure, shown, term, view
from pmo_xl.model import Portfolio
from pmo_xl.xlsx.tables import Styles, write_table

PRIORITIES = view("priorities")
CHART_PROJECTS = 30  # bubbles beyond this are unreadable; the table lists them all


def write_priorities(wb: Workbook, ws: Worksheet, styles: Styles, portfolio: Portfolio,
                     lang: str) -> None:
    ranked = portfolio.projects.sort_values(["priority_rank", "project"], na_position="last")
    rows = shown(ranked.reset_index(drop=True), PRIORITIES, lang)
    table = write_table(wb, ws, styles, rows, table=PRIORITIES.table, name="tblPriorities",
                        lang=lang)
    x_name, y_name = (figure("projects", k).short(lang) for k in ("complexity", "value"))
    chart = wb.add_chart({"type": "scatter"})
    top = ranked.head(CHART_PROJECTS).reset_index(drop=True)
    biggest = top["eac_cost"].max(skipna=True)
    vc, cc = table.columns["value"], table.columns["complexity"]
    plotted = 0
    for i, p in top.iterrows():
        if pd.isna(p["value"]) or pd.isna(p["complexity"]):
            continue
        cost = p["eac_cost"]
        size = 6 if pd.isna(cost) or not biggest else 6 + 30 * math.sqrt(cost / biggest)
        row = table.first_row + 1 + i
        chart.add_series({
            "name": [ws.name, row, table.columns["project"]],
            "categories": [ws.name, row, cc, row, cc],
            "values": [ws.name, row, vc, row, vc],
            "marker": {"type": "circle", "size": int(size),
                       "fill": {"color": "#1F3864", "transparency": 40},
                       "border": {"color": "#FFFFFF"}},
            "data_labels": {"series_name": True, "position": "right", "font": {"size": 8}},
        })
        plotted += 1
    if not plotted:  # no project has both scores yet: say so rather than draw nothing
        ws.write_string(1, len(PRIORITIES.columns) + 1, term("no_scores", lang), styles.subtitle)
        return
    chart.set_title({"name": term("bubbles", lang), "name_font": {"size": 12}})
    chart.set_x_axis({"name": x_name, "min": 0, "max": 6, "major_unit": 1})
    chart.set_y_axis({"name": y_name, "min": 0, "max": 6, "major_unit": 1})
    chart.set_legend({"none": True})
    chart.set_size({"width": 640, "height": 480})
    ws.insert_chart(1, len(PRIORITIES.columns) + 1, chart)
