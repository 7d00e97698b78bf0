"""The ribbon add-in, verified by independent readers: olevba, olefile, LibreOffice."""

import io
import random
import subprocess
import zipfile
from xml.etree import ElementTree as ET

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from pmo_xl.excel import addin
from pmo_xl.excel.cfb import STORAGE, STREAM, Entry, write_cfb
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
