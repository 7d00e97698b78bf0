"""Finding the contract's tables and labels inside a sheet, wherever the PM put them.

A table may start on any of the first rows, in any column, under a title or a
logo; where the sheet holds an Excel Table, its range is authoritative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pmo_xl.reader.grid import Grid
from pmo_xl.reader.package import TableRef
from pmo_xl.schema.mapping import house_label
from pmo_xl.schema.model import Sheet


@dataclass
class RawTable:
    """A located table: raw text per field at absolute rows, and its columns' positions."""

    sheet: Sheet
    sheet_name: str
    header_row: int
    columns: dict[str, int]  # field key -> absolute column
    rows: np.ndarray  # absolute (0-based) row of each record
    values: dict[str, pa.Array]  # field key -> text per record (null when blank)
    errors: dict[tuple[int, int], str]
    duplicate_columns: list[tuple[str, int]] = field(default_factory=list)
    # A grid unfolded into records (the workload's grid form): each record's own cells,
    # sheet and Excel errors, where the long form has one column per field.
    cells: dict[str, tuple[np.ndarray, np.ndarray]] | None = None  # key -> (rows, cols)
    sheets: np.ndarray | None = None  # each record's sheet name
    record_errors: dict[str, dict[int, str]] | None = None  # key -> {record: #ERR}
    source_cells: pa.Array | None = None  # each record's value cell, "Sheet!K7"
    house: dict[str, str] = field(default_factory=dict)  # key -> a house header, as typed


@dataclass
class RawCard:
    """The project card: raw text per label key, with the value's cell."""

    sheet: Sheet
    sheet_name: str
    values: dict[str, tuple[str | None, int, int]]  # key -> (text, row, col)
    errors: dict[tuple[int, int], str]
    house: dict[str, str] = field(default_factory=dict)  # key -> a house label, as typed


def _header_matches(grid: Grid, sheet: Sheet, record: list[str | None], first: int,
                    last: int) -> dict[str, list[int]]:
    m = sheet.matcher()
    found: dict[str, list[int]] = {}
    for j, col in enumerate(grid.cols):
        if first <= col <= last and record[j] is not None:
            key = m.match(record[j])
            if key:
                found.setdefault(key, []).append(j)
    return found


def _min_matches(sheet: Sheet) -> int:
    return min(2, len(sheet.fields))


def _build(grid: Grid, sheet: Sheet, header_row: int, found: dict[str, list[int]],
           last_row: int | None, record: list[str | None]) -> RawTable:
    stop = grid.height if last_row is None else min(last_row + 1, grid.height)
    keys = list(found)
    idx = [found[k][0] for k in keys]
    start = header_row + 1
    block = [grid.columns[j].slice(start, max(0, stop - start)) for j in idx]
    columns = {k: grid.cols[j] for k, j in zip(keys, idx, strict=True)}
    wanted = set(columns.values())
    errors = {(r, c): e for (r, c), e in grid.errors.items()
              if c in wanted and header_row < r < stop}
    # Blank rows are skipped; a row holding only Excel errors is kept (its errors are findings).
    n = len(block[0]) if block else 0
    filled = np.zeros(n, dtype=bool)
    for col in block:
        if col.null_count < len(col):
            filled |= pc.is_valid(col).to_numpy(zero_copy_only=False)
    if errors:
        filled[[r - start for r, _ in errors]] = True
    rows = np.flatnonzero(filled) + start
    if filled.all():
        values = dict(zip(keys, block, strict=True))
    else:
        keep = pa.array(filled)
        values = {k: col.filter(keep) for k, col in zip(keys, block, strict=True)}
    dupes = [(k, grid.cols[j]) for k, js in found.items() for j in js[1:]]
    house = {k: label for k, j in zip(keys, idx, strict=True)
             if (label := house_label(sheet, k, record[j]))}
    return RawTable(sheet, grid.name, header_row, columns, rows, values, errors, dupes,
                    house=house)


def locate_table(grid: Grid, sheet: Sheet, tables: dict[str, TableRef], header_rows: int
                 ) -> RawTable | None:
    """The best header row (most fields recognised) in an Excel Table or the first rows."""
    best: tuple[int, int, dict[str, list[int]], int | None, list] | None = None
    for name in grid.tables:
        ref = tables.get(name)
        if ref is None or ref.header_rows == 0 or ref.first_row >= grid.height:
            continue
        record = [c[ref.first_row].as_py() for c in grid.columns]
        found = _header_matches(grid, sheet, record, ref.first_col, ref.last_col)
        if len(found) >= _min_matches(sheet) and (best is None or len(found) > best[0]):
            best = (len(found), ref.first_row, found, ref.last_row, record)
    if best is None:
        for row, record in enumerate(grid.head(header_rows).tolist()):
            found = _header_matches(grid, sheet, record, 0, 1 << 30)
            if len(found) >= _min_matches(sheet) and (best is None or len(found) > best[0]):
                best = (len(found), row, found, None, record)
                if len(found) == len(sheet.fields):
                    break  # every field recognised: no later row can do better
    if best is None:
        return None
    _, header_row, found, last_row, record = best
    return _build(grid, sheet, header_row, found, last_row, record)


def locate_card(grid: Grid, sheet: Sheet, max_rows: int = 500) -> RawCard:
    """Label cells anywhere in the sheet; the value is the next filled cell to the right.

    The value is looked for in the two cells after the label (a label may be merged
    over two columns); a cell holding another label is never taken as a value.
    """
    m = sheet.matcher()
    values: dict[str, tuple[str | None, int, int]] = {}
    house: dict[str, str] = {}
    cols = grid.cols
    for row, record in enumerate(grid.head(max_rows).tolist()):
        for i, text in enumerate(record):
            key = m.match(text) if isinstance(text, str) else None
            if key is None or key in values:
                continue
            value, vcol = None, cols[i] + 1
            for j in range(i + 1, min(i + 3, len(cols))):
                nxt = record[j]
                filled = isinstance(nxt, str) and nxt.strip() != ""
                if filled and m.match(nxt):
                    break  # the next label, not a value
                if filled or (row, cols[j]) in grid.errors:
                    value, vcol = (nxt if filled else None), cols[j]
                    break
            values[key] = (value, row, vcol)
            if label := house_label(sheet, key, text):
                house[key] = label
    return RawCard(sheet, grid.name, values, dict(grid.errors), house)
