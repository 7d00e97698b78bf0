"""Build the PMO ribbon add-in (``pmo_xl.xlam``) from xlwings' own ribbon template.

xlwings ships ``quickstart_addin_ribbon.xlam``: one ribbon button calling the VBA
module ``RibbonMyAddin``. We replace that module's source with a dispatcher that hands
every button's id to ``pmo_xl.excel.on_ribbon``, stored *source only* (module offset
0, so Office compiles it; no stale p-code — never "VBA stomping"), write one ribbon
button per action, and fix the customUI relationship type to match its 2006 namespace.
The add-in carries xlwings' VBA, so it is built on the user's machine, not committed.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import olefile

from pmo_xl.atomic import atomic_path
from pmo_xl.excel.cfb import STORAGE, STREAM, Entry, write_cfb
from pmo_xl.excel.ovba import compress, decompress
from pmo_xl.exceptions import InputError

CHECKED_XLWINGS = "0.37.8"
TEMPLATE = "quickstart_addin_ribbon.xlam"
MODULE = "RibbonMyAddin"
CUSTOM_UI = "customUI/customUI.xml"
UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
UI_REL_2006 = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
UI_REL_2007 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
ACTIONS = {
    # id: (EN label, FR label, imageMso, EN tip, FR tip)
    "consolidate": ("Consolidate", "Consolider", "Refresh",
                    "Read every tracker and refresh this master workbook",
                    "Lire tous les suivis et rafraîchir ce classeur maître"),
    "validate": ("Check trackers", "Contrôler", "AcceptInvitation",
                 "List every data-quality problem in the Data quality sheet",
                 "Lister les problèmes de qualité dans l'onglet Qualité des données"),
    "chase": ("Chase", "Relancer", "FileSendAsAttachment",
              "Write an e-mail draft for each project manager to chase",
              "Écrire un brouillon d'e-mail pour chaque chef de projet à relancer"),
    "deck": ("COPIL deck", "Support COPIL", "SlideShowFromBeginning",
             "Write the steering-committee deck and open it",
             "Écrire le support du comité de pilotage et l'ouvrir"),
    "new_tracker": ("New tracker", "Nouveau suivi", "FileNew",
                    "Create a tracker for a new project", "Créer le suivi d'un nouveau projet"),
    "settings": ("Settings", "Paramètres", "PropertySheet",
                 "Folders, language and deck template", "Dossiers, langue et modèle"),
}
DISPATCHER = (
    "' pmo-xl ribbon: every button hands its id to Python.\r\n"
    "Sub OnPmoAction(control As IRibbonControl)\r\n"
    "    RunPython \"import pmo_xl.excel; pmo_xl.excel.on_ribbon('\" & control.Id & \"')\"\r\n"
    "End Sub\r\n"
)


class AddinError(InputError):
    """The xlwings template is not what the builder was written against."""


@dataclass
class Record:
    id: int
    data: bytes

    def to_bytes(self) -> bytes:
        size = 4 if self.id == 0x0009 else len(self.data)  # PROJECTVERSION lies about size
        return self.id.to_bytes(2, "little") + size.to_bytes(4, "little") + self.data


def parse_dir(data: bytes) -> list[Record]:
    """The records of a decompressed ``dir`` stream (MS-OVBA 2.3.4.2)."""
    records, pos = [], 0
    while pos + 6 <= len(data):
        rid = int.from_bytes(data[pos:pos + 2], "little")
        size = int.from_bytes(data[pos + 2:pos + 6], "little")
        if rid == 0x0009:
            size = 6
        records.append(Record(rid, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return records


def modules(records: list[Record], codepage: str) -> dict[str, dict[str, object]]:
    """Module name -> its stream name, text offset and the index of its offset record."""
    out: dict[str, dict[str, object]] = {}
    current: dict[str, object] | None = None
    for i, r in enumerate(records):
        if r.id == 0x0019:
            current = {"name": r.data.decode(codepage)}
            out[str(current["name"])] = current
        elif current is not None and r.id == 0x001A:
            current["stream"] = r.data.decode(codepage)
        elif current is not None and r.id == 0x0031:
            current["offset"] = int.from_bytes(r.data, "little")
            current["offset_record"] = i
    return out


def _codepage(records: list[Record]) -> str:
    for r in records:
        if r.id == 0x0003:
            return f"cp{int.from_bytes(r.data, 'little')}"
    return "cp1252"


def template_path() -> Path:
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise AddinError("xlwings is not installed: pip install 'pmo-xl[excel]'")
    path = Path(spec.origin).parent / TEMPLATE
    if not path.is_file():
        raise AddinError(f"this xlwings has no {TEMPLATE}: the builder was checked against "
                         f"xlwings {CHECKED_XLWINGS}")
    return path


def xlwings_version() -> str:
    try:
        return importlib.metadata.version("xlwings")
    except importlib.metadata.PackageNotFoundError:
        return "?"


def rebuild_vba_project(blob: bytes, source: str = DISPATCHER) -> bytes:
    """The template's vbaProject.bin with ``RibbonMyAddin`` replaced, source only."""
    ole = olefile.OleFileIO(io.BytesIO(blob))
    names = ["/".join(p) for p in ole.listdir(streams=True, storages=False)]
    if "VBA/dir" not in names or f"VBA/{MODULE}" not in names:
        raise AddinError(f"unexpected add-in template: no VBA/dir or VBA/{MODULE} stream")
    records = parse_dir(decompress(ole.openstream("VBA/dir").read()))
    codepage = _codepage(records)
    mods = modules(records, codepage)
    if MODULE not in mods or "offset_record" not in mods[MODULE]:
        raise AddinError(f"unexpected add-in template: no module {MODULE} in VBA/dir")
    module = mods[MODULE]
    old = ole.openstream(f"VBA/{module['stream']}").read()
    old_source = decompress(old[int(module["offset"]):]).decode(codepage)
    attributes = [line for line in old_source.splitlines() if line.startswith("Attribute VB_")]
    if not attributes:
        raise AddinError(f"unexpected add-in template: {MODULE} has no Attribute lines")
    new_source = ("\r\n".join(attributes) + "\r\n" + source).encode(codepage)
    records[int(module["offset_record"])].data = (0).to_bytes(4, "little")
    streams: dict[str, bytes] = {n: ole.openstream(n).read() for n in names
                                 if not n.split("/")[-1].startswith("__SRP_")}
    streams[f"VBA/{module['stream']}"] = compress(new_source)
    streams["VBA/dir"] = compress(b"".join(r.to_bytes() for r in records))
    root = Entry("Root Entry", 5, clsid=bytes.fromhex(ole.root.clsid.replace("-", ""))
                 if ole.root.clsid else b"\x00" * 16)
    storages: dict[str, Entry] = {"": root}
    for name in names:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            key = "/".join(parts[:depth])
            if key not in storages:
                storages[key] = Entry(parts[depth - 1], STORAGE)
                storages["/".join(parts[:depth - 1])].children.append(storages[key])
        if name in streams:
            storages["/".join(parts[:-1])].children.append(Entry(parts[-1], STREAM,
                                                                 streams[name]))
    ole.close()
    return write_cfb(root)


def custom_ui(lang: str = "en") -> str:
    buttons = "\n".join(
        f'        <button id="{aid}" label="{escape(en if lang == "en" else fr)}" '
        f'size="large" imageMso="{icon}" screentip="{escape(en if lang == "en" else fr)}" '
        f'supertip="{escape(tip_en if lang == "en" else tip_fr)}" '
        f'onAction="{MODULE}.OnPmoAction" />'
        for aid, (en, fr, icon, tip_en, tip_fr) in ACTIONS.items()
    )
    return (f'<customUI xmlns="{UI_NS}">\n  <ribbon>\n    <tabs>\n'
            f'      <tab id="pmoTab" label="PMO">\n'
            f'      <group id="pmoGroup" label="pmo-xl">\n{buttons}\n      </group>\n'
            f'      </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n')


def build_addin(path: str | Path, lang: str = "en") -> Path:
    """Write ``pmo_xl.xlam``; refuses a template whose layout is not the expected one."""
    template = template_path()
    with zipfile.ZipFile(template) as zin:
        names = zin.namelist()
        for needed in ("xl/vbaProject.bin", CUSTOM_UI, "_rels/.rels"):
            if needed not in names:
                raise AddinError(f"unexpected add-in template {template}: no {needed}")
        parts = {n: zin.read(n) for n in names}
        infos = {n: zin.getinfo(n) for n in names}
    rels = parts["_rels/.rels"].decode("utf-8")
    if UI_REL_2007 not in rels and UI_REL_2006 not in rels:
        raise AddinError("unexpected add-in template: no customUI relationship")
    parts["_rels/.rels"] = rels.replace(UI_REL_2007, UI_REL_2006).encode("utf-8")
    parts[CUSTOM_UI] = custom_ui(lang).encode("utf-8")
    parts["xl/vbaProject.bin"] = rebuild_vba_project(parts["xl/vbaProject.bin"])
    path = Path(path)
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=infos[name].date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, parts[name])
    return path


def startup_folder(platform: str = sys.platform, env: dict[str, str] | None = None) -> Path:
    """Where Excel loads add-ins at start-up (as ``xlwings addin install`` does)."""
    env = dict(os.environ if env is None else env)
    if platform.startswith("win"):
        if not env.get("APPDATA"):
            raise AddinError("APPDATA is not set: cannot find Excel's XLSTART folder")
        return Path(env["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"
    if platform == "darwin":
        return (Path(env.get("HOME", "~")) / "Library" / "Group Containers" /
                "UBF8T346G9.Office" / "User Content.localized" / "Startup.localized" / "Excel")
    raise AddinError("Excel add-ins install on Windows or macOS; on this system build the "
                     "add-in with `pmo-xl addin build` and copy it to the Excel machine")
