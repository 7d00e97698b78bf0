"""Validating every located tracker at once: cards first, then the tables of those in use.

An unusable value is left out (missing), an unusable row is dropped, a card without a
project code or reporting date drops its whole tracker; each time a finding says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from pmo_xl.findings import cell_ref, column_letter
from pmo_xl.reader import RawTracker
from pmo_xl.schema.contract import PROJECT, TABLE_SHEETS
from pmo_xl.schema.rules import field_ref
from pmo_xl.validate.batch import card_batch, table_batch
from pmo_xl.validate.checker import Findings, empty_frame, type_batch

KEY_LABELS = ("code", "as_of")  # without these a tracker cannot be used at all
TRACED = ("workload",)  # sheets a grid may hold: their rows carry their value's cell


@dataclass
class Cards:
    """One row per tracker with a usable card: ``source_file`` and the card's keys."""

    frame: pd.DataFrame
    cells: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> key -> cell
    rejected: set[str] = field(default_factory=set)


def validate_cards(raws: list[RawTracker], out: Findings) -> Cards:
    with_card = [(r.path, r.card) for r in raws if not r.rejected and r.card is not None]
    for path, card in with_card:
        for f in PROJECT.fields:
            if f.required and f.key not in card.values:
                out.add("LABEL_MISSING", path, card.sheet_name, "",
                        column=field_ref(PROJECT.key, f.key))
    batch = card_batch(PROJECT, with_card)
    typed, _ = type_batch(batch, out, {k: "project" for k in KEY_LABELS})
    typed.insert(0, "source_file", pd.array(batch.file, dtype="str"))
    usable = typed["code"].notna().to_numpy() & typed["as_of"].notna().to_numpy()
    cards = Cards(frame=typed[usable].reset_index(drop=True))
    for i, (path, card) in enumerate(with_card):
        cards.cells[path] = {
            k: cell_ref(int(batch.rows[k][i]), int(batch.cols[k][i]))
            for k in PROJECT.keys if batch.cols[k][i] >= 0
        }
        if not usable[i]:
            missing = [field_ref(PROJECT.key, k) for k in KEY_LABELS if pd.isna(typed.at[i, k])]
            out.add("PROJECT_UNUSABLE", path, card.sheet_name, "", what=missing)
            cards.rejected.add(path)
    return cards


def column_letters(raws: list[RawTracker]) -> dict[tuple[str, str], dict[str, str]]:
    """(sheet key, file) -> field key -> column letter, to name cells in later findings."""
    return {(key, r.path): {k: column_letter(c) for k, c in t.columns.items() if c >= 0}
            for r in raws for key, t in r.tables.items()}


def _structure(raws: list[RawTracker], out: Findings) -> None:
    for r in raws:
        for t in r.tables.values():
            first_col = min((c for c in t.columns.values() if c >= 0), default=0)
            for key, col in t.duplicate_columns:
                out.add("COLUMN_DUPLICATE", r.path, t.sheet_name, cell_ref(t.header_row, col),
                        column=field_ref(t.sheet.key, key))
            for f in t.sheet.fields:
                if f.required and f.key not in t.columns:
                    out.add("COLUMN_MISSING", r.path, t.sheet_name,
                            cell_ref(t.header_row, first_col),
                            column=field_ref(t.sheet.key, f.key))


def _duplicate_ids(df: pd.DataFrame, id_field: str, key: str,
                   letters: dict[tuple[str, str], dict[str, str]], out: Findings,
                   names: dict[str, str]) -> None:
    ids = df[id_field].astype("object")
    dup = ids.notna().to_numpy() & df.duplicated(["source_file", id_field], keep="first")
    for i in np.flatnonzero(dup.to_numpy()):
        file = df["source_file"].iat[i]
        letter = letters.get((key, file), {}).get(id_field, "")
        out.add("DUPLICATE_ID", file, names[file], f"{letter}{df['source_row'].iat[i]}",
                ids.iat[i])


def validate_tables(raws: list[RawTracker], out: Findings) -> dict[str, pd.DataFrame]:
    """Typed rows of every table sheet, with ``source_file`` and ``source_row``."""
    _structure(raws, out)
    letters = column_letters(raws)
    tables: dict[str, pd.DataFrame] = {}
    for sheet in TABLE_SHEETS:
        located = [(r.path, r.tables[sheet.key]) for r in raws if sheet.key in r.tables]
        batch = table_batch(sheet, located)
        typed, row_ok = type_batch(batch, out)
        if len(batch):
            typed["source_file"] = pd.array(batch.file, dtype="str")
            typed["source_row"] = batch.rows[sheet.keys[0]] + 1
        else:
            typed = empty_frame(sheet)
            typed["source_file"] = pd.Series(dtype="str")
            typed["source_row"] = pd.Series(dtype="int64")
        if sheet.key in TRACED:  # a grid's record names its own cell
            cells = (batch.source_cell if batch.source_cell is not None
                     else pa.nulls(len(typed), pa.string()))
            typed["source_cell"] = pd.Series(pd.array(cells, dtype="str"), index=typed.index)
        if len(batch) and not row_ok.all():
            typed = typed[row_ok].reset_index(drop=True)
        typed["source_row"] = typed["source_row"].astype("int64")
        if sheet.id_field:
            names = {p: t.sheet_name for p, t in located}
            _duplicate_ids(typed, sheet.id_field, sheet.key, letters, out, names)
        tables[sheet.key] = typed
    return tables
