"""The weekly cycle as PMOs live it: the right dates, nothing dropped, the documented exit
codes with one message each, files colleagues can open."""

from __future__ import annotations

import datetime as dt
import os
import stat
import time

import pytest
from pptx import Presentation
from typer.testing import CliRunner

import pmo_xl
from pmo_xl.cli import app
from pmo_xl.history import SnapshotStore, default_url, week_over_week
from pmo_xl.settings import Settings
from tests.builders import TODAY, base_tables, make_tracker
from tests.hostile import rewrite_part
from tests.test_history import W1, W2, W3, run_week, week_two_tables

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def weeks(tmp_path):
    """Three reporting weeks into one output folder; the third week's EAC is 35."""
    out = tmp_path / "out"
    run_week(tmp_path / "in", out, W1, base_tables())
    run_week(tmp_path / "in", out, W2, week_two_tables())
    third = week_two_tables()
    third["workload"][1]["actual"] = 12  # 4 more days: EAC 31 -> 35
    run_week(tmp_path / "in", out, W3, third)
    return out


def test_a_deck_from_last_weeks_master_is_last_weeks(weeks, tmp_path):
    deck = tmp_path / "w2.pptx"
    result = run("deck", weeks / "Portfolio_2026-03-06.xlsx", "-o", deck)
    assert result.exit_code == 0, result.output
    prs = Presentation(str(deck))
    slides = {s.shapes.title.text: s for s in prs.slides if s.shapes.title is not None}
    title = next(s for s in prs.slides)
    assert any(ph.text == "06/03/2026" for ph in title.placeholders)
    status = next(sh.table for sh in slides["Portfolio status"].shapes if sh.has_table)
    assert status.cell(1, 5).text.startswith("31 / 100")  # W2's EAC, not W3's 35
    assert "Since the last report" in slides  # W2 against W1, from the history
    project = slides["P-001 — ERP roll-out"]
    mta = next(sh.chart for sh in project.shapes if sh.has_chart)
    go = next(s for s in mta.plots[0].series if s.name == "Go-live")
    assert len(list(go.values)) == 2  # the weeks known on 06/03: W1 and W2, not W3


def test_a_master_copied_alone_is_a_clear_error(weeks, tmp_path):
    alone = tmp_path / "elsewhere"
    alone.mkdir()
    (alone / "Portfolio_2026-03-06.xlsx").write_bytes(
        (weeks / "Portfolio_2026-03-06.xlsx").read_bytes())
    result = run("deck", alone / "Portfolio_2026-03-06.xlsx", "-o", tmp_path / "d.pptx")
    assert result.exit_code == 3
    assert "no figures recorded for 06/03/2026" in result.output
    assert not (tmp_path / "d.pptx").exists()


def test_a_bogus_week_can_be_deleted_and_prune_keeps_one(weeks):
    assert run("history", "delete", "13/03/2026", "-o", weeks).exit_code == 0
    assert run("history", "list", "-o", weeks).output.split() == ["2026-02-27", "2026-03-06"]
    assert run("history", "delete", "13/03/2026", "-o", weeks).exit_code == 3  # gone
    assert run("history", "prune", "--keep", "0", "-o", weeks).exit_code == 2
    assert run("history", "prune", "--keep", "-3", "-o", weeks).exit_code == 2
    assert run("history", "show", "06/03/2026", "-o", weeks).exit_code == 0  # as printed
    assert run("history", "show", "2026-13-01", "-o", weeks).exit_code == 2


def test_risks_sharing_an_id_make_no_false_trend(tmp_path):
    """Two risks a PM gave the same ID are two risks, week after week."""
    tables = base_tables()
    tables["risks"][1]["id"] = "R1"  # "Vendor late" copied from "Key developer leaves"
    p1 = pmo_xl.consolidate(make_tracker(tmp_path / "a", tables=tables),
                            Settings(today=TODAY, workers=1))
    p2 = pmo_xl.consolidate(make_tracker(tmp_path / "b", tables=tables),
                            Settings(today=TODAY, workers=1))
    moves = week_over_week(p1.tables(), p2.tables()).iloc[0]
    assert (moves.new_risks, moves.closed_risks, moves.worsened_risks) == (0, 0, 0)
    assert moves.computed_trend == "Stable"


@pytest.mark.parametrize(("args", "code", "says"), [
    (["consolidate", "{in}", "-o", "{file}/out"], 4, "cannot create"),
    (["consolidate", "{in}", "-o", "{out}", "--template", "x.pptx"], 2, "add --deck"),
    (["consolidate", "{in}", "-o", "{out}", "--deck", "--template", "{in}/none.pptx"], 3,
     "cannot open deck template"),
    (["consolidate", "{in}", "-o", "{out}", "--as-of", "31/02/2026"], 2, "is not a date"),
    (["consolidate", "{in}"], 2, "Missing option"),
    (["consolidate", "{in}/nope", "-o", "{out}"], 3, "no such file or folder"),
    (["validate", "{empty}"], 3, "no tracker workbook found"),
    (["consolidate", "{empty}", "-o", "{out}"], 3, "no tracker workbook found"),
    (["new-tracker", "-o", "{out}/x.xlsx"], 2, "give --code and --name"),
])
def test_documented_exit_codes_with_one_message_and_no_traceback(tmp_path, args, code, says):
    folder, empty = tmp_path / "in", tmp_path / "empty"
    make_tracker(folder)
    empty.mkdir()
    (tmp_path / "file").write_text("not a folder")
    values = {"in": folder, "out": tmp_path / "out", "file": tmp_path / "file",
              "empty": empty}
    result = run(*[a.format(**values) for a in args])
    assert result.exit_code == code, result.output
    flat = " ".join(result.output.split()).replace("│", "")
    assert says in " ".join(flat.split())
    assert "Traceback" not in result.output
    assert result.output.count(says) <= 1
    if code == 3 and "template" in says:
        assert not (tmp_path / "out" / "data").exists()  # checked before writing anything


def test_files_honour_the_umask_and_stale_temporaries_go(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    make_tracker(folder)
    out.mkdir()
    left = out / ".Portfolio_2026-03-13.x1y2.xlsx.tmp"  # a run killed mid-write
    left.write_text("half a workbook")
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    old = os.umask(0o022)
    try:
        assert run("consolidate", folder, "-o", out, "--deck", "-q").exit_code == 0
        assert run("new-tracker", "--code", "P-9", "--name", "X", "-o",
                   tmp_path / "P-9.xlsx").exit_code == 0
    finally:
        os.umask(old)
    written = [out / "Portfolio_2026-03-13.xlsx", out / "Portfolio_2026-03-13.pptx",
               out / "data" / "projects.parquet", out / "data" / "findings.csv",
               tmp_path / "P-9.xlsx"]
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}
    assert not left.exists()


def test_a_sheet_of_unnumbered_rows_beyond_excels_grid_is_refused(tmp_path, settings):
    good = make_tracker(tmp_path / "src", "good.xlsx")
    rows = b"<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>" * 1_050_000
    rewrite_part(good, tmp_path / "tall.xlsx", "xl/worksheets/sheet2.xml",
                 lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>", 1))
    p = pmo_xl.consolidate(tmp_path / "tall.xlsx", settings)
    assert p.findings[["rule"]].values.tolist() == [["FILE_TOO_LARGE"]]
    assert "beyond Excel's grid" in p.findings["message"].iloc[0]


def test_the_ribbon_keeps_the_links_and_waits_for_the_scheduled_run(tmp_path):
    from filelock import FileLock

    from pmo_xl.excel.macros import run_action
    from pmo_xl.runlock import LOCK_NAME, OWNER_NAME
    from tests.excel_host import FileHost

    make_tracker(tmp_path / "trackers")
    (tmp_path / "trackers" / "junk.xlsx").write_text("not a workbook")
    (tmp_path / "trackers" / "pmo_xl.toml").write_text("today = 2026-03-16\n")
    assert run("consolidate", tmp_path / "trackers", "-o", tmp_path / "out", "-q").exit_code \
        == 0
    master = tmp_path / "out" / "Portfolio_2026-03-13.xlsx"
    host = FileHost(master)
    run_action("settings", host)
    host.write_cells("PMO settings", 2, 1, [["../trackers"], ["."]])
    host.save()
    assert run_action("validate", FileHost(master)).startswith("1 errors")
    ws = FileHost(master).book["Data quality"]
    link = ws.cell(2, 10).hyperlink
    assert ws.cell(2, 10).value == "Go to cell" and link.target == "../trackers/junk.xlsx"
    import pmo_xl.excel.macros as macros

    macros.RIBBON_WAIT = 0.2
    (tmp_path / "out" / OWNER_NAME).write_text(
        '{"user": "svc-pmo", "host": "SCHED-01", "pid": 1, "since": "2026-03-16T06:00:00"}')
    with FileLock(str(tmp_path / "out" / LOCK_NAME)):
        told = run_action("consolidate", FileHost(master))
    assert "svc-pmo on SCHED-01 since 16/03/2026 06:00" in told


def test_pmo_slip_counts_the_portfolios_holidays(tmp_path):
    from pmo_xl.excel import udf

    fr = Settings(holidays="FR")
    # Thu 30/04/2026 to Mon 04/05/2026: Fri 1 May is a French holiday.
    assert udf.slip(dt.date(2026, 4, 30), dt.date(2026, 5, 4)) == 2
    assert udf.slip(dt.date(2026, 4, 30), dt.date(2026, 5, 4), fr) == 1


def test_macos_questions_go_through_a_dialog():
    pytest.importorskip("xlwings")
    from pmo_xl.excel.xlwings_host import ask_macos

    calls = []

    def fake(cmd, **kwargs):
        calls.append(cmd)
        return type("Done", (), {"returncode": 0, "stdout": "P-042\n"})()

    assert ask_macos('Project code (e.g. "P-042")', run=fake) == "P-042"
    assert calls[0][:2] == ["osascript", "-e"] and '\\"P-042\\"' in calls[0][2]
    cancelled = type("Done", (), {"returncode": 1, "stdout": ""})()
    assert ask_macos("Code", run=lambda *a, **k: cancelled) is None


def test_the_stale_check_and_history_use_the_portfolios_date(tmp_path):
    """A run a week later changes nothing: ages are counted from the portfolio's date."""
    make_tracker(tmp_path / "t")
    later = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY + dt.timedelta(days=30),
                                                         workers=1))
    assert later.reporting_date == dt.date(2026, 3, 13)
    assert later.findings.empty and not later.projects["stale"].any()
    store = SnapshotStore(default_url(tmp_path))
    assert store.save(later) == dt.date(2026, 3, 13)  # recorded as the week it speaks for


def test_progress_is_shown_on_a_terminal_only():
    """A spinner names each long stage on a terminal; a pipe or a log gets nothing."""
    import io

    from rich.console import Console

    from pmo_xl.cli.run import _stage

    for console in (Console(file=io.StringIO(), force_terminal=False),
                    Console(file=io.StringIO(), force_terminal=True, quiet=True)):
        with _stage(console, "master", "en"):
            pass
        assert console.file.getvalue() == ""
    shown = Console(file=io.StringIO(), force_terminal=True)
    with _stage(shown, "master", "fr"):
        time.sleep(0.3)
    assert "Écriture du classeur maître" in shown.file.getvalue()


def test_errors_are_told_in_the_chosen_language(tmp_path):
    french = run("validate", tmp_path / "nope", "--lang", "fr")
    assert french.exit_code == 3
    assert "fichier ou dossier introuvable" in french.output
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pmo_xl.toml").write_text('language = "fr"\n')
    empty = run("validate", tmp_path / "in")  # the settings' language, without --lang
    assert empty.exit_code == 3 and "aucun classeur de suivi trouvé" in empty.output
    usage = run("new-tracker", "-o", tmp_path / "x.xlsx", "--lang", "fr")
    assert usage.exit_code == 2 and "donnez --code et --name" in usage.output
