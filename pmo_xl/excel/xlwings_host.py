"""The live-Excel side of the macros: a thin adapter over xlwings (free part only).

Everything it calls is tested on Linux through ``macros.Host``; this file only moves
values between Excel and those functions, which is why it has no logic of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import xlwings as xw


def ask_macos(prompt: str, run: Any = subprocess.run) -> str | None:
    """A question in a macOS dialog (AppleScript); None when cancelled or left blank."""
    quoted = prompt.replace("\\", "\\\\").replace('"', '\\"')
    script = (f'text returned of (display dialog "{quoted}" default answer "" '
              'with title "pmo-xl")')
    done = run(["osascript", "-e", script], capture_output=True, text=True, check=False)
    answer = done.stdout.strip() if done.returncode == 0 else ""
    return answer or None


class XlwingsHost:
    def __init__(self, book: xw.Book) -> None:
        self.book = book
        self.path = Path(book.fullname)

    @classmethod
    def active(cls) -> XlwingsHost:
        # From an add-in, the workbook in front of the user is the active one.
        return cls(xw.books.active)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def read_cells(self, sheet: str, rows: int, cols: int) -> list[list[Any]]:
        return self.book.sheets[sheet].range((1, 1), (rows, cols)).options(ndim=2).value

    def write_cells(self, sheet: str, row: int, col: int, values: list[list[Any]]) -> None:
        self.book.sheets[sheet].range((row + 1, col + 1)).value = values

    def add_sheet(self, name: str) -> None:
        self.book.sheets.add(name, after=self.book.sheets[-1])

    def _table(self, name: str) -> Any:
        for sheet in self.book.sheets:
            for table in sheet.tables:
                if table.name == name:
                    return table
        return None

    def replace_table(self, name: str, rows: list[list[Any]]) -> bool:
        table = self._table(name)
        if table is None:
            return False
        if table.data_body_range is not None:
            table.data_body_range.clear_contents()
        header = table.header_row_range
        table.resize(header.resize(max(len(rows), 1) + 1))
        if rows:
            header.offset(1, 0).value = rows
        return True

    def set_links(self, name: str, column: int, links: list[tuple[str, str, str]]) -> None:
        table = self._table(name)
        if table is None or table.data_body_range is None:
            return
        cells = table.data_body_range.columns[column]
        for i, (path, location, text) in enumerate(links):
            cells[i].add_hyperlink(f"{path}#{location}" if location else path, text)

    def table_column(self, name: str, column: int) -> list[Any]:
        table = self._table(name)
        if table is None or table.data_body_range is None:
            return []
        return table.data_body_range.columns[column].options(ndim=1).value

    def activate(self, sheet: str) -> None:
        self.book.sheets[sheet].activate()

    def save(self) -> None:
        self.book.save()

    def ask(self, prompt: str) -> str | None:
        if sys.platform == "darwin":  # Excel for Mac has no InputBox through xlwings
            return ask_macos(prompt)
        answer = self.book.app.api.InputBox(prompt, "pmo-xl")  # Windows COM InputBox
        return answer if isinstance(answer, str) and answer.strip() else None

    def tell(self, message: str) -> None:
        self.book.app.alert(message, title="pmo-xl")

    def open_file(self, path: Path) -> None:
        if sys.platform.startswith("win"):
            os.startfile(path)
        else:
            subprocess.run(["open", str(path)], check=False)
