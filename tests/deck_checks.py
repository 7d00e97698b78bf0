"""Independent checks of a written deck: geometry, template graphics, contrast, text.

Written with python-pptx and lxml only, never with ``pmo_xl.deck``: the writer's own
geometry and colour code must not grade itself. Each check returns a list of
human-readable offenders, so a test can ``assert check(prs) == []`` and read why.
"""

from __future__ import annotations

import colorsys
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Prs
from pptx.slide import Slide, SlideLayout, SlideMaster

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
FILLS = ("solidFill", "gradFill", "blipFill", "pattFill", "grpFill", "noFill")
BACKGROUND_SHARE = 0.9  # a template shape covering this much of the slide is background
AA, AA_LARGE = 4.5, 3.0


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


@functools.cache
def _xpath(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces=NS)


def _x(el, path: str) -> list:
    """XPath with our prefixes, on lxml and python-pptx elements alike."""
    return _xpath(path)(el)


# --- Geometry -----------------------------------------------------------------------------


class Rect(NamedTuple):
    """A shape's rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int
    name: str = ""

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def intersects(self, other: Rect) -> bool:
        """Overlap with a positive area; a line (zero width or height) overlaps what it
        crosses strictly inside."""
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def contains_point(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    def __str__(self) -> str:
        return (f"'{self.name}' at ({self.left}, {self.top}) size {self.width} × "
                f"{self.height} EMU")


@dataclass
class Placed:
    """A shape where it lies on the slide (a group's children mapped out of the group)."""

    shape: object
    rect: Rect
    element: etree._Element


def _size(slide: Slide) -> tuple[int, int]:
    prs = slide.part.package.presentation_part.presentation
    return prs.slide_width, prs.slide_height


def _table_extent(shape) -> tuple[int, int]:
    """A table is as big as its rows and columns, whatever its frame says."""
    tbl = shape.table
    return (max(shape.width or 0, sum(c.width for c in tbl.columns)),
            max(shape.height or 0, sum(r.height for r in tbl.rows)))


def walk(shapes, transform: tuple[float, float, float, float] = (1, 1, 0, 0)
         ) -> Iterator[Placed]:
    """Every leaf shape of a shape tree (groups opened) with its rectangle on the slide.

    ``transform`` is (scale x, scale y, offset x, offset y) from a group's child space.
    """
    sx, sy, tx, ty = transform
    for shape in shapes:
        el = shape._element
        if el.tag == qn("p:grpSp"):
            xfrm = el.grpSpPr.find(qn("a:xfrm"))
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            ch_off, ch_ext = xfrm.find(qn("a:chOff")), xfrm.find(qn("a:chExt"))
            gsx = int(ext.get("cx")) / (int(ch_ext.get("cx")) or 1)
            gsy = int(ext.get("cy")) / (int(ch_ext.get("cy")) or 1)
            inner = (sx * gsx, sy * gsy,
                     tx + sx * (int(off.get("x")) - int(ch_off.get("x")) * gsx),
                     ty + sy * (int(off.get("y")) - int(ch_off.get("y")) * gsy))
            yield from walk(shape.shapes, inner)
            continue
        if shape.left is None or shape.width is None:
            yield Placed(shape, Rect(0, 0, 0, 0, f"{shape.name} (no position)"), el)
            continue
        width, height = shape.width, shape.height
        if getattr(shape, "has_table", False) and shape.has_table:
            width, height = _table_extent(shape)
        yield Placed(shape, Rect(round(tx + sx * shape.left), round(ty + sy * shape.top),
                                 round(sx * width), round(sy * height), shape.name), el)


def _title(slide: Slide) -> str:
    title = slide.shapes.title
    return title.text_frame.text if title is not None and title.has_text_frame else ""


def _where(n: int, slide: Slide) -> str:
    return f"slide {n} '{_title(slide)[:40]}'"


def outside_slide(prs: Prs) -> list[str]:
    """Every shape of every slide (groups' children, tables at their rows' height) lies
    inside the slide with a positive width and height (a straight line may be flat)."""
    width, height = prs.slide_width, prs.slide_height
    bad = []
    for n, slide in enumerate(prs.slides, 1):
        for placed in walk(slide.shapes):
            r = placed.rect
            line = placed.element.tag == qn("p:cxnSp")
            flat = r.width <= 0 or r.height <= 0
            if r.width < 0 or r.height < 0 or (flat and not line) or (
                    line and r.width <= 0 and r.height <= 0):
                bad.append(f"{_where(n, slide)}: {r} has no positive size")
            elif r.left < 0 or r.top < 0 or r.right > width or r.bottom > height:
                bad.append(f"{_where(n, slide)}: {r} is outside the {width} × {height} slide")
    return bad


# --- Template graphics ----------------------------------------------------------------------


def _fill_element(sp_pr) -> etree._Element | None:
    if sp_pr is None:
        return None
    return next((c for c in sp_pr if etree.QName(c).localname in FILLS), None)


def _is_filled(el) -> bool:
    """A shape that paints its area: an explicit fill, or its style's fill."""
    fill = _fill_element(el.find(qn("p:spPr")))
    if fill is not None:
        return etree.QName(fill).localname != "noFill"
    ref = _x(el, "./p:style/a:fillRef/@idx")
    return bool(ref) and ref[0] != "0"


def _has_line(el) -> bool:
    ln = _x(el, "./p:spPr/a:ln")
    if ln:
        return not _x(ln[0], "./a:noFill")
    ref = _x(el, "./p:style/a:lnRef/@idx")
    return bool(ref) and ref[0] != "0"


def _text_of(el) -> str:
    return "".join(_x(el, ".//a:t/text()")).strip()


def _is_graphic(el) -> bool:
    """What one sees of a template shape: a picture, chart or table, a filled or drawn
    shape, a line, a text box with text."""
    kind = etree.QName(el).localname
    if kind in ("pic", "graphicFrame"):
        return True
    if kind == "cxnSp":
        return _has_line(el)
    return kind == "sp" and (_is_filled(el) or _has_line(el) or bool(_text_of(el)))


def template_holders(slide: Slide) -> list[SlideLayout | SlideMaster]:
    """The layout and master whose own shapes show on the slide (``showMasterSp="0"`` on
    the slide hides both, on the layout hides the master's), master first."""
    if slide._element.get("showMasterSp") == "0":
        return []
    layout = slide.slide_layout
    if layout._element.get("showMasterSp") == "0":
        return [layout]
    return [layout.slide_master, layout]


def template_shapes(slide: Slide) -> list[Placed]:
    """The template's visible non-placeholder shapes on the slide (hidden ones left out),
    in drawing order."""
    out = []
    for holder in template_holders(slide):
        for placed in walk(holder.shapes):
            hidden = _x(placed.element, "./*[1]/p:cNvPr/@hidden")
            if (not placed.shape.is_placeholder and _is_graphic(placed.element)
                    and hidden[:1] not in (["1"], ["true"])):
                out.append(placed)
    return out


def obstacles(slide: Slide) -> list[Rect]:
    """Rectangles of the layout's and master's pictures, filled shapes, lines and text
    boxes with text; a shape covering ≥ 90 % of the slide is background, not an obstacle."""
    width, height = _size(slide)
    return [p.rect for p in template_shapes(slide)
            if p.rect.width * p.rect.height < BACKGROUND_SHARE * width * height]


def shown_template_texts(slide: Slide) -> list[str]:
    """Text the template's own (non-placeholder) shapes show on the slide: sample text."""
    return [t for p in template_shapes(slide) if (t := _text_of(p.element))]


def _added(slide: Slide) -> Iterator[Placed]:
    """The shapes the writer added: every leaf shape but the text placeholders the
    layout provides (a table, chart or picture put into a placeholder counts as added)."""
    for placed in walk(slide.shapes):
        if not _layout_text_placeholder(placed):
            yield placed


def _layout_text_placeholder(placed: Placed) -> bool:
    return placed.shape.is_placeholder and etree.QName(placed.element).localname == "sp"


def over_obstacles(prs: Prs) -> list[str]:
    """Shapes added on slides (tables, charts, text boxes, chips) that intersect a logo,
    band or other graphic of the template."""
    bad = []
    for n, slide in enumerate(prs.slides, 1):
        obs = obstacles(slide)
        for placed in _added(slide):
            bad += [f"{_where(n, slide)}: {placed.rect} over the template's {o}"
                    for o in obs if placed.rect.intersects(o)]
    return bad


def over_title(prs: Prs) -> list[str]:
    """Shapes added on slides that intersect the slide's own title placeholder."""
    bad = []
    for n, slide in enumerate(prs.slides, 1):
        title = slide.shapes.title
        if title is None or title.left is None:
            continue
        box = Rect(title.left, title.top, title.width, title.height, title.name)
        bad += [f"{_where(n, slide)}: {p.rect} over the title {box}"
                for p in _added(slide) if p.rect.intersects(box)]
    return bad


# --- Colours ----------------------------------------------------------------------------------

SYSTEM = {"windowText": "000000", "window": "FFFFFF", "btnFace": "F0F0F0",
          "btnText": "000000", "menuText": "000000", "captionText": "000000"}
PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000",
          "blue": "0000FF", "yellow": "FFFF00", "gray": "808080", "grey": "808080",
          "darkGray": "A9A9A9", "lightGray": "D3D3D3", "navy": "000080", "orange": "FFA500"}
MAPPED = ("bg1", "tx1", "bg2", "tx2", "accent1", "accent2", "accent3", "accent4", "accent5",
          "accent6", "hlink", "folHlink")


@dataclass
class Palette:
    """What scheme colours mean on one slide: its colour map and its master's theme."""

    clr_map: dict[str, str]
    scheme: dict[str, str]
    theme: etree._Element


def _chain(holder: Slide | SlideLayout | SlideMaster) -> list:
    """The slide, its layout and master (or the layout and master; or the master)."""
    chain = [holder]
    while not isinstance(chain[-1], SlideMaster):
        chain.append(chain[-1].slide_layout if isinstance(chain[-1], Slide)
                     else chain[-1].slide_master)
    return chain


def _theme(master: SlideMaster) -> etree._Element:
    return etree.fromstring(master.part.part_related_by(RT.THEME).blob)


def palette(holder: Slide | SlideLayout | SlideMaster) -> Palette:
    """The colour map (master's ``p:clrMap``, overridden by the layout's then the slide's
    ``p:clrMapOvr``) and the theme's colour scheme, for a slide, layout or master."""
    chain = _chain(holder)
    master = chain[-1]
    clr_map = dict(master._element.find(qn("p:clrMap")).attrib)
    for part in reversed(chain[:-1]):
        override = _x(part._element, "./p:clrMapOvr/a:overrideClrMapping")
        if override:
            clr_map = dict(override[0].attrib)
    theme = _theme(master)
    scheme = {}
    for slot in _x(theme, ".//a:clrScheme/*"):
        base = slot[0]
        scheme[etree.QName(slot).localname] = _base_rgb(base, None, {})
    return Palette(clr_map, scheme, theme)


def _hex(r: float, g: float, b: float) -> str:
    return "".join(f"{min(max(round(v), 0), 255):02X}" for v in (r, g, b))


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16)


def _base_rgb(el, pal: Palette | None, ph: dict) -> str | None:
    kind = etree.QName(el).localname
    if kind == "srgbClr":
        return el.get("val").upper()
    if kind == "sysClr":
        return (el.get("lastClr") or SYSTEM.get(el.get("val"), "000000")).upper()
    if kind == "prstClr":
        return PRESET.get(el.get("val"))
    if kind == "scrgbClr":
        lin = [int(el.get(k)) / 100000 for k in ("r", "g", "b")]
        return _hex(*(255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)
                      for c in lin))
    if kind == "hslClr":
        h, s, l_ = (int(el.get("hue")) / 21600000, int(el.get("sat")) / 100000,
                    int(el.get("lum")) / 100000)
        return _hex(*(255 * c for c in colorsys.hls_to_rgb(h, l_, s)))
    if kind == "schemeClr" and pal is not None:
        val = el.get("val")
        if val == "phClr":
            return ph.get("phClr")
        if val in MAPPED:
            val = pal.clr_map.get(val, val)
        return pal.scheme.get({"bg1": "lt1", "tx1": "dk1", "bg2": "lt2",
                               "tx2": "dk2"}.get(val, val))
    return None


def _modified(rgb: str, el) -> str:
    """lumMod/lumOff (in HSL), tint (towards white) and shade (towards black), in order;
    approximately as Office applies them."""
    r, g, b = (c / 255 for c in _rgb(rgb))
    for mod in el:
        kind, val = etree.QName(mod).localname, mod.get("val")
        if val is None:
            continue
        v = int(val) / 100000
        if kind in ("lumMod", "lumOff"):
            h, l_, s = colorsys.rgb_to_hls(r, g, b)
            l_ = l_ * v if kind == "lumMod" else l_ + v
            r, g, b = colorsys.hls_to_rgb(h, min(max(l_, 0.0), 1.0), s)
        elif kind == "tint":
            r, g, b = (c + (1 - c) * (1 - v) for c in (r, g, b))
        elif kind == "shade":
            r, g, b = (c * v for c in (r, g, b))
    return _hex(r * 255, g * 255, b * 255)


def colour(el, pal: Palette, ph: str | None = None) -> str | None:
    """The RGB hex of a DrawingML colour element (``a:srgbClr``, ``a:schemeClr``…) on a
    slide, ``ph`` standing for ``phClr`` in a theme's fill styles."""
    base = _base_rgb(el, pal, {"phClr": ph} if ph else {})
    return None if base is None else _modified(base, el)


def fill_colours(fill, pal: Palette, ph: str | None = None) -> list[str] | None:
    """The colours a fill element paints: one for a solid fill, the stops of a gradient,
    [] for no fill; None for a picture or pattern (not a colour one can check)."""
    kind = etree.QName(fill).localname
    if kind == "noFill":
        return []
    if kind == "solidFill":
        return [c for c in (colour(fill[0], pal, ph),) if c] if len(fill) else []
    if kind == "gradFill":
        return [c for gs in _x(fill, "./a:gsLst/a:gs") if (c := colour(gs[0], pal, ph))]
    return None


def _background_fill(slide: Slide | SlideLayout | SlideMaster, pal: Palette
                     ) -> list[str] | None:
    """The effective background's colours: one for a solid fill, a gradient's stops, None
    for a picture or pattern; the first ``p:bg`` of slide, layout, master."""
    chain = _chain(slide)
    bg = next((b for h in chain if (b := h._element.find(qn("p:cSld")).find(qn("p:bg")))
               is not None), None)
    if bg is None:
        return ["FFFFFF"]
    pr = bg.find(qn("p:bgPr"))
    if pr is not None:
        fill = _fill_element(pr)
        found = fill_colours(fill, pal) if fill is not None else []
        return found if found != [] else ["FFFFFF"]
    ref = bg.find(qn("p:bgRef"))
    idx = int(ref.get("idx"))
    ph = colour(ref[0], pal) if len(ref) else None
    if idx == 0:
        return ["FFFFFF"]
    styles = _x(pal.theme, ".//a:fmtScheme/a:bgFillStyleLst/*" if idx >= 1001
                else ".//a:fmtScheme/a:fillStyleLst/*")
    pos = idx - 1001 if idx >= 1001 else idx - 1
    if pos >= len(styles):
        return [ph] if ph else None
    return fill_colours(styles[pos], pal, ph)


def background_rgb(slide: Slide | SlideLayout | SlideMaster) -> str | None:
    """The effective background colour (slide → layout → master), theme references and
    colour maps resolved; None for a picture, gradient or pattern background."""
    found = _background_fill(slide, palette(slide))
    return found[0] if found is not None and len(found) == 1 else None


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a_hex: str, b_hex: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((_luminance(a_hex), _luminance(b_hex)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def needed(size_pt: float | None, bold: bool) -> float:
    """WCAG AA: 4.5, or 3.0 for large text (≥ 18 pt, or ≥ 14 pt bold). Unknown size:
    taken as small."""
    large = size_pt is not None and (size_pt >= 18 or (bold and size_pt >= 14))
    return AA_LARGE if large else AA


# --- Contrast of what the writer added ------------------------------------------------------


@dataclass
class Behind:
    """What lies behind the shapes of one slide: the background, then the filled template
    shapes and the writer's filled shapes, in drawing order."""

    background: list[str] | None
    layers: list[tuple[Rect, list[str] | None]]

    def at(self, rect: Rect) -> list[str] | None:
        """Colours behind the centre of ``rect``: the topmost filled shape there, else the
        background. None: a picture (no colour to check against)."""
        cx, cy = rect.left + rect.width / 2, rect.top + rect.height / 2
        for box, colours in reversed(self.layers):
            if box.contains_point(cx, cy):
                return colours
        return self.background


def _own_fill(el, pal: Palette) -> list[str] | None:
    """A shape's own fill: its colours, [] when transparent, None for a picture fill."""
    kind = etree.QName(el).localname
    if kind == "pic":
        return None
    fill = _fill_element(el.find(qn("p:spPr")))
    if fill is not None:
        return fill_colours(fill, pal)
    ref = _x(el, "./p:style/a:fillRef")
    if ref and ref[0].get("idx") != "0" and len(ref[0]):
        found = colour(ref[0][0], pal)
        return [found] if found else None
    return []


def _run_colour(run, body) -> tuple[etree._Element | None, float | None, bool]:
    """A run's explicit colour element, size (pt) and boldness: its own properties, else
    its text body's list style (explicit in the shape too)."""
    level = _x(run, "../a:pPr/@lvl")
    lvl = int(level[0]) + 1 if level else 1
    sources = [run.find(qn("a:rPr")), *_x(body, f"./a:lstStyle/a:lvl{lvl}pPr/a:defRPr")]
    fill = next((s.find(qn("a:solidFill")) for s in sources
                 if s is not None and s.find(qn("a:solidFill")) is not None), None)
    size = next((int(s.get("sz")) / 100 for s in sources if s is not None and s.get("sz")),
                None)
    bold = next((s.get("b") in ("1", "true") for s in sources
                 if s is not None and s.get("b") is not None), False)
    return (fill[0] if fill is not None and len(fill) else None), size, bold


def _check_runs(body, behind: list[str] | None, pal: Palette, where: str,
                explicit: bool = True) -> list[str]:
    """Each run's colour against ``behind``; a run without one fails when ``explicit``
    (and is skipped otherwise: it inherits the template's)."""
    bad = []
    for run in _x(body, ".//a:p/a:r | .//a:p/a:fld"):
        text = "".join(_x(run, "./a:t/text()")).strip()
        if not text:
            continue
        el, size, bold = _run_colour(run, body)
        label = f"{where} text '{text[:30]}'"
        if el is None:
            if explicit:
                bad.append(f"{label}: no explicit colour")
            continue
        fg = colour(el, pal)
        if fg is None or behind is None:
            bad.append(f"{label}: colour or what lies behind cannot be resolved")
            continue
        need = needed(size, bold)
        for bg in behind:
            ratio = contrast(fg, bg)
            if ratio < need:
                bad.append(f"{label}: #{fg} on #{bg} is {ratio:.2f}:1 < {need}:1")
    return bad


CHART_TEXT = {"title": "./c:chart/c:title", "legend": "./c:chart/c:legend",
              "axis": "./c:chart/c:plotArea/*[self::c:catAx or self::c:valAx or self::c:dateAx"
                      " or self::c:serAx][not(c:delete[@val='1'])]",
              "axis title": "./c:chart/c:plotArea/*/c:title",
              "data labels": ".//c:dLbls[c:showVal[@val='1'] or c:showCatName[@val='1'] or "
                             "c:showSerName[@val='1'] or c:showPercent[@val='1'] or "
                             "c:showBubbleSize[@val='1'] or c:dLbl]"}


def _chart_failures(placed: Placed, behind: Behind, pal: Palette, where: str) -> list[str]:
    """Each text element of a chart (title, legend, axes, data labels): its colour (its
    own, else the chart's ``c:txPr``) against the chart's fill, else what lies behind."""
    space = placed.shape.chart._chartSpace
    fill = _fill_element(space.find(_q("c:spPr")))
    ground = fill_colours(fill, pal) if fill is not None else []
    ground = ground if ground != [] else behind.at(placed.rect)
    overall = _x(space, "./c:txPr//a:defRPr")
    bad = []
    for kind, path in CHART_TEXT.items():
        for el in _x(space, path):
            runs = _x(el, "./c:tx/c:rich//a:r")
            props = [*(r.find(qn("a:rPr")) for r in runs), *_x(el, "./c:tx/c:rich//a:defRPr"),
                     *_x(el, "./c:txPr//a:defRPr"), *overall]
            props = [p for p in props if p is not None]
            fill_el = next((p.find(qn("a:solidFill")) for p in props
                            if p.find(qn("a:solidFill")) is not None), None)
            size = next((int(p.get("sz")) / 100 for p in props if p.get("sz")), None)
            bold = next((p.get("b") == "1" for p in props if p.get("b") is not None), False)
            text = "".join(_x(el, ".//a:t/text()"))[:30] or kind
            label = f"{where} chart {kind} '{text}'"
            if fill_el is None or not len(fill_el):
                bad.append(f"{label}: no explicit colour")
                continue
            fg = colour(fill_el[0], pal)
            if fg is None or ground is None:
                bad.append(f"{label}: colour or what lies behind cannot be resolved")
                continue
            need = needed(size, bold)
            bad += [f"{label}: #{fg} on #{bg} is {contrast(fg, bg):.2f}:1 < {need}:1"
                    for bg in ground if contrast(fg, bg) < need]
    return bad


def contrast_failures(prs: Prs) -> list[str]:
    """Every text run of every added shape and table cell, and every chart's text: an
    explicit colour that reaches WCAG AA against what lies behind it (the cell's fill,
    else the shape's own fill, else the topmost filled shape under it — the template's
    bands included — else the slide background). Runs of the layout's text placeholders
    (title, body) may inherit the template's colours; those given one are checked too."""
    bad = []
    for n, slide in enumerate(prs.slides, 1):
        pal = palette(slide)
        behind = Behind(_background_fill(slide, pal),
                        [(p.rect, _own_fill(p.element, pal)) for p in template_shapes(slide)
                         if p.rect.width * p.rect.height > 0
                         and _own_fill(p.element, pal) != []])
        for placed in walk(slide.shapes):
            el, where = placed.element, f"{_where(n, slide)}: '{placed.shape.name}'"
            if getattr(placed.shape, "has_chart", False) and placed.shape.has_chart:
                bad += _chart_failures(placed, behind, pal, where)
            elif getattr(placed.shape, "has_table", False) and placed.shape.has_table:
                under = behind.at(placed.rect)
                for r, tr in enumerate(_x(el, ".//a:tbl/a:tr")):
                    for c, tc in enumerate(_x(tr, "./a:tc")):
                        fill = _fill_element(tc.find(qn("a:tcPr")))
                        cell = fill_colours(fill, pal) if fill is not None else []
                        bad += _check_runs(tc.find(qn("a:txBody")),
                                           cell if cell != [] else under, pal,
                                           f"{where} cell ({r}, {c})")
            body = el.find(qn("p:txBody"))
            own = _own_fill(el, pal)
            if body is not None:
                bad += _check_runs(body, own if own != [] else behind.at(placed.rect), pal,
                                   where, explicit=not _layout_text_placeholder(placed))
            if own != [] and etree.QName(el).localname != "graphicFrame":
                behind.layers.append((placed.rect, own))
    return bad


# --- Text -------------------------------------------------------------------------------------


def texts(prs: Prs) -> list[str]:
    """All text of all slides: shapes, table cells, chart titles, categories and series
    names (what "every project and every milestone is in the deck" looks for)."""
    out = []
    for slide in prs.slides:
        for placed in walk(slide.shapes):
            shape = placed.shape
            if getattr(shape, "has_chart", False) and shape.has_chart:
                space = shape.chart._chartSpace
                out += ["".join(_x(t, ".//a:t/text()")) for t in _x(space, ".//c:title")]
                out += _x(space, ".//c:cat//c:v/text() | .//c:tx//c:v/text()")
                out += _x(space, ".//c:dLbl//a:t/text()")
            elif getattr(shape, "has_table", False) and shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
            elif shape.has_text_frame:
                out.append(shape.text_frame.text)
    return [t for t in out if t]


# Readers of a written deck, for the tests.

def titles(prs: Prs) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]


def slide_titled(prs, start: str):
    """The first slide whose title starts so (slides move as the deck grows)."""
    return next(s for s in prs.slides if s.shapes.title is not None
                and s.shapes.title.text.startswith(start))


def tables_of(slide):
    return [[[c.text for c in row.cells] for row in shape.table.rows]
            for shape in slide.shapes if shape.has_table]


def charts_of(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]
