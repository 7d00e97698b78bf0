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

from pmo_xl.figures import figure, shown, term, view, yes_no
from pmo_xl.figures.messages import messages_text
from pmo_xl.kpis.messages import MESSAGE_COUNT, portfolio_messages
from pmo_xl.kpis.portfolio import risk_heatmap, s_curve
from pmo_xl.kpis.risks import criticality_class
from pmo_xl.model import Portfolio
from pmo_xl.schema import text
from pmo_xl.schema.contract import (
    CRITICAL,
    CRITICALITY_CLASS,
    DECISION_STATUS,
    NO_REPORT,
    OPEN,
    PENDING,
    RAG,
    REPORTING,
    RISK_STATUS,
)
from pmo_xl.schema.model import Kind
from pmo_xl.schema.rules import Severity
from pmo_xl.xlsx.book import write_value
from pmo_xl.xlsx.tables import Styles, WrittenTable, tone_formats

MESSAGES_ROW = 3  # 0-based: the key messages, under the title and date
SUMMARY_ROW = MESSAGES_ROW + 1 + MESSAGE_COUNT + 1  # the status counts, received, errors
HEADER_ROW = SUMMARY_ROW + 3  # the projects' table
DASHBOARD = view("dashboard")
COLUMNS = DASHBOARD.columns
FIGURES = {key: figure(DASHBOARD.table, key) for key in COLUMNS}
COL = {key: i for i, key in enumerate(COLUMNS)}
NAME_WIDTH = 28  # the dashboard prints on one landscape page
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

    # Unknown statuses count as open / pending, as the enumerations declare.
    open_words = RISK_STATUS.words_meaning(OPEN, lang)
    (critical_word,) = (CRITICALITY_CLASS.translate(v, lang)
                        for v in CRITICALITY_CLASS.having(CRITICAL))
    critical = ("criticality_class", critical_word)
    pending = DECISION_STATUS.words_meaning(PENDING, lang)
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
                    src: Sources, lang: str, changes: pd.DataFrame | None = None
                    ) -> dict[str, int]:
    """Write the dashboard; returns the row positions the tests and charts use."""
    write_messages(ws, styles, message_lines(portfolio, changes, lang), lang)
    projects = portfolio.projects.sort_values("project", kind="stable").reset_index(drop=True)
    rows = shown(projects, DASHBOARD, lang)
    n = len(projects)
    fmts = {key: styles.of(fig) for key, fig in FIGURES.items()}
    for c, (key, fig) in enumerate(FIGURES.items()):
        head = fig.label(lang)
        ws.write_string(HEADER_ROW, c, head, styles.head)
        longest = max(len(word) for word in head.split())  # headers wrap between words only
        ws.set_column(c, c, min(max(fig.column_width, longest + 2), NAME_WIDTH), fmts[key])
    ws.set_row(HEADER_ROW, 45)
    first = HEADER_ROW + 1
    cells = {key: rows[key].to_numpy(dtype=object) for key in COLUMNS}
    codes = projects["project"].astype(str).to_numpy(dtype=object)
    for r in range(n):
        row = first + r
        code = codes[r]
        live = not (set(code) & UNSAFE_CRITERIA)
        formulas = _formulas(row, src, lang) if live else {}
        for c, key in enumerate(COLUMNS):
            value = cells[key][r]
            if key in formulas:
                ws.write_formula(row, c, "=" + formulas[key], fmts[key], _cached(value))
            else:
                write_value(ws, row, c, value, fmts[key])
    totals = first + max(n, 1)
    _totals(ws, styles, totals, first, n, projects, lang)
    _highlights(ws, styles, portfolio, first, totals - 1, lang)
    ws.freeze_panes(first, 2)
    ws.autofilter(HEADER_ROW, 0, totals - 1, len(COLUMNS) - 1)
    _summary(ws, styles, portfolio, first, totals - 1, lang)
    charts_row = _not_reported(ws, styles, portfolio, totals + 2, lang) + 1
    _charts(wb, ws, styles, projects, portfolio, first, n, charts_row, lang)
    heat_row = charts_row + 22
    _heatmap(ws, styles, portfolio, src, heat_row, lang)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.print_area(0, 0, heat_row + 2 + portfolio.settings.risk_scale, len(COLUMNS) - 1)
    return {"first": first, "totals": totals, "heatmap": heat_row}


TOTALS = ("budget_days", "planned_days", "consumed_days", "remaining_days", "eac_days",
          "variance_days", "open_risks", "critical_risks", "overdue_actions",
          "pending_decisions")


def _totals(ws: Worksheet, styles: Styles, row: int, first: int, n: int,
            projects: pd.DataFrame, lang: str) -> None:
    """Portfolio totals as formulas, cached with the engine's sums."""
    last = first + max(n, 1) - 1
    sums = projects.sum(numeric_only=True)
    ws.write_string(row, 0, figure("projects", "total").label(lang), styles.total[Kind.TEXT])
    for key in TOTALS:
        c = COL[key]
        rng = f"{xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(last, c)}"
        ws.write_formula(row, c, f"=SUM({rng})", styles.total[FIGURES[key].kind],
                         float(sums.get(key, 0)))
    planned, variance = _cell(row, "planned_days"), _cell(row, "variance_days")
    consumed, eac = _cell(row, "consumed_days"), _cell(row, "eac_days")
    pct = styles.total[Kind.PERCENT]
    ws.write_formula(row, COL["variance_pct"], f'=IF({planned}=0,"",{variance}/{planned})',
                     pct, _ratio(sums["variance_days"], sums["planned_days"]))
    ws.write_formula(row, COL["progress"], f'=IF({eac}=0,"",{consumed}/{eac})', pct,
                     _ratio(sums["consumed_days"], sums["eac_days"]))
    c = COL["max_slip_days"]
    top = projects["max_slip_days"].max()
    ws.write_formula(row, c, f"=MAX({xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(last, c)})",
                     styles.total[FIGURES["max_slip_days"].kind],
                     0.0 if pd.isna(top) else float(top))


def _ratio(num: float, den: float) -> object:
    return "" if not den else float(num) / float(den)


def _highlights(ws: Worksheet, styles: Styles, portfolio: Portfolio, first: int, last: int,
                lang: str) -> None:
    """Statuses and set flags by their tones; a stale report's date, a variance at the red
    threshold and any critical risk or overdue action stand out; progress as a bar."""
    for key, fig in FIGURES.items():
        tone_formats(ws, styles, fig, first, last, COL[key], lang)
    stale = xl_rowcol_to_cell(first, COL["stale"], col_abs=True)
    ws.conditional_format(first, COL["as_of"], last, COL["as_of"], {
        "type": "formula", "criteria": f'={stale}="{yes_no(True, lang)}"',
        "format": styles.red})
    c = COL["progress"]
    ws.conditional_format(first, c, last, c, {"type": "data_bar", "bar_color": "#5B9BD5",
                                              "min_type": "num", "min_value": 0,
                                              "max_type": "num", "max_value": 1,
                                              "bar_solid": True})
    c = COL["variance_pct"]
    ws.conditional_format(first, c, last, c, {
        "type": "cell", "criteria": ">=", "value": portfolio.settings.status.variance_pct_red,
        "format": styles.red})
    for key in ("critical_risks", "overdue_actions"):
        c = COL[key]
        ws.conditional_format(first, c, last, c, {"type": "cell", "criteria": ">",
                                                  "value": 0, "format": styles.amber})


def message_lines(portfolio: Portfolio, changes: pd.DataFrame | None, lang: str) -> list[str]:
    return messages_text(portfolio_messages(portfolio, changes), lang,
                         portfolio.settings.currency)


def write_messages(ws: Worksheet, styles: Styles, lines: list[str], lang: str) -> None:
    """The key messages at the top, one per row across the table's width, each row as
    tall as its text needs (Excel does not grow merged rows by itself)."""
    ws.write_string(MESSAGES_ROW, 0, term("key_messages", lang), styles.bold)
    width = len(COLUMNS) - 1
    chars = sum(min(max(f.column_width, 8), NAME_WIDTH) for f in FIGURES.values()) * 1.1
    for i, line in enumerate(lines[:MESSAGE_COUNT]):
        row = MESSAGES_ROW + 1 + i
        ws.merge_range(row, 0, row, width, "", styles.wrap)
        ws.write_string(row, 0, f"• {line}", styles.wrap)
        ws.set_row(row, 15 * max(1, -(-len(line) // int(chars))))


_SUMMARY = {
    "en": ("Portfolio dashboard", "projects", "Data-quality errors",
           "{n} projects received, {missing} not reported",
           "Not reported: the last figures recorded, as of their reporting date"),
    "fr": ("Tableau de bord du portefeuille", "projets", "Erreurs de qualité des données",
           "{n} projets reçus, {missing} sans reporting",
           "Sans reporting : les derniers chiffres enregistrés, à leur date de reporting"),
}


def _not_reported(ws: Worksheet, styles: Styles, portfolio: Portfolio, row: int,
                  lang: str) -> int:
    """Expected projects with no tracker this week, under the totals (which they are
    not part of): their last figures, dated, their status cells saying "No report".
    Returns the first row free below."""
    missing = portfolio.missing
    if not len(missing):
        return row
    ws.write_string(row, 0, _SUMMARY[lang][4], styles.bold)
    rows = shown(missing.reindex(columns=COLUMNS), DASHBOARD, lang)
    word = REPORTING.translate(NO_REPORT, lang)
    grey = styles.tint(REPORTING.tone(NO_REPORT))
    for r, values in enumerate(rows.itertuples(index=False)):
        for c, (key, value) in enumerate(zip(COLUMNS, values, strict=True)):
            if key in ("status", "computed_status"):
                ws.write_string(row + 1 + r, c, word, grey)
            else:
                write_value(ws, row + 1 + r, c, value, styles.of(FIGURES[key]))
    return row + 1 + len(rows)


def _summary(ws: Worksheet, styles: Styles, portfolio: Portfolio, first: int, last: int,
             lang: str) -> None:
    title, projects, errors, received, _ = _SUMMARY[lang]
    ws.write_string(0, 0, title, styles.title)
    when = portfolio.reporting_date
    as_of = figure("projects", "as_of").label(lang)
    ws.write_string(1, 0, f"{as_of}: {when:%d/%m/%Y}" if when else as_of, styles.subtitle)
    ws.write_string(SUMMARY_ROW, 0, FIGURES["computed_status"].label(lang), styles.bold)
    c = COL["computed_status"]
    rng = f"{xl_rowcol_to_cell(first, c, col_abs=True, row_abs=True)}:" \
          f"{xl_rowcol_to_cell(last, c, col_abs=True, row_abs=True)}"
    counts = portfolio.projects["computed_status"].value_counts()
    for i, choice in enumerate(RAG.choices):
        label = choice.label(lang)
        ws.write_string(SUMMARY_ROW, 2 + 2 * i, label, styles.tint(choice.tone))
        ws.write_formula(SUMMARY_ROW, 3 + 2 * i, f'=COUNTIF({rng},"{label}")', styles.count,
                         int(counts.get(choice.value, 0)))
    n, missing = len(portfolio.projects), len(portfolio.missing)
    ws.write_string(SUMMARY_ROW + 1, 0, received.format(n=n, missing=missing) if missing
                    else f"{n} {projects}", styles.subtitle)
    n_errors = int((portfolio.findings["severity"] == Severity.ERROR).sum())
    ws.write_string(SUMMARY_ROW + 1, 2, errors, styles.bold)
    ws.write_number(SUMMARY_ROW + 1, 4, n_errors, styles.count)


_SCURVE_DATA = ("S-curve data", "Données de la courbe en S")


def _charts(wb: Workbook, ws: Worksheet, styles: Styles, projects: pd.DataFrame,
            portfolio: Portfolio, first: int, n: int, row: int, lang: str) -> None:
    sheet = ws.name
    last = first + max(n, 1) - 1
    bar = wb.add_chart({"type": "column"})
    for key, color in (("budget_days", "#A5A5A5"), ("eac_days", "#1F3864")):
        bar.add_series({
            "name": FIGURES[key].short(lang),
            "categories": [sheet, first, COL["project"], last, COL["project"]],
            "values": [sheet, first, COL[key], last, COL[key]],
            "fill": {"color": color},
        })
    bar.set_title({"name": term("eac_chart", lang), "name_font": {"size": 12}})
    bar.set_legend({"position": "bottom"})
    bar.set_size({"width": 720, "height": 400})
    ws.insert_chart(row, 0, bar)
    # S-curve data lives in a small table to the right of the dashboard.
    curve = s_curve(portfolio.workload)
    dc = len(COLUMNS) + 2
    ws.write_string(HEADER_ROW - 1, dc, text.pick(_SCURVE_DATA, lang), styles.bold)
    month, planned, forecast = (figure("workload", k) for k in ("month", "planned", "forecast"))
    for c, head in enumerate((month.label(lang), planned.short(lang), forecast.label(lang))):
        ws.write_string(HEADER_ROW, dc + c, head, styles.head)
    for r, (when, rec) in enumerate(curve.iterrows()):
        ws.write_datetime(HEADER_ROW + 1 + r, dc, when.to_pydatetime(), styles.of(month))
        ws.write_number(HEADER_ROW + 1 + r, dc + 1, rec["planned_cum"], styles.of(planned))
        ws.write_number(HEADER_ROW + 1 + r, dc + 2, rec["forecast_cum"], styles.of(forecast))
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
    line.set_title({"name": term("scurve", lang), "name_font": {"size": 12}})
    line.set_x_axis({"date_axis": True, "num_format": "mmm yy"})
    line.set_legend({"position": "bottom"})
    line.set_size({"width": 720, "height": 400})
    ws.insert_chart(row, 9, line)


def _heatmap(ws: Worksheet, styles: Styles, portfolio: Portfolio, src: Sources, row: int,
             lang: str) -> None:
    scale = portfolio.settings.risk_scale
    grid = risk_heatmap(portfolio.risks, scale)
    ws.write_string(row, 0, term("heat", lang), styles.bold)
    probability, impact = (figure("risks", k).label(lang) for k in ("probability", "impact"))
    ws.write_string(row + 1, 0, f"{probability} ↓ / {impact} →", styles.subtitle)
    open_words = RISK_STATUS.words_meaning(OPEN, lang)
    for j, level in enumerate(grid.columns):
        ws.write_number(row + 1, 1 + j, int(level), styles.head)
    for i, p in enumerate(grid.index):
        r = row + 2 + i
        ws.write_number(r, 0, int(p), styles.head)
        for j, level in enumerate(grid.columns):
            terms = "+".join(
                f'COUNTIFS({src.risks.range("probability")},{int(p)},'
                f'{src.risks.range("impact")},{int(level)},{src.risks.range("status")},"{w}")'
                for w in open_words)
            # The cell's colour is its criticality zone; the number, the open risks in it.
            klass = criticality_class(pd.Series([float(p * level)]), scale).iloc[0]
            ws.write_formula(r, 1 + j, "=" + terms, styles.fill(CRITICALITY_CLASS.tone(klass)),
                             int(grid.loc[p, level]))
