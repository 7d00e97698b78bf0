"""Schedules brought over as trackers: every figure of the tracker made, by hand.

The schedules are built in code and saved by MPXJ's own writers (tests/schedules.py).
The plan ERP-9 below, at 7 hours a day (420 minutes), status date Friday 13/03/2026:

- Bob (Developer, 75/h = 525/day) on Build > Code, 02/02–30/04: work 210 h, baseline
  175 h = 25 d, actual 70 h = 10 d, remaining 140 h = 20 d. Working days: February 20,
  March 22, April 22 (64). Planned 25 d: 7.81, 8.59, 8.60 (the hundredth left over goes to
  the heaviest, latest month). Actual 10 d over 02/02–13/03 (20 + 10 days): 6.67, 3.33.
  Remaining 20 d over 14/03–30/04 (12 + 22 days): 7.06, 12.94.
- Dan (Architect, 800/day) on Build > Design, 16/02–06/03: 35 h = 5 d, all done, no
  baseline work (the project has some, so he planned 0): actual 3.33 (10 days), 1.67 (5).
- Eve (no group, 50/h = 350/day) on UAT (a top-level task: no workstream), 01/04–29/05:
  56 h = 8 d, baseline 8 d, nothing done: 4.09 (22 days), 3.91 (21 days), planned alike.
- a material resource on Code: not days of work, left out.
Totals: planned 33, actual 15, remaining 28 days.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.schedules.spread import share_out, spread, spread_progress
from tests.builders import finding_set, make_tracker
from tests.ooxml import ooxml_errors
from tests.schedules import Asg, Res, Sched, Tsk, java_or_skip, write

D = dt.datetime
d = dt.date
runner = CliRunner()
CONFIG = 'today = 2026-03-16\n'  # the trackers speak for 13/03/2026


GO_LIVE, STATUS = D(2026, 4, 30, 17), D(2026, 3, 13, 17)


def erp(go_live: D = GO_LIVE, bob_actual: float = 70.0, material: bool = True,
        status: D = STATUS, data_migrated: bool = False) -> Sched:
    migrated = [Tsk("Data migrated", D(2026, 4, 24, 17), D(2026, 4, 24, 17), milestone=True)
                ] if data_migrated else []  # added after the baseline: none
    concrete = [Asg("Concrete", 10, D(2026, 2, 2, 8), D(2026, 4, 30, 17))] if material else []
    return Sched(
        title="ERP roll-out", manager="Ann Lee", status=status, minutes_per_day=420,
        resources=[Res("Bob", "Developer", 75.0), Res("Cid", "Developer", 75.0),
                   Res("Dan", "Architect", 800.0, "DAYS"), Res("Eve", None, 50.0),
                   Res("Concrete", kind="MATERIAL")],
        tasks=[
            Tsk("Build", children=[
                Tsk("Kick-off", D(2026, 2, 3, 8), D(2026, 2, 3, 8), milestone=True,
                    baseline_finish=D(2026, 2, 2, 8), actual_finish=D(2026, 2, 3, 8)),
                Tsk("Code", D(2026, 2, 2, 8), D(2026, 4, 30, 17), assignments=[
                    Asg("Bob", 210, D(2026, 2, 2, 8), D(2026, 4, 30, 17), baseline=175,
                        actual=bob_actual), *concrete]),
                Tsk("Design", D(2026, 2, 16, 8), D(2026, 3, 6, 17), assignments=[
                    Asg("Dan", 35, D(2026, 2, 16, 8), D(2026, 3, 6, 17), actual=35)]),
                Tsk("Design review", D(2026, 3, 6, 17), D(2026, 3, 6, 17), milestone=True,
                    baseline_finish=D(2026, 3, 6, 17)),
                Tsk("Go-live", go_live, go_live, milestone=True,
                    baseline_finish=D(2026, 4, 15, 17)),
                *migrated,
                Tsk(None, D(2026, 4, 1, 8), D(2026, 4, 1, 8), milestone=True),
            ]),
            Tsk("Phase gate", milestone=True, children=[
                Tsk("Gate preparation", D(2026, 3, 2, 8), D(2026, 3, 3, 17))]),
            Tsk("UAT", D(2026, 4, 1, 8), D(2026, 5, 29, 17), assignments=[
                Asg("Eve", 56, D(2026, 4, 1, 8), D(2026, 5, 29, 17), baseline=56)]),
        ])


CARD = {"Project code": "ERP-9", "Project name": "ERP roll-out", "Project manager": "Ann Lee",
        "Start date": D(2026, 2, 2), "Baseline end date": D(2026, 4, 15),
        "Forecast end date": D(2026, 5, 29), "Reporting date": D(2026, 3, 13),
        "Budget (days)": 33}
MILESTONES = [  # ID (the task's unique ID), name, baseline, forecast, actual, status
    ("2", "Kick-off", D(2026, 2, 2), D(2026, 2, 3), D(2026, 2, 3), "Done"),
    ("5", "Design review", D(2026, 3, 6), D(2026, 3, 6), None, "Late"),
    ("6", "Go-live", D(2026, 4, 15), D(2026, 4, 30), None, "At risk"),
]
WORKLOAD = [  # workstream, task, resource, role, month, planned, actual, remaining, rate
    ("Build", "Code", "Bob", "Developer", D(2026, 2, 1), 7.81, 6.67, None, None),
    ("Build", "Code", "Bob", "Developer", D(2026, 3, 1), 8.59, 3.33, 7.06, None),
    ("Build", "Code", "Bob", "Developer", D(2026, 4, 1), 8.6, None, 12.94, None),
    ("Build", "Design", "Dan", "Architect", D(2026, 2, 1), None, 3.33, None, None),
    ("Build", "Design", "Dan", "Architect", D(2026, 3, 1), None, 1.67, None, None),
    (None, "UAT", "Eve", None, D(2026, 4, 1), 4.09, None, 4.09, 350),
    (None, "UAT", "Eve", None, D(2026, 5, 1), 3.91, None, 3.91, 350),
]
RATES = [("Architect", 800), ("Developer", 525)]


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def card_of(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Project"]
    return {r[0]: r[1] for r in ws.iter_rows(min_row=4, max_col=2, values_only=True)
            if r[1] is not None}


def rows_of(path: Path, sheet: str, width: int) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [r[:width] for r in ws.iter_rows(min_row=4, values_only=True) if any(r[:width])]


# --- spreading by hand (no Java needed) ---------------------------------------------------

def test_spread_over_working_days_by_hand():
    assert spread(25, d(2026, 2, 2), d(2026, 4, 30)) == {
        d(2026, 2, 1): 7.81, d(2026, 3, 1): 8.59, d(2026, 4, 1): 8.6}
    assert spread_progress(10, 20, d(2026, 2, 2), d(2026, 4, 30), d(2026, 3, 13)) == (
        {d(2026, 2, 1): 6.67, d(2026, 3, 1): 3.33}, {d(2026, 3, 1): 7.06, d(2026, 4, 1): 12.94})
    # a weekend, or an end before the start: all in the start's month
    assert spread(3, d(2026, 2, 28), d(2026, 3, 1)) == {d(2026, 2, 1): 3}
    assert spread(3, d(2026, 5, 4), d(2026, 4, 1)) == {d(2026, 5, 1): 3}
    # work left after the finish: from the day after the status date; done before the
    # start: in the status month
    assert spread_progress(2, 4, d(2026, 4, 1), d(2026, 4, 2), d(2026, 3, 13)) == (
        {d(2026, 3, 1): 2}, {d(2026, 4, 1): 4})
    assert spread_progress(0, 4, d(2026, 1, 5), d(2026, 1, 9), d(2026, 3, 13)) == (
        {}, {d(2026, 3, 1): 4})
    thirds = share_out(1, {d(2026, 1, 1): 1, d(2026, 2, 1): 1, d(2026, 3, 1): 1})
    assert thirds == {d(2026, 1, 1): 0.33, d(2026, 2, 1): 0.33, d(2026, 3, 1): 0.34}


# --- import --------------------------------------------------------------------------------

def test_import_writes_every_figure_of_the_plan(tmp_path):
    schedule = write(erp(), tmp_path / "erp.xml")
    out = tmp_path / "trackers"
    result = run("import", schedule, "-o", out, "--code", "ERP-9")
    assert result.exit_code == 0, result.output
    tracker = out / "ERP-9_ERP_roll-out.xlsx"
    assert f"wrote {tracker} (3 milestones, 7 workload rows, 33 d planned)" in \
        result.output.replace("\n", "")
    assert card_of(tracker) == CARD
    assert rows_of(tracker, "Milestones", 6) == MILESTONES
    assert rows_of(tracker, "Workload", 9) == WORKLOAD
    assert rows_of(tracker, "Rates", 2) == RATES
    assert ooxml_errors(tracker) == []
    book = openpyxl.load_workbook(tracker)
    assert {n for ws in book for n in ws.tables} >= {"tblWorkload", "tblMilestones", "tblRisks"}

    import pmo_xl

    (out / "pmo_xl.toml").write_text(CONFIG)
    portfolio = pmo_xl.consolidate(out)
    assert finding_set(portfolio) == {("MILESTONE_FORECAST_PASSED", "Milestones", "D5")}
    p = portfolio.projects.iloc[0]
    assert (p["project"], p["planned_days"], p["consumed_days"], p["remaining_days"],
            p["eac_days"], p["budget_days"]) == ("ERP-9", 33, 15, 28, 43, 33)
    assert (round(p["planned_cost"], 2), round(p["consumed_cost"], 2),
            round(p["remaining_cost"], 2)) == (25 * 525 + 8 * 350, 10 * 525 + 5 * 800,
                                               20 * 525 + 8 * 350)
    assert portfolio.milestones["status"].tolist() == ["Done", "Late", "At risk"]


def test_the_tracker_in_french(tmp_path):
    schedule = write(erp(), tmp_path / "erp.xml")
    result = run("import", schedule, "-o", tmp_path, "--lang", "fr")
    assert result.exit_code == 0, result.output
    tracker = tmp_path / "erp_ERP_roll-out.xlsx"  # no code in the file: its name
    ws = openpyxl.load_workbook(tracker)["Jalons"]
    assert [r[5] for r in ws.iter_rows(min_row=4, max_row=6, values_only=True)] == [
        "Atteint", "En retard", "À risque"]
    assert "écrit" in result.output


def test_the_same_plan_as_mpx_and_consolidated_as_it_is(tmp_path):
    """MPX keeps no status date (the day of the run stands for it), nor rates, nor
    material resources (written without it); the rest is the same plan. A schedule in
    the trackers folder consolidates as its tracker does."""
    from pmo_xl.schedules import read_schedule

    mspdi = read_schedule(write(erp(), tmp_path / "erp.xml"), "ERP-9")
    mpx = read_schedule(write(erp(material=False), tmp_path / "erp.mpx", "MPX"), "ERP-9",
                        today=d(2026, 3, 13))
    assert mpx.card == mspdi.card
    assert mpx.milestones == mspdi.milestones
    assert mpx.totals == mspdi.totals == {"planned": 33, "actual": 15, "remaining": 28}
    assert [{**r, "rate": None} for r in mpx.workload] == [
        {**r, "rate": None} for r in mspdi.workload]
    assert mpx.rates == []

    import pmo_xl

    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(tmp_path / "erp.xml", folder / "erp.xml")
    (folder / "notes.xml").write_text("<notes>not a schedule</notes>")  # ignored
    (folder / "pmo_xl.toml").write_text(CONFIG)
    alone = pmo_xl.consolidate(folder)
    assert finding_set(alone) == {("MILESTONE_FORECAST_PASSED", "Milestones", "D5")}
    assert alone.sources["file"].tolist() == [str(folder / "erp.xml")]
    p = alone.projects.iloc[0]
    assert (p["project"], p["planned_days"], p["consumed_days"], p["remaining_days"]) == (
        "erp", 33, 15, 28)
    make_tracker(folder, "P-001.xlsx")  # with a workbook, in file order, from the cache after
    for _ in range(2):
        both = pmo_xl.consolidate(folder, cache=tmp_path / "cache")
        assert both.sources["file"].tolist() == [str(folder / "P-001.xlsx"),
                                                 str(folder / "erp.xml")]
        assert both.projects["project"].tolist() == ["P-001", "erp"]
        assert both.projects["planned_days"].iloc[1] == pytest.approx(33)
        assert not (both.findings["severity"] == "error").any()


def test_once_java_runs_the_readers_pool_is_not_forked(tmp_path):
    """A process running the Java VM is never forked (its child could inherit a lock a
    VM thread held): with Java started, the workbooks are read by fresh interpreters."""
    import pmo_xl
    from pmo_xl.forking import pool_context
    from pmo_xl.settings import Settings

    java_or_skip()
    assert pool_context().get_start_method() == "forkserver"
    folder = tmp_path / "folder"
    folder.mkdir()
    for k in range(8):  # PARALLEL_FROM: read by a pool of two
        make_tracker(folder, f"P-{k:03}.xlsx", code=f"P-{k:03}")
    write(erp(), folder / "erp.xml")
    p = pmo_xl.consolidate(folder, Settings(workers=2, today=d(2026, 3, 16)))
    assert p.projects["project"].tolist() == [f"P-{k:03}" for k in range(8)] + ["erp"]
    assert not (p.findings["severity"] == "error").any()


def test_timephased_data_say_when_the_work_is_done(tmp_path):
    """Where the schedule keeps timephased work, its months are used: Bob's 240 actual
    hours were all done in February (12 h a day), his 272 remaining hours are all in April;
    his baseline has no timephased data, so it is spread (20, 22, 22 working days)."""
    from pmo_xl.schedules import read_schedule

    plan = Sched(title="Phased", status=D(2026, 3, 13, 17), resources=[Res("Bob", "Dev")],
                 tasks=[Tsk("Code", D(2026, 2, 2, 8), D(2026, 4, 30, 17), assignments=[
                     Asg("Bob", 512, D(2026, 2, 2, 8), D(2026, 4, 30, 17), baseline=480,
                         actual=240,
                         actual_phased=(D(2026, 2, 2, 8), D(2026, 2, 27, 17), 240, 12),
                         remaining_phased=(D(2026, 4, 1, 8), D(2026, 4, 30, 17), 272,
                                           272 / 22))])])
    got = read_schedule(write(plan, tmp_path / "phased.xml"))
    assert [(r["month"], r["planned"], r["actual"], r["remaining"]) for r in got.workload] == [
        (d(2026, 2, 1), 18.75, 30, None), (d(2026, 3, 1), 20.62, None, None),
        (d(2026, 4, 1), 20.63, None, 34)]
    assert got.card["code"] == "phased" and got.card["budget_days"] == 60


def test_primavera_project_id_is_the_code(tmp_path):
    from pmo_xl.schedules import read_schedule

    path = write(erp(), tmp_path / "erp.pmxml", "PMXML", project_id="P6-ERP")
    plan = read_schedule(path)
    assert plan.card["code"] == "P6-ERP"
    assert plan.totals["actual"] > 0


# --- bad input ------------------------------------------------------------------------------

def test_bad_schedules_are_named_and_the_others_go_on(tmp_path):
    java_or_skip()
    good = write(erp(), tmp_path / "erp.xml")
    (tmp_path / "corrupt.mpp").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (tmp_path / "empty.xer").write_bytes(b"")
    (tmp_path / "notes.mpx").write_text("hello")
    write(Sched(title="Nothing yet"), tmp_path / "noTasks.xml")
    out = tmp_path / "out"
    result = run("import", tmp_path / "corrupt.mpp", tmp_path / "empty.xer",
                 tmp_path / "notes.mpx", tmp_path / "noTasks.xml", good, "-o", out)
    said = result.output.replace("\n", "")
    assert result.exit_code == 3, said
    assert "Traceback" not in said
    assert f"{tmp_path / 'empty.xer'}: schedule cannot be read (empty file); skipped" in said
    assert f"{tmp_path / 'notes.mpx'}: schedule cannot be read (a format MPXJ does not " \
           "know); skipped" in said
    assert f"{tmp_path / 'noTasks.xml'}: schedule cannot be read (no task in it)" in said
    assert f"{tmp_path / 'corrupt.mpp'}: schedule cannot be read (" in said
    assert [p.name for p in out.iterdir()] == ["erp_ERP_roll-out.xlsx"]
    again = run("import", good, "-o", out)  # never overwritten
    assert again.exit_code == 3 and "--update" in again.output

    import pmo_xl

    (tmp_path / "pmo_xl.toml").write_text(CONFIG)
    (tmp_path / "out" / "erp_ERP_roll-out.xlsx").unlink()
    portfolio = pmo_xl.consolidate(tmp_path)
    assert finding_set(portfolio, severity="error") == {
        ("SCHEDULE_UNREADABLE", "", "")}
    bad = portfolio.findings[portfolio.findings["rule"] == "SCHEDULE_UNREADABLE"]
    assert sorted(Path(f).name for f in bad["file"]) == [
        "corrupt.mpp", "empty.xer", "noTasks.xml", "notes.mpx"]
    assert portfolio.projects["project"].tolist() == ["erp"]


def test_password_protected_schedules_are_refused_clearly():
    from pmo_xl.schedules.convert import unreadable_reason

    assert unreadable_reason("File is password protected") == "schedule_password"
    assert unreadable_reason("Unexpected end of file") == "schedule_corrupt"
    from pmo_xl.schema.rules import reason_text

    assert reason_text({"key": "schedule_password"}, "en") == \
        "password-protected: save it without a password"


def test_without_the_extra_one_finding_says_how_to_enable_it(tmp_path, monkeypatch):
    import pmo_xl

    consolidation = sys.modules["pmo_xl.consolidate"]  # the package's name is the function's
    (tmp_path / "a.mpp").write_bytes(b"x")
    (tmp_path / "b.xer").write_bytes(b"x")
    (tmp_path / "pmo_xl.toml").write_text(CONFIG)
    monkeypatch.setattr(consolidation, "extra_installed", lambda: False)
    portfolio = pmo_xl.consolidate(tmp_path)
    assert finding_set(portfolio) == {("SCHEDULES_NOT_ENABLED", "", "")}
    message = portfolio.findings["message"].iloc[0]
    assert message.startswith("2 schedule(s)") and 'pip install "pmo-xl[schedules]"' in message
    assert portfolio.sources["used"].tolist() == [False, False]


def consolidate_failing(tmp_path, monkeypatch, failure, names=("a.mpp",)):
    """Consolidate a folder of schedules, the extra installed, MPXJ failing so."""
    import pmo_xl
    import pmo_xl.schedules.raw as raw

    def fail(*_: object, **__: object):
        raise failure

    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "pmo_xl.toml").write_text(CONFIG)
    monkeypatch.setattr(raw, "read_schedule", fail)
    monkeypatch.setattr(sys.modules["pmo_xl.consolidate"], "extra_installed", lambda: True)
    return pmo_xl.consolidate(tmp_path), fail


def test_without_java_one_finding_and_one_message(tmp_path, monkeypatch):
    from pmo_xl.schedules.java import no_java

    portfolio, missing = consolidate_failing(tmp_path, monkeypatch,
                                             no_java("JVMNotFoundException"),
                                             ("a.mpp", "b.xer"))
    assert finding_set(portfolio) == {("SCHEDULES_NO_JAVA", "", "")}
    assert "default-jre-headless" in portfolio.findings["message"].iloc[0]

    monkeypatch.setattr("pmo_xl.provision.read_schedule", missing)
    result = run("import", tmp_path / "a.mpp", tmp_path / "b.xer", "-o", tmp_path / "o")
    assert result.exit_code == 3
    said = result.output.replace("\n", " ")
    assert said.count("needs Java") == 1 and "apt-get install default-jre-headless" in said


def test_start_java_says_how_to_install_it(monkeypatch):
    pytest.importorskip("jpype")
    import jpype

    from pmo_xl.exceptions import SchedulesUnavailable
    from pmo_xl.schedules.java import start_java

    def not_found() -> str:
        raise jpype.JVMNotFoundException("No JVM shared library file (libjvm.so) found")

    monkeypatch.setattr(jpype, "isJVMStarted", lambda: False)
    monkeypatch.setattr(jpype, "getDefaultJVMPath", not_found)
    with pytest.raises(SchedulesUnavailable) as caught:
        start_java()
    assert "JVMNotFoundException" in str(caught.value)
    assert "winget install Microsoft.OpenJDK.21" in str(caught.value)
    assert "installez un environnement Java" in caught.value.message("fr")


# --- the weekly round trip ------------------------------------------------------------------

def _structure(path: Path) -> dict[str, tuple]:
    """Per sheet: its Excel Tables, validations and conditional formats."""
    book = openpyxl.load_workbook(path)
    return {ws.title: (sorted((t.displayName, t.ref) for t in ws.tables.values()),
                       sorted((str(v.sqref), v.formula1)
                              for v in ws.data_validations.dataValidation),
                       sorted(str(r.sqref) for r in ws.conditional_formatting))
            for ws in book}


def test_update_refreshes_the_plan_and_keeps_what_the_pm_typed(tmp_path):
    """A week later: Bob did 35 more hours (15 d done: 8.57 + 6.43 over 20 + 15 working
    days; 15 d left: 3.62 + 11.38 over 7 + 22), Go-live moved to 15/05, a milestone was
    added; the PM had typed a risk, a comment and a milestone of her own."""
    out = tmp_path / "trackers"
    assert run("import", write(erp(), tmp_path / "erp.xml"), "-o", out, "--code", "ERP-9"
               ).exit_code == 0
    tracker = out / "ERP-9_ERP_roll-out.xlsx"
    book = openpyxl.load_workbook(tracker)
    risks, milestones = book["Risks"], book["Milestones"]
    for col, value in enumerate(["R1", "Vendor late", "Schedule", 3, 4, "Ann Lee", "Escalate",
                                 D(2026, 4, 1), "Open", D(2026, 3, 2)], start=1):
        risks.cell(4, col, value)
    milestones.cell(6, 7, "Yes")
    milestones.cell(6, 8, "Vendor must deliver first")
    for col, value in enumerate(["B1", "Board sign-off", D(2026, 6, 5), D(2026, 6, 5), None,
                                 "On track", "Yes"], start=1):
        milestones.cell(7, col, value)
    milestones.tables["tblMilestones"].ref = "A3:H7"  # as Excel takes a typed row in
    book["Project"]["B20"] = "Build on track."
    book.save(tracker)
    before = _structure(tracker)

    v2 = write(erp(go_live=D(2026, 5, 15, 17), bob_actual=105, status=D(2026, 3, 20, 17),
                   data_migrated=True), tmp_path / "erp-v2.xml")
    result = run("import", v2, "--code", "ERP-9", "--update", tracker)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"updated {tracker}",
        "  milestone moved: Go-live 30/04/2026 → 15/05/2026",
        "  milestone added: Data migrated",
        "  milestone no longer in the plan (kept): Board sign-off",
        "  Reporting date: 13/03/2026 → 20/03/2026",
        "  actual days: 15 → 20 (+5)",
        "  remaining days: 28 → 23 (-5)",
    ]
    assert rows_of(tracker, "Risks", 10) == [
        ("R1", "Vendor late", "Schedule", 3, 4, "Ann Lee", "Escalate", D(2026, 4, 1), "Open",
         D(2026, 3, 2))]
    assert rows_of(tracker, "Milestones", 8) == [
        ("2", "Kick-off", D(2026, 2, 2), D(2026, 2, 3), D(2026, 2, 3), "Done", None, None),
        ("5", "Design review", D(2026, 3, 6), D(2026, 3, 6), None, "Late", None, None),
        ("6", "Go-live", D(2026, 4, 15), D(2026, 5, 15), None, "At risk", "Yes",
         "Vendor must deliver first"),
        ("B1", "Board sign-off", D(2026, 6, 5), D(2026, 6, 5), None, "On track", "Yes", None),
        ("7", "Data migrated", D(2026, 4, 24), D(2026, 4, 24), None, "On track", None, None)]
    bob = [("Build", "Code", "Bob", "Developer", D(2026, 2, 1), 7.81, 8.57, None, None),
           ("Build", "Code", "Bob", "Developer", D(2026, 3, 1), 8.59, 6.43, 3.62, None),
           ("Build", "Code", "Bob", "Developer", D(2026, 4, 1), 8.6, None, 11.38, None)]
    assert rows_of(tracker, "Workload", 9) == bob + WORKLOAD[3:]
    card = card_of(tracker)
    assert card["Reporting date"] == D(2026, 3, 20) and card["Highlights"] == "Build on track."
    assert card["Budget (days)"] == 33
    after = _structure(tracker)
    assert after["Milestones"][0] == [("tblMilestones", "A3:H8")]
    assert {k: v for k, v in after.items() if k != "Milestones"} == {
        k: v for k, v in before.items() if k != "Milestones"}
    assert after["Milestones"][1:] == before["Milestones"][1:]
    assert ooxml_errors(tracker) == []

    import pmo_xl

    (out / "pmo_xl.toml").write_text("today = 2026-03-23\n")
    portfolio = pmo_xl.consolidate(out)
    assert finding_set(portfolio) == {("MILESTONE_FORECAST_PASSED", "Milestones", "D5")}
    p = portfolio.projects.iloc[0]
    assert (p["planned_days"], p["consumed_days"], p["remaining_days"], p["open_risks"]) == (
        33, 20, 23, 1)

    again = run("import", v2, "--code", "ERP-9", "--update", tracker)
    assert again.output.splitlines()[1:] == [  # the same plan again: only what it lacks
        "  milestone no longer in the plan (kept): Board sign-off"]
    assert rows_of(tracker, "Workload", 9) == bob + WORKLOAD[3:]


def test_update_needs_a_long_workload(tmp_path):
    from pmo_xl.xlsx import write_tracker

    grid = write_tracker(tmp_path / "grid.xlsx", {"code": "G", "name": "Grid"}, layout="grid")
    result = run("import", write(erp(), tmp_path / "erp.xml"), "--update", grid)
    assert result.exit_code == 3
    assert "long form" in result.output
    assert run("import", tmp_path / "erp.xml", "--update", grid, "-o", tmp_path
               ).exit_code == 2


def test_update_a_french_tracker_in_french(tmp_path):
    out = tmp_path / "suivis"
    assert run("import", write(erp(), tmp_path / "erp.xml"), "-o", out, "--lang", "fr"
               ).exit_code == 0
    tracker = out / "erp_ERP_roll-out.xlsx"
    v2 = write(erp(go_live=D(2026, 5, 15, 17), data_migrated=True), tmp_path / "erp.xml")
    result = run("import", v2, "--update", tracker, "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"mis à jour {tracker}",
        "  jalon déplacé : Go-live 30/04/2026 → 15/05/2026",
        "  jalon ajouté : Data migrated"]
    assert [r[5] for r in rows_of(tracker, "Jalons", 6)] == [
        "Atteint", "En retard", "À risque", "Dans les temps"]
    again = run("import", v2, "--update", tracker, "--lang", "fr")
    assert again.output.splitlines() == [f"mis à jour {tracker}", "  rien n'a changé"]


def test_a_surprise_inside_mpxj_is_a_finding_not_a_traceback(tmp_path, monkeypatch):
    portfolio, _ = consolidate_failing(tmp_path, monkeypatch,
                                       TypeError("No matching overloads found"))
    assert finding_set(portfolio) == {("SCHEDULE_UNREADABLE", "", "")}
    assert "TypeError: No matching overloads found" in portfolio.findings["message"].iloc[0]
