"""One step shared by every way of consolidating (CLI, ribbon): remember this run and
derive the history views the master and the deck show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pmo_xl.exceptions import InputError
from pmo_xl.exports import read_run, read_tables
from pmo_xl.history.mta import store_mta
from pmo_xl.history.store import HistoryError, SnapshotStore, history_url
from pmo_xl.history.wow import WOW_TABLES, week_over_week
from pmo_xl.model import Portfolio
from pmo_xl.settings import Settings


@dataclass
class HistoryViews:
    mta: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None


def changes_since_previous(store: SnapshotStore, when, current: Portfolio
                           ) -> pd.DataFrame | None:
    """Week over week against the latest snapshot before ``when`` (None if there is none)."""
    earlier = [d for d in store.dates() if d < when]
    if not earlier:
        return None
    return week_over_week(store.load_tables(earlier[-1], WOW_TABLES), current.tables())


def previous_projects(settings: Settings, out_dir: Path) -> pd.DataFrame | None:
    """The projects of the last report before this run (and those it already missed):
    who is expected when no register says so; None when there is no history yet."""
    try:
        store = SnapshotStore(history_url(settings, out_dir), create=False)
    except HistoryError:
        return None
    return store.last_projects(settings.reference_date)


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
        store: SnapshotStore | None = SnapshotStore(history_url(settings, out_dir),
                                                    create=False)
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


def record(portfolio: Portfolio, out_dir: Path) -> HistoryViews:
    """Save the snapshot (settings' history_url, else SQLite in ``out_dir``) and return
    the milestone trends and the changes since the previous reporting date."""
    if portfolio.projects.empty:
        return HistoryViews()
    store = SnapshotStore(history_url(portfolio.settings, out_dir))
    now = store.save(portfolio)
    return HistoryViews(store_mta(store), changes_since_previous(store, now, portfolio))
