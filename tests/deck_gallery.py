"""A gallery of company deck templates, built in code from python-pptx's default.

Each builder writes one template into a folder and returns its path; each carries one
quirk that real company templates have (issue 13): another slide size, a dark background
(explicit or through the theme), logos and bands on the master, a second master, Google
Slides or French or meaningless layout names, no Blank layout, sample text on layouts,
sections, the ``.potx`` form. No binary file is committed: logos are drawn with Pillow.
"""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.oxml.shapes.picture import CT_Picture
from pptx.parts.slide import SlideLayoutPart, SlideMasterPart
from pptx.presentation import Presentation as Prs
from pptx.slide import SlideLayout, SlideMaster

EMU_PER_INCH = 914400
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
NSDECL = f'xmlns:a="{NS_A}" xmlns:p="{NS_P}" xmlns:r="{NS_R}"'
SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
PRESENTATION_CT = ("application/vnd.openxmlformats-officedocument.presentationml."
                   "presentation.main+xml")
TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"

DARK = "1E1E1E"  # dark_solid's background
THEME_DARK = "14213D"  # dark_theme's dk1, the background through bg1 -> dk1
BAND = "1F3864"  # header_band's band (dark blue)
ACCENT = "ED7D31"  # header_band's thin bottom band
LIGHT_TEXT = "F2F2F2"
# Text a template shows on its layouts, never to be seen in a deck built on it.
SAMPLE_TEXTS = ("Presentation title here", "Subtitle goes here")
GOOGLE_NAMES = ("TITLE", "SECTION_HEADER", "TITLE_AND_BODY", "TITLE_AND_TWO_COLUMNS",
                "TITLE_ONLY", "ONE_COLUMN_TEXT", "MAIN_POINT", "SECTION_TITLE_AND_DESCRIPTION",
                "CAPTION_ONLY", "BIG_NUMBER", "BLANK")
FRENCH_NAMES = ("Diapositive de titre", "Titre et contenu", "En-tête de section",
                "Deux contenus", "Comparaison", "Titre seul", "Vide", "Contenu avec légende",
                "Image avec légende", "Titre et texte vertical", "Titre vertical et texte")
CORPORATE_NAMES = {"Title Slide": "Corporate Title", "Title and Content": "Corporate Content",
                   "Title Only": "Corporate Title Only", "Section Header": "Corporate Section",
                   "Blank": "Corporate Blank"}


def inch(value: float) -> int:
    return round(value * EMU_PER_INCH)


# --- Small tools on python-pptx objects ------------------------------------------------


def every_layout(prs: Prs) -> list[SlideLayout]:
    """The layouts of every master, in order (``prs.slide_layouts`` is the first's only)."""
    return [lay for master in prs.slide_masters for lay in master.slide_layouts]


def layout_named(prs: Prs, name: str) -> SlideLayout:
    return next(lay for lay in every_layout(prs) if lay.name == name)


def remove_layout(layout: SlideLayout) -> None:
    layout.slide_master.slide_layouts.remove(layout)


def placeholder(holder: SlideLayout | SlideMaster, *types: PP_PLACEHOLDER):
    return next((ph for ph in holder.placeholders if ph.placeholder_format.type in types), None)


def place(shape, left: float, top: float, width: float, height: float) -> None:
    """Give a placeholder its own position, in inches."""
    shape.left, shape.top, shape.width, shape.height = (inch(left), inch(top), inch(width),
                                                        inch(height))


def drop(shape) -> None:
    shape.element.getparent().remove(shape.element)


def resize(prs: Prs, width: int, height: int) -> None:
    """A new slide size, every placeholder of the masters and layouts scaled to it
    (as ``build_default_template`` does for the width)."""
    sx, sy = width / prs.slide_width, height / prs.slide_height
    prs.slide_width, prs.slide_height = width, height
    for holder in [*prs.slide_masters, *every_layout(prs)]:
        for ph in holder.placeholders:
            xfrm = ph._element.spPr.find(qn("a:xfrm"))
            if xfrm is None:
                continue  # inherits its position from the master, scaled there
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            off.set("x", str(round(int(off.get("x")) * sx)))
            off.set("y", str(round(int(off.get("y")) * sy)))
            ext.set("cx", str(round(int(ext.get("cx")) * sx)))
            ext.set("cy", str(round(int(ext.get("cy")) * sy)))


def _next_id(holder: SlideLayout | SlideMaster) -> int:
    ids = [int(i) for i in holder._element.xpath(".//p:cNvPr/@id")]
    return max(ids, default=1) + 1


def _add(holder, element, behind: bool) -> None:
    """Put a shape on a master or layout, in front or behind its placeholders."""
    tree = holder.shapes._spTree
    if behind:
        tree.insert(2, element)  # after nvGrpSpPr and grpSpPr: drawn first
    else:
        tree.append(element)


def add_rect(holder, name: str, left: int, top: int, width: int, height: int, rgb: str,
             *, behind: bool = True) -> None:
    """A filled rectangle without outline (a band, a panel) on a master or layout."""
    _add(holder, parse_xml(
        f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{_next_id(holder)}" name="{name}"/>'
        f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{rgb}"/>'
        f'</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>'), behind)


def add_textbox(holder, name: str, left: int, top: int, width: int, height: int, text: str,
                *, size: int = 20, rgb: str = "7F7F7F") -> None:
    """A text box that is no placeholder: sample text as template designers leave it."""
    _add(holder, parse_xml(
        f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{_next_id(holder)}" name="{name}"/>'
        f'<p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square" rtlCol="0"/><a:lstStyle/><a:p><a:r>'
        f'<a:rPr lang="en-US" sz="{size * 100}" dirty="0"><a:solidFill><a:srgbClr val="{rgb}"/>'
        f'</a:solidFill></a:rPr><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>'), False)


def logo_png(folder: Path, name: str, rgb: str, label: str) -> Path:
    """A small logo: a coloured rounded block with white letters."""
    img = Image.new("RGBA", (240, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((4, 4, 236, 116), radius=24, fill=f"#{rgb}")
    draw.text((120, 60), label, fill="white", anchor="mm", font_size=56)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    img.save(path)
    return path


def add_picture(holder, png: Path, name: str, left: int, top: int, width: int,
                height: int) -> None:
    """A picture on a master or layout (python-pptx only adds pictures to slides)."""
    _, rid = holder.part.get_or_add_image_part(str(png))
    pic = CT_Picture.new_pic(_next_id(holder), name, name, rid, left, top, width, height)
    _add(holder, pic, False)


def set_background(holder, rgb: str) -> None:
    """An explicit solid background on a master or layout."""
    set_background_xml(holder, f'<p:bg {NSDECL}><p:bgPr><a:solidFill><a:srgbClr val="{rgb}"/>'
                               f'</a:solidFill><a:effectLst/></p:bgPr></p:bg>')


def set_background_xml(holder, xml: str) -> None:
    csld = holder._element.find(qn("p:cSld"))
    for old in csld.findall(qn("p:bg")):
        csld.remove(old)
    csld.insert(0, parse_xml(xml))


def recolour_text(element, rgb: str) -> None:
    """Every theme text colour (tx1, its tints) under ``element`` made ``rgb``: a master's
    text styles, a layout's placeholders."""
    for clr in element.iter(qn("a:schemeClr")):
        if clr.get("val") != "tx1":
            continue
        clr.getparent().replace(clr, parse_xml(f'<a:srgbClr {NSDECL} val="{rgb}"/>'))


def colour_placeholders(layout: SlideLayout, rgb: str) -> None:
    """Text of every placeholder of a layout in ``rgb``, whatever the master says."""
    recolour_text(layout._element, rgb)
    for ph in layout.placeholders:
        lst = ph._element.txBody.find(qn("a:lstStyle"))
        if lst.find(qn("a:lvl1pPr")) is None:
            lst.insert(0, parse_xml(f'<a:lvl1pPr {NSDECL}><a:defRPr><a:solidFill><a:srgbClr '
                                    f'val="{rgb}"/></a:solidFill></a:defRPr></a:lvl1pPr>'))


def hide_master_shapes(layout: SlideLayout) -> None:
    layout._element.set("showMasterSp", "0")


def theme_of(master: SlideMaster) -> Part:
    return master.part.part_related_by(RT.THEME)


def edit_theme(master: SlideMaster, colours: dict[str, str]) -> None:
    """Theme colours (dk1, lt1, accent1…) replaced by plain RGB ones."""
    part = theme_of(master)
    root = etree.fromstring(part.blob)
    scheme = root.find(f".//{{{NS_A}}}clrScheme")
    for key, rgb in colours.items():
        slot = scheme.find(f"{{{NS_A}}}{key}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{NS_A}}}srgbClr", val=rgb)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def save(prs: Prs, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    prs.save(str(path))
    return path


def set_main_content_type(src: Path, dst: Path, content_type: str) -> Path:
    """A copy of a package whose /ppt/presentation.xml has another content type (.potx ↔
    .pptx): python-pptx opens only the presentation one."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                root = etree.fromstring(data)
                for over in root:
                    if over.get("PartName") == "/ppt/presentation.xml":
                        over.set("ContentType", content_type)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            zout.writestr(item, data)
    return dst


def main_content_type(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("[Content_Types].xml"))
    return next(o.get("ContentType") for o in root if o.get("PartName") == "/ppt/presentation.xml")


# --- A second slide master ---------------------------------------------------------------


def _max_master_id(prs: Prs) -> int:
    """The highest slide master or layout id: both share one number space."""
    ids = [int(i) for i in prs.part._element.xpath("./p:sldMasterIdLst/p:sldMasterId/@id")]
    ids += [int(i) for m in prs.slide_masters
            for i in m._element.xpath("./p:sldLayoutIdLst/p:sldLayoutId/@id")]
    return max(ids)


def copy_master(prs: Prs, names: dict[str, str]) -> SlideMaster:
    """A second master: the first one's part, theme and the layouts named in ``names``
    copied as new parts (renamed to their values) and registered in presentation.xml."""
    package = prs.part.package
    first = prs.slide_masters[0]
    master_part = SlideMasterPart(package.next_partname("/ppt/slideMasters/slideMaster%d.xml"),
                                  CT.PML_SLIDE_MASTER, package, copy.deepcopy(first._element))
    master_rid = prs.part.relate_to(master_part, RT.SLIDE_MASTER)
    theme = theme_of(first)
    theme_copy = Part(package.next_partname("/ppt/theme/theme%d.xml"), theme.content_type,
                      package, theme.blob)
    master_part.relate_to(theme_copy, RT.THEME)
    next_id = _max_master_id(prs) + 1
    ids = parse_xml(f'<p:sldMasterId {NSDECL} id="{next_id}" r:id="{master_rid}"/>')
    prs.part._element.find(qn("p:sldMasterIdLst")).append(ids)
    layout_ids = master_part._element.find(qn("p:sldLayoutIdLst"))
    for old in list(layout_ids):
        layout_ids.remove(old)
    for layout in first.slide_layouts:
        if layout.name not in names:
            continue
        others = [r for r in layout.part.rels.values() if r.reltype != RT.SLIDE_MASTER]
        assert not others, "copy_master copies layouts without pictures only"
        element = copy.deepcopy(layout._element)
        element.find(qn("p:cSld")).set("name", names[layout.name])
        part = SlideLayoutPart(package.next_partname("/ppt/slideLayouts/slideLayout%d.xml"),
                               CT.PML_SLIDE_LAYOUT, package, element)
        rid = master_part.relate_to(part, RT.SLIDE_LAYOUT)
        part.relate_to(master_part, RT.SLIDE_MASTER)
        next_id += 1
        layout_ids.append(parse_xml(f'<p:sldLayoutId {NSDECL} id="{next_id}" r:id="{rid}"/>'))
    for n, creation in enumerate(master_part._element.iter(f"{{{NS_P14}}}creationId")):
        creation.set("val", str(1000 + n))  # PowerPoint wants each part's id its own
    return prs.slide_masters[-1]


# --- The builders --------------------------------------------------------------------------


def office_4_3(folder: Path) -> Path:
    """python-pptx's default as it is: 4:3, 10 × 7.5 in, PowerPoint's English names."""
    return save(Presentation(), folder, "office_4_3.pptx")


def wide_10in(folder: Path) -> Path:
    """16:9 at 10 × 5.625 in (Google Slides' and older PowerPoint's widescreen)."""
    prs = Presentation()
    resize(prs, inch(10), inch(5.625))
    return save(prs, folder, "wide_10in.pptx")


def wide_13in(folder: Path) -> Path:
    """16:9 at 13.333 × 7.5 in (today's PowerPoint default)."""
    prs = Presentation()
    resize(prs, 12192000, 6858000)
    return save(prs, folder, "wide_13in.pptx")


def dark_solid(folder: Path) -> Path:
    """An explicit dark solid background on the master; text styles made light."""
    prs = Presentation()
    master = prs.slide_master
    set_background(master, DARK)
    recolour_text(master._element, LIGHT_TEXT)
    for layout in prs.slide_layouts:
        recolour_text(layout._element, LIGHT_TEXT)
    return save(prs, folder, "dark_solid.pptx")


def dark_theme(folder: Path) -> Path:
    """A dark background through the theme: the colour map swaps bg1/dk1 and tx1/lt1, the
    background is ``bgRef idx=1001 bg1`` and the theme's dk1 is dark navy."""
    prs = Presentation()
    master = prs.slide_master
    clr_map = master._element.find(qn("p:clrMap"))
    clr_map.attrib.update({"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"})
    set_background_xml(master, f'<p:bg {NSDECL}><p:bgRef idx="1001"><a:schemeClr val="bg1"/>'
                               f'</p:bgRef></p:bg>')
    edit_theme(master, {"dk1": THEME_DARK, "lt1": "FFFFFF", "dk2": "2B3A55", "lt2": "E7E6E6"})
    return save(prs, folder, "dark_theme.pptx")


LOGO_TOP = (inch(8.35), inch(0.45), inch(1.3), inch(0.65))  # left, top, width, height
LOGO_CORNER = (inch(9.0), inch(6.9), inch(0.8), inch(0.4))
LOGO_LAYOUT = (inch(0.2), inch(6.9), inch(1.0), inch(0.5))


def _clear_of(holder, rect: tuple[int, int, int, int]) -> None:
    """Placeholders with a position of their own that overlap ``rect`` made to stop
    short of it (a title beside a logo, footers beside a corner logo)."""
    x, y, w, h = rect
    for ph in holder.placeholders:
        if ph._element.spPr.find(qn("a:xfrm")) is None:
            continue
        if not (ph.left < x + w and x < ph.left + ph.width and ph.top < y + h
                and y < ph.top + ph.height):
            continue
        if ph.left + ph.width / 2 < x + w / 2:  # mostly on the left: cut its right end
            ph.width = max(x - inch(0.1) - ph.left, inch(0.3))
        else:  # mostly on the right: start after the rectangle
            right = ph.left + ph.width
            ph.left = x + w + inch(0.1)
            ph.width = max(right - ph.left, inch(0.3))


def logos(folder: Path) -> Path:
    """Two logos on the master (top right, beside the title; bottom-right corner) and one
    on the Title Only layout (bottom left)."""
    prs = Presentation()
    master = prs.slide_master
    main = logo_png(folder, "logo_main", "C00000", "ACME")
    small = logo_png(folder, "logo_small", "2E75B6", "A")
    add_picture(master, main, "Logo top right", *LOGO_TOP)
    add_picture(master, small, "Logo corner", *LOGO_CORNER)
    title_only = layout_named(prs, "Title Only")
    add_picture(title_only, logo_png(folder, "logo_unit", "548235", "UNIT"), "Logo unit",
                *LOGO_LAYOUT)
    for holder in [master, *prs.slide_layouts]:
        _clear_of(holder, LOGO_TOP)
        _clear_of(holder, LOGO_CORNER)
    _clear_of(title_only, LOGO_LAYOUT)
    for ph in title_only.placeholders:  # footers inherited from the master: own copies
        if ph.placeholder_format.type == PP_PLACEHOLDER.DATE:
            place(ph, 1.4, 6.95, 1.6, 0.4)
    return save(prs, folder, "logos.pptx")


def header_band(folder: Path) -> Path:
    """A dark blue band across the top of the master behind a white title, a thin orange
    band at the bottom; the cover and section layouts dark, without the master's bands."""
    prs = Presentation()
    master = prs.slide_master
    width, height = prs.slide_width, prs.slide_height
    add_rect(master, "Header band", 0, 0, width, inch(1.5), BAND)
    add_rect(master, "Bottom band", 0, height - inch(0.12), width, inch(0.12), ACCENT)
    place(placeholder(master, PP_PLACEHOLDER.TITLE), 0.5, 0.2, 9.0, 1.1)
    place(placeholder(master, PP_PLACEHOLDER.BODY), 0.5, 1.8, 9.0, 4.4)
    title_style = master._element.find(qn("p:txStyles")).find(qn("p:titleStyle"))
    recolour_text(title_style, "FFFFFF")
    for layout in list(prs.slide_layouts)[7:]:  # their titles do not sit in the band
        remove_layout(layout)
    for name in ("Title Slide", "Section Header"):
        layout = layout_named(prs, name)
        set_background(layout, BAND)
        hide_master_shapes(layout)
        colour_placeholders(layout, "FFFFFF")
    return save(prs, folder, "header_band.pptx")


def _two_masters() -> Prs:
    """The useful layouts in the second master ("Corporate …", white); the first keeps
    only a dark section divider, the wrong place for content."""
    prs = Presentation()
    corporate = copy_master(prs, CORPORATE_NAMES)
    set_background(corporate, "FFFFFF")
    first = prs.slide_masters[0]
    for layout in list(first.slide_layouts):
        if layout.name != "Section Header":
            remove_layout(layout)
    set_background(first, "203864")
    recolour_text(first._element, "FFFFFF")
    recolour_text(first.slide_layouts[0]._element, "FFFFFF")
    return prs


def two_masters(folder: Path) -> Path:
    return save(_two_masters(), folder, "two_masters.pptx")


def google_names(folder: Path) -> Path:
    """Layouts as a Google Slides export names and shapes them, at 10 × 5.625 in: TITLE
    has a centred title, SECTION_HEADER and MAIN_POINT a title alone mid-slide."""
    prs = Presentation()
    lay = {lay.name: lay for lay in prs.slide_layouts}
    T, B = PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.BODY

    def keep(layout: SlideLayout, *types: PP_PLACEHOLDER) -> SlideLayout:
        footer = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
        for ph in list(layout.placeholders):
            if ph.placeholder_format.type not in (*types, *footer):
                drop(ph)
        return layout

    section = keep(lay["Section Header"], T)
    place(placeholder(section, T), 0.8, 3.0, 8.4, 1.5)
    main_point = keep(lay["Comparison"], T)
    place(placeholder(main_point, T), 0.8, 1.5, 8.4, 4.0)
    one_column = keep(lay["Content with Caption"], T, B)
    description = keep(lay["Picture with Caption"], T, B)
    place(placeholder(description, T), 0.6, 2.0, 4.2, 1.6)
    place(placeholder(description, B), 0.6, 3.7, 4.2, 2.0)
    caption = keep(lay["Title and Vertical Text"], B)
    big_number = lay["Vertical Title and Text"]
    for holder in (caption, big_number):
        for el in holder._element.xpath(".//a:bodyPr[@vert]"):
            del el.attrib["vert"]
        for el in holder._element.xpath(".//p:ph[@orient]"):
            del el.attrib["orient"]
    place(placeholder(caption, B), 0.6, 6.2, 8.8, 0.8)
    place(placeholder(big_number, T), 0.6, 1.4, 8.8, 2.6)
    place(placeholder(big_number, B), 0.6, 4.1, 8.8, 1.6)
    order = [lay["Title Slide"], section, lay["Title and Content"], lay["Two Content"],
             lay["Title Only"], one_column, main_point, description, caption, big_number,
             lay["Blank"]]
    ids = prs.slide_master._element.find(qn("p:sldLayoutIdLst"))
    by_rid = {el.get(qn("r:id")): el for el in ids}
    master_rels = prs.slide_master.part.rels
    for layout, name in zip(order, GOOGLE_NAMES, strict=True):
        layout.name = name
        rid = next(r for r, rel in master_rels.items() if rel.target_part is layout.part)
        ids.append(by_rid[rid])  # appending an existing element moves it: Google's order
    resize(prs, inch(10), inch(5.625))
    return save(prs, folder, "google_names.pptx")


def custom_names(folder: Path) -> Path:
    """Every layout named as no rule can know; placeholders unchanged."""
    prs = Presentation()
    for i, layout in enumerate(prs.slide_layouts):
        layout.name = f"Layout {chr(ord('A') + i)}"
    return save(prs, folder, "custom_names.pptx")


def no_blank(folder: Path) -> Path:
    """No Blank layout, nor any other layout without a title."""
    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if placeholder(layout, PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) is None:
            remove_layout(layout)
    return save(prs, folder, "no_blank.pptx")


def title_without_placeholders(folder: Path) -> Path:
    """The Title Slide layout has no placeholder at all, only a text box of sample text."""
    prs = Presentation()
    cover = layout_named(prs, "Title Slide")
    for ph in list(cover.placeholders):
        drop(ph)
    add_textbox(cover, "Sample title", inch(0.75), inch(2.6), inch(8.5), inch(1.2),
                SAMPLE_TEXTS[0], size=40)
    return save(prs, folder, "title_without_placeholders.pptx")


def sample_text(folder: Path) -> Path:
    """Title Only carries sample text in its free area; the first layout with a title and
    no body is a section divider whose title sits halfway down the slide."""
    prs = Presentation()
    section = layout_named(prs, "Section Header")
    for ph in list(section.placeholders):
        if ph.placeholder_format.type == PP_PLACEHOLDER.BODY:
            drop(ph)
    place(placeholder(section, PP_PLACEHOLDER.TITLE), 0.8, 3.1, 8.4, 1.3)
    add_textbox(layout_named(prs, "Title Only"), "Sample subtitle", inch(0.5), inch(1.6),
                inch(6.0), inch(0.6), SAMPLE_TEXTS[1], size=20)
    return save(prs, folder, "sample_text.pptx")


def sections(folder: Path) -> Path:
    """Three sample slides of the template's own, grouped in two sections (p14:sectionLst)."""
    prs = Presentation()
    for name, text in (("Title Slide", "Sample cover"), ("Title and Content", "Agenda"),
                       ("Title Only", "Thank you")):
        prs.slides.add_slide(layout_named(prs, name)).shapes.title.text = text
    first, *rest = prs.slides._sldIdLst
    entries = [("Cover", "{3B4A1D32-7C1E-4F0B-9E33-2B7E5C0D7A11}", [first]),
               ("Body", "{8E0C6A52-1D3B-4C55-A8F0-6C9D2E4B1F22}", rest)]
    xml = "".join(f'<p14:section name="{name}" id="{guid}"><p14:sldIdLst>'
                  + "".join(f'<p14:sldId id="{s.id}"/>' for s in slides)
                  + "</p14:sldIdLst></p14:section>" for name, guid, slides in entries)
    ext_lst = parse_xml(f'<p:extLst {NSDECL}><p:ext uri="{SECTIONS_URI}">'
                        f'<p14:sectionLst xmlns:p14="{NS_P14}">{xml}</p14:sectionLst>'
                        f'</p:ext></p:extLst>')
    prs.part._element.append(ext_lst)
    return save(prs, folder, "sections.pptx")


def potx(folder: Path) -> Path:
    """A PowerPoint template file (.potx), 16:9, with a sample slide: python-pptx refuses
    its content type."""
    prs = Presentation()
    resize(prs, 12192000, 6858000)
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Sample cover"
    pptx = save(prs, folder, "potx_source.pptx")
    return set_main_content_type(pptx, folder / "company.potx", TEMPLATE_CT)


def french(folder: Path) -> Path:
    """PowerPoint's French layout names."""
    prs = Presentation()
    for layout, name in zip(prs.slide_layouts, FRENCH_NAMES, strict=True):
        layout.name = name
    return save(prs, folder, "french.pptx")


def no_title_anywhere(folder: Path) -> Path:
    """Two masters, and no title placeholder on any layout or master: no layout can serve."""
    prs = _two_masters()
    for holder in [*prs.slide_masters, *every_layout(prs)]:
        for ph in list(holder.placeholders):
            if ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE,
                                              PP_PLACEHOLDER.VERTICAL_TITLE):
                drop(ph)
    return save(prs, folder, "no_title_anywhere.pptx")


GALLERY: dict[str, Callable[[Path], Path]] = {
    f.__name__: f for f in (office_4_3, wide_10in, wide_13in, dark_solid, dark_theme, logos,
                            header_band, two_masters, google_names, custom_names, no_blank,
                            title_without_placeholders, sample_text, sections, potx, french)}


# --- Looking at a template -------------------------------------------------------------------


def openable(template: Path, folder: Path) -> Path:
    """The template as a .pptx python-pptx opens (a .potx's content type switched back)."""
    if main_content_type(template) == PRESENTATION_CT:
        return template
    return set_main_content_type(template, folder / f"{template.stem}_as.pptx", PRESENTATION_CT)


def preview(template: Path, folder: Path) -> Path:
    """A deck with one slide per layout of every master, its title and body saying which
    layout it is: what LibreOffice renders for a person to look at the template."""
    prs = Presentation(str(openable(template, folder)))
    masters = list(prs.slide_masters)
    for layout in every_layout(prs):
        slide = prs.slides.add_slide(layout)
        for ph in slide.placeholders:
            kind = ph.placeholder_format.type
            if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                ph.text = f"{masters.index(layout.slide_master) + 1} / {layout.name}"
            elif ph.has_text_frame and kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT,
                                                PP_PLACEHOLDER.SUBTITLE):
                ph.text = "Body text"
    return save(prs, folder, f"{template.stem}_preview.pptx")
