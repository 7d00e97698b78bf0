"""Real-client checks: LibreOffice headless recalculates workbooks and renders PDFs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _tool(names: tuple[str, ...], what: str) -> str:
    """A real-client program: missing fails in CI (`make tools` installs it), skips here."""
    exe = next((found for n in names if (found := shutil.which(n))), None)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"{what} missing in CI: `make tools` installs it")
        pytest.skip(f"{what} not installed: `make tools` installs it (Debian backports)")
    return exe


def soffice() -> str:
    return _tool(("soffice", "libreoffice"), "LibreOffice")


def convert(src: Path, out_dir: Path, to: str) -> Path:
    """Convert with a fresh profile that always recalculates OOXML formulas on load."""
    exe = soffice()
    profile = out_dir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_XCU)
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", to, "--outdir", str(out_dir), str(src)],
                   check=True, capture_output=True, timeout=300)
    result = out_dir / (src.stem + "." + to.split(":")[0])
    assert result.exists(), f"LibreOffice wrote nothing for {src}"
    return result


def render_pages(pdf: Path, out_dir: Path, dpi: int, last: int | None = None) -> list[Path]:
    """The PDF's pages (the first ``last`` ones) as PNGs, with poppler's pdftoppm."""
    exe = _tool(("pdftoppm",), "pdftoppm (poppler-utils)")
    pages = ["-l", str(last)] if last else []
    subprocess.run([exe, "-r", str(dpi), "-png", *pages, str(pdf), str(out_dir / "page")],
                   check=True, timeout=120)
    return sorted(out_dir.glob("page-*.png"))


def rgb_pixels(png: Path) -> list[tuple[int, int, int]]:
    """Every pixel of the image as an (r, g, b) tuple."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as img:
        flat = np.asarray(img.convert("RGB")).reshape(-1, 3)
    return [tuple(px) for px in flat.tolist()]
