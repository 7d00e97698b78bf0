"""Findings: every problem found in a tracker, where it is and what was done about it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import pandas as pd

from pmo_xl.schema.rules import rule


@dataclass(frozen=True)
class Finding:
    file: str
    sheet: str
    cell: str  # "E7" (empty when the finding is about a whole sheet or file)
    rule: str
    severity: str
    message: str
    value: str = ""
    project: str = ""

    @property
    def location(self) -> str:
        """``Risks!E7`` style, as a PM would look it up."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet


FINDING_COLUMNS = [f.name for f in fields(Finding)]


def make_finding(
    code: str,
    lang: str,
    /,
    *,
    file: str,
    sheet: str = "",
    cell: str = "",
    value: object = "",
    project: str = "",
    **params: object,
) -> Finding:
    r = rule(code)
    return Finding(
        file=file,
        sheet=sheet,
        cell=cell,
        rule=r.code,
        severity=str(r.severity),
        message=r.message(lang, value=value, sheet=sheet, **params),
        value="" if value is None else str(value),
        project=project,
    )


def findings_frame(items: list[Finding]) -> pd.DataFrame:
    if not items:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in FINDING_COLUMNS})
    return pd.DataFrame([asdict(f) for f in items], columns=FINDING_COLUMNS)


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based row and column -> ``B7``."""
    return f"{column_letter(col)}{row + 1}"
