"""Validating a set of located trackers: everything that needs only the trackers
themselves, so that sets can be validated apart (in parallel, or taken from the cache)
and put together afterwards.

Each tracker's findings are kept in two lists: those about the file and its card stay
whatever happens; those about its tables and their consistency only count if the
tracker is in use (a duplicate project code leaves one of two trackers out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pmo_xl.findings import Finding
from pmo_xl.reader import RawTracker
from pmo_xl.settings import Settings
from pmo_xl.validate.checker import Findings
from pmo_xl.validate.consistency import Context, check_consistency
from pmo_xl.validate.portfolio import column_letters, validate_cards, validate_tables


@dataclass
class Validated:
    """Typed content of a set of trackers, in file order."""

    files: list[str]  # every file of the set, readable or not
    cards: pd.DataFrame  # usable cards: source_file + the card's typed keys
    tables: dict[str, pd.DataFrame]  # typed rows: project, fields, source_file, source_row
    file_findings: list[Finding] = field(default_factory=list)
    table_findings: list[Finding] = field(default_factory=list)
    cells: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> card key -> cell
    sheet_names: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> key -> name

    def only(self, files: set[str]) -> Validated:
        """The part of the set that comes from ``files``."""
        kept = [f for f in self.files if f in files]
        return Validated(
            files=kept,
            cards=_pick([self.cards], kept),
            tables={k: _pick([t], kept) for k, t in self.tables.items()},
            file_findings=[f for f in self.file_findings if f.file in files],
            table_findings=[f for f in self.table_findings if f.file in files],
            cells={f: c for f, c in self.cells.items() if f in files},
            sheet_names={f: n for f, n in self.sheet_names.items() if f in files},
        )


def _blocks(df: pd.DataFrame) -> dict[str, tuple[int, int]] | None:
    """Each file's rows as a range (a tracker's rows are stacked together), or None if
    some file's rows are not together."""
    n = len(df)
    if not n:
        return {}
    files = pa.chunked_array(pa.array(df["source_file"], from_pandas=True))
    changed = pc.not_equal(files.slice(1), files.slice(0, n - 1))  # Arrow: no hashing
    starts = np.concatenate([[0], np.flatnonzero(changed.to_numpy(zero_copy_only=False))
                             + 1]).astype(np.int64)
    names = files.take(pa.array(starts)).to_pylist()
    if len(set(names)) != len(names) or None in names:
        return None
    stops = np.append(starts[1:], n)
    return {f: (int(a), int(b)) for f, a, b in zip(names, starts, stops, strict=True)}


def _pick(frames: list[pd.DataFrame], files: list[str]) -> pd.DataFrame:
    """The rows of ``files``, in that order, from whichever frame holds them: whole
    runs of rows are sliced and copied once (no row-by-row reordering)."""
    blocks = [_blocks(f) for f in frames]
    if any(b is None for b in blocks):  # never made by this package; still handled
        rank = {f: i for i, f in enumerate(files)}
        whole = pd.concat(frames, ignore_index=True)
        position = whole["source_file"].map(rank)
        whole, position = whole[position.notna().to_numpy()], position.dropna()
        order = position.to_numpy().argsort(kind="stable")
        return whole.take(order).reset_index(drop=True)
    runs: list[list[int]] = []  # [frame, start, stop]
    for f in files:
        for i, found in enumerate(blocks):
            if f in found:  # type: ignore[operator]
                start, stop = found[f]  # type: ignore[index]
                if runs and runs[-1][0] == i and runs[-1][2] == start:
                    runs[-1][2] = stop
                else:
                    runs.append([i, start, stop])
                break
    if len(runs) == 1 and runs[0][1] == 0 and runs[0][2] == len(frames[runs[0][0]]):
        return frames[runs[0][0]]
    if not runs:
        return frames[0].iloc[0:0].reset_index(drop=True)
    return _one_chunk(pd.concat([frames[i].iloc[a:b] for i, a, b in runs],
                                ignore_index=True))


def validate_trackers(raws: list[RawTracker], settings: Settings) -> Validated:
    """Type every card and table of the set and check them, each tracker on its own."""
    readable = [r for r in raws if not r.rejected]
    card_out = Findings(settings)
    cards = validate_cards(readable, card_out)
    usable = [r for r in readable if r.path not in cards.rejected and r.card is not None]
    table_out = Findings(settings)
    tables = validate_tables(usable, table_out)
    code_of = dict(zip(cards.frame["source_file"], cards.frame["code"], strict=True))
    for table in tables.values():  # each row under its tracker's project code
        table.insert(0, "project", _per_file(table["source_file"], code_of))
    sheet_names = {r.path: r.sheet_names for r in readable}
    check_consistency(Context(tables, cards.frame, cards.cells, column_letters(usable),
                              sheet_names, table_out))
    return Validated(
        files=[r.path for r in raws],
        cards=cards.frame,
        tables=tables,
        file_findings=[f for r in raws for f in r.findings] + card_out.items,
        table_findings=table_out.items,
        cells=cards.cells,
        sheet_names=sheet_names,
    )


def _per_file(files: pd.Series, values: dict[str, str]) -> pd.Series:
    """A per-file value on every row, looked up once per file (rows come grouped)."""
    codes, uniques = pd.factorize(files)
    looked_up = pd.array([values[u] for u in uniques] + [pd.NA], dtype="str")
    return pd.Series(looked_up.take(codes), index=files.index, dtype="str")


def merge(parts: list[Validated]) -> Validated:
    """Sets validated apart, put together in the order given."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return Validated(
        files=[f for p in parts for f in p.files],
        cards=_concat([p.cards for p in parts]),
        tables={k: _concat([p.tables[k] for p in parts]) for k in first.tables},
        file_findings=[f for p in parts for f in p.file_findings],
        table_findings=[f for p in parts for f in p.table_findings],
        cells={f: c for p in parts for f, c in p.cells.items()},
        sheet_names={f: n for p in parts for f, n in p.sheet_names.items()},
    )


def in_file_order(parts: list[Validated], files: list[str]) -> Validated:
    """Sets put together in the order of ``files`` (a run's files, some of them taken
    from the cache and some read again), whatever order the sets came in."""
    if not parts:
        return validate_trackers([], Settings())
    if len(parts) == 1 and parts[0].files == files:
        return parts[0]
    rank = {f: i for i, f in enumerate(files)}

    def by_file(f: Finding) -> int:
        return rank.get(f.file, len(files))

    held = {f for p in parts for f in p.files}
    return Validated(
        files=[f for f in files if f in held],
        cards=_pick([p.cards for p in parts], files),
        tables={k: _pick([p.tables[k] for p in parts], files) for k in parts[0].tables},
        file_findings=sorted((f for p in parts for f in p.file_findings), key=by_file),
        table_findings=sorted((f for p in parts for f in p.table_findings), key=by_file),
        cells={f: c for p in parts for f, c in p.cells.items()},
        sheet_names={f: n for p in parts for f, n in p.sheet_names.items()},
    )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    filled = [f for f in frames if len(f)]
    if not filled:
        return frames[0]
    if len(filled) == 1:
        return filled[0]
    return _one_chunk(pd.concat(filled, ignore_index=True))


def _one_chunk(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns in one Arrow chunk: picking rows from a column in many chunks (a
    project's rows, for its slide) copies the whole column each time."""
    for col in df.columns:
        if isinstance(df[col].dtype, pd.StringDtype):
            chunked = pa.chunked_array(pa.array(df[col]))
            if chunked.num_chunks > 1:
                df[col] = pd.Series(chunked.combine_chunks().to_pandas(), index=df.index)
    return df
