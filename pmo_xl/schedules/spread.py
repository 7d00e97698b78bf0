"""Spreading an assignment's days over months, where the schedule keeps no timephased data.

A tracker counts work per month; a schedule without timephased data only knows an
assignment's totals and dates. The days go to months in proportion to their working
days (Monday to Friday, as the contract counts slips) between the two dates, rounded to
the hundredth so that the months add up to the rounded total exactly.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

PLACES = 2  # days are written to the hundredth


def month_of(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from ``start``'s to ``end``'s, both included."""
    out, month = [], month_of(start)
    while month <= end:
        out.append(month)
        month = _next_month(month)
    return out


def working_days(start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """Monday-to-Friday days per month from ``start`` to ``end`` (both included)."""
    out: dict[dt.date, int] = {}
    for month in months_between(start, end):
        first = max(start, month)
        stop = min(end + dt.timedelta(days=1), _next_month(month))
        out[month] = int(np.busday_count(first, stop))
    return out


def share_out(total: float, weights: dict[dt.date, float]) -> dict[dt.date, float]:
    """``total`` in proportion to ``weights``, rounded to the hundredth; the rounding
    difference goes to the heaviest month so the months add up to the rounded total."""
    target = round(total, PLACES)
    weight = sum(weights.values())
    if not target or weight <= 0:
        return {}
    out = {m: round(total * w / weight, PLACES) for m, w in weights.items() if w > 0}
    heaviest = max(out, key=lambda m: (weights[m], m))
    out[heaviest] = round(out[heaviest] + target - sum(out.values()), PLACES)
    return {m: v for m, v in out.items() if v}


def spread(total: float, start: dt.date, end: dt.date) -> dict[dt.date, float]:
    """``total`` days over the working days from ``start`` to ``end``; a span with no
    working day (a weekend, an end before the start) puts it all in ``start``'s month."""
    if end < start:
        end = start
    days = working_days(start, end)
    if not any(days.values()):
        days = {month_of(start): 1}
    return share_out(total, {m: float(n) for m, n in days.items()})


def spread_progress(actual: float, remaining: float, start: dt.date, finish: dt.date,
                    status: dt.date) -> tuple[dict[dt.date, float], dict[dt.date, float]]:
    """Actual days up to the status date, remaining days after it: work done before its
    start is done in the status month at the latest; work left after its finish is left
    from the day after the status date."""
    done_to = min(finish, status)
    actual_months = spread(actual, min(start, done_to), done_to)
    left_from = max(start, status + dt.timedelta(days=1))
    remaining_months = spread(remaining, left_from, max(finish, left_from))
    return actual_months, remaining_months
