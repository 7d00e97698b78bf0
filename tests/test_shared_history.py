"""A history a PMO team shares: several portfolios in one database, runs at the same
time, a lock held too long, the settings found by every command, no password in any
output, an outage that loses no week, an older database upgraded — on SQLite and on a
real PostgreSQL server (``db_url``, ``postgres``)."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import pmo_xl
from pmo_xl.cli import app
from pmo_xl.cli.common import EXIT_INPUT, EXIT_OK, EXIT_UNRECORDED
from pmo_xl.history import URL_ENV, HistoryBusy, HistoryError, SnapshotStore, schema
from pmo_xl.history.database import open_engine, writing
from pmo_xl.history.pending import PENDING_DIR
from pmo_xl.settings import Settings
from tests.builders import base_project, base_tables, make_tracker
from tests.postgres import PASSWORD, PostgresServer, start_server
from tests.test_history import W1, W2, W3, week_two_tables

W4 = dt.date(2026, 3, 20)
run = CliRunner().invoke


def week(folder: Path, out: Path, when: dt.date, url: str, settings: str = "",
         tables=None, lang: str | None = None, **card):
    """One week's run of one tracker into ``out``, recorded into ``url``; the result."""
    make_tracker(folder, tables=tables or base_tables(), as_of=when, **card)
    (folder / "pmo_xl.toml").write_text(
        f'today = {when.isoformat()}\nhistory_url = "{url}"\n{settings}')
    return run(app, ["consolidate", str(folder), "-o", str(out), "-q",
                     *(["--lang", lang] if lang else [])])


def two_projects(folder: Path, when: dt.date) -> None:
    make_tracker(folder, "a.xlsx", as_of=when)
    make_tracker(folder, "b.xlsx", project=base_project(code="P-002", name="CRM", as_of=when))


def test_two_portfolios_share_one_database_without_touching_each_other(tmp_path, db_url):
    it, ops = tmp_path / "it", tmp_path / "ops"
    for when in (W1, W2):  # the IT team: two projects, two weeks
        two_projects(it / "in", when)
        (it / "in" / "pmo_xl.toml").write_text(
            f'today = {when.isoformat()}\nhistory_url = "{db_url}"\nportfolio_name = "PMO IT"\n')
        assert run(app, ["consolidate", str(it / "in"), "-o", str(it / "out"), "-q"]
                   ).exit_code == EXIT_OK
    result = week(ops / "in", ops / "out", W2, db_url, 'portfolio_id = "ops"\n',
                  code="OPS-1")  # the same week, another team: one project
    assert result.exit_code == EXIT_OK, result.output
    it_store = SnapshotStore(db_url, portfolio="PMO IT")
    ops_store = SnapshotStore(db_url, portfolio="ops")
    assert it_store.dates() == [W1, W2] and ops_store.dates() == [W2]
    assert sorted(it_store.load(W2).projects["project"]) == ["P-001", "P-002"]
    assert ops_store.load(W2).projects["project"].tolist() == ["OPS-1"]
    assert it_store.figures("OPS-1", "eac_days").empty
    assert set(ops_store.all_figures()["project"]) == {"OPS-1"}
    listed = run(app, ["history", "portfolios", "-o", str(it / "out")]).output.splitlines()
    assert listed == ["PMO IT\t2\t2026-02-27\t2026-03-06", "ops\t1\t2026-03-06\t2026-03-06"]
    # Each output folder's commands see its own portfolio, another only when asked.
    assert run(app, ["history", "list", "-o", str(ops / "out")]).output.split() == [
        "2026-03-06"]
    assert run(app, ["history", "list", "-o", str(ops / "out"), "--portfolio", "PMO IT"]
               ).output.split() == ["2026-02-27", "2026-03-06"]
    assert run(app, ["trend", "P-002", "-o", str(ops / "out")]).exit_code == EXIT_INPUT
    # The ops team's first week has nothing to compare with, whatever IT recorded before.
    ops_master = pd.ExcelFile(ops / "out" / "Portfolio_2026-03-06.xlsx")
    assert "Since last report" not in ops_master.sheet_names
    it_master = pd.ExcelFile(it / "out" / "PMO_IT_2026-03-06.xlsx")
    assert "Since last report" in it_master.sheet_names
    # Pruning one portfolio leaves the other whole.
    pruned = run(app, ["history", "prune", "--keep", "1", "-o", str(it / "out")])
    assert pruned.exit_code == EXIT_OK
    assert "removed 1 snapshot(s) of 'PMO IT': 27/02/2026" in pruned.output
    assert it_store.dates() == [W2] and ops_store.dates() == [W2]


def test_a_project_code_of_72_characters_is_stored(tmp_path, db_url):
    code = "PRJ-" + "TRANSFORMATION-DU-SYSTEME-D-INFORMATION-RH-2026-" + "X" * 20
    assert len(code) == 72
    assert week(tmp_path / "in", tmp_path / "out", W1, db_url, code=code).exit_code == EXIT_OK
    store = SnapshotStore(db_url)
    assert store.figures(code, "eac_days")["number"].tolist() == [27.0]


def _consolidate_process(folder: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pmo_xl", "consolidate", str(folder),
                             "-o", str(out), "-q"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def test_two_runs_of_the_same_week_at_once_both_succeed_and_store_it_once(
        tmp_path, db_url, postgres_or_sqlite_fresh):
    """Two PMOs consolidate the same portfolio's week into two output folders at the same
    moment, on a database nobody used yet (the tables are created by one of them)."""
    for trial in range(2):
        url = db_url if trial == 0 else postgres_or_sqlite_fresh()
        folder = tmp_path / f"in{trial}"
        make_tracker(folder, as_of=W1)
        (folder / "pmo_xl.toml").write_text(f'today = {W1}\nhistory_url = "{url}"\n')
        runs = [_consolidate_process(folder, tmp_path / f"out{trial}{i}") for i in (1, 2)]
        outputs = [p.communicate(timeout=120)[0] for p in runs]
        assert [p.returncode for p in runs] == [0, 0], outputs
        assert not any("Traceback" in o for o in outputs)
        store = SnapshotStore(url)
        assert store.dates() == [W1]
        assert store.portfolios()["snapshots"].tolist() == [1]


@pytest.fixture
def postgres_or_sqlite_fresh(request, tmp_path, db_url):
    """Another empty database of the same kind as ``db_url``."""
    counter = iter(range(100))
    if db_url.startswith("sqlite"):
        return lambda: f"sqlite:///{tmp_path / f'fresh{next(counter)}.sqlite'}"
    return request.getfixturevalue("postgres").new_database


def test_a_lock_held_too_long_is_a_clear_error(tmp_path, db_url):
    portfolio = pmo_xl.consolidate(make_tracker(tmp_path / "in", as_of=W1),
                                   Settings(today=W1, workers=1))
    store = SnapshotStore(db_url, lock_timeout=1)
    other = open_engine(db_url, 60)
    with writing(other, "pmo_xl:portfolio:default", 60), pytest.raises(HistoryBusy) as caught:
        store.save(portfolio)  # while another run is mid-save
    assert "held by another run for more than 1 s (history_lock_timeout)" in str(caught.value)
    assert PASSWORD not in str(caught.value)
    store.save(portfolio)  # once the other run is done
    assert store.dates() == [W1]


def test_history_and_trend_follow_the_settings_wherever_they_are(tmp_path, db_url,
                                                                  monkeypatch):
    out = tmp_path / "out"
    assert week(tmp_path / "in", out, W1, db_url).exit_code == EXIT_OK
    # An output folder holding only its settings (data/ removed): pmo_xl.toml there.
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "pmo_xl.toml").write_text(f'history_url = "{db_url}"\n')
    assert run(app, ["history", "list", "-o", str(shared)]).output.split() == ["2026-02-27"]
    assert run(app, ["trend", "P-001", "-o", str(shared)]).output.split() == [
        "2026-02-27", "27"]
    # --config names it from anywhere.
    config = run(app, ["history", "list", "-o", str(tmp_path / "elsewhere"), "--config",
                       str(tmp_path / "in" / "pmo_xl.toml")])
    assert config.output.split() == ["2026-02-27"]
    # The environment names it when the settings do not (the password out of the files).
    monkeypatch.setenv(URL_ENV, db_url)
    env_week = tmp_path / "env"
    make_tracker(env_week / "in", as_of=W2)
    (env_week / "in" / "pmo_xl.toml").write_text(f"today = {W2}\n")
    assert run(app, ["consolidate", str(env_week / "in"), "-o", str(env_week / "out"),
                     "-q"]).exit_code == EXIT_OK
    assert not (env_week / "out" / "pmo_xl_history.sqlite").exists()
    assert run(app, ["history", "list", "-o", str(env_week / "out")]).output.split() == [
        "2026-02-27", "2026-03-06"]


def _everything_written(folder: Path) -> str:
    """Every text pmo-xl left in a folder: logs, CSV, run records, workbooks' XML."""
    import zipfile

    said = []
    for path in folder.rglob("*"):
        if path.suffix in (".xlsx", ".pptx"):
            with zipfile.ZipFile(path) as z:
                said += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        elif path.is_file():
            said.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(said)


def test_a_wrong_password_is_a_clear_error_and_no_secret_is_ever_shown(tmp_path, postgres):
    url = postgres.new_database()
    wrong = url.replace(PASSWORD, "Wr0ng-Pa55word")
    out = tmp_path / "out"
    result = week(tmp_path / "in", out, W1, wrong)
    assert result.exit_code == EXIT_UNRECORDED
    assert "password authentication failed" in result.output
    assert "Traceback" not in result.output
    assert "pmo_team:***@127.0.0.1" in result.output
    assert list(out.glob("Portfolio_*.xlsx"))  # the master came all the same
    for secret in ("Wr0ng-Pa55word", PASSWORD):
        assert secret not in result.output
        assert secret not in _everything_written(out)
    listed = run(app, ["history", "list", "-o", str(out), "--lang", "fr"])
    assert listed.exit_code == EXIT_INPUT
    assert "impossible d'utiliser la base d'historique" in listed.output
    assert "Wr0ng-Pa55word" not in listed.output and "Traceback" not in listed.output
    # The right password, given by the environment, records the kept week.
    (tmp_path / "in" / "pmo_xl.toml").write_text(f"today = {W1}\n")
    os.environ[URL_ENV] = url
    try:
        recorded = run(app, ["history", "record", "-o", str(out)])
    finally:
        del os.environ[URL_ENV]
    assert recorded.exit_code == EXIT_OK, recorded.output
    assert SnapshotStore(url).dates() == [W1]


@pytest.fixture
def own_server():
    """A PostgreSQL server of the test's own, to stop and start again."""
    server = start_server()
    yield server
    server.remove()


def test_an_outage_loses_no_week(tmp_path, own_server: PostgresServer, monkeypatch):
    url = own_server.new_database()
    folder, out = tmp_path / "in", tmp_path / "out"
    assert week(folder, out, W1, url).exit_code == EXIT_OK
    own_server.stop()  # the server is down for the week of W2
    down = week(folder, out, W2, url, tables=week_two_tables())
    assert down.exit_code == EXIT_UNRECORDED, down.output
    assert "the week of 06/03/2026 was NOT recorded in the history" in down.output
    assert "Traceback" not in down.output and PASSWORD not in down.output
    assert (out / "Portfolio_2026-03-06.xlsx").is_file()  # the master all the same
    assert (out / PENDING_DIR / "2026-03-06" / "projects.parquet").is_file()
    still = run(app, ["history", "record", "-o", str(out)])
    assert still.exit_code == EXIT_INPUT and "Traceback" not in still.output
    udfs = _udfs(monkeypatch)
    book = _caller(out / "Portfolio_2026-03-06.xlsx")
    assert udfs.PMO_KPI("P-001", "eac_days", None, book) == 31.0  # today's figures answer
    said = udfs.PMO_KPI("P-001", "eac_days", dt.datetime(2026, 2, 27), book)
    assert said.startswith("#PMO: cannot use the history database postgresql+psycopg://"
                           "pmo_team:***@") and "Connection refused" in said
    own_server.start()
    back = run(app, ["history", "record", "-o", str(out), "--lang", "fr"])
    assert back.exit_code == EXIT_OK, back.output
    assert "semaine(s) manquées enregistrées dans l'historique : 06/03/2026" in back.output
    store = SnapshotStore(url)
    assert store.dates() == [W1, W2]
    assert store.figures("P-001", "eac_days")["number"].tolist() == [27.0, 31.0]
    assert not (out / PENDING_DIR).exists()
    assert udfs.PMO_KPI("P-001", "eac_days", dt.datetime(2026, 2, 27), book) == 27.0

    # The server stops in the middle of a save: the week is kept, the next run records it.
    real = schema.insert_figures

    def server_dies(*args):
        own_server.stop()
        real(*args)

    monkeypatch.setattr(schema, "insert_figures", server_dies)
    dies = week(folder, out, W3, url, tables=week_two_tables())
    assert dies.exit_code == EXIT_UNRECORDED and "Traceback" not in dies.output
    monkeypatch.setattr(schema, "insert_figures", real)
    own_server.start()
    assert week(folder, out, W4, url, tables=week_two_tables()).exit_code == EXIT_OK
    assert SnapshotStore(url).dates() == [W1, W2, W3, W4]
    assert not (out / PENDING_DIR).exists()


def _udfs(monkeypatch):
    """The UDF module Excel loads, asking a history that was away again at once."""
    import importlib

    from pmo_xl.excel import store
    from tests.ooxml import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "udfs"))
    monkeypatch.setattr(store, "HISTORY_RETRY_S", 0)
    return importlib.import_module("pmo_udfs")


def _caller(workbook: Path):
    from types import SimpleNamespace

    return SimpleNamespace(sheet=SimpleNamespace(book=SimpleNamespace(fullname=str(workbook))))


def test_the_password_can_come_from_pgpass_or_the_environment(tmp_path, postgres,
                                                                monkeypatch):
    bare = postgres.new_database().replace(f":{PASSWORD}@", "@")  # no secret in the file
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{postgres.port}:*:pmo_team:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    out = tmp_path / "out"
    assert week(tmp_path / "in", out, W1, bare).exit_code == EXIT_OK
    monkeypatch.delenv("PGPASSFILE")
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert run(app, ["history", "list", "-o", str(out)]).output.split() == ["2026-02-27"]


def test_the_ribbon_goes_on_when_the_history_is_away(tmp_path):
    from pmo_xl.excel.macros import run_action
    from tests.excel_host import FileHost

    folder, out = tmp_path / "trackers", tmp_path / "out"
    away = tmp_path / "not-mounted" / "history.sqlite"  # a share that is not there today
    assert week(folder, out, W1, f"sqlite:///{away}").exit_code == EXIT_UNRECORDED
    host = FileHost(out / "Portfolio_2026-02-27.xlsx")
    run_action("settings", host)
    host.write_cells("PMO settings", 2, 1, [[str(folder)], [str(out)]])
    host.save()
    said = run_action("consolidate", host)
    assert said.startswith("1 projects consolidated")
    assert "The week was NOT recorded in the history (cannot use the history database " \
           f"sqlite:///{away}" in said
    assert (out / PENDING_DIR / "2026-02-27").is_dir()
    away.parent.mkdir()  # the share is back
    said = run_action("consolidate", host)
    assert said.endswith("Recorded the missed week(s) too: 27/02/2026.")
    assert SnapshotStore(f"sqlite:///{away}").dates() == [W1]
    assert not (out / PENDING_DIR).exists()


def test_a_kept_week_that_cannot_be_read_never_stops_a_run(tmp_path, db_url):
    folder, out = tmp_path / "in", tmp_path / "out"
    broken = out / PENDING_DIR / "2026-02-20"
    broken.mkdir(parents=True)
    (broken / "projects.parquet").write_bytes(b"not parquet")
    assert week(folder, out, W1, db_url).exit_code == EXIT_OK
    assert SnapshotStore(db_url).dates() == [W1]
    assert broken.is_dir()  # left for a person to look at
    (broken / "projects.parquet").unlink()
    broken.rmdir()
    nothing = run(app, ["history", "record", "-o", str(out)])
    assert nothing.exit_code == EXIT_OK
    assert "no week is waiting in" in nothing.output


def test_prune_gives_the_space_back_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'h.sqlite'}"
    store = SnapshotStore(url)
    for when in (W1, W2, W3, W4):
        make_tracker(tmp_path / str(when), as_of=when, tables={
            **base_tables(), "workload": base_tables()["workload"] * 300})
        store.save(pmo_xl.consolidate(tmp_path / str(when), Settings(today=when, workers=1)))
    before = (tmp_path / "h.sqlite").stat().st_size
    assert store.prune(1) == [W1, W2, W3]
    assert (tmp_path / "h.sqlite").stat().st_size < before * 0.5


# The tables of version 2 (pmo-xl before portfolios), as that version created them.
_V2 = sa.MetaData()
sa.Table("meta", _V2, sa.Column("key", sa.String(64), primary_key=True),
         sa.Column("value", sa.Text))
sa.Table("snapshots", _V2, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
         sa.Column("reporting_date", sa.Date, nullable=False, unique=True),
         sa.Column("run_at", sa.String(32), nullable=False),
         sa.Column("projects", sa.Integer, nullable=False))
sa.Table("snapshot_tables", _V2,
         sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
         sa.Column("name", sa.String(32), primary_key=True),
         sa.Column("data", sa.LargeBinary, nullable=False))
sa.Table("project_figures", _V2,
         sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), primary_key=True),
         sa.Column("project", sa.String(64), primary_key=True),
         sa.Column("figure", sa.String(64), primary_key=True),
         sa.Column("number", sa.Float), sa.Column("text", sa.String(255)))


def legacy_history(url: str, portfolios: list) -> None:
    """A version-2 database holding one snapshot per portfolio given (one per week)."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        _V2.create_all(conn)
        conn.execute(sa.text("INSERT INTO meta VALUES ('schema_version', '2')"))
        for sid, p in enumerate(portfolios, start=1):
            conn.execute(sa.text("INSERT INTO snapshots VALUES (:i, :d, :r, :n)"),
                         {"i": sid, "d": p.reporting_date, "r": "2026-03-01T10:00:00",
                          "n": len(p.projects)})
            for name, df in p.tables().items():
                buf = io.BytesIO()
                df.to_parquet(buf, index=False)
                conn.execute(sa.text("INSERT INTO snapshot_tables VALUES (:s, :n, :b)"),
                             {"s": sid, "n": name, "b": buf.getvalue()})
            conn.execute(sa.text("INSERT INTO project_figures VALUES (:s, 'P-001', "
                                 "'eac_days', 1, NULL)"), {"s": sid})  # to be rebuilt
    engine.dispose()


def test_an_older_database_is_upgraded_without_losing_a_week(tmp_path, db_url):
    weeks = []
    for when, tables in ((W1, base_tables()), (W2, week_two_tables())):
        make_tracker(tmp_path / str(when), tables=tables, as_of=when)
        weeks.append(pmo_xl.consolidate(tmp_path / str(when), Settings(today=when, workers=1)))
    legacy_history(db_url, weeks)
    store = SnapshotStore(db_url, portfolio="PMO IT")  # the first to open it after upgrade
    assert store.dates() == [W1, W2]
    assert store.figures("P-001", "eac_days")["number"].tolist() == [27.0, 31.0]
    # The next snapshot gets a new id; another portfolio now lives beside it.
    store.save(weeks[1].__class__(**{**weeks[1].__dict__,
                                     "settings": Settings(reporting_date=W3)}))
    other = SnapshotStore(db_url, portfolio="ops")
    other.save(weeks[0])
    assert store.dates() == [W1, W2, W3] and other.dates() == [W1]
    with sa.create_engine(db_url).connect() as conn:
        version = conn.exec_driver_sql("SELECT value FROM meta WHERE key='schema_version'")
        assert version.scalar() == "3"
        tables = set(sa.inspect(conn).get_table_names())
    assert tables == {"meta", "snapshots", "snapshot_tables", "project_figures"}


def test_a_missing_driver_says_which_package_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # pmo-xl without its [postgres] extra
    with pytest.raises(HistoryError) as caught:
        SnapshotStore(f"postgresql+psycopg://u:{PASSWORD}@127.0.0.1/x")
    assert "needs the Python package 'psycopg': pip install 'pmo-xl[postgres]'" in str(
        caught.value)
    assert PASSWORD not in str(caught.value)
