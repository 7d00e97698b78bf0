"""One contract sheet across every tracker: raw text, and where each cell came from.

Typing runs once per column for the whole portfolio (not once per tracker): the cost
of a call is paid a few dozen times per run instead of a few dozen per file. The text
stays in Arrow arrays until it is typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from pmo_xl.reader import RawCard, RawTable
from pmo_xl.schema.model import Sheet


@dataclass
class Batch:
    sheet: Sheet
    raw: dict[str, pa.Array]  # field key -> text (null when missing), one per record
    file: np.ndarray  # source file of each row
    sheet_name: np.ndarray  # the sheet's name in that file
    rows: dict[str, np.ndarray]  # field key -> 0-based row of each value (-1: no cell)
    cols: dict[str, np.ndarray]  # field key -> 0-based column of each value (-1: no cell)
    errors: dict[str, dict[int, str]] = field(default_factory=dict)  # key -> {index: #ERR}
    source_cell: pa.Array | None = None  # a grid record's value cell ("Sheet!K7"), else null
    # key -> each row's house header ("" for the contract's), where a mapping is in use
    house: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.file)


def table_batch(sheet: Sheet, tables: list[tuple[str, RawTable]]) -> Batch:
    """Stack one sheet's located tables from many files (one NumPy call per field, not
    one per file and field). A grid unfolded into records brings each record's own
    cells and sheet (``RawTable.cells``)."""
    keys = list(sheet.keys)
    counts = np.array([len(t.rows) for _, t in tables], dtype=np.int64)
    values: dict[str, list[pa.Array]] = {k: [] for k in keys}
    errors: dict[str, dict[int, str]] = {k: {} for k in keys}
    rows: dict[str, list[np.ndarray]] = {k: [] for k in keys}
    cols: dict[str, list[np.ndarray]] = {k: [] for k in keys}
    sheets: list[np.ndarray] = []
    traced = any(t.source_cells is not None for _, t in tables)
    source_cells: list[pa.Array] = []
    offset = 0
    for (_, t), n in zip(tables, counts, strict=True):
        for k in keys:
            values[k].append(t.values[k] if k in t.values else pa.nulls(int(n), pa.string()))
            at = t.cells.get(k) if t.cells is not None else None
            rows[k].append(t.rows if at is None else at[0])
            cols[k].append(np.full(n, t.columns.get(k, -1), dtype=np.int64) if at is None
                           else at[1])
        sheets.append(np.full(n, t.sheet_name, dtype=object) if t.sheets is None
                      else t.sheets)
        if traced:
            source_cells.append(t.source_cells if t.source_cells is not None
                                else pa.nulls(int(n), pa.string()))
        if t.record_errors:
            for k, found in t.record_errors.items():
                errors[k].update({offset + i: e for i, e in found.items()})
        elif t.errors:
            by_col = {c: k for k, c in t.columns.items()}
            position = {int(r): i for i, r in enumerate(t.rows)}
            for (r, c), err in t.errors.items():
                if c in by_col and r in position:
                    errors[by_col[c]][offset + position[r]] = err
        offset += int(n)
    raw = {k: pa.concat_arrays(v) if v else pa.array([], pa.string())
           for k, v in values.items()}

    def stacked(parts: list[np.ndarray], dtype: object) -> np.ndarray:
        return np.concatenate(parts).astype(dtype) if parts else np.empty(0, dtype=dtype)

    house = {k: np.repeat(np.array([t.house.get(k, "") for _, t in tables], dtype=object),
                          counts)
             for k in keys if any(k in t.house for _, t in tables)}
    return Batch(
        sheet=sheet,
        raw=raw,
        house=house,
        file=np.repeat(np.array([p for p, _ in tables], dtype=object), counts),
        sheet_name=stacked(sheets, object),
        rows={k: stacked(rows[k], np.int64) for k in keys},
        cols={k: stacked(cols[k], np.int64) for k in keys},
        errors=errors,
        source_cell=pa.concat_arrays(source_cells) if traced else None,
    )


def card_batch(sheet: Sheet, cards: list[tuple[str, RawCard]]) -> Batch:
    """One row per tracker: the card's values with the cell of each."""
    keys = list(sheet.keys)
    n = len(cards)
    raw: dict[str, list[str | None]] = {k: [None] * n for k in keys}
    rows = {k: np.full(n, -1, dtype=np.int64) for k in keys}
    cols = {k: np.full(n, -1, dtype=np.int64) for k in keys}
    errors: dict[str, dict[int, str]] = {k: {} for k in keys}
    for i, (_, card) in enumerate(cards):
        for k, (text, r, c) in card.values.items():
            raw[k][i], rows[k][i], cols[k][i] = text, r, c
            if (r, c) in card.errors:
                errors[k][i] = card.errors[(r, c)]
    house = {k: np.array([c.house.get(k, "") for _, c in cards], dtype=object)
             for k in keys if any(k in c.house for _, c in cards)}
    return Batch(
        sheet=sheet,
        raw={k: pa.array(v, pa.string()) for k, v in raw.items()},
        house=house,
        file=np.array([p for p, _ in cards], dtype=object),
        sheet_name=np.array([c.sheet_name for _, c in cards], dtype=object),
        rows=rows,
        cols=cols,
        errors=errors,
    )
