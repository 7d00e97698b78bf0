"""The consolidated portfolio: tidy DataFrames, one per contract table, plus findings.

Columns are the contract's keys in snake_case English plus ``project`` (the code)
first, and ``source_file`` / ``source_row`` last so every figure traces back to a
cell. Enumerations hold the contract's English word; outputs translate for display.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from pmo_xl.figures import term
from pmo_xl.settings import Settings
from pmo_xl.validate import portfolio_date

TABLE_NAMES = (
    "projects", "workload", "rates", "milestones", "risks", "actions", "decisions", "costs",
)


@dataclass
class Portfolio:
    projects: pd.DataFrame
    workload: pd.DataFrame
    rates: pd.DataFrame
    milestones: pd.DataFrame
    risks: pd.DataFrame
    actions: pd.DataFrame
    decisions: pd.DataFrame
    costs: pd.DataFrame
    findings: pd.DataFrame
    sources: pd.DataFrame  # one row per file seen: file, project, used, reason
    # Expected projects with no usable tracker: their last figures, dated, "No report".
    missing: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {c: pd.Series(dtype="object") for c in ("project", "name", "manager", "as_of",
                                                 "reporting")}))
    settings: Settings = field(default_factory=Settings)
    run_at: dt.datetime = field(default_factory=dt.datetime.now)

    @property
    def reporting_date(self) -> dt.date | None:
        """The date the portfolio speaks for: the settings', else the date most of its
        trackers give (contract v1.1; see ``validate.portfolio_date``)."""
        return portfolio_date(self.projects["as_of"], self.settings.reporting_date)

    @property
    def language(self) -> str:
        return self.settings.language

    def name(self, lang: str | None = None) -> str:
        """The portfolio's name from the settings, else "Portfolio" in ``lang``."""
        return self.settings.portfolio_name.strip() or term("portfolio", lang or self.language)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in (*TABLE_NAMES, "findings", "missing")}

    def project(self, code: str) -> pd.Series:
        """One project's row of figures; KeyError if the code is unknown."""
        hit = self.projects[self.projects["project"] == code]
        if hit.empty:
            raise KeyError(code)
        return hit.iloc[0]

    @property
    def errors(self) -> pd.DataFrame:
        return self.findings[self.findings["severity"] == "error"]
