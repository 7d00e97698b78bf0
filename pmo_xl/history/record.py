"""One step shared by every way of consolidating (CLI, ribbon): remember this run and
derive the history views the master and the deck show. The outputs never wait on the
history: a database that cannot take the week leaves it kept aside (``pending``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pmo_xl.exceptions import InputError
from pmo_xl.exports import read_run, read_tables
from pmo_xl.history.database import HistoryError
from pmo_xl.history.mta import store_mta
from pmo_xl.history.pending import keep_unrecorded, record_waiting, waiting_weeks
from pmo_xl.history.store import SnapshotStore, expected
from pmo_xl.history.wow import WOW_TABLES, week_over_week
from pmo_xl.model import Portfolio
from pmo_xl.settings import Settings


@dataclass
class HistoryViews:
    mta: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None


@dataclass
class Recording:
    """What recording a week did: the views, the kept weeks recorded late, and, when the
    history could not take this week, why and where it is kept."""

    views: HistoryViews = field(default_factory=HistoryViews)
    late: list[dt.date] = field(default_factory=list)
    failure: HistoryError | None = None
    week: dt.date | None = None  # the week kept aside
    kept: Path | None = None


def changes_since_previous(store: SnapshotStore, when, current: Portfolio
                           ) -> pd.DataFrame | None:
    """Week over week against the latest snapshot before ``when`` (None if there is none)."""
    earlier = [d for d in store.dates() if d < when]
    if not earlier:
        return None
    return week_over_week(store.load_tables(earlier[-1], WOW_TABLES), current.tables())


def previous_projects(settings: Settings, out_dir: Path) -> pd.DataFrame | None:
    """The projects of the last report before this run (and those it already missed):
    who is expected when no register says so. From the history; when it cannot answer
    (none yet, the server down), from the last run's tables beside the outputs (its
    ``data/``, the weeks kept aside); None when there is nothing."""
    try:
        with SnapshotStore.of(settings, out_dir, create=False) as store:
            return store.last_projects(settings.reference_date)
    except HistoryError:
        return _last_local(out_dir, settings.reference_date)


def _last_local(out_dir: Path, on_or_before: dt.date) -> pd.DataFrame | None:
    dated = []
    for folder in (*waiting_weeks(out_dir), out_dir / "data"):
        when = read_run(folder).get("reporting_date") or ""
        if when and dt.date.fromisoformat(when) <= on_or_before:
            dated.append((when, folder))
    if not dated:
        return None
    folder = max(dated)[1]
    return expected({name: pd.read_parquet(folder / f"{name}.parquet")
                     for name in ("projects", "missing")
                     if (folder / f"{name}.parquet").is_file()})


def views_of(store: SnapshotStore, portfolio: Portfolio) -> HistoryViews:
    """The history's views of the week ``portfolio`` speaks for, as they were then."""
    when = portfolio.reporting_date
    if when is None:
        return HistoryViews()
    return HistoryViews(store_mta(store, when), changes_since_previous(store, when, portfolio))


def load_week(out_dir: Path, when: dt.date, settings: Settings
              ) -> tuple[Portfolio, HistoryViews]:
    """A past week of a consolidation's output folder, as that week's master showed it:
    its ``data/`` if it speaks for that week, else the history's snapshot; the history's
    views as they were then. ``InputError`` when neither has that week."""
    data = out_dir / "data"
    try:
        store: SnapshotStore | None = SnapshotStore.of(settings, out_dir, create=False)
    except HistoryError:
        store = None
    recorded = read_run(data).get("reporting_date", "")
    if recorded == when.isoformat():
        portfolio = read_tables(data, settings)
    elif store is not None and when in store.dates():
        portfolio = store.load(when, settings)
    else:
        holds = (f"its data/ speaks for {recorded}" if recorded else "it has no data/ folder",
                 f"son data/ est du {recorded}" if recorded else "il n'a pas de dossier data/")
        raise InputError(f"no figures recorded for {when:%d/%m/%Y} beside {out_dir}: {holds[0]} "
                         f"and the history has no such week",
                         fr=f"aucun chiffre enregistré pour le {when:%d/%m/%Y} à côté de "
                            f"{out_dir} : {holds[1]} et l'historique n'a pas cette semaine")
    return portfolio, views_of(store, portfolio) if store is not None else HistoryViews()


def record(portfolio: Portfolio, out_dir: Path) -> Recording:
    """Save the week into the settings' history (after the weeks kept from runs the
    history missed) and return the milestone trends and the changes since the previous
    reporting date. On a history failure the week is kept aside for the next run, and
    the outputs go on without the history's views."""
    if portfolio.projects.empty:
        return Recording()
    try:
        with SnapshotStore.of(portfolio.settings, out_dir) as store:
            late = record_waiting(store, out_dir)
            now = store.save(portfolio)
            return Recording(HistoryViews(store_mta(store), changes_since_previous(
                store, now, portfolio)), late)
    except HistoryError as exc:
        when = portfolio.reporting_date or portfolio.settings.reference_date
        return Recording(failure=exc, week=when, kept=keep_unrecorded(out_dir, when, portfolio))
