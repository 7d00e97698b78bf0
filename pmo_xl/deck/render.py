"""Decks as pictures and PDF, through LibreOffice when it is installed (never required):
a PMO previews a template before the first COPIL, or sends a PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pmo_xl.atomic import atomic_path
from pmo_xl.exceptions import OutputError

RENDER_TIMEOUT_S = 300


def office() -> str | None:
    """LibreOffice's command, if installed."""
    return next((found for name in ("soffice", "libreoffice") if (found := shutil.which(name))),
                None)


def powerpoint() -> str | None:
    """PowerShell on Windows, to drive an installed PowerPoint (COM) when LibreOffice is
    not there."""
    return shutil.which("powershell") if sys.platform == "win32" else None


# PowerPoint saves as PDF (ppSaveAsPDF = 32), opened read-only and without a window.
_POWERPOINT = ("$ErrorActionPreference = 'Stop'; $app = New-Object -ComObject "
               "PowerPoint.Application; $p = $app.Presentations.Open($env:PMO_XL_DECK, $true, "
               "$false, $false); try { $p.SaveAs($env:PMO_XL_PDF, 32) } finally "
               "{ $p.Close() }")


def _with_powerpoint(exe: str, deck: Path, pdf: Path) -> None:
    env = {**os.environ, "PMO_XL_DECK": str(deck.resolve()), "PMO_XL_PDF": str(pdf.resolve())}
    done = subprocess.run([exe, "-NoProfile", "-NonInteractive", "-Command",
                           _POWERPOINT], capture_output=True, text=True, env=env,
                          timeout=RENDER_TIMEOUT_S, check=False)
    if done.returncode != 0 or not pdf.is_file():
        raise OutputError(f"PowerPoint could not convert {deck}: {done.stderr.strip()[:300]}",
                          fr=f"PowerPoint n'a pas pu convertir {deck} : "
                             f"{done.stderr.strip()[:300]}")


def deck_pdf(deck: Path) -> Path:
    """The deck as PDF beside it (``<deck>.pdf``, written atomically): through LibreOffice
    when installed, else PowerPoint on Windows; an ``OutputError`` that says how to get
    one otherwise. Paths travel to PowerShell in the environment, never in its code."""
    target = deck.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as work:
        exe = powerpoint() if office() is None else None
        if exe is not None:
            made = Path(work) / target.name
            _with_powerpoint(exe, deck, made)
        else:
            made = to_pdf(deck, Path(work))
        with atomic_path(target) as tmp:
            shutil.copyfile(made, tmp)
    return target


def to_pdf(deck: Path, out_dir: Path) -> Path:
    """The deck as PDF in ``out_dir`` (a private LibreOffice profile: a PMO's own open
    LibreOffice is left alone)."""
    exe = office()
    if exe is None:
        raise OutputError("LibreOffice is not installed: no PDF or preview (install "
                          "LibreOffice — libreoffice-impress on Debian/Ubuntu, "
                          "libreoffice.org on Windows and macOS — or save the deck as PDF "
                          "from PowerPoint)",
                          fr="LibreOffice n'est pas installé : pas de PDF ni d'aperçu "
                             "(installez LibreOffice — libreoffice-impress sous Debian/Ubuntu, "
                             "libreoffice.org sous Windows et macOS — ou enregistrez le "
                             "support en PDF depuis PowerPoint)")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([exe, f"-env:UserInstallation={Path(profile).as_uri()}",
                               "--headless", "--convert-to", "pdf", "--outdir", str(out_dir),
                               str(deck)], capture_output=True, text=True,
                              timeout=RENDER_TIMEOUT_S, check=False)
    pdf = out_dir / f"{deck.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        raise OutputError(f"LibreOffice could not convert {deck}: {done.stderr.strip()[:300]}",
                          fr=f"LibreOffice n'a pas pu convertir {deck} : "
                             f"{done.stderr.strip()[:300]}")
    return pdf


def pages_png(pdf: Path, pages: dict[str, int], out_dir: Path, dpi: int = 80) -> list[Path]:
    """Some pages of a PDF as PNG files named by ``pages`` (name -> page from 1), with
    poppler's pdftoppm; none when it is not installed."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return []
    made = []
    for name, page in pages.items():
        target = out_dir / name
        subprocess.run([exe, "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l",
                        str(page), str(pdf), str(target)], check=True, timeout=120,
                       capture_output=True)
        made.append(target.with_suffix(".png"))
    return made
