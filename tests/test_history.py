"""Snapshots across three reporting dates, and what moved between them (by hand), on
SQLite and on a real PostgreSQL server (``db_url``)."""

import datetime as dt

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import pmo_xl
from pmo_xl.cli import app
from pmo_xl.history import (
    HistoryError,
    SnapshotStore,
    default_url,
    portfolio_change,
    schema,
    week_over_week,
)
from pmo_xl.history.mta import store_mta
from pmo_xl.settings import Settings
from tests.builders import base_tables, make_tracker

W1, W2, W3 = dt.date(2026, 2, 27), dt.date(2026, 3, 6), dt.date(2026, 3, 13)


def week_two_tables():
    t = base_tables()
    t["workload"][1]["actual"] = 8  # 4 more days consumed in March: EAC 27 -> 31
    t["risks"][0]["status"] = "Closed"  # R1 closed
    t["risks"][1]["probability"] = 3  # R2: 2x2=4 -> 3x2=6, worse
    t["risks"].append({"id": "R4", "risk": "New regulation", "probability": 1, "impact": 2,
                       "status": "Open"})
    t["milestones"][1]["forecast_date"] = dt.date(2026, 6, 12)  # Go-live moves a week
    return t


def run_week(folder, out, when, tables, url: str = "", settings: str = "", **card):
    """One week's consolidation of one tracker, recorded into ``url`` (else SQLite beside
    the master)."""
    make_tracker(folder, tables=tables, as_of=when, **card)
    history = f'history_url = "{url}"\n' if url else ""
    (folder / "pmo_xl.toml").write_text(f"today = {when.isoformat()}\n{history}{settings}")
    result = CliRunner().invoke(app, ["consolidate", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def history(tmp_path, db_url):
    out = tmp_path / "out"
    run_week(tmp_path / "in", out, W1, base_tables(), db_url)
    run_week(tmp_path / "in", out, W2, week_two_tables(), db_url)
    run_week(tmp_path / "in", out, W3, week_two_tables(), db_url)
    run_week(tmp_path / "in", out, W3, week_two_tables(), db_url)  # the same week again
    return SnapshotStore(db_url), out


def test_one_snapshot_per_reporting_date(history):
    store, _ = history
    assert store.dates() == [W1, W2, W3]
    assert store.load(W2).projects["eac_days"].tolist() == [31.0]
    assert store.portfolios()["snapshots"].tolist() == [3]


def test_week_over_week_figures(history):
    store, _ = history
    w2 = week_over_week(store.load(W1).tables(), store.load(W2).tables()).iloc[0]
    assert (w2.eac_days_prev, w2.drift_days) == (27, 4)
    assert w2.drift_pct == pytest.approx(4 / 27)
    assert (w2.consumed_days_change, w2.remaining_days_change) == (4, 0)
    # W1 Amber (variance 8 %, slip 5, one critical risk); W2 Red (variance 24 %).
    assert (w2.status_prev, w2.status_now, bool(w2.status_changed)) == ("Amber", "Red", True)
    assert (w2.new_risks, w2.closed_risks, w2.worsened_risks) == (1, 1, 1)
    assert (w2.moved_milestones, w2.max_move_days) == (1, 7)
    assert (w2.computed_trend, w2.declared_trend) == ("Worsening", "Stable")
    w3 = week_over_week(store.load(W2).tables(), store.load(W3).tables()).iloc[0]
    assert (w3.drift_days, w3.new_risks, w3.closed_risks, w3.moved_milestones) == (0, 0, 0, 0)
    assert w3.computed_trend == "Stable"
    total = portfolio_change(week_over_week(store.load(W1).tables(), store.load(W2).tables()))
    assert (total["drift_days"], total["status_changed"], total["new_projects"]) == (4, 1, 0)
    assert total["drift_pct"] == pytest.approx(4 / 27)
    assert (total["new_risks"], total["closed_risks"], total["moved_milestones"]) == (1, 1, 1)


def test_trend_and_history_commands(history):
    _, out = history
    run = CliRunner().invoke
    trend = run(app, ["trend", "P-001", "--kpi", "eac_days", "-o", str(out)])
    assert trend.exit_code == 0
    assert trend.output.splitlines() == ["2026-02-27\t27", "2026-03-06\t31", "2026-03-13\t31"]
    status = run(app, ["trend", "P-001", "--kpi", "computed_status", "-o", str(out)])
    assert status.output.split()[1::2] == ["Amber", "Red", "Red"]
    assert run(app, ["history", "list", "-o", str(out)]).output.split() == [
        "2026-02-27", "2026-03-06", "2026-03-13"]
    show = run(app, ["history", "show", "2026-03-06", "-o", str(out)])
    assert "Worsening" in show.output and "+4" in show.output
    assert run(app, ["history", "prune", "--keep", "2", "-o", str(out)]).exit_code == 0
    assert run(app, ["history", "list", "-o", str(out)]).output.split() == [
        "2026-03-06", "2026-03-13"]
    assert run(app, ["trend", "P-404", "-o", str(out)]).exit_code == 3


def portfolio_at(tmp_path, when):
    make_tracker(tmp_path / str(when), as_of=when)
    return pmo_xl.consolidate(tmp_path / str(when), Settings(today=when, workers=1))


def test_a_run_killed_mid_write_leaves_the_history_intact(tmp_path, monkeypatch, db_url):
    store = SnapshotStore(db_url)
    store.save(portfolio_at(tmp_path, W1))

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(schema, "insert_figures", killed)
    with pytest.raises(KeyboardInterrupt):
        store.save(portfolio_at(tmp_path, W2))
    with pytest.raises(KeyboardInterrupt):
        store.save(portfolio_at(tmp_path, W1))  # a re-run of W1 dies half-way too
    assert store.dates() == [W1]
    assert store.load(W1).projects["eac_days"].tolist() == [27.0]


def test_a_newer_schema_is_refused_untouched(tmp_path, db_url):
    SnapshotStore(db_url).save(portfolio_at(tmp_path, W1))
    with sa.create_engine(db_url).begin() as conn:
        conn.exec_driver_sql("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(HistoryError, match="schema version 99, newer than this pmo-xl's 3"):
        SnapshotStore(db_url)
    with sa.create_engine(db_url).connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM snapshots").scalar() == 1


def test_trends_read_only_the_tables_they_need(tmp_path, db_url):
    # A year of snapshots holds a million workload rows each: the milestone trend and
    # week over week must not read them. Old workload blobs made unreadable prove it.
    out = tmp_path / "out"
    run_week(tmp_path / "in", out, W1, base_tables(), db_url)
    run_week(tmp_path / "in", out, W2, week_two_tables(), db_url)
    store = SnapshotStore(db_url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE snapshot_tables SET data = :junk WHERE name = 'workload'"),
                     {"junk": b"not parquet"})
    run_week(tmp_path / "in", out, W3, week_two_tables(), db_url)  # MTA, week over week
    assert store.dates() == [W1, W2, W3]
    assert len(store_mta(store)[lambda m: m["id"] == "M2"]) == 3
    assert store.load_tables(W2, ["projects"])["projects"]["eac_days"].tolist() == [31.0]


def test_formulas_and_commands_follow_the_settings_history_url(tmp_path, db_url):
    """UDFs, macros and the CLI reach the history through the snapshot store, where the
    consolidation's settings put it (a database away from the master: a shared SQLite
    file, a PostgreSQL server)."""
    import importlib
    import sys
    from types import SimpleNamespace

    from pmo_xl.history import HISTORY_FILE
    from tests.ooxml import ROOT

    folder, out = tmp_path / "in", tmp_path / "out"
    for when, tables in ((W1, base_tables()), (W2, week_two_tables())):
        run_week(folder, out, when, tables, db_url)
    assert not (out / HISTORY_FILE).exists()  # nothing beside the master
    assert SnapshotStore(db_url).dates() == [W1, W2]
    run = CliRunner().invoke
    assert run(app, ["history", "list", "-o", str(out)]).output.split() == [
        "2026-02-27", "2026-03-06"]
    elsewhere = run(app, ["history", "list", "-o", str(tmp_path / "nowhere"), "--config",
                          str(folder / "pmo_xl.toml")])
    assert elsewhere.output.split() == ["2026-02-27", "2026-03-06"]
    trend = run(app, ["trend", "P-001", "-o", str(out), "--lang", "fr"])
    assert trend.output.splitlines() == ["2026-02-27\t27", "2026-03-06\t31"]
    show = run(app, ["history", "show", "2026-03-06", "-o", str(out), "--lang", "fr"])
    assert "En dégradation" in show.output and "Réestimé (j/h)" in show.output
    sys.path.insert(0, str(ROOT / "udfs"))
    udfs = importlib.import_module("pmo_udfs")
    book = SimpleNamespace(sheet=SimpleNamespace(book=SimpleNamespace(
        fullname=str(out / "Portfolio_2026-03-06.xlsx"))))
    assert udfs.PMO_TREND("P-001", "eac_days", None, book)[1:] == [
        [dt.datetime(2026, 2, 27), 27.0], [dt.datetime(2026, 3, 6), 31.0]]
    assert udfs.PMO_KPI("P-001", "eac_days", dt.datetime(2026, 2, 27), book) == 27.0


def test_reading_a_history_that_does_not_exist_creates_nothing(tmp_path):
    result = CliRunner().invoke(app, ["history", "list", "-o", str(tmp_path)])
    assert result.exit_code == 3 and "no history yet" in result.output
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(HistoryError):
        SnapshotStore(default_url(tmp_path), create=False)
    assert list(tmp_path.iterdir()) == []
