"""A sheet as columns of text at absolute positions, read with fastexcel.

Every cell comes as text (dates as ``yyyy-mm-dd hh:mm:ss``, numbers as Python
would print them); typing is the validator's job, column by column. The columns stay
Arrow arrays end to end: a million cells of text cost a few megabytes, not a million
Python objects. Rows are absolute (row 0 is Excel row 1), columns carry their absolute
index, so a finding can always name the cell. Excel error values are kept aside by
position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import fastexcel
import numpy as np
import pyarrow as pa

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
    """Cells of one sheet as text (null when blank).

    ``columns[j][r]`` is Excel row ``r + 1`` (rows are absolute) of absolute column
    ``cols[j]`` (columns before the first used one are not stored).
    """

    name: str
    columns: list[pa.Array]
    cols: list[int]
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def head(self, n: int) -> np.ndarray:
        """The first ``n`` rows as a 2-D array of Python text (None when blank)."""
        n = min(n, self.height)
        if not self.columns:
            return np.empty((0, 0), dtype=object)
        out = np.empty((n, len(self.columns)), dtype=object)
        for j, c in enumerate(self.columns):
            out[:, j] = c.slice(0, n).to_pylist()
        return out


def open_reader(data: bytes) -> fastexcel.ExcelReader:
    return fastexcel.read_excel(data)


def load_grid(reader: fastexcel.ExcelReader, name: str) -> Grid:
    sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    batch, cell_errors = sheet.to_arrow_with_errors()
    abs_cols = [c.absolute_index for c in sheet.available_columns()]
    columns = [c if c.type == pa.string() else c.cast(pa.string()) for c in batch.columns]
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
    return Grid(name=name, columns=columns, cols=abs_cols, errors=errors, tables=tables)
