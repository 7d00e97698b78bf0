"""The register of expected projects, read like a tracker's table: a workbook (its sheet
named Register / Registre, else its first) or a CSV (``,`` or ``;``), the header on any of
the first rows, so every problem can name its cell.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow as pa

from pmo_xl.reader.grid import Grid, load_grid, open_reader
from pmo_xl.reader.locate import RawTable, locate_table
from pmo_xl.reader.package import PackageRejected, check_sheet_extent, open_package
from pmo_xl.schema.contract import REGISTER
from pmo_xl.schema.normalize import normalize_label
from pmo_xl.settings import Limits


def read_register(path: str | Path, limits: Limits) -> RawTable:
    """The register's table; raises ``PackageRejected`` (with the reason) when it cannot
    be used."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackageRejected("REGISTER_UNREADABLE", "system",
                              detail=exc.strerror or str(exc)) from exc
    if len(data) > limits.max_file_mb * 2**20:
        raise PackageRejected("REGISTER_UNREADABLE", "file_size",
                              mb=round(len(data) / 2**20))
    grid, tables = (_csv_grid(data) if path.suffix.lower() == ".csv"
                    else _workbook_grid(data, limits))
    table = locate_table(grid, REGISTER, tables, limits.header_rows)
    if table is None or "code" not in table.columns:
        raise PackageRejected("REGISTER_UNREADABLE", "no_code_column", sheet=grid.name)
    return table


def _workbook_grid(data: bytes, limits: Limits) -> tuple[Grid, dict]:
    try:
        pkg = open_package(data, int(limits.max_part_mb * 2**20))
        reader = open_reader(pkg.data)
        names = list(reader.sheet_names)
        wanted = {normalize_label(REGISTER.en), normalize_label(REGISTER.fr)}
        name = next((n for n in names if normalize_label(n) in wanted), names[0])
        check_sheet_extent(pkg, name, limits.max_sheet_cells, int(limits.max_part_mb * 2**20))
        return load_grid(reader, name), pkg.tables
    except PackageRejected as exc:
        raise PackageRejected("REGISTER_UNREADABLE", exc.reason, **exc.params) from exc
    except Exception as exc:  # a broken workbook: say why, never crash the run
        raise PackageRejected("REGISTER_UNREADABLE", "structure",
                              detail=f"{type(exc).__name__}: {exc}"[:200]) from exc


def _csv_grid(data: bytes) -> tuple[Grid, dict]:
    """A CSV as a grid of text at absolute rows (row 0 is the file's first line)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    width = max((len(r) for r in rows), default=0)
    columns = [pa.array([(r[j].strip() or None) if j < len(r) else None for r in rows],
                        pa.string()) for j in range(width)]
    return Grid(name="", columns=columns, cols=list(range(width))), {}  # a CSV has no sheet
