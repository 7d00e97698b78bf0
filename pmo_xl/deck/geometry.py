"""Where the deck may draw on a template's slide: below the title, off the logos and bands.

A company template puts logos in corners, coloured bands under the title or along the
bottom, and sometimes sample text; the content area is the slide less the title and
the rectangles of what the layout and its master draw (a shape covering the whole slide
is background, not an obstacle). Everything the deck places stays inside that area.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.shapes import PP_PLACEHOLDER

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_FILLS = ("solidFill", "gradFill", "blipFill", "pattFill")


@dataclass(frozen=True)
class Rect:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def area(self) -> int:
        return max(self.width, 0) * max(self.height, 0)

    def overlap(self, other: Rect) -> int:
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return w * h if w > 0 and h > 0 else 0

    def inside(self, other: Rect) -> bool:
        return (self.width > 0 and self.height > 0 and self.left >= other.left
                and self.top >= other.top and self.right <= other.right
                and self.bottom <= other.bottom)


_XFRM_PATHS = (f"{_P}spPr/{_A}xfrm", f"{_P}xfrm", f"{_P}grpSpPr/{_A}xfrm")


def xml_rect(el) -> Rect | None:
    """A shape element's own rectangle from its XML, None when it has none (a placeholder
    placed by its layout): what ``rect_of`` reads, without python-pptx's proxies (a deck
    of 300 slides checks ~3,000 shapes)."""
    for path in _XFRM_PATHS:
        xfrm = el.find(path)
        if xfrm is not None:
            off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
            if off is None or ext is None:
                return None
            return Rect(int(off.get("x")), int(off.get("y")), int(ext.get("cx")),
                        int(ext.get("cy")))
    return None


def rect_of(shape) -> Rect | None:
    if None in (shape.left, shape.top, shape.width, shape.height):
        return None
    return Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def title_of(layout):
    """The layout's title placeholder (a centred title counts), or None."""
    return next((ph for ph in layout.placeholders
                 if ph.placeholder_format.type in TITLE_TYPES), None)


def _visible(shape) -> bool:
    """Whether a non-placeholder shape of a layout or master shows on the slides."""
    el = shape._element
    tag = el.tag.rsplit("}", 1)[-1]
    if tag in ("pic", "graphicFrame", "grpSp", "cxnSp", "contentPart"):
        return True
    if shape.has_text_frame and shape.text_frame.text.strip():
        return True
    sp_pr = el.find(f"{_P}spPr")
    if sp_pr is not None:
        if any(sp_pr.find(f"{_A}{f}") is not None for f in _FILLS):
            return True
        line = sp_pr.find(f"{_A}ln")
        if line is not None and line.find(f"{_A}noFill") is None and len(line):
            return True
        if sp_pr.find(f"{_A}noFill") is not None:
            return False
    style = el.find(f"{_P}style/{_A}fillRef")  # PowerPoint's drawn shapes: themed fill
    return style is not None and style.get("idx", "0") != "0"


def has_sample_text(layout) -> bool:
    """Text the template's author left on a layout ("Subtitle goes here"): never under
    generated content."""
    return any(not s.is_placeholder and s.has_text_frame and s.text_frame.text.strip()
               for s in layout.shapes)


def obstacles(layout, width: int, height: int) -> list[Rect]:
    """What the layout and (unless the layout hides them) its master draw on every slide:
    pictures, bands, lines, text; full-slide shapes are background."""
    holders = [layout]
    if layout.element.get("showMasterSp", "1") not in ("0", "false"):
        holders.append(layout.slide_master)
    found = []
    for holder in holders:
        for shape in holder.shapes:
            if shape.is_placeholder or not _visible(shape):
                continue
            r = rect_of(shape)
            if r is None or r.area == 0 or r.area >= 0.9 * width * height:
                continue
            found.append(r)
    return found


def content_area(layout, width: int, height: int) -> Rect:
    """The largest area below the layout's title free of its (and its master's) shapes,
    within margins of the slide's edges."""
    margin_x, margin_b, gap = max(width // 30, 91440), max(height // 25, 91440), height // 50
    title = title_of(layout)
    t = rect_of(title) if title is not None else None
    top = t.bottom + gap if t is not None else height // 8
    left = margin_x if t is None or t.left >= width // 3 else max(t.left, margin_x // 2)
    right = width - margin_x if t is None or t.right <= 2 * width // 3 else \
        min(t.right, width - margin_x // 2)
    area = Rect(left, top, right - left, height - margin_b - top)
    blocks = obstacles(layout, width, height)
    for _ in range(2 * len(blocks) + 1):
        hit = [b for b in blocks if b.overlap(area)]
        if not hit:
            break
        b = max(hit, key=area.overlap)
        options = [Rect(area.left, b.bottom + gap, area.width, area.bottom - b.bottom - gap),
                   Rect(area.left, area.top, area.width, b.top - gap - area.top),
                   Rect(b.right + gap, area.top, area.right - b.right - gap, area.height),
                   Rect(area.left, area.top, b.left - gap - area.left, area.height)]
        area = max(options, key=lambda r: r.area)
        if area.area == 0:
            break
    return area
