"""The portfolio's memory: one snapshot per portfolio and reporting date, in a database.

SQLite next to the master by default (zero set-up), any SQLAlchemy URL for a shared
server (PostgreSQL, tested). A store speaks for one portfolio: it never sees, replaces
or prunes another team's weeks. Each snapshot keeps every table (as Parquet, exact
types) and the projects' figures in a plain SQL table a PMO can query. Saving is one
transaction holding the portfolio's lock: a run killed mid-write leaves the previous
snapshots as they were, and two runs of the same week store it once, one after the
other. The schema is versioned: an older database is upgraded, a newer one refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa

from pmo_xl.history import schema
from pmo_xl.history.database import (
    SCHEMA_LOCK,
    HistoryError,
    NoHistoryYet,
    history_url,
    open_engine,
    shown_url,
    talking_to,
    writing,
)
from pmo_xl.model import TABLE_NAMES, Portfolio
from pmo_xl.settings import Settings

_T = TypeVar("_T")


def _guarded(method: Callable[..., _T]) -> Callable[..., _T]:
    """Database errors of a store's operation as one clear HistoryError."""

    @functools.wraps(method)
    def wrapper(self: SnapshotStore, *args: Any, **kwargs: Any) -> _T:
        with talking_to(self.url, self.lock_timeout):
            return method(self, *args, **kwargs)

    return wrapper


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def expected(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A week's projects and those it found missing: the projects expected after it."""
    parts = [t for t in tables.values() if len(t)]
    return pd.concat(parts, ignore_index=True) if parts else tables["projects"]


class SnapshotStore:
    """The snapshots of one portfolio in one history database. ``create=False`` opens an
    existing history only (reading: the formulas, ``pmo-xl history``), never making an
    empty one."""

    def __init__(self, url: str, *, portfolio: str = "default", create: bool = True,
                 lock_timeout: float = 60.0) -> None:
        self.url, self.portfolio, self.lock_timeout = url, portfolio, lock_timeout
        self.where = shown_url(url)
        with talking_to(url, lock_timeout):
            parsed = sa.engine.make_url(url)
            if (not create and parsed.get_backend_name() == "sqlite"
                    and not Path(parsed.database or "").is_file()):
                raise NoHistoryYet(f"no history yet in {parsed.database}",
                                   fr=f"pas encore d'historique dans {parsed.database}")
            self.engine = open_engine(url, lock_timeout)
            with self.engine.connect() as conn:
                current = schema.version(conn) == schema.SCHEMA_VERSION
                if not create and schema.version(conn) == 0:
                    raise NoHistoryYet("no history yet in this database",
                                       fr="pas encore d'historique dans cette base")
            if not current:  # the first runs on an empty database meet here: one creates
                with writing(self.engine, SCHEMA_LOCK, lock_timeout) as conn:
                    schema.upgrade(conn, portfolio)

    @classmethod
    def of(cls, settings: Settings, out_dir: str | Path, *, create: bool = True,
           url: str | None = None, portfolio: str | None = None) -> SnapshotStore:
        """The history the settings name for runs into ``out_dir``, for their portfolio
        (or those given)."""
        return cls(url or history_url(settings, out_dir),
                   portfolio=portfolio or settings.portfolio_key, create=create,
                   lock_timeout=settings.history_lock_timeout)

    def close(self) -> None:
        """Give the connections back to the server (a long-lived Excel process opens a
        store at each consolidation)."""
        self.engine.dispose()

    def __enter__(self) -> SnapshotStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _id(self, conn: sa.Connection, when: dt.date) -> int | None:
        return conn.execute(sa.text("SELECT id FROM snapshots WHERE portfolio=:p AND "
                                    "reporting_date=:d"), {"p": self.portfolio, "d": when}
                            ).scalar()

    def _no_week(self, when: dt.date) -> HistoryError:
        return HistoryError(f"no snapshot of {self.portfolio!r} for {when:%d/%m/%Y}",
                            fr=f"pas d'instantané de {self.portfolio!r} au {when:%d/%m/%Y}")

    @_guarded
    def save(self, portfolio: Portfolio) -> dt.date:
        """Record the portfolio; the same reporting date again replaces that snapshot."""
        when = portfolio.reporting_date
        if when is None:
            raise HistoryError("an empty portfolio has no reporting date to record",
                               fr="un portefeuille vide n'a pas de date de reporting")
        blobs = {}
        for name, df in portfolio.tables().items():  # before the lock: held briefly
            buf = io.BytesIO()
            df.to_parquet(buf, index=False)
            blobs[name] = buf.getvalue()
        with writing(self.engine, f"pmo_xl:portfolio:{self.portfolio}",
                     self.lock_timeout) as conn:  # all or nothing, one run at a time
            old = self._id(conn, when)
            if old is not None:
                schema.delete_snapshot(conn, old)
            sid = conn.execute(sa.text(
                "INSERT INTO snapshots (portfolio, reporting_date, run_at, projects) "
                "VALUES (:p, :d, :r, :n) RETURNING id"),
                {"p": self.portfolio, "d": when,
                 "r": portfolio.run_at.isoformat(timespec="seconds"),
                 "n": len(portfolio.projects)}).scalar_one()
            conn.execute(sa.text("INSERT INTO snapshot_tables (snapshot_id, name, data) "
                                 "VALUES (:s, :n, :b)"),
                         [{"s": sid, "n": n, "b": b} for n, b in blobs.items()])
            schema.insert_figures(conn, sid, portfolio.projects)
        return when

    @_guarded
    def dates(self) -> list[dt.date]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT reporting_date FROM snapshots WHERE "
                                        "portfolio=:p ORDER BY reporting_date"),
                                {"p": self.portfolio}).scalars().all()
        return [_day(r) for r in rows]

    @_guarded
    def portfolios(self) -> pd.DataFrame:
        """Every portfolio of the database: its snapshots, first and last weeks."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT portfolio, COUNT(*), MIN(reporting_date), MAX(reporting_date) "
                "FROM snapshots GROUP BY portfolio ORDER BY portfolio")).all()
        return pd.DataFrame([(p, n, _day(a), _day(b)) for p, n, a, b in rows],
                            columns=["portfolio", "snapshots", "first", "last"])

    def load(self, when: dt.date, settings: Settings | None = None) -> Portfolio:
        tables = self.load_tables(when, (*TABLE_NAMES, "findings", "missing"))
        sources = pd.DataFrame(columns=["file", "project", "used", "errors", "warnings"])
        return Portfolio(**tables, sources=sources, settings=settings or Settings())

    @_guarded
    def load_tables(self, when: dt.date, names: Iterable[str]) -> dict[str, pd.DataFrame]:
        """Only the tables asked for: a year of weekly snapshots of a million workload
        rows each is not read to draw a milestone trend. A table a snapshot predates
        (``missing``, since the register) is left out of the answer."""
        names = list(names)
        query = sa.text("SELECT name, data FROM snapshot_tables WHERE snapshot_id=:s "
                        "AND name IN :names").bindparams(sa.bindparam("names", expanding=True))
        with self.engine.connect() as conn:
            sid = self._id(conn, when)
            if sid is None:
                raise self._no_week(when)
            blobs = dict(conn.execute(query, {"s": sid, "names": names}).all())
        return {n: pd.read_parquet(io.BytesIO(blobs[n])) for n in names if n in blobs}

    def last_projects(self, on_or_before: dt.date) -> pd.DataFrame | None:
        """The projects of the latest snapshot dated on or before a day, with those it
        already found missing (their last figures carried): who is expected this week."""
        dates = [d for d in self.dates() if d <= on_or_before]
        if not dates:
            return None
        return expected(self.load_tables(dates[-1], ["projects", "missing"]))

    @_guarded
    def all_figures(self) -> pd.DataFrame:
        """Every recorded figure: project, figure, reporting_date, number, text."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT f.project, f.figure, s.reporting_date, f.number, f.text "
                "FROM project_figures f JOIN snapshots s ON s.id = f.snapshot_id "
                "WHERE s.portfolio=:p"), {"p": self.portfolio}).all()
        frame = pd.DataFrame(rows, columns=["project", "figure", "reporting_date", "number",
                                            "text"])
        frame["reporting_date"] = pd.to_datetime(frame["reporting_date"]).dt.date
        return frame

    @_guarded
    def figures(self, project: str, figure: str) -> pd.DataFrame:
        """One figure of one project across reporting dates (the trend)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT s.reporting_date, f.number, f.text FROM project_figures f "
                "JOIN snapshots s ON s.id = f.snapshot_id WHERE s.portfolio=:o AND "
                "f.project=:p AND f.figure=:f ORDER BY s.reporting_date"),
                {"o": self.portfolio, "p": project, "f": figure}).all()
        return pd.DataFrame([(_day(d), n, t) for d, n, t in rows],
                            columns=["reporting_date", "number", "text"])

    @_guarded
    def delete(self, when: dt.date) -> None:
        """Forget one snapshot (its tables and figures); HistoryError if there is none."""
        with writing(self.engine, f"pmo_xl:portfolio:{self.portfolio}",
                     self.lock_timeout) as conn:
            sid = self._id(conn, when)
            if sid is None:
                raise self._no_week(when)
            schema.delete_snapshot(conn, sid)

    @_guarded
    def prune(self, keep: int) -> list[dt.date]:
        """Keep the ``keep`` latest snapshots (1 or more: ``delete`` removes one); returns
        the dates removed. SQLite gives the space back to the disk."""
        if keep < 1:
            raise HistoryError("keep at least one snapshot (`history delete` removes one)",
                               fr="gardez au moins un instantané (`history delete` en "
                                  "supprime un)")
        with writing(self.engine, f"pmo_xl:portfolio:{self.portfolio}",
                     self.lock_timeout) as conn:
            weeks = conn.execute(sa.text(
                "SELECT id, reporting_date FROM snapshots WHERE portfolio=:p "
                "ORDER BY reporting_date"), {"p": self.portfolio}).all()
            drop = weeks[:-keep]
            for sid, _ in drop:
                schema.delete_snapshot(conn, sid)
        if drop and self.engine.dialect.name == "sqlite":
            raw = self.engine.raw_connection()  # VACUUM runs outside any transaction
            try:
                raw.driver_connection.execute("VACUUM")
            finally:
                raw.close()
        return [_day(when) for _, when in drop]
