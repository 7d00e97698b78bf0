"""What PMs leave in a folder: each file is left out with a clear finding, in bounded
memory, and the other trackers are consolidated."""

import json
import subprocess
import sys
import zipfile

import msoffcrypto.format.ooxml
import pytest
import xlsxwriter

import pmo_xl
from tests.builders import make_tracker
from tests.hostile import add_cell, legacy_xls_bytes, string_bomb


def rules_by_file(p):
    return {(f.file.rsplit("/", 1)[-1], f.rule) for f in p.findings.itertuples()}


def test_folder_of_everything(tmp_path, settings):
    good = make_tracker(tmp_path, "good.xlsx")
    (tmp_path / "~$good.xlsx").write_bytes(b"\x05owner" + b"\x00" * 160)  # Excel lock file
    (tmp_path / "minutes.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / ".hidden.xlsx").write_bytes(b"junk")
    (tmp_path / "export.xlsx").write_text("code;budget\nP1;12\n")
    (tmp_path / "old.xls").write_bytes(legacy_xls_bytes())
    (tmp_path / "empty.xlsx").write_bytes(b"")
    raw = good.read_bytes()
    (tmp_path / "truncated.xlsx").write_bytes(raw[: len(raw) // 2])
    wb = xlsxwriter.Workbook(str(tmp_path / "blank.xlsx"))
    wb.add_worksheet("Sheet1")
    wb.close()
    with zipfile.ZipFile(tmp_path / "word.xlsx", "w") as z:  # a .docx renamed
        z.writestr("word/document.xml", "<w:document/>")
    with open(good, "rb") as src, open(tmp_path / "locked.xlsx", "wb") as dst:
        office = msoffcrypto.format.ooxml.OOXMLFile(src)
        office.encrypt("secret", dst)
    p = pmo_xl.consolidate(tmp_path, settings)
    assert p.projects["source_file"].tolist() == [str(good)]
    assert rules_by_file(p) == {
        ("export.xlsx", "FILE_UNREADABLE"),
        ("old.xls", "FILE_LEGACY_XLS"),
        ("empty.xlsx", "FILE_UNREADABLE"),
        ("truncated.xlsx", "FILE_UNREADABLE"),
        ("blank.xlsx", "SHEET_MISSING"),
        ("word.xlsx", "FILE_UNREADABLE"),
        ("locked.xlsx", "FILE_ENCRYPTED"),
    }
    messages = dict(zip(p.findings["file"].map(lambda f: f.rsplit("/", 1)[-1]),
                        p.findings["message"], strict=True))
    assert messages["old.xls"] == ("Old .xls format; save it as .xlsx or .xlsm. "
                                   "File left out.")
    assert messages["locked.xlsx"].startswith("Password-protected workbook")
    assert messages["empty.xlsx"] == "Not a readable workbook (empty file); file left out."
    assert messages["blank.xlsx"] == "Required sheet 'Project' not found; tracker left out."
    assert "~$good.xlsx" not in " ".join(p.sources["file"])  # silently skipped
    assert len(p.sources) == 8


def test_rows_beyond_excel_grid(tmp_path, settings):
    good = make_tracker(tmp_path / "src", "good.xlsx")
    add_cell(good, tmp_path / "tall.xlsx", "A2000000")
    add_cell(good, tmp_path / "wide.xlsx", "XFD1048576")  # legal cell, 17 G-cell grid
    p = pmo_xl.consolidate([tmp_path / "tall.xlsx", tmp_path / "wide.xlsx"], settings)
    assert rules_by_file(p) == {("tall.xlsx", "FILE_TOO_LARGE"),
                                ("wide.xlsx", "FILE_TOO_LARGE")}
    msg = p.findings.set_index("file")["message"]
    assert "beyond Excel's grid (row 2,000,000" in msg[str(tmp_path / "tall.xlsx")]
    assert "over the 5,000,000-cell limit" in msg[str(tmp_path / "wide.xlsx")]


# The child's own peak: VmHWM belongs to its address space (ru_maxrss survives exec and
# would count the pytest worker that forked it).
PEAK_SCRIPT = """
import datetime, json, pathlib, resource, sys
import pmo_xl
from pmo_xl.settings import Settings
p = pmo_xl.consolidate(sys.argv[1:], Settings(workers=1, today=datetime.date(2026, 3, 16)))
status = pathlib.Path("/proc/self/status")
hwm = [int(line.split()[1]) for line in status.read_text().splitlines()
       if line.startswith("VmHWM:")] if status.exists() else []
peak_kb = hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rules": sorted(p.findings["rule"]), "projects": len(p.projects),
                  "peak_mb": peak_kb / 1024}))
"""


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    good = make_tracker(folder, "good.xlsx")
    string_bomb(good, folder / "bomb.xlsx")
    string_bomb(good, folder / "liar.xlsx", lie=True)
    return folder


@pytest.mark.parametrize("name", ["bomb.xlsx", "liar.xlsx"])
def test_gigabyte_cell_is_refused_in_bounded_memory(bombs, name):
    path = bombs / name
    assert path.stat().st_size < 3 * 2**20  # a GiB string in under 3 MB on disk
    out = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, str(path), str(bombs / "good.xlsx")],
                         capture_output=True, text=True, check=True, timeout=300)
    result = json.loads(out.stdout)
    assert result["rules"] == ["FILE_TOO_LARGE"]
    assert result["projects"] == 1
    assert result["peak_mb"] < 400, result
    print(f"{name}: peak {result['peak_mb']:.0f} MB")


def test_reasons_speak_the_portfolio_language(tmp_path, settings):
    good = make_tracker(tmp_path / "src", "good.xlsx")
    add_cell(good, tmp_path / "tall.xlsx", "A2000000")
    (tmp_path / "export.xlsx").write_text("code;budget\n")
    p = pmo_xl.consolidate(tmp_path, settings.with_language("fr"))
    assert sorted(p.findings["message"]) == [
        "Classeur illisible (pas un fichier Excel) ; fichier écarté.",
        "l'onglet 'Workload' dépasse la grille d'Excel (ligne 2\u202f000\u202f000, colonne 9) ; "
        "fichier écarté pour protéger le traitement.",
    ]
