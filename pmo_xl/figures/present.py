"""Tables as an output shows them, in the output's language.

The portfolio holds language-free values (English enumeration words, booleans, codes
and parameters); each output calls ``shown`` with its own language, so a French deck
made from an English consolidation holds French words only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from pmo_xl.figures.registry import View, figure
from pmo_xl.findings import findings_in
from pmo_xl.schema.contract import yes_no
from pmo_xl.schema.model import Kind


def shown(df: pd.DataFrame, table: str | View, lang: str,
          columns: Sequence[str] | None = None, *, short_files: bool = True) -> pd.DataFrame:
    """``columns`` of ``df`` (a view's, or all) as shown in ``lang``: composite figures
    built from their row, enumeration words translated, flags as Yes/No, file names
    without their folder, findings' messages rendered. Numbers and dates keep their
    type, for the writer to format."""
    if isinstance(table, View):
        columns = columns or table.columns
        table = table.table
    if table == "findings" and "params" in df.columns:
        df = findings_in(df, lang)
    out: dict[str, pd.Series] = {}
    records: list[dict[str, Any]] | None = None
    for col in columns or list(df.columns):
        fig = figure(table, col)
        if fig.render is not None:
            records = records if records is not None else rows_of(df)
            out[col] = pd.Series([fig.render(r, lang) for r in records], index=df.index,
                                 dtype="object")
        elif fig.choices is not None:
            choices = fig.choices
            out[col] = _map_distinct(df[col], lambda v, c=choices: c.translate(v, lang)
                                     if isinstance(v, str) else v)
        elif fig.kind is Kind.FLAG or pd.api.types.is_bool_dtype(df[col]):
            out[col] = _map_distinct(df[col], lambda v: yes_no(v, lang))
        elif col in FILE_COLUMNS and short_files:
            out[col] = _map_distinct(df[col], file_name)
        else:
            out[col] = df[col]
    return pd.DataFrame(out, index=df.index)


def rows_of(df: pd.DataFrame) -> list[dict[str, Any]]:
    """``df.to_dict("records")``, the same values, built column by column: pandas builds
    it cell by cell (a deck makes hundreds of small tables)."""
    columns = list(df.columns)
    if not columns:
        return [{} for _ in range(len(df))]
    return [dict(zip(columns, row, strict=True))
            for row in zip(*(_values(df.iloc[:, i]) for i in range(len(columns))), strict=True)]


def _values(column: pd.Series) -> list[Any]:
    """A column as Python values, its gaps as ``to_dict`` gives them (None for pandas'
    NA, NaN for NaN)."""
    values = column.tolist()
    if getattr(column.dtype, "na_value", None) is pd.NA and column.hasnans:
        return [None if v is pd.NA else v for v in values]
    return values


def texts(v: View, records: Iterable[Mapping[str, Any]], lang: str) -> list[list[str]]:
    """A view's rows as text in ``lang`` (a slide's table, a terminal's): each figure
    formatted by its kind, composite figures built from their row."""
    figs = v.figures
    return [[f.cell(rec, lang) for f in figs] for rec in records]


FILE_COLUMNS = ("source_file", "file")  # shown by name: the folder is the PMO's business


def file_name(path: object) -> str:
    """A tracker's file name without its folder (Windows or POSIX path)."""
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


def _map_distinct(series: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """``series.map(fn)`` calling ``fn`` once per distinct value, not once per row."""
    mapping = {v: fn(v) for v in series.dropna().unique()}
    return series.map(mapping).astype("object")
