"""A plain list read from a workbook or CSV (header on the first filled row)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import fastexcel
import pandas as pd

from pmo_xl.exceptions import InputError
from pmo_xl.figures.registry import SHEET_TITLES
from pmo_xl.schema.contract import PROJECT
from pmo_xl.schema.normalize import normalize_label


def read_list(path: str | Path) -> pd.DataFrame:
    """All cells as text; the first sheet of a workbook, or a CSV (``,`` or ``;``)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if path.suffix.lower() == ".csv":
        try:
            return pd.read_csv(path, sep=None, engine="python", dtype=str,
                               encoding="utf-8-sig").dropna(how="all")
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
    try:
        reader = fastexcel.read_excel(str(path))
        sheet = reader.load_sheet(0, dtypes="string")
        return sheet.to_pandas().dropna(how="all")
    except Exception as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


_DATED = re.compile(r"_(\d{4}-\d{2}-\d{2})$")


def master_date(path: str | Path) -> dt.date | None:
    """The reporting date of a master workbook pmo-xl wrote (None if it is not one): from
    its dated name, else from its About sheet."""
    path = Path(path)
    try:
        reader = fastexcel.read_excel(str(path))
        names = {normalize_label(n): n for n in reader.sheet_names}
    except Exception:
        return None
    about = next((names[normalize_label(t)] for t in SHEET_TITLES["about"]
                  if normalize_label(t) in names), None)
    if about is None or not any(normalize_label(t) in names
                                for t in SHEET_TITLES["dashboard"]):
        return None
    named = _DATED.search(path.stem)
    if named:
        return dt.date.fromisoformat(named[1])
    as_of = PROJECT.field("as_of")
    labels = {normalize_label(as_of.en), normalize_label(as_of.fr)}
    rows = reader.load_sheet(about, header_row=None, dtypes="string").to_pandas()
    for _, row in rows.iterrows():
        if isinstance(row.iloc[0], str) and normalize_label(row.iloc[0]) in labels:
            return pd.Timestamp(row.iloc[1]).date() if pd.notna(row.iloc[1]) else None
    return None
