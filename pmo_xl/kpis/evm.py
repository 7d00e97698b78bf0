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


def month_fraction(as_of: dt.date) -> float:
    """Share of the reporting month's calendar days elapsed at the reporting date."""
    return as_of.day / calendar.monthrange(as_of.year, as_of.month)[1]


def earned_value(workload: pd.DataFrame, as_of: dt.date) -> dict[str, float]:
    """EVM figures of one project; ``workload`` carries month, planned/actual/remaining
    days and planned_cost / actual_cost / remaining_cost (see ``with_costs``)."""
    one = pd.DataFrame({"project": ["_"], "as_of": [pd.Timestamp(as_of)]})
    table = evm_table(workload.assign(project="_"), one)
    return {k: float(table.at[0, k]) for k in EVM_COLUMNS}


_SUMS = ["planned_cost", "actual", "remaining", "actual_cost", "remaining_cost"]


def _per_month_row(values: pd.Series, monthly: pd.DataFrame) -> pd.Series:
    """A per-project value on each (project, month) row."""
    return pd.Series(values.reindex(monthly["project"].astype(object)).to_numpy(),
                     index=monthly.index)


def _month_index(month: pd.Series, start: pd.Series) -> pd.Series:
    """Whole months from ``start`` to ``month`` (both month starts)."""
    return (month.dt.year - start.dt.year) * 12 + month.dt.month - start.dt.month


def _earned_schedule(monthly: pd.DataFrame, per: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(ES, AT) per project, in months from the start of its first planned month.

    ES is where cumulative PV reaches EV, linear inside the month it is reached in;
    when EV is at or past BAC, ES is the whole span up to the reporting month.
    """
    start = monthly.groupby("project")["month"].min()
    last = monthly.groupby("project")["month"].max()
    month0 = per["as_of"].dt.to_period("M").dt.to_timestamp()
    at = _month_index(month0, start.reindex(per.index)) + per["fraction"]
    span = _month_index(np.maximum(last.reindex(per.index), month0),
                        start.reindex(per.index)) + 1
    cum = monthly.groupby("project")["planned_cost"].cumsum()
    prev = cum - monthly["planned_cost"]
    ev = _per_month_row(per["ev"], monthly)
    hit = (prev <= ev) & (ev < cum)
    crossing = monthly[hit].assign(_prev=prev[hit], _cum=cum[hit], _ev=ev[hit])
    crossing = crossing.drop_duplicates("project").set_index("project")
    es_inside = (_month_index(crossing["month"], start.reindex(crossing.index))
                 + (crossing["_ev"] - crossing["_prev"]) / (crossing["_cum"] - crossing["_prev"]))
    es = es_inside.reindex(per.index).where(lambda x: x.notna(), span.astype("float64"))
    return es.astype("float64"), at.astype("float64")


def _ratio(a: pd.Series, b: pd.Series) -> pd.Series:
    return (a / b.where(b != 0)).astype("float64")


def evm_table(workload: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """EVM figures per project (at each project's own reporting date), all projects at
    once: the workload is first summed by project and month."""
    wl = workload[workload["month"].notna()]
    monthly = (wl.groupby(["project", "month"], sort=True)[_SUMS].sum(min_count=0)
               .reset_index())
    codes = projects["project"]
    per = monthly.groupby("project")[_SUMS].sum().reindex(codes).fillna(0.0)
    per["as_of"] = pd.to_datetime(projects.set_index("project")["as_of"]).reindex(codes)
    per["fraction"] = per["as_of"].dt.day / per["as_of"].dt.days_in_month
    month0 = per["as_of"].dt.to_period("M").dt.to_timestamp()
    row_month0 = _per_month_row(month0, monthly)
    before = monthly["planned_cost"].where(monthly["month"] < row_month0, 0.0)
    current = monthly["planned_cost"].where(monthly["month"] == row_month0, 0.0)
    bac = per["planned_cost"]
    pv = (before.groupby(monthly["project"]).sum().reindex(codes).fillna(0.0)
          + per["fraction"] * current.groupby(monthly["project"]).sum().reindex(codes)
          .fillna(0.0))
    effort = per["actual"] + per["remaining"]
    ev = (bac * _ratio(per["actual"], effort)).where(effort != 0, 0.0)
    per["ev"] = ev
    ac, etc = per["actual_cost"], per["remaining_cost"]
    spi, cpi = _ratio(ev, pv), _ratio(ev, ac)
    es, at = _earned_schedule(monthly, per)
    out = pd.DataFrame({
        "bac": bac, "pv": pv, "ev": ev, "ac": ac, "sv": ev - pv, "cv": ev - ac,
        "spi": spi, "cpi": cpi, "eac_bottom_up": ac + etc, "eac_cpi": _ratio(bac, cpi),
        "eac_composite": ac + _ratio(bac - ev, cpi * spi), "vac": bac - (ac + etc),
        "tcpi": _ratio(bac - ev, bac - ac), "es_months": es, "at_months": at,
        "spi_t": _ratio(es, at),
    }, index=codes)
    return out.reset_index(names="project")[["project", *EVM_COLUMNS]]
