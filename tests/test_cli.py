"""The command line, as a scheduled run and a PMO at a terminal would use it."""

import subprocess
import sys
from pathlib import Path

import filelock
import openpyxl
import pandas as pd
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.exceptions import UsageError
from pmo_xl.runlock import LOCK_NAME
from tests.builders import base_project, base_tables, make_tracker

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def pin_today(folder):
    """Trackers speak for 13/03/2026: measure staleness from then, not from the clock."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pmo_xl.toml").write_text("today = 2026-03-16\n")


def test_consolidate_writes_tables_findings_and_a_log(tmp_path):
    trackers = tmp_path / "in"
    pin_today(trackers)
    tables = base_tables()
    tables["risks"][0]["risk"] = "=cmd|' /C calc'!A0"
    make_tracker(trackers, tables=tables)
    (trackers / "junk.xlsx").write_text("not a workbook")
    out = tmp_path / "out"
    result = run("consolidate", trackers, "-o", out, "--quiet")
    assert result.exit_code == 0, result.output
    projects = pd.read_parquet(out / "data" / "projects.parquet")
    assert projects[["project", "eac_days", "computed_status"]].values.tolist() == [
        ["P-001", 27.0, "Amber"]]
    findings = pd.read_csv(out / "data" / "findings.csv", encoding="utf-8-sig")
    assert findings["Rule"].tolist() == ["FILE_UNREADABLE"]  # headers are the labels
    assert findings["Message"].tolist() == [
        "Not a readable workbook (not an Excel file); file left out."]
    risks_csv = (out / "data" / "risks.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in risks_csv  # defused for Excel
    assert pd.read_parquet(out / "data" / "risks.parquet")["risk"][0] == "=cmd|' /C calc'!A0"
    (log,) = (out / "logs").glob("pmo-xl_*.log")
    text = log.read_text()
    assert "FILE_UNREADABLE" not in text or "junk.xlsx" in text
    assert "done in" in text


def test_second_consolidation_takes_unchanged_trackers_from_the_cache(tmp_path):
    trackers = tmp_path / "in"
    pin_today(trackers)
    make_tracker(trackers, "a.xlsx")
    (trackers / "junk.xlsx").write_text("not a workbook")
    out = tmp_path / "out"
    assert run("consolidate", trackers, "-o", out, "--quiet").exit_code == 0
    first = pd.read_parquet(out / "data" / "projects.parquet")
    assert (out / ".pmo_xl_cache" / "current.json").is_file()
    stamp = (out / ".pmo_xl_cache" / "current.json").stat().st_mtime_ns
    assert run("consolidate", trackers, "-o", out, "--quiet").exit_code == 0
    # Nothing changed: the cache is used as it is, and the outputs are the same.
    assert (out / ".pmo_xl_cache" / "current.json").stat().st_mtime_ns == stamp
    pd.testing.assert_frame_equal(pd.read_parquet(out / "data" / "projects.parquet"), first)
    assert pd.read_csv(out / "data" / "findings.csv", encoding="utf-8-sig")["Rule"].tolist() \
        == ["FILE_UNREADABLE"]
    other = tmp_path / "out2"
    assert run("consolidate", trackers, "-o", other, "--quiet", "--no-cache").exit_code == 0
    assert not (other / ".pmo_xl_cache").exists()


def test_deck_takes_unchanged_trackers_from_a_runs_cache_and_leaves_it(tmp_path, monkeypatch):
    from tests.builders import base_project

    consolidation = sys.modules["pmo_xl.consolidate"]

    trackers = tmp_path / "in"
    pin_today(trackers)
    (trackers / "pmo_xl.toml").write_text("today = 2026-03-16\nworkers = 1\n")
    make_tracker(trackers, "a.xlsx")
    make_tracker(trackers, "b.xlsx", project=base_project(code="P-002"))
    out = tmp_path / "out"
    assert run("consolidate", trackers, "-o", out, "--quiet").exit_code == 0
    current = (out / ".pmo_xl_cache" / "current.json").read_text()
    seen: list[str] = []
    real = consolidation.load_tracker
    monkeypatch.setattr(consolidation, "load_tracker",
                        lambda path, settings: seen.append(Path(path).name) or real(path, settings))
    result = run("deck", trackers, "-o", tmp_path / "deck.pptx", "--cache-from", out, "-q")
    assert result.exit_code == 0, result.output
    assert seen == [] and (tmp_path / "deck.pptx").stat().st_size > 10_000
    make_tracker(trackers, "b.xlsx", project=base_project(code="P-002", name="Renamed"))
    assert run("deck", trackers / "b.xlsx", "-o", tmp_path / "b.pptx", "--cache-from", out,
               "-q").exit_code == 0
    assert seen == ["b.xlsx"]  # only what changed since that run is read
    assert (out / ".pmo_xl_cache" / "current.json").read_text() == current  # left as it was
    assert run("deck", trackers, "-o", tmp_path / "c.pptx", "--cache-from",
               tmp_path / "nowhere").exit_code != 0


def test_strict_exit_code_and_validate_table(tmp_path):
    make_tracker(tmp_path, tables={"risks": [{"risk": "x", "probability": 9, "impact": 1,
                                              "status": "Open"}]})
    relaxed = run("validate", tmp_path)
    assert relaxed.exit_code == 0
    assert "VALUE_OUT_OF_RANGE" in relaxed.output and "Risks!D4" in relaxed.output
    assert run("validate", tmp_path, "--strict").exit_code == 1
    fr = run("validate", tmp_path, "--lang", "fr")
    assert "doit être entre 1 et 4" in fr.output


def test_input_and_settings_errors_have_their_exit_codes(tmp_path):
    assert run("validate", tmp_path / "nope").exit_code == 3
    assert run("consolidate", tmp_path, "-o", tmp_path / "out", "-q").exit_code == 3  # empty
    (tmp_path / "pmo_xl.toml").write_text("risk_scale = 7\n")
    make_tracker(tmp_path)
    result = run("validate", tmp_path)
    assert result.exit_code == 6 and "risk_scale = 7: must be one of: 4, 5" in result.output
    assert run("validate", tmp_path, "--lang", "de").exit_code == 6


def test_second_run_on_the_same_output_waits_then_gives_up(tmp_path):
    make_tracker(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    with filelock.FileLock(str(out / LOCK_NAME)):
        result = run("consolidate", tmp_path / "in", "-o", out, "--lock-timeout", "0.5")
    assert result.exit_code == 5
    assert "another pmo-xl run is writing to" in result.output
    assert run("consolidate", tmp_path / "in", "-o", out, "-q").exit_code == 0


def test_new_tracker_and_never_overwrite(tmp_path):
    target = tmp_path / "P-007.xlsx"
    ok = run("new-tracker", "--code", "P-007", "--name", "Cloud move", "--manager", "Zoé",
             "--lang", "fr", "-o", target)
    assert ok.exit_code == 0, ok.output
    card = openpyxl.load_workbook(target)["Projet"]
    assert (card["B4"].value, card["B5"].value, card["B7"].value) == ("P-007", "Cloud move",
                                                                     "Zoé")
    again = run("new-tracker", "--code", "P-007", "--name", "x", "-o", target)
    assert again.exit_code == 4 and "never overwritten" in again.output
    assert run("new-tracker", "--code", "P-8", "-o", tmp_path / "x.xlsx").exit_code == 2  # usage


def test_new_trackers_from_a_project_list(tmp_path):
    listing = tmp_path / "projects.csv"
    listing.write_text("Code projet;Nom du projet;Chef de projet;Langue;Budget (j/h);"
                       "E-mail du chef de projet\n"
                       "P-1;Portail RH;Ana;fr;120;ana@example.org\nP-2;Data hub;Bo;en;1 500;\n"
                       ";;;;\nP-3;;Cy;en;\n", encoding="utf-8")
    result = run("new-tracker", "--from", listing, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "P-1_Portail_RH.xlsx", "P-2_Data_hub.xlsx"]
    assert "P-3: no project name" in result.output
    wb = openpyxl.load_workbook(tmp_path / "out" / "P-2_Data_hub.xlsx")
    assert wb.sheetnames[0] == "Project" and wb["Project"]["B15"].value == 1500
    fr = openpyxl.load_workbook(tmp_path / "out" / "P-1_Portail_RH.xlsx")
    assert fr.sheetnames[0] == "Projet"
    assert (fr["Projet"]["A8"].value, fr["Projet"]["B8"].value) == (
        "E-mail du chef de projet", "ana@example.org")  # the register's file, e-mail too


def test_new_trackers_from_an_xlsx_list(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Project code", "Project name"])
    wb.active.append(["X-1", "Alpha"])
    wb.save(tmp_path / "list.xlsx")
    result = run("new-tracker", "--from", tmp_path / "list.xlsx", "-o", tmp_path / "out")
    assert result.exit_code == 0 and (tmp_path / "out" / "X-1_Alpha.xlsx").exists()


def test_demo_end_to_end_through_the_console_script(tmp_path):
    out = subprocess.run([sys.executable, "-m", "pmo_xl", "demo", str(tmp_path), "--quiet"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    projects = pd.read_parquet(tmp_path / "output" / "data" / "projects.parquet")
    assert len(projects) == 12
    assert set(projects["computed_status"]) == {"Green", "Amber", "Red"}
    findings = pd.read_parquet(tmp_path / "output" / "data" / "findings.parquet")
    assert {"DUPLICATE_PROJECT", "VALUE_NOT_IN_LIST", "VALUE_NOT_DATE", "REPORT_STALE",
            "MILESTONE_DONE_NO_DATE", "CRITICALITY_MISMATCH", "RATE_MISSING", "DUPLICATE_ID",
            "ACTUAL_IN_FUTURE", "FILE_UNREADABLE"} <= set(findings["rule"])
    sec = projects.set_index("project").loc["SEC-04"]
    assert sec["status"] == "Green" and sec["computed_status"] == "Red"  # the watermelon
    from pptx import Presentation

    (deck,) = (tmp_path / "output").glob("Portfolio_*.pptx")
    assert Presentation(str(deck)).slides[1].shapes.title.text == "Key messages"


def test_the_demo_tells_three_weeks_story(tmp_path):
    """The demo records two earlier weeks first: its deck opens on what moved, names the
    overloaded experts, and its flash e-mail is ready for the committee."""
    import datetime as dt
    import email
    import email.policy

    from pptx import Presentation

    from pmo_xl.demo import last_friday
    from pmo_xl.history import SnapshotStore
    from tests.deck_checks import slide_titled, tables_of

    assert run("demo", tmp_path, "--quiet").exit_code == 0
    out, friday = tmp_path / "output", last_friday()
    weeks = [friday - dt.timedelta(days=7 * k) for k in (2, 1, 0)]
    with SnapshotStore(f"sqlite:///{out / 'pmo_xl_history.sqlite'}", create=False) as store:
        assert store.dates() == weeks
    for week in weeks:
        assert (out / f"Portfolio_{week:%Y-%m-%d}.xlsx").is_file()
    deck = out / f"Portfolio_{friday:%Y-%m-%d}.pptx"
    prs = Presentation(str(deck))
    said = " ".join(s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame)
    said = " ".join(said.split())
    assert prs.slides[1].shapes.title.text == "Key messages"
    assert "Turned red or amber since the last report (1): LOG-05 Amber → Red" in said
    assert ("12 projects — computed status: Red 3 (LOG-05, SEC-04, TEL-09) · Amber 3 · "
            "Green 6. At the last report: Red 2 · Amber 4 · Green 6.") in said
    assert "SEC-04 declared Green, computed Red" in said
    slide_titled(prs, "Since the last report")
    (conflicts,) = tables_of(slide_titled(prs, "Resource conflicts"))
    # Nadia: 3 × 8 = 24 days in each of 3 months (18 over); Yann: 2 × 10 = 20 (6 over).
    assert [row[0] for row in conflicts[1:]] == ["Nadia Benali", "Yann Le Goff"]
    assert conflicts[1][3:] == ["18", f"{friday:%m/%Y} (24)", "DAT-03, ERP-01, SEC-04"]
    assert conflicts[2][3] == "6" and conflicts[2][5] == "ECO-07, WAN-12"
    flash = email.message_from_bytes(
        (out / f"Portfolio_{friday:%Y-%m-%d}_flash.eml").read_bytes(),
        policy=email.policy.default)
    assert flash["To"] == "steering.committee@example.org"
    (attached,) = list(flash.iter_attachments())
    assert attached.get_content() == deck.read_bytes()


def _deck_of(tag: str) -> str:
    """A stand-in for the deck stage (module-level: it is sent to the helper)."""
    import os

    return f"{tag} built by {os.getpid()}"


def _fails() -> None:
    from pmo_xl.exceptions import UsageError

    raise UsageError("bad", fr="mauvais")


def _dies_in_helper(parent: int) -> str:
    """Ends the helper abruptly (as a kill would); builds when run in the parent."""
    import os

    if os.getpid() != parent:
        os._exit(3)
    return "built here"


def _run_once_unguarded(folder: Path, body: str) -> None:
    """Run ``body`` as a PMO's script without a main guard, which first notes that it
    ran; it must succeed, and run once only."""
    marker, script = folder / "ran.txt", folder / "weekly.py"
    script.write_text(f"with open({str(marker)!r}, 'a') as f:\n    f.write('ran\\n')\n" + body)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "ran\n"


def test_a_script_without_a_main_guard_runs_once_and_its_deck_is_built_beside(tmp_path):
    """The deck's helper is a fresh interpreter; Python's spawn would run the parent's
    script in it first. A PMO's scheduled script without ``if __name__ == "__main__"``
    must not run twice (its side effects, a second consolidation waiting on the output
    folder's lock), and the helper must still build the deck."""
    make_tracker(tmp_path / "trackers", "p1.xlsx")
    out = tmp_path / "out"
    _run_once_unguarded(tmp_path, (
        "from pmo_xl.cli import app\n"
        f"app(['consolidate', {str(tmp_path / 'trackers')!r}, '-o', {str(out)!r}, '--deck',"
        " '--quiet'], standalone_mode=False)\n"))
    from pptx import Presentation

    (deck,) = out.glob("*.pptx")
    assert len(Presentation(str(deck)).slides) > 5
    (log,) = (out / "logs").glob("*.log")
    assert "in place" not in log.read_text()


def test_an_unguarded_script_with_a_thread_reads_through_fresh_workers_once(tmp_path):
    """With another thread running the readers' pool cannot fork: its workers are fresh
    interpreters, which would each run an unguarded script again (and fail, starting
    processes while they start). They do not: the script runs once, every tracker read."""
    for i in range(8):
        make_tracker(tmp_path / "trackers", f"p{i}.xlsx",
                     project=base_project(code=f"P-{i:03d}", name=f"Project {i}"))
    said = tmp_path / "said.txt"
    _run_once_unguarded(tmp_path, (
        "import threading, time\n"
        "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
        "import pmo_xl\n"
        "from pmo_xl.forking import pool_context\n"
        "from pmo_xl.settings import Settings\n"
        f"p = pmo_xl.consolidate({str(tmp_path / 'trackers')!r}, Settings(workers=2))\n"
        f"open({str(said)!r}, 'w').write(pool_context().get_start_method() + ' '\n"
        "    + ','.join(sorted(p.projects['project'])))\n"))
    method, codes = said.read_text().split()
    assert method == "forkserver" and codes == ",".join(f"P-{i:03d}" for i in range(8))


def test_a_stage_beside_returns_its_result_and_raises_its_error_here():
    """A fresh helper process (never a fork: one hung in CI) runs the stage; its result
    and its errors come back here, both languages kept."""
    import os
    import time

    import pytest

    from pmo_xl.beside import Beside

    with Beside(warm=["pmo_xl.deck"]) as helper:
        helper.run(_deck_of, "deck")
        said = helper.result()
    assert said.startswith("deck built by ") and said != f"deck built by {os.getpid()}"
    with Beside() as helper:
        helper.run(_fails)
        with pytest.raises(UsageError) as err:
            helper.result()
    assert err.value.message("fr") == "mauvais"
    # The helper died without an answer (killed, or no pmo-xl to import): built here.
    with Beside() as helper:
        helper.run(_dies_in_helper, os.getpid())
        assert helper.result() == "built here"
    # What cannot be sent to it (a lambda) runs here; so does everything without a helper.
    with Beside() as helper:
        helper.run(lambda: os.getpid())
        assert helper.result() == os.getpid()
    in_place = Beside(spawn=False)
    in_place.run(_deck_of, "here")
    assert in_place.result() == f"here built by {os.getpid()}"
    # The run failed before the stage: the helper is ended, not waited for.
    helper = Beside()
    started = time.perf_counter()
    helper.stop()
    assert time.perf_counter() - started < 5
    with pytest.raises(RuntimeError, match="nothing was run"):
        helper.result()
