"""Finding the contract's tables and labels inside a sheet, wherever the PM put them.

A table may start on any of the first rows, in any column, under a title or a
logo; where the sheet holds an Excel Table, its range is authoritative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pmo_xl.reader.grid import Grid
from pmo_xl.reader.package import TableRef
from pmo_xl.schema.model import Sheet


@dataclass
class RawTable:
    """A located table: raw text per field, at absolute rows; positions of its columns."""

    sheet: Sheet
    sheet_name: str
    header_row: int
    columns: dict[str, int]  # field key -> absolute column
    values: pd.DataFrame  # one column per located field key, index = absolute row
    errors: dict[tuple[int, int], str]
    duplicate_columns: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class RawCard:
    """The project card: raw text per label key, with the value's cell."""

    sheet: Sheet
    sheet_name: str
    values: dict[str, tuple[str | None, int, int]]  # key -> (text, row, col)
    errors: dict[tuple[int, int], str]


def _header_matches(grid: Grid, sheet: Sheet, row: int, cols: list[int]) -> dict[str, list[int]]:
    matcher = sheet.matcher()
    found: dict[str, list[int]] = {}
    for col in cols:
        key = matcher.match(grid.text(row, col))
        if key:
            found.setdefault(key, []).append(col)
    return found


def _min_matches(sheet: Sheet) -> int:
    return min(2, len(sheet.fields))


def _build(
    grid: Grid, sheet: Sheet, header_row: int, found: dict[str, list[int]], last_row: int | None
) -> RawTable:
    columns = {key: cols[0] for key, cols in found.items()}
    dupes = [(key, col) for key, cols in found.items() for col in cols[1:]]
    block = grid.frame.loc[header_row + 1 : last_row, list(columns.values())]
    block.columns = list(columns.keys())
    wanted = set(columns.values())
    errors = {
        (r, c): e
        for (r, c), e in grid.errors.items()
        if c in wanted and r > header_row and (last_row is None or r <= last_row)
    }
    # Blank rows are skipped; a row holding only Excel errors is kept (its errors are findings).
    keep = block.notna().any(axis=1) | block.index.isin(list({r for r, _ in errors}))
    body = block[keep]
    return RawTable(sheet, grid.name, header_row, columns, body, errors, dupes)


def locate_table(
    grid: Grid, sheet: Sheet, tables: dict[str, TableRef], header_rows: int
) -> RawTable | None:
    """The best header row (most fields recognised) in an Excel Table or the first rows."""
    best: tuple[int, int, dict[str, list[int]], int | None] | None = None
    for name in grid.tables:
        ref = tables.get(name)
        if ref is None or ref.header_rows == 0:
            continue
        cols = [c for c in grid.frame.columns if ref.first_col <= c <= ref.last_col]
        found = _header_matches(grid, sheet, ref.first_row, cols)
        if len(found) >= _min_matches(sheet) and (best is None or len(found) > best[0]):
            best = (len(found), ref.first_row, found, ref.last_row)
    if best is None:
        cols = list(grid.frame.columns)
        for row in range(min(header_rows, len(grid.frame))):
            found = _header_matches(grid, sheet, row, cols)
            if len(found) >= _min_matches(sheet) and (best is None or len(found) > best[0]):
                best = (len(found), row, found, None)
    if best is None:
        return None
    _, header_row, found, last_row = best
    return _build(grid, sheet, header_row, found, last_row)


def locate_card(grid: Grid, sheet: Sheet, max_rows: int = 500) -> RawCard:
    """Label cells anywhere in the sheet; the value is the next filled cell to the right."""
    matcher = sheet.matcher()
    values: dict[str, tuple[str | None, int, int]] = {}
    frame = grid.frame.iloc[:max_rows]
    cols = list(frame.columns)
    for row, record in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        for i, text in enumerate(record):
            if not isinstance(text, str):
                continue
            key = matcher.match(text)
            if key is None or key in values:
                continue
            value, vcol = None, cols[i + 1] if i + 1 < len(cols) else cols[i] + 1
            for j in range(i + 1, min(i + 4, len(cols))):
                nxt = record[j]
                if (isinstance(nxt, str) and nxt.strip()) or (row, cols[j]) in grid.errors:
                    if isinstance(nxt, str) and matcher.match(nxt):
                        break  # the next label, not a value
                    value, vcol = (nxt if isinstance(nxt, str) else None), cols[j]
                    break
            values[key] = (value, int(row), int(vcol))
    return RawCard(sheet, grid.name, values, dict(grid.errors))
