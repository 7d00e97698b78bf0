"""pmo-xl's own deck templates (EN and FR): python-pptx's default made 16:9, with a navy
band under the title and French layout names for the French one."""

from __future__ import annotations

import copy
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

FR_NAMES = {"Title Slide": "Diapositive de titre", "Title and Content": "Titre et contenu",
            "Section Header": "En-tête de section", "Title Only": "Titre seul",
            "Blank": "Vide", "Two Content": "Deux contenus", "Comparison": "Comparaison"}
NAVY = RGBColor(0x1F, 0x38, 0x64)


def default_template_path(lang: str) -> Path:
    return Path(__file__).resolve().parents[2] / "ppt_templates" / f"copil_{lang}.pptx"


def build_default_template(path: str | Path, lang: str = "en") -> Path:
    """A clean 16:9 template from python-pptx's default: placeholders rescaled, a navy
    band under the title, and French layout names for the French one."""
    prs = Presentation()
    old_w = prs.slide_width
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    ratio = prs.slide_width / old_w
    master = prs.slide_master
    for holder in [master, *prs.slide_layouts]:
        for ph in holder.placeholders:
            xfrm = ph._element.spPr.find(qn("a:xfrm"))
            if xfrm is None:
                continue  # inherits its position from the master: scaled there
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            off.set("x", str(int(int(off.get("x")) * ratio)))
            ext.set("cx", str(int(int(ext.get("cx")) * ratio)))
    title = next(ph for ph in master.placeholders
                 if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE)
    title.top, title.height = Emu(228600), Emu(868680)
    # python-pptx cannot add shapes to a master: draw on a scratch slide, move it over.
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    band = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Emu(1143000), prs.slide_width,
                                    Emu(45720))
    band.fill.solid()
    band.fill.fore_color.rgb = NAVY
    band.line.fill.background()
    band.name = "pmo-xl band"
    element = copy.deepcopy(band._element)
    element.nvSpPr.cNvPr.id = 1000
    master.shapes._spTree.append(element)
    sld = prs.slides._sldIdLst[-1]
    prs.part.drop_rel(sld.rId)
    prs.slides._sldIdLst.remove(sld)
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            own = ph._element.spPr.find(qn("a:xfrm")) is not None
            if own and ph.placeholder_format.type == PP_PLACEHOLDER.TITLE:
                ph.top, ph.height = title.top, title.height
        if lang == "fr" and layout.name in FR_NAMES:
            layout.name = FR_NAMES[layout.name]
    for para in title.text_frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(28)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path
