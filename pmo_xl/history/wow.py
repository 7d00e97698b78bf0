"""Week over week: what moved between two snapshots, per project.

Drift (dérive) = change of the EAC since the previous snapshot, in days and as a share
of the previous EAC; changes of consumed and remaining; status then and now; risks new,
closed or worsened (criticality up); milestones whose forecast moved, and by how much;
and a trend computed from the data beside the PM's declared one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_xl.kpis.risks import is_open
from pmo_xl.kpis.workload import ratio
from pmo_xl.schema.contract import RAG, TREND


def _risk_key(df: pd.DataFrame) -> pd.Series:
    """A risk is the same from one week to the next by project and ID, else its title; an
    ID two risks of a project share (a PM's copy-paste) tells them apart by title too, so
    they are never merged into one that seems to open, close or worsen."""
    ident = df["id"].where(df["id"].notna(), df["risk"]).astype(str)
    shared = df.assign(_i=ident).duplicated(["project", "_i"], keep=False).to_numpy()
    ident = ident.where(~shared, ident + "\x1e" + df["risk"].astype(str))
    return df["project"].astype(str) + "\x1f" + ident


def _risk_changes(prev: pd.DataFrame, cur: pd.DataFrame) -> pd.DataFrame:
    p = prev.assign(key=_risk_key(prev), open=is_open(prev["status"]).to_numpy())
    c = cur.assign(key=_risk_key(cur), open=is_open(cur["status"]).to_numpy())
    both = c.merge(p[["key", "open", "criticality"]], on="key", how="left",
                   suffixes=("", "_prev"), indicator=True)
    new = both["open"] & ((both["_merge"] == "left_only") | ~both["open_prev"].fillna(False)
                          .astype(bool))
    closed_now = ~both["open"] & both["open_prev"].fillna(False).astype(bool)
    worsened = both["open"] & (both["criticality"] > both["criticality_prev"])
    # A risk that disappeared from the tracker while open counts as closed too.
    gone = p[p["open"] & ~p["key"].isin(c["key"])]
    out = pd.DataFrame({
        "new_risks": both[new].groupby("project").size(),
        "closed_risks": both[closed_now].groupby("project").size().add(
            gone.groupby("project").size(), fill_value=0),
        "worsened_risks": both[worsened].groupby("project").size(),
    })
    return out.fillna(0).astype("int64")


def _milestone_moves(prev: pd.DataFrame, cur: pd.DataFrame) -> pd.DataFrame:
    key = ["project", "id"]
    p = prev.assign(id=prev["id"].where(prev["id"].notna(), prev["milestone"]))
    c = cur.assign(id=cur["id"].where(cur["id"].notna(), cur["milestone"]))
    both = c.merge(p[[*key, "forecast_date"]], on=key, suffixes=("", "_prev"))
    moved = (both["forecast_date"] - both["forecast_date_prev"]).dt.days
    both = both.assign(moved_days=moved)[moved.fillna(0) != 0]
    return pd.DataFrame({
        "moved_milestones": both.groupby("project").size(),
        "max_move_days": both.groupby("project")["moved_days"].apply(
            lambda s: s.loc[s.abs().idxmax()]),
    })


WOW_TABLES = ("projects", "risks", "milestones")  # what week over week compares
DRIFT_WORSE = 0.02  # an EAC drift above 2 % makes the computed trend worsening


def week_over_week(prev: dict[str, pd.DataFrame], cur: dict[str, pd.DataFrame]
                   ) -> pd.DataFrame:
    """Per project of ``cur``: the figures that moved since ``prev`` (two snapshots)."""
    pp = prev["projects"].set_index("project")
    cp = cur["projects"].set_index("project")
    out = pd.DataFrame(index=cp.index)
    for fig in ("eac_days", "consumed_days", "remaining_days"):
        out[f"{fig}_prev"] = pp[fig].reindex(cp.index)
        out[f"{fig}_change"] = cp[fig] - out[f"{fig}_prev"]
    out["drift_days"] = out["eac_days_change"]
    out["drift_pct"] = ratio(out["drift_days"], out["eac_days_prev"])
    out["status_prev"] = pp["computed_status"].reindex(cp.index)
    out["status_now"] = cp["computed_status"]
    out["status_changed"] = out["status_prev"].notna() & (out["status_prev"] != out["status_now"])
    out = out.join(_risk_changes(prev["risks"], cur["risks"])).join(
        _milestone_moves(prev["milestones"], cur["milestones"]))
    for col in ("new_risks", "closed_risks", "worsened_risks", "moved_milestones"):
        out[col] = out[col].fillna(0).astype("int64")
    rank_prev = out["status_prev"].map(RAG.rank).astype("float64")
    rank_now = out["status_now"].map(RAG.rank).astype("float64")
    worse = ((rank_now > rank_prev) | (out["drift_pct"] > DRIFT_WORSE)
             | (out["worsened_risks"] > 0))
    better = (rank_now < rank_prev) | (out["drift_pct"] < -DRIFT_WORSE)
    improving, stable, worsening = TREND.values
    out["computed_trend"] = np.select([worse, better], [worsening, improving], stable)
    out.loc[out["eac_days_prev"].isna(), "computed_trend"] = None  # a new project
    out["declared_trend"] = cp["trend"]
    return out.reset_index()


def portfolio_change(changes: pd.DataFrame) -> dict[str, float]:
    """The portfolio's own week over week: drift summed over projects present both weeks."""
    both = changes[changes["eac_days_prev"].notna()]
    before = float(both["eac_days_prev"].sum())
    drift = float(both["drift_days"].sum())
    return {
        "eac_days_prev": before, "drift_days": drift,
        "drift_pct": drift / before if before else float("nan"),
        "consumed_days_change": float(both["consumed_days_change"].sum()),
        "remaining_days_change": float(both["remaining_days_change"].sum()),
        "new_risks": int(changes["new_risks"].sum()),
        "closed_risks": int(changes["closed_risks"].sum()),
        "worsened_risks": int(changes["worsened_risks"].sum()),
        "moved_milestones": int(changes["moved_milestones"].sum()),
        "status_changed": int(changes["status_changed"].sum()),
        "new_projects": int(changes["eac_days_prev"].isna().sum()),
    }
