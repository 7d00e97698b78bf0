"""What lies behind a slide's content on a company template, and the colours that read
on it: the effective background (the layout's, else its master's: a solid fill, a
theme colour through the colour map, a gradient, a picture), resolved to one colour.

Dark templates are common; text drawn in fixed dark colours vanishes on them. The deck
picks every colour it writes on the slide from ``Palette``, which reaches WCAG AA on
this background.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml

from pmo_xl.colours import AA_NORMAL, WHITE, contrast, mix, readable_on, with_luminance
from pmo_xl.schema.contract import INK

NAVY, GREY, ALERT = "1F3864", "595959", "C00000"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}


def _local(element) -> str:
    """An element's tag without its namespace."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def theme_colours(master) -> dict[str, str]:
    """The master's theme colour scheme: dk1, lt1, dk2, lt2, accent1-6, hlink…"""
    try:
        theme = master.part.part_related_by(RT.THEME)
    except KeyError:
        return {}
    root = parse_xml(theme.blob)
    out: dict[str, str] = {}
    scheme = next(root.iter(f"{{{_A}}}clrScheme"), None)
    for slot in (scheme if scheme is not None else ()):
        name = _local(slot)
        srgb = slot.find(f"{{{_A}}}srgbClr")
        sys_clr = slot.find(f"{{{_A}}}sysClr")
        if srgb is not None:
            out[name] = srgb.get("val").upper()
        elif sys_clr is not None:
            out[name] = (sys_clr.get("lastClr") or
                         ("000000" if sys_clr.get("val") == "windowText" else "FFFFFF")).upper()
    return out


def colour_map(master, layout=None) -> dict[str, str]:
    """bg1 / tx1 / bg2 / tx2 (and accents) -> the theme slot they mean here."""
    cmap = dict(_DEFAULT_MAP)
    found = master.element.find(f"{{{_P}}}clrMap")
    if found is not None:
        cmap.update(found.attrib)
    if layout is not None:
        override = layout.element.find(f"{{{_P}}}clrMapOvr/{{{_A}}}overrideClrMapping")
        if override is not None:
            cmap.update(override.attrib)
    return cmap


def resolve(holder, scheme: dict[str, str], cmap: dict[str, str]) -> str | None:
    """The colour of a fill or colour element (its first colour child), transforms
    applied (lumMod / lumOff / tint / shade, approximately as Office does)."""
    if holder is None:
        return None
    for child in holder.iter():
        name = _local(child)
        if name == "srgbClr":
            colour = child.get("val", "").upper()
        elif name == "sysClr":
            colour = (child.get("lastClr") or "000000").upper()
        elif name == "schemeClr":
            slot = child.get("val", "")
            colour = scheme.get(cmap.get(slot, slot), scheme.get(slot, ""))
        elif name == "prstClr":
            colour = {"black": "000000", "white": "FFFFFF"}.get(child.get("val", ""), "")
        else:
            continue
        if len(colour) != 6:
            return None
        return _transformed(colour, child)
    return None


def _transformed(colour: str, element) -> str:
    mod, off = 1.0, 0.0
    for t in element:
        name, val = _local(t), int(t.get("val", "100000")) / 100000
        if name == "lumMod":
            mod = val
        elif name == "lumOff":
            off = val
        elif name == "tint":
            colour = mix(colour, WHITE, 1 - val)
        elif name == "shade":
            colour = mix(colour, "000000", 1 - val)
    return with_luminance(colour, mod, off) if (mod, off) != (1.0, 0.0) else colour


def _picture_colour(part, rid: str) -> str | None:
    """The average colour of a picture (a background photo, a dark texture)."""
    try:
        from PIL import Image

        blob = part.related_part(rid).blob
        with Image.open(io.BytesIO(blob)) as img:
            r, g, b = img.convert("RGB").resize((1, 1)).getpixel((0, 0))
        return f"{r:02X}{g:02X}{b:02X}"
    except Exception:  # an image format Pillow cannot read: no colour known
        return None


def _fill_colour(fill_parent, part, scheme: dict[str, str], cmap: dict[str, str]
                 ) -> str | None:
    """The colour a fill shows: solid, the mean of a gradient's stops, a picture's."""
    for child in fill_parent:
        name = _local(child)
        if name == "solidFill":
            return resolve(child, scheme, cmap)
        if name == "gradFill":
            stops = [resolve(gs, scheme, cmap) for gs in child.iter(f"{{{_A}}}gs")]
            stops = [s for s in stops if s]
            if stops:
                mean = stops[0]
                for i, s in enumerate(stops[1:], start=2):
                    mean = mix(mean, s, 1 / i)
                return mean
        if name == "blipFill":
            blip = child.find(f"{{{_A}}}blip")
            rid = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                           "relationships}embed") if blip is not None else None
            if rid:
                return _picture_colour(part, rid)
    return None


def _own_background(holder, scheme: dict[str, str], cmap: dict[str, str]) -> str | None:
    bg = holder.element.find(f"{{{_P}}}cSld/{{{_P}}}bg")
    if bg is None:
        return None
    props = bg.find(f"{{{_P}}}bgPr")
    if props is not None:
        return _fill_colour(props, holder.part, scheme, cmap)
    ref = bg.find(f"{{{_P}}}bgRef")
    return resolve(ref, scheme, cmap) if ref is not None else None


def _full_slide_picture(holder, width: int, height: int, scheme, cmap) -> str | None:
    """A picture (or filled shape) covering the slide is its background."""
    for shape in reversed(list(holder.shapes)):
        if shape.is_placeholder or None in (shape.width, shape.height):
            continue
        if shape.width * shape.height >= 0.9 * width * height:
            if shape.shape_type == 13:  # a picture
                return _picture_colour(holder.part, shape._element.blip_rId)
            sp_pr = shape._element.find(f"{{{_P}}}spPr")
            if sp_pr is not None:
                colour = _fill_colour(sp_pr, holder.part, scheme, cmap)
                if colour:
                    return colour
    return None


def background_colour(layout, width: int, height: int) -> str:
    """The colour behind a slide made from ``layout``: its own background or full-slide
    picture, else its master's (shown unless the layout hides the master's shapes),
    else the theme's first background colour."""
    master = layout.slide_master
    scheme, cmap = theme_colours(master), colour_map(master, layout)
    shows_master = layout.element.get("showMasterSp", "1") not in ("0", "false")
    for holder, visible in ((layout, True), (master, shows_master)):
        if not visible:
            continue
        colour = _full_slide_picture(holder, width, height, scheme, cmap)
        if colour:
            return colour
    for holder in (layout, master):
        colour = _own_background(holder, scheme, cmap)
        if colour:
            return colour
    return scheme.get(cmap.get("bg1", "lt1"), WHITE)


@dataclass(frozen=True)
class Palette:
    """The colours the deck writes on the slide background: each reaches AA on it."""

    background: str
    ink: str  # body text
    muted: str  # secondary text (axis labels, notes)
    accent: str  # headings
    alert: str  # the reporting-date line's label
    card: bool  # charts get a white card (the background is not white)

    @classmethod
    def on(cls, background: str, theme: dict[str, str] | None = None) -> Palette:
        theme = theme or {}
        own = tuple(c for c in (theme.get("dk1"), theme.get("lt1")) if c)
        return cls(
            background=background,
            ink=readable_on(background, (INK, *own)),
            muted=readable_on(background, (GREY, INK, *own)),
            accent=readable_on(background, (NAVY, *(theme.get(f"accent{i}", "") for i in
                                                    (1, 2) if theme.get(f"accent{i}")),
                                            *own)),
            alert=readable_on(background, (ALERT, "FF8080"), AA_NORMAL),
            card=contrast(background, WHITE) > 1.15,
        )
