"""The portfolio's memory: one snapshot per reporting date, in a real database.

SQLite next to the master by default (zero set-up), any SQLAlchemy URL for a shared
server. Each snapshot keeps every table (as Parquet, exact types) and the projects'
figures in a plain SQL table a PMO can query. Saving is one transaction: a run killed
mid-write leaves the previous snapshots as they were. The schema is versioned: an older
database is upgraded, a newer one refused.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from pmo_xl.exceptions import InputError
from pmo_xl.figures import view
from pmo_xl.model import TABLE_NAMES, Portfolio
from pmo_xl.schema.model import Kind
from pmo_xl.settings import Settings

SCHEMA_VERSION = 2
HISTORY_FILE = "pmo_xl_history.sqlite"  # beside the master when no history_url is set
# The figures every snapshot keeps as SQL rows: numbers, and words (statuses, phase).
_RECORDED = view("history").figures
FIGURES = tuple(f.key for f in _RECORDED if f.kind not in (Kind.ENUM, Kind.TEXT, Kind.NOTE))
TEXT_FIGURES = tuple(f.key for f in _RECORDED if f.key not in FIGURES)


class HistoryError(InputError):
    """The history database cannot be used (newer schema, bad URL, none yet…)."""


def default_url(folder: str | Path) -> str:
    return f"sqlite:///{Path(folder).resolve() / HISTORY_FILE}"


def history_url(settings: Settings, out_dir: str | Path) -> str:
    """Where the snapshots of runs into ``out_dir`` live: ``history_url`` in the
    settings, else SQLite beside the master."""
    return settings.history_url or default_url(out_dir)


# Tables in SQLAlchemy types, so every dialect gets its own (BLOB on SQLite, BYTEA on
# PostgreSQL…).
_MD = sa.MetaData()
META = sa.Table("meta", _MD, sa.Column("key", sa.String(64), primary_key=True),
                sa.Column("value", sa.Text))
SNAPSHOTS = sa.Table(
    "snapshots", _MD, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reporting_date", sa.Date, nullable=False, unique=True),
    sa.Column("run_at", sa.String(32), nullable=False),
    sa.Column("projects", sa.Integer, nullable=False))
SNAPSHOT_TABLES = sa.Table(
    "snapshot_tables", _MD,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False))
PROJECT_FIGURES = sa.Table(
    "project_figures", _MD,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
    sa.Column("project", sa.String(64), primary_key=True),
    sa.Column("figure", sa.String(64), primary_key=True),
    sa.Column("number", sa.Float), sa.Column("text", sa.String(255)))


def _v1(conn: sa.Connection) -> None:
    for table in (META, SNAPSHOTS, SNAPSHOT_TABLES):
        table.create(conn)


def _v2(conn: sa.Connection) -> None:
    """Version 2: the projects' figures as rows a PMO can query (Power BI, SQL)."""
    PROJECT_FIGURES.create(conn)
    snaps = conn.execute(sa.text("SELECT id FROM snapshots")).scalars().all()
    for sid in snaps:  # backfill from the stored tables
        blob = conn.execute(sa.text("SELECT data FROM snapshot_tables WHERE snapshot_id=:s "
                                    "AND name='projects'"), {"s": sid}).scalar_one()
        _insert_figures(conn, sid, pd.read_parquet(io.BytesIO(blob)))


MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {1: _v1, 2: _v2}


def _insert_figures(conn: sa.Connection, sid: int, projects: pd.DataFrame) -> None:
    rows = []
    for rec in projects.to_dict("records"):
        for f in FIGURES:
            v = rec.get(f)
            rows.append({"s": sid, "p": rec["project"], "f": f,
                         "n": None if v is None or pd.isna(v) else float(v), "t": None})
        for f in TEXT_FIGURES:
            v = rec.get(f)
            rows.append({"s": sid, "p": rec["project"], "f": f, "n": None,
                         "t": None if v is None or (not isinstance(v, str) and pd.isna(v))
                         else str(v)})
    if rows:
        conn.execute(sa.text("INSERT INTO project_figures VALUES (:s, :p, :f, :n, :t)"), rows)


def _delete(conn: sa.Connection, sid: int) -> None:
    for table, key in (("project_figures", "snapshot_id"), ("snapshot_tables", "snapshot_id"),
                       ("snapshots", "id")):
        conn.execute(sa.text(f"DELETE FROM {table} WHERE {key}=:s"), {"s": sid})


class SnapshotStore:
    """The snapshots of one history database. ``create=False`` opens an existing history
    only (reading: the formulas, ``pmo-xl history``), never making an empty one."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        try:
            parsed = sa.engine.make_url(url)
            if (not create and parsed.get_backend_name() == "sqlite"
                    and not Path(parsed.database or "").is_file()):
                raise HistoryError(f"no history yet in {parsed.database}",
                                   fr=f"pas encore d'historique dans {parsed.database}")
            self.engine = sa.create_engine(url)
            with self.engine.begin() as conn:
                if not create and self._version(conn) == 0:
                    raise HistoryError("no history yet in this database",
                                       fr="pas encore d'historique dans cette base")
                self._upgrade(conn)
        except sa.exc.SQLAlchemyError as exc:
            raise HistoryError(f"cannot open the history database {url}: {exc}") from exc

    def _version(self, conn: sa.Connection) -> int:
        if not sa.inspect(conn).has_table("meta"):
            return 0
        value = conn.execute(sa.text("SELECT value FROM meta WHERE key='schema_version'"))
        return int(value.scalar_one())

    def _upgrade(self, conn: sa.Connection) -> None:
        version = self._version(conn)
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"the history database has schema version {version}, newer than this "
                f"pmo-xl's {SCHEMA_VERSION}: upgrade pmo-xl (the database is left untouched)")
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](conn)
            conn.execute(sa.text("DELETE FROM meta WHERE key='schema_version'"))
            conn.execute(sa.text("INSERT INTO meta VALUES ('schema_version', :v)"),
                         {"v": str(step)})

    def save(self, portfolio: Portfolio) -> dt.date:
        """Record the portfolio; the same reporting date again replaces that snapshot."""
        when = portfolio.reporting_date
        if when is None:
            raise HistoryError("an empty portfolio has no reporting date to record")
        with self.engine.begin() as conn:  # all or nothing
            old = conn.execute(sa.text("SELECT id FROM snapshots WHERE reporting_date=:d"),
                               {"d": when}).scalar()
            if old is not None:
                _delete(conn, old)
            sid = conn.execute(sa.text(
                "INSERT INTO snapshots (reporting_date, run_at, projects) VALUES (:d, :r, :n) "
                "RETURNING id"), {"d": when, "r": portfolio.run_at.isoformat(timespec="seconds"),
                                  "n": len(portfolio.projects)}).scalar_one()
            for name, df in portfolio.tables().items():
                buf = io.BytesIO()
                df.to_parquet(buf, index=False)
                conn.execute(sa.text("INSERT INTO snapshot_tables VALUES (:s, :n, :b)"),
                             {"s": sid, "n": name, "b": buf.getvalue()})
            _insert_figures(conn, sid, portfolio.projects)
        return when

    def dates(self) -> list[dt.date]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT reporting_date FROM snapshots "
                                        "ORDER BY reporting_date")).scalars().all()
        return [r if isinstance(r, dt.date) else dt.date.fromisoformat(str(r)) for r in rows]

    def load(self, when: dt.date, settings: Settings | None = None) -> Portfolio:
        tables = self.load_tables(when, (*TABLE_NAMES, "findings", "missing"))
        sources = pd.DataFrame(columns=["file", "project", "used", "errors", "warnings"])
        return Portfolio(**tables, sources=sources, settings=settings or Settings())

    def load_tables(self, when: dt.date, names: Iterable[str]) -> dict[str, pd.DataFrame]:
        """Only the tables asked for: a year of weekly snapshots of a million workload
        rows each is not read to draw a milestone trend. A table a snapshot predates
        (``missing``, since the register) is left out of the answer."""
        names = list(names)
        query = sa.text("SELECT name, data FROM snapshot_tables WHERE snapshot_id=:s "
                        "AND name IN :names").bindparams(sa.bindparam("names", expanding=True))
        with self.engine.connect() as conn:
            sid = conn.execute(sa.text("SELECT id FROM snapshots WHERE reporting_date=:d"),
                               {"d": when}).scalar()
            if sid is None:
                raise HistoryError(f"no snapshot for {when:%d/%m/%Y}",
                                   fr=f"pas d'instantané au {when:%d/%m/%Y}")
            blobs = dict(conn.execute(query, {"s": sid, "names": names}).all())
        return {n: pd.read_parquet(io.BytesIO(blobs[n])) for n in names if n in blobs}

    def last_projects(self, on_or_before: dt.date) -> pd.DataFrame | None:
        """The projects of the latest snapshot dated on or before a day, with those it
        already found missing (their last figures carried): who is expected this week."""
        dates = [d for d in self.dates() if d <= on_or_before]
        if not dates:
            return None
        tables = self.load_tables(dates[-1], ["projects", "missing"])
        return pd.concat([t for t in tables.values() if len(t)], ignore_index=True) \
            if any(len(t) for t in tables.values()) else tables["projects"]

    def all_figures(self) -> pd.DataFrame:
        """Every recorded figure: project, figure, reporting_date, number, text."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT f.project, f.figure, s.reporting_date, f.number, f.text "
                "FROM project_figures f JOIN snapshots s ON s.id = f.snapshot_id")).all()
        frame = pd.DataFrame(rows, columns=["project", "figure", "reporting_date", "number",
                                            "text"])
        frame["reporting_date"] = pd.to_datetime(frame["reporting_date"]).dt.date
        return frame

    def figures(self, project: str, figure: str) -> pd.DataFrame:
        """One figure of one project across reporting dates (the trend)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT s.reporting_date, f.number, f.text FROM project_figures f "
                "JOIN snapshots s ON s.id = f.snapshot_id WHERE f.project=:p AND f.figure=:f "
                "ORDER BY s.reporting_date"), {"p": project, "f": figure}).all()
        return pd.DataFrame(rows, columns=["reporting_date", "number", "text"])

    def delete(self, when: dt.date) -> None:
        """Forget one snapshot (its tables and figures); HistoryError if there is none."""
        with self.engine.begin() as conn:
            sid = conn.execute(sa.text("SELECT id FROM snapshots WHERE reporting_date=:d"),
                               {"d": when}).scalar()
            if sid is None:
                raise HistoryError(f"no snapshot for {when:%d/%m/%Y}",
                                   fr=f"pas d'instantané au {when:%d/%m/%Y}")
            _delete(conn, sid)

    def prune(self, keep: int) -> list[dt.date]:
        """Keep the ``keep`` latest snapshots (1 or more: ``delete`` removes one); returns
        the dates removed."""
        if keep < 1:
            raise HistoryError("keep at least one snapshot (`history delete` removes one)")
        drop = self.dates()[:-keep]
        with self.engine.begin() as conn:
            for when in drop:
                _delete(conn, conn.execute(sa.text(
                    "SELECT id FROM snapshots WHERE reporting_date=:d"), {"d": when}).scalar_one())
        return drop
