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
    ms = d.of_project(d.p.milestones, p["project"]).sort_values(
        ["target_date", "source_row"]).head(6)
    table = d.table(view("deck_milestones"), (m for _, m in ms.iterrows()))
    add_table(slide, rx, c.top, rw, table.headers, table.rows, [3.4, 1.3, 1.6, 1.2], size=10,
              row_height=Emu(290000))
    by = c.top + int(Emu(290000) * 7.7) + GAP
    half = (rw - GAP) // 2
    risks = d.of_project(d.p.risks, p["project"])
    risks = risks[is_open(risks["status"]).to_numpy()]
    top = risks.sort_values("criticality", ascending=False).head(4)
    table = d.table(view("deck_project_risks"), (r for _, r in top.iterrows()))
    add_table(slide, rx, by, half, table.headers, table.rows, [3, 0.7, 1.5], size=10,
              row_height=Emu(290000))
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
