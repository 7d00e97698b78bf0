"""The Dashboard sheet: one row per project, portfolio totals, native charts, heat map.

Figures that Excel can derive from the consolidated tables are live formulas (SUMIFS,
COUNTIFS over the Workload, Risks, Actions and Decisions sheets) carrying the
engine's value as their cached result, so a PMO can audit and extend them; the
tests recalculate them in LibreOffice and compare with the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl.kpis.portfolio import risk_heatmap, s_curve
from pmo_xl.kpis.risks import criticality_class
from pmo_xl.labels import column_label, yes_no
from pmo_xl.model import Portfolio
from pmo_xl.schema.contract import (
    CRITICALITY_CLASS,
    DECISION_STATUS,
    RAG,
    RISK_STATUS,
)
from pmo_xl.xlsx.book import write_value
from pmo_xl.xlsx.tables import Styles, WrittenTable, display

HEADER_ROW = 6  # 0-based; title and summary above
COLUMNS = [
    # key, kind, width
    ("project", "text", 11), ("name", "text", 28), ("manager", "text", 16),
    ("phase", "text", 12), ("status", "rag", 10), ("computed_status", "rag", 11),
    ("status_mismatch", "flag", 9), ("trend", "text", 12), ("budget_days", "days", 10),
    ("planned_days", "days", 10), ("consumed_days", "days", 10),
    ("remaining_days", "days", 10), ("eac_days", "days", 10), ("variance_days", "days", 10),
    ("variance_pct", "pct", 9), ("progress", "pct", 11), ("max_slip_days", "int", 9),
    ("next_milestone", "text", 22), ("next_milestone_date", "date", 11),
    ("open_risks", "int", 8), ("critical_risks", "int", 8), ("overdue_actions", "int", 8),
    ("pending_decisions", "int", 9), ("as_of", "date", 11), ("stale", "flag", 8),
]
COL = {key: i for i, (key, _, _) in enumerate(COLUMNS)}
UNSAFE_CRITERIA = set("*?~<>=")  # a code with these cannot be a SUMIFS criterion


@dataclass
class Sources:
    """Where the detail tables landed, for the formulas."""

    workload: WrittenTable
    risks: WrittenTable
    actions: WrittenTable
    decisions: WrittenTable


def _cell(row: int, key: str) -> str:
    return xl_rowcol_to_cell(row, COL[key], col_abs=True)


def _countifs(t: WrittenTable, code_cell: str, *pairs: tuple[str, str]) -> str:
    crit = "".join(f',{t.range(col)},"{word}"' for col, word in pairs)
    return f"COUNTIFS({t.range('project')},{code_cell}{crit})"


def _any_of(t: WrittenTable, code_cell: str, col: str, words: list[str],
            extra: tuple[str, str] | None = None) -> str:
    terms = [_countifs(t, code_cell, (col, w), *([extra] if extra else [])) for w in words]
    return "+".join(terms)


def _formulas(row: int, src: Sources, lang: str) -> dict[str, str]:
    """Formulas of one dashboard row (0-based row)."""
    code = _cell(row, "project")
    wl = src.workload

    def sumifs(col: str) -> str:
        return f"SUMIFS({wl.range(col)},{wl.range('project')},{code})"

    # Unknown statuses count as open / pending, as in the engine.
    open_words = [RISK_STATUS.translate(s, lang) for s in ("Open", "Mitigating")] + [""]
    critical = ("criticality_class", CRITICALITY_CLASS.translate("Critical", lang))
    pending = [DECISION_STATUS.translate("Pending", lang), ""]
    planned, consumed, remaining, eac, variance = (
        _cell(row, k) for k in ("planned_days", "consumed_days", "remaining_days", "eac_days",
                                "variance_days"))
    return {
        "planned_days": sumifs("planned"),
        "consumed_days": sumifs("actual"),
        "remaining_days": sumifs("remaining"),
        "eac_days": f"{consumed}+{remaining}",
        "variance_days": f"{eac}-{planned}",
        "variance_pct": f'IF({planned}=0,"",{variance}/{planned})',
        "progress": f'IF({eac}=0,"",{consumed}/{eac})',
        "open_risks": _any_of(src.risks, code, "status", open_words),
        "critical_risks": _any_of(src.risks, code, "status", open_words, critical),
        "overdue_actions": _countifs(src.actions, code, ("overdue", yes_no(True, lang))),
        "pending_decisions": _any_of(src.decisions, code, "status", pending),
    }


def _cached(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return value


def write_dashboard(wb: Workbook, ws: Worksheet, styles: Styles, portfolio: Portfolio,
                    src: Sources, lang: str) -> dict[str, int]:
    """Write the dashboard; returns the row positions the tests and charts use."""
    projects = portfolio.projects.sort_values("project", kind="stable").reset_index(drop=True)
    shown = display(projects, "projects", lang)
    n = len(projects)
    fmts = {"text": styles.text, "rag": styles.text, "flag": styles.text, "days": styles.days,
            "pct": styles.pct, "int": styles.int, "date": styles.date}
    for c, (key, kind, width) in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW, c, column_label("projects", key, lang), styles.head)
        ws.set_column(c, c, width, fmts[kind])
    ws.set_row(HEADER_ROW, 45)
    first = HEADER_ROW + 1
    cells = {key: shown[key].to_numpy(dtype=object) for key, _, _ in COLUMNS}
    codes = projects["project"].astype(str).to_numpy(dtype=object)
    for r in range(n):
        row = first + r
        code = codes[r]
        live = not (set(code) & UNSAFE_CRITERIA)
        formulas = _formulas(row, src, lang) if live else {}
        for c, (key, kind, _) in enumerate(COLUMNS):
            value = cells[key][r]
            if key in formulas:
                ws.write_formula(row, c, "=" + formulas[key], fmts[kind], _cached(value))
            else:
                write_value(ws, row, c, value, fmts[kind])
    totals = first + max(n, 1)
    _totals(ws, styles, totals, first, n, projects)
    _rag_formats(ws, styles, first, totals - 1, lang)
    ws.freeze_panes(first, 2)
    ws.autofilter(HEADER_ROW, 0, totals - 1, len(COLUMNS) - 1)
    _summary(ws, styles, portfolio, first, totals - 1, lang)
    charts_row = totals + 3
    _charts(wb, ws, styles, projects, portfolio, first, n, charts_row, lang)
    heat_row = charts_row + 22
    _heatmap(ws, styles, portfolio, src, heat_row, lang)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.print_area(0, 0, heat_row + 2 + portfolio.settings.risk_scale, len(COLUMNS) - 1)
    return {"first": first, "totals": totals, "heatmap": heat_row}


def _totals(ws: Worksheet, styles: Styles, row: int, first: int, n: int,
            projects: pd.DataFrame) -> None:
    """Portfolio totals as formulas, cached with the engine's sums."""
    last = first + max(n, 1) - 1
    sums = projects.sum(numeric_only=True)
    ws.write_string(row, 0, "Total", styles.total["text"])
    for key in ("budget_days", "planned_days", "consumed_days", "remaining_days", "eac_days",
                "variance_days", "open_risks", "critical_risks", "overdue_actions",
                "pending_decisions"):
        c = COL[key]
        rng = f"{xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(last, c)}"
        kind = "int" if key.endswith(("risks", "actions", "decisions")) else "days"
        ws.write_formula(row, c, f"=SUM({rng})", styles.total[kind], float(sums.get(key, 0)))
    planned, variance = _cell(row, "planned_days"), _cell(row, "variance_days")
    consumed, eac = _cell(row, "consumed_days"), _cell(row, "eac_days")
    ratios = {
        "variance_pct": (sums["variance_days"], sums["planned_days"]),
        "progress": (sums["consumed_days"], sums["eac_days"]),
    }
    ws.write_formula(row, COL["variance_pct"], f'=IF({planned}=0,"",{variance}/{planned})',
                     styles.total["pct"], _ratio(*ratios["variance_pct"]))
    ws.write_formula(row, COL["progress"], f'=IF({eac}=0,"",{consumed}/{eac})',
                     styles.total["pct"], _ratio(*ratios["progress"]))
    c = COL["max_slip_days"]
    top = projects["max_slip_days"].max()
    ws.write_formula(row, c, f"=MAX({xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(last, c)})",
                     styles.total["int"], 0.0 if pd.isna(top) else float(top))


def _ratio(num: float, den: float) -> object:
    return "" if not den else float(num) / float(den)


def _rag_formats(ws: Worksheet, styles: Styles, first: int, last: int, lang: str) -> None:
    for key in ("status", "computed_status"):
        c = COL[key]
        for word, fmt in (("Green", styles.green), ("Amber", styles.amber), ("Red", styles.red)):
            ws.conditional_format(first, c, last, c, {
                "type": "cell", "criteria": "==", "value": f'"{RAG.translate(word, lang)}"',
                "format": fmt})
    yes = yes_no(True, lang)
    for key in ("status_mismatch", "stale"):
        c = COL[key]
        ws.conditional_format(first, c, last, c, {"type": "cell", "criteria": "==",
                                                  "value": f'"{yes}"', "format": styles.red})
    stale = xl_rowcol_to_cell(first, COL["stale"], col_abs=True)
    ws.conditional_format(first, COL["as_of"], last, COL["as_of"], {
        "type": "formula", "criteria": f'={stale}="{yes}"', "format": styles.red})
    c = COL["progress"]
    ws.conditional_format(first, c, last, c, {"type": "data_bar", "bar_color": "#5B9BD5",
                                              "min_type": "num", "min_value": 0,
                                              "max_type": "num", "max_value": 1,
                                              "bar_solid": True})
    for key in ("variance_pct",):
        c = COL[key]
        ws.conditional_format(first, c, last, c, {"type": "cell", "criteria": ">=",
                                                  "value": 0.10, "format": styles.red})
    for key in ("critical_risks", "overdue_actions"):
        c = COL[key]
        ws.conditional_format(first, c, last, c, {"type": "cell", "criteria": ">",
                                                  "value": 0, "format": styles.amber})


_SUMMARY = {
    "en": ("Portfolio dashboard", "Reporting date", "projects", "Computed status",
           "Data-quality errors"),
    "fr": ("Tableau de bord du portefeuille", "Date de reporting", "projets",
           "Météo calculée", "Erreurs de qualité des données"),
}


def _summary(ws: Worksheet, styles: Styles, portfolio: Portfolio, first: int, last: int,
             lang: str) -> None:
    title, as_of, projects, status, errors = _SUMMARY[lang]
    ws.write_string(0, 0, title, styles.title)
    when = portfolio.reporting_date
    ws.write_string(1, 0, f"{as_of}: {when:%d/%m/%Y}" if when else as_of, styles.subtitle)
    ws.write_string(3, 0, status, styles.bold)
    c = COL["computed_status"]
    rng = f"{xl_rowcol_to_cell(first, c, col_abs=True, row_abs=True)}:" \
          f"{xl_rowcol_to_cell(last, c, col_abs=True, row_abs=True)}"
    counts = portfolio.projects["computed_status"].value_counts()
    for i, (word, fmt) in enumerate((("Green", styles.green), ("Amber", styles.amber),
                                     ("Red", styles.red))):
        label = RAG.translate(word, lang)
        ws.write_string(3, 2 + 2 * i, label, fmt)
        ws.write_formula(3, 3 + 2 * i, f'=COUNTIF({rng},"{label}")', styles.count,
                         int(counts.get(word, 0)))
    ws.write_string(4, 0, f"{len(portfolio.projects)} {projects}", styles.subtitle)
    n_errors = int((portfolio.findings["severity"] == "error").sum())
    ws.write_string(4, 2, errors, styles.bold)
    ws.write_number(4, 4, n_errors, styles.count)


_CHART_TEXT = {
    "en": ("EAC vs budget per project (days)", "Budget", "EAC",
           "Portfolio S-curve (cumulative days)", "Planned", "Consumed + remaining",
           "S-curve data", "Open risks: probability × impact", "Probability", "Impact"),
    "fr": ("Réestimé vs budget par projet (j/h)", "Budget", "Réestimé",
           "Courbe en S du portefeuille (j/h cumulés)", "Prévu", "Consommé + reste à faire",
           "Données de la courbe en S", "Risques ouverts : probabilité × impact", "Probabilité",
           "Impact"),
}


def _charts(wb: Workbook, ws: Worksheet, styles: Styles, projects: pd.DataFrame,
            portfolio: Portfolio, first: int, n: int, row: int, lang: str) -> None:
    t = _CHART_TEXT[lang]
    sheet = ws.name
    last = first + max(n, 1) - 1
    bar = wb.add_chart({"type": "column"})
    for key, name, color in (("budget_days", t[1], "#A5A5A5"), ("eac_days", t[2], "#1F3864")):
        bar.add_series({
            "name": name,
            "categories": [sheet, first, COL["project"], last, COL["project"]],
            "values": [sheet, first, COL[key], last, COL[key]],
            "fill": {"color": color},
        })
    bar.set_title({"name": t[0], "name_font": {"size": 12}})
    bar.set_legend({"position": "bottom"})
    bar.set_size({"width": 720, "height": 400})
    ws.insert_chart(row, 0, bar)
    # S-curve data lives in a small table to the right of the dashboard.
    curve = s_curve(portfolio.workload)
    dc = len(COLUMNS) + 2
    ws.write_string(HEADER_ROW - 1, dc, t[6], styles.bold)
    for c, head in enumerate((column_label("workload", "month", lang), t[4], t[5])):
        ws.write_string(HEADER_ROW, dc + c, head, styles.head)
    for r, (month, rec) in enumerate(curve.iterrows()):
        ws.write_datetime(HEADER_ROW + 1 + r, dc, month.to_pydatetime(), styles.month)
        ws.write_number(HEADER_ROW + 1 + r, dc + 1, rec["planned_cum"], styles.days)
        ws.write_number(HEADER_ROW + 1 + r, dc + 2, rec["forecast_cum"], styles.days)
    ws.set_column(dc, dc + 2, 12)
    end = HEADER_ROW + max(len(curve), 1)
    line = wb.add_chart({"type": "line"})
    for c, color in ((1, "#A5A5A5"), (2, "#C00000")):
        line.add_series({
            "name": [sheet, HEADER_ROW, dc + c],
            "categories": [sheet, HEADER_ROW + 1, dc, end, dc],
            "values": [sheet, HEADER_ROW + 1, dc + c, end, dc + c],
            "line": {"color": color, "width": 2.25},
        })
    line.set_title({"name": t[3], "name_font": {"size": 12}})
    line.set_x_axis({"date_axis": True, "num_format": "mmm yy"})
    line.set_legend({"position": "bottom"})
    line.set_size({"width": 720, "height": 400})
    ws.insert_chart(row, 9, line)


def _heatmap(ws: Worksheet, styles: Styles, portfolio: Portfolio, src: Sources, row: int,
             lang: str) -> None:
    t = _CHART_TEXT[lang]
    scale = portfolio.settings.risk_scale
    grid = risk_heatmap(portfolio.risks, scale)
    ws.write_string(row, 0, t[7], styles.bold)
    ws.write_string(row + 1, 0, f"{t[8]} ↓ / {t[9]} →", styles.subtitle)
    open_words = [RISK_STATUS.translate(s, lang) for s in ("Open", "Mitigating")] + [""]
    for j, impact in enumerate(grid.columns):
        ws.write_number(row + 1, 1 + j, int(impact), styles.head)
    zone = {"Critical": styles.heat_red, "Major": styles.heat_amber, "Minor": styles.heat_green}
    for i, p in enumerate(grid.index):
        r = row + 2 + i
        ws.write_number(r, 0, int(p), styles.head)
        for j, impact in enumerate(grid.columns):
            terms = "+".join(
                f'COUNTIFS({src.risks.range("probability")},{int(p)},'
                f'{src.risks.range("impact")},{int(impact)},{src.risks.range("status")},"{w}")'
                for w in open_words)
            # The cell's colour is its criticality zone; the number, the open risks in it.
            klass = criticality_class(pd.Series([float(p * impact)]), scale).iloc[0]
            ws.write_formula(r, 1 + j, "=" + terms, zone[klass], int(grid.loc[p, impact]))

