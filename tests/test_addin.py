"""The ribbon add-in, verified by independent readers: olevba, olefile, LibreOffice."""

import io
import random
import string
import struct
import subprocess
import zipfile
from xml.etree import ElementTree as ET

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from pmo_xl.excel import addin
from pmo_xl.excel.cfb import ENDOFCHAIN, ROOT, STORAGE, STREAM, Entry, write_cfb
from pmo_xl.excel.ovba import compress, decompress
from tests.libreoffice import soffice


@pytest.mark.parametrize("data", [
    b"", b"abc", b"A" * 50_000,  # one long run: matches at the maximum length
    bytes(random.Random(1).randrange(256) for _ in range(9_000)),  # raw chunks
    (b"Sub Foo()\r\n    x = 1\r\nEnd Sub\r\n" * 400),  # many chunks of VBA-like text
], ids=["empty", "tiny", "run", "noise", "vba"])
def test_compression_is_read_back_by_oletools(data):
    packed = compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data
    assert decompress(packed) == data


def test_compound_file_opens_strictly_in_olefile():
    streams = {"PROJECT": b"p" * 569, "VBA/dir": b"d" * 1278, "VBA/big": b"b" * 19_332,
               "VBA/tiny": b"t" * 7, "VBA/empty": b""}
    vba = Entry("VBA", STORAGE, children=[Entry(n.split("/")[1], STREAM, d)
                                          for n, d in streams.items() if n.startswith("VBA/")])
    blob = write_cfb(Entry("Root Entry", 5, children=[Entry("PROJECT", STREAM, b"p" * 569),
                                                      vba]))
    ole = olefile.OleFileIO(io.BytesIO(blob), raise_defects=olefile.DEFECT_INCORRECT)
    assert {"/".join(p) for p in ole.listdir()} == set(streams)
    for name, data in streams.items():
        assert ole.openstream(name).read() == data


def chunk_headers(packed: bytes) -> list[tuple[bool, int]]:
    """(compressed, size with header) of each chunk, walked by the headers alone."""
    chunks, pos = [], 1
    while pos < len(packed):
        header = int.from_bytes(packed[pos:pos + 2], "little")
        assert (header >> 12) & 0b111 == 0b011, f"chunk signature at byte {pos}"
        compressed, size = bool(header >> 15), (header & 0x0FFF) + 3
        assert size <= 4098 and (compressed or size == 4098)
        chunks.append((compressed, size))
        pos += size
    assert pos == len(packed)  # the last chunk ends the container
    return chunks


def ovba_inputs(r: random.Random) -> list[bytes]:
    """Noise, low-entropy text, and lengths at chunk boundaries, where a final chunk of
    3641 random bytes or more no longer fits in 4096 compressed bytes."""
    words = [b"Sub ", b"End Sub\r\n", b"Dim x As Long\r\n", b"    ", b"x = x + 1\r\n", b"'"]

    def text(n: int) -> bytes:
        if r.random() < 0.5:
            return bytes(r.choice(b"ab \r\n") for _ in range(n))
        return b"".join(r.choice(words) for _ in range(n // 4 + 1))[:n]

    out = [b""]
    while len(out) < 400:
        kind = r.choices(range(4), weights=[3, 3, 2, 2])[0]
        n = r.randrange(r.choice([1_000, 5_000, 20_000]))  # mostly short: the test stays fast
        if kind == 0:
            out.append(r.randbytes(n))
        elif kind == 1:
            out.append(text(n))
        elif kind == 2:
            out.append(r.randbytes(4096 * r.choice([0, 0, 1, 2]) + r.choice([4095, 4096, 4097])))
        else:
            head = 4096 * r.choice([0, 0, 1, 2])
            out.append((text(head) if r.random() < 0.5 else r.randbytes(head))
                       + r.randbytes(r.randint(3641, 3700)))
    return out


def test_compression_round_trips_random_inputs_through_oletools():
    padded = raw_chunks = 0
    for data in ovba_inputs(random.Random(20240611)):
        packed = compress(data)
        chunks = chunk_headers(packed)
        assert len(chunks) == -(-len(data) // 4096)
        ours, theirs = decompress(packed), bytes(decompress_stream(bytearray(packed)))
        assert ours == theirs
        raw_end = bool(chunks) and not chunks[-1][0]
        # MS-OVBA 2.4.1.3.3: a raw chunk always decompresses to 4096 bytes.
        assert ours == (data + bytes(-len(data) % 4096) if raw_end else data)
        padded += raw_end and len(data) % 4096 != 0
        raw_chunks += sum(not c for c, _ in chunks)
    assert padded >= 20 and raw_chunks >= 100  # the cases under test did occur


NAME_CHARS = string.ascii_letters + string.digits + "_-"
SIZES = [0, 1, 63, 64, 4095, 4096, 4097]


def random_storage(r: random.Random, name: str, path: tuple[str, ...],
                   streams: dict[str, bytes]) -> tuple[Entry, int]:
    """A storage with 0-12 streams and storages under it up to 3 deep; the storage
    count below it is returned too."""
    node, taken, count = Entry(name, ROOT if not path else STORAGE), set(), 0

    def fresh() -> str:
        while (n := "".join(r.choices(NAME_CHARS, k=r.randint(1, 31)))).upper() in taken:
            pass
        taken.add(n.upper())  # MS-CFB compares names upper-cased
        return n

    for _ in range(r.randint(0, 12)):
        n = fresh()
        data = r.randbytes(r.choice(SIZES) if r.random() < 0.6 else r.randint(4098, 40_000))
        node.children.append(Entry(n, STREAM, data))
        streams["/".join((*path, n))] = data
    for _ in range(r.randint(0, 3 - len(path))):
        n = fresh()
        child, below = random_storage(r, n, (*path, n), streams)
        node.children.append(child)
        count += 1 + below
    r.shuffle(node.children)
    return node, count


def directory(blob: bytes) -> list[bytes]:
    """The 128-byte directory entries, by the header's first directory sector and the FAT."""
    fat_sectors, sect = struct.unpack_from("<II", blob, 0x2C)
    fat: list[int] = []
    for s in struct.unpack_from("<109I", blob, 0x4C)[:fat_sectors]:
        fat += struct.unpack_from("<128I", blob, 512 * (s + 1))
    entries = []
    while sect != ENDOFCHAIN:
        entries += [blob[512 * (sect + 1) + i:512 * (sect + 1) + i + 128]
                    for i in range(0, 512, 128)]
        sect = fat[sect]
    return entries


def test_random_compound_files_open_strictly_with_zeroed_storages():
    r = random.Random(20240612)
    storages_seen = 0
    for _ in range(40):
        streams: dict[str, bytes] = {}
        root, storages = random_storage(r, "Root Entry", (), streams)
        blob = write_cfb(root)
        ole = olefile.OleFileIO(io.BytesIO(blob), raise_defects=olefile.DEFECT_INCORRECT)
        assert {"/".join(p) for p in ole.listdir()} == set(streams)
        for name, data in streams.items():
            assert ole.openstream(name).read() == data
        raw = directory(blob)
        kinds = [e[66] for e in raw]
        assert kinds.count(STORAGE) == storages and kinds.count(STREAM) == len(streams)
        for e in raw:
            (start,), (size,) = struct.unpack_from("<I", e, 116), struct.unpack_from("<Q", e, 120)
            if e[66] == STORAGE:  # MS-CFB 2.6.3
                assert (start, size) == (0, 0)
            elif e[66] == STREAM and size == 0:
                assert start == ENDOFCHAIN
            elif e[66] == 0:  # unused: zeroes but for NOSTREAM siblings and child
                assert e == bytes(68) + b"\xff" * 12 + bytes(48)
        olefile_storages = [d for d in ole.direntries
                            if d is not None and d.entry_type == olefile.STGTY_STORAGE]
        assert len(olefile_storages) == storages
        assert all((d.isectStart, d.size) == (0, 0) for d in olefile_storages)
        storages_seen += storages
    assert storages_seen >= 40


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return addin.build_addin(tmp_path_factory.mktemp("addin") / "pmo_xl.xlam")


def vba_part(path):
    with zipfile.ZipFile(path) as z:
        return z.read("xl/vbaProject.bin")


def test_olevba_reads_the_new_module_and_sees_no_stomping(built):
    parser = VBA_Parser(str(built))
    code = {name: src for _, _, name, src in parser.extract_macros()}
    expected = 'Attribute VB_Name = "RibbonMyAddin"\r\n' + addin.DISPATCHER
    assert code["RibbonMyAddin.bas"] == expected  # exactly, byte for byte
    assert not parser.detect_vba_stomping()
    template = {n: s for _, _, n, s in VBA_Parser(str(addin.template_path())).extract_macros()}
    assert code["xlwings.bas"] == template["xlwings.bas"]  # the rest untouched


def test_module_is_stored_source_only(built):
    ole = olefile.OleFileIO(io.BytesIO(vba_part(built)), raise_defects=olefile.DEFECT_INCORRECT)
    records = addin.parse_dir(decompress(ole.openstream("VBA/dir").read()))
    mods = addin.modules(records, "cp1252")
    assert mods["RibbonMyAddin"]["offset"] == 0
    source = decompress(ole.openstream("VBA/RibbonMyAddin").read()).decode("cp1252")
    assert source.startswith('Attribute VB_Name = "RibbonMyAddin"')
    assert ole.openstream("VBA/_VBA_PROJECT").read()[2:4] == b"\xff\xff"  # Office recompiles


def stomp(path, out):
    """What VBA stomping looks like: new source, but the old p-code kept in front of it."""
    blob = vba_part(addin.template_path())
    ole = olefile.OleFileIO(io.BytesIO(blob))
    mods = addin.modules(addin.parse_dir(decompress(ole.openstream("VBA/dir").read())),
                         "cp1252")
    offset = mods["RibbonMyAddin"]["offset"]
    old = ole.openstream("VBA/RibbonMyAddin").read()
    assert offset > 0  # the template keeps p-code for this module
    stomped_source = ('Attribute VB_Name = "RibbonMyAddin"\r\n'
                      'Sub Evil()\r\n  Shell "x"\r\nEnd Sub\r\n')
    streams = {"/".join(p): ole.openstream("/".join(p)).read() for p in ole.listdir()}
    streams["VBA/RibbonMyAddin"] = old[:offset] + compress(stomped_source.encode())
    root = Entry("Root Entry", 5)
    vba = Entry("VBA", STORAGE)
    root.children.append(vba)
    for name, data in streams.items():
        parent = vba if name.startswith("VBA/") else root
        parent.children.append(Entry(name.split("/")[-1], STREAM, data))
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for n in zin.namelist():
            zout.writestr(n, write_cfb(root) if n == "xl/vbaProject.bin" else zin.read(n))
    return out


def test_the_same_check_catches_a_stomped_file(built, tmp_path):
    assert VBA_Parser(str(stomp(built, tmp_path / "stomped.xlam"))).detect_vba_stomping()


def test_ribbon_xml_and_relationship(built):
    with zipfile.ZipFile(built) as z:
        ui = ET.fromstring(z.read("customUI/customUI.xml"))
        rels = z.read("_rels/.rels").decode()
    ns = {"ui": addin.UI_NS}
    assert ui.tag == f"{{{addin.UI_NS}}}customUI"
    buttons = ui.findall(".//ui:tab/ui:group/ui:button", ns)
    assert [b.get("id") for b in buttons] == list(addin.ACTIONS)
    assert {b.get("onAction") for b in buttons} == {"RibbonMyAddin.OnPmoAction"}
    allowed = {"id", "label", "size", "imageMso", "screentip", "supertip", "onAction"}
    assert all(set(b.attrib) <= allowed for b in buttons)
    assert addin.UI_REL_2006 in rels and addin.UI_REL_2007 not in rels
    french = ET.fromstring(addin.custom_ui("fr"))
    assert french.find(".//ui:button", ns).get("label") == "Consolider"


def test_libreoffice_imports_the_module_text(built, tmp_path):
    exe = soffice()
    profile = tmp_path / "profile"
    subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(built)], check=True, capture_output=True,
                   timeout=300)
    with zipfile.ZipFile(tmp_path / "pmo_xl.ods") as z:
        module = next(n for n in z.namelist() if n.endswith("/RibbonMyAddin.xml"))
        text = z.read(module).decode()
    assert "Sub OnPmoAction(control As IRibbonControl)" in text
    assert "pmo_xl.excel.on_ribbon(" in text


def test_unexpected_template_is_refused(tmp_path, monkeypatch):
    with zipfile.ZipFile(tmp_path / "other.xlam", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    monkeypatch.setattr(addin, "template_path", lambda: tmp_path / "other.xlam")
    with pytest.raises(addin.AddinError, match=r"unexpected add-in template .*no "
                                               r"xl/vbaProject\.bin"):
        addin.build_addin(tmp_path / "out.xlam")


def test_startup_folders():
    win = addin.startup_folder("win32", {"APPDATA": "C:/Users/ann/AppData/Roaming"})
    assert win.as_posix().endswith("Microsoft/Excel/XLSTART")
    assert "Startup.localized" in str(addin.startup_folder("darwin", {"HOME": "/Users/ann"}))
    with pytest.raises(addin.AddinError, match="Windows or macOS"):
        addin.startup_folder("linux", {})
