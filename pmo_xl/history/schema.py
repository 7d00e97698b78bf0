"""The history's tables, and how an older database is brought to them.

Version 3 keys every snapshot by portfolio and reporting date, so that several PMO
teams share one database without overwriting each other; every code, name and reason
is unbounded text (a project code of 72 characters is stored as it is). The tables are
in SQLAlchemy types, so that each dialect gets its own (BLOB on SQLite, BYTEA on
PostgreSQL…).
"""

from __future__ import annotations

import io

import pandas as pd
import sqlalchemy as sa

from pmo_xl.figures import view
from pmo_xl.history.database import HistoryError
from pmo_xl.schema.model import Kind

SCHEMA_VERSION = 3
# The figures every snapshot keeps as SQL rows: numbers, and words (statuses, phase).
_RECORDED = view("history").figures
FIGURES = tuple(f.key for f in _RECORDED if f.kind not in (Kind.ENUM, Kind.TEXT, Kind.NOTE))
TEXT_FIGURES = tuple(f.key for f in _RECORDED if f.key not in FIGURES)

_MD = sa.MetaData()
META = sa.Table("meta", _MD, sa.Column("key", sa.String(64), primary_key=True),
                sa.Column("value", sa.Text))
SNAPSHOTS = sa.Table(
    "snapshots", _MD, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("portfolio", sa.Text, nullable=False),
    sa.Column("reporting_date", sa.Date, nullable=False),
    sa.Column("run_at", sa.Text, nullable=False),
    sa.Column("projects", sa.Integer, nullable=False),
    sa.UniqueConstraint("portfolio", "reporting_date", name="snapshots_one_per_week"))
SNAPSHOT_TABLES = sa.Table(
    "snapshot_tables", _MD,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False))
PROJECT_FIGURES = sa.Table(
    "project_figures", _MD,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
    sa.Column("project", sa.Text, primary_key=True),
    sa.Column("figure", sa.Text, primary_key=True),
    sa.Column("number", sa.Float), sa.Column("text", sa.Text),
    sa.Index("project_figures_trend", "project", "figure"))


def version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table("meta"):
        return 0
    value = conn.execute(sa.text("SELECT value FROM meta WHERE key='schema_version'"))
    return int(value.scalar_one())


def upgrade(conn: sa.Connection, portfolio: str) -> None:
    """Bring the database to ``SCHEMA_VERSION`` (inside the caller's transaction, which
    holds the schema lock): create it when empty; from versions 1 and 2, give their
    weeks to ``portfolio`` (the one opening it, the only one those versions knew)."""
    found = version(conn)
    if found > SCHEMA_VERSION:
        raise HistoryError(
            f"the history database has schema version {found}, newer than this pmo-xl's "
            f"{SCHEMA_VERSION}: upgrade pmo-xl (the database is left untouched)",
            fr=f"la base d'historique est au schéma {found}, plus récent que celui de ce "
               f"pmo-xl ({SCHEMA_VERSION}) : mettez pmo-xl à jour (la base n'est pas modifiée)")
    if found == SCHEMA_VERSION:
        return
    if found == 0:
        _MD.create_all(conn)
    else:
        _keyed_by_portfolio(conn, portfolio)
    _set(conn, "schema_version", str(SCHEMA_VERSION))


def _set(conn: sa.Connection, key: str, value: str) -> None:
    conn.execute(sa.text("DELETE FROM meta WHERE key=:k"), {"k": key})
    conn.execute(sa.text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value})


def _keyed_by_portfolio(conn: sa.Connection, portfolio: str) -> None:
    """Versions 1-2 to 3: the same weeks, now ``portfolio``'s, in unbounded text; the
    projects' figures rebuilt from each snapshot's own tables (version 1 had none)."""
    run = conn.exec_driver_sql
    run("CREATE TABLE pmo_xl_v2_snapshots AS SELECT id, reporting_date, run_at, projects "
        "FROM snapshots")
    run("CREATE TABLE pmo_xl_v2_tables AS SELECT snapshot_id, name, data FROM snapshot_tables")
    for table in ("project_figures", "snapshot_tables", "snapshots"):
        run(f"DROP TABLE IF EXISTS {table}")
    for table in (SNAPSHOTS, SNAPSHOT_TABLES, PROJECT_FIGURES):
        table.create(conn)
    conn.execute(sa.text(
        "INSERT INTO snapshots (id, portfolio, reporting_date, run_at, projects) "
        "SELECT id, :p, reporting_date, run_at, projects FROM pmo_xl_v2_snapshots"),
        {"p": portfolio})
    run("INSERT INTO snapshot_tables (snapshot_id, name, data) "
        "SELECT snapshot_id, name, data FROM pmo_xl_v2_tables")
    run("DROP TABLE pmo_xl_v2_tables")
    run("DROP TABLE pmo_xl_v2_snapshots")
    if conn.dialect.name == "postgresql":  # ids were copied: the next one follows them
        run("SELECT setval(pg_get_serial_sequence('snapshots', 'id'), "
            "COALESCE((SELECT MAX(id) FROM snapshots), 0) + 1, false)")
    for sid, blob in conn.execute(sa.text(
            "SELECT snapshot_id, data FROM snapshot_tables WHERE name='projects'")).all():
        insert_figures(conn, sid, pd.read_parquet(io.BytesIO(blob)))
    _set(conn, "portfolio_before_v3", portfolio)


def insert_figures(conn: sa.Connection, sid: int, projects: pd.DataFrame) -> None:
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
        conn.execute(sa.text("INSERT INTO project_figures (snapshot_id, project, figure, "
                             "number, text) VALUES (:s, :p, :f, :n, :t)"), rows)


def delete_snapshot(conn: sa.Connection, sid: int) -> None:
    for table, key in (("project_figures", "snapshot_id"), ("snapshot_tables", "snapshot_id"),
                       ("snapshots", "id")):
        conn.execute(sa.text(f"DELETE FROM {table} WHERE {key}=:s"), {"s": sid})
