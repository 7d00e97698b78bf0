"""One slide per project: card, status, the PM's words, milestones, risks, workload."""

from __future__ import annotations

import pandas as pd
from pptx.dml.color import RGBColor
from pptx.util import Emu

from pmo_xl.deck.parts import (
    add_chart,
    add_chip,
    add_mta_chart,
    add_table,
    cell_text,
)
from pmo_xl.figures import figure, term, view
from pmo_xl.schema.contract import RAG, TREND

GAP = Emu(150000)
ROW = Emu(290000)
MILESTONES, RISKS = 6, 4  # rows of the project slide's tables


def _cut_table(d, slide, v, rows: list[dict], room: int, name: str, left: int, top: int,
               width: int, weights: list[float]) -> None:
    """A table of at most ``room`` rows; when more, its last line names the rest ("… and
    3 more: UAT, Go-live, Hypercare"), so nothing is dropped silently."""
    shown = rows if len(rows) <= room else rows[:max(room - 1, 0)]
    table = d.table(v, shown)
    add_table(slide, left, top, width, table.headers, table.rows, weights, size=10,
              row_height=ROW)
    if len(rows) > room:
        rest = [cell_text(r[name]) for r in rows[len(shown):]]
        d.text(slide, left, top + int(ROW * (len(shown) + 1.7)), width, ROW,
               d.t["and_more"].format(n=len(rest), names=", ".join(rest)), size=9, min_size=8)


MILESTONE_WEIGHTS = [3.4, 1.3, 1.6, 1.2]


def _milestones(d, slide, p: pd.Series, ms: list[dict], room: int, left: int, top: int,
                width: int) -> None:
    """The project's milestones in committee order; those without room here go on
    continuation slides, whole (a committee checks every milestone)."""
    v = view("deck_milestones")
    shown = ms if len(ms) <= room else ms[:max(room - 1, 0)]
    table = d.table(v, shown)
    add_table(slide, left, top, width, table.headers, table.rows, MILESTONE_WEIGHTS,
              size=10, row_height=ROW)
    if len(ms) <= room:
        return
    d.text(slide, left, top + int(ROW * (len(shown) + 1.7)), width, ROW,
           d.t["next_slide"].format(n=len(ms) - len(shown)), size=9, min_size=8)
    rest = d.table(v, ms[len(shown):])
    c = d.canvas
    per_page = d.rows_fitting(c.height, ROW)
    for cont, first, chunk in d.paged(f"{p['project']} — {p['name']}", rest.rows, per_page,
                                      continued_only=True):
        rows, _ = rest.page(first, len(chunk))
        add_table(cont, c.left, c.top, c.width, rest.headers, rows, MILESTONE_WEIGHTS,
                  size=10, row_height=ROW)


def _table_room(height: int, most: int) -> int:
    """Rows (the "… and N more" line included) a table may take in ``height``: its header
    is 1.7 rows."""
    return max(1, min(most, int(height / ROW - 1.7)))


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
    """Left: status chips, the card, the PM's three blocks; right: milestones, then risks
    and a chart; every height a share of the template's content area."""
    c = d.canvas
    slide = d.slide(f"{p['project']} — {p['name']}")
    left_w = int(c.width * 0.34)
    x, y = c.left, c.top
    chip_w = min(Emu(1150000), (left_w - 2 * GAP) // 3)
    label_h = min(Emu(220000), int(c.height * 0.06))
    chip_h = min(Emu(320000), int(c.height * 0.09))
    for i, key in enumerate(("status", "computed_status")):
        cx = x + i * (chip_w + GAP)
        d.text(slide, cx, y, chip_w, label_h, d.short("projects", key), size=9, min_size=7)
        add_chip(slide, cx, y + label_h, chip_w, chip_h, d.word(RAG, p[key]),
                 RAG.tone(p[key]))
    d.text(slide, x + 2 * (chip_w + GAP), y + label_h, left_w - 2 * (chip_w + GAP), chip_h,
           d.word(TREND, p["trend"]), size=11, min_size=7, bold=True)
    y += label_h + chip_h + GAP
    card_h = min(Emu(900000), int(c.height * 0.26))
    d.text(slide, x, y, left_w, card_h, "\n".join(_card(d, p)), size=11, min_size=7)
    y += card_h + GAP // 2
    block = (c.bottom - y) // 3
    heading = min(Emu(240000), block // 3)
    for key in ("highlights", "concerns", "next_steps"):
        d.text(slide, x, y, left_w, heading, d.label("projects", key), size=11, min_size=7,
               bold=True, color=d.palette.accent)
        d.text(slide, x, y + heading, left_w, block - heading - Emu(20000), cell_text(p[key]),
               size=11, min_size=7)
        y += block
    rx = c.left + left_w + Emu(250000)
    rw = c.width - left_w - Emu(250000)
    ms = d.records_of_project(d.milestones_in_order, p["project"])  # in committee order
    room = _table_room(int(c.height * 0.55), MILESTONES)
    _milestones(d, slide, p, ms, room, rx, c.top, rw)
    by = c.top + int(ROW * (room + 1.7)) + GAP
    half = (rw - GAP) // 2
    below = c.bottom - by
    top = d.records_of_project(d.open_risks_first, p["project"])
    _cut_table(d, slide, view("deck_project_risks"), top, _table_room(below, RISKS), "risk",
               rx, by, half, [3, 0.7, 1.5])
    trends = None if d.mta is None else d.of_project(d.mta, p["project"])
    per_month = d.workload_per_month(p["project"])
    if trends is not None and trends["reporting_date"].nunique() >= 2:
        # With a history, the milestone trend is what a steering committee asks for.
        add_mta_chart(slide, rx + half + GAP, by, half, below, trends,
                      term("mta", d.lang), term("diagonal", d.lang), card=d.palette.card)
    elif len(per_month):
        add_chart(slide, "column", rx + half + GAP, by, half, below,
                  [m.strftime("%m/%y") for m in per_month.index],
                  {d.short("workload", "planned"): per_month["planned"].tolist(),
                   d.label("workload", "forecast"):
                       (per_month["actual"] + per_month["remaining"]).tolist()},
                  d.t["workload"], card=d.palette.card, ink=RGBColor.from_string(d.palette.ink))
