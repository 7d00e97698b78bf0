"""The weekly round trip: refresh a tracker's milestones, workload and card dates from the
new plan, in place, and say what changed.

openpyxl edits the workbook the PM keeps: every other sheet and cell (risks, actions,
comments, the milestones' steering flags), its Excel Tables and its validations stay as
they are. Milestones are matched by the schedule's unique ID (the tracker's ID), else by
name; one the plan no longer has is kept (the PM may have added it) and reported. The
workload, all of it from the plan, is rewritten in the long form.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from pmo_xl.atomic import atomic_path
from pmo_xl.exceptions import InputError
from pmo_xl.reader import match_sheets
from pmo_xl.schedules.convert import Plan
from pmo_xl.schema.contract import MILESTONES, PROJECT, WORKLOAD
from pmo_xl.schema.model import Sheet
from pmo_xl.schema.normalize import normalize_label

CARD_DATES = ("start", "end_baseline", "end_forecast", "as_of")
MEASURES = ("planned", "actual", "remaining")
_HEADER_ROWS = 30  # a table's header is looked for in the sheet's first rows, as the reader


# A font's parts in the order of the Open XML schema (openpyxl writes the name first, which
# Excel reads but strict validators refuse).
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u",
               "vertAlign", "sz", "color", "name", "family", "charset", "scheme")


@contextlib.contextmanager
def _schema_order() -> Iterator[None]:
    from openpyxl.styles.fonts import Font

    kept = Font.__elements__
    Font.__elements__ = _FONT_ORDER
    try:
        yield
    finally:
        Font.__elements__ = kept


@dataclass
class Changes:
    """What a refresh changed, for the PM to read."""

    moved: list[tuple[str, dt.date | None, dt.date | None]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # in the tracker, no longer in the plan
    card: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    days: dict[str, tuple[float, float]] = field(default_factory=dict)  # before, after


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _number(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        return 0.0


def _cell_value(value: Any) -> Any:
    """Dates as Excel datetimes (openpyxl writes dates with their cell's format)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _lang(sheet: Sheet, name: str) -> str:
    return "fr" if normalize_label(name) == normalize_label(sheet.fr) != normalize_label(
        sheet.en) else "en"


@dataclass
class _Table:
    ws: Worksheet
    header: int  # 1-based row
    columns: dict[str, int]  # field key -> 1-based column
    last: int  # last row of the data (the Excel Table's, else the last filled)
    table: Any = None  # the Excel Table (openpyxl), when there is one


def _locate(ws: Worksheet, sheet: Sheet) -> _Table | None:
    m = sheet.matcher()
    best: tuple[int, dict[str, int]] | None = None
    for row in ws.iter_rows(min_row=1, max_row=_HEADER_ROWS):
        found: dict[str, int] = {}
        for cell in row:
            key = m.match(cell.value)
            if key and key not in found:
                found[key] = cell.column
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (row[0].row, found)
    if best is None:
        return None
    header, columns = best
    last = header  # rows typed under the Excel Table count too (Excel would take them in)
    for r in range(header + 1, ws.max_row + 1):
        if any(ws.cell(r, c).value not in (None, "") for c in columns.values()):
            last = r
    for table in ws.tables.values():
        (c1, r1), (c2, r2) = _bounds(table.ref)
        if r1 == header and c1 <= min(columns.values()) and max(columns.values()) <= c2:
            return _Table(ws, header, columns, max(r2, last), table)
    return _Table(ws, header, columns, last)


def _bounds(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    from openpyxl.utils.cell import range_boundaries

    c1, r1, c2, r2 = range_boundaries(ref)
    return (c1, r1), (c2, r2)


def _resize(t: _Table, rows: int) -> None:
    """The Excel Table spans its header and ``rows`` rows (at least one, as Excel needs)."""
    if t.table is None:
        return
    from openpyxl.utils import get_column_letter

    (c1, r1), (c2, _) = _bounds(t.table.ref)
    t.table.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r1 + max(rows, 1)}"
    if t.table.autoFilter is not None:
        t.table.autoFilter.ref = t.table.ref
    t.last = r1 + max(rows, 1)


def _set(ws: Worksheet, row: int, col: int, value: Any, style_row: int | None) -> None:
    cell = ws.cell(row, col)
    if style_row is not None and style_row != row and not cell.has_style:
        cell._style = copy(ws.cell(style_row, col)._style)
    cell.value = _cell_value(value)


def _shown(sheet: Sheet, key: str, value: Any, lang: str) -> Any:
    f = sheet.field(key)
    return f.choices.translate(value, lang) if f.choices and isinstance(value, str) else value


def _update_card(ws: Worksheet, plan: Plan, out: Changes) -> None:
    m = PROJECT.matcher()
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 500)):
        for cell in row:
            key = m.match(cell.value)
            if key not in CARD_DATES:
                continue
            target = ws.cell(cell.row, cell.column + 1)
            new = plan.card.get(key)
            if _day(target.value) != new:
                out.card[key] = (_day(target.value) or target.value, new)
                target.value = _cell_value(new)


def _update_milestones(t: _Table, plan: Plan, lang: str, out: Changes) -> None:
    ws, cols = t.ws, t.columns
    by_id: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for r in range(t.header + 1, t.last + 1):
        ident = ws.cell(r, cols["id"]).value if "id" in cols else None
        name = ws.cell(r, cols["milestone"]).value if "milestone" in cols else None
        if ident not in (None, ""):
            by_id.setdefault(str(ident).strip(), r)
        if name not in (None, ""):
            by_name.setdefault(normalize_label(str(name)), r)
    seen: set[int] = set()
    next_row = max([t.header, *by_id.values(), *by_name.values()]) + 1
    for ms in plan.milestones:
        row = by_id.get(ms["id"]) or by_name.get(normalize_label(ms["milestone"]))
        if row is None:
            row, next_row = next_row, next_row + 1
            out.added.append(ms["milestone"])
        else:
            old = _day(ws.cell(row, cols["forecast_date"]).value) \
                if "forecast_date" in cols else None
            if old != ms["forecast_date"]:
                out.moved.append((ms["milestone"], old, ms["forecast_date"]))
            if ms["actual_date"] and "actual_date" in cols and \
                    not _day(ws.cell(row, cols["actual_date"]).value):
                out.done.append(ms["milestone"])
        seen.add(row)
        for key in ("id", "milestone", "baseline_date", "forecast_date", "actual_date",
                    "status"):
            if key in cols:
                _set(ws, row, cols[key], _shown(MILESTONES, key, ms[key], lang), t.header + 1)
    name_col = cols.get("milestone")
    out.dropped = [str(ws.cell(r, name_col).value) for r in sorted(set(by_name.values()))
                   if r not in seen] if name_col else []
    _resize(t, max(next_row - 1, t.last) - t.header)


def _update_workload(t: _Table, plan: Plan, lang: str, out: Changes) -> None:
    ws, cols = t.ws, t.columns
    before = dict.fromkeys(MEASURES, 0.0)
    for r in range(t.header + 1, t.last + 1):
        for k in MEASURES:
            if k in cols:
                before[k] += _number(ws.cell(r, cols[k]).value or 0)
    rows = plan.workload
    for i, record in enumerate(rows):
        for key, col in cols.items():
            _set(ws, t.header + 1 + i, col, _shown(WORKLOAD, key, record.get(key), lang),
                 t.header + 1)
    for r in range(t.header + 1 + len(rows), t.last + 1):  # the old plan's rows left over
        for col in cols.values():
            ws.cell(r, col).value = None
    _resize(t, len(rows))
    after = {k: round(sum(r.get(k) or 0.0 for r in rows), 2) for k in MEASURES}
    out.days = {k: (round(before[k], 2), after[k]) for k in MEASURES}


def update_tracker(tracker: str | Path, plan: Plan) -> Changes:
    """Refresh ``tracker`` from ``plan`` in place (atomically) and return what changed."""
    tracker = Path(tracker)
    try:
        wb = openpyxl.load_workbook(tracker, keep_vba=tracker.suffix.lower() == ".xlsm",
                                    rich_text=True)
    except Exception as exc:
        raise InputError(f"{tracker}: not a tracker workbook ({type(exc).__name__})",
                         fr=f"{tracker} : pas un classeur de suivi ({type(exc).__name__})"
                         ) from None
    names = match_sheets(wb.sheetnames)
    tables = {s.key: _locate(wb[names[s.key]], s) if s.key in names else None
              for s in (MILESTONES, WORKLOAD)}
    if "project" not in names or tables["milestones"] is None or tables["workload"] is None \
            or "month" not in tables["workload"].columns:
        raise InputError(
            f"{tracker}: --update needs a tracker with its Project sheet, a Milestones table "
            "and the workload in the long form (one row per month)",
            fr=f"{tracker} : --update demande un suivi avec son onglet Projet, un tableau "
               "Jalons et les charges sous forme de lignes (une ligne par mois)")
    out = Changes()
    _update_card(wb[names["project"]], plan, out)
    _update_milestones(tables["milestones"], plan, _lang(MILESTONES, names["milestones"]), out)
    _update_workload(tables["workload"], plan, _lang(WORKLOAD, names["workload"]), out)
    with atomic_path(tracker) as tmp, _schema_order():
        wb.save(tmp)
    return out
