"""Crafting the files PMs (and attackers) leave in a tracker folder."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

GIB = 2**30


def rewrite_part(src: Path, dst: Path, part: str, edit) -> Path:
    """Copy a workbook, passing one part's bytes through ``edit``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, edit(data) if info.filename == part else data)
    return dst


def add_cell(src: Path, dst: Path, ref: str, part: str = "xl/worksheets/sheet2.xml") -> Path:
    """Put one inline-string cell at ``ref`` (e.g. 'A2000000') at the end of a sheet."""
    row = re.match(r"[A-Z]+(\d+)", ref)[1]
    cell = (f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData>").encode()
    return rewrite_part(src, dst, part, lambda d: d.replace(b"</sheetData>", cell, 1))


def string_bomb(src: Path, dst: Path, size: int = GIB, *, lie: bool = False) -> Path:
    """A shared string of ``size`` bytes that deflates to about a thousandth of it.

    With ``lie``, the zip directory claims the part is tiny (as a crafted file would).
    """
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == "xl/sharedStrings.xml":
                continue
            zout.writestr(info.filename, zin.read(info))
        head = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
                b'.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
        with zout.open("xl/sharedStrings.xml", "w") as fh:
            fh.write(head)
            block = b"A" * (1 << 24)
            for _ in range(size // len(block)):
                fh.write(block)
            fh.write(b"</t></si></sst>")
    if lie:
        _claim_size(dst, "xl/sharedStrings.xml", 1000)
    return dst


def _claim_size(path: Path, name: str, fake: int) -> None:
    """Overwrite the uncompressed size of one entry in both zip headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, fake)  # local header
    cd = data.rfind(b"PK\x01\x02" + data[info.header_offset + 4: info.header_offset + 6])
    idx = 0
    while True:  # find this entry's central directory record by name
        idx = data.find(b"PK\x01\x02", idx)
        n = struct.unpack_from("<H", data, idx + 28)[0]
        if data[idx + 46: idx + 46 + n] == name.encode():
            struct.pack_into("<I", data, idx + 24, fake)
            break
        idx += 4
    del cd
    path.write_bytes(bytes(data))


def legacy_xls_bytes() -> bytes:
    """The start of a BIFF8 .xls: an OLE2 compound file with a Workbook stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    return header + b"\x00" * (512 - len(header)) + "Workbook".encode("utf-16-le") + b"\x00" * 600


def deflate_ratio(data: bytes) -> float:
    return len(data) / len(zlib.compress(data))
