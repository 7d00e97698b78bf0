"""The computed status (Green / Amber / Red) beside the PM's declared one.

Each criterion reaching its amber or red threshold (``[status]`` in the settings)
raises the status; the worst criterion wins. The drivers say which criteria did it,
as the keys of their figures: each output words them in its own language
(``status_reasons`` in the registry of figures).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_xl.schema.contract import RAG
from pmo_xl.settings import StatusThresholds

# (figure, the name of its thresholds in [status]: <name>_amber, <name>_red)
CRITERIA = (
    ("variance_pct", "variance_pct"),
    ("max_open_slip_days", "slip_days"),
    ("critical_risks", "critical_risks"),
    ("overdue_actions", "overdue_actions"),
)


def computed_status(projects: pd.DataFrame, thresholds: StatusThresholds
                    ) -> tuple[pd.Series, pd.Series]:
    """(status, drivers) per project, from its figures; drivers are the figure keys of
    the criteria at or above their amber threshold, joined by ';'."""
    level = np.zeros(len(projects), dtype=int)
    drivers: list[list[str]] = [[] for _ in range(len(projects))]
    for col, name in CRITERIA:
        values = projects[col].to_numpy(dtype="float64")
        amber, red = getattr(thresholds, f"{name}_amber"), getattr(thresholds, f"{name}_red")
        hit = np.where(values >= red, 2, np.where(values >= amber, 1, 0))
        hit = np.where(np.isnan(values), 0, hit)
        for i in np.flatnonzero(hit):
            drivers[i].append(col)
        level = np.maximum(level, hit)
    status = pd.Series([RAG.values[x] for x in level], index=projects.index, dtype="object")
    return status, pd.Series([";".join(d) for d in drivers], index=projects.index,
                             dtype="object")
