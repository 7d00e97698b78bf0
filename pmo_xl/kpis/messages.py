"""What a steering committee reads first: the week's key messages, as facts.

Each message is a pattern key and its language-free parameters (codes, numbers, ISO
dates, the rows it names), computed from the portfolio's tables; ``figures.messages``
words them in the output's language. The patterns are the same every week and always
present (an empty one says "none"), so a committee compares weeks at a glance.
Neutral by construction: counts, figures and thresholds, no adjective but the status
words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pmo_xl.schema.contract import (
    DECISION_STATUS,
    DONE,
    MILESTONE_STATUS,
    PENDING,
    RAG,
    WATCH,
    YES,
    YES_NO,
)

TOP_OVERRUNS = 3
MESSAGE_COUNT = 8  # one sentence per pattern, every week (cost where rates exist)
_ROW_KEYS = ("project", "name", "status", "computed_status", "status_drivers", "variance_days",
             "variance_pct", "max_slip_days", "max_open_slip_days", "critical_risks",
             "overdue_actions", "budget_cost", "eac_cost", "budget_days", "eac_days")


@dataclass(frozen=True)
class Message:
    key: str  # the sentence pattern (docs/messages.md lists them)
    params: dict[str, Any] = field(default_factory=dict)


def _rank(status: pd.Series) -> pd.Series:
    """A status's place from green (0) to red (2), as numbers (NaN when unknown)."""
    return status.astype(object).map(RAG.rank).astype("float64")


def _rows(df: pd.DataFrame, keys: tuple[str, ...] = _ROW_KEYS) -> list[dict[str, Any]]:
    """The rows a message names, with only the columns its words need (the figures that
    drove each computed status included)."""
    drivers = {k for d in df.get("status_drivers", pd.Series(dtype=object)).dropna()
               for k in str(d).split(";") if k}
    wanted = [k for k in dict.fromkeys((*keys, *sorted(drivers))) if k in df.columns]
    return df[wanted].to_dict("records")


def status_counts(projects: pd.DataFrame, changes: pd.DataFrame | None) -> Message:
    """How many projects are red, amber, green (computed), and at the last report; the
    red ones by code (a committee reads every red project's name)."""
    now = projects["computed_status"].value_counts()
    worst = _rank(projects["computed_status"]) == len(RAG.values) - 1
    params: dict[str, Any] = {"total": len(projects),
                              "now": {v: int(now.get(v, 0)) for v in RAG.values},
                              "worst": sorted(projects.loc[worst.to_numpy(), "project"])}
    if changes is not None and len(changes) and changes["status_prev"].notna().any():
        before = changes["status_prev"].value_counts()
        params["before"] = {v: int(before.get(v, 0)) for v in RAG.values}
    return Message("status_counts", params)


def turned(projects: pd.DataFrame, changes: pd.DataFrame | None) -> Message:
    """The projects whose computed status worsened to red or amber since the last report,
    with why (their status drivers)."""
    if changes is None or not len(changes):
        return Message("turned", {"history": False})
    moved = changes[changes["status_changed"].fillna(False).astype(bool)]
    worse = moved[_rank(moved["status_now"]) > _rank(moved["status_prev"])]
    rows = projects.merge(worse[["project", "status_prev"]], on="project")
    rows = rows.assign(_rank=_rank(rows["computed_status"])).sort_values(
        ["_rank", "project"], ascending=[False, True]).drop(columns="_rank")
    return Message("turned", {"history": True,
                              "projects": _rows(rows, (*_ROW_KEYS, "status_prev"))})


def mismatches(projects: pd.DataFrame) -> Message:
    """Every project whose declared status differs from the computed one."""
    differ = projects["status"].notna() & projects["computed_status"].notna() & (
        projects["status"] != projects["computed_status"])
    rows = projects[differ.to_numpy()].sort_values("project")
    return Message("mismatches", {"projects": _rows(rows)})


def overruns(projects: pd.DataFrame, n: int = TOP_OVERRUNS) -> Message:
    """The largest estimates at completion over plan, in days."""
    over = projects[projects["variance_days"] > 0]
    top = over.sort_values(["variance_days", "project"], ascending=[False, True]).head(n)
    return Message("overruns", {"projects": _rows(top), "count": len(over)})


def cost(projects: pd.DataFrame, n: int = TOP_OVERRUNS) -> Message | None:
    """Money where rates exist: the priced projects' EAC cost against their budget cost,
    and the largest overruns of the budget in money. None when no project is priced (a
    portfolio without rates is not told so every week)."""
    priced = projects[projects["eac_cost"].notna() & projects["budget_cost"].notna()]
    if priced.empty:
        return None
    over = priced.assign(overrun_cost=priced["eac_cost"] - priced["budget_cost"])
    over = over[over["overrun_cost"] > 0].sort_values(["overrun_cost", "project"],
                                                      ascending=[False, True])
    return Message("cost", {
        "priced": len(priced), "total": len(projects),
        "budget_cost": float(priced["budget_cost"].sum()),
        "eac_cost": float(priced["eac_cost"].sum()), "over": len(over),
        "projects": [{"project": r.project, "overrun_cost": float(r.overrun_cost)}
                     for r in over.head(n).itertuples()]})


def milestones_at_risk(milestones: pd.DataFrame, by: dt.date) -> Message:
    """COPIL milestones not done, due by the next report, late, at risk or slipping."""
    ms = milestones
    steering = YES_NO.means(ms["steering"], YES)
    open_ = ~MILESTONE_STATUS.means(ms["status"], DONE)
    due = ms["target_date"].notna() & (ms["target_date"] <= pd.Timestamp(by))
    warned = MILESTONE_STATUS.means(ms["status"], WATCH)
    slipping = ms["slip_days"].fillna(0) > 0
    hit = ms[(steering & open_ & due & (warned | slipping)).to_numpy()]
    hit = hit.sort_values(["target_date", "project"])
    return Message("milestones_at_risk", {"by": by.isoformat(), "milestones": [
        {"project": r["project"], "milestone": r["milestone"],
         "target_date": r["target_date"].date().isoformat(),
         "slip_days": None if pd.isna(r["slip_days"]) else float(r["slip_days"]),
         "status": r["status"]}
        for r in hit.to_dict("records")]})


def decisions_due(decisions: pd.DataFrame, by: dt.date) -> Message:
    """Pending decisions needed by the next committee (or with no date: asked now)."""
    pending = decisions[DECISION_STATUS.means(decisions["status"], PENDING).to_numpy()]
    needed = pending["needed_by"].isna() | (pending["needed_by"] <= pd.Timestamp(by))
    hit = pending[needed.to_numpy()].sort_values(["needed_by", "project"], na_position="last")
    return Message("decisions_due", {"by": by.isoformat(), "decisions": [
        {"project": r["project"], "decision": r["decision"],
         "needed_by": None if pd.isna(r["needed_by"]) else r["needed_by"].date().isoformat()}
        for r in hit.to_dict("records")]})


def data_caveat(projects: pd.DataFrame, missing: pd.DataFrame, findings: pd.DataFrame,
                left_out: int) -> Message:
    """How complete the picture is: expected projects without a report, stale reports,
    files left out."""
    stale = sorted(set(findings.loc[findings["rule"] == "REPORT_STALE", "project"].dropna()))
    return Message("data_caveat", {
        "reported": len(projects), "expected": len(projects) + len(missing),
        "missing": sorted(missing["project"].astype(str)) if len(missing) else [],
        "stale": [s for s in stale if s], "left_out": int(left_out)})


def key_messages(projects: pd.DataFrame, milestones: pd.DataFrame, decisions: pd.DataFrame,
                 missing: pd.DataFrame, findings: pd.DataFrame, left_out: int,
                 changes: pd.DataFrame | None, reporting_date: dt.date | None,
                 report_every_days: int) -> list[Message]:
    """The week's key messages, in the order a committee reads them."""
    when = reporting_date or dt.date.today()
    by = when + dt.timedelta(days=report_every_days)
    found = [status_counts(projects, changes), turned(projects, changes), mismatches(projects),
             overruns(projects), cost(projects), milestones_at_risk(milestones, by),
             decisions_due(decisions, by), data_caveat(projects, missing, findings, left_out)]
    return [m for m in found if m is not None]


def portfolio_messages(portfolio, changes: pd.DataFrame | None = None) -> list[Message]:
    """The key messages of a consolidated portfolio (``changes``: week over week, from
    the history, when there is one)."""
    p = portfolio
    return key_messages(p.projects, p.milestones, p.decisions, p.missing, p.findings,
                        int((~p.sources["used"].astype(bool)).sum()), changes,
                        p.reporting_date, p.settings.report_every_days)


def exceptions(projects: pd.DataFrame, changes: pd.DataFrame | None) -> set[str]:
    """The projects a committee must look at (management by exception): computed red or
    amber, declared differently from computed, status changed since the last report, or
    a new or worsened risk while critical risks are open."""
    rank = _rank(projects["computed_status"])
    flagged = (rank > 0) | (projects["status"].notna() & projects["computed_status"].notna()
                            & (projects["status"] != projects["computed_status"]))
    codes = set(projects.loc[flagged.to_numpy(), "project"])
    if changes is not None and len(changes):
        moved = changes[changes["status_changed"].fillna(False).astype(bool)]
        codes |= set(moved["project"])
        risky = changes[(changes["new_risks"] > 0) | (changes["worsened_risks"] > 0)]
        critical = projects.loc[projects["critical_risks"].fillna(0) > 0, "project"]
        codes |= set(risky["project"]) & set(critical)
    return codes
