"""Read one tracker file into located raw tables, never raising on bad content."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pmo_xl.findings import Finding, make_finding
from pmo_xl.reader.grid import load_grid, open_reader
from pmo_xl.reader.locate import RawCard, RawTable, locate_card, locate_table
from pmo_xl.reader.package import Package, PackageRejected, check_sheet_extent, open_package
from pmo_xl.reader.workload_grid import read_workload
from pmo_xl.schema.contract import PROJECT, SHEETS, WORKLOAD
from pmo_xl.schema.mapping import mapped_sheets
from pmo_xl.schema.model import Sheet, SheetKind
from pmo_xl.schema.normalize import normalize_label
from pmo_xl.settings import Limits, Settings


@dataclass
class RawTracker:
    path: str
    card: RawCard | None = None
    tables: dict[str, RawTable] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    rejected: bool = False
    sheet_names: dict[str, str] = field(default_factory=dict)  # contract key -> actual name


def match_sheets(names: list[str], sheets: tuple[Sheet, ...] = SHEETS) -> dict[str, str]:
    """Contract sheet key -> the workbook's sheet name (first match wins); a mapped
    schema's sheets bring the house's names."""
    wanted = {normalize_label(n): s.key for s in sheets for n in s.names()}
    out: dict[str, str] = {}
    for name in names:
        key = wanted.get(normalize_label(name))
        if key and key not in out:
            out[key] = name
    return out


def _reject(raw: RawTracker, exc: PackageRejected) -> RawTracker:
    reason = {"key": exc.reason, **exc.params} if exc.reason else {}
    raw.findings.append(make_finding(exc.code, file=raw.path, reason=reason))
    raw.rejected = True
    return raw


def read_tracker(path: str | Path, settings: Settings) -> RawTracker:
    """Locate the contract's sheets and tables in one workbook."""
    path = Path(path)
    limits = settings.limits
    raw = RawTracker(path=str(path))
    try:
        size = path.stat().st_size
        if size > limits.max_file_mb * 2**20:
            raise PackageRejected("FILE_TOO_LARGE", "file_size", mb=round(size / 2**20))
        data = path.read_bytes()
        pkg = open_package(data, int(limits.max_part_mb * 2**20))
    except PackageRejected as exc:
        return _reject(raw, exc)
    except OSError as exc:
        return _reject(raw, PackageRejected("FILE_UNREADABLE", "system",
                                                  detail=exc.strerror or str(exc)))
    try:
        return _read_sheets(raw, pkg, settings)
    except PackageRejected as exc:
        return _reject(raw, exc)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        return _reject(raw, PackageRejected("FILE_UNREADABLE", "system", detail=reason))


def schema_of(settings: Settings) -> dict[str, Sheet]:
    """The sheets a tracker is read with: the contract's, with the settings' mapping."""
    return mapped_sheets(settings.aliases.mapping())


def _read_sheets(raw: RawTracker, pkg: Package, settings: Settings) -> RawTracker:
    limits = settings.limits
    reader = open_reader(pkg.data)
    names = list(reader.sheet_names)
    schema = schema_of(settings)
    sheets = tuple(schema[s.key] for s in SHEETS)
    raw.sheet_names = match_sheets(names, sheets)
    for sheet in sheets:
        name = raw.sheet_names.get(sheet.key)
        if sheet.key == WORKLOAD.key:  # the long form, or a grid (one sheet, or per measure)
            table = read_workload(reader, pkg, names, name, limits, raw.path, raw.findings,
                                  schema)
            if table is not None:
                raw.tables[sheet.key] = table
                raw.sheet_names.setdefault(sheet.key, table.sheet_name)
            elif name is None and not any(f.rule == "WORKLOAD_NOT_FOUND" for f in raw.findings):
                raw.findings.append(make_finding(
                    "SHEET_MISSING", file=raw.path, missing_sheet=sheet.key, consequence="sheet"))
            continue
        if name is None:
            if sheet.required:
                what = "project" if sheet.key == PROJECT.key else "sheet"
                raw.findings.append(make_finding(
                    "SHEET_MISSING", file=raw.path, missing_sheet=sheet.key, consequence=what))
                if sheet.key == PROJECT.key:
                    raw.rejected = True
                    return raw
            continue
        check_sheet_extent(pkg, name, limits.max_sheet_cells, int(limits.max_part_mb * 2**20))
        grid = load_grid(reader, name)
        if sheet.kind is SheetKind.CARD:
            raw.card = locate_card(grid, sheet)
        else:
            table = locate_table(grid, sheet, pkg.tables, limits.header_rows)
            if table is None:
                raw.findings.append(_header_not_found(raw.path, name, sheet, limits))
            else:
                raw.tables[sheet.key] = table
    return raw


def _header_not_found(path: str, name: str, sheet: Sheet, limits: Limits) -> Finding:
    return make_finding("HEADER_NOT_FOUND", file=path, sheet=name, rows=limits.header_rows,
                        expected=sheet.key)
