"""A sheet as a grid of strings at absolute positions, read with fastexcel.

Every cell comes as text (dates as ``yyyy-mm-dd hh:mm:ss``, numbers as Python
would print them); typing is the validator's job, column by column. Rows are
absolute (row 0 is Excel row 1), columns carry their absolute index, so a
finding can always name the cell. Excel error values are kept aside by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import fastexcel
import pandas as pd

ERROR_NAMES = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_ERROR_RE = re.compile(r"Error\((\w+)\)")


@dataclass
class Grid:
    """Cells of one sheet: ``frame`` has absolute row labels and absolute column labels."""

    name: str
    frame: pd.DataFrame
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)

    def text(self, row: int, col: int) -> str | None:
        try:
            value = self.frame.at[row, col]
        except KeyError:
            return None
        return None if pd.isna(value) else str(value)


def open_reader(data: bytes) -> fastexcel.ExcelReader:
    return fastexcel.read_excel(data)


def load_grid(reader: fastexcel.ExcelReader, name: str) -> Grid:
    sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    batch, cell_errors = sheet.to_arrow_with_errors()
    abs_cols = [c.absolute_index for c in sheet.available_columns()]
    frame = batch.to_pandas()
    frame.columns = abs_cols
    errors: dict[tuple[int, int], str] = {}
    for err in cell_errors.errors if cell_errors is not None else ():
        m = _ERROR_RE.search(err.detail)
        if not m:
            continue
        row, col = err.position
        errors[(row, abs_cols[col])] = ERROR_NAMES.get(m[1], f"#{m[1].upper()}")
    try:
        tables = list(reader.table_names(name))
    except Exception:
        tables = []
    return Grid(name=name, frame=frame, errors=errors, tables=tables)
