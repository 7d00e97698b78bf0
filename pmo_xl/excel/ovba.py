"""MS-OVBA 2.4.1: the compression of VBA source code and of the ``dir`` stream.

Written here because PyPI's ms-ovba-compression is broken (multi-chunk containers,
long matches) and the working alternatives are copyleft. Checked against oletools.
"""

from __future__ import annotations

CHUNK = 4096
_MAX_CANDIDATES = 48  # positions tried per match: plenty for VBA text


class OvbaError(ValueError):
    """A compressed container that does not follow MS-OVBA."""


def _split(difference: int) -> tuple[int, int, int]:
    """(bit count of the offset, length mask, maximum length) at a position in a chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    length_mask = 0xFFFF >> bit_count
    return bit_count, length_mask, length_mask + 3


def decompress(data: bytes) -> bytes:
    """The bytes of a compressed container (2.4.1.3.1). A raw chunk always yields 4096
    bytes (2.4.1.3.3), so a padded final raw chunk comes back with its zero padding."""
    if not data or data[0] != 0x01:
        raise OvbaError("not a compressed container (signature byte is not 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise OvbaError("truncated chunk header")
        header = int.from_bytes(data[pos:pos + 2], "little")
        if (header >> 12) & 0b111 != 0b011:
            raise OvbaError(f"bad chunk signature at byte {pos}")
        end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        start = len(out)
        if not header >> 15:  # raw chunk: 4096 literal bytes, size field 0xFFF (2.4.1.1.5)
            if header & 0x0FFF != CHUNK - 1 or pos + CHUNK > len(data):
                raise OvbaError(f"malformed raw chunk at byte {pos - 2}")
            out += data[pos:pos + CHUNK]
            pos += CHUNK
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not (flags >> bit) & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                if pos + 2 > end:
                    raise OvbaError("truncated copy token")
                token = int.from_bytes(data[pos:pos + 2], "little")
                pos += 2
                bit_count, length_mask, _ = _split(len(out) - start)
                offset = (token >> (16 - bit_count)) + 1
                length = (token & length_mask) + 3
                if offset > len(out) - start:
                    raise OvbaError("copy token reaches before its chunk")
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """One chunk, header included: compressed if that fits in 4098 bytes, else a raw
    chunk (2.4.1.3.7, 2.4.1.3.10): the bytes as they are, zero-padded to 4096."""
    body = bytearray()
    index: dict[bytes, list[int]] = {}
    pos = start
    while pos < end:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            best_len, best_off = 0, 0
            _, _, max_len = _split(pos - start)
            limit = min(max_len, end - pos)
            key = data[pos:pos + 3]
            if limit >= 3:
                for cand in reversed(index.get(key, [])[-_MAX_CANDIDATES:]):
                    length = 3
                    while length < limit and data[cand + length] == data[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == limit:
                            break
            if best_len >= 3:
                bit_count, _, _ = _split(pos - start)
                token = ((best_off - 1) << (16 - bit_count)) | (best_len - 3)
                body += token.to_bytes(2, "little")
                flags |= 1 << bit
                step = best_len
            else:
                body.append(data[pos])
                step = 1
            for p in range(pos, min(pos + step, end - 2)):
                index.setdefault(data[p:p + 3], []).append(p)
            pos += step
        body[flag_at] = flags
    if len(body) > CHUNK:  # flag 0, size field 0xFFF: 4098 bytes with the header
        raw = data[start:end]
        return (0x3000 | (CHUNK - 1)).to_bytes(2, "little") + raw + bytes(CHUNK - len(raw))
    header = 0x8000 | 0x3000 | (len(body) + 2 - 3)
    return header.to_bytes(2, "little") + bytes(body)


def compress(data: bytes) -> bytes:
    """A compressed container: signature byte, then one chunk per 4096 bytes.

    A final chunk that does not compress is stored raw and padded with zeros, as the
    spec requires, so it decompresses (here and in oletools) to the data followed by
    zeros up to a multiple of 4096. VBA source text and ``dir`` records repeat themselves
    enough to compress, so real modules and ``dir`` streams never meet that padding.
    """
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _compress_chunk(data, start, min(start + CHUNK, len(data)))
    return bytes(out)
