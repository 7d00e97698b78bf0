"""Risk criticality and its class."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_xl.schema.contract import CRITICALITY_CLASS, OPEN, RISK_STATUS

# Lower bound of each class, by scale: on 1-4, minor 1-3, major 4-8, critical 9-16;
# on 1-5, minor 1-4, major 5-12, critical 15-25.
CLASS_BOUNDS = {4: (4, 9), 5: (5, 15)}


def criticality(probability: pd.Series, impact: pd.Series) -> pd.Series:
    return (probability * impact).astype("float64")


def criticality_class(crit: pd.Series, scale: int = 4) -> pd.Series:
    major, critical = CLASS_BOUNDS[scale]
    minor_word, major_word, critical_word = CRITICALITY_CLASS.values
    out = np.select([crit >= critical, crit >= major, crit >= 1],
                    [critical_word, major_word, minor_word], default="")
    return pd.Series(out, index=crit.index, dtype="object").replace("", None)


def is_open(status: pd.Series) -> pd.Series:
    """Open or being mitigated; a risk whose status is unreadable counts as open."""
    return RISK_STATUS.means(status, OPEN)
