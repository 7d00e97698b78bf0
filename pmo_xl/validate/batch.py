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

    def __len__(self) -> int:
        return len(self.file)


def table_batch(sheet: Sheet, tables: list[tuple[str, RawTable]]) -> Batch:
    """Stack one sheet's located tables from many files (one NumPy call per field, not
    one per file and field)."""
    keys = list(sheet.keys)
    counts = np.array([len(t.rows) for _, t in tables], dtype=np.int64)
    values: dict[str, list[pa.Array]] = {k: [] for k in keys}
    errors: dict[str, dict[int, str]] = {k: {} for k in keys}
    offset = 0
    for (_, t), n in zip(tables, counts, strict=True):
        for k in keys:
            values[k].append(t.values[k] if k in t.values else pa.nulls(int(n), pa.string()))
        if t.errors:
            by_col = {c: k for k, c in t.columns.items()}
            position = {int(r): i for i, r in enumerate(t.rows)}
            for (r, c), err in t.errors.items():
                if c in by_col and r in position:
                    errors[by_col[c]][offset + position[r]] = err
        offset += int(n)
    raw = {k: pa.concat_arrays(v) if v else pa.array([], pa.string())
           for k, v in values.items()}
    row_arr = (np.concatenate([t.rows for _, t in tables]).astype(np.int64) if tables
               else np.empty(0, dtype=np.int64))

    def per_record(items: list[object], dtype: object) -> np.ndarray:
        return np.repeat(np.array(items, dtype=dtype), counts)

    return Batch(
        sheet=sheet,
        raw=raw,
        file=per_record([p for p, _ in tables], object),
        sheet_name=per_record([t.sheet_name for _, t in tables], object),
        rows={k: row_arr for k in keys},
        cols={k: per_record([t.columns.get(k, -1) for _, t in tables], np.int32)
              for k in keys},
        errors=errors,
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
    return Batch(
        sheet=sheet,
        raw={k: pa.array(v, pa.string()) for k, v in raw.items()},
        file=np.array([p for p, _ in cards], dtype=object),
        sheet_name=np.array([c.sheet_name for _, c in cards], dtype=object),
        rows=rows,
        cols=cols,
        errors=errors,
    )
