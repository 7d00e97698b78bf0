"""One slide per project: card, status, the PM's words, milestones, risks, workload."""

from __future__ import annotations

import pandas as pd
from pptx.util import Emu

from pmo_xl.deck.parts import (
    NAVY,
    add_chart,
    add_chip,
    add_mta_chart,
    add_table,
    add_text,
    cell_text,
)
from pmo_xl.figures import figure, term, view
from pmo_xl.kpis.risks import is_open
from pmo_xl.schema.contract import RAG, TREND

GAP = Emu(150000)
ROW = Emu(290000)
MILESTONES, RISKS = 6, 4  # rows of the project slide's tables


def _cut_table(d, slide, v, rows: pd.DataFrame, room: int, name: str, left: int, top: int,
               width: int, weights: list[float]) -> None:
    """A table of at most ``room`` rows; when more, its last line names the rest ("… and
    3 more: UAT, Go-live, Hypercare"), so nothing is dropped silently."""
    shown = rows if len(rows) <= room else rows.head(room - 1)
    table = d.table(v, shown)
    add_table(slide, left, top, width, table.headers, table.rows, weights, size=10,
              row_height=ROW)
    if len(rows) > room:
        rest = rows.iloc[room - 1:][name].astype(str)
        add_text(slide, left, top + int(ROW * (room + 0.7)), width, ROW,
                 d.t["and_more"].format(n=len(rest), names=", ".join(rest)), size=9,
                 min_size=8)


def _card(d, p: pd.Series) -> list[str]:
    """The project's card: who, where, when, how much; then EVM and why its status."""
    sep = " : " if d.lang == "fr" else ": "
    rec = p.to_dict()

    def line(*keys: str) -> str:
        return " · ".join(f"{d.label('projects', k)}{sep}{figure('projects', k).cell(rec, d.lang)}"
                          for k in keys)

    card = [line("manager"), line("phase", "as_of"), line("eac_vs_budget", "progress")]
    if pd.notna(p.get("spi")) or pd.notna(p.get("cpi")):
        card.append(f"{d.t['evm']}{sep}" + " · ".join(
            f"{d.short('projects', k)} {figure('projects', k).cell(rec, d.lang)}"
            for k in ("spi", "cpi")))
    reasons = figure("projects", "status_reasons").cell(rec, d.lang)
    if reasons:
        card.append(f"{d.short('projects', 'computed_status')}{sep}{reasons}")
    return card


def draw_project(d, p: pd.Series) -> None:
    c = d.canvas
    slide = d.slide(f"{p['project']} — {p['name']}")
    left_w = int(c.width * 0.34)
    x, y = c.left, c.top
    chip_w, chip_h = Emu(1150000), Emu(320000)
    for i, key in enumerate(("status", "computed_status")):
        cx = x + i * (chip_w + GAP)
        add_text(slide, cx, y, chip_w, Emu(220000), d.short("projects", key), size=9,
                 min_size=8)
        add_chip(slide, cx, y + Emu(220000), chip_w, chip_h, d.word(RAG, p[key]),
                 RAG.tone(p[key]))
    add_text(slide, x + 2 * (chip_w + GAP), y + Emu(220000), left_w - 2 * (chip_w + GAP),
             chip_h, d.word(TREND, p["trend"]), size=11, min_size=8, bold=True)
    y += Emu(620000)
    add_text(slide, x, y, left_w, Emu(900000), "\n".join(_card(d, p)), size=11, min_size=8)
    y += Emu(950000)
    block = int((c.top + c.height - y) / 3)
    for key in ("highlights", "concerns", "next_steps"):
        add_text(slide, x, y, left_w, Emu(240000), d.label("projects", key), size=11,
                 min_size=9, bold=True, color=NAVY)
        add_text(slide, x, y + Emu(240000), left_w, block - Emu(260000), cell_text(p[key]),
                 size=11, min_size=8)
        y += block
    rx = c.left + left_w + Emu(250000)
    rw = c.width - left_w - Emu(250000)
    ms = d.of_project(d.milestones_in_order, p["project"])  # ordered once for all projects
    _cut_table(d, slide, view("deck_milestones"), ms, MILESTONES, "milestone", rx, c.top, rw,
               [3.4, 1.3, 1.6, 1.2])
    by = c.top + int(ROW * (MILESTONES + 1.7)) + GAP
    half = (rw - GAP) // 2
    risks = d.of_project(d.p.risks, p["project"])
    risks = risks[is_open(risks["status"]).to_numpy()]
    top = risks.sort_values(["criticality", "source_row"], ascending=[False, True])
    _cut_table(d, slide, view("deck_project_risks"), top, RISKS, "risk", rx, by, half,
               [3, 0.7, 1.5])
    trends = None if d.mta is None else d.of_project(d.mta, p["project"])
    wl = d.of_project(d.p.workload, p["project"], ["month", "planned", "actual", "remaining"])
    per_month = wl.groupby("month")[["planned", "actual", "remaining"]].sum()
    if trends is not None and trends["reporting_date"].nunique() >= 2:
        # With a history, the milestone trend is what a steering committee asks for.
        add_mta_chart(slide, rx + half + GAP, by, half, c.top + c.height - by, trends,
                      term("mta", d.lang), term("diagonal", d.lang))
    elif len(per_month):
        add_chart(slide, "column", rx + half + GAP, by, half, c.top + c.height - by,
                  [m.strftime("%m/%y") for m in per_month.index],
                  {d.short("workload", "planned"): per_month["planned"].tolist(),
                   d.label("workload", "forecast"):
                       (per_month["actual"] + per_month["remaining"]).tolist()},
                  d.t["workload"])
