"""The ribbon's actions, through the host boundary, on real workbooks on disk."""

import pandas as pd
import pytest
from typer.testing import CliRunner

import pmo_xl.excel
from pmo_xl.cli import app
from pmo_xl.excel.addin import DISPATCHER
from pmo_xl.excel.macros import run_action
from tests.builders import base_tables, make_tracker
from tests.excel_host import FileHost


@pytest.fixture
def master(tmp_path):
    """A master made by `consolidate`, with a PMO settings sheet and the PMO's own sheet."""
    make_tracker(tmp_path / "trackers")
    (tmp_path / "trackers" / "pmo_xl.toml").write_text("today = 2026-03-16\n")
    assert CliRunner().invoke(app, ["consolidate", str(tmp_path / "trackers"), "-o",
                                    str(tmp_path / "out"), "-q"]).exit_code == 0
    path = tmp_path / "out" / "Portfolio_2026-03-13.xlsx"
    host = FileHost(path)
    assert run_action("settings", host) == "Fill the folders, then click Consolidate."
    host.write_cells("PMO settings", 2, 1, [["../trackers"], ["."]])
    mine = host.book.create_sheet("My view")
    mine["A1"] = "=SUM(tblProjects[EAC (days)])"
    host.save()
    return path


def test_settings_sheet_is_created_once(master):
    host = FileHost(master)
    assert host.read_cells("PMO settings", 6, 2)[2:] == [
        ["Trackers folder", "../trackers"], ["Output folder", "."], ["Language", "en"],
        ["Deck template", None]]
    run_action("settings", host)
    assert host.sheet_names().count("PMO settings") == 1 and host.active == "PMO settings"


def test_consolidate_refreshes_the_open_master_in_place(master, tmp_path):
    tables = base_tables()
    tables["workload"] = [{"resource": "Zoé", "role": "Dev",
                           "month": pd.Timestamp("2026-03-01").date(),
                           "planned": 5, "actual": 1, "remaining": 9}]
    make_tracker(tmp_path / "trackers", "new.xlsx", code="P-002", tables=tables)
    host = FileHost(master)
    message = run_action("consolidate", host)
    assert message.startswith("2 projects consolidated, 0 errors and 0 warnings")
    assert "Projects were added or removed: open" in message
    again = FileHost(master)  # what was saved
    ws = again.book["Projects"]
    assert ws.tables["tblProjects"].ref.endswith("3")
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["P-001", "P-002"]
    assert again.book["My view"]["A1"].value == "=SUM(tblProjects[EAC (days)])"
    assert "PMO settings" in again.sheet_names()
    data = pd.read_parquet(master.parent / "data" / "projects.parquet")
    assert data["project"].tolist() == ["P-001", "P-002"]  # the UDFs now see P-002
    from pmo_xl.history import SnapshotStore, default_url
    from pmo_xl.xlsx.dashboard import MESSAGES_ROW

    assert again.book["Dashboard"].cell(MESSAGES_ROW + 2, 1).value == (
        "• 2 projects — computed status: Red 1 (P-002) · Amber 1 · Green 0.")  # this week's
    store = SnapshotStore(default_url(master.parent))  # the click was recorded
    assert store.load(store.dates()[-1]).projects["project"].tolist() == ["P-001", "P-002"]


def test_validate_lists_findings_in_data_quality(master, tmp_path):
    make_tracker(tmp_path / "trackers", "bad.xlsx", code="P-003",
                 tables={"risks": [{"risk": "x", "probability": 9, "impact": 1,
                                    "status": "Open"}]})
    host = FileHost(master)
    assert run_action("validate", host) == (
        "1 errors and 0 warnings in 2 files (see Data quality).")
    ws = FileHost(master).book["Data quality"]
    assert [ws.cell(2, c).value for c in (1, 2, 3, 4, 6, 7)] == [
        "P-003", "Ann Lee", "Error", "VALUE_OUT_OF_RANGE", "Risks", "D4"]


def test_deck_is_written_and_opened(master):
    host = FileHost(master)
    message = run_action("deck", host)
    assert host.opened == [master.with_suffix(".pptx")] and master.with_suffix(".pptx").exists()
    assert message == f"COPIL deck written: {master.with_suffix('.pptx')}"


def test_deck_with_the_flash_option_writes_the_draft_beside_it(master):
    import email
    import email.policy

    host = FileHost(master)
    assert [c.value for c in host.book["PMO settings"]["A"]][-1] == "Flash e-mail"
    host.write_cells("PMO settings", 6, 1, [["Oui"]])  # either language's word
    host.save()
    message = run_action("deck", host)
    deck, flash = master.with_suffix(".pptx"), master.with_name(f"{master.stem}_flash.eml")
    assert message == (f"COPIL deck written: {deck} Flash e-mail draft written: {flash} "
                       "(no flash_to address in the settings: no recipient)")
    draft = email.message_from_bytes(flash.read_bytes(), policy=email.policy.default)
    (attached,) = list(draft.iter_attachments())
    assert attached.get_content() == deck.read_bytes()


def test_chase_writes_the_drafts_and_opens_their_list(master, tmp_path):
    import email
    import email.policy

    tables = base_tables()
    tables["risks"][0]["probability"] = 9
    make_tracker(tmp_path / "trackers", tables=tables, manager_email="ann@example.org")
    host = FileHost(master)
    message = run_action("chase", host)
    chase = master.parent / "chase"
    assert message == f"1 e-mail drafts written in {chase} (see the chase list there)."
    assert host.opened == [chase / "chase_list.xlsx"]
    draft = email.message_from_bytes((chase / "Ann_Lee.eml").read_bytes(),
                                     policy=email.policy.default)
    assert (draft["To"], draft["X-Unsent"]) == ("Ann Lee <ann@example.org>", "1")


def test_new_tracker_asks_then_writes(master, tmp_path):
    host = FileHost(master, answers=["P-042", "Cloud move"])
    assert run_action("new_tracker", host).startswith("Tracker written: ")
    assert (tmp_path / "trackers" / "P-042_Cloud_move.xlsx").exists()
    cancelled = FileHost(master, answers=[None])
    assert run_action("new_tracker", cancelled) == "" and cancelled.told == []


def test_problems_become_messages_not_exceptions(master, tmp_path):
    host = FileHost(master)
    host.write_cells("PMO settings", 2, 1, [["../nowhere"]])
    assert run_action("consolidate", host).startswith("pmo-xl: no such file or folder")
    assert run_action("dance", host) == "Unknown action 'dance'."
    assert host.told[-1] == "Unknown action 'dance'."


def test_the_add_in_calls_the_entry_point_that_exists():
    assert "pmo_xl.excel.on_ribbon(" in DISPATCHER and callable(pmo_xl.excel.on_ribbon)
