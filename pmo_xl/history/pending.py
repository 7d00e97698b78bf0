"""Weeks the history could not take (the database down, a password changed): kept
beside the outputs until it can.

The week's tables go to ``OUT/data``, but the next run replaces them; so a week that
could not be recorded is written to ``OUT/unrecorded_weeks/<date>/`` too, and the
next run (or ``pmo-xl history record``) records every waiting week, oldest first,
before its own. Nothing is lost while the server is away.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from pathlib import Path

from pmo_xl.exceptions import InputError, OutputError, SettingsError
from pmo_xl.exports import read_run, read_tables, write_tables
from pmo_xl.history.store import SnapshotStore
from pmo_xl.model import Portfolio
from pmo_xl.settings import Settings

log = logging.getLogger(__name__)

PENDING_DIR = "unrecorded_weeks"


def keep_unrecorded(out_dir: Path, when: dt.date, portfolio: Portfolio) -> Path:
    """Write the week's tables (Parquet and run record) aside, whole or not at all; the
    same week again replaces its copy."""
    root = out_dir / PENDING_DIR
    target = root / when.isoformat()
    try:
        root.mkdir(parents=True, exist_ok=True)
        for stale in root.glob(".*"):  # a copy a killed run left half-made
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{when.isoformat()}.", dir=root))
        write_tables(portfolio, tmp, csv=False)
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    except OSError as exc:
        raise OutputError(f"cannot keep the unrecorded week in {root}: {exc}",
                          fr=f"impossible de garder la semaine non enregistrée dans {root} : "
                             f"{exc}") from exc
    return target


def waiting_weeks(out_dir: Path) -> list[Path]:
    """The kept weeks of an output folder, oldest first."""
    root = out_dir / PENDING_DIR
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _kept(folder: Path) -> tuple[Portfolio, str]:
    """A kept week as it was consolidated (its date, language, risk scale and run time,
    not today's settings file), and its portfolio's key."""
    meta = read_run(folder)
    when = dt.date.fromisoformat(meta.get("reporting_date") or folder.name)
    settings = Settings(reporting_date=when, language=meta.get("language", "en"),
                        risk_scale=meta.get("risk_scale", 4))
    portfolio = read_tables(folder, settings)
    if meta.get("run_at"):
        portfolio.run_at = dt.datetime.fromisoformat(meta["run_at"])
    return portfolio, meta.get("portfolio") or ""


def record_waiting(store: SnapshotStore, out_dir: Path) -> list[dt.date]:
    """Record every kept week into the history (each into its own portfolio), removing
    each copy once it is stored; the dates recorded. Stops at the first history failure
    (``HistoryError``), the rest still kept; a copy that cannot be read stays for a
    person to look at, and never stops the week's outputs."""
    recorded = []
    for folder in waiting_weeks(out_dir):
        try:
            portfolio, key = _kept(folder)
        except (InputError, SettingsError, OSError, ValueError) as exc:
            log.warning("cannot read the kept week %s (left there): %s", folder, exc)
            continue
        key = key or store.portfolio
        if key == store.portfolio:
            store.save(portfolio)
        else:
            with SnapshotStore(store.url, portfolio=key,
                               lock_timeout=store.lock_timeout) as other:
                other.save(portfolio)
        shutil.rmtree(folder, ignore_errors=True)
        recorded.append(portfolio.reporting_date)
    if recorded and not waiting_weeks(out_dir):
        shutil.rmtree(out_dir / PENDING_DIR, ignore_errors=True)
    return recorded
