"""A writer of Compound File Binary (MS-CFB) version 3 files, for ``vbaProject.bin``.

Streams under 4096 bytes live in the mini stream, as the format requires; each
storage's children form a balanced red-black tree in the format's name order. A storage's
start sector and size are zero (2.6.3); an empty stream starts at ENDOFCHAIN, and so does
the root entry when there is no mini stream (2.5).
Read back with olefile in the tests. (AGPL's cfbwrite is not an option for an MIT
project.)
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
CUTOFF = 4096
ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1


@dataclass
class Entry:
    name: str
    kind: int
    data: bytes = b""
    clsid: bytes = b"\x00" * 16
    children: list[Entry] = field(default_factory=list)
    # Filled while writing.
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _order(name: str) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then by upper-cased code points."""
    return len(name.encode("utf-16-le")) // 2, name.upper()


def _tree(entries: list[Entry], depth: int, depths: dict[int, int]) -> int:
    """Balanced BST from sorted entries; returns the root's sid."""
    if not entries:
        return NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    depths[node.sid] = depth
    node.left = _tree(entries[:mid], depth + 1, depths)
    node.right = _tree(entries[mid + 1:], depth + 1, depths)
    return node.sid


def _colour(entries: list[Entry]) -> int:
    """Root sid of the children's tree; an incomplete deepest level is red, so every
    path has the same number of black nodes (a valid red-black tree)."""
    if not entries:
        return NOSTREAM
    ordered = sorted(entries, key=lambda e: _order(e.name))
    depths: dict[int, int] = {}
    root = _tree(ordered, 0, depths)
    deepest = max(depths.values())
    full = len([d for d in depths.values() if d == deepest]) == 2 ** deepest
    for e in ordered:
        e.color = RED if depths[e.sid] == deepest and not full and deepest > 0 else BLACK
    return root


def _flatten(root: Entry) -> list[Entry]:
    out: list[Entry] = []

    def walk(e: Entry) -> None:
        e.sid = len(out)
        out.append(e)
        for c in e.children:
            walk(c)

    walk(root)
    return out


def _dir_entry(e: Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\x00\x00"
    if len(name) > 64:
        raise ValueError(f"CFB names are at most 31 characters: {e.name!r}")
    return struct.pack(
        "<64sHBBIII16sIQQIQ", name, len(name), e.kind, e.color, e.left, e.right, e.child,
        e.clsid, 0, 0, 0, e.start, e.size,
    )


def _chain(table: list[int], first: int, count: int) -> None:
    for i in range(count):
        table[first + i] = first + i + 1 if i < count - 1 else ENDOFCHAIN


def write_cfb(root: Entry) -> bytes:
    """The bytes of a compound file holding ``root``'s tree of storages and streams."""
    root.kind = ROOT
    entries = _flatten(root)
    for e in entries:
        if e.kind in (STORAGE, ROOT):
            e.child = _colour(e.children)
        if e.kind == STORAGE:  # MS-CFB 2.6.3: no sectors of its own, start and size 0
            e.start, e.size = 0, 0
    # Mini stream: every stream under the cutoff, in 64-byte mini sectors.
    mini = bytearray()
    minifat: list[int] = []
    for e in entries:
        if e.kind == STREAM and len(e.data) < CUTOFF:
            e.size = len(e.data)
            if not e.data:  # MS-CFB names no sector for it: ENDOFCHAIN, as olefile expects
                e.start = ENDOFCHAIN
                continue
            n = -(-len(e.data) // MINI)
            e.start = len(minifat)
            minifat += [0] * n
            _chain(minifat, e.start, n)
            mini += e.data + b"\x00" * (n * MINI - len(e.data))
    big = [e for e in entries if e.kind == STREAM and len(e.data) >= CUTOFF]
    dir_sectors = -(-len(entries) * 128 // SECTOR)
    minifat_sectors = -(-len(minifat) * 4 // SECTOR)
    mini_sectors = -(-len(mini) // SECTOR)
    data_sectors = sum(-(-len(e.data) // SECTOR) for e in big)
    fat_sectors = 1
    while True:  # the FAT must also map its own sectors
        total = fat_sectors + dir_sectors + minifat_sectors + mini_sectors + data_sectors
        if fat_sectors * (SECTOR // 4) >= total:
            break
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("compound file too large for a header-only DIFAT")
    fat = [FREESECT] * (fat_sectors * SECTOR // 4)
    for i in range(fat_sectors):
        fat[i] = FATSECT
    cursor = fat_sectors
    dir_start = cursor
    _chain(fat, cursor, dir_sectors)
    cursor += dir_sectors
    minifat_start = cursor if minifat_sectors else ENDOFCHAIN
    _chain(fat, cursor, minifat_sectors)
    cursor += minifat_sectors
    root.start = cursor if mini_sectors else ENDOFCHAIN
    root.size = len(mini)
    _chain(fat, cursor, mini_sectors)
    cursor += mini_sectors
    body = bytearray()
    for e in big:
        n = -(-len(e.data) // SECTOR)
        e.start, e.size = cursor, len(e.data)
        _chain(fat, cursor, n)
        body += e.data + b"\x00" * (n * SECTOR - len(e.data))
        cursor += n
    directory = b"".join(_dir_entry(e) for e in entries)
    empty = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                        b"\x00" * 16, 0, 0, 0, 0, 0)
    directory += empty * (dir_sectors * SECTOR // 128 - len(entries))
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_bytes += struct.pack("<I", FREESECT) * (minifat_sectors * SECTOR // 4 - len(minifat))
    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16,
        0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6, 0, fat_sectors, dir_start, 0, CUTOFF,
        minifat_start, minifat_sectors, ENDOFCHAIN, 0, *difat,
    )
    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    out += minifat_bytes
    out += mini + b"\x00" * (mini_sectors * SECTOR - len(mini))
    out += body
    return bytes(out)
