"""Consolidate a folder of trackers into one Portfolio, whatever the folder holds."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pandas as pd

from pmo_xl.cache import ReadCache
from pmo_xl.collection import collect, expected_projects
from pmo_xl.exceptions import InputError, SchedulesUnavailable
from pmo_xl.findings import findings_frame, make_finding, with_managers
from pmo_xl.forking import pool_context, without_main_script
from pmo_xl.kpis.projects import enrich_tables
from pmo_xl.model import Portfolio
from pmo_xl.reader import RawTracker, read_tracker
from pmo_xl.schedules import SCHEDULE_SUFFIXES, extra_installed, looks_like_schedule
from pmo_xl.schedules.raw import read_schedule_tracker
from pmo_xl.schema.contract import RECEIVED
from pmo_xl.settings import Settings, find_settings
from pmo_xl.validate import (
    Context,
    Findings,
    Validated,
    check_project,
    in_file_order,
    merge,
    portfolio_date,
    validate_trackers,
)

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb"}
CACHE_DIR = ".pmo_xl_cache"  # the read cache's folder inside an output folder
PARALLEL_FROM = 8  # files; below this a process pool costs more than it saves

Progress = Callable[[int, int, str], None]
log = logging.getLogger("pmo_xl")


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Workbooks under the given files and folders (recursive), in a stable order.

    Schedules (MS Project, MSPDI, MPX, Primavera) count as trackers; an ``.xml`` only
    when it is a schedule. Skipped silently: Excel's ``~$`` owner files of open
    workbooks, hidden files, and files that are not spreadsheets nor schedules (PDFs,
    Word documents…). A file named explicitly is always read, whatever its name.
    """
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (
                    f.is_file()
                    and (f.suffix.lower() in WORKBOOK_SUFFIXES or looks_like_schedule(f))
                    and not f.name.startswith(("~$", "."))
                    and not any(part.startswith(".") for part in f.relative_to(p).parts[:-1])
                ):
                    found[f] = None
        elif p.is_file():
            found[p] = None
        else:
            raise InputError(f"no such file or folder: {p}",
                             fr=f"fichier ou dossier introuvable : {p}")
    return list(found)


def load_tracker(path: str | Path, settings: Settings) -> RawTracker:
    """Read and locate one tracker; never raises on bad content."""
    try:
        return read_tracker(path, settings)
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        finding = make_finding("FILE_UNREADABLE", file=str(path),
                               reason={"key": "internal", "detail": detail})
        return RawTracker(path=str(path), findings=[finding], rejected=True)


def validate_files(files: list[Path], settings: Settings) -> Validated:
    """Read and validate a set of trackers (one task of the process pool)."""
    return validate_trackers([load_tracker(f, settings) for f in files], settings)


def _chunks(files: list[Path], workers: int) -> list[list[Path]]:
    """Two sets of files per worker (typing a set has a fixed cost of ~70 ms, a file
    costs ~3 ms more), at most 64 files a set so progress still moves and a worker's
    memory stays bounded (docs/decisions.md, "Both cores")."""
    size = min(64, max(1, -(-len(files) // (workers * 2))))
    return [files[i:i + size] for i in range(0, len(files), size)]


def is_schedule(path: Path) -> bool:
    return path.suffix.lower() in SCHEDULE_SUFFIXES


def read_schedules(files: list[Path], progress: Progress | None = None) -> list[RawTracker]:
    """Schedules as trackers, in this process (one JVM for the run). Without the extra or
    Java, every schedule is left out and the first one carries the one finding that says
    how to read them."""
    def left_out(code: str, **params: object) -> list[RawTracker]:
        first = make_finding(code, file=str(files[0]), count=len(files), **params)
        return [RawTracker(path=str(f), findings=[first] if i == 0 else [], rejected=True)
                for i, f in enumerate(files)]

    if not files:
        return []
    if not extra_installed():
        return left_out("SCHEDULES_NOT_ENABLED")
    raws = []
    for i, f in enumerate(files):
        try:
            raws.append(read_schedule_tracker(f))
        except SchedulesUnavailable as exc:
            return left_out("SCHEDULES_NO_JAVA", reason={"key": "system", "detail": exc.detail})
        if progress:
            progress(i + 1, len(files), str(f))
    return raws


def _validate_all(files: list[Path], settings: Settings, progress: Progress | None
                  ) -> Validated:
    """Workbooks (in a process pool when many), then schedules in this process (the JVM
    is never forked)."""
    schedules = [f for f in files if is_schedule(f)]
    if not schedules:
        return _validate_books(files, settings, progress)
    books = [f for f in files if not is_schedule(f)]
    parts = [_validate_books(books, settings, progress)] if books else []
    parts.append(validate_trackers(read_schedules(schedules, progress), settings))
    return in_file_order(parts, [str(f) for f in files])


def _validate_books(files: list[Path], settings: Settings, progress: Progress | None
                    ) -> Validated:
    workers = settings.workers or min(4, os.cpu_count() or 1)
    if workers <= 1 or len(files) < PARALLEL_FROM:
        parts = []
        for i, f in enumerate(files):
            parts.append(load_tracker(f, settings))
            if progress:
                progress(i + 1, len(files), str(f))
        return validate_trackers(parts, settings)
    chunks = _chunks(files, workers)
    done, results = 0, []
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
        with without_main_script():  # the workers start as the sets are submitted
            parts = pool.map(validate_files, chunks, [settings] * len(chunks))
        for chunk, part in zip(chunks, parts, strict=True):
            results.append(part)
            done += len(chunk)
            if progress:
                progress(done, len(files), str(chunk[-1]))
    return merge(results)


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _dedupe(cards: pd.DataFrame, cells: dict[str, dict[str, str]],
            sheet_names: dict[str, dict[str, str]], out: Findings) -> pd.DataFrame:
    """Same project code twice: the later reporting date wins, the other is left out."""
    order = cards.assign(
        _code=cards["code"].astype(str).str.strip().str.upper(),
        _mtime=cards["source_file"].map(_mtime),
    ).sort_values(["_code", "as_of", "_mtime", "source_file"],
                  ascending=[True, False, False, False])
    first = ~order["_code"].duplicated(keep="first")
    winners = order[first].set_index("_code")
    for _, loser in order[~first].iterrows():
        winner = winners.loc[loser["_code"]]
        file = loser["source_file"]
        out.add("DUPLICATE_PROJECT", file, sheet_names[file].get("project", ""),
                cells[file].get("code", ""), loser["code"], code=loser["code"],
                other=winner["source_file"], other_as_of=_d(winner["as_of"]),
                as_of=_d(loser["as_of"]))
    return cards[cards["source_file"].isin(set(order.loc[first, "source_file"]))]


def _d(value: object) -> str:
    """A date as a finding parameter (ISO; shown dd/mm/yyyy)."""
    return pd.Timestamp(value).date().isoformat()


def build_portfolio(validated: Validated, settings: Settings,
                    previous: pd.DataFrame | None = None) -> Portfolio:
    """Put validated trackers together: resolve duplicates, compute every figure, and
    say which expected projects sent nothing (the register's, else ``previous``'s: the
    projects of the last report)."""
    out = Findings(settings)
    cards = validated.cards
    used_cards = _dedupe(cards, validated.cells, validated.sheet_names, out
                         ).reset_index(drop=True)
    codes = dict(zip(used_cards["source_file"], used_cards["code"], strict=True))
    used = validated.only(set(codes))
    when = portfolio_date(used_cards["as_of"], settings.reporting_date,
                          settings.reference_date)
    used_cards = check_project(Context({}, used_cards, validated.cells, {},
                                       validated.sheet_names, out), when)
    tables = used.tables
    projects = used_cards.drop(columns="source_file")
    projects.insert(0, "project", used_cards["code"])
    projects["source_file"] = used_cards["source_file"]
    projects["reporting"] = RECEIVED
    projects = projects.sort_values("project", kind="stable").reset_index(drop=True)
    tables = enrich_tables({"projects": projects, **tables}, settings)
    collected = collect(expected_projects(settings, previous), used_cards, validated.cells,
                        validated.sheet_names, previous)
    code_of = dict(zip(cards["source_file"], cards["code"], strict=True))
    findings = validated.file_findings + out.items + used.table_findings + collected.findings
    findings = [replace(f, project=code_of.get(f.file, f.project)) for f in findings]
    by_file = pd.DataFrame([(f.file, f.severity) for f in findings], columns=["file", "sev"])
    counts = by_file.groupby(["file", "sev"]).size().unstack(fill_value=0)
    sources = pd.DataFrame({
        "file": validated.files,
        "project": [code_of.get(f, "") for f in validated.files],
        "used": [f in codes for f in validated.files],
    })
    for sev, col in (("error", "errors"), ("warning", "warnings")):
        sources[col] = sources["file"].map(
            counts[sev] if sev in counts else pd.Series(dtype=int)).fillna(0).astype(int)
    return Portfolio(**tables, missing=collected.missing, sources=sources, settings=settings,
                     findings=with_managers(findings_frame(findings, settings.language),
                                            collected.managers))


def consolidate(
    paths: str | Path | Iterable[str | Path],
    settings: Settings | None = None,
    *,
    progress: Progress | None = None,
    cache: str | Path | None = None,
    previous: pd.DataFrame | None = None,
    update_cache: bool = True,
) -> Portfolio:
    """Read every tracker under ``paths`` (files and/or folders) into a Portfolio.

    Settings default to the ``pmo_xl.toml`` found next to the trackers, else defaults.
    Bad trackers never raise: they become findings, and the others are consolidated.
    With ``cache`` (a folder), trackers whose content has not changed since the last
    run are taken from there instead of being read again; ``update_cache=False`` leaves
    the cache as it was (a deck of some of the trackers, from another run's cache).
    ``previous`` (the last snapshot's projects, see ``SnapshotStore.last_projects``) says
    which projects are expected when the settings name no register, and gives a missing
    one its last figures.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not items:
        raise InputError("no tracker path given")
    if settings is None:
        settings = find_settings([Path(p) for p in items])
    files = discover(items)
    if cache is None:
        return build_portfolio(_validate_all(files, settings, progress), settings, previous)
    store = ReadCache(cache, settings)
    found = store.lookup(files)
    parts = [found.cached] if found.cached is not None else []
    if found.to_read:
        parts.append(_validate_all(found.to_read, settings, progress))
    elif progress:
        progress(len(files), len(files), "")
    validated = in_file_order(parts, [str(f) for f in files])
    if update_cache and (found.to_read or found.cached is None
                         or len(found.cached.files) != len(files)):
        try:
            store.save(validated, found.keys)
        except Exception as exc:  # the cache only saves time: it never fails a run
            log.warning("read cache not saved in %s: %s", cache, exc)
    return build_portfolio(validated, settings, previous)
