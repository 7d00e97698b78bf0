"""Typing a batch of raw cells against the schema, every problem a finding at its cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from pmo_xl.findings import Finding, cell_ref, make_finding
from pmo_xl.schema.contract import RISKS
from pmo_xl.schema.mapping import mapped_sheets
from pmo_xl.schema.model import Field, FieldType, Sheet
from pmo_xl.schema.rules import field_ref
from pmo_xl.settings import Settings
from pmo_xl.validate.batch import Batch
from pmo_xl.validate.values import out_of_range, parse_field


class Findings:
    """Collects findings (codes and parameters: no language until they are shown)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.items: list[Finding] = []

    def add(self, code: str, file: str, sheet: str = "", cell: str = "", value: object = "",
            /, **params: object) -> None:
        self.items.append(make_finding(code, file=file, sheet=sheet, cell=cell, value=value,
                                       **params))


def dtype_of(f: Field) -> str:
    if f.type in (FieldType.DATE, FieldType.MONTH):
        return "datetime64[ns]"
    if f.type in (FieldType.NUMBER, FieldType.INTEGER):
        return "float64"
    return "str"


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    return pd.DataFrame({f.key: pd.Series(dtype=dtype_of(f)) for f in sheet.fields})


def effective_field(f: Field, sheet: Sheet, settings: Settings) -> Field:
    """The field as the portfolio's settings make it: the house's words for its values
    (the mapping), and the risk scale widened to 1-5."""
    f = mapped_sheets(settings.aliases.mapping())[sheet.key].field(f.key)
    if sheet.key == RISKS.key and f.key in ("probability", "impact"):
        return replace(f, maximum=settings.risk_scale)
    return f


class _Column:
    """One field of a batch being typed: reports problems at their cells."""

    def __init__(self, batch: Batch, f: Field, out: Findings, what: str) -> None:
        self.batch, self.f, self.out = batch, f, out
        self.consequence = what
        self.label = field_ref(batch.sheet.key, f.key)
        self.house = batch.house.get(f.key)
        self.rows, self.cols = batch.rows[f.key], batch.cols[f.key]

    def report(self, code: str, index: np.ndarray, value_of: Callable[[int], object],
               **params: object) -> None:
        b = self.batch
        for i in index:
            cell = cell_ref(int(self.rows[i]), int(self.cols[i])) if self.cols[i] >= 0 else ""
            value = value_of(int(i))
            label = self.label if self.house is None or not self.house[i] else field_ref(
                b.sheet.key, self.f.key, self.house[i])
            self.out.add(code, b.file[i], b.sheet_name[i], cell,
                         "" if value is None or pd.isna(value) else value,
                         column=label, consequence=self.consequence, **params)


def type_column(batch: Batch, f: Field, out: Findings, what: str
                ) -> tuple[pd.Series, np.ndarray]:
    """Typed values of one field, and the mask of values left out."""
    raw = batch.raw[f.key]
    col = _Column(batch, f, out, what)

    def typed_text(i: int) -> object:
        return raw[i].as_py()

    values, problems = parse_field(raw, f)
    dropped = np.zeros(len(batch), dtype=bool)
    for mask, code in problems:
        flagged = np.flatnonzero(mask.to_numpy())
        params = {"allowed": f.choices.key} if f.choices and code == "VALUE_NOT_IN_LIST" else {}
        col.report(code, flagged, typed_text, **params)
        dropped[flagged] = True
    if f.minimum is not None or f.maximum is not None:
        oor = out_of_range(values, f.minimum, f.maximum).to_numpy()
        col.report("VALUE_OUT_OF_RANGE", np.flatnonzero(oor), typed_text,
                   bounds={"min": f.minimum, "max": f.maximum})
        values = values.where(~oor)
        dropped |= oor
    errors = batch.errors.get(f.key, {})
    if errors:
        idx = np.array(sorted(errors), dtype=np.int64)
        for i in idx:
            col.report("VALUE_EXCEL_ERROR", idx[idx == i], errors.__getitem__, error=errors[i])
        dropped[idx] = True
        values = values.where(~pd.Series(dropped, index=values.index))
    present = col.cols >= 0
    if f.value_required or f.row_key:
        blank = values.isna().to_numpy() & ~dropped & present
        col.report("VALUE_REQUIRED", np.flatnonzero(blank), typed_text)
        dropped |= blank
    if f.row_key:
        dropped |= ~present
    return values.astype(dtype_of(f)), dropped


def type_batch(batch: Batch, out: Findings, what: dict[str, str] | None = None
               ) -> tuple[pd.DataFrame, np.ndarray]:
    """Every field typed; rows whose key field is unusable are flagged in the mask."""
    what = what or {}
    typed: dict[str, pd.Series] = {}
    row_ok = np.ones(len(batch), dtype=bool)
    for f in batch.sheet.fields:
        f = effective_field(f, batch.sheet, out.settings)
        consequence = what.get(f.key, "row" if f.row_key else "value")
        values, dropped = type_column(batch, f, out, consequence)
        typed[f.key] = values
        if f.row_key:
            row_ok &= ~dropped
    frame = pd.DataFrame(typed, index=pd.RangeIndex(len(batch))) if len(batch) else empty_frame(
        batch.sheet)
    return frame, row_ok
