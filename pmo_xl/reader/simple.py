"""A plain list read from a workbook or CSV (header on the first filled row)."""

from __future__ import annotations

from pathlib import Path

import fastexcel
import pandas as pd

from pmo_xl.exceptions import InputError


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
