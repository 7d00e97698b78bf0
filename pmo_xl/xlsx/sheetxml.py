"""Big tables' cells as worksheet XML, built a column at a time by Arrow string kernels.

XlsxWriter costs 5-7 µs per cell (Python calls, a type test, an XML write each): 10-15 s
for the 2 M cells of a 144,000-row Workload sheet. Here each column becomes an array of
``<c>`` elements in a few Arrow calls, the columns are joined into ``<row>`` elements
the same way, and the rows are spliced into the sheet XlsxWriter wrote with the table
definition, the header and the formats (``pmo_xl.xlsx.book.Workbook`` does it on
close): ~1 s. Same cells as XlsxWriter's: numbers and date serials typed, with the
column's style; text as inline strings (never a formula; XML-escaped; control
characters and literal ``_xHHHH_`` in XlsxWriter's escaped form; cut at Excel's 32,767
characters as XlsxWriter cuts); blanks left out. One difference: a number is written
in the shortest form that reads back to the same double (XlsxWriter: 16 significant
digits, so 0.30000000000000004 reads back as 0.3).
"""

from __future__ import annotations

import re
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

try:  # standard deflate, written ~5x faster than zlib's (a declared dependency; a wheel
    from isal import isal_zlib  # may lack for an unusual platform: zlib then)
except ImportError:  # pragma: no cover
    isal_zlib = None

from pmo_xl.findings import column_letter

MAX_CELL_TEXT = 32767  # Excel's limit for one cell
CHUNK_ROWS = 32768  # rows built at a time: memory stays bounded, building overlaps zipping
# A spliced sheet is deflated by ISA-L at level 2 when installed (a 91 MB Workload sheet:
# 0.06 s, 11.9 MB), else zlib at level 3 (0.33 s, 9 MB; level 6, XlsxWriter's, 0.69 s,
# 8 MB): on the run's critical path, while the deck's helper has the other core.
ZIP_LEVEL, ISAL_LEVEL = 3, 2

_S = pa.large_string()
_EXCEL_EPOCH = np.datetime64("1899-12-30", "ns")
_LEAP_BUG_END = 61.0  # Excel's day 61 is 1 March 1900: days before count a 29 Feb 1900
# Characters XML 1.0 cannot hold (written as Excel's _xHHHH_), and literal _xHHHH_
# sequences (escaped so Excel does not read them as one).
_NEEDS_EXCEL_ESCAPE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]|_x[0-9a-fA-F]{4}_"
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_XML = re.compile("[\ufffe\uffff]")
_SPACED = re.compile(r"^\s|\s$")  # XlsxWriter's test for xml:space="preserve"


def _lit(text: str) -> pa.Scalar:
    return pa.scalar(text, _S)


def excel_escape(text: str) -> str:
    """XlsxWriter's escape of what XML cannot hold: ``\\x01`` -> ``_x0001_``, a literal
    ``_x0041_`` -> ``_x005F_x0041_``; U+FFFE and U+FFFF (no XML at all) dropped."""
    text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return _NOT_XML.sub("", text)


def excel_cut(text: str) -> str:
    """Text cut at Excel's limit as XlsxWriter cuts it: 32,767 characters, then 32,767
    UTF-16 units (a character above U+FFFF counts two), never splitting one."""
    text = text[:MAX_CELL_TEXT]
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > MAX_CELL_TEXT:
            return text[:i]
    return text


def excel_day_serials(values: np.ndarray) -> np.ndarray:
    """Excel serial days (1900 system, its phantom 29 February 1900 counted) of naive
    datetime64 values; NaN where blank."""
    values = values.astype("datetime64[ns]")
    serials = (values - _EXCEL_EPOCH) / np.timedelta64(1, "D")
    serials[serials < _LEAP_BUG_END] -= 1.0
    serials[np.isnat(values)] = np.nan
    return serials


def _text_array(series: pd.Series) -> pa.Array:
    """Text of a column as Arrow, cut at Excel's limit and escaped for XML."""
    try:
        arr = pa.array(series.to_numpy(dtype=object), type=_S, from_pandas=True)
    except (pa.ArrowException, UnicodeEncodeError):  # a lone surrogate: replaced
        arr = pa.array([None if v is None or v is pd.NA or (isinstance(v, float) and v != v)
                        else str(v).encode("utf-8", "replace").decode("utf-8")
                        for v in series.to_numpy(dtype=object)], type=_S)
    odd = pc.fill_null(pc.or_(pc.match_substring_regex(arr, _NEEDS_EXCEL_ESCAPE),
                              pc.greater(pc.utf8_length(arr), MAX_CELL_TEXT // 2)), False)
    if pc.any(odd).as_py():  # rare: cut and escaped one by one, as XlsxWriter does
        values = arr.to_pylist()
        for i in np.flatnonzero(odd.to_numpy(zero_copy_only=False)):
            values[i] = excel_escape(excel_cut(values[i]))
        arr = pa.array(values, type=_S)
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        arr = pc.replace_substring(arr, raw, escaped)
    return arr


@dataclass
class Column:
    """A column as cell values: ``kind`` "n" (number text), "s" (XML-escaped text) or
    "b" (0/1), nulls for blank cells."""

    kind: str
    values: pa.Array


def _numbers(values: np.ndarray) -> Column:
    values = values.astype("float64")
    arr = pa.array(values, mask=~np.isfinite(values))
    return Column("n", pc.cast(pc.cast(arr, pa.string()), _S))


def typed_column(series: pd.Series) -> Column:
    """A DataFrame column as Excel cell values, typed as XlsxWriter's writers type them:
    dates as serial numbers, numbers as numbers, text as text (never a formula)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        stamps = series.dt.tz_localize(None) if series.dt.tz is not None else series
        return _numbers(excel_day_serials(stamps.to_numpy(dtype="datetime64[ns]")))
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return Column("b", pc.cast(pa.array(series.to_numpy(dtype=bool).astype("int8")), _S))
    if pd.api.types.is_float_dtype(series) or pd.api.types.is_integer_dtype(series):
        return _numbers(series.to_numpy(dtype="float64", na_value=np.nan))
    if pd.api.types.is_string_dtype(series) and series.dtype != object:
        return Column("s", _text_array(series))
    return _mixed(series)


def _mixed(series: pd.Series) -> Column:
    """An object column: typed by Arrow's inference when its filled cells share a type
    (text, numbers, dates), else each cell alone as ``book.write_value`` types it."""
    values = series.to_numpy(dtype=object)
    try:
        arr = pa.array(values, from_pandas=True)
    except (pa.ArrowException, UnicodeEncodeError, OverflowError):
        arr = None
    if arr is not None:
        kind = arr.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
            return Column("s", _text_array(series))
        if pa.types.is_floating(kind) or pa.types.is_integer(kind):
            return _numbers(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False))
        if pa.types.is_date(kind) or (pa.types.is_timestamp(kind) and kind.tz is None):
            stamps = pc.cast(arr, pa.timestamp("ns")).to_numpy(zero_copy_only=False)
            return _numbers(excel_day_serials(stamps))
    cells = [_one(v) for v in values]  # rare in a big table: mixed types, one by one
    return Column("mixed", pa.array([None if k is None else f"{k}|{t}" for k, t in cells], _S))


def _blank(v: object) -> bool:
    return v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and not
                                                        np.isfinite(v))


def _one(v: object) -> tuple[str | None, str]:
    import datetime as dt
    import numbers

    if _blank(v):
        return None, ""
    if isinstance(v, bool):
        return "b", str(int(v))
    if isinstance(v, numbers.Real):
        return "n", repr(float(v))
    if isinstance(v, (dt.date, pd.Timestamp)):
        serial = excel_day_serials(np.array([pd.Timestamp(v).tz_localize(None) if
                                             pd.Timestamp(v).tzinfo else pd.Timestamp(v)],
                                            dtype="datetime64[ns]"))[0]
        return "n", repr(float(serial))
    text = excel_escape(excel_cut(str(v)))
    kind = "p" if _SPACED.search(text) else "s"  # "p": leading or trailing space kept
    return kind, text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_CELL_OPEN = {"n": '"><v>', "b": '" t="b"><v>', "s": '" t="inlineStr"><is><t>',
              "p": '" t="inlineStr"><is><t xml:space="preserve">'}
_CELL_CLOSE = {"n": "</v></c>", "b": "</v></c>", "s": "</t></is></c>", "p": "</t></is></c>"}


def _cells(col: Column, values: pa.Array, ref: str, rows: pa.Array, style: int) -> pa.Array:
    """``<c>`` elements of one column for some rows (null where the cell is blank)."""
    head = _lit(f'<c r="{ref}')
    styled = f'" s="{style}' if style else ""
    if col.kind == "mixed":  # "kind|text" per cell
        parts = pc.split_pattern(values, "|", max_splits=1)
        kind, text = pc.list_element(parts, 0), pc.list_element(parts, 1)
        kinds = ("s", "p", "b")
        opens = pc.case_when(pc.make_struct(*(pc.equal(kind, k) for k in kinds)),
                             *(_lit(styled + _CELL_OPEN[k]) for k in (*kinds, "n")))
        closes = pc.if_else(pc.is_in(kind, pa.array(["s", "p"])), _lit(_CELL_CLOSE["s"]),
                            _lit(_CELL_CLOSE["n"]))
        return pc.binary_join_element_wise(head, rows, opens, text, closes, _lit(""))
    opening: pa.Scalar | pa.Array = _lit(styled + _CELL_OPEN[col.kind])
    if col.kind == "s":
        spaced = pc.fill_null(pc.match_substring_regex(values, _SPACED.pattern), False)
        if pc.any(spaced).as_py():
            opening = pc.if_else(spaced, _lit(styled + _CELL_OPEN["p"]), opening)
    return pc.binary_join_element_wise(head, rows, opening, values, _lit(_CELL_CLOSE[col.kind]),
                                       _lit(""))


@dataclass
class SheetRows:
    """A table's data cells waiting to be spliced into its sheet: ``columns`` from
    ``first_col``, rows from ``first_row`` (0-based), each column with its style (the
    XlsxWriter format's xf index)."""

    columns: list[Column]
    styles: list[int]
    first_row: int
    table: str = ""  # the Excel Table over them (header row above), its range set here
    first_col: int = 0

    @property
    def n_rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    @property
    def ref(self) -> str:
        """The range of the table: its header and rows (one blank row when it has none)."""
        last_col = column_letter(self.first_col + len(self.columns) - 1)
        return (f"{column_letter(self.first_col)}{self.first_row}:"
                f"{last_col}{self.first_row + max(self.n_rows, 1)}")

    def chunks(self, chunk_rows: int | None = None) -> Iterator[memoryview]:
        """The ``<row>`` elements, ``chunk_rows`` (``CHUNK_ROWS``) at a time, as UTF-8."""
        chunk_rows = chunk_rows or CHUNK_ROWS
        letters = [column_letter(self.first_col + c) for c in range(len(self.columns))]
        for start in range(0, self.n_rows, chunk_rows):
            stop = min(start + chunk_rows, self.n_rows)
            rows = pc.cast(pa.array(np.arange(self.first_row + 1 + start,
                                              self.first_row + 1 + stop)), _S)
            cells = [_cells(col, col.values.slice(start, stop - start), letter, rows, style)
                     for col, letter, style in zip(self.columns, letters, self.styles,
                                                   strict=True)]
            line = pc.binary_join_element_wise(_lit('<row r="'), rows, _lit('">'), *cells,
                                               _lit("</row>"), _lit(""),
                                               null_handling="replace",
                                               null_replacement="")
            yield _joined(line)


def _joined(arr: pa.Array) -> memoryview:
    """All the strings of an Arrow array end to end: its data buffer, not copied."""
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset +
                                                               len(arr) + 1]
    return memoryview(arr.buffers()[2])[offsets[0]: offsets[-1]]


def table_rows(df: pd.DataFrame, styles: list[int], first_row: int, table: str = ""
               ) -> SheetRows:
    """``df``'s cells, typed a column at a time, for the rows below a header at
    ``first_row - 1`` (the header of Excel Table ``table``, when named)."""
    return SheetRows([typed_column(df[c]) for c in df.columns], styles, first_row, table)


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package (from the workbook and its relations)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", ns)}
    rid = "{" + ns["r"] + "}id"
    return {s.get("name"): "xl/" + target[s.get(rid)].lstrip("/").removeprefix("xl/")
            for s in book.findall("m:sheets/m:sheet", ns)}


_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+[0-9]+)[^"]*"/>')


def _spliced(xml: bytes, rows: SheetRows, last_col: int) -> tuple[bytes, bytes]:
    """The sheet's XML before and after where the rows go, its dimension reaching the
    table's last cell (the sheet holds the table and what is above it, nothing below)."""
    if rows.n_rows:
        end = f":{column_letter(last_col)}{rows.first_row + rows.n_rows}".encode()
        xml = _DIMENSION.sub(lambda m: b'<dimension ref="' + m.group(1) + end + b'"/>', xml,
                             count=1)
    if b"<sheetData/>" in xml:
        head, tail = xml.split(b"<sheetData/>", 1)
        return head + b"<sheetData>", b"</sheetData>" + tail
    head, tail = xml.split(b"</sheetData>", 1)
    return head, b"</sheetData>" + tail


_TABLE_NAME = re.compile(rb'<table [^>]*\bname="([^"]*)"')
_REF = re.compile(rb' ref="[^"]*"')


def _table_range(xml: bytes, tables: dict[str, SheetRows]) -> bytes:
    """A table part with the range of its spliced rows (the table and its filter)."""
    name = _TABLE_NAME.search(xml)
    rows = tables.get(name.group(1).decode()) if name else None
    if rows is None:
        return xml
    return _REF.sub(f' ref="{rows.ref}"'.encode(), xml)


def splice(path: Path, sheets: dict[str, SheetRows]) -> None:
    """Rewrite the package at ``path`` with each named sheet's rows in it. The rows are
    built in a second thread while the first compresses (both release the GIL)."""
    tmp = path.with_name(path.name + ".splice")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(
            tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zout, \
            ThreadPoolExecutor(1) as pool:
        parts = {part: sheets[name] for name, part in _sheet_parts(zin).items()
                 if name in sheets}
        tables = {rows.table: rows for rows in sheets.values() if rows.table}
        for info in zin.infolist():
            data = zin.read(info.filename)
            rows = parts.get(info.filename)
            if info.filename.startswith("xl/tables/"):
                data = _table_range(data, tables)
            if rows is None:
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
                continue
            head, tail = _spliced(data, rows, rows.first_col + len(rows.columns) - 1)
            chunks = rows.chunks()
            with zout.open(info.filename, "w", force_zip64=True) as out:
                if isal_zlib is not None and hasattr(out, "_compressor"):
                    out._compressor = isal_zlib.compressobj(ISAL_LEVEL, zlib.DEFLATED, -15)
                out.write(head)
                pending = pool.submit(next, chunks, None)
                while (chunk := pending.result()) is not None:
                    pending = pool.submit(next, chunks, None)
                    out.write(chunk)
                out.write(tail)
    shutil.move(tmp, path)
