"""What a tracker in a house format holds, for ``pmo-xl map``: each sheet's name, its
header row's labels (or its card's labels) and a few distinct values under each.

Read with the same guards as a tracker (sizes, parts); nothing is typed or validated.
"""

from __future__ import annotations

from pathlib import Path

from pmo_xl.exceptions import InputError
from pmo_xl.reader.grid import Grid, load_grid, open_reader
from pmo_xl.reader.package import PackageRejected, check_sheet_extent, open_package
from pmo_xl.schema.proposal import SAMPLE_VALUES, SurveyedSheet
from pmo_xl.settings import Settings

CARD_ROWS = 80  # a card's labels are in its first rows
VALUE_ROWS = 2000  # rows looked at for a column's distinct values


def _is_label(text: object) -> bool:
    """Text that reads as a label: not a number, not a date, not long prose."""
    if not isinstance(text, str) or not text.strip() or len(text) > 60:
        return False
    try:
        float(text.replace(",", ".").replace(" ", ""))
        return False
    except ValueError:
        return not text[:4].isdigit()


def _header_row(grid: Grid, rows: int) -> int | None:
    """The row among the first ``rows`` with the most labels (two at least)."""
    best, at = 1, None
    for r, record in enumerate(grid.head(rows).tolist()):
        n = sum(_is_label(t) for t in record)
        if n > best:
            best, at = n, r
    return at


def _card_labels(grid: Grid) -> dict[str, str]:
    """Labels with a value to their right, as on a project card, and that value."""
    out: dict[str, str] = {}
    for record in grid.head(CARD_ROWS).tolist():
        for i, text in enumerate(record[:-1]):
            value = next((v for v in record[i + 1:i + 3] if v not in (None, "")), None)
            if _is_label(text) and value is not None:
                out.setdefault(text.strip(), str(value).strip())
                break
    return out


def survey_sheet(grid: Grid, header_rows: int) -> SurveyedSheet:
    at = _header_row(grid, header_rows)
    labels: list[str] = []
    values: dict[str, list[str]] = {}
    if at is not None:
        for j, text in enumerate(grid.head(at + 1)[at].tolist() if grid.height else []):
            if not _is_label(text):
                continue
            label = text.strip()
            labels.append(label)
            below = grid.columns[j].slice(at + 1, VALUE_ROWS).drop_null().unique()
            values[label] = sorted({v.strip() for v in below.to_pylist() if v.strip()}
                                   )[:SAMPLE_VALUES]
    card = _card_labels(grid)
    return SurveyedSheet(grid.name, labels, values, list(card),
                         {label: [value] for label, value in card.items()})


def survey(path: str | Path, settings: Settings) -> list[SurveyedSheet]:
    """Every sheet of one workbook; an unreadable file is an ``InputError`` naming it."""
    path = Path(path)
    limits = settings.limits
    try:
        pkg = open_package(path.read_bytes(), int(limits.max_part_mb * 2**20))
        reader = open_reader(pkg.data)
        out = []
        for name in reader.sheet_names:
            check_sheet_extent(pkg, name, limits.max_sheet_cells,
                               int(limits.max_part_mb * 2**20))
            out.append(survey_sheet(load_grid(reader, name), limits.header_rows))
        return out
    except (OSError, PackageRejected, Exception) as exc:
        raise InputError(f"cannot read {path}: {exc}",
                         fr=f"impossible de lire {path} : {exc}") from None
