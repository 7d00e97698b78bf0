"""Safety checks on a workbook's container before any parser sees it.

A folder of trackers holds what PMs leave in it: old ``.xls``, password-protected
files, corrupt zips, and now and then a file crafted to exhaust memory (a 1 GB cell
that deflates from 1 MB, a cell beyond row 1,048,576). The zip directory is checked
first; the parts a parser will expand are streamed with a hard cap, so memory stays
bounded whatever the file claims about itself.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath
from xml.etree import ElementTree as ET

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384
DEFLATE_MAX_RATIO = 1100  # deflate cannot expand more than ~1032:1
SMALL_PART_CAP = 10 * 2**20  # workbook.xml, rels and table parts are small by nature

_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ROW_RE = re.compile(rb'<row\b[^>]*?\br=["\'](\d+)["\']')
_COL_RE = re.compile(rb'<c\b[^>]*?\br=["\']([A-Z]+)\d+["\']')
# A cell reference with three letters or more (column AAA = 703 onwards): rare, and the
# only way past Excel's last column (XFD) or past a width of 702 columns.
_WIDE_RE = re.compile(rb'r=["\'][A-Z]{3}')
_NARROW_WIDTH = 702
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class PackageRejected(Exception):
    """The file cannot be read: the finding's rule code, and why (a key of REASONS)."""

    def __init__(self, code: str, reason: str = "", **params: object) -> None:
        super().__init__(f"{code} {reason} {params}")
        self.code = code
        self.reason = reason
        self.params = params


@dataclass
class TableRef:
    name: str
    first_row: int  # 0-based, the header row
    first_col: int
    last_row: int
    last_col: int
    header_rows: int = 1


@dataclass
class Package:
    """What the container tells us: sheet parts and Excel Tables, by name."""

    data: bytes
    sheet_parts: dict[str, str] = field(default_factory=dict)  # sheet name -> zip part
    tables: dict[str, TableRef] = field(default_factory=dict)  # display name -> range
    zf: zipfile.ZipFile | None = None


def _col_index(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + ord(ch) - 64
    return n - 1


def parse_ref(ref: str) -> tuple[int, int, int, int]:
    """``B5:D9`` -> (4, 1, 8, 3), 0-based first row, first col, last row, last col."""
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", ref.strip().upper())
    if not m:
        raise ValueError(ref)
    c1, r1 = _col_index(m[1]), int(m[2]) - 1
    c2, r2 = (_col_index(m[3]), int(m[4]) - 1) if m[3] else (c1, r1)
    return r1, c1, r2, c2


def classify_bytes(head: bytes, data: bytes) -> None:
    """Reject what is not an OOXML zip, saying what it is instead."""
    if not data:
        raise PackageRejected("FILE_UNREADABLE", "empty")
    if head.startswith(_CFB_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise PackageRejected("FILE_ENCRYPTED")
        raise PackageRejected("FILE_LEGACY_XLS")
    if not head.startswith(_ZIP_MAGIC):
        raise PackageRejected("FILE_UNREADABLE", "not_excel")


def inflate(data: bytes, info: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
    """The real bytes of a part, from its raw deflate stream, stopping past ``cap``.

    Not ``zipfile.open``: it stops at the size the directory *claims*, while another
    parser may inflate everything; a lying directory must not fool the check.
    """
    off = info.header_offset
    if data[off : off + 4] != b"PK\x03\x04":
        raise PackageRejected("FILE_UNREADABLE", "damaged_entry", part=info.filename)
    name_len, extra_len = struct.unpack("<HH", data[off + 26 : off + 30])
    start = off + 30 + name_len + extra_len
    raw = memoryview(data)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        yield bytes(raw[: cap + 1])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise PackageRejected("FILE_UNREADABLE", "compression", part=info.filename)
    inflater = zlib.decompressobj(-15)
    total = 0
    try:
        for i in range(0, len(raw), 1 << 16):
            pending = bytes(raw[i : i + (1 << 16)])
            while pending:
                out = inflater.decompress(pending, 1 << 20)
                pending = inflater.unconsumed_tail
                total += len(out)
                yield out
                if total > cap:
                    return
    except zlib.error as exc:
        raise PackageRejected("FILE_UNREADABLE", "corrupt_data", part=info.filename) from exc


def _stream_size(data: bytes, info: zipfile.ZipInfo, cap: int) -> int:
    """Real uncompressed size of a part, inflating at most a little past ``cap``."""
    return sum(len(chunk) for chunk in inflate(data, info, cap))


def _read_small(data: bytes, zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    suspicious = info.file_size > SMALL_PART_CAP or (
        info.compress_size * DEFLATE_MAX_RATIO > SMALL_PART_CAP
    )
    if suspicious and _stream_size(data, info, SMALL_PART_CAP) > SMALL_PART_CAP:
        raise PackageRejected("FILE_TOO_LARGE", "part_cap", part=name, mb=10)
    with zf.open(info) as fh:
        return fh.read(SMALL_PART_CAP + 1)


def _rels(data: bytes, zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part, for ``part``."""
    rels_name = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
    if rels_name not in zf.NameToInfo:
        return {}
    root = ET.fromstring(_read_small(data, zf, rels_name))
    out: dict[str, str] = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else normpath(
            join(dirname(part), target)
        )
        out[rel.get("Id", "")] = path
    return out


def open_package(data: bytes, max_part_bytes: int) -> Package:
    """Check the container and map sheets and tables; raises PackageRejected."""
    classify_bytes(data[:8], data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError) as exc:
        raise PackageRejected("FILE_UNREADABLE", "corrupt_zip", detail=str(exc)) from exc
    if "xl/workbook.xml" not in zf.NameToInfo:
        raise PackageRejected("FILE_UNREADABLE", "no_workbook")
    for info in infos:
        if info.file_size > max_part_bytes:
            raise PackageRejected("FILE_TOO_LARGE", "part_size", part=info.filename,
                                  size=info.file_size)
        if info.compress_size * DEFLATE_MAX_RATIO > max_part_bytes:
            real = _stream_size(data, info, max_part_bytes)
            if real > max_part_bytes:
                raise PackageRejected("FILE_TOO_LARGE", "part_cap", part=info.filename,
                                      mb=max_part_bytes // 2**20)
    pkg = Package(data=data, zf=zf)
    try:
        wb_root = ET.fromstring(_read_small(data, zf, "xl/workbook.xml"))
        rels = _rels(data, zf, "xl/workbook.xml")
        for el in wb_root.iter():
            if el.tag.endswith("}sheet"):
                part = rels.get(el.get(f"{_REL_NS}id", ""), "")
                pkg.sheet_parts[el.get("name", "")] = part
        for name in zf.namelist():
            if name.startswith("xl/tables/") and name.endswith(".xml"):
                t = ET.fromstring(_read_small(data, zf, name))
                r1, c1, r2, c2 = parse_ref(t.get("ref", ""))
                display = t.get("displayName") or t.get("name") or ""
                pkg.tables[display] = TableRef(
                    display, r1, c1, r2, c2, int(t.get("headerRowCount", "1"))
                )
    except (ET.ParseError, ValueError, KeyError, zipfile.BadZipFile, zlib.error) as exc:
        raise PackageRejected("FILE_UNREADABLE", "structure", detail=str(exc)) from exc
    return pkg


def _scan(pkg: Package, part: str, sheet_name: str, max_bytes: int, pattern: re.Pattern
          ) -> tuple[set[bytes], bool, int]:
    """Every match of ``pattern`` in the sheet part (inflated with a cap), whether a wide
    cell reference was seen, and how many rows carry no number (each is the row after
    the one before: a reader counts them too)."""
    found: set[bytes] = set()
    wide = False
    tail = b""
    total = implicit = 0
    for chunk in inflate(pkg.data, pkg.zf.getinfo(part), max_bytes):  # type: ignore[union-attr]
        total += len(chunk)
        if total > max_bytes:
            raise PackageRejected("FILE_TOO_LARGE", "sheet_size", sheet=sheet_name)
        buf = tail + chunk
        cut = buf.rfind(b"<")
        scan, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
        matches = pattern.findall(scan)
        found.update(matches)
        wide = wide or _WIDE_RE.search(scan) is not None
        if pattern is _ROW_RE:  # row tags without a number (counted in C, not by regex)
            implicit += (scan.count(b"<row ") + scan.count(b"<row>") + scan.count(b"<row/>")
                         - len(matches))
    return found, wide, max(implicit, 0)


def check_sheet_extent(pkg: Package, sheet_name: str, max_cells: int, max_bytes: int) -> None:
    """Refuse a sheet whose cells lie beyond Excel's grid or exceed the cell budget.

    A parser builds a dense grid from the first to the last used cell, so a single
    cell at XFD1048576 (or beyond) would cost gigabytes: we look before it does.
    Columns are only scanned when they could matter (a three-letter reference, or
    more rows than the budget allows at 702 columns): the common sheet costs one pass
    over its row tags.
    """
    part = pkg.sheet_parts.get(sheet_name)
    if not part or pkg.zf is None or part not in pkg.zf.NameToInfo:
        return
    rows, wide, implicit = _scan(pkg, part, sheet_name, max_bytes, _ROW_RE)
    max_row = max(map(int, rows), default=0) + implicit  # at most: numbered, then unnumbered
    if not wide and max_row * _NARROW_WIDTH <= max_cells and max_row <= EXCEL_MAX_ROWS:
        return
    letters, _, _ = _scan(pkg, part, sheet_name, max_bytes, _COL_RE)
    indexes = [_col_index(x) for x in letters]
    min_col, max_col = min(indexes, default=0), max(indexes, default=-1)
    if max_row > EXCEL_MAX_ROWS or max_col >= EXCEL_MAX_COLS:
        raise PackageRejected("FILE_TOO_LARGE", "beyond_grid", sheet=sheet_name, row=max_row,
                              col=max_col + 1)
    width = max(1, max_col - min_col + 1) if max_col >= 0 else 1
    if max_row * width > max_cells:
        raise PackageRejected("FILE_TOO_LARGE", "cells", sheet=sheet_name, rows=max_row,
                              cols=width, limit=max_cells)
