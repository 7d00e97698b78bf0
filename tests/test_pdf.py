"""`--pdf`: the deck as PDF beside it through LibreOffice (or PowerPoint on Windows); a
machine with neither gets the deck and a sentence saying how, never a failed run."""

import stat
import subprocess

from pptx import Presentation
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.deck import render
from tests.builders import make_tracker


def trackers(tmp_path):
    make_tracker(tmp_path / "t")
    (tmp_path / "t" / "pmo_xl.toml").write_text("today = 2026-03-16\n")
    return tmp_path / "t"


def pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


def test_consolidate_deck_pdf_writes_every_slide_beside_the_deck(tmp_path):
    done = CliRunner().invoke(app, ["consolidate", str(trackers(tmp_path)), "-o",
                                    str(tmp_path / "out"), "--deck", "--pdf"])
    assert done.exit_code == 0, done.output
    deck = tmp_path / "out" / "Portfolio_2026-03-13.pptx"
    pdf = deck.with_suffix(".pdf")
    assert f"PDF of the deck: {pdf}" in done.output.replace("\n", "")
    assert pages(pdf) == len(Presentation(str(deck)).slides)
    assert not list(pdf.parent.glob("*.tmp"))  # no temporary left


def test_without_libreoffice_or_powerpoint_the_run_says_how(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "office", lambda: None)
    monkeypatch.setattr(render, "powerpoint", lambda: None)
    done = CliRunner().invoke(app, ["deck", str(trackers(tmp_path)), "-o",
                                    str(tmp_path / "d.pptx"), "--pdf", "--lang", "fr"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "d.pptx").is_file() and not (tmp_path / "d.pdf").exists()
    said = " ".join(done.output.split())
    assert "attention : LibreOffice n'est pas installé" in said
    assert "enregistrez le support en PDF depuis PowerPoint" in said


def test_powerpoint_gets_the_paths_in_its_environment(tmp_path, monkeypatch):
    """On Windows without LibreOffice: PowerShell drives PowerPoint. A stand-in records
    its arguments and writes the PDF where the environment says."""
    fake = tmp_path / "powershell"
    fake.write_text('#!/bin/sh\necho "$@" > "$PMO_XL_PDF.args"\n'
                    'cp "$PMO_XL_DECK" "$PMO_XL_PDF"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(render, "office", lambda: None)
    monkeypatch.setattr(render, "powerpoint", lambda: str(fake))
    deck = tmp_path / "it's a deck.pptx"  # a quote in the path: never inside the code
    deck.write_bytes(b"not really a deck")
    pdf = render.deck_pdf(deck)
    assert pdf == tmp_path / "it's a deck.pdf" and pdf.read_bytes() == b"not really a deck"
    assert "it's" not in render._POWERPOINT


def test_pdf_is_for_the_deck(tmp_path):
    done = CliRunner().invoke(app, ["consolidate", str(trackers(tmp_path)), "-o",
                                    str(tmp_path / "out"), "--pdf"])
    assert done.exit_code == 2 and "--pdf is for the deck: add --deck" in done.output
