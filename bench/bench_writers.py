"""Writers of a big detail table, side by side: the Workload table of N trackers x ROWS
rows (default 100 x 1,440: 144,000 rows, 16 columns, ~2.3 M cells, all in the master),
each writer producing a one-sheet workbook with the table typed and formatted.

1. XlsxWriter, pmo-xl's typed column writers (the master before issue 16);
2. pmo-xl's fast path: the cells built as XML by Arrow kernels, spliced into the sheet
   XlsxWriter writes with the table (``pmo_xl.xlsx.sheetxml``);
3. rvgsrust-xlsxwriter (rust_xlsxwriter, its Arrow ``write_dataframe``), an Excel Table;
4. rustpy-xlsxwriter (rust_xlsxwriter, ``write_worksheet`` of a DataFrame; no tables);
5. PyExcelerate (pure Python, rows of values; no tables).

Candidates 3-5 are measured when installed (``pip install rvgsrust-xlsxwriter
rustpy-xlsxwriter pyexcelerate``); pmo-xl depends on none of them.

    python bench/bench_writers.py [--trackers 100 --rows 1440]

Prints seconds, cells per second and file size. Run by hand; never a timed unit test.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import make_bench_portfolio

import pmo_xl
from pmo_xl.figures import figure
from pmo_xl.settings import Settings
from pmo_xl.xlsx.book import new_workbook
from pmo_xl.xlsx.master import detail_rows
from pmo_xl.xlsx.tables import Styles, write_table

HERE = Path(__file__).resolve().parent


def _pmo_xl(alone: bool) -> Callable[[pd.DataFrame, Path], None]:
    def write(df: pd.DataFrame, path: Path) -> None:
        wb = new_workbook(path)
        ws = wb.add_worksheet("Workload")
        write_table(wb, ws, Styles(wb), df, table="workload", name="tblWorkload",
                    lang="en", alone=alone)
        wb.close()
    return write


def _formats(df: pd.DataFrame) -> dict[str, str]:
    return {c: figure("workload", c).excel_format for c in df.columns}


def _rvgsrust(df: pd.DataFrame, path: Path) -> None:
    import rvgsrust_xlsxwriter as rx

    wb = rx.Workbook(str(path))
    ws = wb.add_worksheet("Workload")
    formats = {c: rx.Format().set_num_format(f) for c, f in _formats(df).items()}
    head = rx.Format().set_bold()
    ws.write_dataframe(0, 0, df.astype({"source_file": "str"}), header_format=head,
                       column_formats=formats)
    table = rx.Table().set_name("tblWorkload").set_columns(
        [rx.TableColumn().set_header(c) for c in df.columns])
    ws.add_table(0, 0, len(df), len(df.columns) - 1, table)
    wb.close()


def _rustpy(df: pd.DataFrame, path: Path) -> None:
    import rustpy_xlsxwriter as rp

    rp.write_worksheet(df.astype({"source_file": "str"}), str(path), sheet_name="Workload",
                       datetime_format="mmm yyyy", float_format="#,##0.0", bold_headers=True)


def _pyexcelerate(df: pd.DataFrame, path: Path) -> None:
    from pyexcelerate import Workbook

    rows = df.astype(object).where(df.notna(), None)
    data = [list(df.columns), *rows.itertuples(index=False, name=None)]
    wb = Workbook()
    wb.new_sheet("Workload", data=data)
    wb.save(str(path))


WRITERS: dict[str, tuple[str | None, Callable[[pd.DataFrame, Path], None]]] = {
    "XlsxWriter, typed column writers": (None, _pmo_xl(alone=False)),
    "pmo-xl: Arrow-built XML spliced in": (None, _pmo_xl(alone=True)),
    "rvgsrust-xlsxwriter (Arrow, table)": ("rvgsrust_xlsxwriter", _rvgsrust),
    "rustpy-xlsxwriter (no table)": ("rustpy_xlsxwriter", _rustpy),
    "PyExcelerate (no table)": ("pyexcelerate", _pyexcelerate),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trackers", type=int, default=100)
    ap.add_argument("--rows", type=int, default=1440)
    args = ap.parse_args()
    folder = make_bench_portfolio(HERE / ".data" / f"pipe_{args.trackers}x{args.rows}",
                                  args.trackers, rows=args.rows)
    df = detail_rows(pmo_xl.consolidate(folder, Settings(workers=2)), "workload", "en")
    cells = int(df.notna().sum().sum())
    print(f"Workload table: {len(df):,} rows x {len(df.columns)} columns, {cells:,} filled "
          f"cells")
    with tempfile.TemporaryDirectory() as out:
        for name, (module, write) in WRITERS.items():
            if module and importlib.util.find_spec(module) is None:
                print(f"{name:38s} not installed")
                continue
            path = Path(out) / f"{len(list(Path(out).iterdir()))}.xlsx"
            start = time.perf_counter()
            write(df, path)
            secs = time.perf_counter() - start
            print(f"{name:38s} {secs:6.2f} s  {cells / secs / 1e6:5.2f} M cells/s  "
                  f"{path.stat().st_size / 2**20:5.1f} MB")


if __name__ == "__main__":
    main()
