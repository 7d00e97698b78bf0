"""A schedule found with the trackers, read as a tracker: its Plan as located raw text.

The validator then types it like any workbook, so a schedule gets the same checks,
figures and findings. Cells are those of the tracker ``pmo-xl import`` would write
(the card from its fourth row, a table's header on the third), so a finding points
where the PM would look.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa

from pmo_xl.exceptions import SchedulesUnavailable, ScheduleUnreadable
from pmo_xl.findings import make_finding
from pmo_xl.reader import RawCard, RawTable, RawTracker
from pmo_xl.schedules.convert import Plan, read_schedule
from pmo_xl.schema.contract import PROJECT, SHEETS
from pmo_xl.schema.model import SheetKind

# Where the tracker writer puts things (0-based): the card's first label, a table's header.
CARD_FIRST_ROW, TABLE_HEADER_ROW = 3, 2


def as_text(value: object) -> str | None:
    """A Plan's value as a cell's text: ISO dates, plain numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def plan_tracker(plan: Plan) -> RawTracker:
    """``plan`` as a tracker the validator reads; every contract sheet present (risks and
    actions empty: the PM adds them in the tracker)."""
    raw = RawTracker(path=plan.file)
    tables = plan.tables
    for sheet in SHEETS:
        raw.sheet_names[sheet.key] = sheet.en
        if sheet.kind is SheetKind.CARD:
            values = {f.key: (as_text(plan.card.get(f.key)), CARD_FIRST_ROW + i, 1)
                      for i, f in enumerate(sheet.fields)}
            raw.card = RawCard(PROJECT, sheet.en, values, {})
            continue
        records = tables.get(sheet.key, [])
        columns = {f.key: j for j, f in enumerate(sheet.fields)}
        values = {k: pa.array([as_text(r.get(k)) for r in records], pa.string())
                  for k in columns}
        rows = np.arange(TABLE_HEADER_ROW + 1, TABLE_HEADER_ROW + 1 + len(records))
        raw.tables[sheet.key] = RawTable(sheet, sheet.en, TABLE_HEADER_ROW, columns, rows,
                                         values, {})
    return raw


def read_schedule_tracker(path: str | Path) -> RawTracker:
    """A schedule as a RawTracker; one it cannot read is a rejected tracker with its
    finding. Java or the extra missing raises SchedulesUnavailable (said once per run)."""
    try:
        return plan_tracker(read_schedule(path))
    except SchedulesUnavailable:
        raise
    except ScheduleUnreadable as exc:
        reason = {"key": exc.reason, **({"detail": exc.detail} if exc.detail else {})}
    except Exception as exc:  # never a traceback: the other trackers go on
        reason = {"key": "internal",
                  "detail": f"{type(exc).__name__}: {exc}".splitlines()[0][:200]}
    finding = make_finding("SCHEDULE_UNREADABLE", file=str(path), reason=reason)
    return RawTracker(path=str(path), findings=[finding], rejected=True)
