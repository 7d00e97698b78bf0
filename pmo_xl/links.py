"""Where a finding's link points: the tracker, relative to the master, at the cell.

Forward slashes (Excel follows them on Windows and macOS alike; a backslash is a file
name character on macOS), and a relative path when the master and the tracker share a
drive, so a shared folder moved as a whole keeps its links.
"""

from __future__ import annotations

import os
from pathlib import Path


def finding_link(finding_file: str, sheet: str, cell: str, master: Path) -> tuple[str, str]:
    """(file, location in it) of a finding, seen from the master workbook."""
    target = Path(finding_file)
    try:
        rel = os.path.relpath(target.resolve(), master.resolve().parent)
    except ValueError:  # another drive on Windows
        rel = str(target.resolve())
    location = ("'" + sheet.replace("'", "''") + "'!" + (cell or "A1")) if sheet else ""
    return rel.replace("\\", "/"), location
