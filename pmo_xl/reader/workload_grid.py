"""The workload as most PMs keep it: months across (contract v1.1, "the grid form").

A sheet is a grid when its header row has month headers across and no ``Month`` column.
Either the ``Workload``/``Charges`` sheet has a ``Measure``/``Mesure`` column saying what
each row's months hold, or three sheets named by the measures (``Prévu``, ``Consommé``,
``Reste à faire``) hold one measure each. Each filled month cell becomes one record of
the long form, with only its measure filled and its own cell remembered, so every
finding points at the grid's cell (``Consommé!K7``) and the figures are those of the same
plan in long form. Rows and columns labelled Total are ignored; blank cells are no value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import fastexcel
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pmo_xl.findings import Finding, cell_ref, column_letter, make_finding
from pmo_xl.reader.grid import Grid, load_grid
from pmo_xl.reader.locate import RawTable, locate_table
from pmo_xl.reader.package import Package, TableRef, check_sheet_extent
from pmo_xl.schema.contract import MEASURES, SHEETS_BY_KEY, WORKLOAD, WORKLOAD_GRID
from pmo_xl.schema.grid import header_month, is_total, measure_of
from pmo_xl.schema.model import Sheet
from pmo_xl.schema.rules import field_ref
from pmo_xl.settings import Limits

MIN_MONTHS = 2  # month headers across that make a header row a grid's


@dataclass
class GridHeader:
    """Where a grid's header is and what its columns are (indices into ``Grid.columns``)."""

    row: int
    ids: dict[str, int]  # identifying field key (and "measure") -> column index
    months: list[tuple[int, dt.date]]  # column index -> the month its header names
    last_row: int | None  # an Excel Table's last row bounds the records


def _header_of(grid: Grid, record: list[object], row: int, first: int, last: int,
               last_row: int | None, schema: dict[str, Sheet]) -> GridHeader | None:
    """The row as a grid header, or None: at least MIN_MONTHS month headers, no Month
    column (that is the long form)."""
    ids: dict[str, int] = {}
    months: list[tuple[int, dt.date]] = []
    matcher, long_form = schema["workload_grid"].matcher(), schema["workload"].matcher()
    for j, col in enumerate(grid.cols):
        text = record[j]
        if not first <= col <= last or not isinstance(text, str):
            continue
        if long_form.match(text) == "month":
            return None
        key = matcher.match(text)
        if key is not None:
            ids.setdefault(key, j)
            continue
        month = header_month(text)
        if month is not None:
            months.append((j, month))
    return GridHeader(row, ids, months, last_row) if len(months) >= MIN_MONTHS else None


def find_grid_header(grid: Grid, tables: dict[str, TableRef], header_rows: int,
                     schema: dict[str, Sheet] = SHEETS_BY_KEY) -> GridHeader | None:
    """The sheet's grid header: an Excel Table's header first, else the row among the
    first ``header_rows`` with the most month headers across."""
    best: GridHeader | None = None
    for name in grid.tables:
        ref = tables.get(name)
        if ref is None or ref.header_rows == 0 or ref.first_row >= grid.height:
            continue
        record = [c[ref.first_row].as_py() for c in grid.columns]
        found = _header_of(grid, record, ref.first_row, ref.first_col, ref.last_col,
                           ref.last_row, schema)
        if found is not None and (best is None or len(found.months) > len(best.months)):
            best = found
    if best is not None:
        return best
    for row, record in enumerate(grid.head(header_rows).tolist()):
        found = _header_of(grid, record, row, 0, 1 << 30, None, schema)
        if found is not None and (best is None or len(found.months) > len(best.months)):
            best = found
    return best


@dataclass
class _Part:
    """The records one grid sheet gives: each a filled month cell of a usable row."""

    rows: np.ndarray  # absolute row of each record
    month_cols: np.ndarray  # absolute column of each record's month
    months: pa.Array  # the first day of each record's month, as text
    measures: np.ndarray  # planned / actual / remaining of each record
    values: pa.Array  # the cell's text
    ids: dict[str, pa.Array]  # identifying field -> text per record
    id_cols: dict[str, int]  # identifying field -> absolute column
    sheet: str
    errors: dict[tuple[int, int], str]
    header_row: int


def _per_word(col: pa.Array, word: Callable[[str], object]) -> np.ndarray:
    """``word(text)`` for each cell of a column, computed once per distinct text (a
    grid repeats its labels on every line); None for blank cells."""
    encoded = pc.dictionary_encode(col)
    if not isinstance(encoded, pa.DictionaryArray):  # a chunked column
        encoded = encoded.combine_chunks()
    mapped = np.array([word(t) for t in encoded.dictionary.to_pylist()] + [None],
                      dtype=object)
    indices = encoded.indices.fill_null(len(mapped) - 1).to_numpy(zero_copy_only=False)
    return mapped[indices]


def _usable_rows(grid: Grid, head: GridHeader, measure: str | None, file: str,
                 findings: list[Finding]) -> tuple[np.ndarray, np.ndarray]:
    """Data rows (absolute) that hold months and are not totals, with each one's
    measure (``measure``, else the row's Measure cell); a row whose measure cannot be
    read is a finding, left out."""
    start = head.row + 1
    stop = grid.height if head.last_row is None else min(head.last_row + 1, grid.height)
    n = max(0, stop - start)
    filled = np.zeros(n, dtype=bool)
    month_cols = {grid.cols[j] for j, _ in head.months}
    for j, _ in head.months:
        col = grid.columns[j].slice(start, n)
        if col.null_count < len(col):
            filled |= pc.is_valid(col).to_numpy(zero_copy_only=False)
    for r, c in grid.errors:
        if start <= r < stop and c in month_cols:
            filled[r - start] = True
    rows = np.flatnonzero(filled) + start
    if not len(rows):
        return rows, np.empty(0, dtype=object)
    at = pa.array(rows, pa.int64())
    total = np.zeros(len(rows), dtype=bool)
    first_month = min(grid.cols[j] for j, _ in head.months)
    labels = {j for k, j in head.ids.items() if k != "measure"} | {
        j for j, c in enumerate(grid.cols) if c < first_month}  # an unheaded label column too
    for j in sorted(labels):
        total |= _per_word(grid.columns[j].take(at), is_total) == True  # noqa: E712
    if measure is not None:
        measures = np.full(len(rows), measure, dtype=object)
    else:
        measures = _per_word(grid.columns[head.ids["measure"]].take(at), lambda t: (
            "total" if is_total(t) else measure_of(t)))
    unknown = ~total & (measures == None)  # noqa: E711
    for r in rows[unknown].tolist():
        _bad_measure(grid, head, r, file, findings)
    keep = ~total & ~unknown & (measures != "total")
    return rows[keep], measures[keep]


def _bad_measure(grid: Grid, head: GridHeader, row: int, file: str,
                 findings: list[Finding]) -> None:
    j = head.ids["measure"]
    text = grid.columns[j][row].as_py()
    ref = field_ref(WORKLOAD_GRID.key, "measure")
    where = {"file": file, "sheet": grid.name, "cell": cell_ref(row, grid.cols[j])}
    if text is None or not str(text).strip():
        findings.append(make_finding("VALUE_REQUIRED", **where, column=ref, consequence="row"))
    else:
        findings.append(make_finding("VALUE_NOT_IN_LIST", **where, value=text, column=ref,
                                     allowed=MEASURES.key, consequence="row"))


def _part(grid: Grid, head: GridHeader, rows: np.ndarray, measures: np.ndarray,
          id_rows: np.ndarray | None = None) -> _Part:
    """The filled month cells of the usable rows, one record each (vectorised: a column
    of months at a time); each row's identifying text is taken from ``id_rows`` (the
    row that names it, for rows that continue the one above)."""
    take = pa.array(rows, pa.int64())
    rec_rows, rec_cols, rec_months, rec_measures, rec_values = [], [], [], [], []
    erred_rows: dict[int, list[int]] = {}  # absolute column -> rows holding an Excel error
    for r, c in grid.errors:
        erred_rows.setdefault(c, []).append(r)
    for k, (j, _) in enumerate(head.months):
        col = grid.columns[j].take(take)
        at = np.flatnonzero(pc.is_valid(col).to_numpy(zero_copy_only=False))
        if grid.cols[j] in erred_rows:
            at = np.union1d(at, np.flatnonzero(np.isin(rows, erred_rows[grid.cols[j]])))
        if not len(at):
            continue
        rec_rows.append(rows[at])
        rec_cols.append(np.full(len(at), grid.cols[j], dtype=np.int64))
        rec_months.append(np.full(len(at), k, dtype=np.int64))
        rec_measures.append(measures[at])
        rec_values.append(col.take(pa.array(at, pa.int64())))
    if not rec_rows:
        empty = np.empty(0, dtype=np.int64)
        return _Part(empty, empty, pa.array([], pa.string()), np.empty(0, dtype=object),
                     pa.array([], pa.string()), {}, {k: grid.cols[j] for k, j in head.ids.items()
                                                     if k != "measure"}, grid.name, {},
                     head.row)
    order = np.lexsort((np.concatenate(rec_cols), np.concatenate(rec_rows)))  # row by row
    all_rows = np.concatenate(rec_rows)[order]
    named = all_rows if id_rows is None else id_rows[np.searchsorted(rows, all_rows)]
    ids = {k: grid.columns[j].take(pa.array(named, pa.int64()))
           for k, j in head.ids.items() if k != "measure"}
    # Each month as a real date reads (``yyyy-mm-dd 00:00:00``): the validator's fast path.
    month_text = pa.array([f"{m.isoformat()} 00:00:00" for _, m in head.months], pa.string())
    return _Part(all_rows, np.concatenate(rec_cols)[order],
                 month_text.take(pa.array(np.concatenate(rec_months)[order])),
                 np.concatenate(rec_measures)[order],
                 pa.concat_arrays(rec_values).take(pa.array(order)), ids,
                 {k: grid.cols[j] for k, j in head.ids.items() if k != "measure"}, grid.name,
                 grid.errors, head.row)


def measure_column_part(grid: Grid, head: GridHeader, file: str, findings: list[Finding]
                        ) -> _Part:
    """The Workload sheet as one grid with a Measure column."""
    rows, measures = _usable_rows(grid, head, None, file, findings)
    return _part(grid, head, rows, measures, _naming_rows(grid, head, rows))


def _naming_rows(grid: Grid, head: GridHeader, rows: np.ndarray) -> np.ndarray:
    """For each row, the row whose identifying cells name it: itself, or, when all its
    identifying cells are blank (merged down the Planned / Actual / Remaining rows, or
    left blank as "same as above"), the last row above that names one."""
    keys = [j for k, j in head.ids.items() if k != "measure"]
    if not keys or not len(rows):
        return rows
    at = pa.array(rows, pa.int64())
    blank = np.ones(len(rows), dtype=bool)
    for j in keys:
        blank &= pc.is_null(grid.columns[j].take(at)).to_numpy(zero_copy_only=False)
    named = np.where(blank, -1, rows)
    named = np.maximum.accumulate(named)  # the last naming row so far (rows ascend)
    return np.where(named < 0, rows, named)


def measure_sheet_part(grid: Grid, head: GridHeader, measure: str, file: str,
                       findings: list[Finding]) -> _Part:
    """One of the three sheets named by a measure."""
    rows, measures = _usable_rows(grid, head, measure, file, findings)
    return _part(grid, head, rows, measures)


def unfold(parts: list[_Part], measures_present: tuple[str, ...],
           workload: Sheet = WORKLOAD) -> RawTable:
    """The records of every part as the long form's table: each record has its month
    and only its measure filled, and knows its own cells."""
    n = sum(len(p.rows) for p in parts)
    rows = np.concatenate([p.rows for p in parts])
    measures = np.concatenate([p.measures for p in parts])
    value_text = pa.concat_arrays([p.values for p in parts])
    month_cols = np.concatenate([p.month_cols for p in parts])
    values: dict[str, pa.Array] = {"month": pa.concat_arrays([p.months for p in parts])}
    null = pa.nulls(n, pa.string())
    for key in MEASURES.values:
        values[key] = pc.if_else(pa.array(measures == key), value_text, null)
    header_rows = np.concatenate([np.full(len(p.rows), p.header_row, dtype=np.int64)
                                  for p in parts])
    cells: dict[str, tuple[np.ndarray, np.ndarray]] = {"month": (header_rows, month_cols)}
    for key in MEASURES.values:
        cells[key] = (rows, month_cols)
    id_keys = sorted({k for p in parts for k in p.ids})
    for key in id_keys:
        values[key] = pa.concat_arrays([p.ids.get(key, pa.nulls(len(p.rows), pa.string()))
                                        for p in parts])
        cells[key] = (rows, np.concatenate([np.full(len(p.rows), p.id_cols.get(key, -1),
                                                    dtype=np.int64) for p in parts]))
    sheets = np.concatenate([np.full(len(p.rows), p.sheet, dtype=object) for p in parts])
    record_errors: dict[str, dict[int, str]] = {}
    offset = 0
    for p in parts:  # an Excel error in a month cell is its record's measure's
        if p.errors:
            where = {(r, c): offset + i for i, (r, c) in enumerate(
                zip(p.rows.tolist(), p.month_cols.tolist(), strict=True))}
            id_at = {(r, p.id_cols[k]): (k, offset + i) for k in p.id_cols
                     for i, r in enumerate(p.rows.tolist())}
            for cell, err in p.errors.items():
                if cell in where:
                    i = where[cell]
                    record_errors.setdefault(str(p.measures[i - offset]), {})[i] = err
                elif cell in id_at:
                    k, i = id_at[cell]
                    record_errors.setdefault(k, {})[i] = err
        offset += len(p.rows)
    first = parts[0]
    columns = dict(first.id_cols)  # what the structure checks see: the form's columns
    columns.update({k: -1 for k in ("month", *measures_present)})
    table = RawTable(workload, first.sheet, first.header_row, columns, rows, values, {})
    table.cells = cells
    table.sheets = sheets
    table.record_errors = record_errors
    table.source_cells = _cell_refs(sheets, rows, month_cols)
    return table


def _cell_refs(sheets: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> pa.Array:
    """``Sheet!K7`` for each record, built column-wise (a grid has many cells)."""
    distinct, where = np.unique(cols, return_inverse=True)
    letters = pa.array([column_letter(int(c)) for c in distinct], pa.string()).take(
        pa.array(where, pa.int64()))
    return pc.binary_join_element_wise(pa.array(sheets.tolist(), pa.string()), "!", letters,
                                       pc.cast(pa.array(rows + 1, pa.int64()), pa.string()), "")


def read_workload(reader: fastexcel.ExcelReader, pkg: Package, names: list[str],
                  workload: str | None, limits: Limits, file: str,
                  findings: list[Finding], schema: dict[str, Sheet] = SHEETS_BY_KEY
                  ) -> RawTable | None:
    """The workload in whichever form the tracker keeps it: the long form, a grid with
    a Measure column, or three sheets named by the measures. None (with a finding that
    says what was looked for) when none is there. ``schema``: the sheets as mapped by
    the settings (a house's headers)."""
    sheet = schema["workload"]
    by_measure: dict[str, str] = {}
    for name in names:
        measure = measure_of(name, sheet=True)
        if measure is not None and name != workload:
            by_measure.setdefault(measure, name)
    cap = int(limits.max_part_mb * 2**20)
    if workload is not None:
        check_sheet_extent(pkg, workload, limits.max_sheet_cells, cap)
        grid = load_grid(reader, workload)
        head = find_grid_header(grid, pkg.tables, limits.header_rows, schema)
        if head is None:
            table = locate_table(grid, sheet, pkg.tables, limits.header_rows)
            if table is not None and not len(table.rows) and by_measure:
                table = None  # an empty long-form table; the plan is in the measure sheets
            elif table is not None or not by_measure:
                if table is None:
                    findings.append(make_finding("WORKLOAD_NOT_FOUND", file=file,
                                                 sheet=workload, rows=limits.header_rows,
                                                 expected=WORKLOAD.key))
                return table
        elif "measure" in head.ids:
            return unfold([measure_column_part(grid, head, file, findings)], MEASURES.values,
                          sheet)
        elif not by_measure:
            first = grid.cols[head.months[0][0]]
            findings.append(make_finding("GRID_WITHOUT_MEASURE", file=file, sheet=workload,
                                         cell=cell_ref(head.row, first)))
            return None
    parts = []
    for measure in MEASURES.values:
        name = by_measure.get(measure)
        if name is None:
            continue
        check_sheet_extent(pkg, name, limits.max_sheet_cells, cap)
        grid = load_grid(reader, name)
        head = find_grid_header(grid, pkg.tables, limits.header_rows, schema)
        if head is None:
            findings.append(make_finding("WORKLOAD_NOT_FOUND", file=file, sheet=name,
                                         rows=limits.header_rows, expected=WORKLOAD.key))
            continue
        parts.append(measure_sheet_part(grid, head, measure, file, findings))
    if not parts:
        return None
    return unfold(parts, tuple(m for m in MEASURES.values if m in by_measure), sheet)
