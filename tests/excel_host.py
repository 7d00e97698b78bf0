"""A macros.Host over a real workbook on disk (openpyxl), standing in for live Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries


class FileHost:
    def __init__(self, path: Path, answers: list[str | None] | None = None) -> None:
        self.path = Path(path)
        self.book = openpyxl.load_workbook(self.path)
        self.answers = list(answers or [])
        self.told: list[str] = []
        self.opened: list[Path] = []
        self.active = ""

    def sheet_names(self) -> list[str]:
        return self.book.sheetnames

    def read_cells(self, sheet: str, rows: int, cols: int) -> list[list[Any]]:
        ws = self.book[sheet]
        return [[ws.cell(r, c).value for c in range(1, cols + 1)] for r in range(1, rows + 1)]

    def write_cells(self, sheet: str, row: int, col: int, values: list[list[Any]]) -> None:
        ws = self.book[sheet]
        for i, line in enumerate(values):
            for j, v in enumerate(line):
                ws.cell(row + 1 + i, col + 1 + j, v)

    def add_sheet(self, name: str) -> None:
        self.book.create_sheet(name)

    def _table(self, name: str):
        for ws in self.book.worksheets:
            if name in ws.tables:
                return ws, ws.tables[name]
        return None, None

    def replace_table(self, name: str, rows: list[list[Any]]) -> bool:
        ws, table = self._table(name)
        if table is None:
            return False
        c1, r1, c2, r2 = range_boundaries(table.ref)
        for r in range(r1 + 1, r2 + 1):
            for c in range(c1, c2 + 1):
                ws.cell(r, c).value = None
        for i, line in enumerate(rows):
            for j, v in enumerate(line):
                ws.cell(r1 + 1 + i, c1 + j, v)
        last = r1 + max(len(rows), 1)
        table.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{last}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
        return True

    def set_links(self, name: str, column: int, links: list[tuple[str, str, str]]) -> None:
        from openpyxl.worksheet.hyperlink import Hyperlink

        ws, table = self._table(name)
        c1, r1, _, _ = range_boundaries(table.ref)
        for i, (path, location, text) in enumerate(links):
            cell = ws.cell(r1 + 1 + i, c1 + column)
            cell.value = text
            cell.hyperlink = Hyperlink(ref=cell.coordinate, target=path,
                                       location=location or None)

    def table_column(self, name: str, column: int) -> list[Any]:
        ws, table = self._table(name)
        c1, r1, _, r2 = range_boundaries(table.ref)
        return [ws.cell(r, c1 + column).value for r in range(r1 + 1, r2 + 1)]

    def activate(self, sheet: str) -> None:
        self.active = sheet

    def save(self) -> None:
        self.book.save(self.path)

    def ask(self, prompt: str) -> str | None:
        return self.answers.pop(0) if self.answers else None

    def tell(self, message: str) -> None:
        self.told.append(message)

    def open_file(self, path: Path) -> None:
        self.opened.append(Path(path))
