"""Prioritisation score and rank, by hand."""

import numpy as np
import pandas as pd

from pmo_xl.kpis.priority import priority
from pmo_xl.settings import PriorityWeights, settings_from_dict


def test_score_and_rank_by_hand():
    projects = pd.DataFrame({
        "project": ["A", "B", "C"], "value": [5.0, 1.0, 3.0],
        "alignment": [4.0, 1.0, np.nan], "complexity": [1.0, 5.0, 3.0],
        "eac_cost": [80.0, 200.0, np.nan],
    })
    got = priority(projects, PriorityWeights())
    # A: 0.4x1 + 0.3x0.75 + 0.15x1 + 0.15x(1 - 80/200) = 0.865 -> 86.5
    # B: everything at its worst -> 0
    # C: value 0.5 and complexity 0.5 only, weights 0.4 and 0.15 -> 0.5 -> 50
    assert got["priority_score"].tolist() == [86.5, 0.0, 50.0]
    assert got["priority_rank"].tolist() == [1.0, 3.0, 2.0]


def test_weights_come_from_the_settings():
    s = settings_from_dict({"priority": {"value": 1, "alignment": 0, "complexity": 0,
                                         "cost": 0}})
    projects = pd.DataFrame({"project": ["A", "B"], "value": [2.0, 4.0],
                             "alignment": [5.0, 1.0], "complexity": [1.0, 5.0],
                             "eac_cost": [1.0, 9.0]})
    got = priority(projects, s.priority)
    assert got["priority_score"].tolist() == [25.0, 75.0]
    assert got["priority_rank"].tolist() == [2.0, 1.0]
