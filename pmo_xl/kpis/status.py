"""The computed status (Green / Amber / Red) beside the PM's declared one.

Each criterion reaching its amber or red threshold (``[status]`` in the settings)
raises the status; the worst criterion wins. The reasons say which criteria did it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmo_xl.settings import StatusThresholds

RAG_ORDER = ("Green", "Amber", "Red")

_CRITERIA = (
    # column, amber threshold attr, red threshold attr, EN label, FR label, formatter
    ("variance_pct", "variance_pct_amber", "variance_pct_red", "variance", "écart",
     lambda v: f"{v:+.0%}"),
    ("max_open_slip_days", "slip_days_amber", "slip_days_red", "slip", "glissement",
     lambda v: f"{v:g} d"),
    ("critical_risks", "critical_risks_amber", "critical_risks_red", "critical risks",
     "risques critiques", lambda v: f"{v:g}"),
    ("overdue_actions", "overdue_actions_amber", "overdue_actions_red", "overdue actions",
     "actions en retard", lambda v: f"{v:g}"),
)


def computed_status(
    projects: pd.DataFrame, thresholds: StatusThresholds, lang: str = "en"
) -> tuple[pd.Series, pd.Series]:
    """(status, reasons) per project, from its figures."""
    level = np.zeros(len(projects), dtype=int)
    reasons: list[list[str]] = [[] for _ in range(len(projects))]
    for col, amber_attr, red_attr, en, fr, fmt in _CRITERIA:
        values = projects[col].to_numpy(dtype="float64")
        amber, red = getattr(thresholds, amber_attr), getattr(thresholds, red_attr)
        hit = np.where(values >= red, 2, np.where(values >= amber, 1, 0))
        hit = np.where(np.isnan(values), 0, hit)
        for i in np.flatnonzero(hit):
            reasons[i].append(f"{fr if lang == 'fr' else en} {fmt(values[i])}")
        level = np.maximum(level, hit)
    status = pd.Series([RAG_ORDER[x] for x in level], index=projects.index, dtype="object")
    return status, pd.Series(["; ".join(r) for r in reasons], index=projects.index, dtype="object")
