"""The roadmap: projects as bars on a month axis, COPIL milestones as diamonds, a today line.

Native shapes, so a PMO can still nudge them in PowerPoint.
"""

from __future__ import annotations

import pandas as pd
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.util import Emu, Pt

from pmo_xl.deck.background import Palette
from pmo_xl.deck.geometry import Rect
from pmo_xl.deck.parts import add_text
from pmo_xl.schema.contract import DONE, MILESTONE_STATUS, NEUTRAL, RAG, YES, YES_NO

LABEL_WIDTH = Emu(2286000)  # 2.5 in for the project names (less on a narrow slide)
AXIS_HEIGHT = Emu(300000)
TODAY_HEIGHT = Emu(250000)  # the reporting date's label, under the lanes
MIN_LANE = Emu(260000)  # a project's lane: its name on one line, its bar


def _x(date: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp, left: int, width: int) -> int:
    span = max((end - start).days, 1)
    frac = min(max((date - start).days / span, 0.0), 1.0)
    return int(left + frac * width)


def draw_roadmap(slide, projects: pd.DataFrame, milestones: pd.DataFrame, today: pd.Timestamp,
                 area: Rect, today_label: str, palette: Palette) -> None:
    """``projects`` rows need project, name, start, end_forecast, computed_status; the
    text in the palette's colours (the template's background may be dark)."""
    left, top, width, height = area.left, area.top, area.width, area.height
    ink, muted = RGBColor.from_string(palette.ink), RGBColor.from_string(palette.muted)
    starts = projects["start"].fillna(projects["as_of"])
    ends = projects["end_forecast"].fillna(projects["end_baseline"]).fillna(projects["as_of"])
    steering = milestones[YES_NO.means(milestones["steering"], YES)
                          & milestones["project"].isin(projects["project"])]
    lo = min(starts.min(), steering["target_date"].min() if len(steering) else starts.min())
    hi = max(ends.max(), steering["target_date"].max() if len(steering) else ends.max(), today)
    axis_start = pd.Timestamp(lo).to_period("M").to_timestamp()
    axis_end = (pd.Timestamp(hi).to_period("M") + 1).to_timestamp()
    label_width = min(LABEL_WIDTH, int(width * 0.28))
    chart_left, chart_width = left + label_width, width - label_width
    axis_h = AXIS_HEIGHT
    months = pd.date_range(axis_start, axis_end, freq="MS")
    label_room = Emu(520000)  # "09/26" at 9 pt, and a gap
    month_width = chart_width / max(len(months) - 1, 1)
    step = max(1, -(-label_room // max(int(month_width), 1)))  # labels never overlap
    for m in months[:-1:step]:
        x = _x(m, axis_start, axis_end, chart_left, chart_width)
        label_w = min(Emu(700000), left + width - x)
        if label_w >= Emu(450000):  # a whole "09/26", or none
            add_text(slide, x, top, label_w, axis_h, m.strftime("%m/%y"), size=9, min_size=8,
                     color=muted)
        tick = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x, top + axis_h, x,
                                          top + height)
        tick.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9)
        tick.line.width = Pt(0.5)
    lane = (height - axis_h - TODAY_HEIGHT) / max(len(projects), 1)
    bar_h = int(min(lane * 0.5, Emu(260000)))
    for i, (_, p) in enumerate(projects.iterrows()):
        y = int(top + axis_h + i * lane)
        add_text(slide, left, y, label_width - Emu(50000), int(lane),
                 f"{p['project']} · {p['name']}", size=10, min_size=8, color=ink)
        x1 = _x(starts.iloc[i], axis_start, axis_end, chart_left, chart_width)
        x2 = _x(ends.iloc[i], axis_start, axis_end, chart_left, chart_width)
        bar = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x1, y + int(lane / 2 - bar_h / 2),
                                     max(x2 - x1, Emu(50000)), bar_h)
        bar.fill.solid()
        bar.fill.fore_color.rgb = RGBColor.from_string(
            (RAG.tone(p["computed_status"]) or NEUTRAL).fill)
        bar.line.fill.background()
        mine = steering[steering["project"] == p["project"]]
        done = MILESTONE_STATUS.means(mine["status"], DONE).to_numpy()
        for k, (_, m) in enumerate(mine.iterrows()):
            if pd.isna(m["target_date"]):
                continue
            size = Emu(180000)
            mx = _x(m["target_date"], axis_start, axis_end, chart_left, chart_width)
            diamond = slide.shapes.add_shape(MSO_SHAPE.DIAMOND, mx - size // 2,
                                             y + int(lane / 2 - size / 2), size, size)
            diamond.fill.solid()
            diamond.fill.fore_color.rgb = muted if done[k] else RGBColor.from_string(
                palette.accent)
            diamond.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    tx = _x(today, axis_start, axis_end, chart_left, chart_width)
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, tx, top + axis_h, tx, top + height)
    line.line.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    line.line.width = Pt(1.75)
    label = add_text(slide, min(tx + Emu(30000), left + width - Emu(1100000)),
                     top + height - TODAY_HEIGHT, Emu(1100000), TODAY_HEIGHT, today_label,
                     size=9, min_size=8, color=RGBColor.from_string(palette.alert))
    label.fill.solid()  # on its own background, whatever the gridlines behind
    label.fill.fore_color.rgb = RGBColor.from_string(palette.background)
