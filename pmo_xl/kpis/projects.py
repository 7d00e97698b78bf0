"""Per-project figures: effort and cost, schedule, risks, actions, decisions, status."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pmo_xl.figures import figure
from pmo_xl.kpis.actions import days_late, overdue
from pmo_xl.kpis.evm import evm_table
from pmo_xl.kpis.milestones import past_due, slip_days, target_date
from pmo_xl.kpis.priority import priority
from pmo_xl.kpis.risks import criticality, criticality_class, is_open
from pmo_xl.kpis.status import computed_status
from pmo_xl.kpis.workload import effort_figures, ratio, with_costs
from pmo_xl.schema.contract import (
    CRITICAL,
    CRITICALITY_CLASS,
    DECISION_STATUS,
    DONE,
    MILESTONE_STATUS,
    PENDING,
)
from pmo_xl.settings import Settings
from pmo_xl.validate import portfolio_date


def enrich_milestones(ms: pd.DataFrame, holidays: list[dt.date]) -> pd.DataFrame:
    return ms.assign(
        slip_days=slip_days(ms["baseline_date"], ms["actual_date"], ms["forecast_date"], holidays),
        target_date=target_date(ms["actual_date"], ms["forecast_date"], ms["baseline_date"]),
    )


def enrich_risks(risks: pd.DataFrame, scale: int) -> pd.DataFrame:
    crit = criticality(risks["probability"], risks["impact"])
    return risks.assign(criticality=crit, criticality_class=criticality_class(crit, scale))


def enrich_actions(actions: pd.DataFrame, as_of: pd.Series) -> pd.DataFrame:
    late = overdue(actions["status"], actions["due_date"], as_of)
    return actions.assign(overdue=late, days_late=days_late(late, actions["due_date"], as_of))


def _count(df: pd.DataFrame, mask: pd.Series, index: pd.Index) -> pd.Series:
    return df[mask.to_numpy()].groupby("project").size().reindex(index, fill_value=0)


def _next_milestones(ms: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    pending = ms[~MILESTONE_STATUS.means(ms["status"], DONE) & ms["target_date"].notna()]
    first = pending.sort_values(["project", "target_date", "source_row"]).drop_duplicates(
        "project", keep="first"
    )
    out = first.set_index("project")[["milestone", "target_date"]].reindex(index)
    return out.rename(columns={"milestone": "next_milestone", "target_date": "next_milestone_date"})


def project_figures(
    projects: pd.DataFrame,
    workload: pd.DataFrame,
    milestones: pd.DataFrame,
    risks: pd.DataFrame,
    actions: pd.DataFrame,
    decisions: pd.DataFrame,
    costs: pd.DataFrame,
    settings: Settings,
) -> pd.DataFrame:
    """The project table with every figure; inputs are the enriched portfolio tables.

    ``workload`` must carry the cost columns of ``with_costs``; ``milestones``,
    ``risks`` and ``actions`` those of the ``enrich_*`` functions.
    """
    idx = pd.Index(projects["project"], name="project")
    out = projects.set_index("project", drop=False)
    effort = effort_figures(workload).reindex(idx)
    for col in ("planned_days", "consumed_days", "remaining_days", "eac_days", "variance_days"):
        effort[col] = effort[col].fillna(0.0)
    out = out.join(effort)
    labour = workload.groupby("project")[["planned_cost", "actual_cost", "remaining_cost"]].sum()
    labour = labour.reindex(idx, fill_value=0.0)
    other = costs.groupby("project")[["planned", "actual", "remaining"]].sum().reindex(
        idx, fill_value=0.0
    )
    out["planned_cost"] = labour["planned_cost"] + other["planned"]
    out["consumed_cost"] = labour["actual_cost"] + other["actual"]
    out["remaining_cost"] = labour["remaining_cost"] + other["remaining"]
    out["eac_cost"] = out["consumed_cost"] + out["remaining_cost"]
    # A project with no daily rate and no non-labour cost does not track cost: unknown.
    priced = workload.groupby("project")["effective_rate"].count().reindex(idx, fill_value=0)
    costed = costs.groupby("project").size().reindex(idx, fill_value=0)
    untracked = (priced == 0) & (costed == 0)
    for col in ("planned_cost", "consumed_cost", "remaining_cost", "eac_cost"):
        out.loc[untracked.to_numpy(), col] = float("nan")
    out["budget_variance_days"] = out["eac_days"] - out["budget_days"]
    out["budget_variance_cost"] = out["eac_cost"] - out["budget_cost"]
    out["budget_consumed_pct"] = ratio(out["consumed_days"], out["budget_days"])

    slips = milestones.groupby("project")["slip_days"].max().reindex(idx)
    out["max_slip_days"] = slips
    not_done = milestones[~MILESTONE_STATUS.means(milestones["status"], DONE)]
    out["max_open_slip_days"] = not_done.groupby("project")["slip_days"].max().reindex(idx)
    out = out.join(_next_milestones(milestones, idx))
    done = MILESTONE_STATUS.means(milestones["status"], DONE)
    as_of = pd.Series(out["as_of"].reindex(milestones["project"]).to_numpy(),
                      index=milestones.index, dtype="datetime64[ns]")
    out["overdue_milestones"] = _count(milestones, past_due(done, milestones["target_date"],
                                                            as_of), idx)

    open_mask = is_open(risks["status"])
    out["open_risks"] = _count(risks, open_mask, idx)
    critical = risks["criticality_class"].isin(CRITICALITY_CLASS.having(CRITICAL))
    out["critical_risks"] = _count(risks, open_mask & critical, idx)
    out["overdue_actions"] = _count(actions, actions["overdue"], idx)
    pending = DECISION_STATUS.means(decisions["status"], PENDING)
    out["pending_decisions"] = _count(decisions, pending, idx)

    # Age from the portfolio's date (contract v1.1): a run on a later day ages nothing.
    ref = pd.Timestamp(portfolio_date(out["as_of"], settings.reporting_date)
                       or settings.reference_date)
    out["report_age_days"] = (ref - out["as_of"]).dt.days.astype("float64")
    out["stale"] = out["report_age_days"].abs() > settings.staleness_days
    status, drivers = computed_status(out, settings.status)
    out["computed_status"] = status
    out["status_drivers"] = drivers
    # The reasons in words, in the portfolio's language, for reading in Python; every
    # output words them again in its own language from the drivers.
    words = figure("projects", "status_reasons")
    out["status_reasons"] = [words.cell(r, settings.language) for r in out.to_dict("records")]
    out["status_mismatch"] = out["status"].notna() & (out["status"] != out["computed_status"])
    return out.reset_index(drop=True)


def enrich_tables(
    tables: dict[str, pd.DataFrame], settings: Settings
) -> dict[str, pd.DataFrame]:
    """Derived columns on the detail tables (slip, criticality, overdue, cost)."""
    projects = tables["projects"]
    years = _years(tables["milestones"])
    holidays = settings.holiday_dates(years)
    actions = tables["actions"]
    as_of = pd.Series(
        projects.set_index("project")["as_of"].reindex(actions["project"]).to_numpy(),
        index=actions.index, dtype="datetime64[ns]",
    )
    out = dict(tables)
    out["workload"] = with_costs(tables["workload"], tables["rates"])
    out["milestones"] = enrich_milestones(tables["milestones"], holidays)
    out["risks"] = enrich_risks(tables["risks"], settings.risk_scale)
    out["actions"] = enrich_actions(actions, as_of)
    figures = project_figures(
        projects, out["workload"], out["milestones"], out["risks"], out["actions"],
        tables["decisions"], tables["costs"], settings,
    )
    evm = evm_table(out["workload"], figures).drop(columns="project")
    figures = pd.concat([figures, evm.set_axis(figures.index)], axis=1)
    out["projects"] = pd.concat([figures, priority(figures, settings.priority)], axis=1)
    return out


def _years(ms: pd.DataFrame) -> range:
    dates = pd.concat([ms["baseline_date"], ms["forecast_date"], ms["actual_date"]]).dropna()
    if dates.empty:
        return range(dt.date.today().year, dt.date.today().year + 1)
    return range(dates.min().year, dates.max().year + 1)
