"""The flash e-mail: open the draft written, read its headers, parts, image and attachment."""

import datetime as dt
import email
import email.policy
import html
import io

import pytest
from PIL import Image
from typer.testing import CliRunner

import pmo_xl
from pmo_xl.cli import app
from pmo_xl.figures.messages import messages_text
from pmo_xl.flash import CHART_ID, flash_path, write_flash
from pmo_xl.kpis.messages import portfolio_messages
from pmo_xl.schema.contract import RAG
from pmo_xl.settings import Settings
from tests.builders import TODAY, base_project, base_tables, make_tracker

D = dt.date
NAME = "Data <b>hub</b> & co"  # typed by a hurried PM: text, never markup


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """P-001 computed amber (declared green); P-002 green as declared, with a name that
    would be markup."""
    folder = tmp_path_factory.mktemp("flash")
    make_tracker(folder, "a.xlsx")
    make_tracker(folder, "b.xlsx", project=base_project(code="P-002", name=NAME,
                                                        end_forecast=D(2026, 6, 30)),
                 tables={**base_tables(), "workload": [
                     {"resource": "Zoé", "role": "Dev", "month": D(2026, 3, 1),
                      "planned": 10, "actual": 4, "remaining": 6}], "risks": [],
                     "actions": [], "decisions": [], "milestones": [
                         {"id": "M1", "milestone": "Go-live", "baseline_date": D(2026, 6, 5),
                          "forecast_date": D(2026, 6, 5), "status": "On track"}]})
    return pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1, flash_to=(
        "comex@example.org", "Head of PMO <pmo@example.org>")))


def read(path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def parts(msg):
    return {p.get_content_type(): p for p in msg.walk() if not p.is_multipart()}


def test_a_draft_to_the_flash_addresses_with_the_key_messages(tmp_path, portfolio):
    deck = pmo_xl.write_deck(portfolio, tmp_path / "Portfolio.pptx")
    msg = read(write_flash(portfolio, tmp_path / "f.eml", deck=deck))
    assert msg["X-Unsent"] == "1"
    assert msg["To"] == "comex@example.org, Head of PMO <pmo@example.org>"
    assert msg["Subject"] == "Portfolio flash — Portfolio — 13/03/2026"
    sentences = messages_text(portfolio_messages(portfolio), "en")
    assert len(sentences) == 8  # both projects priced: the cost sentence too
    found = parts(msg)
    plain, rich = found["text/plain"].get_content(), found["text/html"].get_content()
    for sentence in sentences:
        assert f"  - {sentence}" in plain
        assert f"<li>{html.escape(sentence)}</li>" in rich
    # The status table, worst computed status first, in both forms.
    assert rich.index(">P-001<") < rich.index(">P-002<")
    assert html.escape(NAME) in rich and NAME not in rich
    assert NAME in plain
    lines = plain.splitlines()
    head = lines.index("Portfolio status") + 1
    assert lines[head].split()[:3] == ["Project", "Project", "name"]
    assert lines[head + 1].startswith("P-001") and lines[head + 2].startswith("P-002")
    # The deck attached, byte for byte.
    (attached,) = list(msg.iter_attachments())
    assert attached.get_filename() == "Portfolio.pptx"
    assert attached.get_content() == deck.read_bytes()
    assert "The COPIL deck is attached: Portfolio.pptx." in plain


def test_the_chart_is_an_inline_png_the_html_shows(tmp_path, portfolio):
    msg = read(write_flash(portfolio, tmp_path / "f.eml"))
    image = parts(msg)["image/png"]
    assert image["Content-ID"] == f"<{CHART_ID}>"
    assert image.get_content_disposition() == "inline"
    assert f'src="cid:{CHART_ID}"' in parts(msg)["text/html"].get_content()
    png = Image.open(io.BytesIO(image.get_content())).convert("RGB")
    assert png.size == (1440, 540)  # 9.6 × 3.6 in at 150 dpi
    colours = {c for _, c in png.getcolors(maxcolors=1 << 20)}

    def shown(status):
        fill = RAG.tone(status).fill
        return tuple(int(fill[i:i + 2], 16) for i in (0, 2, 4)) in colours

    # One amber project, one green, no red: their bars, and no red bar.
    assert shown("Amber") and shown("Green") and not shown("Red")
    assert list(msg.iter_attachments()) == []  # no deck given: nothing attached


def test_in_french_and_without_recipients(tmp_path, portfolio):
    from dataclasses import replace

    bare = replace(portfolio, settings=portfolio.settings.replace(flash_to=()))
    msg = read(write_flash(bare, tmp_path / "f.eml", lang="fr"))
    assert msg["To"] is None and msg["X-Unsent"] == "1"
    assert msg["Subject"] == "Flash portefeuille — Portefeuille — 13/03/2026"
    rich = parts(msg)["text/html"].get_content()
    assert '<html lang="fr">' in rich and "Messages clés" in rich
    for sentence in messages_text(portfolio_messages(bare), "fr"):
        assert html.escape(sentence) in rich


def test_consolidate_flash_writes_it_beside_the_master_with_the_deck(tmp_path):
    make_tracker(tmp_path / "t")
    (tmp_path / "t" / "pmo_xl.toml").write_text(
        'today = 2026-03-16\nflash_to = ["comex@example.org"]\n')
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["consolidate", str(tmp_path / "t"), "-o", str(out),
                                    "--deck", "--flash"])
    assert done.exit_code == 0, done.output
    master = out / "Portfolio_2026-03-13.xlsx"
    flash = flash_path(master)
    assert flash == out / "Portfolio_2026-03-13_flash.eml"
    assert f"Flash e-mail draft: {flash}" in done.output.replace("\n", "")
    msg = read(flash)
    assert msg["To"] == "comex@example.org"
    (attached,) = list(msg.iter_attachments())
    assert attached.get_content() == master.with_suffix(".pptx").read_bytes()


def test_without_addresses_the_run_warns_and_bad_addresses_are_refused(tmp_path):
    make_tracker(tmp_path / "t")
    (tmp_path / "t" / "pmo_xl.toml").write_text("today = 2026-03-16\n")
    done = CliRunner().invoke(app, ["consolidate", str(tmp_path / "t"), "-o",
                                    str(tmp_path / "out"), "--flash"])
    assert done.exit_code == 0
    assert "no flash_to addresses in the settings" in done.output.replace("\n", " ")
    msg = read(tmp_path / "out" / "Portfolio_2026-03-13_flash.eml")
    assert msg["To"] is None and list(msg.iter_attachments()) == []  # no deck asked
    (tmp_path / "t" / "pmo_xl.toml").write_text(
        'today = 2026-03-16\nflash_to = ["a@example.org, b@example.org"]\n')
    refused = CliRunner().invoke(app, ["consolidate", str(tmp_path / "t"), "-o",
                                       str(tmp_path / "out"), "--flash"])
    assert refused.exit_code == 6
    assert "flash_to" in refused.output and "is not one e-mail address" in refused.output


def test_the_chart_shows_the_largest_projects_by_days():
    import pandas as pd

    from pmo_xl.flash import largest_projects

    projects = pd.DataFrame({
        "project": ["A", "B", "C", "D", "E"],
        "eac_days": [120.0, 80.0, None, 300.0, None],
        "budget_days": [100.0, 150.0, 200.0, None, None]})
    # Sizes: A 120, B 150 (its budget), C 200 (budget only), D 300, E neither (left out).
    assert largest_projects(projects, 3)["project"].tolist() == ["D", "C", "B"]
    assert largest_projects(projects, 10)["project"].tolist() == ["D", "C", "B", "A"]
