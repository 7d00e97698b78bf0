"""Company templates: find the slide layouts the deck needs, whatever the template.

Layouts are looked up by name (English or French, as PowerPoint names them), then by
their placeholders; a template that has none fit for a role gets a clear error.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout
from pptx.util import Emu, Pt

from pmo_xl.exceptions import InputError
from pmo_xl.schema.normalize import normalize_label

LAYOUT_NAMES = {
    "title": ("Title Slide", "Diapositive de titre", "Titre"),
    "title_only": ("Title Only", "Titre seul"),
    "content": ("Title and Content", "Titre et contenu"),
    "section": ("Section Header", "En-tête de section"),
    "blank": ("Blank", "Vide"),
}
FR_NAMES = {"Title Slide": "Diapositive de titre", "Title and Content": "Titre et contenu",
            "Section Header": "En-tête de section", "Title Only": "Titre seul",
            "Blank": "Vide", "Two Content": "Deux contenus", "Comparison": "Comparaison"}
NAVY = RGBColor(0x1F, 0x38, 0x64)


class TemplateError(InputError):
    """The deck template lacks a layout the deck needs."""


def _types(layout: SlideLayout) -> set[int]:
    return {ph.placeholder_format.type for ph in layout.placeholders}


def _fits(role: str, layout: SlideLayout) -> bool:
    t = _types(layout)
    has_title = PP_PLACEHOLDER.TITLE in t or PP_PLACEHOLDER.CENTER_TITLE in t
    body = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT} & t
    if role == "title":
        return PP_PLACEHOLDER.CENTER_TITLE in t
    if role == "title_only":
        return PP_PLACEHOLDER.TITLE in t and not body
    if role == "content":
        return PP_PLACEHOLDER.TITLE in t and bool(body)
    if role == "section":
        return has_title
    return not has_title  # blank


@dataclass
class Layouts:
    title: SlideLayout
    title_only: SlideLayout
    blank: SlideLayout


def find_layout(prs: PresentationType, role: str) -> SlideLayout:
    layouts = list(prs.slide_layouts)
    wanted = {normalize_label(n) for n in LAYOUT_NAMES[role]}
    for layout in layouts:
        if normalize_label(layout.name) in wanted:
            return layout
    for layout in layouts:
        if _fits(role, layout):
            return layout
    if role == "title_only":  # a title-and-content layout will do: we leave its body empty
        for layout in layouts:
            if _fits("content", layout):
                return layout
    names = " / ".join(LAYOUT_NAMES[role])
    raise TemplateError(f"the template has no '{names}' layout (nor one with the placeholders "
                        f"it needs); available: {', '.join(lay.name for lay in layouts)}")


def open_template(template: str | Path | None, lang: str) -> PresentationType:
    """The company template (its own slides removed), or pmo-xl's default."""
    if template is None:
        template = default_template_path(lang)
    try:
        prs = Presentation(str(template))
    except Exception as exc:
        raise TemplateError(f"cannot open deck template {template}: {exc}",
                            fr=f"impossible d'ouvrir le modèle de support {template} : {exc}"
                            ) from exc
    slides = prs.slides._sldIdLst
    for sld in list(slides):
        prs.part.drop_rel(sld.rId)
        slides.remove(sld)
    _remember_part_names(prs.part.package)
    return prs


def _remember_part_names(package) -> None:
    """Name new parts (charts, their embedded workbooks) without walking the package.

    python-pptx finds a free part name by walking every part of the package, each time
    a chart is added: quadratic, 22 s for a 520-slide deck. This gives the same names
    (one more than the names taken with that prefix, the highest free one below), from
    the names taken, walked once per prefix and kept up to date.
    """
    taken: dict[str, set[str]] = {}

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = taken.get(prefix)
        if names is None:
            names = taken[prefix] = {str(p.partname) for p in package.iter_parts()
                                     if p.partname.startswith(prefix)}
        for n in range(len(names) + 1, 0, -1):
            if tmpl % n not in names:
                names.add(tmpl % n)
                return PackURI(tmpl % n)
        raise TemplateError(f"no free part name for {tmpl}")  # cannot happen

    package.next_partname = next_partname


def layouts(prs: PresentationType) -> Layouts:
    return Layouts(find_layout(prs, "title"), find_layout(prs, "title_only"),
                   find_layout(prs, "blank"))


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
