"""Cross-field and cross-sheet rules: values that are readable but suspicious (warnings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from pmo_xl.schema.contract import MILESTONES, PROJECT, RISKS, WORKLOAD

if TYPE_CHECKING:
    from pmo_xl.validate.tracker import TrackerData, _Checker


def _col(data: TrackerData, sheet_key: str, field_key: str) -> str:
    """Column letter of a field in the tracker, for the finding's cell."""
    return data.columns.get(sheet_key, {}).get(field_key, "")


def _at(data: TrackerData, sheet_key: str, field_key: str, source_row: int) -> str:
    letter = _col(data, sheet_key, field_key)
    return f"{letter}{int(source_row)}" if letter else ""


def _month_label(ts: pd.Timestamp) -> str:
    return ts.strftime("%m/%Y")


def check_workload(data: TrackerData, chk: _Checker) -> None:
    wl = data.tables["workload"]
    as_of = pd.Timestamp(data.project["as_of"])
    as_of_month = as_of.to_period("M").to_timestamp()
    name = data.sheet_names.get("workload", WORKLOAD.label(chk.lang))
    future = (wl["month"] > as_of_month) & (wl["actual"].fillna(0) > 0)
    for _, r in wl[future].iterrows():
        chk.add("ACTUAL_IN_FUTURE", name, _at(data, "workload", "actual", r["source_row"]),
                f"{r['actual']:g}", month=_month_label(r["month"]),
                as_of_month=_month_label(as_of_month))
    past = (wl["month"] < as_of_month) & (wl["remaining"].fillna(0) > 0)
    for _, r in wl[past].iterrows():
        chk.add("REMAINING_IN_PAST", name, _at(data, "workload", "remaining", r["source_row"]),
                f"{r['remaining']:g}", month=_month_label(r["month"]),
                as_of_month=_month_label(as_of_month))


def check_rates(data: TrackerData, chk: _Checker) -> None:
    """Days with no daily rate (on the row or for the role) have no cost.

    Only for a tracker that prices its workload at all: one with no rate anywhere
    does not track cost, and its cost figures are unknown rather than wrong.
    """
    wl = data.tables["workload"]
    rates = data.tables["rates"]
    if rates["rate"].isna().all() and wl["rate"].isna().all():
        return
    known = set(rates["role"].dropna().map(str.casefold))
    days = wl["actual"].fillna(0) + wl["remaining"].fillna(0)
    role = wl["role"].astype("object")
    unpriced = wl["rate"].isna() & (days > 0) & ~role.map(
        lambda r: isinstance(r, str) and r.casefold() in known
    )
    if not unpriced.any():
        return
    name = data.sheet_names.get("workload", WORKLOAD.label(chk.lang))
    missing = wl[unpriced].assign(days=days[unpriced], role=role[unpriced].fillna("—"))
    for role_name, group in missing.groupby("role", sort=True):
        first = int(group["source_row"].min())
        chk.add("RATE_MISSING", name, _at(data, "workload", "role", first) or
                _at(data, "workload", "month", first), role_name, role=role_name,
                days=f"{group['days'].sum():g}")


def check_milestones(data: TrackerData, chk: _Checker) -> None:
    ms = data.tables["milestones"]
    name = data.sheet_names.get("milestones", MILESTONES.label(chk.lang))
    done = ms["status"] == "Done"
    for _, r in ms[done & ms["actual_date"].isna()].iterrows():
        chk.add("MILESTONE_DONE_NO_DATE", name,
                _at(data, "milestones", "actual_date", r["source_row"]), "")
    has_date = ms["actual_date"].notna() & ms["status"].notna() & ~done
    for _, r in ms[has_date].iterrows():
        chk.add("MILESTONE_DATE_NOT_DONE", name,
                _at(data, "milestones", "status", r["source_row"]),
                MILESTONES.field("status").choices.translate(r["status"], chk.lang))


def check_risks(data: TrackerData, chk: _Checker) -> None:
    rk = data.tables["risks"]
    name = data.sheet_names.get("risks", RISKS.label(chk.lang))
    computed = rk["probability"] * rk["impact"]
    given = rk["criticality_given"]
    differs = given.notna() & computed.notna() & (given != computed)
    for idx in rk.index[differs.to_numpy()]:
        chk.add("CRITICALITY_MISMATCH", name,
                _at(data, "risks", "criticality_given", rk.at[idx, "source_row"]),
                f"{given[idx]:g}", computed=f"{computed[idx]:g}")


def check_actions(data: TrackerData, chk: _Checker) -> None:
    act = data.tables["actions"]
    risk_ids = set(data.tables["risks"]["id"].dropna().astype(str).str.casefold())
    name = data.sheet_names.get("actions", "Actions")
    linked = act["risk_id"].astype("object")
    unknown = linked.notna() & ~linked.map(lambda v: str(v).casefold() in risk_ids)
    for idx in act.index[unknown.to_numpy()]:
        chk.add("RISK_ID_UNKNOWN", name,
                _at(data, "actions", "risk_id", act.at[idx, "source_row"]), linked[idx])


def check_project(data: TrackerData, chk: _Checker) -> None:
    p = data.project
    name = data.sheet_names.get("project", PROJECT.label(chk.lang))
    as_of = pd.Timestamp(p["as_of"]).date()
    age = (chk.settings.reference_date - as_of).days
    if age > chk.settings.staleness_days:
        chk.add("REPORT_STALE", name, data.cells.get("as_of", ""), as_of.isoformat(),
                as_of=as_of.strftime("%d/%m/%Y"), age=age, limit=chk.settings.staleness_days)
    start = p.get("start")
    for key in ("end_baseline", "end_forecast"):
        end = p.get(key)
        if start is not None and end is not None and end < start:
            chk.add("END_BEFORE_START", name, data.cells.get(key, ""),
                    pd.Timestamp(end).strftime("%d/%m/%Y"),
                    column=PROJECT.field(key).label(chk.lang))


def check_consistency(data: TrackerData, chk: _Checker) -> None:
    check_project(data, chk)
    check_workload(data, chk)
    check_rates(data, chk)
    check_milestones(data, chk)
    check_risks(data, chk)
    check_actions(data, chk)
