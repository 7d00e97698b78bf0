"""Typing and checking one located tracker against the contract.

Out comes a ``TrackerData``: the project card as a dict, one typed DataFrame per
table sheet (every contract column present, ``source_row`` = the Excel row), and the
findings. An unusable value is left out (missing), an unusable row is dropped, an
unusable card drops the whole tracker; each time a finding says so, at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from pmo_xl.findings import Finding, cell_ref, column_letter, make_finding
from pmo_xl.reader import RawCard, RawTable, RawTracker
from pmo_xl.schema.contract import PROJECT, RISKS, TABLE_SHEETS
from pmo_xl.schema.model import Field, FieldType, Sheet
from pmo_xl.schema.rules import CONSEQUENCES
from pmo_xl.settings import Settings
from pmo_xl.validate.consistency import check_consistency
from pmo_xl.validate.values import bounds_text, out_of_range, parse_field


@dataclass
class TrackerData:
    path: str
    project: dict[str, object] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    rejected: bool = False
    sheet_names: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # card key -> cell of its value
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> field -> letter

    @property
    def code(self) -> str:
        return str(self.project.get("code") or "")


def effective_field(f: Field, sheet: Sheet, settings: Settings) -> Field:
    """The portfolio's settings can widen the risk scale to 1-5."""
    if sheet is RISKS and f.key in ("probability", "impact"):
        return replace(f, maximum=settings.risk_scale)
    return f


def empty_table(sheet: Sheet) -> pd.DataFrame:
    cols: dict[str, pd.Series] = {}
    for f in sheet.fields:
        cols[f.key] = pd.Series(dtype=_dtype(f))
    cols["source_row"] = pd.Series(dtype="int64")
    return pd.DataFrame(cols)


def _dtype(f: Field) -> str:
    if f.type in (FieldType.DATE, FieldType.MONTH):
        return "datetime64[ns]"
    if f.type in (FieldType.NUMBER, FieldType.INTEGER):
        return "float64"
    return "object"


class _Checker:
    """Accumulates findings for one tracker, in the portfolio's language."""

    def __init__(self, path: str, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self.lang = settings.language
        self.findings: list[Finding] = []

    def add(self, code: str, sheet: str = "", cell: str = "", value: object = "", **params: object
            ) -> None:
        self.findings.append(
            make_finding(code, self.lang, file=self.path, sheet=sheet, cell=cell, value=value,
                         **params)
        )

    def consequence(self, what: str) -> str:
        return CONSEQUENCES[what][self.lang]

    def typed_column(
        self, raw: pd.Series, f: Field, sheet_name: str, col: int,
        errors: dict[tuple[int, int], str], what: str,
    ) -> tuple[pd.Series, pd.Series]:
        """Typed values and the mask of cells whose value had to be left out."""
        label = f.label(self.lang)
        values, problems = parse_field(raw, f)
        dropped = pd.Series(False, index=raw.index)
        for mask, code in problems:
            for row in raw.index[mask.to_numpy()]:
                params: dict[str, object] = {}
                if code == "VALUE_NOT_IN_LIST" and f.choices is not None:
                    params["allowed"] = ", ".join(
                        c.en if c.en == c.fr else f"{c.en}/{c.fr}" for c in f.choices.choices
                    )
                self.add(code, sheet_name, cell_ref(row, col), raw.at[row], column=label,
                         consequence=self.consequence(what), **params)
            dropped |= mask
        if f.minimum is not None or f.maximum is not None:
            oor = out_of_range(values, f.minimum, f.maximum)
            for row in raw.index[oor.to_numpy()]:
                self.add("VALUE_OUT_OF_RANGE", sheet_name, cell_ref(row, col), raw.at[row],
                         column=label, bounds=bounds_text(f.minimum, f.maximum, self.lang),
                         consequence=self.consequence(what))
            values = values.where(~oor)
            dropped |= oor
        for (row, ecol), err in errors.items():
            if ecol == col and row in raw.index:
                self.add("VALUE_EXCEL_ERROR", sheet_name, cell_ref(row, col), err, column=label,
                         error=err, consequence=self.consequence(what))
                dropped.loc[row] = True
        blank = values.isna() & ~dropped
        if f.value_required or f.row_key:
            for row in raw.index[blank.to_numpy()]:
                self.add("VALUE_REQUIRED", sheet_name, cell_ref(row, col), "", column=label,
                         consequence=self.consequence(what))
            dropped |= blank
        return values, dropped

    def table(self, raw: RawTable) -> pd.DataFrame:
        sheet = raw.sheet
        name = raw.sheet_name
        first_col = min(raw.columns.values())
        for key, col in raw.duplicate_columns:
            self.add("COLUMN_DUPLICATE", name, cell_ref(raw.header_row, col),
                     column=sheet.field(key).label(self.lang))
        index = raw.values.index
        out = pd.DataFrame(index=index)
        row_ok = pd.Series(True, index=index)
        for f in sheet.fields:
            f = effective_field(f, sheet, self.settings)
            if f.key not in raw.columns:
                if f.required:
                    self.add("COLUMN_MISSING", name, cell_ref(raw.header_row, first_col),
                             column=f.label(self.lang))
                    if f.row_key:
                        row_ok[:] = False
                out[f.key] = pd.Series(index=index, dtype=_dtype(f))
                continue
            what = "row" if f.row_key else "value"
            values, dropped = self.typed_column(
                raw.values[f.key], f, name, raw.columns[f.key], raw.errors, what
            )
            out[f.key] = values
            if f.row_key:
                row_ok &= ~dropped
        out["source_row"] = (index.to_numpy() + 1).astype("int64")
        out = out[row_ok.to_numpy()]
        for f in sheet.fields:
            out[f.key] = out[f.key].astype(_dtype(f))
        if sheet.id_field and sheet.id_field in raw.columns:
            self.duplicate_ids(out, sheet, name, raw.columns[sheet.id_field])
        return out.reset_index(drop=True)

    def duplicate_ids(self, df: pd.DataFrame, sheet: Sheet, name: str, col: int) -> None:
        ids = df[sheet.id_field].astype("object")
        dup = ids.notna() & ids.duplicated(keep="first")
        for value, row in zip(ids[dup], df.loc[dup, "source_row"], strict=True):
            self.add("DUPLICATE_ID", name, cell_ref(int(row) - 1, col), value)

    def card(self, raw: RawCard | None) -> tuple[dict[str, object], dict[str, str], bool]:
        project: dict[str, object] = {f.key: None for f in PROJECT.fields}
        cells: dict[str, str] = {}
        if raw is None:
            return project, cells, True
        name = raw.sheet_name
        for f in PROJECT.fields:
            found = raw.values.get(f.key)
            if found is None:
                if f.required:
                    self.add("LABEL_MISSING", name, "", column=f.label(self.lang))
                continue
            text, row, col = found
            cells[f.key] = cell_ref(row, col)
            what = "project" if f.key in ("code", "as_of") else "value"
            series = pd.Series([text], index=[row], dtype="object")
            errors = {(row, col): raw.errors[(row, col)]} if (row, col) in raw.errors else {}
            values, _ = self.typed_column(series, f, name, col, errors, what)
            value = values.iloc[0]
            project[f.key] = None if pd.isna(value) else _plain(value)
        usable = project["code"] is not None and project["as_of"] is not None
        return project, cells, usable


def _plain(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.normalize()
    if isinstance(value, np.floating):
        return float(value)
    return value


def validate_tracker(raw: RawTracker, settings: Settings) -> TrackerData:
    """Type every sheet of a located tracker and collect its findings."""
    data = TrackerData(path=raw.path, findings=list(raw.findings), rejected=raw.rejected,
                       sheet_names=dict(raw.sheet_names))
    data.columns = {
        key: {fk: column_letter(c) for fk, c in t.columns.items()} for key, t in raw.tables.items()
    }
    if raw.rejected:
        return data
    checker = _Checker(raw.path, settings)
    project, cells, usable = checker.card(raw.card)
    data.project, data.cells = project, cells
    if not usable:
        missing = [PROJECT.field(k).label(settings.language) for k in ("code", "as_of")
                   if project.get(k) is None]
        checker.add("PROJECT_UNUSABLE", data.sheet_names.get("project", ""), "",
                    what=" / ".join(missing) or PROJECT.label(settings.language))
        data.findings += checker.findings
        data.rejected = True
        return data
    for sheet in TABLE_SHEETS:
        raw_table = raw.tables.get(sheet.key)
        data.tables[sheet.key] = (
            checker.table(raw_table) if raw_table is not None else empty_table(sheet)
        )
    check_consistency(data, checker)
    data.findings += checker.findings
    code = data.code
    data.findings = [replace(f, project=code) for f in data.findings]
    return data
