"""Portfolio prioritisation: a weighted score of value, alignment, complexity and cost.

Each criterion becomes a 0-1 sub-score: business value and strategic alignment
(1-5 → 0-1), complexity inverted (1 → 1, 5 → 0), cost inverted relative to the
portfolio's most expensive project (EAC cost). The score is the weighted mean of the
sub-scores a project has (a missing score is left out, not counted as 0), × 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_xl.settings import PriorityWeights


def sub_scores(projects: pd.DataFrame) -> pd.DataFrame:
    cost = projects["eac_cost"]
    top = cost.max(skipna=True)
    return pd.DataFrame({
        "value": (projects["value"] - 1) / 4,
        "alignment": (projects["alignment"] - 1) / 4,
        "complexity": (5 - projects["complexity"]) / 4,
        "cost": 1 - cost / top if top and not np.isnan(top) else np.nan,
    }, index=projects.index).astype("float64")


def priority(projects: pd.DataFrame, weights: PriorityWeights) -> pd.DataFrame:
    """(priority_score 0-100, priority_rank 1 = first) per project."""
    subs = sub_scores(projects)
    w = pd.Series({k: getattr(weights, k) for k in subs.columns}, dtype="float64")
    present = subs.notna()
    total = (subs.fillna(0) * w).sum(axis=1)
    weight = (present * w).sum(axis=1)
    score = (100 * total / weight.where(weight > 0)).round(1)
    order = pd.DataFrame({"score": score, "project": projects["project"]}).sort_values(
        ["score", "project"], ascending=[False, True], na_position="last")
    rank = pd.Series(np.arange(1, len(order) + 1), index=order.index, dtype="float64")
    rank[order["score"].isna()] = np.nan
    return pd.DataFrame({"priority_score": score, "priority_rank": rank.reindex(
        projects.index)})
