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
from pmo_xl.kpis.risks import is_open
from pmo_xl.schema.contract import PHASE, RAG, TREND

GAP = Emu(150000)


def _money(v: object) -> str:
    return "—" if v is None or pd.isna(v) else f"{v:,.0f}".replace(",", "\u202f")


def _ratio(v: object) -> str:
    return "—" if v is None or pd.isna(v) else f"{v:.2f}"


def draw_project(d, p: pd.Series) -> None:
    t, c = d.t, d.canvas
    slide = d.slide(f"{p['project']} — {p['name']}")
    left_w = int(c.width * 0.34)
    x, y = c.left, c.top
    chip_w, chip_h = Emu(1150000), Emu(320000)
    add_text(slide, x, y, chip_w, Emu(220000), t["declared"], size=9, min_size=8)
    add_text(slide, x + chip_w + GAP, y, chip_w, Emu(220000), t["computed"], size=9, min_size=8)
    add_chip(slide, x, y + Emu(220000), chip_w, chip_h, d.word(RAG, p["status"]), p["status"])
    add_chip(slide, x + chip_w + GAP, y + Emu(220000), chip_w, chip_h,
             d.word(RAG, p["computed_status"]), p["computed_status"])
    add_text(slide, x + 2 * (chip_w + GAP), y + Emu(220000), left_w - 2 * (chip_w + GAP),
             chip_h, d.word(TREND, p["trend"]), size=11, min_size=8, bold=True)
    y += Emu(620000)
    progress = "—" if pd.isna(p["progress"]) else f"{p['progress']:.0%}"
    card = [
        f"{t['manager']} : {cell_text(p['manager'])}" if d.lang == "fr"
        else f"{t['manager']}: {cell_text(p['manager'])}",
        f"{t['phase']}: {d.word(PHASE, p['phase'])} · {t['as_of']}: {p['as_of']:%d/%m/%Y}",
        f"{t['eac_budget']}: {_money(p['eac_days'])} / {_money(p['budget_days'])} · "
        f"{t['progress']}: {progress}",
    ]
    if pd.notna(p.get("spi")) or pd.notna(p.get("cpi")):
        card.append(f"{t['evm']}: SPI {_ratio(p.get('spi'))} · CPI {_ratio(p.get('cpi'))}")
    if isinstance(p["status_reasons"], str) and p["status_reasons"]:
        card.append(f"{t['computed']}: {p['status_reasons']}")
    add_text(slide, x, y, left_w, Emu(900000), "\n".join(card), size=11, min_size=8)
    y += Emu(950000)
    block = int((c.top + c.height - y) / 3)
    for key in ("highlights", "concerns", "next_steps"):
        add_text(slide, x, y, left_w, Emu(240000), t[key], size=11, min_size=9, bold=True,
                 color=NAVY)
        add_text(slide, x, y + Emu(240000), left_w, block - Emu(260000), cell_text(p[key]),
                 size=11, min_size=8)
        y += block
    rx = c.left + left_w + Emu(250000)
    rw = c.width - left_w - Emu(250000)
    ms = d.of_project(d.p.milestones, p["project"]).sort_values(
        ["target_date", "source_row"]).head(6)
    rows = [[m["milestone"], m["baseline_date"],
             m["actual_date"] if pd.notna(m["actual_date"]) else m["forecast_date"],
             "—" if pd.isna(m["slip_days"]) else f"{m['slip_days']:+g}"]
            for _, m in ms.iterrows()]
    add_table(slide, rx, c.top, rw, [t["milestones"], t["baseline"], t["forecast_date"],
                                     t["slip_one"]], rows, [3.4, 1.3, 1.6, 1.2], size=10,
              row_height=Emu(290000))
    by = c.top + int(Emu(290000) * 7.7) + GAP
    half = (rw - GAP) // 2
    risks = d.of_project(d.p.risks, p["project"])
    risks = risks[is_open(risks["status"]).to_numpy()]
    top = risks.sort_values("criticality", ascending=False).head(4)
    add_table(slide, rx, by, half, [t["risk"], t["pxi"], t["owner"]],
              [[r["risk"], r["criticality"], r["owner"]] for _, r in top.iterrows()],
              [3, 0.7, 1.5], size=10, row_height=Emu(290000))
    trends = None if d.mta is None else d.of_project(d.mta, p["project"])
    wl = d.of_project(d.p.workload, p["project"], ["month", "planned", "actual", "remaining"])
    per_month = wl.groupby("month")[["planned", "actual", "remaining"]].sum()
    if trends is not None and trends["reporting_date"].nunique() >= 2:
        # With a history, the milestone trend is what a steering committee asks for.
        add_mta_chart(slide, rx + half + GAP, by, half, c.top + c.height - by, trends,
                      t["mta"], t["diagonal"])
    elif len(per_month):
        add_chart(slide, "column", rx + half + GAP, by, half, c.top + c.height - by,
                  [m.strftime("%m/%y") for m in per_month.index],
                  {t["planned"]: per_month["planned"].tolist(),
                   t["forecast"]: (per_month["actual"] + per_month["remaining"]).tolist()},
                  t["workload"])
