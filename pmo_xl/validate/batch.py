"""One contract sheet across every tracker: raw text, and where each cell came from.

Typing runs once per column for the whole portfolio (not once per tracker): the cost
of a pandas call is paid a few dozen times per run instead of a few dozen per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pmo_xl.reader import RawCard, RawTable
from pmo_xl.schema.model import Sheet


@dataclass
class Batch:
    sheet: Sheet
    raw: pd.DataFrame  # one column per field key (text or missing), index 0..n-1
    file: np.ndarray  # source file of each row
    sheet_name: np.ndarray  # the sheet's name in that file
    rows: dict[str, np.ndarray]  # field key -> 0-based row of each value (-1: no cell)
    cols: dict[str, np.ndarray]  # field key -> 0-based column of each value (-1: no cell)
    errors: dict[str, dict[int, str]] = field(default_factory=dict)  # key -> {index: #ERR}

    def __len__(self) -> int:
        return len(self.raw)


def table_batch(sheet: Sheet, tables: list[tuple[str, RawTable]]) -> Batch:
    """Stack one sheet's located tables from many files."""
    keys = list(sheet.keys)
    values: dict[str, list[np.ndarray]] = {k: [] for k in keys}
    files, names, rows = [], [], []
    cols: dict[str, list[np.ndarray]] = {k: [] for k in keys}
    errors: dict[str, dict[int, str]] = {k: {} for k in keys}
    offset = 0
    for path, t in tables:
        n = len(t.rows)
        blank = np.full(n, None, dtype=object)
        for k in keys:
            values[k].append(t.values.get(k, blank))
            cols[k].append(np.full(n, t.columns.get(k, -1), dtype=np.int64))
        files.append(np.full(n, path, dtype=object))
        names.append(np.full(n, t.sheet_name, dtype=object))
        rows.append(t.rows)
        if t.errors:
            by_col = {c: k for k, c in t.columns.items()}
            position = {int(r): i for i, r in enumerate(t.rows)}
            for (r, c), err in t.errors.items():
                if c in by_col and r in position:
                    errors[by_col[c]][offset + position[r]] = err
        offset += n
    raw = pd.DataFrame({k: (np.concatenate(v) if v else np.empty(0, dtype=object))
                        for k, v in values.items()}, columns=keys).astype("object")
    row_arr = np.concatenate(rows).astype(np.int64) if rows else np.empty(0, dtype=np.int64)
    return Batch(
        sheet=sheet,
        raw=raw,
        file=np.concatenate(files) if files else np.empty(0, dtype=object),
        sheet_name=np.concatenate(names) if names else np.empty(0, dtype=object),
        rows={k: row_arr for k in keys},
        cols={k: (np.concatenate(v) if v else np.empty(0, dtype=np.int64))
              for k, v in cols.items()},
        errors=errors,
    )


def card_batch(sheet: Sheet, cards: list[tuple[str, RawCard]]) -> Batch:
    """One row per tracker: the card's values with the cell of each."""
    keys = list(sheet.keys)
    n = len(cards)
    raw = {k: np.empty(n, dtype=object) for k in keys}
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
        raw=pd.DataFrame(raw, columns=keys).astype("object"),
        file=np.array([p for p, _ in cards], dtype=object),
        sheet_name=np.array([c.sheet_name for _, c in cards], dtype=object),
        rows=rows,
        cols=cols,
        errors=errors,
    )
