"""Earned value management, from the tracker's workload, rates and reporting date.

Definitions follow the PMI *Practice Standard for Earned Value Management* and ISO
21508:2018 (Earned value management in project and programme management); earned
schedule follows Lipke (PMI-CPM, 2003). Money is days × daily rate.

- BAC, budget at completion = Σ planned cost.
- PV, planned value at the reporting date = planned cost of the months before the
  reporting month, plus the reporting month's planned cost × the share of its calendar
  days elapsed (day of month ÷ days in month).
- EV, earned value = BAC × progress, with progress measured **by effort**: consumed days
  ÷ (consumed + remaining days). The tracker re-estimates remaining work every month,
  so effort progress is the physical progress a PMO actually has.
- AC, actual cost = Σ actual cost.
- SV = EV − PV, CV = EV − AC, SPI = EV ÷ PV, CPI = EV ÷ AC.
- EAC: bottom-up = AC + ETC (ETC = the tracker's remaining × rate); CPI-based = BAC ÷
  CPI; composite = AC + (BAC − EV) ÷ (CPI × SPI). VAC = BAC − EAC (bottom-up).
- TCPI = (BAC − EV) ÷ (BAC − AC), the efficiency needed on the rest to land on budget.
- Earned schedule ES = the time at which cumulative PV equals EV (linear inside a
  month), AT = time elapsed at the reporting date, both in months from the first
  planned month; SPI(t) = ES ÷ AT.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd

EVM_COLUMNS = ["bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac_bottom_up",
               "eac_cpi", "eac_composite", "vac", "tcpi", "es_months", "at_months", "spi_t"]


def _div(a: float, b: float) -> float:
    return float("nan") if not b or np.isnan(b) else a / b


def month_fraction(as_of: dt.date) -> float:
    """Share of the reporting month's calendar days elapsed at the reporting date."""
    return as_of.day / calendar.monthrange(as_of.year, as_of.month)[1]


def earned_value(workload: pd.DataFrame, as_of: dt.date) -> dict[str, float]:
    """EVM figures of one project; ``workload`` carries month, planned/actual/remaining
    days and planned_cost / actual_cost / remaining_cost (see ``with_costs``)."""
    as_of = pd.Timestamp(as_of).date()
    month0 = pd.Timestamp(as_of.year, as_of.month, 1)
    wl = workload[workload["month"].notna()]
    bac = float(wl["planned_cost"].sum())
    before = wl["month"] < month0
    current = wl["month"] == month0
    frac = month_fraction(as_of)
    pv = float(wl.loc[before, "planned_cost"].sum() + frac * wl.loc[current, "planned_cost"]
               .sum())
    consumed = float(wl["actual"].fillna(0).sum())
    remaining = float(wl["remaining"].fillna(0).sum())
    ev = bac * _div(consumed, consumed + remaining) if consumed + remaining else 0.0
    ac = float(wl["actual_cost"].sum())
    etc = float(wl["remaining_cost"].sum())
    spi, cpi = _div(ev, pv), _div(ev, ac)
    es, at = earned_schedule(wl, ev, as_of)
    return {
        "bac": bac, "pv": pv, "ev": ev, "ac": ac, "sv": ev - pv, "cv": ev - ac,
        "spi": spi, "cpi": cpi, "eac_bottom_up": ac + etc, "eac_cpi": _div(bac, cpi),
        "eac_composite": ac + _div(bac - ev, cpi * spi), "vac": bac - (ac + etc),
        "tcpi": _div(bac - ev, bac - ac), "es_months": es, "at_months": at,
        "spi_t": _div(es, at),
    }


def earned_schedule(wl: pd.DataFrame, ev: float, as_of: dt.date) -> tuple[float, float]:
    """(ES, AT) in months from the start of the first planned month."""
    per_month = wl.groupby("month")["planned_cost"].sum().sort_index()
    if per_month.empty:
        return float("nan"), float("nan")
    months = pd.date_range(per_month.index.min(), max(per_month.index.max(),
                                                      pd.Timestamp(as_of)), freq="MS")
    cum = np.concatenate([[0.0], per_month.reindex(months, fill_value=0.0).cumsum()])
    start = months[0]
    ref = pd.Timestamp(as_of.year, as_of.month, 1)
    at = (ref.year - start.year) * 12 + ref.month - start.month + month_fraction(as_of)
    if ev >= cum[-1]:
        return float(len(months)), at
    t = int(np.searchsorted(cum, ev, side="right") - 1)  # cum[t] <= ev < cum[t + 1]
    return t + (ev - cum[t]) / (cum[t + 1] - cum[t]), at


def evm_table(workload: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """EVM figures per project (at each project's own reporting date)."""
    rows = []
    for _, p in projects.iterrows():
        figures = earned_value(workload[workload["project"] == p["project"]], p["as_of"])
        rows.append({"project": p["project"], **figures})
    return pd.DataFrame(rows, columns=["project", *EVM_COLUMNS])
