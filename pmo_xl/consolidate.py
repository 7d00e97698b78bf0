"""Consolidate a folder of trackers into one Portfolio, whatever the folder holds."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pandas as pd

from pmo_xl.exceptions import InputError
from pmo_xl.findings import Finding, findings_frame, make_finding
from pmo_xl.kpis.projects import enrich_tables
from pmo_xl.model import Portfolio
from pmo_xl.reader import read_tracker
from pmo_xl.schema.contract import PROJECT, TABLE_SHEETS
from pmo_xl.settings import Settings, find_settings
from pmo_xl.validate.tracker import TrackerData, empty_table, validate_tracker

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb"}
PARALLEL_FROM = 8  # files; below this a process pool costs more than it saves

Progress = Callable[[int, int, str], None]


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Workbooks under the given files and folders (recursive), in a stable order.

    Skipped silently: Excel's ``~$`` owner files of open workbooks, hidden files, and
    files that are not spreadsheets at all (PDFs, Word documents…). A file named
    explicitly is always read, whatever its name.
    """
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (
                    f.is_file()
                    and f.suffix.lower() in WORKBOOK_SUFFIXES
                    and not f.name.startswith(("~$", "."))
                    and not any(part.startswith(".") for part in f.relative_to(p).parts[:-1])
                ):
                    found[f] = None
        elif p.is_file():
            found[p] = None
        else:
            raise InputError(f"no such file or folder: {p}")
    return list(found)


def load_tracker(path: str | Path, settings: Settings) -> TrackerData:
    """Read and validate one tracker; never raises on bad content."""
    try:
        return validate_tracker(read_tracker(path, settings), settings)
    except Exception as exc:
        reason = f"internal error {type(exc).__name__}: {exc}".splitlines()[0][:200]
        finding = make_finding("FILE_UNREADABLE", settings.language, file=str(path),
                               reason=reason)
        return TrackerData(path=str(path), findings=[finding], rejected=True)


def _load_all(files: list[Path], settings: Settings, progress: Progress | None
              ) -> list[TrackerData]:
    workers = settings.workers or min(4, os.cpu_count() or 1)
    results: list[TrackerData] = []
    if workers > 1 and len(files) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, len(files) // (workers * 4))
            for i, data in enumerate(pool.map(load_tracker, files, [settings] * len(files),
                                              chunksize=chunk)):
                results.append(data)
                if progress:
                    progress(i + 1, len(files), str(files[i]))
    else:
        for i, f in enumerate(files):
            results.append(load_tracker(f, settings))
            if progress:
                progress(i + 1, len(files), str(f))
    return results


def _dedupe(trackers: list[TrackerData], lang: str) -> None:
    """Same project code twice: the later reporting date wins, the other is left out."""
    by_code: dict[str, list[TrackerData]] = {}
    for t in trackers:
        if not t.rejected:
            by_code.setdefault(t.code.strip().upper(), []).append(t)
    for group in by_code.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda t: (t.project["as_of"], _mtime(t.path), t.path), reverse=True)
        winner = group[0]
        for loser in group[1:]:
            loser.rejected = True
            loser.findings.append(make_finding(
                "DUPLICATE_PROJECT", lang, file=loser.path,
                sheet=loser.sheet_names.get("project", ""), cell=loser.cells.get("code", ""),
                value=loser.code, project=loser.code, code=loser.code, other=winner.path,
                other_as_of=_d(winner.project["as_of"]), as_of=_d(loser.project["as_of"]),
            ))


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _d(value: object) -> str:
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def _projects_frame(used: list[TrackerData]) -> pd.DataFrame:
    rows = [{"project": t.code, **t.project, "source_file": t.path} for t in used]
    cols = ["project", *PROJECT.keys, "source_file"]
    df = pd.DataFrame(rows, columns=cols)
    for f in PROJECT.fields:
        df[f.key] = df[f.key].astype(empty_table(PROJECT)[f.key].dtype)
    return df


def _table_frame(key: str, used: list[TrackerData]) -> pd.DataFrame:
    sheet = next(s for s in TABLE_SHEETS if s.key == key)
    parts = []
    for t in used:
        df = t.tables.get(key)
        if df is None or df.empty:
            continue
        parts.append(df.assign(project=t.code, source_file=t.path))
    base = empty_table(sheet).assign(
        project=pd.Series(dtype="object"), source_file=pd.Series(dtype="object")
    )
    df = pd.concat([base, *parts], ignore_index=True) if parts else base
    cols = ["project", *sheet.keys, "source_file", "source_row"]
    return df[cols].astype(base[cols].dtypes.to_dict())


def build_portfolio(trackers: list[TrackerData], settings: Settings) -> Portfolio:
    _dedupe(trackers, settings.language)
    used = [t for t in trackers if not t.rejected]
    tables = {"projects": _projects_frame(used)}
    for sheet in TABLE_SHEETS:
        tables[sheet.key] = _table_frame(sheet.key, used)
    tables = enrich_tables(tables, settings)
    findings: list[Finding] = [f for t in trackers for f in t.findings]
    sources = pd.DataFrame(
        [{"file": t.path, "project": t.code, "used": not t.rejected,
          "errors": sum(f.severity == "error" for f in t.findings),
          "warnings": sum(f.severity == "warning" for f in t.findings)} for t in trackers],
        columns=["file", "project", "used", "errors", "warnings"],
    )
    return Portfolio(**tables, findings=findings_frame(findings), sources=sources,
                     settings=settings)


def consolidate(
    paths: str | Path | Iterable[str | Path],
    settings: Settings | None = None,
    *,
    progress: Progress | None = None,
) -> Portfolio:
    """Read every tracker under ``paths`` (files and/or folders) into a Portfolio.

    Settings default to the ``pmo_xl.toml`` found next to the trackers, else defaults.
    Bad trackers never raise: they become findings, and the others are consolidated.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not items:
        raise InputError("no tracker path given")
    if settings is None:
        settings = find_settings([Path(p) for p in items])
    files = discover(items)
    trackers = _load_all(files, settings, progress)
    return build_portfolio(trackers, replace(settings))
