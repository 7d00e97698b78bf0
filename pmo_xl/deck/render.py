"""Decks as pictures and PDF, through LibreOffice when it is installed (never required):
a PMO previews a template before the first COPIL, or sends a PDF."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pmo_xl.exceptions import OutputError

RENDER_TIMEOUT_S = 300


def office() -> str | None:
    """LibreOffice's command, if installed."""
    return next((found for name in ("soffice", "libreoffice") if (found := shutil.which(name))),
                None)


def to_pdf(deck: Path, out_dir: Path) -> Path:
    """The deck as PDF in ``out_dir`` (a private LibreOffice profile: a PMO's own open
    LibreOffice is left alone)."""
    exe = office()
    if exe is None:
        raise OutputError("LibreOffice is not installed: no PDF or preview (install "
                          "libreoffice-impress, or open the deck in PowerPoint)",
                          fr="LibreOffice n'est pas installé : pas de PDF ni d'aperçu "
                             "(installez libreoffice-impress, ou ouvrez le support dans "
                             "PowerPoint)")
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
